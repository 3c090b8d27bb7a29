"""Contributor Markdown is rendered, then sanitized: only safe tags and links survive."""

from __future__ import annotations

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
    html = markdown_html(text).lower()
    assert "javascript:" not in html and "data:" not in html and "vbscript:" not in html


def test_event_handlers_and_styles_are_stripped():
    html = markdown_html('<a href="https://ok.example/" onclick="alert(1)" style="color:red">ok</a> <b onmouseover="x()">b</b>')
    assert "onclick" not in html and "onmouseover" not in html and "style=" not in html
    assert 'href="https://ok.example/"' in html and "<b>b</b>" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://example.org/", "mailto:someone@example.org",
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
