"""bench/harness/clocks.py: warm-up waits for a steady SM clock (a fake NVML, no GPU)."""

from bench.harness.clocks import SettledClock, nvml_sm_clock
from bench.harness.timing import Policy, measure


class FakeNvml:
    """The few NVML calls the clock check makes; the SM clock ramps from idle, then holds."""

    NVML_CLOCK_SM = 1

    def __init__(self, readings):
        self.readings = iter(readings)
        self.inits = 0

    def nvmlInit(self):
        self.inits += 1

    def nvmlDeviceGetHandleByIndex(self, index):
        return ("handle", index)

    def nvmlDeviceGetClockInfo(self, handle, kind):
        assert handle == ("handle", 0) and kind == self.NVML_CLOCK_SM
        return next(self.readings)


def test_warmup_runs_until_the_clock_stops_ramping():
    nvml = FakeNvml([345, 900, 1500, 1950, 1980, 1980] + [1980] * 50)
    check = SettledClock(nvml_sm_clock(nvml=nvml))
    steps = []
    policy = Policy(warmup_iters=1, warmup_time_s=1e9, samples=2, block_time_s=0.0)
    m = measure(lambda: steps.append(1), lambda: None, policy, settled=check, clock=lambda: 0.0)
    assert m.settled is True
    assert list(check.readings) == [1950, 1980, 1980]  # the first three readings within 2% of each other
    assert m.warmup_iters == 1 + 5 + 1  # the minimum, five steps while ramping, one sizing step


def test_a_clock_that_keeps_moving_never_settles():
    check = SettledClock(lambda: None)
    assert check() is True  # no reading: nothing to wait for
    moving = iter([1000, 1100, 1200, 1300, 1400])
    check = SettledClock(lambda: next(moving))
    assert [check() for _ in range(5)] == [False] * 5


def test_no_nvml_gives_no_reader():
    class Broken(FakeNvml):
        def nvmlInit(self):
            raise RuntimeError("NVML Shared Library Not Found")

    assert nvml_sm_clock(nvml=Broken([])) is None
