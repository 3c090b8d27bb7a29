"""The measurement loop, framework-neutral: first step, warm-up, block size, timed blocks.

A framework adapter hands over ``step`` (one training step or one forward
pass) and ``sync`` (wait until the device has finished the work queued so
far). A sample is the mean step time of a *block* of ``block_steps`` steps
between two synchronisations, as ``torch.utils.benchmark``'s
``blocked_autorange`` does: synchronising after every step would serialise
launch and device work (a launch-bound GPU step then measures the launch
latency twice), and a step shorter than the timer's cost would measure the
timer. The block is sized once per process, after warm-up, so that it lasts
at least ``block_time_s``:

* GPU: 10 ms. The launch queue stays full across steps and one
  synchronisation (tens of microseconds) is under 1% of the block.
* CPU: 2 ms. There is no queue to fill and the synchronisation does nothing;
  the per-block cost is two clock reads and an append (about a microsecond),
  under 0.1% of 2 ms. Longer blocks would only average away the slow steps
  the IQR is meant to show, and lengthen quick runs.

The first step is timed on its own (it carries compilation and autotuning)
and is never a sample; the warm-up steps (and the block sizing) are not
samples either. Warm-up runs at least ``warmup_iters`` steps and, where a
``settled`` check is given (GPU clocks, see ``clocks.py``), goes on until it
says the device is steady or ``warmup_time_s`` has passed.

The number of samples is fixed (``samples`` blocks per process): stopping
when the interval looks narrow enough is optional stopping and biases both
the median and the interval. The only other stop is the time cap
``max_time_s`` (a slow cell), recorded as ``stopped_by: "time"``. Nothing is
computed between samples: the statistics run in the parent after the worker
has answered.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

GPU_BLOCK_TIME_S = 0.010
CPU_BLOCK_TIME_S = 0.002


@dataclass(frozen=True)
class Policy:
    warmup_iters: int = 5
    warmup_time_s: float = 10.0  # warm-up (and the wait for steady clocks) stops past this
    samples: int = 10  # blocks per process, fixed
    block_time_s: float | None = None  # None: GPU_BLOCK_TIME_S or CPU_BLOCK_TIME_S, by device
    max_block_steps: int = 10_000
    max_time_s: float = 30.0  # cap of one process's timed loop

    def as_dict(self) -> dict:
        return asdict(self)

    def block_time(self, device: str) -> float:
        if self.block_time_s is not None:
            return self.block_time_s
        return GPU_BLOCK_TIME_S if device == "cuda" else CPU_BLOCK_TIME_S


FULL = Policy()
QUICK = Policy(warmup_iters=1, warmup_time_s=2.0, samples=5, max_time_s=1.0)


@dataclass
class Measurement:
    first_step_s: float
    warmup_iters: int
    block_steps: int = 1
    samples_s: list[float] = field(default_factory=list)  # mean step time of each block
    stopped_by: str = ""  # "samples" (the fixed count) or "time" (the cap)
    settled: bool | None = None  # whether the ``settled`` check passed during warm-up; None without one


def block_steps_for(step_time_s: float, target_s: float, most: int) -> int:
    """Steps per block so that a block lasts at least ``target_s`` (one where a step alone does)."""
    if step_time_s <= 0:
        return most
    return max(1, min(most, math.ceil(round(target_s / step_time_s, 6))))  # round: 8 x 1 ms may sum to 7.999... ms


def measure(
    step: Callable[[], object],
    sync: Callable[[], object],
    policy: Policy,
    *,
    device: str = "cpu",
    on_steady: Callable[[], object] | None = None,
    settled: Callable[[], bool] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Measurement:
    """Time ``step`` under ``policy``; ``on_steady`` runs once after warm-up (reset peak memory there)."""
    start = clock()
    step()
    sync()
    result = Measurement(first_step_s=clock() - start, warmup_iters=0)

    warm_until = clock() + policy.warmup_time_s
    while clock() < warm_until:
        if result.warmup_iters >= policy.warmup_iters:
            if settled is None:
                break
            result.settled = bool(settled())
            if result.settled:
                break
        step()
        sync()
        result.warmup_iters += 1
    if settled is not None and result.settled is None:
        result.settled = bool(settled())

    # block size: double a synchronised block until it lasts the target, then scale to the target
    target = policy.block_time(device)
    steps = 1
    while True:
        t0 = clock()
        for _ in range(steps):
            step()
        sync()
        elapsed = clock() - t0
        result.warmup_iters += steps
        if elapsed >= target / 2 or steps >= policy.max_block_steps or clock() >= warm_until:
            break
        steps *= 2
    block = result.block_steps = block_steps_for(elapsed / steps, target, policy.max_block_steps)

    if on_steady is not None:
        on_steady()

    samples = result.samples_s
    append = samples.append
    deadline = clock() + policy.max_time_s
    loop = range(block)
    while True:
        t0 = clock()
        for _ in loop:
            step()
        sync()
        t1 = clock()
        append((t1 - t0) / block)
        if len(samples) >= policy.samples:
            result.stopped_by = "samples"
            break
        if t1 >= deadline:
            result.stopped_by = "time"
            break
    return result
