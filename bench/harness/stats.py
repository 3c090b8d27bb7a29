"""Summary statistics of a cell's timings: median, IQR, and a 95% interval over processes.

Why these: step times are skewed (a slow iteration now and then), so the
median is the centre and the IQR the spread. The interval has to hold what
varies between runs, not only between samples: two processes measuring the
same cell differ by more than the samples of one process do (allocator
layout, autotuner picks, clocks, the neighbours on the machine). So a cell
is measured in several worker processes and its interval is a hierarchical
bootstrap (Davison & Hinkley, *Bootstrap Methods and their Application*,
1997, section 3.8; Ren et al., "Nonparametric bootstrapping for hierarchical
data", J. Appl. Stat. 37, 2010): resample the processes with replacement,
then the samples within each drawn process, and take the median of the pool.

With few processes the percentile interval of that bootstrap is too narrow
(it cannot see more spread than the few processes show: in the seeded
simulation of tests/harness/test_stats.py it holds the true median 76% of
the time with 3 processes, 87% with 5). It is widened as
Hesterberg's *expanded percentile interval* ("What Teachers Should Know
About the Bootstrap", The American Statistician 69(4), 2015, section 5):
the tail probability is the normal tail at ``sqrt(R/(R-1)) * t(R-1)``
instead of 1.96, with R the number of processes.

Below ``MIN_PROCESSES`` processes (or ``MIN_SAMPLES`` samples in any one)
there is no interval at all: ``ci_low``/``ci_high`` are None and ``ci_note``
says why. A percentile bootstrap of three samples is just [min, max], which
holds the median about 75% of the time; it is not a 95% interval.

The resampling uses a fixed seed, so the same samples always give the same
interval. Quantiles use numpy's default linear interpolation (Hyndman & Fan
type 7). Runs in the parent process only: the worker times, and computes
nothing while it does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

RESAMPLES = 2000
SEED = 0
CONFIDENCE = 0.95
MIN_PROCESSES = 5  # the expanded interval holds the median 91% of the time at 5, 96% at 8 (tests/harness/test_stats.py)
MIN_SAMPLES = 3  # per process
_CHUNK = 250  # resamples drawn at a time: bounds the scratch memory to _CHUNK x n floats

METHOD = {
    "median": "numpy.median of all samples of all processes",
    "iqr": "75th minus 25th percentile of all samples (numpy linear interpolation)",
    "ci95": (f"hierarchical bootstrap of the median (processes, then samples within each), {RESAMPLES} resamples, "
             f"numpy default_rng seed {SEED}, expanded percentile interval (Hesterberg 2015); none below "
             f"{MIN_PROCESSES} processes or {MIN_SAMPLES} samples in a process"),
    "unstable": "flagged where IQR / median > 10%",
}


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    q1: float
    q3: float
    ci_low: float | None
    ci_high: float | None
    processes: int = 1
    ci_note: str | None = None  # why there is no interval

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    @property
    def rel_ci_width(self) -> float | None:
        """Width of the 95% interval relative to the median (0.02 = 2%); None without an interval."""
        if self.ci_low is None or self.ci_high is None:
            return None
        return (self.ci_high - self.ci_low) / self.median if self.median > 0 else float("inf")

    @classmethod
    def from_processes(cls, groups: Sequence[Sequence[float]], *, resamples: int = RESAMPLES, seed: int = SEED) -> Summary:
        """The summary of one cell measured in ``len(groups)`` processes, ``groups[i]`` the samples of process i."""
        arrays = [np.asarray(g, dtype=np.float64) for g in groups]
        if not arrays or any(a.ndim != 1 or a.size == 0 for a in arrays):
            raise ValueError("need at least one process with at least one sample")
        values = np.concatenate(arrays)
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        note = interval_refusal([a.size for a in arrays])
        low = high = None
        if note is None:
            low, high = hierarchical_median_ci(arrays, resamples=resamples, seed=seed)
        return cls(n=int(values.size), median=float(median), q1=float(q1), q3=float(q3), ci_low=low, ci_high=high,
                   processes=len(arrays), ci_note=note)

    @classmethod
    def from_samples(cls, samples: Sequence[float], **kwargs: int) -> Summary:
        """One process's samples: median and IQR, and no interval (one process does not show run-to-run spread)."""
        return cls.from_processes([samples], **kwargs)


def interval_refusal(sizes: Sequence[int]) -> str | None:
    """Why processes of these sample counts give no 95% interval, or None where they do."""
    if len(sizes) < MIN_PROCESSES:
        what = "one process" if len(sizes) == 1 else f"{len(sizes)} processes"
        return f"no 95% interval: {what}, fewer than the {MIN_PROCESSES} an interval needs"
    if min(sizes) < MIN_SAMPLES:
        return f"no 95% interval: a process has {min(sizes)} sample(s), fewer than {MIN_SAMPLES}"
    return None


def expanded_tail(processes: int, confidence: float = CONFIDENCE) -> float:
    """Tail probability of Hesterberg's expanded percentile interval for ``processes`` groups."""
    from scipy.stats import t as student_t

    if processes < 2:
        raise ValueError("an expanded interval needs at least two processes")
    alpha = 1.0 - confidence
    z = math.sqrt(processes / (processes - 1)) * float(student_t.ppf(1.0 - alpha / 2.0, processes - 1))
    return NormalDist().cdf(-z)


def hierarchical_median_ci(
    groups: Sequence[Sequence[float] | np.ndarray],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
    expanded: bool = True,
) -> tuple[float, float]:
    """Bootstrap interval of the median over processes, then samples; deterministic for a given seed.

    Each resample draws ``R`` processes with replacement and, from each drawn
    process, as many samples as it has, with replacement; the statistic is the
    median of that pool. ``expanded=False`` gives the plain percentile interval.
    """
    arrays = [np.asarray(g, dtype=np.float64) for g in groups]
    sizes = np.array([a.size for a in arrays])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    values = np.concatenate(arrays)
    count_r, widest = len(arrays), int(sizes.max())
    equal = bool((sizes == widest).all())
    rng = np.random.default_rng(seed)
    medians = np.empty(resamples)
    for start in range(0, resamples, _CHUNK):
        count = min(_CHUNK, resamples - start)
        picked = rng.integers(0, count_r, size=(count, count_r))
        draws = rng.random((count, count_r, widest))
        index = offsets[picked][..., None] + (draws * sizes[picked][..., None]).astype(np.int64)
        pool = values[index]
        if not equal:  # a drawn process contributes its own sample count, not the widest one's
            pool = np.where(np.arange(widest) < sizes[picked][..., None], pool, np.nan)
            medians[start : start + count] = np.nanmedian(pool.reshape(count, -1), axis=1)
        else:
            medians[start : start + count] = np.median(pool.reshape(count, -1), axis=1)
    tail = expanded_tail(count_r, confidence) if expanded and count_r > 1 else (1.0 - confidence) / 2.0
    low, high = np.percentile(medians, [tail * 100.0, 100.0 - tail * 100.0])
    return float(low), float(high)


def pooled_median_ci(
    samples: Sequence[float] | np.ndarray,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """The former interval: a percentile bootstrap that treats every sample as independent (kept for comparison)."""
    values = np.asarray(samples, dtype=np.float64)
    rng = np.random.default_rng(seed)
    medians = np.empty(resamples)
    for start in range(0, resamples, _CHUNK):
        count = min(_CHUNK, resamples - start)
        picks = rng.integers(0, values.size, size=(count, values.size))
        medians[start : start + count] = np.median(values[picks], axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(medians, [tail, 100.0 - tail])
    return float(low), float(high)
