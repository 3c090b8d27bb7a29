"""The keyboard alone: the skip link, and the search shortcut down to a result page."""

from __future__ import annotations

import contextlib

import pytest
from browsing import chart_pages, problem_report, visit
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


# What shows that an element has the focus: a ring (an outline) or a shadow. The theme's palette
# toggle is a visually hidden radio input whose label carries the ring.
RING = """() => { const el = document.activeElement;
  const shown = el.matches('input.md-option') ? el.nextElementSibling : el;
  const s = getComputedStyle(shown), r = shown.getBoundingClientRect();
  return {what: el.tagName + '.' + String(el.className.baseVal ?? el.className).split(' ')[0]
                + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1) || s.boxShadow !== 'none',
          visible: r.width > 0 && r.height > 0}; }"""


@pytest.mark.parametrize("which", ["home", "a Chinese chart page"])
def test_every_tab_stop_shows_a_focus_ring(site, desktop, which):
    """The first 40 tab stops (the header's controls, the tabs, the content's links): each visibly focused."""
    page, watch = desktop
    path = "" if which == "home" else next(p.path for p in chart_pages(site.root) if p.lang == "zh")
    visit(page, watch, site.url(path))
    seen, wrong = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        focus = page.evaluate(RING)
        seen.append(focus["what"])
        if focus["visible"] and not focus["ring"]:
            wrong.append(focus["what"])
    assert any("md-option" in s for s in seen) and any("md-select" in s for s in seen), seen
    assert not wrong, f"focused without a visible ring: {wrong}"


def _tab_to(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reached with Tab in {limit} stops")


def test_language_switcher_from_the_keyboard(site, desktop):
    """Tab to the language button, on to 简体中文 in its list, Enter: the same page in Chinese."""
    page, watch = desktop
    visit(page, watch, site.url("areas/"))
    _tab_to(page, "button[aria-label='Select language']")
    _tab_to(page, "a.md-select__link[hreflang='zh']", limit=3)
    assert page.locator("a.md-select__link[hreflang='zh']").is_visible(), "the language list does not open on focus"
    page.keyboard.press("Enter")
    page.wait_for_url("**/zh/areas/")
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_palette_toggle_from_the_keyboard(site, new_watched_context):
    """Tab to the palette toggle, Enter: the dark palette; Enter again: the light one."""
    context, watch = new_watched_context(color_scheme="light")
    page = context.new_page()
    visit(page, watch, site.url(""))
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    _tab_to(page, "input.md-option")
    for expected in ("slate", "default"):
        page.keyboard.press("Enter")
        page.wait_for_function(f"{scheme} === '{expected}'", timeout=5000)
        assert page.evaluate("document.activeElement.matches('input.md-option')"), "the focus left the toggle"
    problems = watch.take()
    assert not problems, problem_report(problems)


TIP = """link => { const id = link.getAttribute('aria-describedby'); const tip = id && document.getElementById(id);
  return {text: tip ? tip.textContent.trim() : '', role: tip && tip.getAttribute('role'),
          shown: !!tip && tip.getClientRects().length > 0 && getComputedStyle(tip).visibility !== 'hidden'}; }"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_matrix_stars_show_their_summary_on_focus_and_hover(site, desktop, lang):
    """A star rating of the overview matrix: its one-line summary shows on focus and on hover; Escape hides it."""
    page, watch = desktop
    visit(page, watch, site.url("" if lang == "en" else "zh/"))
    links = page.locator(".bench-matrix td a[aria-describedby]")
    assert links.count() > 10, "the matrix's stars carry no summary"
    link = links.first
    assert not link.evaluate(TIP)["shown"], "the summary shows before the stars are focused or hovered"
    _tab_to(page, ".bench-matrix td a[aria-describedby]", limit=120)
    focused = page.evaluate_handle("document.activeElement")  # this link, wherever the focus goes next
    tip = focused.evaluate(TIP)
    assert tip["shown"] and tip["role"] == "tooltip" and len(tip["text"]) > 10, tip
    assert focused.evaluate("a => a.closest('td').textContent").startswith(focused.evaluate(
        "a => a.textContent")), "the summary is not beside its stars"
    page.keyboard.press("Escape")
    assert not focused.evaluate(TIP)["shown"], "Escape does not hide the summary"
    page.keyboard.press("Shift+Tab")  # out of the cell and back: Escape lasts only while the focus stays
    page.keyboard.press("Tab")
    assert focused.evaluate("a => a === document.activeElement") and focused.evaluate(TIP)["shown"]
    page.keyboard.press("Tab")
    assert not focused.evaluate(TIP)["shown"], "the summary stays when the focus has left"
    other = links.nth(3)
    other.hover()
    assert other.evaluate(TIP)["shown"], "the summary does not show on hover"
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_chart_numbers_are_reachable_from_the_keyboard(site, desktop):
    """Each chart is a named, described figure whose numbers are a link (CSV) reached with Tab."""
    pages = [p for p in chart_pages(site.root) if p.lang == "zh"]
    assert pages, "no chart page"
    page, watch = desktop
    visit(page, watch, site.url(pages[0].path))
    figures = page.locator(".bx-chart[role=figure]")
    assert figures.count() > 0
    for i in range(figures.count()):
        figure = figures.nth(i)
        about = figure.evaluate("f => (document.getElementById(f.getAttribute('aria-describedby')) || {}).textContent")
        assert figure.get_attribute("aria-label") and about and "CSV" in about, figure.inner_html()[:300]
    _tab_to(page, ".bx-chart a[download]", limit=200)
    href = page.evaluate("document.activeElement.href")
    assert page.request.get(href).text().count("\n") > 1, f"{href} holds no rows"
