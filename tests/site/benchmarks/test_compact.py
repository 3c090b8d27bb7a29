"""The compact view of a machine's latest results (bench/site/benchmarks/compact.py), on the fixture runs and on
rows made here: who gets a column, which rows exist, when a ratio, a colour and "fastest" are given."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from benchfixtures import CPU, GPU

from bench.site.benchmarks.compact import Choice, CompactView, compact_row, compact_view, ranks
from bench.site.benchmarks.tables import Cell
from bench.site.benchmarks.text import t
from bench.site.render import jinja_env


def record(median: float, low: float | None = None, high: float | None = None, run: str = "r1",
           mode: str = "eager", unstable: bool = False) -> dict:
    return {"status": "ok", "median_s": median, "ci_low_s": low, "ci_high_s": high, "run": run, "mode": mode,
            "unstable": unstable, "mode_label": {}}


def ok(framework: str, *records: dict, fastest: bool = False) -> Cell:
    return Cell(framework, "ok", list(records), None, fastest=fastest)


def panel(view: CompactView, phase: str, precision: str):
    return next(p for p in view.panels if (p.phase, p.precision) == (phase, precision))


def row(view: CompactView, phase: str, precision: str, workload: str, mode_class: str):
    group = next(g for g in panel(view, phase, precision).groups if g.workload == workload)
    return next(r for r in group.rows if r.mode_class == mode_class)


# --- the view of a machine ---------------------------------------------------------

def test_columns_are_the_frameworks_measured_and_the_others_are_one_line(res, lang):
    view = compact_view(res, CPU, lang)
    assert [fw.value for fw in view.frameworks] == ["pytorch", "tensorflow"]
    assert view.absent == ["JAX"]  # could not be imported on that machine: no column of "not available" cells
    words = repr(view)
    assert "not installed" not in words  # the harness's reason (it may hold the machine's paths) is not repeated


def test_one_panel_per_phase_and_precision_and_the_default_is_training_in_fp32(res, lang):
    view = compact_view(res, GPU, lang)
    assert [c.value for c in view.phases] == ["train", "forward"]
    assert [c.value for c in view.precisions] == ["fp32", "bf16"]
    assert [(p.phase, p.precision) for p in view.panels] == [
        ("train", "fp32"), ("train", "bf16"), ("forward", "fp32"), ("forward", "bf16")]
    assert [(p.phase, p.precision) for p in view.panels if p.default] == [("train", "fp32")]
    assert not panel(view, "forward", "bf16").groups  # not measured: the panel says so, it has no rows
    assert {p.id for p in view.panels} == {"compact-train-fp32", "compact-train-bf16", "compact-forward-fp32",
                                           "compact-forward-bf16"}


def test_rows_are_networks_and_the_mode_classes_measured_in_them(res):
    view = compact_view(res, GPU, "en")
    groups = panel(view, "train", "fp32").groups
    assert [(g.workload, g.batch) for g in groups] == [("alexnet", 128), ("googlenet", 128), ("lstm", 64)]
    assert [r.mode_class for r in groups[0].rows] == ["eager", "compiled"]  # no framework ran AlexNet in graph mode
    assert [r.label for r in groups[2].rows] == ["eager", "graph"]
    assert [g.workload for g in panel(view, "forward", "fp32").groups] == ["googlenet"]


def test_a_ratio_only_between_cells_of_the_same_run(res):
    view = compact_view(res, GPU, "en")
    same = row(view, "train", "fp32", "googlenet", "eager").cells  # both frameworks in one run
    assert [c.ratio for c in same] == ["1.00×", "1.10×"]
    assert all(c.heat is not None for c in same)
    apart = row(view, "train", "fp32", "alexnet", "eager").cells  # PyTorch's cell is from a later run
    assert [c.ratio for c in apart] == ["", ""]
    assert [c.heat for c in apart] == [None, None] and not any(c.fastest for c in apart)
    assert t("bench.compact.other_run", "en") in apart[1].note


def test_cells_that_did_not_run_say_so(res, lang):
    view = compact_view(res, GPU, lang)
    bf16 = row(view, "train", "bf16", "alexnet", "eager").cells
    assert (bf16[1].status, bf16[1].time) == ("oom", t("bench.status.oom", lang))
    assert bf16[1].ratio == "" and bf16[1].heat is None
    forward = row(view, "forward", "fp32", "googlenet", "eager").cells
    assert forward[1].time == t("bench.status.unsupported", lang)


def test_quick_runs_are_shown_not_ranked(res):
    quick = replace(res.hardware_by_key(CPU), quick=True)
    assert ranks(quick) is False and ranks(res.hardware_by_key(CPU)) is True
    cells = compact_row([ok("a", record(1.0, 0.99, 1.01), fastest=True), ok("b", record(2.0, 1.98, 2.02))], False, "en")
    assert [(c.ratio, c.heat, c.fastest) for c in cells] == [("", None, False), ("", None, False)]
    assert [c.time for c in cells] == ["1.00 s", "2.00 s"]


# --- a row ---------------------------------------------------------------------------

def test_fastest_only_where_its_interval_is_clear_of_the_others():
    clear = compact_row([ok("a", record(1.0, 0.99, 1.01), fastest=True), ok("b", record(1.3, 1.28, 1.32))], True, "en")
    assert clear[0].fastest and not clear[1].fastest and not clear[1].tie
    overlap = compact_row([ok("a", record(1.0, 0.95, 1.05), fastest=True), ok("b", record(1.03, 1.0, 1.06))], True, "en")
    assert not overlap[0].fastest
    assert overlap[1].tie and overlap[1].heat == 0 and overlap[1].ratio == "1.03×"
    bare = compact_row([ok("a", record(1.0), fastest=True), ok("b", record(1.3))], True, "en")  # no intervals
    assert not bare[0].fastest and bare[1].ratio == "1.30×"
    unmarked = compact_row([ok("a", record(1.0, 0.99, 1.01)), ok("b", record(1.3, 1.28, 1.32))], True, "en")
    assert not unmarked[0].fastest  # the tables' own rule did not mark it: no badge here either


@pytest.mark.parametrize(("median", "ratio", "heat"), [
    (1.0, "1.00×", 0), (1.097, "1.10×", 1), (1.49, "1.49×", 1), (1.5, "1.50×", 2), (2.6, "2.60×", 3), (40.0, "40.0×", 3)])
def test_the_colour_repeats_the_written_ratio(median, ratio, heat):
    cells = compact_row([ok("a", record(1.0, 0.999, 1.001), fastest=True), ok("b", record(median, median, median))],
                        True, "en")
    assert (cells[1].ratio, cells[1].heat) == (ratio, heat)


def test_a_lone_cell_gets_no_ratio_and_the_mode_is_named_where_a_class_has_several():
    alone = compact_row([ok("a", record(1.0, 0.9, 1.1)), Cell("b", "not_applicable")], True, "en")
    assert alone[0].ratio == "" and alone[0].heat is None
    assert alone[1].time == t("bench.status.not_applicable", "en")
    two = compact_row([ok("a", record(2.0, 1.9, 2.1, mode="function"), record(1.0, 0.9, 1.1, mode="xla"))], True, "en")
    assert two[0].time == "1.00 s" and "XLA" in two[0].note
    noisy = compact_row([ok("a", record(1.0, 0.9, 1.1, unstable=True))], True, "zh")
    assert noisy[0].note == t("bench.compact.noisy", "zh")


# --- the markup ----------------------------------------------------------------------

def render(view: CompactView, lang: str = "en") -> str:
    return jinja_env().get_template("benchmarks/compact.html.j2").render(
        view=view, tr=lambda key, **values: t(key, lang, **values), script="../../assets/javascripts/compact.js")


def test_without_javascript_the_default_panel_shows_and_the_choice_stays_hidden(res):
    html = render(compact_view(res, GPU, "en"))
    panels = re.findall(r'<div class="bx-table bx-heat" id="([^"]+)"[^>]*?( hidden)?>', html)
    assert panels == [("compact-train-fp32", ""), ("compact-train-bf16", " hidden"),
                      ("compact-forward-fp32", " hidden"), ("compact-forward-bf16", " hidden")]
    assert re.search(r'<form class="bx-filters" data-bx-filters [^>]*hidden>', html)
    assert "<noscript>" in html
    assert html.count('type="radio"') == 4 and html.count("checked") == 2
    assert 'href="#alexnet"' in html  # each network links its details
    assert t("bench.compact.empty", "en") in html  # forward · BF16: measured on no framework


def test_names_from_the_runs_are_escaped(res):
    view = compact_view(res, GPU, "en")
    view.frameworks[0] = Choice("pytorch", '<img src=x onerror="alert(1)">')
    view.panels[0].groups[0].name = "<script>alert(1)</script>"
    html = render(view)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_compiled_cell_that_ran_eagerly_or_a_busy_cell_is_shown_but_never_ranked():
    eager_in_disguise = {**record(0.5, 0.49, 0.51, mode="compile"), "fallback": True}
    busy = {**record(0.4, 0.39, 0.41), "contended": True}
    cells = compact_row([ok("a", eager_in_disguise), ok("b", busy), ok("c", record(1.0, 0.99, 1.01), fastest=True),
                         ok("d", record(2.0, 1.99, 2.01))], True, "en")
    assert cells[0].time == "500 ms" and cells[0].ratio == "" and t("bench.publish.fell_back", "en") in cells[0].note
    assert cells[1].ratio == "" and not cells[1].fastest
    assert cells[2].ratio == "1.00×" and cells[3].ratio == "2.00×"  # ranked among the cells that count
