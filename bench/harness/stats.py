"""Summary statistics of per-iteration timings: median, IQR, bootstrap interval.

Why these: step times are skewed (a slow iteration now and then), so the
median is the centre, the IQR the spread, and a percentile bootstrap of the
median its 95% interval (Efron & Tibshirani, *An Introduction to the
Bootstrap*, 1993, ch. 13). The resampling uses a fixed seed, so the same
samples always give the same interval. Quantiles use numpy's default linear
interpolation (Hyndman & Fan type 7).

Imports numpy only: it runs in the worker (under any framework's Python) and
in the parent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 0
CONFIDENCE = 0.95
_CHUNK = 250  # resamples drawn at a time: bounds the scratch memory to _CHUNK x n floats

METHOD = {
    "median": "numpy.median of the raw samples",
    "iqr": "75th minus 25th percentile (numpy linear interpolation)",
    "ci95": f"percentile bootstrap of the median, {RESAMPLES} resamples, numpy default_rng seed {SEED}",
    "unstable": "flagged where IQR / median > 10%",
}


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    q1: float
    q3: float
    ci_low: float
    ci_high: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    @property
    def rel_ci_width(self) -> float:
        """Width of the 95% interval relative to the median (0.02 = 2%)."""
        return (self.ci_high - self.ci_low) / self.median if self.median > 0 else float("inf")

    @classmethod
    def from_samples(cls, samples: Sequence[float], *, resamples: int = RESAMPLES, seed: int = SEED) -> Summary:
        values = np.asarray(samples, dtype=np.float64)
        if values.ndim != 1 or values.size == 0:
            raise ValueError("need at least one sample")
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        low, high = bootstrap_median_ci(values, resamples=resamples, seed=seed)
        return cls(n=int(values.size), median=float(median), q1=float(q1), q3=float(q3), ci_low=low, ci_high=high)


def bootstrap_median_ci(
    samples: Sequence[float] | np.ndarray,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the median; deterministic for a given seed."""
    values = np.asarray(samples, dtype=np.float64)
    if values.size == 1:
        return float(values[0]), float(values[0])
    rng = np.random.default_rng(seed)
    medians = np.empty(resamples)
    for start in range(0, resamples, _CHUNK):
        count = min(_CHUNK, resamples - start)
        picks = rng.integers(0, values.size, size=(count, values.size))
        medians[start : start + count] = np.median(values[picks], axis=1)
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(medians, [tail, 100.0 - tail])
    return float(low), float(high)
