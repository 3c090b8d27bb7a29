"""bench/harness/runfile.py: file names, validation before writing, atomic replacement."""

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from bench.harness import runfile
from bench.harness.runfile import RUN_SCHEMA_VERSION


def _doc(**over):
    doc = {
        "schema_version": RUN_SCHEMA_VERSION, "complete": False, "started_at": "2026-11-26T05:12:00+00:00", "harness": {"version": "0.1.0"},
        "command": "python -m bench run --quick", "host": {"os": "Linux", "python": "CPython 3.11"},
        "device": {"kind": "cpu", "name": "cpu"}, "frameworks": [], "settings": {}, "results": [],
    }
    doc.update(over)
    return doc


def test_file_name_is_utc_timestamp_and_device():
    started = dt.datetime(2026, 11, 26, 13, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert runfile.file_name(started, "cpu") == "20261126T051200Z_cpu.json"
    assert runfile.file_name(started, "h200") == "20261126T051200Z_h200.json"


def test_new_path_never_reuses_a_name(tmp_path):
    started = dt.datetime(2026, 11, 26, 5, 12, tzinfo=dt.UTC)
    first = runfile.new_path(tmp_path, started, "cpu")
    first.write_text("{}")
    assert runfile.new_path(tmp_path, started, "cpu").name == "20261126T051200Z_cpu-2.json"


def test_write_run_validates_first(tmp_path):
    path = tmp_path / "runs" / "x.json"
    runfile.write_run(path, _doc())
    assert json.loads(path.read_text())["complete"] is False
    with pytest.raises(ValidationError):
        runfile.write_run(path, _doc(results=[{"framework": "pytorch", "workload": "alexnet", "phase": "train", "precision": "fp32",
                                               "mode": "eager", "batch_size": 1, "status": "error"}]))  # no reason
    assert json.loads(path.read_text())["complete"] is False  # the old file stands


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "run.json"
    runfile.write_atomic(path, "old\n")

    def broken_replace(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        runfile.write_atomic(path, "new\n")
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["run.json"]


def test_a_written_file_is_whole_and_readable_by_others(tmp_path):
    path = tmp_path / "run.json"
    runfile.write_run(path, _doc())
    assert json.loads(path.read_text())["schema_version"] == RUN_SCHEMA_VERSION
    assert path.stat().st_mode & 0o044  # not the 0600 of a temporary file


# --- the run model's versions (bench/data/runs.py), on the files the harness writes ---

FIXTURE_V1 = Path(__file__).resolve().parents[1] / "fixtures" / "harness" / "runs" / "20251001T090000Z_h100.json"


def test_v1_file_is_migrated_step_by_step():
    from bench.data import load_run

    raw = json.loads(FIXTURE_V1.read_text())
    assert raw["schema_version"] == 1 and "samples_ms" in raw["results"][0]
    run = load_run(FIXTURE_V1)
    assert run.schema_version == runfile.RUN_SCHEMA_VERSION
    ok = run.results[0]
    assert ok.samples_s == pytest.approx([0.021, 0.0205, 0.0208, 0.0214, 0.0209])
    assert ok.median_s == pytest.approx(0.0209) and ok.iqr_s == pytest.approx(0.0003)
    assert ok.first_step_s == pytest.approx(0.812)
    # v2 -> v3: one process of one-step blocks; its one-process interval is dropped, with the reason
    assert [(p.samples, p.block_steps) for p in ok.processes] == [(5, 1)]
    assert ok.ci95_s is None and "one process" in ok.ci95_note
    assert run.results[1].status.value == "oom" and run.results[1].first_step_s is None


def test_v1_file_passes_bench_check(capsys):
    from bench.check import main

    assert main([str(FIXTURE_V1)]) == 0


def test_a_file_newer_than_the_code_is_refused(tmp_path, capsys):
    from bench.check import main
    from bench.data import DataError, load_run

    doc = json.loads(FIXTURE_V1.read_text())
    doc["schema_version"] = runfile.RUN_SCHEMA_VERSION + 1
    path = tmp_path / "runs" / "20300101T000000Z_cpu.json"
    path.parent.mkdir()
    path.write_text(json.dumps(doc))
    with pytest.raises(DataError, match="newer than this code"):
        load_run(path)
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:1: schema_version {runfile.RUN_SCHEMA_VERSION + 1} is newer than this code")
