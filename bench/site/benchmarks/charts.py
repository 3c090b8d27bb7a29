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
axis numbers follow ``config.locale`` of the language. Each framework has its
colour on every chart of the site (``chartstyle.FRAMEWORK_COLOURS``, keyed by
framework id). No layer of a chart filters its rows (see ``chartspecs``). The
page's light or dark scheme is applied in the browser (``charts.js``), not here. ``tests/site/benchmarks`` validates every
kind against the Vega-Lite schema that altair ships.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
from datetime import UTC
from typing import Any

from bench.data.runs import CellStatus

from .cells import Results, RunInfo, fell_back
from .chartstyle import DATA, NAMES_PLACEHOLDER, TEMPLATES_FILE, framework_colour, stamp
from .history import Series
from .reasons import reason_text
from .tables import Setting, setting_label
from .text import fmt_bytes, fmt_interval, fmt_rate, fmt_ratio, fmt_time, t, t_or

LOCALES = {"en": "en-US", "zh": "zh-CN"}
HISTORY_POINTS = 60
"""Points per cell in a history chart: the latest runs (the history page's CSV has every point)."""


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

@functools.cache
def _vendored() -> dict[str, Any]:
    """The templates of chart_templates.json, or {} when the file is missing or stale (then altair builds them)."""
    try:
        doc = json.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc.get("templates", {}) if doc.get("stamp") == stamp() else {}


def _build_template(kind: str, *extra: tuple[str, ...]) -> dict[str, Any]:
    """The template of ``kind`` from chart_templates.json, or built by altair when the file is stale."""
    vendored = _vendored().get(":".join([kind, *(",".join(e) for e in extra)]))
    if vendored is not None:
        return vendored
    from . import chartspecs  # altair: imported only when chart_templates.json is stale

    return chartspecs.build(kind, *extra)


def template(res: Results, kind: str, lang: str, *extra) -> dict[str, Any]:
    """The spec of ``kind`` in ``lang``: made once per build (``_build_template``), then copied and localized."""
    cache = res.memo.setdefault("chart_templates", {})
    key = (kind, *extra)
    if key not in cache:
        cache[key] = _build_template(kind, *extra)
    spec = localize(cache[key], lang)
    spec["config"]["locale"] = locale_config(lang)
    return spec


def site_colours(res: Results) -> dict[str, str]:
    """Framework name -> colour, for every framework of the site (listed or only in runs), in the site's order."""
    if "site_colours" not in res.memo:
        ids = list(res.framework_order)
        ids += res.order_frameworks({r.framework for info in res.runs for r in info.run.results} - set(ids))
        res.memo["site_colours"] = {res.framework_name(fid): framework_colour(fid) for fid in ids}
    return res.memo["site_colours"]


def _fill(res: Results, spec: dict[str, Any], title: str, description: str, **datasets: list[dict]) -> dict[str, Any]:
    spec["title"]["text"] = title
    spec["description"] = description
    present = {row["framework"] for rows in datasets.values() for row in rows if "framework" in row}
    shown = [(name, colour) for name, colour in site_colours(res).items() if name in present]
    _set_colours(spec, [name for name, _ in shown], [colour for _, colour in shown])
    spec["datasets"] = {name: [_json_safe(row) for row in rows] for name, rows in datasets.items()}
    return spec


def _set_colours(node: Any, names: list[str], colours: list[str]) -> None:
    """Put the frameworks a chart shows, and their colours, in its colour scales (and so in its legend)."""
    if isinstance(node, dict):
        scale = node.get("scale")
        if node.get("field") == "framework" and isinstance(scale, dict) and scale.get("domain") == [NAMES_PLACEHOLDER]:
            scale["domain"], scale["range"] = list(names), list(colours)
        for value in node.values():
            _set_colours(value, names, colours)
    elif isinstance(node, list):
        for value in node:
            _set_colours(value, names, colours)


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


def _row_of(res: Results, record: dict, lang: str) -> dict[str, Any]:
    """The row of a chart with a row per workload and setting: its label and rank, and the setting alone."""
    facet = _facet_label(record["phase"], record["batch_size"], record["precision"], lang)
    rank = _facet_rank(record["phase"], record["batch_size"], record["precision"])
    return {"row": f"{res.workload_name(record['workload'])} · {facet}",
            "row_rank": _workload_rank(res, record["workload"]) * 10**9 + rank,
            "facet": facet, "facet_rank": rank}


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
    return _fill(res, template(res, "workload", lang), t("bench.chart.workload_title", lang, workload=name),
                 t("bench.chart.workload_desc", lang, workload=name, hardware=hw.name), **{DATA: rows})


# --- compiled over eager ----------------------------------------------------------

def _eager_cells(res: Results, info: RunInfo) -> dict[tuple, Any]:
    """The eager cells of one run that can be compared (ok, measured on a quiet machine), by setting."""
    cache = res.memo.setdefault("eager_cells", {})
    if info.id not in cache:
        cache[info.id] = {(c.framework, c.workload, c.phase.value, c.precision.value, c.batch_size): c
                          for c in info.run.results
                          if c.mode == "eager" and c.status is CellStatus.ok and not c.contended}
    return cache[info.id]


def same_run_pairs(res: Results, hardware_key: str) -> list[tuple[dict, Any]]:
    """(compiled, eager) for each latest compiled or graph cell on this hardware that has a ratio to eager.

    Both cells come from the same run: medians of two runs differ by the run-to-run spread, which
    can be as large as the speed-up itself. A cell whose run has no comparable eager cell has no
    ratio, nor has one that fell back to eager (``cells.fell_back``). The compiled cell is a latest record
    (``Results.latest_records``), the eager one the run's own ``Result``.
    """
    pairs = []
    for r in res.latest_records(hardware_key):
        if r["mode"] == "eager" or r["status"] != "ok" or fell_back(r):
            continue
        info = res.run_by_id.get(r["run"])
        eager = _eager_cells(res, info).get(
            (r["framework"], r["workload"], r["phase"], r["precision"], r["batch_size"])) if info else None
        if eager is not None:
            pairs.append((r, eager))
    return pairs


def speedup_rows(res: Results, hardware_key: str, lang: str) -> list[dict]:
    rows = []
    for r, e in same_run_pairs(res, hardware_key):
        ratio = e.median_s / r["median_s"]
        have_ci = e.ci95_s is not None and _present(r["ci_low_s"]) and _present(r["ci_high_s"])
        low = e.ci95_s[0] / r["ci_high_s"] if have_ci else None
        high = e.ci95_s[1] / r["ci_low_s"] if have_ci else None
        mode = res.mode_label(r["mode"], lang)
        rows.append({
            "framework": res.framework_name(r["framework"]),
            "workload": res.workload_name(r["workload"]),
            "workload_rank": _workload_rank(res, r["workload"]),
            **_row_of(res, r, lang),
            "mode": mode,
            "series": f"{res.framework_name(r['framework'])} · {mode}",
            "framework_rank": _series_rank(res, r["framework"], r["mode"]),
            "label": f"{mode} {fmt_ratio(ratio, lang)}",
            "ratio": ratio, "low": low, "high": high,
            "ratio_text": fmt_ratio(ratio, lang),
            "range_text": f"{fmt_ratio(low, lang)}–{fmt_ratio(high, lang)}" if have_ci else t("bench.none", lang),
            "eager_text": fmt_time(e.median_s, lang),
            "compiled_text": fmt_time(r["median_s"], lang),
            "version": r["version"] or "",
            "run": r["run"],
        })
    return rows


def speedup_chart(res: Results, hardware_key: str, lang: str) -> dict[str, Any] | None:
    rows = speedup_rows(res, hardware_key, lang)
    if not rows:
        return None
    hw = res.hardware_by_key(hardware_key)
    return _fill(res, template(res, "speedup", lang), t("bench.chart.speedup_title", lang),
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
            **_row_of(res, r, lang),
            "seconds": r["first_step_s"], "text": fmt_time(r["first_step_s"], lang),
            "steady_text": fmt_time(r["median_s"], lang), "ratio_text": fmt_ratio(r["first_step_s"] / r["median_s"], lang),
            "version": r["version"] or "",
        })
    return imports, first


def startup_chart(res: Results, hardware_key: str, lang: str) -> dict[str, Any] | None:
    imports, first = startup_rows(res, hardware_key, lang)
    parts = tuple(name for name, rows in (("imports", imports), ("first", first)) if rows)
    if not parts:
        return None
    hw = res.hardware_by_key(hardware_key)
    data = {name: rows for name, rows in (("imports", imports), ("first", first)) if rows}
    return _fill(res, template(res, "startup", lang, parts), t("bench.chart.startup_title", lang),
                 t("bench.chart.startup_desc", lang, hardware=hw.name), **data)


# --- history ----------------------------------------------------------------------

def history_rows(res: Results, series: list[Series], lang: str) -> list[dict]:
    """One row per point (the latest HISTORY_POINTS of each series); words looked up once per series.

    A framework's version is written where it changed (the tooltips give it at every point), on one
    of its series per facet (its first mode in MODE_ORDER): the modes of one run share the version,
    and labels written on each would overlap, as would labels at every series' first point."""
    none, yes, no = t("bench.none", lang), t("bench.history.flag_yes", lang), t("bench.history.flag_no", lang)
    labelled: dict[tuple, Series] = {}
    for s in series:
        key = (s.framework, s.phase, s.batch_size, s.precision)
        if key not in labelled or _series_rank(res, s.framework, s.mode) < _series_rank(res, s.framework, labelled[key].mode):
            labelled[key] = s
    rows = []
    for s in series:
        labels = labelled[(s.framework, s.phase, s.batch_size, s.precision)] is s
        framework = res.framework_name(s.framework)
        mode = res.mode_label(s.mode, lang)
        common = {"framework": framework, "mode": mode, "series": f"{framework} · {mode}",
                  "facet": _facet_label(s.phase, s.batch_size, s.precision, lang),
                  "facet_rank": _facet_rank(s.phase, s.batch_size, s.precision)}
        for p in s.points[-HISTORY_POINTS:]:
            has_ci = p.ci_low_s is not None and p.ci_high_s is not None
            label = (p.version or "") if labels and p.new_version else ""
            rows.append({
                **common,
                "date": p.started_at.isoformat(),
                "when_text": _when(p.started_at),
                "median_ms": p.median_s * 1e3,
                "low_ms": p.ci_low_s * 1e3 if has_ci else None,
                "high_ms": p.ci_high_s * 1e3 if has_ci else None,
                "version": p.version or "",
                "label": label,
                "flagged": p.flagged,
                "median_text": fmt_time(p.median_s, lang),
                "ci_text": fmt_interval(p.ci_low_s, p.ci_high_s, lang, p.median_s) if has_ci else none,
                "change_text": none if p.change is None else f"{p.change * 100:+.1f}%",
                "flag_text": yes if p.flagged else no,
                "run": p.run,
            })
    return rows


@functools.lru_cache(maxsize=4096)  # a run's start, on every chart of the history page, in both languages
def _when(started_at) -> str:
    """A run's start in UTC, to the minute: the same in both languages, as on the time axis."""
    if started_at.tzinfo is not None:
        started_at = started_at.astimezone(UTC)
    return started_at.strftime("%Y-%m-%d %H:%M UTC")


def history_chart(res: Results, hardware_key: str, workload: str, series: list[Series], lang: str) -> dict[str, Any] | None:
    series = [s for s in series if s.hardware == hardware_key and s.workload == workload]
    if not series:
        return None
    hw = res.hardware_by_key(hardware_key)
    name = res.workload_name(workload)
    return _fill(res, template(res, "history", lang), t("bench.chart.history_title", lang, workload=name),
                 t("bench.chart.history_desc", lang, workload=name, hardware=hw.name),
                 **{DATA: history_rows(res, series, lang)})


# --- then and now -------------------------------------------------------------------
#
# One chart for the then-and-now page: per network, 2016's time beside today's on a
# log scale, and the share of each GPU's peak. Rows in long form, one per point.

ERA_THEN, ERA_NOW, ERA_BEST = 0, 1, 2


def thennow_rows(res: Results, lines: list, lang: str) -> list[dict]:
    """Points of ``thennow.chart_lines``: 2016's figure, today's FP32 eager cell, today's fastest where faster."""
    from .text import fmt_share  # here: this block keeps to itself

    rows = []
    for rank, line in enumerate(lines):
        then = res.framework_name(line.column.framework) + (f" {line.column.version}" if line.column.version else "")
        network = f"{res.workload_name(line.row.workload)} · {then}"
        framework = res.framework_name(line.column.today)
        common = {"network": network, "network_rank": rank, "framework": framework,
                  "source_text": f"{line.row.label} · {line.column.label}",
                  "batch_text": t("bench.ref.batch", lang, batch=line.row.batch_size)}
        points = [(ERA_THEN, t("bench.histnow.era_then", lang), line.then_ms / 1e3, line.share_then, None,
                   line.column.label, "", "")]
        for era, record in ((ERA_NOW, line.record), (ERA_BEST, line.best)):
            if record is None or (era == ERA_BEST and record is line.record):
                continue
            word = "bench.histnow.era_now" if era == ERA_NOW else "bench.histnow.era_best"
            setting = f"{t_or('bench.precision.' + record['precision'], lang, record['precision'])} · " \
                      f"{res.mode_label(record['mode'], lang)}"
            points.append((era, t(word, lang, hardware=line.hardware.name), record["median_s"], line.share(record),
                           line.speedup(record), setting, record["version"] or "", record["run"]))
        for era, era_text, seconds, share, speedup, setting, version, run in points:
            rows.append({
                **common, "era": era_text, "era_rank": era, "ms": seconds * 1e3,
                "share": share * 100 if share is not None else None,
                "time_text": fmt_time(seconds, lang), "share_text": fmt_share(share, lang),
                "speedup_text": fmt_ratio(speedup, lang) if speedup is not None else t("bench.none", lang),
                "setting": setting, "version": version, "run": run,
            })
    return rows


def thennow_chart(res: Results, refs: list, lang: str) -> dict[str, Any] | None:
    from . import thennow  # here: this block keeps to itself

    lines = thennow.chart_lines(res, refs)
    if not lines:
        return None
    gpus = ", ".join(dict.fromkeys(line.hardware.name for line in lines))
    return _fill(res, template(res, "thennow", lang), t("bench.histnow.chart_title", lang),
                 t("bench.histnow.chart_desc", lang, hardware=gpus), **{DATA: thennow_rows(res, lines, lang)})

