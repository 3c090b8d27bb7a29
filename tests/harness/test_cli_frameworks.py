"""`bench run --frameworks`: a registered framework that is not installed is recorded cell by cell, and the run goes on."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bench.cli import main


def _python_without(package: str) -> str:
    """An interpreter on this machine that cannot import ``package`` (the worker needs only the standard library)."""
    for candidate in (shutil.which("python3"), "/usr/bin/python3"):
        if candidate and subprocess.run([candidate, "-c", f"import {package}"], capture_output=True,
                                        check=False).returncode != 0:
            return candidate
    pytest.skip(f"every interpreter here has {package}")


def test_jax_not_installed_is_recorded_in_every_cell_naming_the_framework(tmp_path, capsys):
    python = _python_without("jax")
    code = main(["run", "--device", "cpu", "--quick", "--frameworks", "jax", "--workloads", "alexnet,lstm",
                 "--precision", "fp32", "--python", f"jax={python}", "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    (path,) = tmp_path.glob("*.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["complete"] and len(doc["results"]) == 4  # 2 workloads x 2 phases, jit only
    reasons = {r["reason"] for r in doc["results"]}
    assert reasons == {"not installed: jax (JAX) cannot be imported in this environment"}
    assert all(r["status"] == "error" and r["mode"] == "jit" for r in doc["results"])
    (info,) = doc["frameworks"]
    assert (info["id"], info["available"], info["reason"]) == (
        "jax", False, "not installed: jax (JAX) cannot be imported in this environment")
    assert info["python"] not in json.dumps(doc["results"])  # the interpreter is said once, in frameworks
