"""The chart templates, built with altair: one Vega-Lite spec per kind of chart (``charts.py``).

A template holds the encodings, scales and the keys of the words (``_w``) of a
kind of chart, not its data. ``charts.template`` fills in the frameworks' names
and colours, the words of the page's language and the rows.

altair and the building cost about a second per build process, so the build
reads the templates from ``chart_templates.json`` next to this file, written by

    .venv/bin/python -m bench.site.benchmarks.chartspecs          # write chart_templates.json
    .venv/bin/python -m bench.site.benchmarks.chartspecs --check  # exit 1 if it is missing or stale

The file carries a stamp of what made it (this module's source, the constants of
``charts.py`` it uses, altair's version); when the stamp does not match, the
build ignores the file and builds the templates here, so a stale file costs time,
never a wrong chart. ``tests/site/benchmarks/test_charts.py`` checks that the
file is current and equal to what altair builds.

The frameworks' colour scale is built with one placeholder name
(``NAMES_PLACEHOLDER``); ``charts.with_names`` puts the real names and colours in.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import altair as alt
from altair.utils import schemapi

from .charts import BAR_STEP, DATA, FLAG_COLOUR, FRAMEWORK_COLOURS, NAMES_PLACEHOLDER, TEMPLATES_FILE, stamp


def _w(key: str) -> str:
    """A word of the template, filled in per language by ``localize`` (strings.yaml key in brackets)."""
    return f"⟦{key}⟧"


def _tip(key: str, field: str) -> alt.Tooltip:
    return alt.Tooltip(f"{field}:N", title=_w(key))


def _by(field: str) -> alt.EncodingSortField:
    return alt.EncodingSortField(field=field, op="min")


def _colour(names: tuple[str, ...]) -> alt.Color:
    scale = alt.Scale(domain=list(names), range=[FRAMEWORK_COLOURS[i % len(FRAMEWORK_COLOURS)] for i in range(len(names))])
    return alt.Color("framework:N", scale=scale, title=_w("bench.chart.framework"))


def _to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    with schemapi.debug_mode(False):  # validation belongs to the tests: it costs a second per spec
        chart = chart.properties(title=alt.TitleParams("", anchor="start"), description="")
        chart = chart.configure(background="transparent").configure_view(stroke=None)
        return chart.to_dict(validate=False)


# --- templates: one altair build per kind and build ---------------------------------
#
# Bars are horizontal: settings and workload names read left to right, and the
# value is written at the end of each bar.

def _bar_height() -> alt.Step:
    return alt.Step(BAR_STEP, **{"for": "offset"})


def _workload_template(names: tuple[str, ...]) -> dict[str, Any]:
    y = alt.Y("setting:N", sort=_by("setting_rank"), title=None, axis=alt.Axis(labelLimit=160))
    offset = alt.YOffset("framework:N", sort=_by("framework_rank"))
    colour = _colour(names)
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
        _tip("bench.chart.mode", "mode"), _tip("bench.chart.median", "median_text"),
        _tip("bench.chart.interval", "ci_text"), _tip("bench.chart.throughput", "rate_text"),
        _tip("bench.chart.memory", "memory_text"), _tip("bench.chart.run", "run"),
    ]
    base = alt.Chart()
    ok = base.transform_filter("datum.ok")
    x = alt.X("median_ms:Q", title=_w("bench.chart.step_ms"))
    bars = ok.mark_bar().encode(y=y, yOffset=offset, color=colour, x=x, tooltip=tooltip)
    whiskers = ok.transform_filter("datum.low_ms != null").mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=offset, x="low_ms:Q", x2="high_ms:Q", color=alt.value("currentColor"), tooltip=tooltip)
    values = ok.transform_calculate(end="datum.high_ms != null ? datum.high_ms : datum.median_ms").mark_text(
        align="left", dx=4, fontSize=10).encode(y=y, yOffset=offset, x="end:Q", text="median_text:N",
                                                color=alt.value("currentColor"))
    missing = base.transform_filter("!datum.ok").mark_text(align="left", dx=2, fontSize=10).encode(
        y=y, yOffset=offset, x=alt.datum(0), text="status_text:N", color=colour,
        tooltip=[_tip("bench.chart.framework", "framework"), _tip("bench.chart.status", "status_text"),
                 _tip("bench.chart.reason", "reason")])
    layered = alt.layer(bars, whiskers, values, missing, data=alt.NamedData(name=DATA)).properties(
        height=_bar_height(), width=300)
    chart = layered.facet(column=alt.Column("phase:N", sort=_by("phase_rank"), title=None)).resolve_scale(
        x="independent", y="independent")
    return _to_spec(chart)


def _speedup_template(names: tuple[str, ...]) -> dict[str, Any]:
    y = alt.Y("workload:N", sort=_by("workload_rank"), title=None, axis=alt.Axis(labelLimit=160))
    offset = alt.YOffset("series:N", sort=_by("framework_rank"))
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
        _tip("bench.chart.mode", "mode"), _tip("bench.chart.speedup", "ratio_text"),
        _tip("bench.chart.speedup_range", "range_text"), _tip("bench.chart.eager", "eager_text"),
        _tip("bench.chart.compiled", "compiled_text"),
    ]
    base = alt.Chart()
    bars = base.mark_bar().encode(
        y=y, yOffset=offset, x=alt.X("ratio:Q", title=_w("bench.chart.speedup_axis"), scale=alt.Scale(zero=True)),
        color=_colour(names), tooltip=tooltip)
    whiskers = base.transform_filter("datum.low != null").mark_rule(strokeWidth=1.5).encode(
        y=y, yOffset=offset, x="low:Q", x2="high:Q", color=alt.value("currentColor"), tooltip=tooltip)
    labels = base.transform_calculate(end="datum.high != null ? datum.high : datum.ratio").mark_text(
        align="left", dx=4, fontSize=10).encode(y=y, yOffset=offset, x="end:Q", text="label:N",
                                                color=alt.value("currentColor"))
    even = base.mark_rule(strokeDash=[4, 3]).encode(x=alt.datum(1), color=alt.value("gray"))
    chart = alt.layer(bars, whiskers, labels, even, data=alt.NamedData(name=DATA)).properties(
        height=_bar_height(), width=300).facet(
        facet=alt.Facet("facet:N", sort=_by("facet_rank"), title=None), columns=2).resolve_scale(y="independent")
    return _to_spec(chart)


def _startup_template(names: tuple[str, ...], parts: tuple[str, ...]) -> dict[str, Any]:
    colour = _colour(names)
    charts = []
    if "imports" in parts:
        y = alt.Y("framework:N", title=None, sort=_by("framework_rank"))
        tooltip = [_tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
                   _tip("bench.chart.import", "text"), _tip("bench.chart.run", "run")]
        base = alt.Chart()
        bars = base.mark_bar().encode(y=y, x=alt.X("seconds:Q", title=_w("bench.chart.import_axis")),
                                      color=colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=4, fontSize=10).encode(
            y=y, x="seconds:Q", text="text:N", color=alt.value("currentColor"))
        charts.append(alt.layer(bars, labels, data=alt.NamedData(name="imports")).properties(
            title=_w("bench.chart.import_title"), width=300, height=alt.Step(BAR_STEP)))
    if "first" in parts:
        y = alt.Y("workload:N", sort=_by("workload_rank"), title=None, axis=alt.Axis(labelLimit=160))
        offset = alt.YOffset("series:N", sort=_by("framework_rank"))
        tooltip = [_tip("bench.chart.framework", "framework"), _tip("bench.chart.version", "version"),
                   _tip("bench.chart.mode", "mode"), _tip("bench.chart.first", "text"),
                   _tip("bench.chart.steady", "steady_text"), _tip("bench.chart.first_ratio", "ratio_text")]
        base = alt.Chart()  # rows carry "start": bars on a log scale need a finite start (startup_rows)
        x = alt.X("seconds:Q", title=_w("bench.chart.first_axis"), scale=alt.Scale(type="log"))
        bars = base.mark_bar().encode(y=y, yOffset=offset, x=x, x2="start:Q", color=colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=4, fontSize=10).encode(
            y=y, yOffset=offset, x=x, text="label:N", color=alt.value("currentColor"))
        charts.append(alt.layer(bars, labels).properties(height=_bar_height(), width=300).facet(
            facet=alt.Facet("facet:N", sort=_by("facet_rank"), title=None), columns=2,
            title=_w("bench.chart.first_title"), data=alt.NamedData(name="first"),
        ).resolve_scale(y="independent"))
    chart = alt.vconcat(*charts) if len(charts) > 1 else charts[0]
    return _to_spec(chart)


def _history_template(names: tuple[str, ...]) -> dict[str, Any]:
    x = alt.X("date:T", title=_w("bench.chart.date"), axis=alt.Axis(format="%Y-%m-%d", labelAngle=0))
    y = alt.Y("median_ms:Q", title=_w("bench.chart.step_ms"), scale=alt.Scale(zero=False))
    colour = _colour(names)
    tooltip = [
        _tip("bench.chart.framework", "framework"), _tip("bench.chart.mode", "mode"),
        _tip("bench.chart.version", "version"),
        alt.Tooltip("date:T", title=_w("bench.chart.date"), format="%Y-%m-%d %H:%M"),
        _tip("bench.chart.median", "median_text"), _tip("bench.chart.interval", "ci_text"),
        _tip("bench.chart.change", "change_text"), _tip("bench.chart.flagged", "flag_text"),
        _tip("bench.chart.run", "run"),
    ]
    base = alt.Chart()
    line = base.mark_line(point=True).encode(
        x=x, y=y, color=colour, strokeDash=alt.StrokeDash("mode:N", title=_w("bench.chart.mode")),
        detail="series:N", tooltip=tooltip)
    whiskers = base.transform_filter("datum.low_ms != null").mark_rule().encode(
        x=x, y="low_ms:Q", y2="high_ms:Q", color=colour, detail="series:N", tooltip=tooltip)
    versions = base.transform_filter("datum.label != ''").mark_text(dy=-10, fontSize=10).encode(
        x=x, y=y, text="label:N", color=colour)
    flags = base.transform_filter("datum.flagged").mark_point(
        shape="diamond", size=160, filled=False, strokeWidth=2, color=FLAG_COLOUR).encode(x=x, y=y, tooltip=tooltip)
    chart = alt.layer(line, whiskers, versions, flags, data=alt.NamedData(name=DATA)).properties(
        width=320, height=200).facet(
        facet=alt.Facet("facet:N", sort=_by("facet_rank"), title=None), columns=2).resolve_scale(y="independent")
    return _to_spec(chart)


BUILDERS = {
    "workload": _workload_template,
    "speedup": _speedup_template,
    "history": _history_template,
    "startup": _startup_template,
}

STARTUP_PARTS = (("imports",), ("first",), ("imports", "first"))
"""Every ``parts`` a start-up chart can have (``charts.startup_chart``)."""


def template_key(kind: str, *extra: Any) -> str:
    """The name of a template in chart_templates.json: 'workload', 'startup:imports,first'."""
    return ":".join([kind, *(",".join(e) for e in extra)])


def build_all() -> dict[str, dict[str, Any]]:
    """Every template, with the placeholder name in the colour scales."""
    names = (NAMES_PLACEHOLDER,)
    out = {kind: BUILDERS[kind](names) for kind in ("workload", "speedup", "history", "thennow")}
    for parts in STARTUP_PARTS:
        out[template_key("startup", parts)] = _startup_template(names, parts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) chart_templates.json.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is missing or stale")
    args = parser.parse_args(argv)
    wanted = {"stamp": stamp(), "templates": build_all()}
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


def _thennow_template(names: tuple[str, ...]) -> dict[str, Any]:
    y = alt.Y("network:N", sort=_by("network_rank"), title=None,
              axis=alt.Axis(labelLimit=180, labelFontSize=11))
    legend = {"orient": "bottom", "direction": "vertical", "labelFontSize": 11, "titleFontSize": 11}
    colour = _colour(names)
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
    axis = {"labelFontSize": 11, "titleFontSize": 11}
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
