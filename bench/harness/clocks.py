"""Is the GPU's SM clock steady yet? Warm-up goes on until it is.

A GPU idles at a low clock (an H200 was read at 345 MHz before its first
cell) and ramps up under load over a fraction of a second to seconds, then may
come down again as it heats. Samples taken during the ramp measure the ramp.
The check reads the SM clock through NVML after each warm-up step and says
"settled" once ``window`` readings in a row lie within ``tolerance`` of their
largest. Imported in the worker (stdlib and, on a GPU, ``pynvml``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

WINDOW = 3
TOLERANCE = 0.02  # NVML reports clocks in steps of about 15 MHz: 2% of 1,980 MHz is about 40 MHz


class SettledClock:
    """Call it after each warm-up step: True once the last ``window`` readings agree within ``tolerance``."""

    def __init__(self, read_mhz: Callable[[], int | None], window: int = WINDOW, tolerance: float = TOLERANCE) -> None:
        self.read_mhz = read_mhz
        self.tolerance = tolerance
        self.readings: deque[int] = deque(maxlen=window)

    def __call__(self) -> bool:
        value = self.read_mhz()
        if value is None:  # no reading: nothing to wait for
            return True
        self.readings.append(int(value))
        if len(self.readings) < (self.readings.maxlen or 1):
            return False
        top = max(self.readings)
        return top > 0 and (top - min(self.readings)) <= self.tolerance * top


def nvml_sm_clock(index: int = 0, nvml=None) -> Callable[[], int | None] | None:
    """A reader of device ``index``'s SM clock in MHz, or None where NVML is missing; ``nvml`` for tests."""
    if nvml is None:
        try:
            import pynvml as nvml
        except ImportError:
            return None
    try:
        nvml.nvmlInit()
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
    except Exception:  # noqa: BLE001
        return None

    def read() -> int | None:
        try:
            return int(nvml.nvmlDeviceGetClockInfo(handle, nvml.NVML_CLOCK_SM))
        except Exception:  # noqa: BLE001
            return None

    return read
