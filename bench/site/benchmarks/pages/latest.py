"""``benchmarks/index``, ``benchmarks/latest/*`` and each framework's part: the latest results."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from bench.site.render import PageContext

from .. import charts
from ..cells import Hardware, public_text
from ..compact import compact_view
from ..outputs import PageFiles
from ..reasons import reason_html
from ..tables import (
    cell_view,
    headline_csv,
    headline_table,
    setting_label,
    table_csv,
    table_html,
    tables_csv,
    unmeasured_line,
    workload_table,
)
from ..text import fmt_bytes, fmt_date, fmt_day, t, t_or
from . import (
    RUNS_FOLDER,
    hardware_label,
    hardware_path,
    html_blocks,
    join,
    link,
    not_measured_yet,
    para,
    res_of,
    run_href,
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


@dataclass
class IndexRow:
    """A machine in the index of latest results (``benchmarks/latest_index.html.j2``)."""

    label: str
    href: str
    last_run: str
    runs: int
    incomplete: str  # "2 incomplete, not in the tables", or ""
    frameworks: list[tuple[str, str]]  # (name, versions measured, or the neutral "not measured on this machine")
    workloads: str


def latest_index(c: PageContext) -> str:
    """The hardware measured, each with its runs, frameworks and a link to its results.

    A framework no complete run measured on a machine says so in neutral words, without the reason
    (an import error that names the measuring machine's paths stays on the run's page); runs cut
    short are counted and said not to be in the tables."""
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    rows = []
    for hw in res.hardware:
        runs = res.runs_on(hw.key)
        latest = res.latest_records(hw.key)
        frameworks = []
        for fw in res.frameworks_on(hw.key):
            seen = [r["version"] for r in latest if r["framework"] == fw and r["version"]]
            measured = any(r["framework"] == fw for r in latest)
            note = ", ".join(dict.fromkeys(seen)) if seen else ("" if measured else t("bench.publish.not_measured_here", c.lang))
            frameworks.append((res.framework_name(fw), note))
        incomplete = len(res.incomplete_runs(hw.key))
        if incomplete == len(runs):
            incomplete_note = t("bench.publish.no_complete", c.lang)
        elif incomplete:
            incomplete_note = t("bench.publish.incomplete", c.lang, count=incomplete)
        else:
            incomplete_note = ""
        workloads = ", ".join(res.workload_name(w) for w in res.workloads_on(hw.key)) or t("bench.none", c.lang)
        rows.append(IndexRow(hardware_label(hw, c.lang), link(c, hardware_path(hw.key)), fmt_day(runs[-1].started_at, c.lang),
                             len(runs), incomplete_note, frameworks, workloads))
    head = [t(f"bench.latest.{key}", c.lang) for key in ("hardware", "last_run", "runs", "frameworks", "workloads")]
    return c.render("benchmarks/latest_index.html.j2", head=head, rows=rows)


def headline(c: PageContext) -> str:
    """The first full-size GPU: each workload's training step, each framework in its fastest mode
    (``tables.headline_table`` says why that setting). Quick runs and CPU runs never headline; a
    framework not measured on the machine is one line under the table, not a column."""
    res = res_of(c)
    if res.empty:
        return not_measured_yet(c)
    table = headline_table(res)
    if table is None or not table.rows:
        hw = table.hardware if table is not None else None
        text = (t("bench.publish.headline_no_rows", c.lang, hardware=hardware_label(hw, c.lang)) if hw is not None
                else t("bench.publish.headline_none", c.lang))
        return c.render("benchmarks/headline.html.j2", table=None, text=text,
                        runs_href=link(c, f"{RUNS_FOLDER}/index.md"), runs_label=t("bench.publish.runs_link", c.lang))
    hw = table.hardware
    rows = []
    for row in table.rows:
        first, _ = setting_label(row.setting, c.lang)
        cells = [cell_view(row.cells[fw], c.lang, show_mode=True) for fw in table.frameworks]
        rows.append((res.workload_name(row.workload), link(c, hardware_path(hw.key), anchor=row.workload), first, cells))
    precision = t_or(f"bench.precision.{table.precision}", c.lang, table.precision)
    csv_text = headline_csv(table)
    return c.render(
        "benchmarks/headline.html.j2", table=table, text="",
        caption=t("bench.publish.headline_caption", c.lang, hardware=hardware_label(hw, c.lang), precision=precision),
        workload_head=t("bench.run.workload", c.lang),
        names=[res.framework_name(fw) for fw in table.frameworks], rows=rows,
        unmeasured=unmeasured_line(table.unmeasured, res.framework_names, c.lang) if table.unmeasured else "",
        csv_href=PageFiles(c.page, c.lang).write("headline.csv", csv_text), csv_label=t("bench.table.csv", c.lang),
    )


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


def _empty_machine(c: PageContext, key: str) -> Markup:
    """Why a machine's page has no results: its runs were all cut short (they keep their own pages), or none."""
    cut_short = res_of(c).incomplete_runs(key)
    if not cut_short:
        return Markup(not_measured_yet(c))
    return Markup(para(t("bench.publish.machine_cut_short", c.lang, count=len(cut_short)), "bx-note"))


def hardware_page(c: PageContext, key: str) -> str:
    res = res_of(c)
    hw = res.hardware_by_key(key)
    out = PageFiles(c.page, c.lang)
    tables = [workload_table(res, key, workload) for workload in res.workloads_on(key)]
    view = compact_view(res, key, c.lang, tables)
    details = []
    for table in tables:
        chart = out.chart(f"chart-{table.workload}", charts.workload_chart(res, key, table.workload, c.lang))
        csv_href = out.write(f"table-{table.workload}.csv", table_csv(table))
        html = table_html(table, c.lang, res.framework_names, csv_href, run_href=lambda rid: run_href(c, rid))
        details.append(Detail(res.workload_name(table.workload), table.workload,
                              t("bench.compact.more", c.lang, count=len(table.settings)),
                              [Markup(chart), Markup(html)]))
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
                    extras=extras, empty=_empty_machine(c, key) if view.empty else "",
                    script=out.asset(COMPACT_SCRIPT), legend=t("bench.latest.legend", c.lang),
                    **_machine_values(c, hw))



# --- a framework's page: its own results -------------------------------------------------

@dataclass
class FrameworkMachine:
    """A machine on a framework's page (``benchmarks/framework_part.html.j2``)."""

    label: str  # the machine: a Markdown heading (``c.heading``), so that it reaches the table of contents
    anchor: str
    rows: list[tuple[str, str, str, object]]  # (workload, setting, precision and mode, CellView)
    failed: list[tuple[str, str, str]]  # (status, "n cells", reason without paths)
    href: str
    csv_href: str


def framework_part(c: PageContext, framework_id: str) -> str:
    """A framework's own latest cells, machine by machine; the cells that did not run listed once per
    reason below its table (reasons without the machine's paths). A mode it does not have has no row."""
    res = res_of(c)
    heading = c.heading(2, t("bench.framework.heading", c.lang), "benchmarks")
    name = res.framework_name(framework_id)
    mine = [hw for hw in res.hardware if any(r["framework"] == framework_id for r in res.latest_records(hw.key))]
    if not mine:
        return join([heading, c.render("benchmarks/framework_part.html.j2", machines=[],
                                       no_results=t("bench.framework.none", c.lang, name=name),
                                       how_href=link(c, "benchmarks/methodology.md"), how=t("bench.framework.how", c.lang))])
    out = PageFiles(c.page, c.lang)
    machines = []
    for hw in mine:
        rows, tables = [], []
        failed: dict[tuple[str, str], int] = {}  # (status, reason) -> cells: listed once each, below the table
        for workload in res.workloads_on(hw.key):
            table = workload_table(res, hw.key, workload)
            tables.append(table)
            for setting in table.settings:
                cell = table.cells.get((setting, framework_id))
                if cell is None or not cell.records:  # a setting only the other frameworks ran, or no such mode
                    continue
                if cell.status != "ok":
                    key = (cell.status, public_text(cell.reason) or "")
                    failed[key] = failed.get(key, 0) + 1
                    continue
                first, second = setting_label(setting, c.lang)
                rows.append((res.workload_name(workload), first, second,
                             cell_view(cell, c.lang, speedup=table.speedup(setting, framework_id))))
        notes = [(t("bench.status." + status, c.lang), t("bench.framework.cells", c.lang, count=count), reason_html(reason, c.lang))
                 for (status, reason), count in sorted(failed.items(), key=lambda kv: -kv[1])]
        csv_href = out.write(f"benchmarks-{hw.key}.csv", tables_csv(tables, frameworks={framework_id}, measured_only=True))
        machines.append(FrameworkMachine(hardware_label(hw, c.lang), f"benchmarks-{hw.key}", rows, notes,
                                         link(c, hardware_path(hw.key)), csv_href))
    return join([heading, c.render(
        "benchmarks/framework_part.html.j2", machines=machines, no_results="",
        intro=t("bench.framework.intro", c.lang, name=name), setting_head=t("bench.table.setting", c.lang), name=name,
        failed_head=t("bench.framework.failed", c.lang), compare=t("bench.framework.compare", c.lang),
        csv_label=t("bench.table.csv", c.lang))])
