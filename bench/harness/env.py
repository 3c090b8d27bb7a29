"""The environment a run records: harness, host, device, and GPU clocks around each cell.

Runs in the parent process, which never imports a framework: the GPU is read
through NVML (``nvidia-ml-py``), guarded so that a machine without a driver
simply has no GPU. Each framework's own version and CUDA/cuDNN build come
from its worker (``frameworks/*.py: setup``).
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

from .. import __version__
from .peaks import peak_tflops

REPO_ROOT = Path(__file__).resolve().parents[2]


# --- harness -----------------------------------------------------------------


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=REPO_ROOT, check=False, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


GIT_COMMIT_ENV = "BENCH_GIT_COMMIT"
"""Where a caller gives the commit when the measuring machine has no ``.git`` (a copied tree)."""
_COMMIT = re.compile(r"[0-9a-f]{40}")


def commit_problem(value: str) -> str | None:
    """Why ``value`` is not a full commit id (an abbreviated one could name another commit later), or None."""
    if _COMMIT.fullmatch(value.strip().lower()):
        return None
    return f"must be a full commit id, 40 hexadecimal digits (git rev-parse HEAD), got {value!r}"


def resolve_commit(given: str | None, environ: dict[str, str], checkout: str | None) -> str | None:
    """The harness's commit: ``given`` (``--git-commit``), else ``$BENCH_GIT_COMMIT``, else the checkout's HEAD.

    A tree copied to a measuring machine has no ``.git``; the caller, who knows the
    commit it copied, passes it in, so that the run page can say which version to
    check out. A given commit that contradicts the checkout's HEAD is refused: the
    run would name code it did not run. Raises ValueError with a one-line reason.
    """
    source = "--git-commit"
    if not given:
        given, source = environ.get(GIT_COMMIT_ENV, "").strip() or None, GIT_COMMIT_ENV
    if given is None:
        return checkout
    if problem := commit_problem(given):
        raise ValueError(f"{source}: {problem}")
    commit = given.strip().lower()
    if checkout is not None and checkout != commit:
        raise ValueError(f"{source}: {commit} is not the checkout's HEAD ({checkout}); leave it out where .git is present")
    return commit


def harness(given_commit: str | None = None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Version and git commit (``resolve_commit``); ``git_dirty`` counts changes to tracked files only
    (the run file itself is new), and is unknown (None) where there is no checkout to ask."""
    checkout = _git("rev-parse", "HEAD")
    commit = resolve_commit(given_commit, dict(os.environ) if environ is None else environ, checkout)
    status = _git("status", "--porcelain", "--untracked-files=no") if checkout else None
    return {"version": __version__, "git_commit": commit, "git_dirty": None if status is None else bool(status)}


# --- host --------------------------------------------------------------------


def cpu_name() -> str | None:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def host() -> dict[str, Any]:
    return {
        "os": f"{platform.system()} {_os_release()}".strip(),
        "kernel": platform.release(),
        "machine": platform.machine(),
        "cpu": cpu_name(),
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "memory_bytes": psutil.virtual_memory().total,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def _os_release() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        return ""


# --- GPUs through NVML ---------------------------------------------------------


class Nvml:
    """A guarded NVML session: every reading is None where NVML or the field is missing."""

    def __init__(self) -> None:
        self.lib = None
        try:
            import pynvml

            pynvml.nvmlInit()
            self.lib = pynvml
        except Exception:  # noqa: BLE001
            self.lib = None

    @property
    def count(self) -> int:
        if self.lib is None:
            return 0
        try:
            return int(self.lib.nvmlDeviceGetCount())
        except Exception:  # noqa: BLE001
            return 0

    def _call(self, name: str, *args: Any) -> Any:
        try:
            value = getattr(self.lib, name)(*args)
        except Exception:  # noqa: BLE001
            return None
        return value.decode() if isinstance(value, bytes) else value

    def device(self, index: int = 0) -> dict[str, Any]:
        handle = self._call("nvmlDeviceGetHandleByIndex", index)
        memory = self._call("nvmlDeviceGetMemoryInfo", handle) if handle is not None else None
        cuda = self._call("nvmlSystemGetCudaDriverVersion_v2") or self._call("nvmlSystemGetCudaDriverVersion")
        name = self._call("nvmlDeviceGetName", handle) if handle is not None else None
        return {
            "kind": "cuda",
            "name": name or "unknown NVIDIA GPU",
            "count": self.count,
            "memory_bytes": int(memory.total) if memory is not None else None,
            "driver": self._call("nvmlSystemGetDriverVersion"),
            "cuda": f"{cuda // 1000}.{(cuda % 1000) // 10}" if isinstance(cuda, int) else None,
            "peak_tflops": peak_tflops(name or ""),
        }

    def clocks(self, index: int = 0) -> dict[str, Any] | None:
        if self.lib is None:
            return None
        handle = self._call("nvmlDeviceGetHandleByIndex", index)
        if handle is None:
            return None
        lib = self.lib
        power = self._call("nvmlDeviceGetPowerUsage", handle)
        reasons = self._call("nvmlDeviceGetCurrentClocksEventReasons", handle)
        if reasons is None:
            reasons = self._call("nvmlDeviceGetCurrentClocksThrottleReasons", handle)
        return {
            "sm_mhz": self._call("nvmlDeviceGetClockInfo", handle, lib.NVML_CLOCK_SM),
            "mem_mhz": self._call("nvmlDeviceGetClockInfo", handle, lib.NVML_CLOCK_MEM),
            "temperature_c": self._call("nvmlDeviceGetTemperature", handle, lib.NVML_TEMPERATURE_GPU),
            "power_w": None if power is None else power / 1000.0,
            "throttle_reasons": decode_reasons(reasons, lib) if isinstance(reasons, int) else [],
        }


def decode_reasons(mask: int, lib: Any) -> list[str]:
    """Names of the set bits of an NVML clocks-event (throttle) reason mask."""
    names = []
    for attr in dir(lib):
        match = re.fullmatch(r"nvmlClocks(?:Event|Throttle)Reason(\w+)", attr)
        if not match or match.group(1) in ("All", "None", "Unknown"):
            continue
        bit = getattr(lib, attr)
        if isinstance(bit, int) and bit and mask & bit:
            names.append(re.sub(r"(?<!^)(?=[A-Z])", "_", match.group(1)).lower())
    return sorted(set(names))


# --- the device a run measures -------------------------------------------------


def resolve_device(requested: str, nvml: Nvml | None = None) -> str:
    """``auto`` is ``cuda`` where NVML sees a GPU, else ``cpu``."""
    if requested != "auto":
        return requested
    return "cuda" if (nvml or Nvml()).count > 0 else "cpu"


def device(kind: str, nvml: Nvml | None = None) -> dict[str, Any]:
    if kind == "cuda":
        nvml = nvml or Nvml()
        if nvml.count:
            return nvml.device(0)
        return {"kind": "cuda", "name": "no GPU visible to NVML", "count": 0}
    return {
        "kind": "cpu",
        "name": cpu_name() or platform.machine() or "cpu",
        "count": 1,
        "memory_bytes": psutil.virtual_memory().total,
    }


def slug(device_info: dict[str, Any]) -> str:
    """The file-name tag of a device: ``cpu``, or a short GPU model (``h200``, ``h100``, ``a100``)."""
    if device_info.get("kind") != "cuda":
        return "cpu"
    name = device_info.get("name", "").lower()
    name = re.sub(r"\b(nvidia|geforce|tesla|quadro|rtx)\b", " ", name)
    tokens = re.findall(r"[a-z]*\d+[a-z]*", name)
    token = tokens[0] if tokens else re.sub(r"[^a-z0-9]+", "", name)
    return token or "gpu"


def command() -> str:
    """The exact command line, as typed (module form where run with ``-m``)."""
    argv = list(sys.argv)
    program = "python -m bench" if argv and argv[0].endswith("__main__.py") else shlex.quote(argv[0]) if argv else "python"
    return " ".join([program, *(shlex.quote(arg) for arg in argv[1:])])


def environment_variables() -> dict[str, str]:
    """The variables that change what a framework does, where they are set."""
    names = (
        "CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_CPP_MIN_LOG_LEVEL", "TF_CUDNN_USE_AUTOTUNE",
        "TF_GPU_ALLOCATOR", "TF_XLA_FLAGS", "XLA_FLAGS", "KERAS_BACKEND", "PYTORCH_CUDA_ALLOC_CONF",
        "TORCHINDUCTOR_CACHE_DIR", "TORCH_COMPILE_DEBUG", "NVIDIA_TF32_OVERRIDE",
    )
    return {name: os.environ[name] for name in names if name in os.environ}


# --- the machine's load during a cell ----------------------------------------------

CONTENTION_MARGIN = 0.5  # cores: scheduler noise and the harness's own bookkeeping stay below this


def default_threads() -> int:
    """Intra-op threads when none are asked for: one per physical core (hyper-threads share one core's units)."""
    return psutil.cpu_count(logical=False) or psutil.cpu_count(logical=True) or 1


def thread_settings(threads: int | None) -> dict[str, Any]:
    """What the run asks of every framework's thread pools (each framework's own reading is in its settings)."""
    if threads is None:
        return {"intra_op": "each framework's default", "inter_op": "each framework's default"}
    return {
        "intra_op": threads,
        "inter_op": 1,
        "how": ("OMP_NUM_THREADS, MKL_NUM_THREADS and TF_NUM_INTRAOP_THREADS set before the import; "
                "torch.set_num_threads / set_num_interop_threads(1); tf.config.threading intra/inter-op; "
                "JAX: XLA_FLAGS --xla_cpu_multi_thread_eigen=false at 1 thread; on a CPU, every worker is kept "
                "on that many CPUs of distinct physical cores (sched_setaffinity), which also sizes XLA's pool"),
    }


def _busy_s(times: Any) -> float:
    """CPU seconds spent working, all cores together (steal: a hypervisor gave the core to another guest)."""
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq", "steal"))


def _process_s(proc: psutil.Process | None) -> float:
    if proc is None:
        return 0.0
    try:
        t = proc.cpu_times()
    except (psutil.Error, OSError):
        return 0.0
    return t.user + t.system + getattr(t, "children_user", 0.0) + getattr(t, "children_system", 0.0)


class LoadProbe:
    """How busy the rest of the machine was while a worker measured a cell.

    ``other_busy_cores`` = (CPU time of the whole machine - the worker's - this process's) / wall time:
    the number of cores other programs kept busy, on average. ``load_avg_1m`` is the kernel's
    1-minute load average at the end (it lags, so the CPU-time share is the one the flag uses).
    """

    def __init__(self, pid: int | None) -> None:
        try:
            self.worker = psutil.Process(pid) if pid else None
        except (psutil.Error, OSError):
            self.worker = None
        self.me = psutil.Process()
        self.start_wall = time.monotonic()
        self.start_busy = _busy_s(psutil.cpu_times())
        self.start_worker = _process_s(self.worker)
        self.start_me = _process_s(self.me)

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self.start_wall
        busy = _busy_s(psutil.cpu_times()) - self.start_busy
        own = (_process_s(self.worker) - self.start_worker) + (_process_s(self.me) - self.start_me)
        reading: dict[str, float] = {}
        if wall > 0.05:  # below a few scheduler ticks the counters say nothing
            reading["other_busy_cores"] = round(max(0.0, busy - own) / wall, 3)
        try:
            reading["load_avg_1m"] = round(os.getloadavg()[0], 2)
        except OSError:
            pass
        return reading


def contended(other_busy_cores: float | None, threads: int | None, cores: int | None = None) -> bool:
    """Other programs used cores the measurement needed: more than the cores left over by its threads."""
    if other_busy_cores is None:
        return False
    cores = cores or psutil.cpu_count(logical=True) or 1
    wanted = threads or cores
    return other_busy_cores > max(0, cores - wanted) + CONTENTION_MARGIN
