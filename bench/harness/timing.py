"""The measurement loop, framework-neutral: first step, warm-up, timed iterations.

A framework adapter hands over ``step`` (one training step or one forward
pass) and ``sync`` (wait until the device has finished the work queued so
far). Each sample is the wall time of ``step(); sync()``, so asynchronous
GPU work is inside the sample it belongs to (FIELD-NOTES: timing).

The first step is timed on its own (it carries compilation and autotuning)
and is never a sample; the warm-up iterations are not samples either. The
timed loop stops at the first of: the 95% interval of the median narrower
than ``target_rel_ci`` of the median, ``max_iters`` samples, or the time cap
(never before ``min_iters`` samples). The loop body does nothing but time:
the statistics run between samples, every few iterations, outside the timed
window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from .stats import Summary


@dataclass(frozen=True)
class Policy:
    warmup_iters: int = 5
    warmup_time_s: float = 10.0  # warm-up stops early past this
    min_iters: int = 10
    max_iters: int = 500
    max_time_s: float = 5.0  # cap of the timed loop, once min_iters are in
    target_rel_ci: float = 0.02  # stop when the 95% interval is within 2% of the median
    check_every: int = 10

    def as_dict(self) -> dict:
        return asdict(self)


FULL = Policy()
QUICK = Policy(warmup_iters=1, warmup_time_s=2.0, min_iters=3, max_iters=20, max_time_s=0.5, target_rel_ci=0.05, check_every=3)


@dataclass
class Measurement:
    first_step_s: float
    warmup_iters: int
    samples_s: list[float] = field(default_factory=list)
    stopped_by: str = ""  # "interval", "iterations" or "time"


def measure(
    step: Callable[[], object],
    sync: Callable[[], object],
    policy: Policy,
    *,
    on_steady: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Measurement:
    """Time ``step`` under ``policy``; ``on_steady`` runs once after warm-up (reset peak memory there)."""
    start = clock()
    step()
    sync()
    result = Measurement(first_step_s=clock() - start, warmup_iters=0)

    warm_until = clock() + policy.warmup_time_s
    while result.warmup_iters < policy.warmup_iters and clock() < warm_until:
        step()
        sync()
        result.warmup_iters += 1

    if on_steady is not None:
        on_steady()

    samples = result.samples_s
    append = samples.append
    next_check = max(policy.min_iters, 2)
    deadline = clock() + policy.max_time_s
    while True:
        t0 = clock()
        step()
        sync()
        t1 = clock()
        append(t1 - t0)
        n = len(samples)
        if n >= policy.max_iters:
            result.stopped_by = "iterations"
            break
        if n < policy.min_iters:
            continue
        if t1 >= deadline:
            result.stopped_by = "time"
            break
        if n >= next_check:
            next_check = n + max(policy.check_every, n // 4)
            if Summary.from_samples(samples).rel_ci_width <= policy.target_rel_ci:
                result.stopped_by = "interval"
                break
    return result
