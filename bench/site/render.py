"""Rendering a template for one page in one language.

Python computes the data (``data.py``); the Jinja templates under ``templates/``
write the markup. Templates are autoescaped: plain text from the data files is
escaped, contributor Markdown goes through ``markup`` (sanitized), and UI words
come from ``strings.yaml`` through ``t``. The output, pasted into the page by
mkdocs-macros, is Markdown headings whose text is a placeholder, between
placeholders of finished HTML blocks: Markdown never reads a value from the
data (see "keeping rendered text away from Markdown" below).
"""

from __future__ import annotations

import functools
import itertools
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

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
    env.filters["breakable"] = markup.breakable
    return env


def stars_text(value: float) -> str:
    """4.5 -> '4.5', 4.0 -> '4'."""
    return f"{value:g}"


@functools.lru_cache(maxsize=64)
def stars_html(value: float | None, lang: str) -> Markup:
    """``value`` stars (1 to 5 in halves) as symbols, the number beside them, and a label; None as 'not rated'.

    The label ("4.5 of 5 stars") is what a screen reader reads (the glyphs and the
    number are inside the ``role="img"``); the number shows the value to everyone
    without counting glyphs or telling amber from grey.
    """
    if value is None:
        return Markup('<span class="bench-stars bench-stars--none">{}</span>').format(
            strings.translate("stars.not_rated", lang))
    whole, half = int(value), value - int(value) >= 0.5
    empty = 5 - whole - (1 if half else 0)
    return Markup(
        '<span class="bench-stars" role="img" aria-label="{label}" data-stars="{num}">'
        '{full}{half}{empty}<span class="bench-stars__num">{num}</span></span>'
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

    def heading(self, level: int, text: str, anchor: str) -> str:
        """A heading with a fixed id (ids made from Chinese titles would be empty); see ``heading_line``."""
        return heading_line(level, text, anchor)

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


# --- keeping rendered text away from Markdown -----------------------------------
#
# Everything a template writes is finished HTML: plain data text escaped by Jinja,
# contributor Markdown rendered on its own and sanitized (``markup``). Markdown must
# never see any of it again: a value holding a newline and a line that starts with
# '#' would become a heading there, and ``attr_list`` would then give it any
# attribute (an event handler). So ``stash_html`` sets every block of a template's
# output aside and leaves an empty placeholder; a heading (which must stay Markdown
# to reach the table of contents) is written by ``heading_line`` with a placeholder
# in place of its text. The hook's ``on_page_content`` puts both back into the
# page's final HTML, its table of contents and its title (``unstash_page``), after
# the last Markdown pass and before search indexing.
#
# Placeholders carry a random per-process nonce, so no data value can forge one: a
# line of data text can neither pass as a heading nor pull in another block.
# Macros are called at the top level of a page (not inside lists or admonitions),
# so block placeholders stay block-level.

_NONCE = secrets.token_hex(8)
_stash: dict[str, str] = {}  # placeholder -> the finished HTML it stands for
_keys = itertools.count()
PLACEHOLDER = f'<div class="bench-stash" data-key="{_NONCE}-{{}}"></div>'
HEADING_SLOT = f"bslot{_NONCE}n{{}}e"  # letters and digits only: Markdown leaves it as it is
_TOKEN_RE = re.compile(rf'<div class="bench-stash" data-key="{_NONCE}-\d+"></div>|bslot{_NONCE}n\d+e')
_HEADING_RE = re.compile(rf"#{{1,6}} bslot{_NONCE}n\d+e \{{#[A-Za-z0-9][A-Za-z0-9_-]*\}}")
_ANCHOR_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def heading_line(level: int, text: str, anchor: str) -> str:
    """A Markdown heading with a fixed id whose text Markdown never sees.

    ``text`` is plain text (escaped here) or ``Markup``; whitespace, newlines
    included, is folded to single spaces so that the heading stays one line."""
    if not 1 <= level <= 6:
        raise ValueError(f"heading level {level} is not 1 to 6")
    if not _ANCHOR_RE.fullmatch(anchor):
        raise ValueError(f"heading anchor {anchor!r} is not letters, digits, '-' and '_'")
    folded = " ".join(str(text).split())
    slot = HEADING_SLOT.format(next(_keys))
    _stash[slot] = str(Markup(folded) if isinstance(text, Markup) else escape(folded))
    return f"{'#' * level} {slot} {{#{anchor}}}"  # plain text: nothing in it for Jinja to escape


def stash_html(text: str) -> str:
    """Replace each run of lines of ``text`` that are not ``heading_line`` headings by a placeholder."""
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if "".join(block).strip():
            key = PLACEHOLDER.format(next(_keys))
            _stash[key] = "\n".join(block).strip("\n")
            out.extend(["", key, ""])
        block.clear()

    for line in text.split("\n"):
        if _HEADING_RE.fullmatch(line) or _TOKEN_RE.fullmatch(line.strip()):
            # a heading stays Markdown; a block set aside already (a nested part) stays as it is
            flush()
            out.extend(["", line.strip(), ""])
        else:
            block.append(line)
    flush()
    return "\n".join(out)


def _fill(text: str, used: set[str]) -> str:
    def put_back(match: re.Match[str]) -> str:
        used.add(match.group(0))
        return _fill(_stash[match.group(0)], used)

    return _TOKEN_RE.sub(put_back, text)


def unstash_html(html_text: str) -> str:
    """Put the stashed HTML back into a page's final HTML (blocks and heading texts)."""
    used: set[str] = set()
    html_text = _fill(html_text, used)
    for key in used:
        _stash.pop(key, None)
    return html_text


def unstash_page(html_text: str, page: Any) -> str:
    """``unstash_html`` for an mkdocs page, its table of contents and its title included."""
    used: set[str] = set()
    html_text = _fill(html_text, used)
    items = list(getattr(page, "toc", None) or [])
    while items:
        item = items.pop()
        item.title = _fill(item.title, used)
        items.extend(item.children)
    title = getattr(page, "_title_from_render", None)  # the first H1, where the page has no title of its own
    if title and _TOKEN_RE.search(title):
        page._title_from_render = _fill(title, used)
    for key in used:
        _stash.pop(key, None)
    return html_text


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
