"""History: cells measured more than once, and the changes the spread between runs does not explain.

The rule (``history.flag``) is tested on runs made here from one fixture run: a
cell measured again with its median, interval, the run's completeness and the
cell's contention set by each test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import markdown
import pytest
from benchfixtures import GPU

from bench.site.benchmarks.cells import build_results
from bench.site.benchmarks.history import MIN_CHANGE, history
from bench.site.benchmarks.pages.history import history_page
from bench.site.data import SiteData
from bench.site.render import PageContext, unstash_html

BASE_RUN = "2026-01-10T12-00-00Z_cuda.json"  # complete, schema 3, intervals over three processes
CELL = ("pytorch", "alexnet", "train", "fp32", "eager", 128)


CUT_SHORT_RUN = "2026-02-01T12-00-00Z_cuda.json"  # the fixture's last GPU run: AlexNet 21.0 -> 16.8 ms, disjoint


@pytest.fixture(scope="module")
def cut_short_dataset(bench_dataset):
    """The fixture runs with the last GPU run marked as cut short."""
    runs = dict(bench_dataset.runs)
    runs[CUT_SHORT_RUN] = runs[CUT_SHORT_RUN].model_copy(update={"complete": False})
    return dataclasses.replace(bench_dataset, runs=runs)


def series_of(res, workload, mode):
    return next(s for s in history(res) if s.workload == workload and s.mode == mode and s.framework == "pytorch")


def test_only_cells_measured_more_than_once(res):
    keys = {(s.hardware, s.workload, s.mode) for s in history(res)}
    assert keys == {(GPU, "alexnet", "eager"), (GPU, "alexnet", "compile"), (GPU, "googlenet", "eager")}


def test_points_are_in_time_order_with_versions(res):
    s = series_of(res, "alexnet", "eager")
    assert [p.version for p in s.points] == ["2.9.0", "2.9.1", "2.10.0"]
    assert [p.new_version for p in s.points] == [False, True, True]


def test_the_fixture_change_larger_than_its_intervals_is_flagged(res):
    s = series_of(res, "alexnet", "eager")  # 21.0 -> 16.8 ms, disjoint intervals, both runs complete
    assert [p.flagged for p in s.points] == [False, False, True]


def test_a_run_cut_short_is_kept_marked_and_never_flagged(cut_short_dataset):
    s = series_of(build_results(cut_short_dataset), "alexnet", "eager")  # the same change, into a run cut short
    assert [p.complete for p in s.points] == [True, True, False] and s.incomplete
    assert [p.flagged for p in s.points] == [False, False, False] and not s.flagged
    assert s.points[-1].change < -MIN_CHANGE and s.points[-1].ci_high_s < s.points[-2].ci_low_s


def test_overlapping_intervals_are_not_flagged(res):
    assert not series_of(res, "alexnet", "compile").flagged  # 18.7 -> 18.6 ms
    assert not series_of(res, "googlenet", "eager").flagged


def test_one_hardware(res):
    assert history(res, "cpu-amd-epyc-7763-64-core-processor") == []


def test_no_runs(empty_res):
    assert history(empty_res) == []


# --- the rule, on runs made from one fixture run ------------------------------------------------


def measured(bench_dataset, hours: float, median: float, ci: tuple[float, float] | None, *, complete: bool = True,
             contended: bool = False):
    """The base run's PyTorch AlexNet FP32 eager cell, measured again ``hours`` later, and nothing else."""
    base = bench_dataset.runs[BASE_RUN]
    cell = next(r for r in base.results if r.key == CELL)
    cell = cell.model_copy(update={"median_s": median, "ci95_s": ci, "contended": contended})
    return base.model_copy(update={"started_at": base.started_at + dt.timedelta(hours=hours), "complete": complete,
                                   "results": [cell]})


def dataset_of(bench_dataset, *runs):
    names = [f"{(run.started_at).strftime('%Y%m%dT%H%M%SZ')}_h100.json" for run in runs]
    return dataclasses.replace(bench_dataset, runs=dict(zip(names, runs, strict=True)), withdrawals={})


def the_series(bench_dataset, *runs):
    (series,) = history(build_results(dataset_of(bench_dataset, *runs)))
    return series


FASTER = (0.0168, (0.0167, 0.0169))  # 20% faster than 21.0 ms, its interval well clear of 20.9-21.1 ms
BEFORE = (0.0210, (0.0209, 0.0211))


def test_disjoint_intervals_of_two_complete_runs_are_flagged(bench_dataset):
    s = the_series(bench_dataset, measured(bench_dataset, 0, *BEFORE), measured(bench_dataset, 1, *FASTER))
    (before, after), = s.flagged
    assert after.flagged and after.change == pytest.approx(-0.2) and after.ci_high_s < before.ci_low_s


@pytest.mark.parametrize("cut_short", [0, 1])
def test_an_incomplete_run_never_flags(bench_dataset, cut_short):
    runs = [measured(bench_dataset, 0, *BEFORE), measured(bench_dataset, 0.1, *FASTER)]
    runs[cut_short] = runs[cut_short].model_copy(update={"complete": False})
    s = the_series(bench_dataset, *runs)
    assert not s.flagged and [p.complete for p in s.points] == [cut_short != 0, cut_short != 1]


def test_overlapping_intervals_never_flag(bench_dataset):
    wide = (0.0180, (0.0150, 0.0209))  # 14% faster, but its interval reaches the other one's
    assert not the_series(bench_dataset, measured(bench_dataset, 0, *BEFORE), measured(bench_dataset, 1, *wide)).flagged


@pytest.mark.parametrize("busy", [0, 1])
def test_a_contended_cell_never_flags(bench_dataset, busy):
    runs = [measured(bench_dataset, 0, *BEFORE), measured(bench_dataset, 1, *FASTER)]
    runs[busy] = measured(bench_dataset, busy, *(BEFORE, FASTER)[busy], contended=True)
    s = the_series(bench_dataset, *runs)
    assert not s.flagged and s.points[busy].contended


def test_cells_without_an_interval_never_flag(bench_dataset):
    """Schema 1 and 2 cells (one process) lose their interval in the migration; so does a v3 cell with too few."""
    s = the_series(bench_dataset, measured(bench_dataset, 0, BEFORE[0], None), measured(bench_dataset, 1, FASTER[0], None))
    assert not s.flagged and s.points[1].change == pytest.approx(-0.2)


def test_a_small_change_with_disjoint_intervals_is_not_flagged(bench_dataset):
    close = (0.0207, (0.02069, 0.02071))  # 1.4% faster: below MIN_CHANGE
    assert not the_series(bench_dataset, measured(bench_dataset, 0, 0.0210, (0.02099, 0.02101)),
                          measured(bench_dataset, 1, *close)).flagged


# --- the page ---------------------------------------------------------------------------------


def page_html(dataset, lang: str) -> str:
    c = PageContext(data=SiteData.from_dataset(dataset), lang=lang)
    return unstash_html(markdown.markdown(history_page(c), extensions=["attr_list"]))


@pytest.mark.parametrize(("lang", "rule", "cut_short"), [
    ("en", "only where it exceeds the spread between runs", "never flagged:"),
    ("zh", "超出运行间的波动", "但从不标记："),
])
def test_the_page_states_the_rule_and_marks_runs_cut_short(cut_short_dataset, lang, rule, cut_short):
    html = page_html(cut_short_dataset, lang)
    assert rule in html and cut_short in html
    assert 'runs/2026-02-01T12-00-00Z_cuda/">2026-02-01 12:00 UTC</a>' in html.split(cut_short, 1)[1].split("</p>", 1)[0]
    assert 'class="bx-table bx-flags"' not in html  # the one change larger than the intervals is into a run cut short


def test_the_page_lists_a_flagged_change(bench_dataset):
    dataset = dataset_of(bench_dataset, measured(bench_dataset, 0, *BEFORE), measured(bench_dataset, 1, *FASTER))
    html = page_html(dataset, "en")
    table = html.split('class="bx-table bx-flags"', 1)[1].split("</table>", 1)[0]
    assert "-20.0%" in table and 'class="bx-faster"' in table and "PyTorch · AlexNet" in table
    assert "runs cut short" not in html
