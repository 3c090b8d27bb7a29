"""Stars, escaping and the HTML kept away from Markdown."""

from __future__ import annotations

import markdown
import pytest

from bench.site import render
from bench.site.render import PageContext, heading_line, stash_html, unstash_html, unstash_page


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
    assert f'<span class="bench-stars__num">{value:g}</span></span>' in html  # the number, inside the labelled image


def test_stars_in_chinese_and_not_rated():
    assert 'aria-label="4.5 星（满分 5 星）"' in ctx("zh").stars(4.5)
    assert "not rated" in ctx("en").stars(None) and "未评分" in ctx("zh").stars(None)
    assert "role=" not in ctx("en").stars(None)


def _md(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list"])


def test_a_heading_text_never_reaches_markdown():
    name = "C# <b>x</b> & a_b [c](d) *e* `f`"
    html = unstash_html(_md(stash_html(heading_line(2, name, "name"))))
    assert html == '<h2 id="name">C# &lt;b&gt;x&lt;/b&gt; &amp; a_b [c](d) *e* `f`</h2>'


def test_a_newline_in_a_heading_text_makes_no_second_heading_and_no_attribute():
    payload = "PyTorch\n# x {: tabindex=1 autofocus onfocus=alert(3) }\n"
    html = unstash_html(_md(stash_html(heading_line(1, payload, "top"))))
    assert html == '<h1 id="top">PyTorch # x {: tabindex=1 autofocus onfocus=alert(3) }</h1>'


def test_heading_has_a_fixed_id():
    html = unstash_html(_md(stash_html(ctx("zh").heading(2, "评分", "ratings"))))
    assert html == '<h2 id="ratings">评分</h2>'


@pytest.mark.parametrize("anchor", ["", "a b", "x}{: onclick=y", "-x", "a\nb"])
def test_a_heading_anchor_is_a_plain_slug(anchor):
    with pytest.raises(ValueError, match="anchor"):
        heading_line(2, "x", anchor)


def test_data_lines_that_look_like_headings_or_placeholders_stay_in_the_block():
    forged = stash_html('<div class="bench-stash" data-key="0"></div>\nx')
    rendered = "<p>a\n# not a heading {: onclick=alert(1) }\n## bslot00n1e {#x}</p>\n" + forged
    stashed = stash_html(rendered)
    assert "# not a heading" not in stashed and "bslot00" not in stashed
    html = unstash_html(_md(stashed))
    assert "<h1" not in html and "<h2" not in html and "onclick=alert(1) }" in html


def test_html_blocks_skip_markdown_and_come_back():
    rendered = ("<div>\n<p>*not emphasis* <code>a_b_c</code></p>\n\n<p>after a blank</p>\n</div>\n"
                + heading_line(2, "Next", "next") + "\n")
    stashed = stash_html(rendered)
    assert "<p>" not in stashed and "Next" not in stashed
    html = unstash_html(_md(stashed))
    assert "<p>*not emphasis* <code>a_b_c</code></p>" in html and "<p>after a blank</p>" in html
    assert '<h2 id="next">Next</h2>' in html and "bench-stash" not in html
    assert not render._stash  # each block is put back once, then dropped


def test_a_page_gets_its_headings_back_in_its_table_of_contents_and_title():
    from mkdocs.structure.toc import AnchorLink

    line = heading_line(1, "<Torch> & co", "top")
    slot = line.split()[1]
    page = type("Page", (), {})()
    page.toc = [AnchorLink(slot, "top", 1)]
    page.toc[0].children.append(AnchorLink(slot, "top", 2))
    page._title_from_render = slot
    html = unstash_page(_md(stash_html(line)), page)
    assert html == '<h1 id="top">&lt;Torch&gt; &amp; co</h1>'
    assert page.toc[0].title == page.toc[0].children[0].title == page._title_from_render == "&lt;Torch&gt; &amp; co"
    assert not render._stash


def test_a_part_rendered_inside_another_comes_back_whole():
    inner = stash_html(heading_line(2, "Part", "part") + "\n\n<table><tr><td>1</td></tr></table>\n")
    outer = stash_html(heading_line(1, "Page", "page") + f"\n\n<div>before</div>\n\n{inner}\n\n<div>after</div>\n")
    html = unstash_html(_md(outer))
    assert "<table><tr><td>1</td></tr></table>" in html and '<h2 id="part">Part</h2>' in html
    assert html.index("before") < html.index("<table>") < html.index("after")
    assert "bench-stash" not in html and not render._stash
