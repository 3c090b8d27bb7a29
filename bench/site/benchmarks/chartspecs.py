"""The chart templates, built with altair: one Vega-Lite spec per kind of chart (``charts.py``).

A template holds the encodings, scales and the keys of the words (``_w``) of a
kind of chart, not its data. ``charts.template`` fills in the frameworks' names
and colours, the words of the page's language and the rows.

altair and the building cost about a second per build process, so the build
reads the templates from ``chart_templates.json`` next to this file, written by

    .venv/bin/python -m bench.site.benchmarks.chartspecs          # write chart_templates.json
    .venv/bin/python -m bench.site.benchmarks.chartspecs --check  # exit 1 if it is missing or stale

The file carries a stamp of what made it (this module's source and
``chartstyle.py``); when the stamp does not match, the build ignores the file and
builds the templates here, so a stale file costs time, never a wrong chart.
``tests/site/benchmarks/test_charts.py`` checks that the file is current and
equal to what altair builds.

The frameworks' colour scale is built with one placeholder name
(``NAMES_PLACEHOLDER``); ``charts`` puts the real names and colours in.

Every layer of a chart draws every row, from one data source: layers with
their own filters are separate sources, and then, in a facet with independent
scales, Vega-Lite warns in the browser that it must guess the domains
("faceted independent scales ... from different source"), and Vega warns of an
infinite extent wherever a facet has no row for a layer. So the positions a
layer needs are computed for every row by one ``calculate`` before the facet
(``_positions``), a row a layer has nothing to show for gets an empty text, a
zero-length rule or a transparent mark, and marks keep rows with null values
(``invalid: null``): Vega-Lite's default filters them out mark by mark, which
is a filter per layer again. Bars are not stacked (``stack=None``): a stack is a
transform of the bars' layer alone. And the facets of a chart share their
discrete axis (settings): Vega-Lite cannot give each facet of a layered chart
its own without the same warning; a facet may so have an empty row, and rows
line up across facets. Where the rows differ much between facets (speed-ups,
first steps), a chart has no facets: a row per workload and setting.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from typing import Any

import altair as alt
from altair.utils import schemapi

from .chartstyle import BAR_STEP, DATA, FLAG_COLOUR, FONT_SIZE, NAMES_PLACEHOLDER, TEMPLATES_FILE, TITLE_SIZE, stamp


def _w(key: str) -> str:
    """A word of the template, filled in per language by ``localize`` (strings.yaml key in brackets)."""
    return f"⟦{key}⟧"


def _tip(key: str, field: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:N", title=_w(key))


def _by(field: str) -> alt.EncodingSortField:
    return alt.EncodingSortField(field=field, op="min")


def _colour() -> alt.Color:
    scale = alt.Scale(domain=[NAMES_PLACEHOLDER], range=["#000000"])  # both replaced per chart (charts._set_colours)
    return alt.Color("framework:N", scale=scale, title=_w("bench.chart.framework"))


def _to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    with schemapi.debug_mode(False):  # validation belongs to the tests: it costs a second per spec
        chart = chart.properties(title=alt.TitleParams("", anchor="start"), description="")
        chart = (chart.configure(background="transparent").configure_view(stroke=None)
                 .configure_mark(invalid=None)
                 .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelOverlap="greedy",
                                 labelSeparation=6)
                 .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="top",
                                   direction="horizontal")
                 .configure_header(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
                 .configure_title(fontSize=TITLE_SIZE, subtitleFontSize=FONT_SIZE))
        return chart.to_dict(validate=False)


# --- templates: one altair build per kind and build ---------------------------------
#
# Bars are horizontal: settings and workload names read left to right, and the
# value is written at the end of each bar. Charts are drawn at their own size
# (text never shrinks below FONT_SIZE), so they are made to fit the page's
# column at 1366 px: facets one above the other (two side by side for the
# history), legends on top. Linear value axes start at zero; the
# first-step times, which span three orders of magnitude, are dots on a log axis.

def _positions(chart, **expressions: str):
    """``chart`` with fields computed for every row, before the facet: one data source for all layers."""
    return chart.transform_calculate(**expressions)


def _bar_height() -> alt.Step:
    return alt.Step(BAR_STEP, **{"for": "offset"})


def _workload_template() -> dict[str, Any]:
    y = alt.Y("setting:N", sort=_by("setting_rank"), title=None, axis=alt.Axis(labelLimit=180))
    offset = alt.YOffset("framework:N", sort=_by("framework_rank"))
    colour = _colour()
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
        _tip("bench.chart.mode", "mode"), _tip("bench.chart.median", "median_text"),
        _tip("bench.chart.interval", "ci_text"), _tip("bench.chart.throughput", "rate_text"),
        _tip("bench.chart.memory", "memory_text"), _tip("bench.chart.run", "run"),
    ]
    base = alt.Chart()
    bars = base.mark_bar().encode(y=y, yOffset=offset, color=colour, x=alt.X("bar_ms:Q", title=_w("bench.chart.step_ms"),
                                  scale=alt.Scale(zero=True), stack=None), tooltip=tooltip)
    whiskers = base.mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=offset, x="from_ms:Q", x2="to_ms:Q", color=alt.value("currentColor"), tooltip=tooltip)
    values = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE).encode(
        y=y, yOffset=offset, x="to_ms:Q", text="value_text:N", color=alt.value("currentColor"))
    missing = base.mark_text(align="left", dx=2, fontSize=FONT_SIZE).encode(
        y=y, yOffset=offset, x=alt.datum(0), text="missing_text:N", color=colour,
        tooltip=[_tip("bench.chart.framework", "framework"), _tip("bench.chart.status", "status_text"),
                 _tip("bench.chart.reason", "reason")])
    layered = alt.layer(bars, whiskers, values, missing, data=alt.NamedData(name=DATA)).properties(
        height=_bar_height(), width=300)
    chart = _positions(
        layered.facet(facet=alt.Facet("phase:N", sort=_by("phase_rank"), title=None), columns=1),
        bar_ms="datum.ok ? datum.median_ms : 0",  # a cell that did not run: no bar, its status at 0
        from_ms="datum.low_ms != null ? datum.low_ms : (datum.ok ? datum.median_ms : 0)",
        to_ms="datum.high_ms != null ? datum.high_ms : (datum.ok ? datum.median_ms : 0)",
        value_text="datum.ok ? datum.median_text : ''",
        missing_text="datum.ok ? '' : datum.status_text",
    ).resolve_scale(x="independent")
    return _to_spec(chart)


def _speedup_template() -> dict[str, Any]:
    y = alt.Y("row:N", sort=_by("row_rank"), title=None, axis=alt.Axis(labelLimit=280))
    offset = alt.YOffset("series:N", sort=_by("framework_rank"))
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
        _tip("bench.chart.mode", "mode"), _tip("bench.chart.speedup", "ratio_text"),
        _tip("bench.chart.speedup_range", "range_text"), _tip("bench.chart.eager", "eager_text"),
        _tip("bench.chart.compiled", "compiled_text"), _tip("bench.chart.run", "run"),
    ]
    base = alt.Chart()
    bars = base.mark_bar().encode(
        y=y, yOffset=offset, x=alt.X("ratio:Q", title=_w("bench.chart.speedup_axis"), scale=alt.Scale(zero=True), stack=None),
        color=_colour(), tooltip=tooltip)
    whiskers = base.mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=offset, x="from:Q", x2="to:Q", color=alt.value("currentColor"), tooltip=tooltip)
    labels = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE).encode(
        y=y, yOffset=offset, x="to:Q", text="label:N", color=alt.value("currentColor"))
    even = base.mark_rule(strokeDash=[4, 3]).encode(x=alt.datum(1), color=alt.value("gray"))
    layered = alt.layer(bars, whiskers, labels, even, data=alt.NamedData(name=DATA)).properties(
        height=_bar_height(), width=260)
    chart = _positions(
        layered,
        **{"from": "datum.low != null ? datum.low : datum.ratio", "to": "datum.high != null ? datum.high : datum.ratio"},
    )
    return _to_spec(chart)


def _startup_template(parts: tuple[str, ...]) -> dict[str, Any]:
    colour = _colour()
    charts = []
    if "imports" in parts:
        y = alt.Y("framework:N", title=None, sort=_by("framework_rank"))
        tooltip = [_tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
                   _tip("bench.chart.import", "text"), _tip("bench.chart.run", "run")]
        base = alt.Chart()
        bars = base.mark_bar().encode(
            y=y, x=alt.X("seconds:Q", title=_w("bench.chart.import_axis"), scale=alt.Scale(zero=True), stack=None),
            color=colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE).encode(
            y=y, x="seconds:Q", text="text:N", color=alt.value("currentColor"))
        charts.append(alt.layer(bars, labels, data=alt.NamedData(name="imports")).properties(
            title=_w("bench.chart.import_title"), width=300, height=alt.Step(BAR_STEP)))
    if "first" in parts:
        y = alt.Y("row:N", sort=_by("row_rank"), title=None, axis=alt.Axis(labelLimit=280))
        offset = alt.YOffset("series:N", sort=_by("framework_rank"))
        tooltip = [_tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
                   _tip("bench.chart.mode", "mode"), _tip("bench.chart.first", "text"),
                   _tip("bench.chart.steady", "steady_text"), _tip("bench.chart.first_ratio", "ratio_text")]
        base = alt.Chart()  # a dot per time: a bar on a log axis would start at an arbitrary value
        x = alt.X("seconds:Q", title=_w("bench.chart.first_axis"), scale=alt.Scale(type="log"),
                  axis=alt.Axis(format="~g"))
        dots = base.mark_circle(size=70, opacity=1).encode(y=y, yOffset=offset, x=x, color=colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=7, fontSize=FONT_SIZE).encode(
            y=y, yOffset=offset, x=x, text="label:N", color=alt.value("currentColor"))
        charts.append(alt.layer(dots, labels, data=alt.NamedData(name="first")).properties(
            height=_bar_height(), width=260, title=_w("bench.chart.first_title")))
    chart = alt.vconcat(*charts) if len(charts) > 1 else charts[0]
    return _to_spec(chart)


TIME_LABELS = "[utcFormat(datum.value, '%Y-%m-%d'), utcFormat(datum.value, '%H:%M')]"
"""A time axis label in two lines, date over time of day (UTC): runs of one day are told apart."""


def _history_template() -> dict[str, Any]:
    x = alt.X("date:T", title=_w("bench.chart.time_axis"), scale=alt.Scale(type="utc", nice=True),
              axis=alt.Axis(labelExpr=TIME_LABELS, labelAngle=0, labelSeparation=12, labelPadding=4,
                            labelFlush=True, tickCount=3))
    y = alt.Y("median_ms:Q", title=_w("bench.chart.step_ms"), scale=alt.Scale(zero=True))
    colour = _colour()
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.mode", "mode"),
        _tip("bench.chart.version", "version"), _tip("bench.chart.when", "when_text"),
        _tip("bench.chart.median", "median_text"), _tip("bench.chart.interval", "ci_text"),
        _tip("bench.chart.change", "change_text"), _tip("bench.chart.flagged", "flag_text"),
        _tip("bench.chart.run", "run"),
    ]
    base = alt.Chart()
    line = base.mark_line(point=True).encode(
        x=x, y=y, color=colour, strokeDash=alt.StrokeDash("mode:N", title=_w("bench.chart.mode")),
        detail="series:N", tooltip=tooltip)
    whiskers = base.mark_rule().encode(x=x, y="from_ms:Q", y2="to_ms:Q", color=colour, detail="series:N",
                                       tooltip=tooltip)
    versions = base.mark_text(align="left", dx=4, dy=-10, fontSize=FONT_SIZE).encode(
        x=x, y=y, text="label:N", color=colour)
    flags = base.mark_point(shape="diamond", size=160, filled=False, strokeWidth=2, color=FLAG_COLOUR).encode(
        x=x, y=y, opacity=alt.condition("datum.flagged", alt.value(1), alt.value(0)), tooltip=tooltip)
    layered = alt.layer(line, whiskers, versions, flags, data=alt.NamedData(name=DATA)).properties(width=250, height=200)
    chart = _positions(
        layered.facet(facet=alt.Facet("facet:N", sort=_by("facet_rank"), title=None), columns=2),
        from_ms="datum.low_ms != null ? datum.low_ms : datum.median_ms",
        to_ms="datum.high_ms != null ? datum.high_ms : datum.median_ms",
    ).resolve_scale(y="independent")
    return _to_spec(chart)


BUILDERS = {
    "workload": _workload_template,
    "speedup": _speedup_template,
    "history": _history_template,
    "startup": _startup_template,
}
"""kind -> builder: ``builder(*extra)`` is the template ``template_key(kind, *extra)``."""

STARTUP_PARTS = (("imports",), ("first",), ("imports", "first"))
"""Every ``parts`` a start-up chart can have (``charts.startup_chart``)."""


def template_key(kind: str, *extra: Any) -> str:
    """The name of a template in chart_templates.json: 'workload', 'startup:imports,first'."""
    return ":".join([kind, *(",".join(e) for e in extra)])


def build(kind: str, *extra: Any) -> dict[str, Any]:
    return BUILDERS[kind](*extra)


def build_all() -> dict[str, dict[str, Any]]:
    """Every template, with the placeholder name in the colour scales."""
    out = {kind: build(kind) for kind in ("workload", "speedup", "history", "thennow")}
    for parts in STARTUP_PARTS:
        out[template_key("startup", parts)] = build("startup", parts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) chart_templates.json.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is missing or stale")
    args = parser.parse_args(argv)
    wanted = {"stamp": stamp(), "altair": metadata.version("altair"), "templates": build_all()}
    if args.check:
        try:
            current = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            current = None
        if current != wanted:
            print(f"{TEMPLATES_FILE} is missing or stale: run python -m bench.site.benchmarks.chartspecs", file=sys.stderr)
            return 1
        return 0
    TEMPLATES_FILE.write_text(json.dumps(wanted, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {TEMPLATES_FILE}")
    return 0



# --- then and now -----------------------------------------------------------------
#
# Two panels side by side on the same networks: time per training step on a log
# axis (ten years span two orders of magnitude) with labelled ticks, and the share of
# the GPU's peak on a linear axis from zero. 2016 is a hollow circle, today's FP32
# eager cell a filled square, today's fastest cell a filled triangle; the colour is the
# framework of today (Torch's 2016 figure in PyTorch's colour).

THENNOW_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
"""Milliseconds labelled on the log axis (those inside the data's range are drawn)."""


def _thennow_template() -> dict[str, Any]:
    y = alt.Y("network:N", sort=_by("network_rank"), title=None,
              axis=alt.Axis(labelLimit=180, labelFontSize=FONT_SIZE))
    legend = {"orient": "bottom", "direction": "vertical", "labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE}
    colour = _colour()
    colour["legend"] = alt.Legend(**legend)
    shape = alt.Shape("era:N", sort=_by("era_rank"), title=_w("bench.histnow.era"), legend=alt.Legend(**legend),
                      scale=alt.Scale(range=["circle", "square", "triangle-right"]))
    fill = alt.condition("datum.era_rank == 0", alt.value("transparent"), colour)
    tooltip = [
        _tip("bench.histnow.network", "source_text"), _tip("bench.histnow.batch", "batch_text"),
        _tip("bench.chart.framework", "framework"), _tip("bench.histnow.era", "era"),
        _tip("bench.histnow.setting", "setting"), _tip("bench.chart.median", "time_text"),
        _tip("bench.histnow.share_tip", "share_text"), _tip("bench.histnow.speedup_tip", "speedup_text"),
        _tip("bench.chart.version", "version"), _tip("bench.chart.run", "run"),
    ]
    axis = {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE}
    time_x = alt.X("ms:Q", title=_w("bench.histnow.axis_time"),
                   scale=alt.Scale(type="log"), axis=alt.Axis(values=THENNOW_TICKS, format="~g", **axis))
    base = alt.Chart()
    span = base.transform_aggregate(low="min(ms)", high="max(ms)", groupby=["network"]).mark_rule(
        color="gray", strokeWidth=1.5).encode(y=y, x=alt.X("low:Q", scale=alt.Scale(type="log")), x2="high:Q")
    points = base.mark_point(size=90, strokeWidth=2, opacity=1).encode(
        y=y, x=time_x, color=colour, shape=shape, fill=fill, tooltip=tooltip)
    time_panel = alt.layer(span, points).properties(width=280, height=alt.Step(24))
    share_x = alt.X("share:Q", title=_w("bench.histnow.axis_share"), scale=alt.Scale(zero=True),
                    axis=alt.Axis(**axis))
    shared = base.transform_filter("datum.share != null")
    share_points = shared.mark_point(size=90, strokeWidth=2, opacity=1).encode(
        y=alt.Y("network:N", sort=_by("network_rank"), title=None, axis=None),
        x=share_x, color=colour, shape=shape, fill=fill, tooltip=tooltip)
    full = base.mark_rule(strokeDash=[4, 3], color="gray").encode(x=alt.datum(100))
    share_panel = alt.layer(share_points, full).properties(width=150, height=alt.Step(24))
    chart = alt.hconcat(time_panel, share_panel, data=alt.NamedData(name=DATA)).resolve_scale(y="shared")
    return _to_spec(chart)


BUILDERS["thennow"] = _thennow_template


if __name__ == "__main__":
    sys.exit(main())
