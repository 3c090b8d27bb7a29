#!/usr/bin/env python
"""How much the harness's own timing adds: its median for a training step against a bare loop.

In one process, one cell (a training step by default) is built once through
the framework adapter, then timed in alternating rounds by

- the harness: ``bench.harness.timing.measure`` with the run's policy (list
  appends, the bootstrap check every few iterations; the check never passes
  here, so every round runs the same number of iterations), and
- a bare loop: ``t0 = perf_counter(); step(); sync(); t1 = perf_counter()``
  into a preallocated list, nothing else.

Both wait for the device after every step (the same ``sync``). The figure is
the ratio of the medians (harness / bare), over all rounds; goals: at most
1.01 on a GPU and 1.03 on a CPU. The peak memory each reads (allocator on a
GPU, resident set on the CPU; reset after warm-up) shows that the harness's
statistics stay out of the measured peak.

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



def bare_loop(step, sync, iters: int) -> list[float]:
    times = [0.0] * iters
    clock = time.perf_counter
    for i in range(iters):
        t0 = clock()
        step()
        sync()
        times[i] = clock() - t0
    return times


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
    parser.add_argument("--iters", type=int, default=60, help="timed iterations per round (default 60)")
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
    # the run's own policy, held to a fixed count: the interval check runs (every check_every
    # iterations) but never passes, and no time cap cuts a round short
    policy = replace(FULL, warmup_iters=3, min_iters=FULL.check_every, max_iters=args.iters, max_time_s=float("inf"), target_rel_ci=0.0)

    for _ in range(5):  # warm-up: first step (compile), allocator, caches
        prepared.step()
        prepared.sync()

    harness_medians, bare_medians, bare_means, peaks = [], [], [], {"harness": [], "bare": []}
    for round_ in range(args.rounds):
        order = ("harness", "bare") if round_ % 2 == 0 else ("bare", "harness")
        for which in order:
            if which == "harness":
                m = measure(prepared.step, prepared.sync, policy, on_steady=prepared.reset_peak)
                harness_medians.append(statistics.median(m.samples_s))
                peaks["harness"].append(prepared.read_peak())
            else:
                for _ in range(policy.warmup_iters):
                    prepared.step()
                    prepared.sync()
                prepared.reset_peak()
                samples = bare_loop(prepared.step, prepared.sync, args.iters)
                bare_medians.append(statistics.median(samples))
                bare_means.append(statistics.fmean(samples))
                peaks["bare"].append(prepared.read_peak())
        print(f"round {round_ + 1}: harness median {harness_medians[-1] * 1e3:.3f} ms, bare median {bare_medians[-1] * 1e3:.3f} ms, "
              f"ratio {harness_medians[-1] / bare_medians[-1]:.4f}", flush=True)
    prepared.close()

    harness = statistics.median(harness_medians)
    bare = statistics.median(bare_medians)
    ratio = harness / bare
    goal = 1.01 if args.device == "cuda" else 1.03

    def peak_text(values):
        known = [v for v in values if v is not None]
        return f"{max(known) / 2**20:.1f} MiB" if known else "n/a"

    print()
    print(f"{fw.name} {info.get('version')} on {args.device}: {cell.label}, {'quick' if quick else 'full'} shapes; "
          f"{args.rounds} rounds x {args.iters} iterations; import {import_s:.1f} s")
    print(f"harness median      {harness * 1e3:.3f} ms")
    print(f"bare-loop median    {bare * 1e3:.3f} ms  (bare-loop mean {statistics.median(bare_means) * 1e3:.3f} ms)")
    print(f"ratio harness/bare  {ratio:.4f}  (goal <= {goal}: {'met' if ratio <= goal else 'NOT met'})")
    print(f"peak memory ({prepared.peak_memory_kind}): harness {peak_text(peaks['harness'])}, bare {peak_text(peaks['bare'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
