"""mkdocs hook of the benchmark pages (``hooks:`` in mkdocs.yml, after the site's own hook).

- ``on_config``: once the site's hook has loaded the data and the aggregate of
  the runs exists, move every object alive to the garbage collector's
  permanent generation (``gc.freeze``), and collect the youngest generation
  less often while the pages are made. The runs stay alive for the whole
  build, and the cyclic collector would otherwise walk them again and again:
  with 200 runs that was a second of a ten-second build, for nothing
  (measured with gc.callbacks: 0.99 s in 682 collections, then 0.28 s in 21).
  ``on_post_build`` puts both back.
- ``on_post_page``: once the latest run's page is rendered, write every other
  run's page from it (``runshell.stamp``). It runs after the site's own
  ``on_post_page`` (lower priority), so the pages it writes get the same
  finished HTML.
"""

from __future__ import annotations

import gc
import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from bench.site.benchmarks import runshell

log = logging.getLogger("mkdocs.plugins.bench.site.benchmarks")


GC_THRESHOLD = (20_000, 10, 10)  # the first generation is collected after 20,000 allocations, not 700
_saved_threshold: tuple[int, ...] | None = None


@event_priority(-100)  # after bench/site/hooks.py (priority 100) has loaded the data
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _saved_threshold
    if _saved_threshold is None:  # once: mkdocs-static-i18n runs on_config again for each language
        _saved_threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    gc.freeze()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    runshell.reset()  # a rebuild under `mkdocs serve` starts with nothing pending


@event_priority(-50)
def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    written = runshell.stamp(output, page.file.abs_dest_path, config["site_name"])
    if written:
        log.debug(f"bench: wrote {written} run pages from {page.file.src_uri}")
    return output


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages
def on_post_build(config: MkDocsConfig) -> None:
    global _saved_threshold
    gc.unfreeze()
    if _saved_threshold is not None:
        gc.set_threshold(*_saved_threshold)
        _saved_threshold = None
