"""Every run's page, stamped from one page that mkdocs renders: the latest run's.

A run page has the same layout for every run: a title and summary, then the
sections Reproduce, Machine, Software, Settings and Cells. Rendering hundreds
of them through mkdocs and the theme costs tens of milliseconds each, per
language, and the site keeps one page per run forever. So mkdocs renders one run
page per language (the latest run's, a generated stub like any other page), and
the other runs' pages are made from its finished HTML: the theme's header,
navigation, table of contents, language switcher and footer are the same; the
title, the run's links and the content of each section are replaced.

The sections' content lies between markers that only this module writes
(``<!--bx:name-->...<!--/bx:name-->``). The run pages sit in the same folder as
the rendered one, so every relative link of the theme stays valid. The hook's
``on_post_page`` (``bench/site/hooks.py``) calls ``stamp`` with the
rendered page; the blocks of the other runs were prepared by the page's macro,
with the same page context, and wait here until then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

BLOCKS = ("head", "reproduce", "machine", "software", "settings", "cells")
"""The parts of a run page that differ between runs, in page order (see ``pages.run_page``)."""


def open_marker(name: str) -> str:
    return f"<!--bx:{name}-->"


def close_marker(name: str) -> str:
    return f"<!--/bx:{name}-->"


def wrap(name: str, html: str) -> str:
    return f"{open_marker(name)}{html}{close_marker(name)}"


@dataclass
class RunPage:
    id: str
    title: str  # plain text
    blocks: dict[str, str]  # block name -> HTML


@dataclass
class Shell:
    """The run page mkdocs renders, and the pages to stamp from it once it is rendered."""

    id: str  # the rendered run's id: it is in the page's URL
    title: str
    pages: list[RunPage] = field(default_factory=list)


def expect(pending: dict[str, Shell], dest_path: str, shell: Shell) -> None:
    """Called by the rendered page's macro: stamp these pages when that page is written.

    ``pending`` (the rendered page's path -> its shell) is the build's own (``Results.pending``),
    which the hook reads when the page is written."""
    pending[str(dest_path)] = shell


def target(dest_path: str | Path, shell_id: str, run_id: str) -> Path:
    """Where the page of ``run_id`` goes: the rendered page's path with the run's id instead of its own."""
    path = Path(dest_path)
    parts = [run_id if part == shell_id else part for part in path.parts]
    parts[-1] = parts[-1].replace(f"{shell_id}.", f"{run_id}.")  # use_directory_urls: false
    return Path(*parts)


def relink(url: str, shell_id: str, run_id: str) -> str:
    """A link to the rendered run's page, turned into a link to ``run_id``'s page."""
    head, sep, tail = url.rpartition(shell_id)
    return f"{head}{run_id}{tail}" if sep else url


def _frame(output: str, shell: Shell) -> list[str | tuple[str, str]]:
    """The rendered page cut into the theme's fixed text and the places that name the run.

    A place is ``("url", "")`` (the run's id in a link: canonical, language switcher),
    ``("head", "")`` (the <title>), ``("title", "")`` (the title in the header) or
    ``("block", name)`` (a part of the content). Cutting once makes each page a join.
    """
    shell_title = re.escape(escape(shell.title, quote=False))
    places = re.compile(
        r"(?P<head><title>.*?</title>)"
        rf"|(?P<title>{shell_title})"
        rf"|(?P<url>(?<=[/\"']){re.escape(shell.id)}(?=[/.\"'#]))"
        r"|<!--bx:(?P<block>[a-z]+)-->.*?<!--/bx:(?P=block)-->",
        re.DOTALL)
    parts: list[str | tuple[str, str]] = []
    position = 0
    for match in places.finditer(output):
        parts.append(output[position:match.start()])
        kind = match.lastgroup
        if kind == "block":
            parts += [open_marker(match.group("block")), ("block", match.group("block")), close_marker(match.group("block"))]
        else:
            parts.append((kind, ""))
        position = match.end()
    parts.append(output[position:])
    found = {part[1] for part in parts if isinstance(part, tuple) and part[0] == "block"}
    if found != set(BLOCKS):
        raise ValueError(f"the rendered run page lacks its blocks {sorted(set(BLOCKS) - found)}: "
                         "the run pages cannot be made from it")
    return parts


def stamp(pending: dict[str, Shell], output: str, dest_path: str, site_name: str) -> int:
    """Write the pages waiting for the rendered page at ``dest_path``; return how many were written."""
    shell = pending.pop(str(dest_path), None)
    if shell is None:
        return 0
    frame = _frame(output, shell)
    folders: set[Path] = set()
    for page in shell.pages:
        values = {"url": page.id, "title": escape(page.title, quote=False),
                  "head": f"<title>{escape(page.title)} - {escape(site_name)}</title>"}
        html = "".join(part if isinstance(part, str) else (page.blocks.get(part[1], "") if part[0] == "block"
                                                            else values[part[0]]) for part in frame)
        path = target(dest_path, shell.id, page.id)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(html, encoding="utf-8")
    return len(shell.pages)
