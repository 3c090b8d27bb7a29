"""A benchmark run: the matrix of cells in rounds of fresh workers, the run file written after each cell.

The parent process imports no framework. Frameworks run one after another
(never two at once, so they do not compete for the device), each in its own
worker process. The whole matrix is measured ``repeats`` times, each round in
new worker processes, so a cell's processes are spread over the run and
interleaved with the other cells; a cell's result holds every process's
samples and record, and its interval comes from the spread between processes
(``stats.Summary.from_processes``). A cell that did not measure in the first
round is not tried again. While a worker measures, the parent reads how busy
the rest of the machine is (``env.LoadProbe``) and flags a contended cell. A cell that fails (error, out of memory, a crashed or hung
worker) is recorded and the run goes on; a crashed worker is started again
for the remaining cells. The run file is rewritten atomically after each
cell with ``complete: false`` and marked complete only at the end; Ctrl-C,
SIGTERM or the time budget leave a valid file that says it is incomplete.
A write that fails (disk full, folder gone) stops the run: the file keeps the
cells written so far, says why it stopped where it still can be written, and
the caller gets one ``RunFileError`` line instead of a chain of tracebacks.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from . import env as envmod
from . import report, stats
from .frameworks import FRAMEWORKS, Framework
from .matrix import QUICK_RULE, Cell
from .runfile import RUN_SCHEMA_VERSION, new_path, write_run
from .timing import Policy
from .workerproc import WorkerDied, WorkerOptions, WorkerProcess


@dataclass
class RunOptions:
    cells: list[Cell]
    workloads: Mapping[str, Any]  # id -> workload spec (params, flops, unit, config)
    device: str  # "cpu" or "cuda", resolved
    policy: Policy
    quick: bool = False
    out_dir: Path = Path("data/runs")
    pythons: dict[str, str] = field(default_factory=dict)  # framework id -> interpreter
    registry: str = "bench.harness.workloads"
    cell_timeout_s: float = 1200.0
    time_budget_s: float | None = None  # start no cell past this
    repeats: int = 1  # rounds: each cell is measured once per round, in a fresh worker process
    threads: int | None = None  # intra-op threads of every framework (None: each framework's default)
    settings: dict[str, Any] = field(default_factory=dict)  # extra, recorded as given
    command: str | None = None
    harness: dict[str, Any] | None = None  # version and commit (env.harness), resolved by the caller; None: read here
    stream: Any = None  # progress (default stderr)


class RunFileError(Exception):
    """The run file could not be written; the message says which file, why, and what the file still holds."""


class _WriteFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


class Runner:
    def __init__(self, options: RunOptions) -> None:
        self.o = options
        self.nvml = envmod.Nvml() if options.device == "cuda" else None
        self.device_info = envmod.device(options.device, self.nvml)
        self.started_at = _utcnow()
        self.path = new_path(options.out_dir, self.started_at, envmod.slug(self.device_info))
        self.scratch = Path(tempfile.mkdtemp(prefix="bench-run-"))
        self.progress = report.Progress(len(options.cells) * options.repeats, stream=options.stream or sys.stderr)
        self.doc = self._document()
        self.worker: WorkerProcess | None = None
        self.answers: dict[tuple, list[dict[str, Any]]] = {}  # cell key -> each process's answer, in order
        self.clocks: dict[tuple, list[Any]] = {}
        self.slots: dict[tuple, int] = {}  # cell key -> its index in results
        self.written = 0  # results in the file on disk, as of its last successful write

    # -- the document ------------------------------------------------------------

    def _document(self) -> dict[str, Any]:
        o = self.o
        settings = {
            "quick": o.quick,
            "device": o.device,
            "policy": o.policy.as_dict(),
            "statistics": stats.METHOD,
            "cell_timeout_s": o.cell_timeout_s,
            "time_budget_s": o.time_budget_s,
            "cells_planned": len(o.cells),
            "batch_sizes": {wl: sorted({c.batch_size for c in o.cells if c.workload == wl}) for wl in o.workloads},
            "shapes": {wl_id: _jsonable(w.config(o.quick)) for wl_id, w in o.workloads.items()},
            "workers": ("one process per framework and round, frameworks one after another; restarted after a crash; "
                        "each round measures every cell once, in fresh processes"),
            "repeats": o.repeats,
            "threads": envmod.thread_settings(o.threads),
            "environment_variables": envmod.environment_variables(),
            # each framework's modes: class (the site's table rows), label and meaning in both languages
            "modes": {fw.id: fw.modes_record() for fw in FRAMEWORKS.values() if any(c.framework == fw.id for c in o.cells)},
            "precisions": {fw.id: dict(fw.precisions) for fw in FRAMEWORKS.values()
                           if any(c.framework == fw.id for c in o.cells)},
        }
        if o.repeats < stats.MIN_PROCESSES:
            settings["repeats_note"] = (f"{o.repeats} process(es) per cell: fewer than the {stats.MIN_PROCESSES} a 95% "
                                        "interval needs, so the cells have none")
        if o.quick:
            settings["quick_rule"] = QUICK_RULE
            settings["shapes_note"] = "quick: tiny shapes (workload.quick_config) and batch sizes, few iterations"
        settings.update(o.settings)
        return {
            "schema_version": RUN_SCHEMA_VERSION,
            "complete": False,
            "started_at": self.started_at.isoformat(),
            "finished_at": None,
            "harness": o.harness or envmod.harness(),
            "command": o.command or envmod.command(),
            "host": envmod.host(),
            "device": self.device_info,
            "frameworks": [],
            "settings": settings,
            "results": [],
        }

    def _write(self) -> None:
        try:
            write_run(self.path, self.doc)
        except OSError as exc:
            raise _WriteFailed(exc.strerror or str(exc)) from None
        self.written = len(self.doc["results"])

    # -- workers -----------------------------------------------------------------

    def _worker_env(self, fw: Framework) -> dict[str, str]:
        env = dict(os.environ)
        root = str(envmod.REPO_ROOT)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        env.setdefault("PYTHONUNBUFFERED", "1")
        return worker_env(fw, env, self.scratch)

    def _start(self, fw: Framework) -> WorkerProcess:
        worker = WorkerProcess(
            fw,
            WorkerOptions(
                device=self.o.device,
                python=self.o.pythons.get(fw.id, sys.executable),
                registry=self.o.registry,
                env=self._worker_env(fw),
                cwd=envmod.REPO_ROOT,
                log_path=self.scratch / f"{fw.id}.log",
                threads=self.o.threads,
            ),
        )
        worker.start()
        return worker

    def _framework_info(self, fw: Framework, hello: dict[str, Any]) -> dict[str, Any]:
        keys = ("version", "build_cuda", "build_cudnn", "loaded_cuda", "loaded_cudnn", "import_time_s", "settings")
        info = {"id": fw.id, "available": bool(hello.get("available")), "python": hello.get("python") or self.o.pythons.get(fw.id, sys.executable)}
        info.update({k: hello[k] for k in keys if hello.get(k) is not None})
        if not info["available"]:
            info["reason"] = hello.get("reason") or "unavailable"
        info["settings"] = _jsonable(info.get("settings", {}))
        return info

    # -- the run -----------------------------------------------------------------

    def run(self) -> Path:
        try:
            self._write()  # before any worker: an unwritable folder costs no measurement
        except _WriteFailed as exc:
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise RunFileError(f"cannot write {self.path}: {exc.reason}; nothing was measured") from None
        old = {sig: signal.signal(sig, _raise_interrupt) for sig in (signal.SIGTERM,)}
        self.progress.begin(self.path)
        started = time.monotonic()
        stopped: str | None = None
        finished = False
        failed: _WriteFailed | None = None  # the first write that failed
        escaping = False  # an exception leaves run(): a failed last write must not replace it
        try:
            for round_index in range(self.o.repeats):
                for fw_id, group in groupby(self.o.cells, key=lambda c: c.framework):
                    stopped = self._round(FRAMEWORKS[fw_id], list(group), round_index, started) or stopped
                    if self.worker is not None:
                        self.worker.stop()
                        self.worker = None
            finished = True
        except _WriteFailed as exc:
            failed = exc
            stopped = f"could not write the run file: {exc.reason}"
        except KeyboardInterrupt as exc:
            escaping = True
            stopped = f"interrupted ({exc.args[0] if exc.args else 'SIGINT'})"
            self.progress.note(f"{stopped}: keeping the {len(self.doc['results'])} finished cell(s)")
            raise
        except BaseException as exc:
            escaping = True
            stopped = f"stopped by {type(exc).__name__}: {exc}"
            raise
        finally:
            if self.worker is not None:
                self.worker.kill()
                self.worker = None
            for sig, handler in old.items():
                signal.signal(sig, handler)
            self.doc["finished_at"] = _utcnow().isoformat()
            if stopped:
                done = {(r["framework"], r["workload"], r["phase"], r["precision"], r["mode"], r["batch_size"]) for r in self.doc["results"]}
                left = [c.label for c in self.o.cells if (c.framework, c.workload, c.phase, c.precision, c.mode, c.batch_size) not in done]
                self.doc["settings"]["stopped"] = f"{stopped}; {len(left)} of {len(self.o.cells)} cell(s) not run"
                self.doc["settings"]["cells_not_run"] = left
            self.doc["complete"] = finished and not stopped
            last_write_failed = False
            try:
                self._write()
            except _WriteFailed as exc:
                last_write_failed = True
                failed = failed or exc
                self.doc["complete"] = False
                self.doc["settings"].setdefault("stopped", f"could not write the run file: {exc.reason}")  # shown, not written
                if escaping:
                    self.progress.note(f"could not write {self.path}: {exc.reason}; it keeps {self.written} cell(s)")
            except Exception:
                if not escaping:
                    raise
            shutil.rmtree(self.scratch / "cache", ignore_errors=True)
            logs = self.scratch if _keep_logs(self.doc) else None
            if logs is None:
                shutil.rmtree(self.scratch, ignore_errors=True)
            # what the file holds: where the last write failed, the cells of the write before
            shown = {**self.doc, "results": self.doc["results"][: self.written]} if last_write_failed else self.doc
            self.progress.end(shown, self.path, logs)
        if failed is not None:
            measured = len(self.doc["results"])
            held = ("it keeps them and says the run stopped" if not last_write_failed
                    else f"it keeps the {self.written} written before (complete: false)")
            raise RunFileError(f"cannot write {self.path}: {failed.reason}; the run stopped after {measured} of "
                               f"{len(self.o.cells)} cell(s), {held}")
        return self.path

    def _round(self, fw: Framework, cells: list[Cell], round_index: int, started: float) -> str | None:
        """One framework's cells in one round, in a fresh worker; the reason the run stopped, if it did."""
        if round_index > 0:  # a cell that did not measure in the first round will not in the next
            cells = [c for c in cells if self.answers.get(c) and any(a.get("status") == "ok" for a in self.answers[c])]
            if not cells:
                return None
        if self.o.time_budget_s is not None and time.monotonic() - started > self.o.time_budget_s:
            return f"time budget of {self.o.time_budget_s:.0f} s reached"
        self.progress.note(f"starting the {fw.name} worker" + (f" (round {round_index + 1} of {self.o.repeats})" if self.o.repeats > 1 else ""))
        self.worker = worker = self._start(fw)
        info = self._framework_info(fw, worker.hello)
        if round_index == 0:
            self.doc["frameworks"].append(info)
            self._fill_device_from(info)
        if info["available"]:
            self.progress.note(f"{fw.name} {info.get('version')} imported in {info.get('import_time_s', 0):.1f} s")
        else:
            self.progress.note(f"{fw.name} unavailable: {info['reason']}")
        stopped = None
        for cell in cells:
            if not info["available"]:  # costs nothing: recorded even past the time budget
                self._record(cell, {"status": "error", "reason": info["reason"]}, None, None)
                continue
            if self.o.time_budget_s is not None and time.monotonic() - started > self.o.time_budget_s:
                stopped = f"time budget of {self.o.time_budget_s:.0f} s reached"
                continue
            if not worker.alive:
                self.worker = worker = self._start(fw)
                if not worker.hello.get("available"):
                    self._record(cell, {"status": "error", "reason": f"worker restart failed: {worker.hello.get('reason')}"}, None, None)
                    continue
            self.progress.start(cell)
            before = self.nvml.clocks() if self.nvml else None
            probe = envmod.LoadProbe(worker.proc.pid if worker.proc else None)
            try:
                answer = worker.run(cell, self.o.policy.as_dict(), self.o.quick, self.o.cell_timeout_s)
            except WorkerDied as died:
                answer = {"status": "oom" if died.out_of_memory else "error", "reason": str(died)}
                worker.kill()
            load = probe.stop()
            if answer.get("status") == "ok":
                answer.update(load, contended=envmod.contended(load.get("other_busy_cores"), self.o.threads))
            after = self.nvml.clocks() if self.nvml else None
            self._record(cell, answer, before, after)
        return stopped

    def _fill_device_from(self, info: dict[str, Any]) -> None:
        if self.device_info.get("kind") == "cuda" and not self.device_info.get("cudnn") and info.get("loaded_cudnn"):
            self.device_info["cudnn"] = info["loaded_cudnn"]

    def _record(self, cell: Cell, answer: dict[str, Any], before: Any, after: Any) -> None:
        """Add one process's answer to its cell and rewrite the cell's result from all of them."""
        answers = self.answers.setdefault(cell, [])
        answers.append(answer)
        result = build_result(cell, answers, self.o.workloads.get(cell.workload), self.o.quick, self.device_info)
        clocks = self.clocks.setdefault(cell, [before, after])
        clocks[1] = after  # before the first process, after the last
        if clocks[0]:
            result["clocks_before"] = clocks[0]
        if clocks[1]:
            result["clocks_after"] = clocks[1]
        if cell in self.slots:
            self.doc["results"][self.slots[cell]] = result
        else:
            self.slots[cell] = len(self.doc["results"])
            self.doc["results"].append(result)
        self._write()
        self.progress.done(cell, result)


def worker_env(fw: Framework, env: dict[str, str], scratch: Path) -> dict[str, str]:
    """``env`` with the registry's variables for ``fw`` added where the caller has not set them."""
    for name, value in fw.env.items():
        env.setdefault(name, value.replace("{scratch}", str(scratch)))
    return env


def _keep_logs(doc: dict[str, Any]) -> bool:
    """Keep the workers' logs (their stderr, tracebacks included) where a cell failed."""
    failed = [r for r in doc["results"] if r["status"] in ("error", "oom") and not r.get("reason", "").startswith("not installed")]
    return bool(failed) or not doc["complete"]


PROCESS_KEYS = ("block_steps", "warmup_iters", "stopped_by", "first_step_s", "clocks_settled", "load_avg_1m",
                "other_busy_cores", "contended")


def build_result(cell: Cell, answers: list[dict[str, Any]] | dict[str, Any], workload: Any, quick: bool,
                 device_info: dict[str, Any]) -> dict[str, Any]:
    """A run file's result for one cell, from each worker process's raw answer and the workload's analytic counts."""
    if isinstance(answers, dict):
        answers = [answers]
    measured = [a for a in answers if a.get("status", "error") == "ok" and a.get("samples_s")]
    failed = [a for a in answers if a not in measured]
    first = measured[0] if measured else answers[0]
    status = "ok" if measured else first.get("status", "error")
    if status == "ok" and not measured:
        status, first = "error", {**first, "reason": "the worker returned no samples"}
    result: dict[str, Any] = {**cell.as_dict(), "status": status, "reason": first.get("reason") if not measured else None}
    if measured and failed:
        bad = failed[0]
        result["reason"] = (f"{len(failed)} of {len(answers)} processes did not measure "
                            f"({bad.get('status', 'error')}: {bad.get('reason') or 'no reason given'})")
    if workload is not None:
        result["throughput_unit"] = workload.unit
        result["flops_per_step"] = _analytic(lambda: float(workload.flops(cell.batch_size, quick, cell.phase)))
        result["params"] = _analytic(lambda: int(workload.params(quick)))
    for key in ("path", "peak_memory_kind", "first_step_s", "layout"):
        if first.get(key) is not None:
            result[key] = first[key]
    peaks = [a["peak_memory_bytes"] for a in measured if a.get("peak_memory_bytes") is not None]
    if peaks:
        result["peak_memory_bytes"] = max(peaks)
    if first.get("params") is not None:
        result["params"] = int(first["params"])  # counted on the built model
    if measured:
        groups = [list(a["samples_s"]) for a in measured]
        summary = stats.Summary.from_processes(groups)
        processes = [{"samples": len(a["samples_s"]), **{k: a[k] for k in PROCESS_KEYS if a.get(k) is not None}}
                     for a in measured]
        result.update(
            samples_s=[s for group in groups for s in group],
            processes=processes,
            median_s=summary.median,
            iqr_s=summary.iqr,
            ci95_s=None if summary.ci_low is None else [summary.ci_low, summary.ci_high],
            ci95_note=summary.ci_note,
            contended=any(p.get("contended") for p in processes),
            throughput=_items(workload, cell.batch_size, quick) / summary.median,
        )
        flops = result.get("flops_per_step")
        if flops:
            result["tflops"] = flops / summary.median / 1e12
            peak = (device_info.get("peak_tflops") or {}).get(cell.precision)
            if peak:
                result["peak_share"] = result["tflops"] / peak
    if result["status"] != "ok" and not result.get("reason"):
        result["reason"] = "no reason given"
    return {k: v for k, v in result.items() if v is not None}


def _items(workload: Any, batch: int, quick: bool) -> int:
    """Examples per step, or tokens per step for a ``tokens/s`` workload (no workload: the batch)."""
    if workload is None:
        return batch
    from .workloads.base import items_per_step  # stdlib only

    return items_per_step(workload, batch, quick)


def _analytic(count: Callable[[], Any]) -> Any:
    """A workload's analytic figure; a broken formula costs that figure, not the run."""
    try:
        return count()
    except Exception:  # noqa: BLE001
        return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def run(options: RunOptions, runner_factory: Callable[[RunOptions], Runner] = Runner) -> Path:
    return runner_factory(options).run()
