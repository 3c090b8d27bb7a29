"""mkdocs hook (``hooks:`` in mkdocs.yml): data in, stub pages out, clean head.

- ``on_config`` (run first, before mkdocs-macros): load the data folder once;
  on invalid data stop the build with the data layer's own ``file:line: message``
  lines (the same as ``python -m bench check``), no traceback; write the stub
  pages (``stubs.stubs_for``, plus ``stubs(data)`` of any module in
  ``macros.SECTIONS`` that has one) and list them in the navigation.
- ``on_page_content``: put back the HTML blocks that the macros rendered and kept
  away from Markdown (``render.stash_html``).
- ``on_post_page``: drop the per-page ``<link rel="alternate" hreflang>`` tags
  that mkdocs-static-i18n adds to the head. Material fetches ``sitemap.xml``
  under every such link (one 404 per language per page); the language switcher
  keeps its same-page links, and ``sitemap.xml`` still carries the hreflang
  alternates of every page. ``on_post_template`` does the same for 404.html.
  Both also keep the header's repository link from fetching the repository's
  facts from api.github.com (``_clean``): no page requests another host.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from bench.data import DataError
from bench.site.data import site_data
from bench.site.macros import SECTIONS
from bench.site.render import data_dir, unstash_html
from bench.site.stubs import fill_nav, stubs_for, write_stubs


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def problem_lines(error: DataError) -> list[str]:
    """The problems as ``python -m bench check`` prints them: ``file:line: message``."""
    return [f"{_relative(p.path)}:{p.line or 1}: {p.message}" for p in error.problems]


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
    write_stubs(Path(config["docs_dir"]), stubs)
    fill_nav(config["nav"], stubs)
    return config


def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    """Put back the HTML blocks that the macros kept away from Markdown (render.stash_html)."""
    return unstash_html(html)


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


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return _clean(output)


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
