"""bench/harness/runner.py: crashes, hangs, missing frameworks and interruptions keep the run going or its cells safe."""

import errno
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
from bench.harness import runfile
from bench.harness.runner import RunFileError, Runner
from bench.harness.workerproc import oom_kills


def _statuses(path: Path) -> list[tuple[str, str]]:
    run = load_run(path)  # the file passes the run model (bench check)
    return [(r.workload, r.status.value) for r in run.results]


def test_crashes_and_errors_are_recorded_and_the_run_goes_on(tmp_path, fake_framework, capsys):
    order = ["tiny", "segfault", "exit", "oom", "hostoom", "boom", "nope", "tiny2"]
    path = Runner(fake_options(tmp_path, order)).run()
    run = load_run(path)
    assert run.complete
    assert _statuses(path) == [("tiny", "ok"), ("segfault", "error"), ("exit", "error"), ("oom", "oom"), ("hostoom", "oom"),
                               ("boom", "error"), ("nope", "unsupported"), ("tiny2", "ok")]
    reasons = {r.workload: r.reason for r in run.results}
    assert reasons["segfault"].startswith("worker killed by signal SIGSEGV")
    assert reasons["exit"].startswith("worker exited with code 3")
    assert reasons["boom"] == "ValueError: a bug in the model"
    ok = run.results[0]
    assert ok.median_s and ok.iqr_s is not None
    assert ok.ci95_s is None and "one process" in ok.ci95_note  # one process: no 95% interval
    assert [(p.samples, p.stopped_by.value) for p in ok.processes] == [(3, "samples")] and ok.processes[0].block_steps >= 1
    assert ok.processes[0].warmup_iters >= 2  # the warm-up step and the block sizing: the worker's count is kept
    assert ok.throughput == pytest.approx(2 / ok.median_s)
    assert ok.params == 7 and ok.flops_per_step > 0 and ok.tflops > 0 and ok.peak_memory_bytes == 1234
    assert run.frameworks[0].version == "0.0-fake" and run.frameworks[0].import_time_s >= 0
    out = capsys.readouterr()
    assert "fake       tiny2" in out.out  # the summary table
    assert "8/8" in out.err  # the progress


def test_repeats_measure_each_cell_in_fresh_processes_round_by_round(tmp_path, fake_framework, capsys):
    path = Runner(fake_options(tmp_path, ["tiny", "boom", "tiny2"], repeats=2)).run()
    run = load_run(path)
    assert run.complete and run.settings["repeats"] == 2
    assert _statuses(path) == [("tiny", "ok"), ("boom", "error"), ("tiny2", "ok")]  # one result per cell
    tiny, _, tiny2 = run.results
    assert [len(r.processes) for r in (tiny, tiny2)] == [2, 2]
    assert len(tiny.samples_s) == sum(p.samples for p in tiny.processes) == 6
    progress = [line.split(" ", 1)[1] for line in capsys.readouterr().err.splitlines() if line.endswith(" ...")]
    # interleaved: every cell once, then every cell again (a failed cell is not measured again)
    assert [line.split()[2] for line in progress] == ["tiny", "boom", "tiny2", "tiny", "tiny2"]


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


class _DiskFills:
    """``runfile.write_atomic`` failing with ENOSPC on the writes that ``fail`` picks (1 = the first)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail) -> None:
        self.real, self.fail, self.calls = runfile.write_atomic, fail, 0
        monkeypatch.setattr(runfile, "write_atomic", self)

    def __call__(self, path, text):
        self.calls += 1
        if self.fail(self.calls):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        self.real(path, text)


ORDER = ["tiny", "tiny2", "nope", "boom"]  # writes: 1 before any cell, 2-5 after each cell, 6 at the end
NOT_RUN = ["fake nope train fp32 eager b2", "fake boom train fp32 eager b2"]


def test_a_write_failure_mid_run_stops_the_run_and_the_file_says_so(tmp_path, fake_framework, monkeypatch, capsys):
    disk = _DiskFills(monkeypatch, lambda n: n == 3)  # the disk is full for the write after tiny2 only
    with pytest.raises(RunFileError) as stopped:
        Runner(fake_options(tmp_path, ORDER)).run()
    (path,) = tmp_path.iterdir()  # no temporary file left beside it
    run = load_run(path)
    assert disk.calls == 4  # no cell measured after the failure: only the last write
    assert not run.complete and [r.workload for r in run.results] == ["tiny", "tiny2"]
    assert run.settings["stopped"] == "could not write the run file: No space left on device; 2 of 4 cell(s) not run"
    assert run.settings["cells_not_run"] == NOT_RUN
    assert str(stopped.value) == (f"cannot write {path}: No space left on device; the run stopped after 2 of 4 cell(s), "
                                  "it keeps them and says the run stopped")
    assert "run INCOMPLETE: could not write the run file: No space left on device" in capsys.readouterr().err


def test_a_disk_that_stays_full_keeps_the_last_file_written(tmp_path, fake_framework, monkeypatch, capsys):
    disk = _DiskFills(monkeypatch, lambda n: n >= 3)
    with pytest.raises(RunFileError) as stopped:
        Runner(fake_options(tmp_path, ORDER)).run()
    (path,) = tmp_path.iterdir()
    run = load_run(path)  # whole and valid: the file of the second write
    assert disk.calls == 4
    assert not run.complete and [r.workload for r in run.results] == ["tiny"] and "stopped" not in run.settings
    assert str(stopped.value) == (f"cannot write {path}: No space left on device; the run stopped after 2 of 4 cell(s), "
                                  "it keeps the 1 written before (complete: false)")
    assert f"; 1 cell(s) in {path}" in capsys.readouterr().err  # the progress tells what the file holds, not what was measured


def test_a_failed_last_write_is_reported_too(tmp_path, fake_framework, monkeypatch, capsys):
    _DiskFills(monkeypatch, lambda n: n == 6)  # every cell written; marking the run complete fails
    with pytest.raises(RunFileError, match="after 4 of 4 cell.s., it keeps the 4 written before .complete: false.$"):
        Runner(fake_options(tmp_path, ORDER)).run()
    (path,) = tmp_path.iterdir()
    assert not load_run(path).complete


def test_an_unwritable_folder_stops_the_run_before_any_worker(tmp_path, fake_framework, monkeypatch):
    _DiskFills(monkeypatch, lambda n: True)
    started = []
    monkeypatch.setattr(Runner, "_start", lambda self, fw: started.append(fw))
    runner = Runner(fake_options(tmp_path / "runs", ORDER))
    with pytest.raises(RunFileError) as stopped:
        runner.run()
    assert str(stopped.value) == f"cannot write {runner.path}: No space left on device; nothing was measured"
    assert started == [] and not runner.scratch.exists()
    assert not (tmp_path / "runs").exists() or not list((tmp_path / "runs").iterdir())


def test_the_kernels_oom_kill_count_is_read_from_the_cgroup(tmp_path):
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "memory.events").write_text("low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n")
    cgroup = tmp_path / "cgroup"
    cgroup.write_text("0::/bench\n")
    assert oom_kills(tmp_path, cgroup) == 2
    cgroup.write_text("4:memory:/v1\n")
    (tmp_path / "memory" / "v1").mkdir(parents=True)
    (tmp_path / "memory" / "v1" / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 5\n")
    assert oom_kills(tmp_path, cgroup) == 5
    assert oom_kills(tmp_path / "none", tmp_path / "no-such-file") is None
