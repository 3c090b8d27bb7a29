"""bench/harness/stats.py: median, IQR, and the interval over processes on known and simulated samples."""

import numpy as np
import pytest

from bench.harness.stats import (
    MIN_PROCESSES,
    MIN_SAMPLES,
    Summary,
    expanded_tail,
    hierarchical_median_ci,
    interval_refusal,
    pooled_median_ci,
)

TRIALS = 200
RESAMPLES = 1000  # per trial: enough for the 2.5% tails, small enough for a fast test


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


def test_median_pools_every_process():
    s = Summary.from_processes([[1.0, 2.0], [3.0, 4.0, 5.0]])
    assert (s.n, s.processes, s.median) == (5, 2, 3.0)


@pytest.mark.parametrize("groups", [[[1.0, 2.0, 3.0]], [[1.0] * 50], [[1.0, 2.0, 3.0]] * (MIN_PROCESSES - 1)])
def test_too_few_processes_give_no_interval_and_say_why(groups):
    s = Summary.from_processes(groups)
    assert s.ci_low is None and s.ci_high is None and s.rel_ci_width is None
    assert "no 95% interval" in s.ci_note and f"fewer than the {MIN_PROCESSES}" in s.ci_note


def test_three_samples_are_never_a_95_percent_interval():
    s = Summary.from_processes([[1.0, 2.0]] + [[1.0, 2.0, 3.0]] * MIN_PROCESSES)
    assert s.ci_low is None
    assert s.ci_note == f"no 95% interval: a process has 2 sample(s), fewer than {MIN_SAMPLES}"
    assert interval_refusal([MIN_SAMPLES] * MIN_PROCESSES) is None


def test_enough_processes_give_an_interval_around_the_median():
    rng = np.random.default_rng(3)
    groups = [1.0 + shift + rng.normal(0, 0.01, 20) for shift in rng.normal(0, 0.03, MIN_PROCESSES)]
    s = Summary.from_processes(groups)
    assert s.ci_note is None
    assert s.ci_low <= s.median <= s.ci_high
    assert Summary.from_processes(groups) == s  # fixed seed: the same samples, the same interval


def test_unequal_process_sizes_draw_each_process_at_its_own_size():
    # one process of 1.0s and four of 2.0s: a pool padded with the short process's values would lean to 1.0
    groups = [[1.0] * 3] + [[2.0] * 30] * 4
    low, high = hierarchical_median_ci(groups, resamples=500)
    assert (low, high) == (2.0, 2.0)


def test_constant_samples_give_a_zero_width_interval():
    s = Summary.from_processes([[0.01] * 10] * MIN_PROCESSES)
    assert (s.ci_low, s.ci_high) == (0.01, 0.01)
    assert s.rel_ci_width == 0.0


def test_empty_is_refused():
    with pytest.raises(ValueError):
        Summary.from_samples([])
    with pytest.raises(ValueError):
        Summary.from_processes([[1.0], []])


def test_expanded_tail_widens_most_for_few_processes():
    assert expanded_tail(3) < expanded_tail(5) < expanded_tail(30) < 0.025


def _coverage(processes: int, interval) -> float:
    """Share of TRIALS simulated cells whose interval holds the true median 1.0.

    Each cell: ``processes`` processes, each shifted by N(0, 3%) (the run-to-run spread), with 20 samples
    of N(0, 1%) noise around its shift. Shifts and noise are symmetric, so the population median is 1.0.
    """
    rng = np.random.default_rng(2026)
    held = 0
    for trial in range(TRIALS):
        shifts = rng.normal(0.0, 0.03, processes)
        groups = [1.0 + shift + rng.normal(0.0, 0.01, 20) for shift in shifts]
        low, high = interval(groups, trial)
        held += low <= 1.0 <= high
    return held / TRIALS


def test_hierarchical_interval_covers_at_about_the_nominal_rate():
    coverage = _coverage(MIN_PROCESSES, lambda g, seed: hierarchical_median_ci(g, resamples=RESAMPLES, seed=seed))
    assert 0.88 <= coverage <= 0.99, coverage


def test_pooled_bootstrap_under_covers_with_between_process_shifts():
    coverage = _coverage(MIN_PROCESSES, lambda g, seed: pooled_median_ci(np.concatenate(g), resamples=RESAMPLES, seed=seed))
    assert coverage < 0.6, coverage


def test_plain_percentile_interval_of_three_processes_under_covers():
    """Why there is a minimum: without the expansion, three processes hold the median far less than 95% of the time."""
    coverage = _coverage(3, lambda g, seed: hierarchical_median_ci(g, resamples=RESAMPLES, seed=seed, expanded=False))
    assert coverage < 0.9, coverage
