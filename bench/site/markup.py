"""Contributor text (Markdown) to HTML that is safe to put on a page.

Texts under ``data/`` are Markdown written by contributors: paragraphs, lists,
emphasis, code, quotes and links. They are rendered here, on their own, not by
mkdocs, and the result is sanitized last, so no later stage reads them again as
Markdown (``render.stash_html``):

- Python-Markdown runs without its raw-HTML rules and without ``attr_list``, so
  ``<b>`` or ``{: onclick=... }`` written in a text is shown as text;
- nh3 (a binding of the ammonia sanitizer) then keeps only the tags below and
  only http(s) and relative links. ``<script>``, event handlers,
  ``javascript:`` links, images and iframes never survive.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markupsafe import Markup

# Tags a rationale may use: paragraphs, emphasis, code, links, lists, quotes.
BLOCK_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "code", "pre", "a", "ul", "ol", "li",
                        "blockquote", "sub", "sup", "del"})
# Tags a one-line text (summary, description, title) may use.
INLINE_TAGS = frozenset({"br", "strong", "em", "b", "i", "code", "a", "sub", "sup", "del"})
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https"})

_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
# A one-line text without any of these is plain text to Markdown: escaping it is all
# that rendering would do (most summaries and titles; it saves a conversion each).
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#|~\n]")


# The extension as a class, not by name: a name makes Python-Markdown scan every installed
# package's entry points (about 50 ms of every build).
_converter = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
# No raw HTML: a tag written in a text is escaped like any other '<' (autolinks stay).
_converter.preprocessors.deregister("html_block")
_converter.inlinePatterns.deregister("html")


def _render(text: str) -> str:
    # One converter, reset between texts (building one per text costs more than the conversion).
    return _converter.reset().convert(text)


def sanitize(html: str, *, inline: bool = False) -> str:
    """Keep only safe tags, attributes and link schemes (nh3 escapes the rest)."""
    return nh3.clean(
        html,
        tags=set(INLINE_TAGS if inline else BLOCK_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str) -> Markup:
    """A block of contributor Markdown as sanitized HTML (paragraphs, lists...)."""
    return Markup(sanitize(_render(text)))


@functools.lru_cache(maxsize=4096)
def markdown_inline(text: str) -> Markup:
    """A one-line contributor Markdown text as sanitized inline HTML (no <p>)."""
    if not _MARKDOWN_SYNTAX.search(text):
        return Markup(html.escape(text.strip(), quote=False))
    html_text = _render(text).strip()
    match = _PARAGRAPH.match(html_text)
    if match and "<p>" not in match.group(1):
        html_text = match.group(1)
    return Markup(sanitize(html_text, inline=True))


_BREAK_AFTER = re.compile(r"([/_.,=:])(?=\w)")  # not ";": it ends the escapes (&lt;)


def breakable(text: object) -> Markup:
    """Plain text, escaped, with a break opportunity (``<wbr>``) after ``/ _ . , = :`` before a word character.

    Recorded settings and paths are long runs without spaces (``max_block_steps``,
    ``/tmp/bench-run/cache/inductor``): they then wrap at their separators, not
    mid-word, and never push a narrow column wider than the page."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(html.escape(str(text), quote=True))))

