"""Stars, escaping and the HTML kept away from Markdown."""

from __future__ import annotations

import markdown
import pytest

from bench.site import render
from bench.site.render import PageContext, md_escape, stash_html, unstash_html


def ctx(lang: str) -> PageContext:
    return PageContext(data=None, lang=lang)


@pytest.mark.parametrize(("value", "symbols", "empty"), [
    (5, "★★★★★", ""), (4.5, "★★★★½", ""), (3.5, "★★★½", "☆"), (3, "★★★", "☆☆"), (0.5, "½", "☆☆☆☆"), (0, "", "☆☆☆☆☆"),
])
def test_stars_are_symbols_with_a_label(value, symbols, empty):
    html = ctx("en").stars(value)
    label = f"{value:g} of 5 stars"
    assert f'role="img" aria-label="{label}"' in html
    assert f">{symbols}" in html
    assert (f'<span class="bench-stars__empty">{empty}</span>' in html) if empty else "__empty" not in html


def test_stars_in_chinese_and_not_rated():
    assert 'aria-label="4.5 星（满分 5 星）"' in ctx("zh").stars(4.5)
    assert "not rated" in ctx("en").stars(None) and "未评分" in ctx("zh").stars(None)
    assert "role=" not in ctx("en").stars(None)


def test_md_escape_keeps_names_literal_in_a_heading():
    name = "C# <b>x</b> & a_b [c](d)"
    html = markdown.markdown("## " + md_escape(name))
    assert html == "<h2>C# &lt;b&gt;x&lt;/b&gt; &amp; a_b [c](d)</h2>"


def test_heading_has_a_fixed_id():
    html = markdown.markdown(ctx("zh").heading(2, "评分", "ratings"), extensions=["attr_list"])
    assert html == '<h2 id="ratings">评分</h2>'


def test_html_blocks_skip_markdown_and_come_back():
    rendered = "# Title\n\n<div>\n<p>*not emphasis* <code>a_b_c</code></p>\n\n<p>after a blank</p>\n</div>\n\n## Next {#next}\n"
    stashed = stash_html(rendered)
    assert "<p>" not in stashed and "# Title" in stashed and "## Next {#next}" in stashed
    html = unstash_html(markdown.markdown(stashed, extensions=["attr_list"]))
    assert "<p>*not emphasis* <code>a_b_c</code></p>" in html and "<p>after a blank</p>" in html
    assert '<h2 id="next">Next</h2>' in html and "bench-stash" not in html
    assert not render._stash  # each block is put back once, then dropped


def test_a_part_rendered_inside_another_comes_back_whole():
    inner = stash_html("## Part {#part}\n\n<table><tr><td>1</td></tr></table>\n")
    outer = stash_html(f"# Page\n\n<div>before</div>\n\n{inner}\n\n<div>after</div>\n")
    html = unstash_html(markdown.markdown(outer, extensions=["attr_list"]))
    assert "<table><tr><td>1</td></tr></table>" in html and '<h2 id="part">Part</h2>' in html
    assert html.index("before") < html.index("<table>") < html.index("after")
    assert "bench-stash" not in html and not render._stash
