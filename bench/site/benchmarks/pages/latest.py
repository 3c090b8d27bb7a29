"""``benchmarks/index``, ``benchmarks/latest/*`` and each framework's part: the latest results."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from bench.site.render import PageContext

from .. import charts
from ..cells import Hardware
from ..compact import compact_view
from ..outputs import PageFiles
from ..tables import Setting, cell_html, setting_label, table_csv, table_html, tables_csv, workload_table
from ..text import fmt_bytes, fmt_date, fmt_day, t
from . import (
    hardware_label,
    hardware_path,
    html_blocks,
    join,
    link,
    not_measured_yet,
    para,
    res_of,
    run_href,
    run_links,
)

# --- benchmarks/index: the summary ------------------------------------------------

def overview(c: PageContext) -> str:
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    last = res.runs[-1]
    counts = t("bench.overview.counts", c.lang, runs=len(res.runs), machines=len(res.hardware),
               cells=res.cell_count, date=fmt_day(last.started_at, c.lang))
    return join([html_blocks(para(counts)), latest_index(c)])


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
    return html_blocks(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


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
        return html_blocks(para(t("bench.headline.none", c.lang, hardware=hardware_label(hw, c.lang))))
    head = "".join(f"<th>{escape(res.framework_name(fw))}</th>" for fw in frameworks)
    caption = t("bench.headline.caption", c.lang, hardware=hardware_label(hw, c.lang))
    chosen = {id(setting) for _, setting in shown}
    csv_text = tables_csv([table for table, _ in shown], keep=lambda setting: id(setting) in chosen)
    csv_link = PageFiles(c.page, c.lang).csv_link("headline", csv_text)
    return html_blocks(f'<div class="bx-table bx-headline"><table><caption>{escape(caption)}</caption><thead><tr>'
                 f'<th>{escape(t("bench.run.workload", c.lang))}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
                 f'<p class="bx-foot">{csv_link}</p>')


def _setting_text(setting: Setting, lang: str) -> tuple[str, str]:
    return setting_label(setting, lang)


# --- benchmarks/latest/<hardware>: latest results on one machine -------------------
#
# The page opens with the compact view (``compact.py``: one heat table per phase and
# precision, the choice kept in the URL by ``compact.js``); each network's chart and full
# table follow under its heading, collapsed in a <details>: one click away, on the same
# page, so the headline's links (#<workload>), the table of contents and search reach them.

COMPACT_SCRIPT = "assets/javascripts/compact.js"
RUNS_LISTED = 8


@dataclass
class Detail:
    """A heading, and under it what a reader opens with one click: a note, then finished HTML of the table and
    chart writers (``parts``), then the links to its runs and numbers (``foot``)."""

    title: str
    anchor: str
    summary: str
    parts: list[Markup]
    note: str = ""
    foot: list[Markup] = field(default_factory=list)


def _machine_values(c: PageContext, hw: Hardware) -> dict:
    """The facts of the machine the latest run recorded, and its runs, newest last."""
    res = res_of(c)
    runs = res.runs_on(hw.key)
    last = runs[-1].run
    d = last.device
    driver = " · ".join(x for x in (d.driver, f"CUDA {d.cuda}" if d.cuda else "", f"cuDNN {d.cudnn}" if d.cudnn else "") if x)
    facts = [
        (t("bench.run.device_name", c.lang), d.name + (f" × {d.count}" if d.count > 1 else "")),
        (t("bench.run.device_memory", c.lang), fmt_bytes(d.memory_bytes, c.lang) if d.memory_bytes else ""),
        (t("bench.run.driver", c.lang), driver),
        (t("bench.run.cpu", c.lang), last.host.cpu or ""),
    ]
    note = t("bench.latest.cpu_note" if hw.is_cpu else "bench.latest.note", c.lang)
    if hw.quick:
        note += " " + t("bench.latest.quick_note", c.lang)
    return {
        "facts": facts,
        "runs": [(run_href(c, r.id), fmt_date(r.started_at, c.lang)) for r in runs[-RUNS_LISTED:]],
        "more_runs": max(0, len(runs) - RUNS_LISTED),
        "note": note,
        "tr": _words(c.lang),
    }


def _words(lang: str):
    """``t`` in the page's language, for the templates."""
    return lambda key, **values: t(key, lang, **values)


def hardware_page(c: PageContext, key: str) -> str:
    res = res_of(c)
    hw = res.hardware_by_key(key)
    out = PageFiles(c.page, c.lang)
    tables = [workload_table(res, key, workload) for workload in res.workloads_on(key)]
    view = compact_view(res, key, c.lang, tables)
    details = []
    for table in tables:
        chart = out.chart(f"chart-{table.workload}", charts.workload_chart(res, key, table.workload, c.lang))
        html = table_html(table, c.lang, res.framework_names, None)
        foot = [run_links(c, table.runs), out.csv_link(f"table-{table.workload}", table_csv(table))]
        details.append(Detail(res.workload_name(table.workload), table.workload,
                              t("bench.compact.more", c.lang, count=len(table.settings)),
                              [Markup(chart), Markup(html)], foot=[Markup(x) for x in foot if x]))
    extras = []
    more_chart = t("bench.compact.more_chart", c.lang)
    speedup = charts.speedup_chart(res, key, c.lang)
    if speedup:
        extras.append(Detail(t("bench.chart.speedup_title", c.lang), "speedup", more_chart,
                             [Markup(out.chart("chart-speedup", speedup))], note=t("bench.latest.speedup_note", c.lang)))
    startup = charts.startup_chart(res, key, c.lang)
    if startup:
        extras.append(Detail(t("bench.chart.startup_title", c.lang), "startup", more_chart,
                             [Markup(out.chart("chart-startup", startup))], note=t("bench.latest.startup_note", c.lang)))
    return c.render("benchmarks/hardware.html.j2", title=hardware_label(hw, c.lang), view=view, details=details,
                    extras=extras, empty=Markup(not_measured_yet(c)) if view.empty else "",
                    script=out.asset(COMPACT_SCRIPT), legend=t("bench.latest.legend", c.lang),
                    **_machine_values(c, hw))



# --- a framework's page: its own results -------------------------------------------------

def framework_part(c: PageContext, framework_id: str) -> str:
    res = res_of(c)
    heading = c.heading(2, t("bench.framework.heading", c.lang), "benchmarks")
    mine = [hw for hw in res.hardware if any(r["framework"] == framework_id for r in res.latest_records(hw.key))]
    if not mine:
        methodology = link(c, "benchmarks/methodology.md")
        return join([heading, html_blocks(f'<p>{escape(t("bench.framework.none", c.lang, name=res.framework_name(framework_id)))} '
                                     f'<a href="{escape(methodology)}">{escape(t("bench.framework.how", c.lang))}</a></p>')])
    parts = [heading, html_blocks(para(t("bench.framework.intro", c.lang, name=res.framework_name(framework_id))))]
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
        parts.append(html_blocks(table_html_,
                           f'<p>{escape(t("bench.framework.failed", c.lang))}</p><ul class="bx-notes">{notes}</ul>' if notes else "",
                           f'<p class="bx-foot"><a href="{escape(href)}">{escape(t("bench.framework.compare", c.lang))}</a>'
                           f" · {csv_link}</p>"))
    return join(parts)

