#!/usr/bin/env python
"""How much the harness's own timing adds: its median step time against a bare loop's, with an interval.

In one process, one cell (a training step by default) is built once through
the framework adapter, then timed in alternating rounds by

- the harness: ``bench.harness.timing.measure`` with the run's policy (blocks
  of steps between two synchronisations, sized to the device's block time,
  nothing computed between samples), and
- a bare loop: ``t0 = perf_counter(); step() x n; sync(); t1 = perf_counter()``,
  the mean step time with one synchronisation at the end, nothing else.

Each round gives a paired ratio (harness median / bare mean). The figure is
their geometric mean with a Student-t 95% interval over rounds (on the log
ratios); goals: at most 1.01 on a GPU and 1.03 on a CPU. The verdict is
"met" only where the whole interval lies within [2 - goal, goal]: a ratio
below 1 means the two loops did not measure the same thing (noise, a busy
machine), not that the harness is faster, and a wide interval decides
nothing. The peak memory each reads shows that the harness stays out of the
measured peak.

    python scripts/bench_overhead.py                       # CPU: AlexNet, quick shapes, PyTorch eager
    python scripts/bench_overhead.py --device cuda --full  # GPU: full shapes, default batch
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))



def bare_loop(step, sync, iters: int) -> float:
    """Mean step time of ``iters`` steps with one synchronisation at the end."""
    clock = time.perf_counter
    t0 = clock()
    for _ in range(iters):
        step()
    sync()
    return (clock() - t0) / iters


def ratio_interval(ratios: list[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Geometric mean of paired ratios and its Student-t interval over rounds (log scale)."""
    import math

    from scipy.stats import t as student_t

    logs = [math.log(r) for r in ratios]
    centre = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(centre), 0.0, math.inf
    half = float(student_t.ppf(0.5 + confidence / 2, len(logs) - 1)) * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(centre), math.exp(centre - half), math.exp(centre + half)


def verdict(low: float, high: float, goal: float) -> str:
    """'met' only where the whole interval lies in [2 - goal, goal]."""
    if low >= 2 - goal and high <= goal:
        return "met"
    if low > goal:
        return "NOT met"
    if high < 2 - goal:
        return "inconclusive: the harness reads faster than the bare loop, so the two did not measure the same thing"
    return f"inconclusive: the interval is wider than [{2 - goal:.2f}, {goal:.2f}]; more rounds or a quieter machine"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    from bench.harness.frameworks import FRAMEWORKS

    parser.add_argument("--framework", default="pytorch", choices=tuple(FRAMEWORKS))
    parser.add_argument("--workload", default="alexnet")
    parser.add_argument("--phase", default="train", choices=("train", "forward"))
    parser.add_argument("--precision", default="fp32", choices=("fp32", "tf32", "bf16"))
    parser.add_argument("--mode", help="default: the framework's first mode (eager; jit for JAX)")
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--full", action="store_true", help="full shapes (default: quick shapes)")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each loop, alternating (default 6)")
    parser.add_argument("--samples", type=int, default=10, help="harness samples (blocks) per round (default 10)")
    parser.add_argument("--threads", type=int, help="intra-op threads (PyTorch only; default: the framework's)")
    args = parser.parse_args(argv)

    from bench.harness.adapter import Bundle
    from bench.harness.frameworks import get
    from bench.harness.matrix import Cell
    from bench.harness.timing import FULL, measure

    fw = get(args.framework)
    args.mode = args.mode or next(iter(fw.modes))
    for name, value in fw.env.items():  # the worker's environment, as the runner sets it
        os.environ.setdefault(name, value.replace("{scratch}", tempfile.mkdtemp(prefix="bench-overhead-")))
    t0 = time.perf_counter()
    importlib.import_module(fw.package)
    import_s = time.perf_counter() - t0
    adapter = importlib.import_module(fw.adapter)
    if args.threads and fw.id == "pytorch":
        import torch

        torch.set_num_threads(args.threads)
    info = adapter.setup(args.device)
    quick = not args.full
    bundle = Bundle.resolve("bench.harness.workloads", args.workload, fw.id, fw.model_module, fw.support_module, quick)
    batch = args.batch_size or bundle.workload.default_batch(quick)
    cell = Cell(fw.id, args.workload, args.phase, args.precision, args.mode, batch)
    prepared = adapter.prepare(cell, bundle, args.device)
    # the run's own policy, held to a fixed count of blocks that no time cap cuts short
    policy = replace(FULL, warmup_iters=3, samples=args.samples, max_time_s=float("inf"))

    for _ in range(5):  # warm-up: first step (compile), allocator, caches
        prepared.step()
        prepared.sync()

    harness_medians, bare_means, ratios, peaks = [], [], [], {"harness": [], "bare": []}
    steps = None  # the bare loop runs as many steps as the harness's samples did
    for round_ in range(args.rounds):
        order = ("harness", "bare") if round_ % 2 == 0 else ("bare", "harness")
        for which in order:
            if which == "harness":
                m = measure(prepared.step, prepared.sync, policy, device=args.device, on_steady=prepared.reset_peak)
                harness_medians.append(statistics.median(m.samples_s))
                steps = steps or m.block_steps * len(m.samples_s)
                peaks["harness"].append(prepared.read_peak())
            else:
                for _ in range(policy.warmup_iters):
                    prepared.step()
                    prepared.sync()
                prepared.reset_peak()
                bare_means.append(bare_loop(prepared.step, prepared.sync, steps or args.samples))
                peaks["bare"].append(prepared.read_peak())
        ratios.append(harness_medians[-1] / bare_means[-1])
        print(f"round {round_ + 1}: harness median {harness_medians[-1] * 1e3:.3f} ms, bare mean {bare_means[-1] * 1e3:.3f} ms, "
              f"ratio {ratios[-1]:.4f}", flush=True)
    prepared.close()

    harness = statistics.median(harness_medians)
    bare = statistics.median(bare_means)
    ratio, low, high = ratio_interval(ratios)
    goal = 1.01 if args.device == "cuda" else 1.03

    def peak_text(values):
        known = [v for v in values if v is not None]
        return f"{max(known) / 2**20:.1f} MiB" if known else "n/a"

    print()
    print(f"{fw.name} {info.get('version')} on {args.device}: {cell.label}, {'quick' if quick else 'full'} shapes; "
          f"{args.rounds} rounds x {steps} steps; import {import_s:.1f} s")
    print(f"harness median      {harness * 1e3:.3f} ms")
    print(f"bare-loop mean      {bare * 1e3:.3f} ms")
    print(f"ratio harness/bare  {ratio:.4f}, 95% interval [{low:.4f}, {high:.4f}] over {len(ratios)} rounds "
          f"(goal <= {goal}: {verdict(low, high, goal)})")
    print(f"peak memory ({prepared.peak_memory_kind}): harness {peak_text(peaks['harness'])}, bare {peak_text(peaks['bare'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
