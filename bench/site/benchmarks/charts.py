"""Vega-Lite chart specs, made with altair at build time, in the page's language.

Four kinds, each a function returning a spec dict:

- ``workload_chart``: one hardware, one workload: frameworks side by side for
  every precision and mode, bars at the median with the 95% interval; cells
  that did not run are written where their bar would stand.
- ``speedup_chart``: compiled (or graph) mode over eager, per framework.
- ``startup_chart``: import time per framework and time of the first step.
- ``history_chart``: one hardware, one workload: each cell's median and interval
  over time, the framework version where it changed, flagged changes.

Each kind is built with altair (``chartspecs.py``) as a *template*: the
encodings, scales, and the keys of the words of axes, legends and tooltips, with
its data as named datasets; a chart is the template in the page's language plus
its rows, title and description. Orders come from rank fields in the rows, so the
template does not depend on the data. altair costs a tenth of a second or more
per spec, and its import half a second: the build reads the templates that
altair made from ``chart_templates.json`` (checked against altair by the tests,
ignored when stale), and makes each once per build, which keeps the build time
flat in the number of hardware kinds, workloads and runs.

Numbers in tooltips are formatted in Python (``text.py``), as in the tables;
axis numbers follow ``config.locale`` of the language. Colours are fixed per
framework across every chart. The page's light or dark scheme is applied in the
browser (``charts.js``), not here. ``tests/site/benchmarks`` validates every
kind against the Vega-Lite schema that altair ships.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from .cells import Results
from .history import Series
from .reasons import reason_text
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
NAMES_PLACEHOLDER = "⟨frameworks⟩"
"""The one framework name of the colour scales in chart_templates.json (``with_names`` replaces it)."""
TEMPLATES_FILE = Path(__file__).with_name("chart_templates.json")


@functools.cache
def locale_config(lang: str) -> dict[str, Any]:
    """d3 number and time locales for ``lang`` (vl-convert ships d3's locale files)."""
    import vl_convert as vlc  # here: only the charts need it

    name = LOCALES[lang]
    return {"number": vlc.get_format_locale(name), "time": vlc.get_time_format_locale(name)}


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


# --- templates: made by altair (chartspecs.py), read from chart_templates.json ----------

def stamp() -> str:
    """What the templates are made from: chartspecs.py, the constants it takes from here, altair's version."""
    source = Path(__file__).with_name("chartspecs.py").read_bytes()
    consts = repr((FRAMEWORK_COLOURS, FLAG_COLOUR, BAR_STEP, DATA, NAMES_PLACEHOLDER)).encode()
    digest = hashlib.sha256(source + b"\0" + consts).hexdigest()[:16]
    return f"altair {metadata.version('altair')}, {digest}"


@functools.cache
def _vendored() -> dict[str, Any]:
    """The templates of chart_templates.json, or {} when the file is missing or stale (then altair builds them)."""
    try:
        doc = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc.get("templates", {}) if doc.get("stamp") == stamp() else {}


def with_names(node: Any, names: tuple[str, ...]) -> Any:
    """A copy of a template with the frameworks' names and colours in place of ``NAMES_PLACEHOLDER``."""
    if isinstance(node, dict):
        scale = node.get("scale")
        if node.get("field") == "framework" and isinstance(scale, dict) and scale.get("domain") == [NAMES_PLACEHOLDER]:
            scale = {**scale, "domain": list(names),
                     "range": [FRAMEWORK_COLOURS[i % len(FRAMEWORK_COLOURS)] for i in range(len(names))]}
            return {key: scale if key == "scale" else with_names(value, names) for key, value in node.items()}
        return {key: with_names(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [with_names(value, names) for value in node]
    return node


def _chartspecs():
    from . import chartspecs  # altair: imported only when chart_templates.json is stale

    return chartspecs


def _workload_template(names: tuple[str, ...]) -> dict[str, Any]:
    return _chartspecs()._workload_template(names)


def _speedup_template(names: tuple[str, ...]) -> dict[str, Any]:
    return _chartspecs()._speedup_template(names)


def _startup_template(names: tuple[str, ...], parts: tuple[str, ...]) -> dict[str, Any]:
    return _chartspecs()._startup_template(names, parts)


def _history_template(names: tuple[str, ...]) -> dict[str, Any]:
    return _chartspecs()._history_template(names)


TEMPLATES = {
    "workload": _workload_template,
    "speedup": _speedup_template,
    "history": _history_template,
}


def _build_template(kind: str, names: tuple[str, ...], *extra) -> dict[str, Any]:
    vendored = _vendored().get(":".join([kind, *(",".join(e) for e in extra)]))
    if vendored is not None:
        return with_names(vendored, names)
    build = _startup_template if kind == "startup" else TEMPLATES[kind]
    return build(names, *extra)


def template(res: Results, kind: str, lang: str, *extra) -> dict[str, Any]:
    """The spec of ``kind`` in ``lang``: made once per build (``_build_template``), then copied and localized."""
    cache = res.memo.setdefault("chart_templates", {})
    key = (kind, *extra)
    if key not in cache:
        names = tuple(res.framework_name(fid) for fid in res.framework_order)
        cache[key] = _build_template(kind, names, *extra)
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
    for value in row.values():  # most rows hold plain values only: then the row itself
        kind = type(value)
        if kind is float:
            if math.isnan(value):
                break
        elif value is not None and kind is not str and kind is not bool and kind is not int:
            break
    else:
        return row
    out = {}
    for key, value in row.items():
        if value is None or isinstance(value, _PLAIN):
            out[key] = value
        elif isinstance(value, float):
            out[key] = None if math.isnan(value) else value
        elif _is_na(value):
            out[key] = None
        elif hasattr(value, "item"):  # numpy scalars
            out[key] = value.item()
        else:
            out[key] = value
    return out


def _phase_label(phase: str, batch: int, lang: str) -> str:
    return t("bench.setting.phase_batch", lang, phase=t(f"bench.phase.{phase}", lang), batch=batch)


def _is_na(value) -> bool:
    """pandas' NA (only where pandas is loaded: without it no value can be NA; the build does not load it)."""
    pd = sys.modules.get("pandas")
    return pd is not None and value is pd.NA


def _present(value) -> bool:
    return value is not None and not _is_na(value) and not (isinstance(value, float) and math.isnan(value))


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
            "mode": res.mode_label(r["mode"], lang),
            "ok": ok,
            "median_ms": median * 1e3 if ok else None,
            "low_ms": r["ci_low_s"] * 1e3 if has_ci else None,
            "high_ms": r["ci_high_s"] * 1e3 if has_ci else None,
            "median_text": fmt_time(median, lang) if ok else t(f"bench.status.{r['status']}", lang),
            "ci_text": fmt_interval(r["ci_low_s"], r["ci_high_s"], lang, median) if has_ci else t("bench.none", lang),
            "rate_text": fmt_rate(r["throughput"] if ok else None, r["throughput_unit"], lang),
            "memory_text": fmt_bytes(r["peak_memory_bytes"] if _present(r["peak_memory_bytes"]) else None, lang),
            "status_text": t(f"bench.status.{r['status']}", lang),
            "reason": reason_text(r["reason"], lang),
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
        mode = res.mode_label(r["mode"], lang)
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
        mode = res.mode_label(r["mode"], lang)
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
        mode = res.mode_label(s.mode, lang)
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
