"""bench/harness/timing.py: what is a sample and when the loop stops (a fake clock, no real timing)."""

from bench.harness.timing import Policy, measure


class FakeClock:
    """Each step advances time by the next duration; sync and the loop itself take no time."""

    def __init__(self, durations):
        self.now = 0.0
        self.durations = iter(durations)
        self.steps = 0

    def __call__(self) -> float:
        return self.now

    def step(self) -> None:
        self.steps += 1
        self.now += next(self.durations)


def test_first_step_and_warmup_are_not_samples():
    clock = FakeClock([5.0, 2.0, 2.0] + [1.0] * 100)
    steady = []
    policy = Policy(warmup_iters=2, warmup_time_s=100, min_iters=4, max_iters=4, max_time_s=100, target_rel_ci=0.0)
    m = measure(clock.step, lambda: None, policy, on_steady=lambda: steady.append(clock.steps), clock=clock)
    assert m.first_step_s == 5.0
    assert m.warmup_iters == 2
    assert steady == [3]  # called once, after the first step and the warm-up
    assert m.samples_s == [1.0] * 4
    assert m.stopped_by == "iterations"


def test_stops_when_the_interval_is_narrow():
    clock = FakeClock([1.0] * 1000)
    policy = Policy(warmup_iters=0, min_iters=10, max_iters=500, max_time_s=1e9, target_rel_ci=0.02, check_every=10)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert m.stopped_by == "interval"
    assert len(m.samples_s) == 10


def test_time_cap_stops_after_min_iters():
    clock = FakeClock([1.0, 3.0] * 1000)  # a wide spread: the interval never gets narrow
    policy = Policy(warmup_iters=0, min_iters=5, max_iters=10_000, max_time_s=20.0, target_rel_ci=0.0)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert m.stopped_by == "time"
    assert sum(m.samples_s) >= 20.0
    assert len(m.samples_s) < 20


def test_min_iters_even_past_the_time_cap():
    clock = FakeClock([10.0] * 100)
    policy = Policy(warmup_iters=0, min_iters=3, max_iters=100, max_time_s=1.0, target_rel_ci=0.0)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert len(m.samples_s) == 3


def test_warmup_time_cap():
    clock = FakeClock([1.0] + [4.0] * 100)
    policy = Policy(warmup_iters=50, warmup_time_s=10.0, min_iters=1, max_iters=1)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert m.warmup_iters == 3  # 4 + 4 + 4 passes 10 s
