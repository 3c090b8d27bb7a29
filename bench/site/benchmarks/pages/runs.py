"""``benchmarks/runs``: every run, and each run's page."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from bench.site.markup import markdown_html
from bench.site.render import PageContext

from .. import runpage, runshell
from ..cells import RunInfo
from ..outputs import PageFiles
from ..text import fmt_date, t
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
    run_title,
)

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
    return html_blocks(f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


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
        "reproduce": para(t("bench.run.reproduce_intro", c.lang)) + _command_html(run),
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
            f"{markdown_html(entry.reason.get(c.lang))}{para(t('bench.run.withdrawn_body', c.lang))}{pull}</div>")


RUN_SECTIONS = (("reproduce", "bench.run.reproduce"), ("machine", "bench.run.machine_heading"),
                ("software", "bench.run.software"), ("settings", "bench.run.settings"),
                ("cells", "bench.run.cells_heading"))


def run_page(c: PageContext, run_id: str) -> str:
    """The page of ``run_id`` (the latest run), and the blocks of every other run's page (``runshell``)."""
    res = res_of(c)
    info = res.run_by_id[run_id]
    out = PageFiles(c.page, c.lang)
    blocks = run_blocks(c, info, out)
    parts = [html_blocks(runshell.wrap("head", blocks["head"]))]
    for name, key in RUN_SECTIONS:
        parts += [c.heading(2, t(key, c.lang), name), html_blocks(runshell.wrap(name, blocks[name]))]
    if out.folder is not None:
        shell = runshell.Shell(run_id, run_title(info, c.lang))
        dest = c.page.file.abs_dest_path
        for other in res.paged:
            if other.id == run_id:
                continue
            files = PageFiles(c.page, c.lang, folder=runshell.target(dest, run_id, other.id).parent)
            shell.pages.append(runshell.RunPage(other.id, run_title(other, c.lang), run_blocks(c, other, files)))
        runshell.expect(dest, shell)
    return join(parts)


def _command_html(run) -> str:
    lines = ([f"git checkout {run.harness.git_commit}"] if run.harness.git_commit else []) + [run.command]
    return f'<div class="highlight"><pre><span></span><code>{escape(chr(10).join(lines))}</code></pre></div>'

