"""The benchmark pages, composed: headings in Markdown (they reach the table of
contents), everything else finished HTML set aside from Markdown (``stash_html``).

One module per page: ``latest`` (the summary, the headline, a machine's latest
results, a framework's own results), ``history``, ``thennow``, ``runs`` (the runs
index and each run's page) and ``methodology``; this module holds what they share.

Each function renders one macro's output for the page being built (``c``, the
site's ``PageContext``: language, links, data) and writes that page's chart specs
and CSVs next to it (``PageFiles``). Links to other pages go through ``c.url``,
which fails the build on a page that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bench.site.render import PageContext, stash_html

from .. import runshell
from ..cells import Hardware, Results, RunInfo, results
from ..text import fmt_date, t

RUNS_FOLDER = "benchmarks/runs"
LATEST_FOLDER = "benchmarks/latest"


# --- small parts -----------------------------------------------------------------

def html_blocks(*blocks: str) -> str:
    """HTML blocks, kept away from Markdown."""
    return stash_html("\n".join(b for b in blocks if b))


def para(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{escape(text)}</p>"


def join(parts: Iterable[str]) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


def res_of(c: PageContext) -> Results:
    return results(c.data)


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


def link(c: PageContext, path: str, anchor: str | None = None) -> str:
    """``c.url``: the build's pages are indexed once (``render``), a run page is linked hundreds of times."""
    return c.url(path, anchor)


def run_href(c: PageContext, run_id: str) -> str:
    """The page of a run: the latest run's page is rendered by mkdocs, the others are made from it (runshell)."""
    shell = res_of(c).shell.id
    return runshell.relink(link(c, run_path(shell)), shell, run_id)


def run_title(info: RunInfo, lang: str) -> str:
    return t("bench.run.title", lang, date=fmt_date(info.started_at, lang), hardware=info.hardware.name)


def run_links(c: PageContext, run_ids: list[str]) -> str:
    if not run_ids:
        return ""
    if len(run_ids) == 1:
        return f'{escape(t("bench.table.from_run", c.lang))} <a href="{escape(run_href(c, run_ids[0]))}">{escape(run_ids[0])}</a>'
    marks = ", ".join(f'<sup>{chr(ord("a") + i) if i < 26 else i + 1}</sup> <a href="{escape(run_href(c, rid))}">{escape(rid)}</a>'
                      for i, rid in enumerate(run_ids))
    return f'{escape(t("bench.table.from_runs", c.lang))} {marks}'


def not_measured_yet(c: PageContext) -> str:
    return html_blocks(f'<div class="admonition info"><p class="admonition-title">{escape(t("bench.empty.title", c.lang))}</p>'
                 f'<p>{escape(t("bench.empty.body", c.lang))}</p></div>')

