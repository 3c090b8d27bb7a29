"""The keyboard alone: the skip link, and the search shortcut down to a result page."""

from __future__ import annotations

import contextlib

import pytest
from browsing import problem_report, visit
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ACTIVE = """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
  return {tag: el.tagName, cls: el.className, href: el.getAttribute('href'), text: el.textContent.trim(),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
                   && getComputedStyle(el).visibility !== 'hidden' && Number(getComputedStyle(el).opacity) > 0}; }"""


@pytest.mark.parametrize("path", ["", "zh/", "benchmarks/latest/", "zh/frameworks/"])
def test_skip_link_is_the_first_tab_stop_and_jumps_to_the_content(site, desktop, path):
    page, watch = desktop
    visit(page, watch, site.url(path))
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert "md-skip" in first["cls"], f"the first tab stop is not the skip link: {first}"
    with contextlib.suppress(PlaywrightTimeout):  # it fades in; if it never shows, said below
        page.wait_for_function(f"({ACTIVE})().visible", timeout=3_000)
    first = page.evaluate(ACTIVE)
    assert first["visible"] and first["text"], f"the skip link is not shown when focused: {first}"
    page.keyboard.press("Enter")
    target = first["href"].lstrip("#")
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    box = page.locator(f"[id='{target}']").bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"], f"#{target} is not scrolled into view: {box}"
    problems = watch.take()
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_search_shortcut_focuses_the_search_box(site, desktop, key):
    page, watch = desktop
    visit(page, watch, site.url(""))
    focused = "document.activeElement.matches('input.md-search__input')"
    page.keyboard.press(key)
    # The theme moves the focus in its own keyboard handler: wait for it rather than race it.
    try:
        page.wait_for_function(focused, timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"{key!r} did not open the search")
    page.keyboard.press("Escape")
    page.wait_for_function(f"!({focused})", timeout=5000)


def test_search_from_the_keyboard_to_a_result_page(site, desktop):
    """'/' then a word, the arrow keys to the first result, Enter: the result page opens."""
    page, watch = desktop
    visit(page, watch, site.url(""))
    page.keyboard.press("/")
    page.keyboard.type("rubric", delay=20)
    page.wait_for_selector(".md-search-result__item a.md-search-result__link")
    page.wait_for_timeout(300)  # the last keystroke's results
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    href = page.evaluate("document.activeElement.href || ''")
    assert focused and href, "ArrowDown did not move to the first result"
    page.keyboard.press("Enter")
    page.wait_for_url(href.split("#")[0] + "**")
    watch.settle(page)
    assert page.url.split("#")[0] == href.split("#")[0]
    assert page.locator("article").inner_text().lower().count("rubric") > 0
    problems = watch.take()
    assert not problems, problem_report(problems)
