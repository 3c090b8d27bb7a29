"""The worker: one process per framework, started by the runner, measures cells one at a time.

``python -m bench.harness.worker --framework pytorch ...``, possibly under
another interpreter (``--python FRAMEWORK=PATH``; the runner puts the
repository on ``PYTHONPATH``). It imports the framework first thing, so the
import time it reports is that of a fresh process; only the standard library
is loaded before (numpy comes with the framework, pydantic never: the worker
sends plain JSON and the parent validates).

Protocol, one JSON object per line: the worker writes a hello (available or
not, import time, version, build, settings), then reads requests on stdin
(``{"op": "cell", "cell": {...}, "policy": {...}}`` or ``{"op": "exit"}``)
and answers each cell with its raw measurement. Answers go to a private copy
of the original stdout; the framework's own prints are sent to stderr.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import importlib
import json
import os
import sys
import time
import traceback
from typing import IO, Any


def _claim_stdout() -> IO[str]:
    """Keep the real stdout for answers; anything else printed goes to stderr."""
    sys.stdout.flush()
    private = os.dup(1)
    os.dup2(2, 1)
    return os.fdopen(private, "w", buffering=1, encoding="utf-8")


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _import_framework(package: str, name: str | None = None) -> tuple[float | None, str | None]:
    """Import the framework; the reason names the framework and its package (the interpreter is in the hello)."""
    start = time.perf_counter()
    try:
        importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name and package.split(".")[0] == exc.name.split(".")[0]:
            return None, f"not installed: {package} ({name or package}) cannot be imported in this environment"
        return None, f"import of {package} failed: {type(exc).__name__}: {exc}"
    except Exception as exc:  # a broken install  # noqa: BLE001
        return None, f"import of {package} failed: {type(exc).__name__}: {exc}"
    return time.perf_counter() - start, None


THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")


def set_threads(threads: int, device: str = "cpu") -> None:
    """Set the thread counts every framework reads at import, before the framework is imported.

    Intra-op threads (the work of one operation) are ``threads`` everywhere; inter-op threads
    (independent operations at once) are 1, so the two pools never ask for more cores than
    ``threads``. The adapters then set the same through their own API (``BENCH_THREADS``) where
    there is one. XLA on a CPU (JAX) has no thread-count flag: on a CPU the worker is kept on
    ``threads`` CPUs of distinct cores (``affinity.pin_threads``), which XLA sizes its pool by, and
    at one thread Eigen is made single-threaded as well. On a GPU the host threads are left free.
    """
    if device == "cpu":
        from .affinity import pin_threads

        pin_threads(threads)
    os.environ["BENCH_THREADS"] = str(threads)
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    os.environ["TF_NUM_INTEROP_THREADS"] = "1"
    if threads == 1:
        flags = os.environ.get("XLA_FLAGS", "")
        if "xla_cpu_multi_thread_eigen" not in flags:
            os.environ["XLA_FLAGS"] = f"{flags} --xla_cpu_multi_thread_eigen=false".strip()


def _version(package: str, attr: str) -> str | None:
    """The registry's version probe: ``<package>.<attr>``, where the adapter's setup gives none."""
    value = getattr(sys.modules.get(package), attr, None)
    return value if isinstance(value, str) else None


def run_cell(adapter: Any, request: dict[str, Any], *, framework: str, device: str, registry: str,
             model_module: str, support_module: str, name: str | None = None,
             modes: tuple[str, ...] | None = None, settled: Any = None) -> dict[str, Any]:
    """Measure one cell; never raises (the status says what happened).

    ``settled``: a check that the device is steady (GPU clocks), run during warm-up.
    """
    from .adapter import Bundle, Unsupported, first_line
    from .matrix import Cell
    from .timing import Policy, measure

    cell = Cell.from_dict(request["cell"])
    policy = Policy(**request["policy"])
    quick = bool(request.get("quick"))
    answer: dict[str, Any] = {"status": "error", "reason": None}
    prepared = None
    try:
        if modes is not None and cell.mode not in modes:
            return {"status": "unsupported",
                    "reason": f"mode {cell.mode} is not a {name or framework} mode ({', '.join(modes)})"}
        reason = adapter.unsupported(cell, device)
        if reason:
            return {"status": "unsupported", "reason": reason}
        bundle = Bundle.resolve(registry, cell.workload, framework, model_module, support_module, quick)
        prepared = adapter.prepare(cell, bundle, device)
        answer["params"] = prepared.params
        answer["peak_memory_kind"] = prepared.peak_memory_kind
        measured = measure(prepared.step, prepared.sync, policy, device=device, on_steady=prepared.reset_peak,
                           settled=settled)
        answer.update(
            status="ok",
            samples_s=measured.samples_s,
            first_step_s=measured.first_step_s,
            warmup_iters=measured.warmup_iters,
            block_steps=measured.block_steps,
            stopped_by=measured.stopped_by,
            clocks_settled=measured.settled,
            layout=prepared.layout,
            peak_memory_bytes=prepared.read_peak(),
            path=prepared.describe_path(),
        )
    except Unsupported as exc:
        answer = {"status": "unsupported", "reason": first_line(str(exc)) or "unsupported"}
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        traceback.print_exc(file=sys.stderr)
        status = "oom" if _safe_is_oom(adapter, exc) else "error"
        answer = {"status": status, "reason": f"{type(exc).__name__}: {first_line(str(exc))}".rstrip(": ")}
    finally:
        if prepared is not None:
            try:
                prepared.close()
            except Exception:  # noqa: BLE001
                traceback.print_exc(file=sys.stderr)
        gc.collect()
    return answer


def _clock_check(device: str) -> Any:
    """On a GPU, a check that its SM clock has settled (``clocks.SettledClock``); None elsewhere or without NVML."""
    if device != "cuda":
        return None
    try:
        from .clocks import SettledClock, nvml_sm_clock

        reader = nvml_sm_clock()
    except Exception:  # noqa: BLE001
        return None
    return SettledClock(reader) if reader is not None else None


def _safe_is_oom(adapter: Any, exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):  # the host ran out, whatever the framework
        return True
    try:
        return bool(adapter.is_oom(exc))
    except Exception:  # noqa: BLE001
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.harness.worker")
    parser.add_argument("--framework", required=True)
    parser.add_argument("--package", required=True)
    parser.add_argument("--adapter", required=True)
    parser.add_argument("--device", required=True, choices=("cpu", "cuda"))
    parser.add_argument("--registry", default="bench.harness.workloads")
    parser.add_argument("--model-module", required=True)
    parser.add_argument("--support-module", required=True)
    parser.add_argument("--name", help="the framework's name, for messages (default: its id)")
    parser.add_argument("--modes", help="comma-separated: the framework's modes (others are refused)")
    parser.add_argument("--version-attr", default="__version__", help="the package's version attribute")
    parser.add_argument("--threads", type=int, help="intra-op threads of every framework (inter-op: 1); default: theirs")
    args = parser.parse_args(argv)
    if args.threads:
        set_threads(args.threads, args.device)
    modes = tuple(args.modes.split(",")) if args.modes else None
    out = _claim_stdout()
    faulthandler.enable()  # a crash leaves its Python stack in the log, whose last line the parent reports

    import_time, reason = _import_framework(args.package, args.name)  # first: a fresh process's import time
    hello: dict[str, Any] = {"op": "hello", "python": sys.executable, "pid": os.getpid()}
    if reason:
        _send(out, {**hello, "available": False, "reason": reason})
        return 0
    try:
        adapter = importlib.import_module(args.adapter)
        info = adapter.setup(args.device)
    except Exception as exc:  # noqa: BLE001
        from .adapter import Unsupported, first_line

        traceback.print_exc(file=sys.stderr)
        reason = first_line(str(exc)) if isinstance(exc, Unsupported) else f"{type(exc).__name__}: {first_line(str(exc))}"
        _send(out, {**hello, "available": False, "import_time_s": import_time, "reason": reason})
        return 0
    info = dict(info or {})
    if not info.get("version"):
        info["version"] = _version(args.package, args.version_attr)
    _send(out, {**hello, "available": True, "import_time_s": import_time, **info})

    settled = _clock_check(args.device)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if request.get("op") == "exit":
            break
        if request.get("op") == "cell":
            answer = run_cell(adapter, request, framework=args.framework, device=args.device, registry=args.registry,
                              model_module=args.model_module, support_module=args.support_module,
                              name=args.name, modes=modes, settled=settled)
            _send(out, {"op": "cell", **answer})
    return 0


if __name__ == "__main__":
    sys.exit(main())
