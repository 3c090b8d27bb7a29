"""The benchmark pages, composed: headings in Markdown (they reach the table of
contents), everything else finished HTML set aside from Markdown (``stash_html``).

Each function renders one macro's output for the page being built (``c``, the
site's ``PageContext``: language, links, data) and writes that page's chart specs
and CSVs next to it (``PageFiles``). Links to other pages go through ``c.url``,
which fails the build on a page that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from bench.site.markup import markdown_html
from bench.site.render import PageContext, stash_html

from . import charts, runpage, runshell, thennow
from .cells import Hardware, Results, RunInfo, results
from .history import history
from .outputs import PageFiles
from .tables import Setting, cell_html, table_csv, table_html, tables_csv, workload_table
from .text import fmt_bytes, fmt_count, fmt_date, fmt_day, fmt_interval, fmt_time, t, t_or

RUNS_FOLDER = "benchmarks/runs"
LATEST_FOLDER = "benchmarks/latest"


# --- small parts -----------------------------------------------------------------

def _html(*blocks: str) -> str:
    """HTML blocks, kept away from Markdown."""
    return stash_html("\n".join(b for b in blocks if b))


def _p(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{escape(text)}</p>"


def _join(parts: Iterable[str]) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


def res_of(c: PageContext) -> Results:
    return results(c.data.dataset)


def hardware_label(hw: Hardware, lang: str) -> str:
    if hw.is_cpu:
        label = t("bench.hw.cpu", lang, name=hw.name)
    elif hw.count > 1:
        label = t("bench.hw.gpus", lang, name=hw.name, count=hw.count)
    else:
        label = t("bench.hw.gpu", lang, name=hw.name)
    return t("bench.hw.quick", lang, label=label) if hw.quick else label


def run_path(run_id: str) -> str:
    return f"{RUNS_FOLDER}/{run_id}.md"


def hardware_path(key: str) -> str:
    return f"{LATEST_FOLDER}/{key}.md"


_page_index: dict[int, tuple[Any, dict[str, Any]]] = {}


def link(c: PageContext, path: str, anchor: str | None = None) -> str:
    """``c.url``, with the build's pages indexed once: a run page is linked hundreds of times per build.

    A path that is not a page of this build falls through to ``c.url``, which fails the build.
    """
    if c.page is None or c.files is None:
        return c.url(path, anchor)
    hit = _page_index.get(id(c.files))
    if hit is None or hit[0] is not c.files:
        index: dict[str, Any] = {}
        for file in c.files.documentation_pages():
            index.setdefault(getattr(file, "norm_src_uri", file.src_uri), file)
            index.setdefault(file.src_uri, file)
        _page_index.clear()
        hit = _page_index[id(c.files)] = (c.files, index)
    target = hit[1].get(path)
    if target is None:
        return c.url(path, anchor)
    return target.url_relative_to(c.page.file) + (f"#{anchor}" if anchor else "")


def run_href(c: PageContext, run_id: str) -> str:
    """The page of a run: the latest run's page is rendered by mkdocs, the others are made from it (runshell)."""
    shell = res_of(c).shell.id
    return runshell.relink(link(c, run_path(shell)), shell, run_id)


def run_title(info: RunInfo, lang: str) -> str:
    return t("bench.run.title", lang, date=fmt_date(info.started_at, lang), hardware=info.hardware.name)


def _run_links(c: PageContext, run_ids: list[str]) -> str:
    if not run_ids:
        return ""
    if len(run_ids) == 1:
        return f'{escape(t("bench.table.from_run", c.lang))} <a href="{escape(run_href(c, run_ids[0]))}">{escape(run_ids[0])}</a>'
    marks = ", ".join(f'<sup>{chr(ord("a") + i) if i < 26 else i + 1}</sup> <a href="{escape(run_href(c, rid))}">{escape(rid)}</a>'
                      for i, rid in enumerate(run_ids))
    return f'{escape(t("bench.table.from_runs", c.lang))} {marks}'


def not_measured_yet(c: PageContext) -> str:
    return _html(f'<div class="admonition info"><p class="admonition-title">{escape(t("bench.empty.title", c.lang))}</p>'
                 f'<p>{escape(t("bench.empty.body", c.lang))}</p></div>')


# --- benchmarks/index: the summary ------------------------------------------------

def overview(c: PageContext) -> str:
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    last = res.runs[-1]
    counts = t("bench.overview.counts", c.lang, runs=len(res.runs), machines=len(res.hardware),
               cells=res.cell_count, date=fmt_day(last.started_at, c.lang))
    return _join([_html(_p(counts)), latest_index(c)])


def last_measured(c: PageContext) -> str:
    """One sentence for the home page: when the numbers were last measured."""
    res = res_of(c)
    if res.empty:
        return escape(t("bench.empty.title", c.lang))
    return escape(t("bench.overview.last", c.lang, date=fmt_day(res.runs[-1].started_at, c.lang)))


def latest_index(c: PageContext) -> str:
    """The hardware measured, each with its runs, frameworks and a link to its results."""
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    head = [t("bench.latest.hardware", c.lang), t("bench.latest.last_run", c.lang), t("bench.latest.runs", c.lang),
            t("bench.latest.frameworks", c.lang), t("bench.latest.workloads", c.lang)]
    rows = []
    for hw in res.hardware:
        runs = res.runs_on(hw.key)
        versions = []
        for fw in res.frameworks_on(hw.key):
            seen = [r["version"] for r in res.latest_records(hw.key) if r["framework"] == fw and r["version"]]
            why = res.unavailable(hw.key, fw)
            note = ", ".join(dict.fromkeys(seen)) if seen else t("bench.status.not_available" if why is not None else "bench.status.not_measured", c.lang)
            versions.append(f"{escape(res.framework_name(fw))} <small>{escape(note)}</small>")
        workloads = ", ".join(escape(res.workload_name(w)) for w in res.workloads_on(hw.key))
        rows.append(f'<tr><th scope="row"><a href="{escape(link(c, hardware_path(hw.key)))}">{escape(hardware_label(hw, c.lang))}</a></th>'
                    f"<td>{escape(fmt_day(runs[-1].started_at, c.lang))}</td><td>{len(runs)}</td>"
                    f"<td>{'<br>'.join(versions)}</td><td>{workloads or escape(t('bench.none', c.lang))}</td></tr>")
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return _html(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def headline(c: PageContext) -> str:
    """The first GPU (else CPU): each workload's FP32 eager training step, frameworks side by side."""
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    hw = res.hardware[0]
    frameworks = res.frameworks_on(hw.key)
    rows, shown = [], []
    for workload in res.workloads_on(hw.key):
        table = workload_table(res, hw.key, workload)
        setting = next((s for s in table.settings if (s.phase, s.precision, s.mode_class) == ("train", "fp32", "eager")), None)
        if setting is None:
            continue
        shown.append((table, setting))
        first, _ = _setting_text(setting, c.lang)
        cells = "".join(cell_html(table.cells[(setting, fw)], c.lang) for fw in frameworks)
        href = link(c, hardware_path(hw.key), anchor=workload)
        rows.append(f'<tr><th scope="row"><a href="{escape(href)}">{escape(res.workload_name(workload))}</a><br>'
                    f"<small>{escape(first)}</small></th>{cells}</tr>")
    if not rows:
        return _html(_p(t("bench.headline.none", c.lang, hardware=hardware_label(hw, c.lang))))
    head = "".join(f"<th>{escape(res.framework_name(fw))}</th>" for fw in frameworks)
    caption = t("bench.headline.caption", c.lang, hardware=hardware_label(hw, c.lang))
    chosen = {id(setting) for _, setting in shown}
    csv_text = tables_csv([table for table, _ in shown], keep=lambda setting: id(setting) in chosen)
    csv_link = PageFiles(c.page, c.lang).csv_link("headline", csv_text)
    return _html(f'<div class="bx-table bx-headline"><table><caption>{escape(caption)}</caption><thead><tr>'
                 f'<th>{escape(t("bench.run.workload", c.lang))}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
                 f'<p class="bx-foot">{csv_link}</p>')


def _setting_text(setting: Setting, lang: str) -> tuple[str, str]:
    from .tables import setting_label

    return setting_label(setting, lang)


# --- benchmarks/latest/<hardware>: latest results on one machine -------------------

def machine_summary(c: PageContext, hw: Hardware) -> str:
    res = res_of(c)
    runs = res.runs_on(hw.key)
    last = runs[-1].run
    d = last.device
    facts = [
        (t("bench.run.device_name", c.lang), escape(d.name) + (f" × {d.count}" if d.count > 1 else "")),
        (t("bench.run.device_memory", c.lang), escape(fmt_bytes(d.memory_bytes, c.lang)) if d.memory_bytes else ""),
        (t("bench.run.driver", c.lang), escape(" · ".join(x for x in (d.driver, f"CUDA {d.cuda}" if d.cuda else "",
                                                                       f"cuDNN {d.cudnn}" if d.cudnn else "") if x))),
        (t("bench.run.cpu", c.lang), escape(last.host.cpu or "")),
        (t("bench.latest.runs", c.lang), ", ".join(f'<a href="{escape(run_href(c, r.id))}">{escape(fmt_date(r.started_at, c.lang))}</a>'
                                                    for r in runs[-8:]) + (f" (+{len(runs) - 8})" if len(runs) > 8 else "")),
    ]
    note = t("bench.latest.cpu_note" if hw.is_cpu else "bench.latest.note", c.lang)
    if hw.quick:
        note += " " + t("bench.latest.quick_note", c.lang)
    return _html(runpage._table(facts), _p(note, "bx-note"))


def hardware_page(c: PageContext, key: str) -> str:
    res = res_of(c)
    hw = res.hardware_by_key(key)
    out = PageFiles(c.page, c.lang)
    parts = [c.heading(1, hardware_label(hw, c.lang), "top"), machine_summary(c, hw)]
    legend = _p(t("bench.latest.legend", c.lang), "bx-note")
    for workload in res.workloads_on(key):
        table = workload_table(res, key, workload)
        parts.append(c.heading(2, res.workload_name(workload), workload))
        chart = out.chart(f"chart-{workload}", charts.workload_chart(res, key, workload, c.lang))
        html = table_html(table, c.lang, res.framework_names, None)
        foot = " · ".join(x for x in (_run_links(c, table.runs), out.csv_link(f"table-{workload}", table_csv(table))) if x)
        parts.append(_html(chart, html, f'<p class="bx-foot">{foot}</p>'))
    if len(parts) == 2:
        parts.append(not_measured_yet(c))
    speedup = charts.speedup_chart(res, key, c.lang)
    if speedup:
        parts.append(c.heading(2, t("bench.chart.speedup_title", c.lang), "speedup"))
        parts.append(_html(_p(t("bench.latest.speedup_note", c.lang), "bx-note"), out.chart("chart-speedup", speedup)))
    startup = charts.startup_chart(res, key, c.lang)
    if startup:
        parts.append(c.heading(2, t("bench.chart.startup_title", c.lang), "startup"))
        parts.append(_html(_p(t("bench.latest.startup_note", c.lang), "bx-note"), out.chart("chart-startup", startup)))
    parts.append(_html(legend))
    return _join(parts)


# --- benchmarks/history -------------------------------------------------------------

FLAGS_SHOWN = 20
"""Flagged changes listed per hardware on the history page (the latest ones); the CSV has them all."""


def history_page(c: PageContext) -> str:
    res = res_of(c)
    series = history(res)
    if not series:
        return _html(_p(t("bench.history.none", c.lang)))
    out = PageFiles(c.page, c.lang)
    parts = []
    for hw in res.hardware:
        mine = [s for s in series if s.hardware == hw.key]
        if not mine:
            continue
        parts.append(c.heading(2, hardware_label(hw, c.lang), hw.key))
        longest = max(len(s.points) for s in mine)
        note = t("bench.history.cut", c.lang, shown=charts.HISTORY_POINTS) + " " if longest > charts.HISTORY_POINTS else ""
        texts = res.memo.setdefault("history_csv", {})  # the same in both languages: made once
        if hw.key not in texts:
            texts[hw.key] = history_csv(mine)
        every = out.csv_link(f"history-{hw.key}", texts[hw.key], "bench.history.csv")
        parts.append(_html(flagged_table(c, res, mine, out, hw.key), f'<p class="bx-foot">{escape(note)}{every}</p>'))
        for workload in res.order_workloads({s.workload for s in mine}):
            parts.append(c.heading(3, res.workload_name(workload), f"{hw.key}--{workload}"))
            parts.append(_html(out.chart(f"history-{hw.key}--{workload}", charts.history_chart(res, hw.key, workload, mine, c.lang))))
    return _join(parts)


def flagged_table(c: PageContext, res: Results, series, out: PageFiles, key: str) -> str:
    """The changes the intervals do not explain, latest first; the CSV beside the page has them all."""
    flags = [(s, before, after) for s in series for before, after in s.flagged]
    if not flags:
        return _p(t("bench.history.no_flags", c.lang))
    flags.sort(key=lambda f: (f[2].started_at, f[2].run), reverse=True)
    rows = []
    for s, before, after in flags[:FLAGS_SHOWN]:
        what = (f"{escape(res.framework_name(s.framework))} · {escape(res.workload_name(s.workload))}<br><small>"
                f"{escape(t('bench.setting.phase_batch', c.lang, phase=t('bench.phase.' + s.phase, c.lang), batch=s.batch_size))} · "
                f"{escape(t_or('bench.precision.' + s.precision, c.lang, s.precision))} · {escape(res.mode_label(s.mode, c.lang))}</small>")
        cells = []
        for p in (before, after):
            ci = fmt_interval(p.ci_low_s, p.ci_high_s, c.lang, p.median_s) if p.ci_low_s is not None else ""
            cells.append(f'<td><b>{escape(fmt_time(p.median_s, c.lang))}</b><br><small>{escape(ci)}<br>'
                         f'{escape(t("bench.cell.version", c.lang, version=p.version or "?"))}<br>'
                         f'<a href="{escape(run_href(c, p.run))}">{escape(fmt_day(p.started_at, c.lang))}</a></small></td>')
        css = "bx-faster" if after.change < 0 else "bx-slower"
        rows.append(f'<tr><th scope="row">{what}</th>{"".join(cells)}<td class="{css}"><b>{after.change * 100:+.1f}%</b></td></tr>')
    head = [t("bench.history.cell", c.lang), t("bench.history.before", c.lang), t("bench.history.after", c.lang),
            t("bench.history.change", c.lang)]
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    more = ""
    if len(flags) > FLAGS_SHOWN:
        more = escape(t("bench.history.more", c.lang, shown=FLAGS_SHOWN, count=len(flags))) + " "
    foot = f'<p class="bx-foot">{more}{out.csv_link(f"flags-{key}", flags_csv(flags))}</p>'
    return (_p(t("bench.history.flags_intro", c.lang))
            + f'<div class="bx-table bx-flags"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            + foot)


def history_csv(series) -> str:
    """Every point of every series of one hardware, oldest first."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["hardware", "framework", "workload", "phase", "precision", "mode", "batch_size", "run", "started_at",
                     "version", "median_ms", "ci95_low_ms", "ci95_high_ms", "change", "flagged"])
    for s in series:
        for p in s.points:
            writer.writerow([s.hardware, s.framework, s.workload, s.phase, s.precision, s.mode, s.batch_size, p.run,
                             p.started_at.isoformat(), p.version or "", round(p.median_s * 1e3, 6),
                             "" if p.ci_low_s is None else round(p.ci_low_s * 1e3, 6),
                             "" if p.ci_high_s is None else round(p.ci_high_s * 1e3, 6),
                             "" if p.change is None else round(p.change, 6), p.flagged])
    return buffer.getvalue()


def flags_csv(flags) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["hardware", "framework", "workload", "phase", "precision", "mode", "batch_size", "run_before",
                     "run_after", "version_before", "version_after", "median_before_ms", "median_after_ms",
                     "ci95_before_ms", "ci95_after_ms", "change"])
    for s, before, after in flags:
        writer.writerow([s.hardware, s.framework, s.workload, s.phase, s.precision, s.mode, s.batch_size, before.run,
                         after.run, before.version or "", after.version or "", round(before.median_s * 1e3, 6),
                         round(after.median_s * 1e3, 6),
                         f"{before.ci_low_s * 1e3:.6g}-{before.ci_high_s * 1e3:.6g}",
                         f"{after.ci_low_s * 1e3:.6g}-{after.ci_high_s * 1e3:.6g}", round(after.change, 6)])
    return buffer.getvalue()


# --- benchmarks/then-and-now ----------------------------------------------------------

def then_and_now(c: PageContext) -> str:
    res = res_of(c)
    refs = c.data.dataset.reference
    if not refs:
        return _html(_p(t("bench.ref.none", c.lang)))
    out = PageFiles(c.page, c.lang)
    parts = []
    for ref in sorted(refs.values(), key=lambda r: (r.date, r.id)):
        parts.append(c.heading(2, ref.title.get(c.lang), ref.id))
        source = f'<a href="{escape(str(ref.source.url))}">{escape(ref.source.title)}</a>'
        if ref.source.permalink:
            source += f' (<a href="{escape(str(ref.source.permalink))}">{escape(t("bench.ref.permalink", c.lang))}</a>)'
        facts = [
            (t("bench.ref.source", c.lang), source),
            (t("bench.ref.hardware", c.lang), escape(ref.hardware)),
            (t("bench.ref.date", c.lang), escape(ref.date)),
            (t("bench.ref.measure", c.lang), escape(ref.measure.get(c.lang))),
            (t("bench.ref.method", c.lang), escape(ref.method.get(c.lang)) if ref.method else ""),
        ]
        notes = [f"<li><b>{escape(col.label)}</b>: {escape(col.note.get(c.lang))}</li>" for col in ref.columns if col.note]
        parts.append(_html(_p(ref.summary.get(c.lang)), runpage._table(facts),
                           f'<ul class="bx-notes">{"".join(notes)}</ul>' if notes else ""))
        parts.append(c.heading(3, t("bench.ref.published", c.lang), f"{ref.id}-published"))
        parts.append(_html(thennow.published_table_html(res, ref, c.lang)))
        parts.append(c.heading(3, t("bench.ref.today_heading", c.lang), f"{ref.id}-today"))
        parts.append(_html(_p(t("bench.ref.today_intro", c.lang), "bx-note"),
                           thennow.comparison_table_html(res, ref, c.lang),
                           f'<p class="bx-foot">{out.csv_link(f"thennow-{ref.id}", thennow.comparison_csv(res, ref))}</p>'))
    return _join(parts)


# --- benchmarks/runs --------------------------------------------------------------------

def runs_index(c: PageContext) -> str:
    """Every run with its page, newest first; a withdrawn run is listed as such (its page says why)."""
    res = res_of(c)
    if not res.paged:
        return not_measured_yet(c)
    head = [t("bench.runs.started", c.lang), t("bench.latest.hardware", c.lang), t("bench.latest.frameworks", c.lang),
            t("bench.runs.cells", c.lang), t("bench.run.state", c.lang), t("bench.runs.raw", c.lang)]
    rows = []
    for info in reversed(res.paged):
        page = run_href(c, info.id)
        fws = ", ".join(f"{escape(res.framework_name(f.id))} {escape(f.version or '')}".strip()
                        for f in info.run.frameworks if f.available)
        counts = runpage.status_counts(info.run)
        cells = f"{counts.get('ok', 0)} / {len(info.run.results)}"
        state = t("bench.run.complete" if info.run.complete else "bench.run.incomplete", c.lang)
        if info.withdrawal is not None:
            state = t("bench.run.withdrawn", c.lang)
        rows.append(f'<tr><td><a href="{escape(page)}">{escape(fmt_date(info.started_at, c.lang))}</a><br><small>{escape(info.id)}</small></td>'
                    f"<td>{escape(hardware_label(info.hardware, c.lang))}</td><td>{fws}</td><td>{escape(cells)}</td>"
                    f'<td>{escape(state)}</td><td><a href="{escape(PageFiles(c.page, c.lang).asset(raw_path(info)))}" download>JSON</a></td></tr>')
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return _html(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


RAW_FOLDER = "data/runs"
"""Where the raw run files are served, once for both languages: the same path as in the repository."""


def raw_path(info: RunInfo) -> str:
    return f"{RAW_FOLDER}/{info.file}"


_SCHEMA_VERSION = re.compile(r'"schema_version"\s*:\s*(\d+)')


def stored_version(c: PageContext, info: RunInfo) -> int | None:
    """The schema version the run file was written in (before any migration); read once per build.

    The harness writes ``schema_version`` first: the head of the file is enough, the rest
    is read only for a file written otherwise."""
    memo = res_of(c).memo.setdefault("stored_versions", {})
    if info.id not in memo:
        path = raw_file(c, info)
        with path.open(encoding="utf-8") as handle:
            head = handle.read(256)
        match = _SCHEMA_VERSION.search(head)
        if match is None or match.end() == len(head):  # not in the head, or its digits cut off
            match = _SCHEMA_VERSION.search(path.read_text(encoding="utf-8"))
        memo[info.id] = int(match.group(1)) if match else None
    return memo[info.id]


def raw_file(c: PageContext, info: RunInfo) -> Path:
    return c.data.dataset.root / "runs" / info.file


def run_blocks(c: PageContext, info: RunInfo, out: PageFiles) -> dict[str, str]:
    """The HTML of each part of a run's page (``runshell.BLOCKS``), its files written by ``out``."""
    res = res_of(c)
    run = info.run
    stored = stored_version(c, info)
    done = res.memo.setdefault("shared_files", set())
    raw_href = out.copy_shared(raw_path(info), raw_file(c, info), done)  # the file as committed, byte for byte
    raw_link = f'<a href="{escape(raw_href)}" download>{escape(t("bench.run.download_json", c.lang, file=info.file))}</a>'
    csv_path = f"{RAW_FOLDER}/{info.id}.cells.csv"
    csv_href = out.write_shared(csv_path, "" if csv_path in done else runpage.cells_csv(run), done)
    csv_link = f'<a href="{escape(csv_href)}" download>{escape(t("bench.table.csv", c.lang))}</a>'
    hw_link = ""
    if info.hardware in res.hardware:  # a machine whose every run is withdrawn has no results page
        hw_link = (f' · <a href="{escape(link(c, hardware_path(info.hardware.key)))}">'
                   f'{escape(t("bench.run.latest_link", c.lang, hardware=hardware_label(info.hardware, c.lang)))}</a>')
    names, workloads = res.framework_names, res.workload_names
    shared = res.memo.setdefault("run_parts", {})  # what is the same in both languages: made once
    if info.id not in shared:
        shared[info.id] = (runpage.cells_skeleton(run, names, workloads), runpage.settings_html(run, c.lang))
    cells_skeleton, settings = shared[info.id]
    return {
        "head": (f'<h1 id="top">{escape(run_title(info, c.lang))}</h1>'
                 + withdrawal_html(c, info)
                 + runpage.summary_html(info, c.lang, stored, c.repo_url)
                 + f'<p class="bx-foot">{raw_link} · {csv_link}{hw_link}</p>'),
        "reproduce": _p(t("bench.run.reproduce_intro", c.lang)) + _command_html(run),
        "machine": runpage.machine_html(run, c.lang),
        "software": runpage.frameworks_html(run, c.lang, names),
        "settings": settings,
        "cells": runpage.statuses_html(run, c.lang) + runpage.localize_cells(
            cells_skeleton, c.lang, {mode: entry["label"] for per in info.modes.values() for mode, entry in per.items()}),
    }


def withdrawal_html(c: PageContext, info: RunInfo) -> str:
    """The notice on a withdrawn run's page: when, why (contributor Markdown, sanitized), and its pull request."""
    entry = info.withdrawal
    if entry is None:
        return ""
    title = escape(t("bench.run.withdrawn_title", c.lang, date=entry.date.isoformat()))
    pull = ""
    if entry.pull_request is not None:
        words = escape(t("bench.run.withdrawn_pr", c.lang, number=entry.pull_request))
        pull = (f'<p><a href="{escape(c.repo_url.rstrip("/"))}/pull/{entry.pull_request}">{words}</a></p>'
                if c.repo_url else f"<p>{words}</p>")
    return (f'<div class="admonition warning bx-withdrawn"><p class="admonition-title">{title}</p>'
            f"{markdown_html(entry.reason.get(c.lang))}{_p(t('bench.run.withdrawn_body', c.lang))}{pull}</div>")


RUN_SECTIONS = (("reproduce", "bench.run.reproduce"), ("machine", "bench.run.machine_heading"),
                ("software", "bench.run.software"), ("settings", "bench.run.settings"),
                ("cells", "bench.run.cells_heading"))


def run_page(c: PageContext, run_id: str) -> str:
    """The page of ``run_id`` (the latest run), and the blocks of every other run's page (``runshell``)."""
    res = res_of(c)
    info = res.run_by_id[run_id]
    out = PageFiles(c.page, c.lang)
    blocks = run_blocks(c, info, out)
    parts = [_html(runshell.wrap("head", blocks["head"]))]
    for name, key in RUN_SECTIONS:
        parts += [c.heading(2, t(key, c.lang), name), _html(runshell.wrap(name, blocks[name]))]
    if out.folder is not None:
        shell = runshell.Shell(run_id, run_title(info, c.lang))
        dest = c.page.file.abs_dest_path
        for other in res.paged:
            if other.id == run_id:
                continue
            files = PageFiles(c.page, c.lang, folder=runshell.target(dest, run_id, other.id).parent)
            shell.pages.append(runshell.RunPage(other.id, run_title(other, c.lang), run_blocks(c, other, files)))
        runshell.expect(dest, shell)
    return _join(parts)


def _command_html(run) -> str:
    lines = ([f"git checkout {run.harness.git_commit}"] if run.harness.git_commit else []) + [run.command]
    return f'<div class="highlight"><pre><span></span><code>{escape(chr(10).join(lines))}</code></pre></div>'


# --- a framework's page: its own results -------------------------------------------------

def framework_part(c: PageContext, framework_id: str) -> str:
    res = res_of(c)
    heading = c.heading(2, t("bench.framework.heading", c.lang), "benchmarks")
    mine = [hw for hw in res.hardware if any(r["framework"] == framework_id for r in res.latest_records(hw.key))]
    if not mine:
        methodology = link(c, "benchmarks/methodology.md")
        return _join([heading, _html(f'<p>{escape(t("bench.framework.none", c.lang, name=res.framework_name(framework_id)))} '
                                     f'<a href="{escape(methodology)}">{escape(t("bench.framework.how", c.lang))}</a></p>')])
    parts = [heading, _html(_p(t("bench.framework.intro", c.lang, name=res.framework_name(framework_id))))]
    out = PageFiles(c.page, c.lang)
    for hw in mine:
        parts.append(c.heading(3, hardware_label(hw, c.lang), f"benchmarks-{hw.key}"))
        rows, tables = [], []
        failed: dict[tuple[str, str], int] = {}  # (status, reason) -> cells: listed once each, below the table
        for workload in res.workloads_on(hw.key):
            table = workload_table(res, hw.key, workload)
            tables.append(table)
            for setting in table.settings:
                cell = table.cells[(setting, framework_id)]
                if not cell.records:  # a setting only the other frameworks ran
                    continue
                if cell.status != "ok":
                    key = (cell.status, " ".join((cell.reason or "").split()))
                    failed[key] = failed.get(key, 0) + 1
                    continue
                first, second = _setting_text(setting, c.lang)
                rows.append(f'<tr><th scope="row">{escape(res.workload_name(workload))}<br><small>{escape(first)} · {escape(second)}</small></th>'
                            f"{cell_html(cell, c.lang)}</tr>")
        notes = "".join(f'<li><b>{escape(t("bench.status." + status, c.lang))}</b> '
                        f'({escape(t("bench.framework.cells", c.lang, count=count))}): {escape(reason)}</li>'
                        for (status, reason), count in sorted(failed.items(), key=lambda kv: -kv[1]))
        href = link(c, hardware_path(hw.key))
        head = f'<th>{escape(t("bench.table.setting", c.lang))}</th><th>{escape(res.framework_name(framework_id))}</th>'
        csv_link = out.csv_link(f"benchmarks-{hw.key}", tables_csv(tables, frameworks={framework_id}, measured_only=True))
        table_html_ = (f'<div class="bx-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
                       if rows else "")
        parts.append(_html(table_html_,
                           f'<p>{escape(t("bench.framework.failed", c.lang))}</p><ul class="bx-notes">{notes}</ul>' if notes else "",
                           f'<p class="bx-foot"><a href="{escape(href)}">{escape(t("bench.framework.compare", c.lang))}</a>'
                           f" · {csv_link}</p>"))
    return _join(parts)


# --- methodology: the networks, from the harness's registry ----------------------------------

def workloads_table(c: PageContext) -> str:
    """Every registered workload: its definition, batch size, analytic parameters and FLOPs."""
    try:
        from bench.harness.workloads import REGISTRY
    except Exception as error:  # noqa: BLE001 - say so on the page rather than fail the site
        return _html(_p(t("bench.method.no_registry", c.lang, error=type(error).__name__)))
    head = [t("bench.run.workload", c.lang), t("bench.method.definition", c.lang), t("bench.run.batch", c.lang),
            t("bench.method.params", c.lang), t("bench.method.flops", c.lang)]
    rows = []
    for w in REGISTRY.values():
        params = fmt_count(w.params(False), c.lang)
        flops = fmt_count(w.flops(1, False, "forward"), c.lang) + "FLOP"
        rows.append(f'<tr><th scope="row"><a href="{escape(w.reference)}">{escape(w.name)}</a><br><small><code>{escape(w.id)}</code></small></th>'
                    f"<td>{escape(w.variant)}</td><td>{w.batch_size}</td><td>{escape(params)}</td><td>{escape(flops)}</td></tr>")
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return _html(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
                 _p(t("bench.method.variant_lang", c.lang), "bx-note") if c.lang != "en" else "")
