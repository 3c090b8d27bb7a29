"""The mkdocs-macros module (``module_name: bench/site/macros`` in mkdocs.yml).

``define_env`` only dispatches: every section of the site is a module with a
``register(env)`` that defines its macros, and ``SECTIONS`` lists them, in one
place. A new section (the benchmark pages, for instance) adds its module here.
"""

from __future__ import annotations

import importlib

SECTIONS = (
    "bench.site.sections.overview",
    "bench.site.sections.frameworks",
    "bench.site.sections.areas",
    "bench.site.sections.editions",
    "bench.site.sections.glossary",
    "bench.site.sections.guide",
    "bench.site.benchmarks.section",
)


def define_env(env) -> None:
    for name in SECTIONS:
        importlib.import_module(name).register(env)
