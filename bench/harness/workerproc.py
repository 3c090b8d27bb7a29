"""The parent's side of a worker: start it, send cells, read answers, notice when it dies.

A worker runs in its own process session (Ctrl-C at the terminal reaches the
parent only, which then stops the worker) and, on Linux, is killed by the
kernel if the parent dies (``PR_SET_PDEATHSIG``). Its stderr goes to a log
file; the last lines of it explain a crash.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frameworks import Framework
from .matrix import Cell

HELLO_TIMEOUT_S = 600.0  # a first `import tensorflow` compiles its files: about two minutes


def oom_kills(root: Path = Path("/sys/fs/cgroup"), cgroup_file: Path = Path("/proc/self/cgroup")) -> int | None:
    """How many processes the kernel's out-of-memory killer has ended in this process's cgroup (None: unknown).

    cgroup v2 ``memory.events`` (``oom_kill N``), else v1 ``memory.oom_control``; see the kernel's
    Documentation/admin-guide/cgroup-v2.rst.
    """
    candidates = []
    try:
        for line in cgroup_file.read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controllers == "":
                candidates.append(root / path.lstrip("/") / "memory.events")
            elif "memory" in controllers.split(","):
                candidates.append(root / "memory" / path.lstrip("/") / "memory.oom_control")
    except (OSError, ValueError):
        pass
    candidates += [root / "memory.events", root / "memory" / "memory.oom_control"]
    for path in candidates:
        try:
            text = path.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill" and value.strip().isdigit():
                return int(value)
    return None


class WorkerDied(Exception):
    """The worker process ended, or stopped answering, in the middle of a request.

    ``out_of_memory``: it was killed by a SIGKILL the harness did not send while the kernel's count of
    out-of-memory kills went up (a host out of memory shows no Python error at all).
    """

    def __init__(self, message: str, out_of_memory: bool = False) -> None:
        super().__init__(message)
        self.out_of_memory = out_of_memory


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class WorkerOptions:
    device: str
    python: str = sys.executable
    registry: str = "bench.harness.workloads"
    env: dict[str, str] | None = None
    cwd: Path | None = None
    log_path: Path | None = None
    threads: int | None = None  # intra-op threads of the framework (worker --threads)


class WorkerProcess:
    def __init__(self, framework: Framework, options: WorkerOptions) -> None:
        self.framework = framework
        self.options = options
        self.proc: subprocess.Popen | None = None
        self.hello: dict[str, Any] | None = None
        self._buffer = b""
        self._log = None
        self._killed = False  # the harness sent the SIGKILL (a timeout, a stop)
        self._oom_kills: int | None = None  # the kernel's count when the current cell was sent

    # -- life --------------------------------------------------------------------

    def start(self, timeout_s: float = HELLO_TIMEOUT_S) -> dict[str, Any]:
        """Start the process and return its hello (``available`` false with a reason where it cannot run)."""
        fw, opt = self.framework, self.options
        argv = [
            opt.python, "-m", "bench.harness.worker",
            "--framework", fw.id, "--package", fw.package, "--adapter", fw.adapter, "--device", opt.device,
            "--registry", opt.registry, "--model-module", fw.model_module, "--support-module", fw.support_module,
            "--name", fw.name, "--modes", ",".join(fw.modes), "--version-attr", fw.version_attr,
        ]
        if opt.threads:
            argv += ["--threads", str(opt.threads)]
        self._log = open(opt.log_path, "ab") if opt.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                cwd=opt.cwd,
                env=opt.env,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
            )
        except OSError as exc:
            self.hello = {"available": False, "reason": f"cannot start {opt.python}: {exc.strerror or exc}"}
            return self.hello
        try:
            self.hello = self._read(timeout_s)
        except WorkerDied as exc:
            self.hello = {"available": False, "reason": f"worker did not start: {exc}"}
            self.kill()
        return self.hello

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self._killed = True
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait()
        self._close_pipes()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Ask the worker to exit; kill it if it does not."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(b'{"op": "exit"}\n')
                self.proc.stdin.flush()
                self.proc.wait(timeout=timeout_s)
            except (BrokenPipeError, OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def _close_pipes(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except (OSError, AttributeError):
                pass
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None

    # -- requests ----------------------------------------------------------------

    def run(self, cell: Cell, policy: dict[str, Any], quick: bool, timeout_s: float) -> dict[str, Any]:
        """Measure one cell; WorkerDied where the process ends or passes ``timeout_s``."""
        request = {"op": "cell", "cell": cell.as_dict(), "policy": policy, "quick": quick}
        self._oom_kills = oom_kills()
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._died() from None
        return self._read(timeout_s)

    def _read(self, timeout_s: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        fd = self.proc.stdout.fileno()
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    raise WorkerDied(f"no answer within {timeout_s:.0f} s; worker killed")
                if not sel.select(timeout=min(left, 1.0)):
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise self._died()
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _died(self) -> WorkerDied:
        message = self._death()
        if self.proc.returncode == -signal.SIGKILL and not self._killed:
            kills = oom_kills()
            if kills is not None and self._oom_kills is not None and kills > self._oom_kills:
                return WorkerDied(f"{message}; the kernel's out-of-memory killer ended it", out_of_memory=True)
        return WorkerDied(message)

    def _death(self) -> str:
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        if code is not None and code < 0:
            try:
                what = f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                what = f"killed by signal {-code}"
        else:
            what = f"exited with code {code}"
        tail = self._log_tail()
        return f"worker {what}" + (f" (last output: {tail})" if tail else "")

    def _log_tail(self) -> str:
        path = self.options.log_path
        if not path:
            return ""
        try:
            with open(path, "rb") as fh:
                fh.seek(0, os.SEEK_END)
                fh.seek(max(0, fh.tell() - 4096))
                lines = [line.strip() for line in fh.read().decode("utf-8", "replace").splitlines() if line.strip()]
        except OSError:
            return ""
        return lines[-1][:300] if lines else ""
