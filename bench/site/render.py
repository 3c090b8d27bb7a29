"""Rendering a template for one page in one language.

Python computes the data (``data.py``); the Jinja templates under ``templates/``
write the markup. Templates are autoescaped: plain text from the data files is
escaped, contributor Markdown goes through ``markup`` (sanitized), and UI words
come from ``strings.yaml`` through ``t``. The output is Markdown headings plus
HTML blocks, pasted into the page by mkdocs-macros.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from bench.data.models import LANGUAGES, Text

from . import markup, strings
from .data import SiteData, site_data

TEMPLATES = Path(__file__).with_name("templates")


class LinkError(LookupError):
    """A macro linked to a page that the build does not have."""


@functools.cache
def jinja_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markup.markdown_html
    env.filters["md_inline"] = markup.markdown_inline
    env.filters["md_escape"] = md_escape
    return env


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_escape(text: str) -> Markup:
    """Plain text made safe inside a Markdown heading: HTML entities, then backslash escapes."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)))


def stars_text(value: float) -> str:
    """4.5 -> '4.5', 4.0 -> '4'."""
    return f"{value:g}"


@functools.lru_cache(maxsize=64)
def stars_html(value: float | None, lang: str) -> Markup:
    """``value`` stars (0 to 5 in halves) as symbols plus a label; None as 'not rated'."""
    if value is None:
        return Markup('<span class="bench-stars bench-stars--none">{}</span>').format(
            strings.translate("stars.not_rated", lang))
    whole, half = int(value), value - int(value) >= 0.5
    empty = 5 - whole - (1 if half else 0)
    return Markup(
        '<span class="bench-stars" role="img" aria-label="{label}" title="{label}" data-stars="{num}">'
        '{full}{half}{empty}</span>'
    ).format(label=strings.translate("stars.aria", lang, stars=stars_text(value)), num=stars_text(value),
             full="★" * whole, half="½" if half else "",
             empty=Markup('<span class="bench-stars__empty">{}</span>').format("☆" * empty) if empty else "")


def _pages_by_path(files: Any) -> dict[str, Any]:
    """The pages of a build by source path without language suffix ('areas/modeling.md')."""
    key = id(files)
    cached = _PAGES.get(key)
    if cached is None or cached[0] is not files:
        index: dict[str, Any] = {}
        for file in files.documentation_pages():
            index.setdefault(getattr(file, "norm_src_uri", file.src_uri), file)
            index.setdefault(file.src_uri, file)
        _PAGES.clear()  # one build (language) at a time
        cached = _PAGES[key] = (files, index)
    return cached[1]


_PAGES: dict[int, tuple[Any, dict[str, Any]]] = {}


@dataclass
class PageContext:
    """What a template needs to know about the page it renders into."""

    data: SiteData
    lang: str
    page: Any = None  # mkdocs Page, None outside a build (tests)
    files: Any = None  # mkdocs Files of the current language build
    repo_url: str | None = None

    # --- words ------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return strings.translate(key, self.lang, **values)

    def text(self, value: Text | None) -> str:
        """The current language's side of a bilingual data text (plain, not Markdown)."""
        return value.get(self.lang) if value is not None else ""

    def md(self, value: Text | None) -> Markup:
        return markup.markdown_html(self.text(value)) if value is not None else Markup("")

    def md_inline(self, value: Text | None) -> Markup:
        return markup.markdown_inline(self.text(value)) if value is not None else Markup("")

    def heading(self, level: int, text: str, anchor: str) -> Markup:
        """A Markdown heading with a fixed id (ids made from Chinese titles would be empty)."""
        return Markup("{} {} {{#{}}}").format(Markup("#" * level), md_escape(text), Markup(anchor))

    def num(self, value: float) -> str:
        return stars_text(value)

    def date(self, value) -> str:
        return value.isoformat() if value else ""

    # --- stars ------------------------------------------------------------

    def stars(self, value: float | None) -> Markup:
        """Stars as symbols a reader sees and a label a screen reader reads."""
        return stars_html(value, self.lang)

    # --- links ------------------------------------------------------------

    def url(self, path: str, anchor: str | None = None) -> str:
        """Relative URL from this page to the page whose source is ``path`` (e.g. 'areas/modeling.md').

        ``path`` names the page without its language suffix; the link goes to
        the page of the current language. Fails when the page does not exist,
        like mkdocs' own link validation.
        """
        suffix = f"#{anchor}" if anchor else ""
        if self.page is None or self.files is None:
            return path.removesuffix(".md") + "/" + suffix  # outside a build (tests)
        target = _pages_by_path(self.files).get(path)
        if target is not None:
            return target.url_relative_to(self.page.file) + suffix
        raise LinkError(f"{self.page.file.src_uri}: a macro links to '{path}', which is not a page of this build")

    def framework_url(self, framework_id: str, anchor: str | None = None) -> str:
        return self.url(f"frameworks/{framework_id}.md", anchor)

    def area_url(self, area_id: str, anchor: str | None = None) -> str:
        return self.url(f"areas/{area_id}.md", anchor)

    def pull_request_url(self, number: int) -> str | None:
        return f"{self.repo_url.rstrip('/')}/pull/{number}" if self.repo_url else None

    # --- rendering --------------------------------------------------------

    def render(self, template: str, **values: Any) -> str:
        tpl = jinja_env().get_template(template)
        return stash_html(tpl.render(c=self, data=self.data, **values))


# --- keeping rendered HTML away from Markdown -----------------------------------
#
# A template's output is Markdown headings (so that they reach the table of
# contents) between blocks of finished, sanitized HTML. Python-Markdown would
# re-parse every HTML block as raw HTML, which is slow on big tables and can
# mangle them. So each HTML block is set aside here and replaced by an empty
# placeholder <div>; the hook's on_page_content puts the blocks back into the
# page's HTML, before search indexing. Macros are called at the top level of a
# page (not inside lists or admonitions), so placeholders stay block-level.

_stash: dict[str, str] = {}
_keys = itertools.count()
PLACEHOLDER = '<div class="bench-stash" data-key="{}"></div>'
_PLACEHOLDER_RE = re.compile(r'<div class="bench-stash" data-key="(\d+)"></div>')


def stash_html(text: str) -> str:
    """Replace each run of non-heading lines of ``text`` by a placeholder."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if "".join(block).strip():
            key = str(next(_keys))
            _stash[key] = "\n".join(block).strip("\n")
            out.extend(["", PLACEHOLDER.format(key), ""])
        block.clear()

    for line in text.split("\n"):
        if line.startswith("#"):  # a heading stays Markdown
            flush()
            out.extend(["", line, ""])
        elif _PLACEHOLDER_RE.fullmatch(line.strip()):  # a block set aside already (a nested part)
            flush()
            out.extend(["", line.strip(), ""])
        else:
            block.append(line)
    flush()
    return "\n".join(out)


def unstash_html(html_text: str) -> str:
    """Put the stashed HTML blocks back (called on each page's final HTML)."""
    return _PLACEHOLDER_RE.sub(lambda m: unstash_html(_stash.pop(m.group(1))), html_text)


def page_context(env: Any) -> PageContext:
    """The context of the page that mkdocs-macros is rendering now.

    The language is read at render time: the page's own locale (mkdocs-static-i18n
    sets ``page.file.locale``), else the theme language of the current build.
    """
    conf = env.conf
    page = getattr(env, "page", None)
    lang = getattr(getattr(page, "file", None), "locale", None) or conf["theme"]["language"]
    if lang not in LANGUAGES:
        lang = LANGUAGES[0]
    return PageContext(
        data=site_data(data_dir(conf), check=False),  # the hook's on_config checked the files
        lang=lang,
        page=page,
        files=env.variables.get("files"),
        repo_url=conf.get("repo_url"),
    )


def data_dir(conf: Any) -> Path:
    """The data folder of this build: ``extra.bench.data_dir`` in mkdocs.yml (env BENCH_DATA_DIR),
    relative to the folder of mkdocs.yml."""
    configured = (conf.get("extra") or {}).get("bench", {}).get("data_dir") or "data"
    path = Path(configured)
    if not path.is_absolute():
        path = Path(conf["config_file_path"]).resolve().parent / path
    return path
