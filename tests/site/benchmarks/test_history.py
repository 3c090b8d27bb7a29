"""History: cells measured more than once, and the changes their intervals do not explain."""

from __future__ import annotations

from benchfixtures import GPU

from bench.site.benchmarks.history import MIN_CHANGE, history


def series_of(res, workload, mode):
    return next(s for s in history(res) if s.workload == workload and s.mode == mode and s.framework == "pytorch")


def test_only_cells_measured_more_than_once(res):
    keys = {(s.hardware, s.workload, s.mode) for s in history(res)}
    assert keys == {(GPU, "alexnet", "eager"), (GPU, "alexnet", "compile"), (GPU, "googlenet", "eager")}


def test_points_are_in_time_order_with_versions(res):
    s = series_of(res, "alexnet", "eager")
    assert [p.version for p in s.points] == ["2.9.0", "2.9.1", "2.10.0"]
    assert [p.new_version for p in s.points] == [False, True, True]


def test_a_change_larger_than_the_intervals_is_flagged(res):
    s = series_of(res, "alexnet", "eager")
    assert [p.flagged for p in s.points] == [False, False, True]  # 21.2 -> 21.0 ms is within 2%; 21.0 -> 16.8 is not
    (before, after), = s.flagged
    assert after.change < -MIN_CHANGE and after.ci_high_s < before.ci_low_s


def test_overlapping_intervals_are_not_flagged(res):
    assert not series_of(res, "alexnet", "compile").flagged  # 18.7 -> 18.6 ms
    assert not series_of(res, "googlenet", "eager").flagged


def test_one_hardware(res):
    assert history(res, "cpu-amd-epyc-7763-64-core-processor") == []


def test_no_runs(empty_res):
    assert history(empty_res) == []
