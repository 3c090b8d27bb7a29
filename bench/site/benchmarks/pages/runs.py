"""``benchmarks/runs``: every run, and each run's page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

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
    res_of,
    run_href,
    run_title,
)

# --- benchmarks/runs --------------------------------------------------------------------

@dataclass(frozen=True)
class RunLine:
    """One run in the runs index."""

    id: str
    href: str
    started: str
    hardware: str
    frameworks: tuple[str, ...]
    cells: str
    state: str
    raw_href: str


def runs_index(c: PageContext) -> str:
    """Every run with its page, newest first; a withdrawn run is listed as such (its page says why)."""
    res = res_of(c)
    if not res.paged:
        return not_measured_yet(c)
    files = PageFiles(c.page, c.lang)
    lines = []
    for info in reversed(res.paged):
        counts = runpage.status_counts(info.run)
        state = "bench.run.complete" if info.run.complete else "bench.run.incomplete"
        lines.append(RunLine(
            id=info.id, href=run_href(c, info.id), started=fmt_date(info.started_at, c.lang),
            hardware=hardware_label(info.hardware, c.lang),
            frameworks=tuple(f"{res.framework_name(f.id)} {f.version or ''}".strip() for f in info.run.frameworks if f.available),
            cells=f"{counts.get('ok', 0)} / {len(info.run.results)}",
            state=t("bench.run.withdrawn" if info.withdrawal is not None else state, c.lang),
            raw_href=files.asset(raw_path(info))))
    return html_blocks(runpage.template("runs_index.html.j2").render(runs=lines, t=runpage.words(c.lang)))


RAW_FOLDER = "data/runs"
"""Where the raw run files are served, once for both languages: the same path as in the repository."""


def raw_path(info: RunInfo) -> str:
    return f"{RAW_FOLDER}/{info.file}"


def raw_file(c: PageContext, info: RunInfo) -> Path:
    return c.data.dataset.root / "runs" / info.file


def run_blocks(c: PageContext, info: RunInfo, out: PageFiles) -> dict[str, str]:
    """The HTML of each part of a run's page (``runshell.BLOCKS``), its files written by ``out``."""
    res = res_of(c)
    run = info.run
    done = res.memo.setdefault("shared_files", set())
    raw_href = out.copy_shared(raw_path(info), raw_file(c, info), done)  # the file as committed, byte for byte
    csv_path = f"{RAW_FOLDER}/{info.id}.cells.csv"
    csv_href = out.write_shared(csv_path, "" if csv_path in done else runpage.cells_csv(run), done)
    # a machine whose every run is withdrawn has no results page
    hw_href = link(c, hardware_path(info.hardware.key)) if info.hardware in res.hardware else None
    names, workloads = res.framework_names, res.workload_names
    shared = res.memo.setdefault("run_parts", {})  # what is the same in both languages: made once
    if info.id not in shared:
        shared[info.id] = runpage.run_parts(run, names, workloads, res.memo.setdefault("settings_lists", {}),
                                            res.memo.setdefault("cell_heads", {}))
    parts = shared[info.id]
    view = runpage.run_view(
        info, c.lang, title=run_title(info, c.lang), names=names, repo_url=c.repo_url, raw_href=raw_href,
        csv_href=csv_href, hardware_label=hardware_label(info.hardware, c.lang), hardware_href=hw_href,
        withdrawal=withdrawal_view(c, info), parts=parts)
    cells = runpage.localize_cells(
        parts.cells, c.lang, {mode: entry["label"] for per in info.modes.values() for mode, entry in per.items()})
    page = runpage.template("run.html.j2")
    context = page.new_context({"v": view, "t": runpage.words(c.lang), "settings": parts.settings, "cells": Markup(cells)})
    return {name: "".join(page.blocks[name](context)).strip() for name in runshell.BLOCKS}


def withdrawal_view(c: PageContext, info: RunInfo) -> runpage.WithdrawalView | None:
    """The notice on a withdrawn run's page: when, why (contributor Markdown, sanitized), and its pull request."""
    entry = info.withdrawal
    if entry is None:
        return None
    pull = entry.pull_request
    return runpage.WithdrawalView(date=entry.date.isoformat(), reason=markdown_html(entry.reason.get(c.lang)),
                                  pull_request=pull,
                                  pull_url=f"{c.repo_url.rstrip('/')}/pull/{pull}" if c.repo_url and pull is not None else None)


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
        runshell.expect(res.pending, dest, shell)
    return join(parts)
