"""On a phone-sized screen the page itself never scrolls sideways: wide tables and charts scroll in their box.

A 375 x 740 CSS-pixel touch screen (a small phone). On each page: the document
is no wider than the screen; every element of the content that reaches past the
screen's right edge sits in a box that scrolls sideways (overflow-x auto or
scroll) and fits the screen; scrolling that box moves it, not the page; table
text stays at a readable size.
"""

from __future__ import annotations

import pytest
from browsing import LANGS, PHONE, phone_pages, problem_report, visit

LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const scroller = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      // A box that scrolls sideways and fits the screen (a table may be such a box, unconstrained).
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
          && a.getBoundingClientRect().right <= width + 1) return a;
    }
    return null;
  };
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = {page: document.documentElement.scrollWidth, width, loose: [], boxes: [], tables: 0, small: []};
  const seen = new Set();
  for (const el of document.querySelectorAll('.md-content *')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.right <= width + 1) continue;
    const box = scroller(el);
    if (!box) { out.loose.push(name(el) + ' right=' + Math.round(rect.right)); continue; }
    if (!seen.has(box)) { seen.add(box); out.boxes.push(box); }
  }
  out.boxes = out.boxes.map(box => {
    const rect = box.getBoundingClientRect(), before = box.scrollLeft;
    box.scrollLeft = box.scrollWidth;
    const moved = box.scrollLeft - before;
    box.scrollLeft = before;
    return {name: name(box), right: Math.round(rect.right), moved, pageScrollX: window.scrollX};
  });
  for (const table of document.querySelectorAll('.md-content table')) {
    out.tables += 1;
    const size = parseFloat(getComputedStyle(table.querySelector('td, th') || table).fontSize);
    if (size < 11) out.small.push(name(table) + ' ' + size + 'px');
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone(new_watched_context):
    context, watch = new_watched_context(**PHONE)
    return context.new_page(), watch


@pytest.mark.parametrize("lang", LANGS)
def test_phone_pages_scroll_inside_their_boxes(site, phone, lang):
    page, watch = phone
    wrong = []
    tables = {}
    for path in phone_pages(site):
        path = path if lang == "en" else "zh/" + path
        visit(page, watch, site.url(path), settle=False)
        layout = page.evaluate(LAYOUT)
        where = path or "(home)"
        tables[where] = layout["tables"]
        if layout["page"] > layout["width"]:
            wrong.append(f"{where}: the page is {layout['page']} px wide on a {layout['width']} px screen")
        wrong += [f"{where}: sticks out of the screen, in no scrolling box: {e}" for e in layout["loose"][:5]]
        for box in layout["boxes"]:
            if box["moved"] <= 0 or box["pageScrollX"] != 0:
                wrong.append(f"{where}: {box['name']} does not scroll sideways by itself: {box}")
        wrong += [f"{where}: table text too small: {s}" for s in layout["small"]]
    assert tables.get("(home)" if lang == "en" else "zh/"), "no overview matrix on the home page"
    assert not wrong, "\n".join(wrong)
    problems = watch.take()
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_phone_overview_matrix_swipes_inside_its_box(site, phone, lang):
    """The matrix is wider than a phone: a finger swiping across it scrolls the matrix, and the page stays put."""
    page, watch = phone
    visit(page, watch, site.url("" if lang == "en" else "zh/"))
    table = page.locator(".md-content table").first
    table.scroll_into_view_if_needed()
    box = table.evaluate_handle("""t => { let a = t;
        while (a && !(['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
                      && a.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)) a = a.parentElement;
        return a; }""")
    assert box.evaluate("b => b !== null"), "the overview matrix is in no scrolling box"
    if box.evaluate("b => b.scrollWidth <= b.clientWidth"):
        return  # it fits the screen: nothing to swipe
    rect = table.bounding_box()
    x, y = min(rect["x"] + rect["width"], 375) - 40, rect["y"] + min(rect["height"], 120) / 2
    cdp = page.context.new_cdp_session(page)
    try:  # a finger moving 200 px to the left across the matrix
        cdp.send(
            "Input.synthesizeScrollGesture",
            {"x": x, "y": y, "xDistance": -200, "yDistance": 0, "gestureSourceType": "touch", "speed": 2000},
        )
    finally:
        cdp.detach()
    page.wait_for_timeout(200)
    assert box.evaluate("b => b.scrollLeft") > 0, "the swipe did not scroll the matrix"
    assert page.evaluate("window.scrollX") == 0, "the swipe scrolled the page sideways"
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_phone_tap_on_matrix_stars_shows_their_summary(site, phone):
    """A tap has no hover: the first tap on a rating's stars shows its summary, the second opens the rating."""
    page, watch = phone
    visit(page, watch, site.url(""))
    link = page.locator(".bench-matrix td a[aria-describedby]").first
    link.scroll_into_view_if_needed()
    tip = page.locator(f"[id='{link.get_attribute('aria-describedby')}']")
    assert not tip.is_visible()
    url = page.url
    link.tap()
    page.wait_for_timeout(200)
    assert page.url == url, "the first tap left the page"
    assert tip.is_visible() and tip.inner_text().strip(), "the first tap did not show the summary"
    href = link.evaluate("a => a.href")
    link.tap()
    page.wait_for_url(href)
    problems = watch.take()
    assert not problems, problem_report(problems)
