"""Anything `bench check` accepts builds: the edge values of every limit, in one build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from sitebuild import REPO, copy_data, current_ratings, dump_yaml, make_project, run_build

from bench.data.models import ID_MAX, LINE_MAX, NAME_MAX
from bench.data.runs import DEVICE_KIND_MAX, DEVICE_NAME_MAX

pytestmark = pytest.mark.slow


def test_the_edge_values_bench_check_accepts_still_build(tmp_path):
    """Anything `bench check` accepts builds: the longest names, an unknown framework and workload in a run.

    One build, of a data copy that carries every edge value at once; `bench check`
    must accept the copy first (else the test would prove nothing).
    """
    data = copy_data(tmp_path / "data")
    path = current_ratings(data)
    ratings = yaml.safe_load(path.read_text(encoding="utf-8"))
    modeling = ratings["areas"]["modeling"]
    modeling["summary"]["en"] = ("Long summary " * LINE_MAX)[:LINE_MAX]
    modeling["evidence"][0]["title"]["zh"] = ("很长的标题" * LINE_MAX)[:LINE_MAX]
    modeling["rationale"]["en"] += "\n\n\tA tab-indented line, kept as written.\n"
    dump_yaml(path, ratings, "../../schema/ratings.schema.json")

    frameworks_path = data / "frameworks.yaml"
    frameworks = yaml.safe_load(frameworks_path.read_text(encoding="utf-8"))
    entry = next(f for f in frameworks["frameworks"] if f["id"] == ratings["framework"])
    entry["name"] = ("Framework Name " * NAME_MAX)[: NAME_MAX - 1] + "x"
    entry["license"] = "L" * NAME_MAX
    dump_yaml(frameworks_path, frameworks, "schema/frameworks.schema.json")

    source = min((data / "runs").glob("*.json"), key=lambda p: p.stat().st_size)
    run = json.loads(source.read_text(encoding="utf-8"))
    run["device"]["kind"] = "k" * DEVICE_KIND_MAX
    run["device"]["name"] = ("Very Long Accelerator Name 2000 " * DEVICE_NAME_MAX)[: DEVICE_NAME_MAX - 1] + "Z"
    unknown = "f" * ID_MAX  # a framework data/frameworks.yaml does not list (the JAX case): shown by its id
    run["frameworks"].append({"id": unknown, "available": True, "version": "0.0.1"})
    cell = dict(next(r for r in run["results"] if r["status"] == "ok"))
    cell.update(framework=unknown, workload="w" * ID_MAX)
    failed = dict(cell, status="error", reason="Traceback (most recent call last):\n\tline two\nError: three", framework="pytorch")
    for key in ("samples_s", "median_s", "iqr_s", "ci95_s"):
        failed.pop(key, None)
    run["results"] += [cell, failed]
    run["settings"]["note"] = "n" * 500
    (data / "runs" / "20260101T000000Z_edge-case-device.json").write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n",
                                                                           encoding="utf-8")

    check = subprocess.run([sys.executable, "-m", "bench", "check", "--data", str(data)],
                           check=False, cwd=REPO, capture_output=True, text=True)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout + check.stderr

    build = run_build(make_project(tmp_path), data, tmp_path / "site")
    assert build.returncode == 0, build.output[-5000:]
    assert "Traceback" not in build.output
    pages = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "site").rglob("*.html"))
    assert unknown in pages and run["device"]["name"] in pages
