"""bench/harness/stats.py: median, IQR and the bootstrap interval on known samples."""

import numpy as np
import pytest

from bench.harness.stats import Summary, bootstrap_median_ci


def test_median_and_iqr_of_known_samples():
    s = Summary.from_samples([5.0, 1.0, 4.0, 2.0, 3.0])
    assert s.n == 5
    assert s.median == 3.0
    assert (s.q1, s.q3) == (2.0, 4.0)  # numpy linear interpolation
    assert s.iqr == 2.0


def test_even_count_interpolates():
    s = Summary.from_samples([1.0, 2.0, 3.0, 4.0])
    assert s.median == 2.5
    assert s.q1 == pytest.approx(1.75)
    assert s.q3 == pytest.approx(3.25)


def test_bootstrap_is_deterministic_with_a_seed():
    samples = np.random.default_rng(1).lognormal(size=50)
    first = bootstrap_median_ci(samples, seed=0)
    assert bootstrap_median_ci(samples, seed=0) == first
    assert bootstrap_median_ci(list(samples), seed=0) == first
    assert bootstrap_median_ci(samples, seed=1) != first


def test_bootstrap_interval_brackets_the_median_within_the_samples():
    samples = np.random.default_rng(2).normal(10.0, 1.0, size=200)
    low, high = bootstrap_median_ci(samples)
    median = float(np.median(samples))
    assert samples.min() <= low <= median <= high <= samples.max()
    assert high - low < 1.0  # about 2 x 1.96 x 1.25 sigma / sqrt(200) = 0.35


def test_constant_samples_give_a_zero_width_interval():
    s = Summary.from_samples([0.01] * 10)
    assert (s.ci_low, s.ci_high) == (0.01, 0.01)
    assert s.rel_ci_width == 0.0


def test_single_sample_and_empty():
    assert Summary.from_samples([2.0]).ci_low == 2.0
    with pytest.raises(ValueError):
        Summary.from_samples([])
