"""The benchmark section of the site: its macros, its generated pages, its part of each framework page.

Registered from ``bench/site/macros.py`` (``SECTIONS``). Pages:

- ``benchmarks/index``: what is measured, the machines, the headline (``bench_overview``).
- ``benchmarks/latest/index`` and one generated page per hardware (``bench_hardware_page``).
- ``benchmarks/history``, ``benchmarks/then-and-now``, ``benchmarks/methodology``.
- ``benchmarks/runs/index`` and one page per run: mkdocs renders the latest run's
  (``bench_run_page``), the others are made from it (``runshell.py``). Run pages
  stay out of the navigation (``not_in_nav`` in mkdocs.yml) and out of search:
  there is one per run, hundreds in time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.site.data import SiteData
from bench.site.render import page_context
from bench.site.sections.frameworks import add_framework_part
from bench.site.stubs import Stub

from . import pages
from .cells import results
from .pages import history, latest, methodology, runs, thennow
from .text import LANGUAGES


@dataclass(frozen=True)
class RunStub(Stub):
    """A run's page, left out of the search index: raw figures (and the frame of every other run's page)."""

    def text(self, lang: str) -> str:
        return super().text(lang).replace("\n---\n", "\nsearch:\n  exclude: true\n---\n", 1)


def stubs(data: SiteData) -> list[Stub]:
    """One page per hardware and one per run, in each language (written by the site's hook)."""
    res = results(data)
    out = [Stub(pages.LATEST_FOLDER, hw.key, "bench_hardware_page",
                {lang: pages.hardware_label(hw, lang) for lang in LANGUAGES}) for hw in res.hardware]
    if res.paged:  # the latest run's page; the other runs' pages, withdrawn ones too, are made from it (runshell.py)
        info = res.shell
        out.append(RunStub(pages.RUNS_FOLDER, info.id, "bench_run_page",
                           {lang: pages.run_title(info, lang) for lang in LANGUAGES}))
    return out


def register(env) -> None:
    add_framework_part("benchmarks", lambda c, framework: latest.framework_part(c, framework.id))

    @env.macro
    def bench_overview() -> str:
        return latest.overview(page_context(env))

    @env.macro
    def bench_headline() -> str:
        return latest.headline(page_context(env))

    @env.macro
    def bench_last_measured() -> str:
        return latest.last_measured(page_context(env))

    @env.macro
    def bench_latest_index() -> str:
        return latest.latest_index(page_context(env))

    @env.macro
    def bench_hardware_page(key: str) -> str:
        return latest.hardware_page(page_context(env), key)

    @env.macro
    def bench_history() -> str:
        return history.history_page(page_context(env))

    @env.macro
    def bench_then_and_now() -> str:
        return thennow.then_and_now(page_context(env))

    @env.macro
    def bench_runs_index() -> str:
        return runs.runs_index(page_context(env))

    @env.macro
    def bench_workloads() -> str:
        return methodology.workloads_table(page_context(env))

    @env.macro
    def bench_run_page(run_id: str) -> str:
        return runs.run_page(page_context(env), run_id)
