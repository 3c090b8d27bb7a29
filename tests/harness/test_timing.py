"""bench/harness/timing.py: what is a sample, how a block is sized, when the loop stops (a fake clock, no real timing)."""

import pytest

from bench.harness.timing import CPU_BLOCK_TIME_S, GPU_BLOCK_TIME_S, Policy, block_steps_for, measure


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


def test_first_step_warmup_and_sizing_are_not_samples():
    clock = FakeClock([5.0, 2.0, 2.0] + [1.0] * 100)
    steady = []
    policy = Policy(warmup_iters=2, warmup_time_s=100, samples=4, block_time_s=1.0, max_time_s=100)
    m = measure(clock.step, lambda: None, policy, on_steady=lambda: steady.append(clock.steps), clock=clock)
    assert m.first_step_s == 5.0
    assert m.warmup_iters == 3  # two warm-up steps and one sizing block of one step
    assert steady == [4]  # called once, after the first step, the warm-up and the sizing
    assert m.block_steps == 1
    assert m.samples_s == [1.0] * 4
    assert m.stopped_by == "samples"


def test_a_sample_is_the_mean_of_a_block_sized_to_the_target():
    clock = FakeClock([1.0] + [0.001] * 15 + [0.001, 0.003] * 1000)  # sizing: blocks of 1, 2, 4 and 8 steps
    syncs = []
    policy = Policy(warmup_iters=0, samples=3, block_time_s=0.010, max_time_s=100)
    m = measure(clock.step, lambda: syncs.append(clock.steps), policy, clock=clock)
    assert m.block_steps == 10  # 1 ms steps, 10 ms target
    assert m.samples_s == pytest.approx([0.002] * 3)  # alternating 1 and 3 ms steps average out within a block
    assert syncs[-3:] == [syncs[-4] + 10, syncs[-4] + 20, syncs[-4] + 30]  # one synchronisation per block


def test_fixed_sample_count_whatever_the_spread():
    clock = FakeClock([1.0] * 100)
    m = measure(clock.step, lambda: None, Policy(warmup_iters=0, samples=7, block_time_s=0.5, max_time_s=1e9), clock=clock)
    assert len(m.samples_s) == 7 and m.stopped_by == "samples"  # constant samples do not stop it early


def test_time_cap_stops_the_loop():
    clock = FakeClock([1.0, 3.0] * 1000)
    policy = Policy(warmup_iters=0, samples=1000, block_time_s=0.5, max_time_s=20.0)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert m.stopped_by == "time"
    assert 1 <= len(m.samples_s) < 20


def test_warmup_time_cap():
    clock = FakeClock([1.0] + [4.0] * 100)
    policy = Policy(warmup_iters=50, warmup_time_s=10.0, samples=1, block_time_s=1.0)
    m = measure(clock.step, lambda: None, policy, clock=clock)
    assert m.warmup_iters == 4  # 4 + 4 + 4 passes 10 s, then one sizing step


def test_warmup_goes_on_until_settled():
    clock = FakeClock([1.0] * 100)
    answers = iter([False, False, False, True])
    policy = Policy(warmup_iters=1, warmup_time_s=100, samples=1, block_time_s=1.0)
    m = measure(clock.step, lambda: None, policy, settled=lambda: next(answers), clock=clock)
    assert m.settled is True
    assert m.warmup_iters == 1 + 3 + 1  # the minimum, three more while unsettled, one sizing step


def test_warmup_gives_up_waiting_at_its_time_cap():
    clock = FakeClock([1.0] * 100)
    policy = Policy(warmup_iters=1, warmup_time_s=5.0, samples=1, block_time_s=1.0)
    m = measure(clock.step, lambda: None, policy, settled=lambda: False, clock=clock)
    assert m.settled is False
    assert m.samples_s == [1.0]


def test_block_steps_for():
    assert block_steps_for(0.001, 0.010, 10_000) == 10
    assert block_steps_for(0.050, 0.010, 10_000) == 1
    assert block_steps_for(1e-9, 0.010, 500) == 500
    assert Policy().block_time("cuda") == GPU_BLOCK_TIME_S
    assert Policy().block_time("cpu") == CPU_BLOCK_TIME_S
