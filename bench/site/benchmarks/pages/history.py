"""``benchmarks/history``: each cell over time, and the changes the spread between runs does not explain.

Python builds the view of each hardware (``FlagsView``: the rule, the flagged changes,
the runs cut short, the CSVs); ``templates/benchmarks/history_flags.html.j2`` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.site.render import PageContext

from .. import charts
from ..cells import Results
from ..history import MIN_CHANGE, Point, Series, history
from ..outputs import PageFiles
from ..text import fmt_date, fmt_interval, fmt_time, t, t_or
from . import hardware_label, html_blocks, join, para, res_of, run_href

# --- benchmarks/history -------------------------------------------------------------

FLAGS_SHOWN = 20
"""Flagged changes listed per hardware on the history page (the latest ones); the CSV has them all."""


@dataclass
class PointView:
    median: str
    interval: str
    version: str
    day: str
    href: str


@dataclass
class FlagRow:
    cell: str  # framework · workload
    setting: str  # phase and batch · precision · mode
    before: PointView
    after: PointView
    change: str
    faster: bool


@dataclass
class RunLink:
    label: str
    href: str


@dataclass
class FlagsView:
    """What the history page shows of one hardware above its charts."""

    intro: str
    head: list[str]
    no_flags: str
    rows: list[FlagRow] = field(default_factory=list)
    more: str = ""  # "the latest 20 of 31", where some are left out
    flags_csv: str = ""  # link to every flagged change, where there is one
    flags_csv_label: str = ""
    incomplete_lead: str = ""
    incomplete: list[RunLink] = field(default_factory=list)  # runs cut short that points come from
    list_sep: str = ", "
    cut: str = ""  # the charts show only the latest points
    every_csv: str = ""
    every_csv_label: str = ""


def history_page(c: PageContext) -> str:
    res = res_of(c)
    series = history(res)
    if not series:
        return html_blocks(para(t("bench.history.none", c.lang)))
    out = PageFiles(c.page, c.lang)
    parts = []
    for hw in res.hardware:
        mine = [s for s in series if s.hardware == hw.key]
        if not mine:
            continue
        parts.append(c.heading(2, hardware_label(hw, c.lang), hw.key))
        parts.append(c.render("benchmarks/history_flags.html.j2", view=flags_view(c, res, mine, out, hw.key)))
        for workload in res.order_workloads({s.workload for s in mine}):
            parts.append(c.heading(3, res.workload_name(workload), f"{hw.key}--{workload}"))
            parts.append(html_blocks(out.chart(f"history-{hw.key}--{workload}", charts.history_chart(res, hw.key, workload, mine, c.lang))))
    return join(parts)


def _point(c: PageContext, p: Point) -> PointView:
    interval = fmt_interval(p.ci_low_s, p.ci_high_s, c.lang, p.median_s) if p.ci_low_s is not None else ""
    return PointView(fmt_time(p.median_s, c.lang), interval, t("bench.cell.version", c.lang, version=p.version or "?"),
                     fmt_date(p.started_at, c.lang), run_href(c, p.run))


def flags_view(c: PageContext, res: Results, series: list[Series], out: PageFiles, key: str) -> FlagsView:
    """The changes the spread between runs does not explain, latest first; the CSVs beside the page have them all."""
    view = FlagsView(
        intro=t("bench.histnow.rule", c.lang, percent=f"{MIN_CHANGE * 100:g}"),
        head=[t("bench.history.cell", c.lang), t("bench.history.before", c.lang), t("bench.history.after", c.lang),
              t("bench.history.change", c.lang)],
        no_flags=t("bench.history.no_flags", c.lang),
    )
    flags = [(s, before, after) for s in series for before, after in s.flagged]
    flags.sort(key=lambda f: (f[2].started_at, f[2].run), reverse=True)
    for s, before, after in flags[:FLAGS_SHOWN]:
        setting = " · ".join((
            t("bench.setting.phase_batch", c.lang, phase=t("bench.phase." + s.phase, c.lang), batch=s.batch_size),
            t_or("bench.precision." + s.precision, c.lang, s.precision), res.mode_label(s.mode, c.lang)))
        view.rows.append(FlagRow(f"{res.framework_name(s.framework)} · {res.workload_name(s.workload)}", setting,
                                 _point(c, before), _point(c, after), f"{after.change * 100:+.1f}%", after.change < 0))
    if flags:
        view.flags_csv = out.write(f"flags-{key}.csv", flags_csv(flags))
        view.flags_csv_label = t("bench.histnow.flags_csv", c.lang)
        if len(flags) > FLAGS_SHOWN:
            view.more = t("bench.history.more", c.lang, shown=FLAGS_SHOWN, count=len(flags))
    cut_short = {p.run: p.started_at for s in series for p in s.points if not p.complete}
    if cut_short:
        view.incomplete_lead = t("bench.histnow.incomplete", c.lang)
        view.list_sep = t("bench.histnow.list_sep", c.lang)
        view.incomplete = [RunLink(fmt_date(when, c.lang), run_href(c, run))
                           for run, when in sorted(cut_short.items(), key=lambda item: (item[1], item[0]))]
    if max(len(s.points) for s in series) > charts.HISTORY_POINTS:
        view.cut = t("bench.history.cut", c.lang, shown=charts.HISTORY_POINTS)
    texts = res.memo.setdefault("history_csv", {})  # the same in both languages: made once
    if key not in texts:
        texts[key] = history_csv(series)
    view.every_csv = out.write(f"history-{key}.csv", texts[key])
    view.every_csv_label = t("bench.history.csv", c.lang)
    return view


def history_csv(series) -> str:
    """Every point of every series of one hardware, oldest first."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["hardware", "framework", "workload", "phase", "precision", "mode", "batch_size", "run", "started_at",
                     "version", "median_ms", "ci95_low_ms", "ci95_high_ms", "complete", "contended", "change", "flagged"])
    for s in series:
        for p in s.points:
            writer.writerow([s.hardware, s.framework, s.workload, s.phase, s.precision, s.mode, s.batch_size, p.run,
                             p.started_at.isoformat(), p.version or "", round(p.median_s * 1e3, 6),
                             "" if p.ci_low_s is None else round(p.ci_low_s * 1e3, 6),
                             "" if p.ci_high_s is None else round(p.ci_high_s * 1e3, 6), p.complete, p.contended,
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

