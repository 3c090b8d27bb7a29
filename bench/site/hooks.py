"""mkdocs hook (``hooks:`` in mkdocs.yml): data in, stub pages out, clean head.

- ``on_config`` (run first, before mkdocs-macros): load the data folder once;
  on invalid data stop the build with the data layer's own ``file:line: message``
  lines (the same as ``python -m bench check``), no traceback; write the stub
  pages (``stubs.stubs_for``, plus ``stubs(data)`` of any module in
  ``macros.SECTIONS`` that has one) and list them in the navigation.
- ``on_page_content``: put back the HTML blocks and heading texts that the macros
  rendered and kept away from Markdown (``render.stash_html``, ``render.heading_line``),
  into the page's HTML, its table of contents and its title: after the last Markdown
  pass, so no data value is ever read as Markdown.
- ``on_post_page``: drop the per-page ``<link rel="alternate" hreflang>`` tags
  that mkdocs-static-i18n adds to the head. Material fetches ``sitemap.xml``
  under every such link (one 404 per language per page); the language switcher
  keeps its same-page links, and ``sitemap.xml`` still carries the hreflang
  alternates of every page. ``on_post_template`` does the same for 404.html.
  Both also keep the header's repository link from fetching the repository's
  facts from api.github.com (``_clean``): no page requests another host.
- One search index per language: mkdocs-static-i18n gathers the entries of all
  languages into one index at the site's root, so a reader of one language got
  pages of the other among the results (for every word both share: a framework's
  name, "PyTorch" first). ``on_post_build``, once the last language is built,
  splits it: the default language keeps ``search/search_index.json``, each other
  language gets ``<lang>/search/search_index.json`` with locations relative to
  ``<lang>/``; ``on_post_page`` points the theme's base of that language's pages
  at ``<lang>/`` (the theme loads the index from its base, and resolves the
  result links against it; nothing else of the theme reads it with the
  features this site uses).
- Chinese search: ``on_post_build`` also fixes the theme's query segmenter in the
  built search worker (``search_zh.fix_worker``), so that a phrase of several
  Chinese words finds the pages that hold it first.
- Run pages: once the latest run's page is rendered and cleaned, ``on_post_page``
  writes every other run's page from it (``benchmarks/runshell.stamp``), so those
  pages get the same finished HTML; ``on_pre_build`` forgets what a previous build
  under ``mkdocs serve`` left pending.
- The garbage collector: once ``on_config`` has loaded the data and made the
  aggregate of the runs, every object alive moves to the collector's permanent
  generation (``gc.freeze``), and the youngest generation is collected less
  often while the pages are made. The runs stay alive for the whole build, and
  the cyclic collector would otherwise walk them again and again: with 200 runs
  that was a second of a ten-second build, for nothing (measured with
  gc.callbacks: 0.99 s in 682 collections, then 0.28 s in 21). The end of the
  build (``on_post_build``, or ``on_build_error``) puts both back.
"""

from __future__ import annotations

import gc
import html
import importlib
import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from bench.data import DataError
from bench.site import strings
from bench.site.benchmarks import runshell
from bench.site.benchmarks.cells import results
from bench.site.data import site_data
from bench.site.macros import SECTIONS
from bench.site.render import data_dir, unstash_page
from bench.site.search_zh import WorkerChanged, fix_worker
from bench.site.stubs import StubError, fill_nav, stubs_for, write_stubs


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def problem_lines(error: DataError) -> list[str]:
    """The problems as ``python -m bench check`` prints them: ``file:line: message``."""
    return [f"{_relative(p.path)}:{p.line or 1}: {p.message}" for p in error.problems]


log = logging.getLogger("mkdocs.plugins.bench.site")

GC_THRESHOLD = (20_000, 10, 10)  # the first generation is collected after 20,000 allocations, not 700
_saved_threshold: tuple[int, ...] | None = None


def freeze_gc() -> None:
    """Keep what is alive now (the data, the runs' aggregate) out of every collection until ``thaw_gc``."""
    global _saved_threshold
    if _saved_threshold is None:  # once: mkdocs-static-i18n runs on_config again for each language
        _saved_threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    gc.freeze()


def thaw_gc() -> None:
    global _saved_threshold
    gc.unfreeze()
    if _saved_threshold is not None:
        gc.set_threshold(*_saved_threshold)
        _saved_threshold = None


def section_stubs(data) -> list:
    """Generated pages of the other sections: a module in macros.SECTIONS may define ``stubs(data)``."""
    stubs = []
    for name in SECTIONS:
        module = importlib.import_module(name)
        if hasattr(module, "stubs"):
            stubs.extend(module.stubs(data))
    return stubs


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = data_dir(config)
    try:
        data = site_data(root)
    except DataError as error:
        lines = problem_lines(error) or [f"{_relative(root)}: invalid data"]
        raise PluginError("invalid data, the site was not built:\n" + "\n".join(lines)) from None
    stubs = stubs_for(data) + section_stubs(data)
    try:
        write_stubs(Path(config["docs_dir"]), stubs)
    except StubError as error:
        raise PluginError(f"the site was not built: {error}") from None
    fill_nav(config["nav"], stubs)
    freeze_gc()  # the data and the runs' aggregate now exist (the stubs read it)
    return config


def bench_results(config: MkDocsConfig):
    """The build's aggregate of the runs, on the data that ``on_config`` loaded (``SiteData.sections``)."""
    return results(site_data(data_dir(config), check=False))


def on_pre_build(config: MkDocsConfig) -> None:
    bench_results(config).pending.clear()  # a rebuild under `mkdocs serve` starts with nothing pending


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    """Put back what the macros kept away from Markdown (render.stash_html, render.heading_line)."""
    return unstash_page(html, page)


_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def _drop_alternates(output: str) -> str:
    head, sep, body = output.partition("</head>")
    return _ALTERNATE.sub("", head) + sep + body


# The repository link of the header and the drawer: as a "source" component the theme
# fetches the repository's facts from api.github.com on every visit, a request to
# another host (offline, it fails in the console). The link itself stays.
_SOURCE_COMPONENT = ' class="md-source" data-md-component="source"'


def _clean(output: str) -> str:
    return _drop_alternates(output).replace(_SOURCE_COMPONENT, ' class="md-source"')


@event_priority(-50)  # after the other plugins' changes to the page (mkdocs-static-i18n's, at -100, changes nothing)
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    output = _clean(output)
    lang = _other_language(config)
    if lang is not None and page.file.dest_uri.startswith(f"{lang}/"):
        output = localize_permalinks(language_base(output, lang), lang)
    written = runshell.stamp(bench_results(config).pending, output, page.file.abs_dest_path,
                             config["site_name"])  # the other runs' pages
    if written:
        log.debug(f"bench: wrote {written} run pages from {page.file.src_uri}")
    return output


# Markdown's toc extension titles every heading's link "Permanent link", in every language.
_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def localize_permalinks(output: str, lang: str) -> str:
    """The title of each heading's permanent link in ``lang``."""
    title = html.escape(strings.translate("toc.permalink", lang))
    return _PERMALINK.sub(lambda m: m.group(1) + title + m.group(2), output)


def _other_language(config: MkDocsConfig) -> str | None:
    """The language being built, when it is not the default one (its pages live under ``<lang>/``)."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.is_default_language_build:
        return None
    return i18n.current_language


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*")([^"]*)(")')


def language_base(output: str, lang: str) -> str:
    """Point the theme's base (the site's root, relative to the page) at the root of ``lang``."""
    return _CONFIG_BASE.sub(lambda m: m.group(1) + m.group(2).rstrip("/") + f"/{lang}/" + m.group(3), output, count=1)


def split_search_index(site_dir: Path, languages: list[str]) -> dict[str, int]:
    """Move the entries of each language in ``languages`` (not the default) into its own index.

    Returns the number of entries each index holds ('' for the default language)."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    docs: dict[str, list[dict]] = {"": []} | {lang: [] for lang in languages}
    for doc in index["docs"]:
        lang = next((lang for lang in languages if doc["location"].startswith(f"{lang}/")), "")
        docs[lang].append(doc if not lang else {**doc, "location": doc["location"][len(lang) + 1:]})
    for lang, entries in docs.items():
        target = site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # as the theme writes it: compact, non-ASCII escaped
        target.write_text(json.dumps({"config": index["config"], "docs": entries}, separators=(",", ":")),
                          encoding="utf-8")
    return {lang: len(entries) for lang, entries in docs.items()}


@event_priority(-300)  # after mkdocs-static-i18n (-100) has built every language and written the index
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:  # a language of the build, not the end of it
        return
    thaw_gc()
    if i18n is None:
        return
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    if others:
        split_search_index(Path(config["site_dir"]), others)
    try:
        fix_worker(Path(config["site_dir"]))
    except WorkerChanged as error:
        raise PluginError(f"Chinese search (bench/site/search_zh.py): {error}") from None


def on_build_error(error: Exception) -> None:
    thaw_gc()  # `mkdocs serve` goes on after a failed build


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html is a theme template, not a page: clean its head the same way.

    mkdocs-static-i18n builds each language into the same site_dir, so the last
    language built would overwrite the site's one 404.html (the only one GitHub
    Pages serves); an empty output makes mkdocs skip the file, and the default
    language's 404.html stays.
    """
    if not template_name.endswith(".html"):
        return output_content
    i18n = config.plugins.get("i18n")
    if template_name == "404.html" and i18n is not None and not i18n.is_default_language_build:
        return ""
    return _clean(output_content)
