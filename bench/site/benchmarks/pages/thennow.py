"""``benchmarks/then-and-now``: the published 2016 tables beside today's cells, and one chart of both.

Python builds plain views (``thennow_views``); the templates under
``templates/benchmarks/thennow_*.html.j2`` write them. The chart comes first:
2016's time beside today's, per network, with the share of each GPU's peak.
Each source then has its facts, its table as published, and today's measured
lines; what was not measured today is named in one line, never as error rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.data.reference import ReferenceFile
from bench.harness.peaks import peak_source
from bench.site.render import PageContext

from .. import charts, thennow
from ..cells import Results, mode_word
from ..outputs import PageFiles
from ..text import fmt_interval, fmt_ratio, fmt_share, fmt_time, t, t_or
from . import html_blocks, join, para, res_of, run_href

# --- benchmarks/then-and-now ----------------------------------------------------------


@dataclass
class Fact:
    label: str
    text: str = ""
    href: str = ""  # the text is a link to it
    more: str = ""  # a second link's text (the exact revision copied)
    more_href: str = ""


@dataclass
class PublishedView:
    """The source's table as published: networks by columns, milliseconds."""

    head: list[Fact]  # per column: its label, version and own source
    rows: list[tuple[str, str, list[str | None]]]  # network, batch and input, figures (None: not in the source)
    network: str
    not_in_source: str


@dataclass
class LineView:
    """One measured line of today's table."""

    network: str
    batch: str
    then_time: str
    then_label: str  # the 2016 column as the source named it
    then_share: str
    now_time: str
    now_where: str  # framework · GPU
    now_setting: str
    now_details: list[str]
    now_href: str
    now_share: str
    best: str  # the fastest cell where it is not the FP32 eager one
    speedup: str
    split: str  # hardware × software
    best_speedup: str


@dataclass
class TodayView:
    intro: str
    head: list[str]
    lines: list[LineView] = field(default_factory=list)
    empty: str = ""  # said in place of the table when there is no line
    missing_lead: str = ""
    missing: list[str] = field(default_factory=list)
    csv: str = ""
    csv_label: str = ""


@dataclass
class PeaksView:
    intro: str
    then: list[Fact] = field(default_factory=list)
    now: list[Fact] = field(default_factory=list)
    method: str = ""
    method_link: str = ""
    method_href: str = ""


def then_and_now(c: PageContext) -> str:
    res = res_of(c)
    refs = sorted(c.data.dataset.reference.values(), key=lambda r: (r.date, r.id))
    if not refs:
        return html_blocks(para(t("bench.ref.none", c.lang)))
    out = PageFiles(c.page, c.lang)
    parts = []
    spec = charts.thennow_chart(res, refs, c.lang)
    if spec is not None:
        parts.append(c.heading(2, t("bench.histnow.chart_heading", c.lang), "chart"))
        parts.append(c.render("benchmarks/thennow_peaks.html.j2", view=peaks_view(c, res, refs)))
        parts.append(html_blocks(out.chart("thennow", spec)))
    for ref in refs:
        parts.append(c.heading(2, ref.title.get(c.lang), ref.id))
        parts.append(c.render("benchmarks/thennow_source.html.j2", summary=ref.summary.get(c.lang),
                              facts=source_facts(c, ref),
                              notes=[(col.label, col.note.get(c.lang)) for col in ref.columns if col.note]))
        parts.append(c.heading(3, t("bench.ref.published", c.lang), f"{ref.id}-published"))
        parts.append(c.render("benchmarks/thennow_published.html.j2", ref_id=ref.id, view=published_view(c, ref)))
        parts.append(c.heading(3, t("bench.ref.today_heading", c.lang), f"{ref.id}-today"))
        parts.append(c.render("benchmarks/thennow_today.html.j2", ref_id=ref.id, view=today_view(c, res, ref, out)))
    return join(parts)


def source_facts(c: PageContext, ref: ReferenceFile) -> list[Fact]:
    facts = [
        Fact(t("bench.ref.source", c.lang), ref.source.title, str(ref.source.url),
             t("bench.ref.permalink", c.lang) if ref.source.permalink else "",
             str(ref.source.permalink) if ref.source.permalink else ""),
        Fact(t("bench.ref.hardware", c.lang), ref.hardware),
        Fact(t("bench.ref.date", c.lang), ref.date),
        Fact(t("bench.ref.measure", c.lang), ref.measure.get(c.lang)),
    ]
    if ref.method:
        facts.append(Fact(t("bench.ref.method", c.lang), ref.method.get(c.lang)))
    if (fact := _peak_fact(c, ref)) is not None:
        facts.append(fact)
    return facts


def _gpu_of(ref: ReferenceFile) -> str:
    """The GPU of the source's hardware line ("NVIDIA GeForce GTX Titan X (Maxwell), one GPU; ...")."""
    return ref.hardware.split(",")[0].split(";")[0].strip()


def _peak_fact(c: PageContext, ref: ReferenceFile) -> Fact | None:
    """2016's GPU peak in FP32 with the page it is taken from; None where the harness does not know the GPU."""
    peak, source = thennow.peak_then(ref), peak_source(ref.hardware)
    if peak is None:
        return None
    title, url = source or ("", "")
    return Fact(t("bench.histnow.peak", c.lang), t("bench.histnow.peak_then", c.lang, tflops=f"{peak:g}", precision="FP32"),
                more=title, more_href=url)


def published_view(c: PageContext, ref: ReferenceFile) -> PublishedView:
    head = [Fact(col.label, col.version or "", str(col.source) if col.source else "", t("bench.ref.column_source", c.lang))
            for col in ref.columns]
    rows = []
    for row in ref.rows:
        batch = t("bench.ref.batch", c.lang, batch=row.batch_size) + (f" · {row.input}" if row.input else "")
        rows.append((row.label, batch, [f"{row.values[col.id]:g} ms" if col.id in row.values else None
                                        for col in ref.columns]))
    return PublishedView(head, rows, t("bench.ref.network", c.lang), t("bench.ref.not_in_source", c.lang))


def _setting(record: dict, lang: str) -> str:
    return f"{t_or('bench.precision.' + record['precision'], lang, record['precision'])} · {mode_word(record, lang)}"


def line_view(c: PageContext, res: Results, line: thennow.Line) -> LineView:
    lang = c.lang
    rec, best = line.record, line.best
    shown = rec or best  # the FP32 eager cell, or where it did not run, the fastest
    details = []
    if shown["ci_low_s"] is not None and shown["ci_high_s"] is not None:
        details.append(t("bench.cell.ci", lang, interval=fmt_interval(shown["ci_low_s"], shown["ci_high_s"], lang,
                                                                      shown["median_s"])))
    if shown["version"]:
        details.append(t("bench.cell.version", lang, version=shown["version"]))
    share_then, share_now = line.share_then, line.share(shown)
    split = ""
    if rec is not None and line.hardware_factor and line.software_factor:
        split = t("bench.histnow.split", lang, hardware=fmt_ratio(line.hardware_factor, lang),
                  software=fmt_ratio(line.software_factor, lang))
    best_text = best_speedup = ""
    if rec is not None and best is not None and best is not rec:
        share = line.share(best)
        best_text = t("bench.histnow.fastest", lang, time=fmt_time(best["median_s"], lang), setting=_setting(best, lang))
        if share is not None:
            best_text += " · " + t("bench.histnow.share_of", lang, share=fmt_share(share, lang),
                                   precision=best["precision"].upper())
        best_speedup = t("bench.histnow.fastest_speedup", lang, ratio=fmt_ratio(line.speedup(best), lang))
    return LineView(
        network=line.row.label,
        batch=t("bench.ref.batch", lang, batch=line.row.batch_size),
        then_time=f"{line.then_ms:g} ms",
        then_label=line.column.label,
        then_share=t("bench.histnow.share", lang, share=fmt_share(share_then, lang)) if share_then is not None else "",
        now_time=fmt_time(shown["median_s"], lang),
        now_where=f"{res.framework_name(shown['framework'])} · {line.hardware.name}",
        now_setting=_setting(shown, lang),
        now_details=details,
        now_href=run_href(c, shown["run"]),
        now_share=t("bench.histnow.share_of", lang, share=fmt_share(share_now, lang), precision=shown["precision"].upper())
        if share_now is not None else "",
        best=best_text,
        speedup=fmt_ratio(line.speedup(shown), lang),
        split=split,
        best_speedup=best_speedup,
    )


def today_view(c: PageContext, res: Results, ref: ReferenceFile, out: PageFiles) -> TodayView:
    view = TodayView(
        intro=t("bench.histnow.today_intro", c.lang),
        head=[t("bench.ref.network", c.lang), t("bench.histnow.col_then", c.lang), t("bench.histnow.col_now", c.lang),
              t("bench.ref.speedup", c.lang)],
    )
    view.lines = [line_view(c, res, line) for line in thennow.lines(res, ref)]
    if not thennow.gpu_hardware(res):
        view.empty = t("bench.histnow.no_gpu", c.lang)
        return view
    missing = thennow.not_measured(res, ref)
    if missing:
        view.missing_lead = t("bench.histnow.not_measured", c.lang)
        for m in missing:
            if m.unknown_network:
                view.missing.append(t("bench.histnow.missing_network", c.lang, network=m.row.label,
                                      why=t("bench.ref.no_workload", c.lang)))
            else:
                view.missing.append(t("bench.histnow.missing_columns", c.lang, network=m.row.label,
                                      columns=t("bench.histnow.list_sep", c.lang).join(col.label for col in m.columns)))
    if view.lines:
        view.csv = out.write(f"thennow-{ref.id}.csv", thennow.comparison_csv(res, ref))
        view.csv_label = t("bench.table.csv", c.lang)
    return view


def peaks_view(c: PageContext, res: Results, refs: list[ReferenceFile]) -> PeaksView:
    """The peaks the shares are taken of: 2016's, cited per source, and today's, as the runs recorded them."""
    view = PeaksView(intro=t("bench.histnow.chart_intro", c.lang), method=t("bench.histnow.peak_method", c.lang),
                     method_link=t("bench.histnow.methodology", c.lang),
                     method_href=c.url("benchmarks/methodology.md", "throughput"))
    seen = set()
    for ref in refs:
        fact = _peak_fact(c, ref)
        if fact is not None and (_gpu_of(ref), fact.text) not in seen:
            seen.add((_gpu_of(ref), fact.text))
            fact.label = _gpu_of(ref)
            view.then.append(fact)
    now: dict[str, float] = {}
    for line in thennow.chart_lines(res, refs):
        if line.peaks_now.get("fp32"):
            now.setdefault(line.hardware.name, line.peaks_now["fp32"])
    for name, peak in now.items():
        title, url = peak_source(name) or ("", "")
        view.now.append(Fact(name, t("bench.histnow.peak_now", c.lang, tflops=f"{peak:g}"), more=title, more_href=url))
    return view
