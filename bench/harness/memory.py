"""Peak host memory of the worker process, for cells measured on the CPU.

On a GPU each framework's allocator reports its own peak. On the CPU there is
no such figure that both frameworks share, so the worker reads the kernel's
high-water mark of its resident set (``VmHWM`` in ``/proc/self/status``),
resets it after warm-up (writing ``5`` to ``/proc/self/clear_refs``, Linux
>= 4.0, see proc(5)) and reports the peak above the resident set measured
just before the model was built. The framework's runtime and the harness's
own memory stay out of the figure; the harness computes nothing while samples
are taken.

Where the peak does not rise above that level, the figure is absent (not
measured), never 0 B: the memory allocators of the framework keep what
earlier cells of the same process freed and hand it out again without the
resident set growing, so a later cell can read 0 although it used memory.
Only the first cell of a process would then be free of that, and it carries
the framework's start-up allocations instead; neither is a per-cell figure.
"""

from __future__ import annotations

import re

KIND = "host peak resident set (VmHWM) above the level before the model was built"


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            match = re.search(rf"^{field}:\s+(\d+)\s+kB", fh.read(), re.MULTILINE)
    except OSError:
        return None
    return int(match.group(1)) if match else None


def rss_bytes() -> int | None:
    kib = _status_kib("VmRSS")
    return None if kib is None else kib * 1024


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_bytes() -> int | None:
    kib = _status_kib("VmHWM")
    return None if kib is None else kib * 1024


class HostPeak:
    """Baseline before the build, reset after warm-up, peak above the baseline at the end."""

    kind = KIND

    def __init__(self) -> None:
        self.baseline = rss_bytes()
        self.resettable = False

    def reset(self) -> None:
        self.resettable = reset_peak()

    def read(self) -> int | None:
        peak = peak_bytes()
        if not self.resettable or peak is None or self.baseline is None or peak <= self.baseline:
            return None  # not measured: see the module's docstring
        return peak - self.baseline
