"""Contributor Markdown is rendered, then sanitized: only safe tags and links survive."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bench.site.markup import markdown_html, markdown_inline, sanitize


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "before <script src=https://evil.example/x.js></script> after",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    "<iframe src=https://evil.example/></iframe>",
    "<style>body{display:none}</style>",
    "<object data=x></object><embed src=x>",
    "<form action=https://evil.example/><input name=x></form>",
])
def test_dangerous_tags_are_removed(text):
    html = markdown_html(text)
    for tag in ("<script", "<img", "<svg", "<iframe", "<style", "<object", "<embed", "<form", "<input"):
        assert tag not in html.lower()
    assert "alert(1)" not in html or "<" not in html.split("alert(1)")[0][-1:]


class _Tags(HTMLParser):
    """The elements of an HTML fragment, with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def _unsafe(html: str) -> list[str]:
    found = []
    for tag, attrs in _Tags(html).tags:
        found += [f"{tag} {name}" for name in attrs if name.startswith("on") or name in ("style", "class", "id")]
        href = attrs.get("href", "").strip().lower()
        if href and not href.startswith(("http://", "https://", "#", "../", "./")) and ":" in href.split("/")[0]:
            found.append(f"{tag} href={href}")
    return found


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
])
def test_dangerous_links_lose_their_target(text):
    html = markdown_html(text)
    assert not _unsafe(html), html
    assert all(tag in ("p", "a") for tag, _ in _Tags(html).tags), html


@pytest.mark.parametrize("text", [
    "[x](mailto:someone@example.org)",
    "[x](file:///etc/passwd)",
])
def test_only_web_and_relative_links_keep_their_target(text):
    assert "href" not in markdown_html(text)


def test_raw_html_is_shown_as_text():
    html = markdown_html('<a href="https://ok.example/" onclick="alert(1)" style="color:red">ok</a> <b onmouseover="x()">b</b>')
    assert [tag for tag, _ in _Tags(html).tags] == ["p"]
    assert "&lt;b onmouseover=" in html and "&lt;a href=" in html


@pytest.mark.parametrize("text", [
    "x\n# y {: onfocus=alert(1) autofocus }",
    "*x*{: onclick=alert(1) }",
    "[x](https://e.org/){: onclick=alert(1) }",
    "x\n\n    # a code line {: onfocus=alert(1) }",
    "```\n# py comment {: onfocus=alert(1) }\n```",
])
def test_attribute_lists_and_headings_give_no_attribute(text):
    for html in (markdown_html(text), markdown_inline(text)):
        assert not _unsafe(html), html


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org/",
                                 "../areas/modeling/", "#evidence", "other-page/"])
def test_safe_links_are_kept(url):
    assert f'href="{url}"' in markdown_html(f"[link]({url})")


def test_links_get_a_safe_rel():
    assert 'rel="noopener noreferrer"' in markdown_html("[x](https://example.org/)")


def test_markdown_still_renders():
    html = markdown_html("A **bold** and *em* word with `code`.\n\n- one\n- two\n\n> quoted")
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html and "<code>code</code>" in html
    assert "<ul>" in html and "<li>one</li>" in html and "<blockquote>" in html


def test_text_that_looks_like_html_is_escaped_not_dropped():
    assert "a &lt; b" in markdown_html("a < b")
    assert "&lt;3" in markdown_html("I <3 tensors")


def test_inline_text_has_no_paragraph_and_no_block_tags():
    html = markdown_inline("One **line** with [a link](https://example.org/).")
    assert not html.startswith("<p>") and "<strong>line</strong>" in html and 'href="https://example.org/"' in html
    assert "<ul>" not in markdown_inline("- a\n- b")


def test_headings_in_contributor_text_do_not_break_the_page_outline():
    html = markdown_html("# Big\n\ntext")
    assert "<h1" not in html and "Big" in html


def test_sanitize_is_idempotent():
    once = sanitize('<p>x <a href="https://e.org/" onclick="y">z</a></p>')
    assert sanitize(once) == once
