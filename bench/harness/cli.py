"""Harness verbs of the command line: ``run``, ``list``, ``env``.

Only the parent process's modules are imported here (no framework): the
frameworks are imported by their workers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from .matrix import PHASES, PRECISIONS, QUICK_RULE, all_modes

_QUICK_RULE_TEXT = textwrap.fill(f"Quick matrix: {QUICK_RULE}.", 78, initial_indent="  ", subsequent_indent="  ")
QUICK_MINUTES = 9.5  # measured: the quick run in data/runs/20261129T212705Z_cpu.json took 9 min 35 s

RUN_DESCRIPTION = f"""\
Measure the matrix framework x workload x phase x precision x mode x batch size
and write data/runs/<UTC timestamp>_<device>.json, rewritten after every cell
(complete: false until the run ends). Each framework runs in its own worker
process; a cell that fails is recorded and the run goes on.

Each cell is measured in --repeats fresh worker processes (default 5), one
round of the whole matrix after another, so that its 95% interval holds the
spread between runs; a sample is the mean step time of a block of steps.

--quick: tiny shapes, tiny batches and few iterations, for CI and a first try;
  one process per cell, so no cell has a 95% interval.
{_QUICK_RULE_TEXT}
  On a 2-core CPU the quick run of every workload in the three frameworks
  (199 cells, 155 measured) took {QUICK_MINUTES} minutes.
"""
FULL_REPEATS = 5  # bench.harness.stats.MIN_PROCESSES: the fewest processes with a 95% interval
QUICK_REPEATS = 1  # quick: one process per cell, no interval (the run's settings say so)


class UsageError(Exception):
    """A bad argument: one line on stderr, exit 2."""


# -- argument types: argparse turns their ArgumentTypeError into its usage error (exit 2) before anything runs --


def _number(value: str, kind: type, what: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be {what}, got {value!r}") from None


def positive_int(value: str) -> int:
    """An iteration count or batch size: 0 would measure nothing, or one sample passed off as a result."""
    number = _number(value, int, "an integer >= 1")
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1, got {value!r}")
    return number


def non_negative_int(value: str) -> int:
    """A count where 0 means none (warm-up iterations)."""
    number = _number(value, int, "an integer >= 0")
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be an integer >= 0, got {value!r}")
    return number


def finite_positive_float(value: str) -> float:
    """A duration in seconds: NaN, infinity, 0 and negatives have no meaning as a time cap, timeout or budget."""
    number = _number(value, float, "a finite number > 0")
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {value!r}")
    return number


def output_folder(value: str) -> Path:
    """The run file's folder, created where missing and proved writable by a probe file.

    Checked here, at parse time, so that a folder the run cannot write to
    fails before any framework is imported or worker started, not after the
    first cell. Root passes permission checks, so the probe writes instead of
    asking ``os.access``.
    """
    if not value.strip():
        raise argparse.ArgumentTypeError("must name a folder, got an empty string")
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"must be a folder, got the file {value!r}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".bench-probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise argparse.ArgumentTypeError(f"cannot write in {value!r}: {reason}") from None
    return path


def git_commit(value: str) -> str:
    """The harness's commit, given where the measuring machine has no ``.git``: a full id, never a short one."""
    from .env import commit_problem

    if problem := commit_problem(value):
        raise argparse.ArgumentTypeError(problem)
    return value.strip().lower()


def _names(value: str | None, known: list[str] | tuple[str, ...], what: str) -> list[str]:
    if value is None or value == "all":
        return list(known)
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise UsageError(f"--{what} is empty")
    for name in names:
        if name not in known:
            raise UsageError(f"unknown {what.rstrip('s')} '{name}' (known: {', '.join(known)})")
    return list(dict.fromkeys(names))


def _pythons(values: list[str] | None, known: list[str]) -> dict[str, str]:
    pythons = {}
    for value in values or []:
        fw, sep, path = value.partition("=")
        if not sep or not fw or not path:
            raise UsageError(f"--python takes FRAMEWORK=PATH, got '{value}'")
        if fw not in known:
            raise UsageError(f"unknown framework '{fw}' in --python (known: {', '.join(known)})")
        if not Path(path).exists():
            raise UsageError(f"--python {fw}: no such interpreter '{path}'")
        if not Path(path).is_file() or not os.access(path, os.X_OK):
            raise UsageError(f"--python {fw}: '{path}' is not an executable file")
        pythons[fw] = path
    return pythons


def _registry() -> dict[str, Any]:
    from .workloads import REGISTRY

    return REGISTRY


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from . import env as envmod
    from .frameworks import FRAMEWORKS
    from .matrix import expand
    from .runner import RunFileError, RunOptions, run
    from .timing import FULL, QUICK

    try:
        registry = _registry()
        frameworks = _names(args.frameworks, list(FRAMEWORKS), "frameworks")
        workload_ids = _names(args.workloads, list(registry), "workloads")
        phases = _names(args.phase, PHASES, "phase")
        precisions = _names(args.precision, PRECISIONS, "precision")
        modes = None if args.mode is None else _names(args.mode, all_modes(), "mode")
        if modes is not None and not any(m in FRAMEWORKS[f].modes for f in frameworks for m in modes):
            raise UsageError(f"no selected framework has mode(s) {', '.join(modes)}")
        pythons = _pythons(args.python, list(FRAMEWORKS))
        try:
            harness = envmod.harness(args.git_commit)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        for wl in workload_ids:  # a shape the network cannot take is refused before anything is measured
            try:
                check = getattr(registry[wl], "check", None)
                if check is not None:
                    check(args.quick)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
    except UsageError as exc:
        print(f"python -m bench run: error: {exc}", file=sys.stderr)
        return 2

    policy = QUICK if args.quick else FULL
    overrides = {k: v for k, v in {"max_time_s": args.max_time, "samples": args.samples, "warmup_iters": args.warmup}.items() if v is not None}
    if overrides:
        policy = replace(policy, **overrides)
    repeats = args.repeats or (QUICK_REPEATS if args.quick else FULL_REPEATS)
    device = envmod.resolve_device(args.device)
    workloads = {wl: registry[wl] for wl in workload_ids}
    cells = expand(frameworks=frameworks, workloads=workloads, phases=phases, precisions=precisions, modes=modes,
                   batch_size=args.batch_size, quick=args.quick)
    if not cells:
        print("python -m bench run: error: the selection holds no cell", file=sys.stderr)
        return 2
    options = RunOptions(
        cells=cells,
        workloads=workloads,
        device=device,
        policy=policy,
        quick=args.quick,
        out_dir=Path(args.out),
        pythons=pythons,
        cell_timeout_s=args.cell_timeout if args.cell_timeout is not None else (300.0 if args.quick else 1200.0),
        time_budget_s=args.time_budget,
        settings={"requested_device": args.device} if args.device != device else {},
        repeats=repeats,
        threads=args.threads or envmod.default_threads(),
        harness=harness,
    )
    try:
        path = run(options)
    except RunFileError as exc:  # the disk filled or the folder went away mid-run: the finished cells are kept
        print(f"python -m bench run: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    import importlib.util

    from .frameworks import FRAMEWORKS

    registry = _registry()
    if args.json:
        doc = {
            "workloads": [
                {"id": w.id, "name": w.name, "family": w.family, "task": w.task, "unit": w.unit, "batch_size": w.batch_size,
                 "quick_batch_size": w.quick_batch_size, "params": w.params(False), "params_quick": w.params(True),
                 "variant": w.variant, "reference": w.reference}
                for w in registry.values()
            ],
            "frameworks": [
                {"id": f.id, "name": f.name, "modes": list(f.modes), "installed": importlib.util.find_spec(f.package) is not None}
                for f in FRAMEWORKS.values()
            ],
        }
        print(json.dumps(doc, indent=1, ensure_ascii=False))
        return 0
    rows = [("workload", "name", "family", "params", "params (quick)", "batch", "unit")]
    for w in registry.values():
        rows.append((w.id, w.name, w.family, f"{w.params(False):,}", f"{w.params(True):,}", str(w.batch_size), w.unit))
    print(_table(rows, right={3, 4, 5}))
    print()
    rows = [("framework", "name", "modes", "installed here")]
    for f in FRAMEWORKS.values():
        installed = "yes" if importlib.util.find_spec(f.package) is not None else "no"
        rows.append((f.id, f.name, ", ".join(f.modes), installed))
    print(_table(rows))
    print("\nparams: analytic trainable parameters, the same in every framework (the tests hold each model to it)")
    return 0


def _table(rows: list[tuple[str, ...]], right: set[int] = frozenset()) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _env(args: argparse.Namespace) -> int:
    from . import env as envmod
    from .frameworks import FRAMEWORKS
    from .workerproc import WorkerOptions, WorkerProcess

    try:
        frameworks = _names(args.frameworks, list(FRAMEWORKS), "frameworks")
        pythons = _pythons(args.python, list(FRAMEWORKS))
        try:
            harness = envmod.harness()
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    except UsageError as exc:
        print(f"python -m bench env: error: {exc}", file=sys.stderr)
        return 2
    device = envmod.resolve_device(args.device)
    doc: dict[str, Any] = {
        "harness": harness,
        "host": envmod.host(),
        "device": envmod.device(device),
        "environment_variables": envmod.environment_variables(),
        "frameworks": [],
    }
    import os
    import tempfile

    from .runner import worker_env

    base = dict(os.environ)
    base["PYTHONPATH"] = os.pathsep.join(p for p in (str(envmod.REPO_ROOT), base.get("PYTHONPATH")) if p)
    for fw_id in frameworks:
        fw = FRAMEWORKS[fw_id]
        with tempfile.TemporaryDirectory(prefix="bench-env-") as scratch:
            env = worker_env(fw, dict(base), Path(scratch))
            worker = WorkerProcess(fw, WorkerOptions(device=device, python=pythons.get(fw_id, sys.executable), env=env,
                                                     cwd=envmod.REPO_ROOT))
            hello = worker.start()
            worker.stop()
        info = {"id": fw_id, **{k: v for k, v in hello.items() if k not in ("op", "pid")}}
        doc["frameworks"].append(info)
    print(json.dumps(doc, indent=1, ensure_ascii=False, default=str))
    return 0


def _comma(what: str, known: tuple[str, ...] | list[str]) -> str:
    return f"comma-separated {what} (default: all; known: {', '.join(known)})"


def add_verbs(verbs: argparse._SubParsersAction) -> None:
    from .frameworks import FRAMEWORKS

    run = verbs.add_parser("run", help="measure the benchmark matrix and write a run file",
                           description=RUN_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--device", choices=("auto", "cuda", "cpu"), default="auto",
                     help="where to measure: cuda where NVML sees a GPU under auto (default: auto)")
    run.add_argument("--frameworks", metavar="LIST", help=_comma("framework ids", list(FRAMEWORKS)))
    run.add_argument("--workloads", metavar="LIST", help="comma-separated workload ids (default: all; see `python -m bench list`)")
    run.add_argument("--phase", metavar="LIST", help=_comma("phases", PHASES))
    run.add_argument("--precision", metavar="LIST", help=_comma("precisions", PRECISIONS) + "; tf32 is GPU-only")
    run.add_argument("--mode", metavar="LIST", help=_comma("execution modes", all_modes()) + "; each framework runs the ones it has")
    run.add_argument("--batch-size", type=positive_int, metavar="N",
                     help="one batch size for every workload, N >= 1 (default: each workload's own)")
    run.add_argument("--quick", action="store_true", help="tiny shapes and batches, few iterations (see above)")
    run.add_argument("--out", type=output_folder, default="data/runs", metavar="DIR",
                     help="folder of the run file, created if missing; must be writable (default: data/runs)")
    run.add_argument("--python", action="append", metavar="FRAMEWORK=PATH",
                     help="run FRAMEWORK's worker under this interpreter (its own environment); repeatable")
    run.add_argument("--max-time", type=finite_positive_float, metavar="S",
                     help="cap of each cell's timed loop in seconds, S > 0 (default: 5, quick 0.5)")
    run.add_argument("--samples", type=positive_int, metavar="N",
                     help="timed blocks per cell and process, N >= 1 (default: 10, quick 5)")
    run.add_argument("--repeats", type=positive_int, metavar="N",
                     help=f"rounds: each cell measured in N fresh worker processes, interleaved with the other cells, "
                          f"N >= 1 (default: {FULL_REPEATS}, quick {QUICK_REPEATS}; a 95%% interval needs {FULL_REPEATS})")
    run.add_argument("--threads", type=positive_int, metavar="N",
                     help="intra-op threads of every framework, inter-op 1, N >= 1 (default: the physical cores)")
    run.add_argument("--warmup", type=non_negative_int, metavar="N",
                     help="warm-up iterations after the first step, N >= 0 (default: 5, quick 1)")
    run.add_argument("--cell-timeout", type=finite_positive_float, metavar="S",
                     help="kill a worker stuck this long in one cell, S > 0 seconds (default: 1200, quick 300)")
    run.add_argument("--time-budget", type=finite_positive_float, metavar="S",
                     help="start no cell after S > 0 seconds; the file then says which part was not run (complete: false)")
    run.add_argument("--git-commit", type=git_commit, metavar="SHA",
                     help="the harness's commit (40 hex digits) where this tree has no .git, e.g. a copy on the "
                          "measuring machine; or set $BENCH_GIT_COMMIT. Default: the checkout's HEAD, else none")
    run.set_defaults(func=_run)

    lister = verbs.add_parser("list", help="the registered workloads and frameworks, with parameter counts",
                              description="The registered workloads (analytic trainable parameters, full and quick shapes) and frameworks.")
    lister.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lister.set_defaults(func=_list)

    env = verbs.add_parser("env", help="print the environment that a run would record",
                           description="Print, as JSON, the environment a run would record: harness, host, device, and each "
                                       "framework's version and CUDA/cuDNN build (each read in a fresh worker process).")
    env.add_argument("--device", choices=("auto", "cuda", "cpu"), default="auto", help="(default: auto)")
    env.add_argument("--frameworks", metavar="LIST", help=_comma("framework ids", list(FRAMEWORKS)))
    env.add_argument("--python", action="append", metavar="FRAMEWORK=PATH", help="as for run")
    env.set_defaults(func=_env)
