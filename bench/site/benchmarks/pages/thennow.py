"""``benchmarks/then-and-now``: the published 2016 tables beside today's cells."""

from __future__ import annotations

from html import escape

from bench.site.render import PageContext

from .. import runpage, thennow
from ..outputs import PageFiles
from ..text import t
from . import html_blocks, join, para, res_of

# --- benchmarks/then-and-now ----------------------------------------------------------

def then_and_now(c: PageContext) -> str:
    res = res_of(c)
    refs = c.data.dataset.reference
    if not refs:
        return html_blocks(para(t("bench.ref.none", c.lang)))
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
        parts.append(html_blocks(para(ref.summary.get(c.lang)), runpage._table(facts),
                           f'<ul class="bx-notes">{"".join(notes)}</ul>' if notes else ""))
        parts.append(c.heading(3, t("bench.ref.published", c.lang), f"{ref.id}-published"))
        parts.append(html_blocks(thennow.published_table_html(res, ref, c.lang)))
        parts.append(c.heading(3, t("bench.ref.today_heading", c.lang), f"{ref.id}-today"))
        parts.append(html_blocks(para(t("bench.ref.today_intro", c.lang), "bx-note"),
                           thennow.comparison_table_html(res, ref, c.lang),
                           f'<p class="bx-foot">{out.csv_link(f"thennow-{ref.id}", thennow.comparison_csv(res, ref))}</p>'))
    return join(parts)

