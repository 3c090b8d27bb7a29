"""Vega-Lite chart specs, made with altair at build time, in the page's language.

Four kinds, each a function returning a spec dict:

- ``workload_chart``: one hardware, one workload: frameworks side by side for
  every precision and mode, bars at the median with the 95% interval; cells
  that did not run are written where their bar would stand.
- ``speedup_chart``: compiled (or graph) mode over eager, per framework.
- ``startup_chart``: import time per framework and time of the first step.
- ``history_chart``: one hardware, one workload: each cell's median and interval
  over time, the framework version where it changed, flagged changes.

Each kind is built with altair once per build (a *template*: the encodings,
scales, and the keys of the words of axes, legends and tooltips), with its data
as named datasets; a chart is the template in the page's language plus its
rows, title and description. Orders
come from rank fields in the rows, so the template does not depend on the data.
altair costs a tenth of a second or more per spec; a template per kind keeps the
build time flat in the number of hardware kinds, workloads and runs.

Numbers in tooltips are formatted in Python (``text.py``), as in the tables;
axis numbers follow ``config.locale`` of the language. Colours are fixed per
framework across every chart. The page's light or dark scheme is applied in the
browser (``charts.js``), not here. ``tests/site/benchmarks`` validates every
kind against the Vega-Lite schema that altair ships.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import altair as alt
import pandas as pd
import vl_convert as vlc
from altair.utils import schemapi

from .cells import Results
from .history import Series
from .tables import Setting, setting_label
from .text import fmt_bytes, fmt_interval, fmt_rate, fmt_ratio, fmt_time, t, t_or

FRAMEWORK_COLOURS = ["#ee4c2c", "#ff8f00", "#4285f4", "#2932e1", "#00a870", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd"]
"""One colour per framework, in the order of data/frameworks.yaml (PyTorch's red, TensorFlow's orange, ...)."""
FLAG_COLOUR = "#d62728"
LOCALES = {"en": "en-US", "zh": "zh-CN"}
BAR_STEP = 16  # pixels per bar
DATA = "table"  # the name of a chart's (main) dataset
HISTORY_POINTS = 60
"""Points per cell in a history chart: the latest runs (the history page's CSV has every point)."""


@functools.cache
def locale_config(lang: str) -> dict[str, Any]:
    """d3 number and time locales for ``lang`` (vl-convert ships d3's locale files)."""
    name = LOCALES[lang]
    return {"number": vlc.get_format_locale(name), "time": vlc.get_time_format_locale(name)}


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


_WORD = re.compile(r"^⟦(bench\.[a-z_.]+)⟧$")


def localize(node: Any, lang: str) -> Any:
    """A copy of a template with every word (``_w``) in ``lang``."""
    if isinstance(node, dict):
        return {key: localize(value, lang) for key, value in node.items()}
    if isinstance(node, list):
        return [localize(value, lang) for value in node]
    if isinstance(node, str) and (match := _WORD.match(node)):
        return t(match.group(1), lang)
    return node


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


TEMPLATES = {
    "workload": _workload_template,
    "speedup": _speedup_template,
    "history": _history_template,
}


def template(res: Results, kind: str, lang: str, *extra) -> dict[str, Any]:
    """The spec of ``kind`` in ``lang``: built with altair once per build, then copied and localized."""
    cache = res.memo.setdefault("chart_templates", {})
    key = (kind, *extra)
    if key not in cache:
        names = tuple(res.framework_name(fid) for fid in res.framework_order)
        build = _startup_template if kind == "startup" else TEMPLATES[kind]
        cache[key] = build(names, *extra)
    spec = localize(cache[key], lang)
    spec["config"]["locale"] = locale_config(lang)
    return spec


def _fill(spec: dict[str, Any], title: str, description: str, **datasets: list[dict]) -> dict[str, Any]:
    spec["title"]["text"] = title
    spec["description"] = description
    present = {row["framework"] for rows in datasets.values() for row in rows if "framework" in row}
    _restrict_colours(spec, present)  # before the data goes in: the walk need not visit every row
    spec["datasets"] = {name: [_json_safe(row) for row in rows] for name, rows in datasets.items()}
    return spec


def _restrict_colours(node: Any, present: set[str]) -> None:
    """Keep only the frameworks a chart shows in its colour scales (and so in its legend), colours unchanged."""
    if isinstance(node, dict):
        scale = node.get("scale")
        if node.get("field") == "framework" and isinstance(scale, dict) and "domain" in scale:
            pairs = [(d, r) for d, r in zip(scale["domain"], scale["range"]) if d in present]
            scale["domain"] = [d for d, _ in pairs]
            scale["range"] = [r for _, r in pairs]
        for value in node.values():
            _restrict_colours(value, present)
    elif isinstance(node, list):
        for value in node:
            _restrict_colours(value, present)


_PLAIN = (str, bool, int)


def _json_safe(row: dict) -> dict:
    """A row JSON can hold: no NaN, no pandas NA, no numpy scalars."""
    out = {}
    for key, value in row.items():
        if value is None or isinstance(value, _PLAIN):
            out[key] = value
        elif isinstance(value, float):
            out[key] = None if math.isnan(value) else value
        elif value is pd.NA:
            out[key] = None
        elif hasattr(value, "item"):  # numpy scalars
            out[key] = value.item()
        else:
            out[key] = value
    return out


def _phase_label(phase: str, batch: int, lang: str) -> str:
    return t("bench.setting.phase_batch", lang, phase=t(f"bench.phase.{phase}", lang), batch=batch)


def _present(value) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def _facet_label(phase: str, batch: int, precision: str, lang: str) -> str:
    return f"{_phase_label(phase, batch, lang)} · {t_or('bench.precision.' + precision, lang, precision)}"


def _facet_rank(phase: str, batch: int, precision: str) -> int:
    s = Setting.of(phase, batch, precision, "")
    return (s.phase_rank * 100_000 + s.batch_size) * 10 + s.precision_rank


def _framework_rank(res: Results, framework: str) -> int:
    order = res.framework_order
    return order.index(framework) if framework in order else len(order)


MODE_ORDER = ("eager", "function", "compile", "xla")


def _series_rank(res: Results, framework: str, mode: str) -> int:
    """Frameworks in their order, and each framework's modes in MODE_ORDER."""
    return _framework_rank(res, framework) * 10 + (MODE_ORDER.index(mode) if mode in MODE_ORDER else 9)


def _workload_rank(res: Results, workload: str) -> int:
    order = res.workload_order
    return order.index(workload) if workload in order else len(order)


# --- per workload ------------------------------------------------------------------

def workload_rows(res: Results, hardware_key: str, workload: str, lang: str) -> list[dict]:
    rows = []
    for r in res.latest_records(hardware_key, workload):
        setting = Setting.of(r["phase"], r["batch_size"], r["precision"], r["mode_class"])
        ok = r["status"] == "ok"
        median = r["median_s"] if ok else None
        has_ci = ok and _present(r["ci_low_s"]) and _present(r["ci_high_s"])
        rows.append({
            "framework": res.framework_name(r["framework"]),
            "framework_rank": _framework_rank(res, r["framework"]),
            "version": r["version"] or "",
            "phase": _phase_label(r["phase"], r["batch_size"], lang),
            "phase_rank": setting.phase_rank * 100_000 + setting.batch_size,
            "setting": setting_label(setting, lang)[1],
            "setting_rank": setting.precision_rank * 10 + setting.mode_rank,
            "mode": t_or(f"bench.mode.{r['mode']}", lang, r["mode"]),
            "ok": ok,
            "median_ms": median * 1e3 if ok else None,
            "low_ms": r["ci_low_s"] * 1e3 if has_ci else None,
            "high_ms": r["ci_high_s"] * 1e3 if has_ci else None,
            "median_text": fmt_time(median, lang) if ok else t(f"bench.status.{r['status']}", lang),
            "ci_text": fmt_interval(r["ci_low_s"], r["ci_high_s"], lang, median) if has_ci else t("bench.none", lang),
            "rate_text": fmt_rate(r["throughput"] if ok else None, r["throughput_unit"], lang),
            "memory_text": fmt_bytes(r["peak_memory_bytes"] if _present(r["peak_memory_bytes"]) else None, lang),
            "status_text": t(f"bench.status.{r['status']}", lang),
            "reason": r["reason"] or "",
            "run": r["run"],
        })
    return rows


def workload_chart(res: Results, hardware_key: str, workload: str, lang: str) -> dict[str, Any] | None:
    rows = workload_rows(res, hardware_key, workload, lang)
    if not rows:
        return None
    hw = res.hardware_by_key(hardware_key)
    name = res.workload_name(workload)
    return _fill(template(res, "workload", lang), t("bench.chart.workload_title", lang, workload=name),
                 t("bench.chart.workload_desc", lang, workload=name, hardware=hw.name), **{DATA: rows})


# --- compiled over eager ----------------------------------------------------------

def speedup_rows(res: Results, hardware_key: str, lang: str) -> list[dict]:
    oks = [r for r in res.latest_records(hardware_key) if r["status"] == "ok"]
    eager = {(r["framework"], r["workload"], r["phase"], r["precision"], r["batch_size"]): r
             for r in oks if r["mode"] == "eager"}
    rows = []
    for r in oks:
        if r["mode"] == "eager":
            continue
        e = eager.get((r["framework"], r["workload"], r["phase"], r["precision"], r["batch_size"]))
        if e is None:
            continue
        ratio = e["median_s"] / r["median_s"]
        have_ci = all(_present(v) for v in (e["ci_low_s"], e["ci_high_s"], r["ci_low_s"], r["ci_high_s"]))
        low = e["ci_low_s"] / r["ci_high_s"] if have_ci else None
        high = e["ci_high_s"] / r["ci_low_s"] if have_ci else None
        mode = t_or(f"bench.mode.{r['mode']}", lang, r["mode"])
        rows.append({
            "framework": res.framework_name(r["framework"]),
            "workload": res.workload_name(r["workload"]),
            "workload_rank": _workload_rank(res, r["workload"]),
            "facet": _facet_label(r["phase"], r["batch_size"], r["precision"], lang),
            "facet_rank": _facet_rank(r["phase"], r["batch_size"], r["precision"]),
            "mode": mode,
            "series": f"{res.framework_name(r['framework'])} · {mode}",
            "framework_rank": _series_rank(res, r["framework"], r["mode"]),
            "label": f"{mode} {fmt_ratio(ratio, lang)}",
            "ratio": ratio, "low": low, "high": high,
            "ratio_text": fmt_ratio(ratio, lang),
            "range_text": f"{fmt_ratio(low, lang)}–{fmt_ratio(high, lang)}" if have_ci else t("bench.none", lang),
            "eager_text": fmt_time(e["median_s"], lang),
            "compiled_text": fmt_time(r["median_s"], lang),
            "version": r["version"] or "",
        })
    return rows


def speedup_chart(res: Results, hardware_key: str, lang: str) -> dict[str, Any] | None:
    rows = speedup_rows(res, hardware_key, lang)
    if not rows:
        return None
    hw = res.hardware_by_key(hardware_key)
    return _fill(template(res, "speedup", lang), t("bench.chart.speedup_title", lang),
                 t("bench.chart.speedup_desc", lang, hardware=hw.name), **{DATA: rows})


# --- start-up ---------------------------------------------------------------------

def startup_rows(res: Results, hardware_key: str, lang: str) -> tuple[list[dict], list[dict]]:
    rank = {fid: i for i, fid in enumerate(res.framework_order)}
    imports = [
        {"framework": res.framework_name(fid), "framework_rank": rank.get(fid, len(rank)), "seconds": seconds,
         "text": fmt_time(seconds, lang), "version": version or "", "run": run}
        for fid, (seconds, version, run) in res.import_times(hardware_key).items()
    ]
    first = []
    for r in res.latest_records(hardware_key):
        if r["status"] != "ok" or r["first_step_s"] is None:
            continue
        mode = t_or(f"bench.mode.{r['mode']}", lang, r["mode"])
        first.append({
            "framework": res.framework_name(r["framework"]), "workload": res.workload_name(r["workload"]),
            "workload_rank": _workload_rank(res, r["workload"]), "mode": mode,
            "series": f"{res.framework_name(r['framework'])} · {mode}",
            "framework_rank": _series_rank(res, r["framework"], r["mode"]),
            "label": f"{mode} {fmt_time(r['first_step_s'], lang)}",
            "facet": _facet_label(r["phase"], r["batch_size"], r["precision"], lang),
            "facet_rank": _facet_rank(r["phase"], r["batch_size"], r["precision"]),
            "seconds": r["first_step_s"], "text": fmt_time(r["first_step_s"], lang),
            "steady_text": fmt_time(r["median_s"], lang), "ratio_text": fmt_ratio(r["first_step_s"] / r["median_s"], lang),
            "version": r["version"] or "",
        })
    if first:  # bars on a log scale need a finite start: half the smallest value shown
        start = min(row["seconds"] for row in first) / 2
        for row in first:
            row["start"] = start
    return imports, first


def startup_chart(res: Results, hardware_key: str, lang: str) -> dict[str, Any] | None:
    imports, first = startup_rows(res, hardware_key, lang)
    parts = tuple(name for name, rows in (("imports", imports), ("first", first)) if rows)
    if not parts:
        return None
    hw = res.hardware_by_key(hardware_key)
    data = {name: rows for name, rows in (("imports", imports), ("first", first)) if rows}
    return _fill(template(res, "startup", lang, parts), t("bench.chart.startup_title", lang),
                 t("bench.chart.startup_desc", lang, hardware=hw.name), **data)


# --- history ----------------------------------------------------------------------

def history_rows(res: Results, series: list[Series], lang: str) -> list[dict]:
    """One row per point (the latest HISTORY_POINTS of each series); words looked up once per series."""
    none, yes, no = t("bench.none", lang), t("bench.history.flag_yes", lang), t("bench.history.flag_no", lang)
    rows = []
    for s in series:
        framework = res.framework_name(s.framework)
        mode = t_or(f"bench.mode.{s.mode}", lang, s.mode)
        common = {"framework": framework, "mode": mode, "series": f"{framework} · {mode}",
                  "facet": _facet_label(s.phase, s.batch_size, s.precision, lang),
                  "facet_rank": _facet_rank(s.phase, s.batch_size, s.precision)}
        for index, p in enumerate(s.points[-HISTORY_POINTS:]):
            has_ci = p.ci_low_s is not None and p.ci_high_s is not None
            rows.append({
                **common,
                "date": p.started_at.isoformat(),
                "median_ms": p.median_s * 1e3,
                "low_ms": p.ci_low_s * 1e3 if has_ci else None,
                "high_ms": p.ci_high_s * 1e3 if has_ci else None,
                "version": p.version or "",
                "label": (p.version or "") if (index == 0 or p.new_version) else "",
                "flagged": p.flagged,
                "median_text": fmt_time(p.median_s, lang),
                "ci_text": fmt_interval(p.ci_low_s, p.ci_high_s, lang, p.median_s) if has_ci else none,
                "change_text": none if p.change is None else f"{p.change * 100:+.1f}%",
                "flag_text": yes if p.flagged else no,
                "run": p.run,
            })
    return rows


def history_chart(res: Results, hardware_key: str, workload: str, series: list[Series], lang: str) -> dict[str, Any] | None:
    series = [s for s in series if s.hardware == hardware_key and s.workload == workload]
    if not series:
        return None
    hw = res.hardware_by_key(hardware_key)
    name = res.workload_name(workload)
    return _fill(template(res, "history", lang), t("bench.chart.history_title", lang, workload=name),
                 t("bench.chart.history_desc", lang, workload=name, hardware=hw.name),
                 **{DATA: history_rows(res, series, lang)})
