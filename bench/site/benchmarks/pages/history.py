"""``benchmarks/history``: each cell over time, and the changes its intervals do not explain."""

from __future__ import annotations

from html import escape

from bench.site.render import PageContext

from .. import charts
from ..cells import Results
from ..history import history
from ..outputs import PageFiles
from ..text import fmt_day, fmt_interval, fmt_time, t, t_or
from . import hardware_label, html_blocks, join, para, res_of, run_href

# --- benchmarks/history -------------------------------------------------------------

FLAGS_SHOWN = 20
"""Flagged changes listed per hardware on the history page (the latest ones); the CSV has them all."""


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
        longest = max(len(s.points) for s in mine)
        note = t("bench.history.cut", c.lang, shown=charts.HISTORY_POINTS) + " " if longest > charts.HISTORY_POINTS else ""
        texts = res.memo.setdefault("history_csv", {})  # the same in both languages: made once
        if hw.key not in texts:
            texts[hw.key] = history_csv(mine)
        every = out.csv_link(f"history-{hw.key}", texts[hw.key], "bench.history.csv")
        parts.append(html_blocks(flagged_table(c, res, mine, out, hw.key), f'<p class="bx-foot">{escape(note)}{every}</p>'))
        for workload in res.order_workloads({s.workload for s in mine}):
            parts.append(c.heading(3, res.workload_name(workload), f"{hw.key}--{workload}"))
            parts.append(html_blocks(out.chart(f"history-{hw.key}--{workload}", charts.history_chart(res, hw.key, workload, mine, c.lang))))
    return join(parts)


def flagged_table(c: PageContext, res: Results, series, out: PageFiles, key: str) -> str:
    """The changes the intervals do not explain, latest first; the CSV beside the page has them all."""
    flags = [(s, before, after) for s in series for before, after in s.flagged]
    if not flags:
        return para(t("bench.history.no_flags", c.lang))
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
    return (para(t("bench.history.flags_intro", c.lang))
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

