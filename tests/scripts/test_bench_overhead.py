"""scripts/bench_overhead.py: the ratio's interval and a verdict that a noisy or impossible ratio cannot pass."""

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_overhead", REPO / "scripts" / "bench_overhead.py")
overhead = importlib.util.module_from_spec(spec)
spec.loader.exec_module(overhead)


def test_interval_of_paired_ratios_holds_their_geometric_mean():
    ratio, low, high = overhead.ratio_interval([1.01, 1.02, 1.00, 1.015, 1.005, 1.01])
    assert low < ratio < high
    assert ratio == pytest.approx(1.0099, abs=1e-3)
    assert overhead.ratio_interval([1.0])[2] == float("inf")  # one round: no interval


@pytest.mark.parametrize("ratios, goal, says", [
    ([1.005, 1.01, 1.008, 1.012, 1.006, 1.009], 1.03, "met"),
    ([1.10, 1.09, 1.11, 1.10, 1.095, 1.105], 1.03, "NOT met"),
    ([0.85, 0.84, 0.86, 0.85, 0.855, 0.845], 1.03, "inconclusive: the harness reads faster"),  # below 1: not "met"
    ([0.6, 1.3, 0.8, 1.1, 0.7, 1.2], 1.03, "inconclusive: the interval is wider"),  # a wide interval decides nothing
])
def test_verdict(ratios, goal, says):
    _, low, high = overhead.ratio_interval(ratios)
    assert overhead.verdict(low, high, goal).startswith(says)
