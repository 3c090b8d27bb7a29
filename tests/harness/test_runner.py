"""bench/harness/runner.py: crashes, hangs, missing frameworks and interruptions keep the run going or its cells safe."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes import HELPERS, cells, fake_options

from bench.data import load_run
from bench.harness.runner import Runner


def _statuses(path: Path) -> list[tuple[str, str]]:
    run = load_run(path)  # the file passes the run model (bench check)
    return [(r.workload, r.status.value) for r in run.results]


def test_crashes_and_errors_are_recorded_and_the_run_goes_on(tmp_path, fake_framework, capsys):
    order = ["tiny", "segfault", "exit", "oom", "boom", "nope", "tiny2"]
    path = Runner(fake_options(tmp_path, order)).run()
    run = load_run(path)
    assert run.complete
    assert _statuses(path) == [("tiny", "ok"), ("segfault", "error"), ("exit", "error"), ("oom", "oom"),
                               ("boom", "error"), ("nope", "unsupported"), ("tiny2", "ok")]
    reasons = {r.workload: r.reason for r in run.results}
    assert reasons["segfault"].startswith("worker killed by signal SIGSEGV")
    assert reasons["exit"].startswith("worker exited with code 3")
    assert reasons["boom"] == "ValueError: a bug in the model"
    ok = run.results[0]
    assert ok.median_s and ok.iqr_s is not None and ok.ci95_s[0] <= ok.median_s <= ok.ci95_s[1]
    assert ok.throughput == pytest.approx(2 / ok.median_s)
    assert ok.params == 7 and ok.flops_per_step > 0 and ok.tflops > 0 and ok.peak_memory_bytes == 1234
    assert run.frameworks[0].version == "0.0-fake" and run.frameworks[0].import_time_s >= 0
    out = capsys.readouterr()
    assert "fake       tiny2" in out.out  # the summary table
    assert "7/7" in out.err  # the progress


def test_missing_framework_is_recorded_and_the_next_framework_runs(tmp_path, fake_framework):
    chosen = cells("missing", ["tiny", "tiny2"]) + cells("fake", ["tiny"])
    path = Runner(fake_options(tmp_path, [], cells=chosen)).run()
    run = load_run(path)
    assert run.complete
    assert [(r.framework, r.status.value) for r in run.results] == [("missing", "error"), ("missing", "error"), ("fake", "ok")]
    assert run.results[0].reason == "not installed: no_such_framework_pkg (Missing) cannot be imported in this environment"
    missing = next(f for f in run.frameworks if f.id == "missing")
    assert not missing.available and missing.reason.startswith("not installed")


def test_a_hung_cell_is_killed_at_the_cell_timeout(tmp_path, fake_framework):
    path = Runner(fake_options(tmp_path, ["hang", "tiny"], cell_timeout_s=2.0)).run()
    run = load_run(path)
    assert _statuses(path) == [("hang", "error"), ("tiny", "ok")]
    assert "no answer within 2 s" in run.results[0].reason


def test_time_budget_leaves_an_incomplete_file(tmp_path, fake_framework, monkeypatch):
    monkeypatch.setenv("BENCHTEST_SLOW_S", "0.8")  # the slow cell takes 5 steps: 4 s, past the budget
    path = Runner(fake_options(tmp_path, ["slow", "tiny", "tiny2"], time_budget_s=3.0)).run()
    run = load_run(path)
    assert not run.complete
    assert [r.workload for r in run.results] == ["slow"]
    assert "time budget" in run.settings["stopped"] and "2 of 3" in run.settings["stopped"]
    assert run.settings["cells_not_run"] == ["fake tiny train fp32 eager b2", "fake tiny2 train fp32 eager b2"]


def _start_driver(tmp_path: Path, workloads: str) -> subprocess.Popen:
    env = dict(os.environ, BENCHTEST_SLOW_S="30", PYTHONPATH=os.pathsep.join([str(HELPERS), os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, str(HELPERS / "drive_runner.py"), str(tmp_path), workloads],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for_cells(path: Path, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and len(json.loads(path.read_text())["results"]) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never held {count} cell(s)")


def _worker_pids(parent: int) -> list[int]:
    import psutil

    return [child.pid for child in psutil.Process(parent).children(recursive=True)]


def test_sigint_keeps_finished_cells_and_marks_the_file_incomplete(tmp_path):
    proc = _start_driver(tmp_path, "tiny,tiny2,slow,tiny")
    path = Path(proc.stdout.readline().strip())
    _wait_for_cells(path, 2)
    time.sleep(0.5)  # inside the slow cell
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    run = load_run(path)
    assert not run.complete
    assert [(r.workload, r.status.value) for r in run.results] == [("tiny", "ok"), ("tiny2", "ok")]
    assert "interrupted" in run.settings["stopped"]


def test_a_killed_worker_loses_one_cell_only(tmp_path):
    proc = _start_driver(tmp_path, "tiny,slow,tiny2")
    path = Path(proc.stdout.readline().strip())
    _wait_for_cells(path, 1)
    time.sleep(0.5)
    for pid in _worker_pids(proc.pid):
        os.kill(pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == 0
    run = load_run(path)
    assert run.complete
    assert [(r.workload, r.status.value) for r in run.results] == [("tiny", "ok"), ("slow", "error"), ("tiny2", "ok")]
    assert "SIGKILL" in run.results[1].reason


def test_sigterm_to_the_parent_is_an_interruption(tmp_path):
    proc = _start_driver(tmp_path, "tiny,slow")
    path = Path(proc.stdout.readline().strip())
    _wait_for_cells(path, 1)
    time.sleep(0.5)
    workers = _worker_pids(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130
    run = load_run(path)
    assert not run.complete and [r.workload for r in run.results] == ["tiny"]
    time.sleep(0.2)
    import psutil

    assert not [pid for pid in workers if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]


def test_each_framework_can_have_its_own_interpreter(tmp_path, fake_framework):
    chosen = cells("fake", ["tiny"]) + cells("missing", ["tiny"])
    options = fake_options(tmp_path, [], cells=chosen, pythons={"fake": sys.executable, "missing": str(tmp_path / "no-python")})
    run = load_run(Runner(options).run())
    fake, missing = run.frameworks
    assert fake.python == sys.executable and fake.available
    assert not missing.available and missing.reason.startswith("cannot start")
    assert [r.status.value for r in run.results] == ["ok", "error"]


def test_the_run_file_passes_bench_check(tmp_path, fake_framework, capsys):
    from bench.check import main

    runs = tmp_path / "runs"
    path = Runner(fake_options(runs, ["tiny", "oom"])).run()
    assert main([str(path)]) == 0
