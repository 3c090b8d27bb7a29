"""A framework is one registry entry plus its own modules: a fake one goes from `bench run` to a built page.

The fake (``helpers/benchtest_numpyfw``: NumPy, a linear classifier) is registered here, in the
test, and nowhere else: no file of the project names it. Its run file passes `bench check`, and the
site shows it by its id (data/frameworks.yaml does not know it), with the mode's words as the run
records them and a mode of another class as "does not apply".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.harness import frameworks
from bench.harness.frameworks import Framework, Mode

REPO = Path(__file__).resolve().parents[2]

NUMPYFW = Framework(
    id="numpyfw",
    names={"en": "NumPy (fake)", "zh": "NumPy（假框架）"},
    package="numpy",
    adapter="benchtest_numpyfw",
    modes={"plain": Mode("plain", "eager", {"en": "plain NumPy", "zh": "纯 NumPy"},
                         {"en": "NumPy calls, one by one", "zh": "逐个调用 NumPy"})},
    model_module="benchtest_numpyfw.model",
    support_module="benchtest_numpyfw.support",
    precisions={"fp32": "float32 arrays"},
    extra="none",
)


@pytest.mark.slow  # a run with a worker process, then one site build
def test_a_registered_framework_runs_checks_and_shows_on_the_site(monkeypatch, helpers_on_path, tmp_path, capsys):
    from bench.cli import main
    from bench.site.benchmarks.sandbox import build_site, data_copy

    monkeypatch.setitem(frameworks.FRAMEWORKS, NUMPYFW.id, NUMPYFW)
    out = tmp_path / "out"
    code = main(["run", "--device", "cpu", "--quick", "--frameworks", "numpyfw", "--workloads", "alexnet,lstm",
                 "--phase", "train", "--precision", "fp32,bf16", "--samples", "3", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    (run_file,) = out.glob("*.json")
    doc = json.loads(run_file.read_text(encoding="utf-8"))
    assert doc["complete"] and doc["frameworks"][0]["version"] == np.__version__  # the registry's version probe
    assert doc["settings"]["modes"] == {"numpyfw": {"plain": NUMPYFW.modes["plain"].record()}}
    cells = {(r["workload"], r["precision"]): r for r in doc["results"]}
    assert cells[("alexnet", "fp32")]["status"] == "ok" and cells[("alexnet", "fp32")]["mode"] == "plain"
    assert cells[("alexnet", "bf16")]["reason"] == "NumPy has no bfloat16"
    assert cells[("lstm", "fp32")]["reason"] == "the NumPy model classifies images only"

    data = data_copy(tmp_path / "work", [run_file])
    checked = subprocess.run([sys.executable, "-m", "bench", "check", str(data)], cwd=REPO, capture_output=True, check=False,
                             text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert checked.returncode == 0, checked.stdout + checked.stderr

    build = build_site(data, tmp_path / "work")
    assert build.returncode == 0, build.output[-3000:]
    pages = {lang: "".join(p.read_text(encoding="utf-8") for p in (build.site / prefix / "benchmarks").rglob("*.html"))
             for lang, prefix in (("en", "."), ("zh", "zh"))}
    for lang, label in (("en", "plain NumPy"), ("zh", "纯 NumPy")):
        assert "numpyfw" in pages[lang]  # shown by its id: data/frameworks.yaml does not know it
        assert label in pages[lang]
    assert "bx-not-applicable" not in pages["en"]  # one framework, one mode class: no other mode to rule out
