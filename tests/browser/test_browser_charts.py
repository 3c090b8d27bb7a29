"""Benchmark charts in the browser: drawn, one mark per data row at least, tooltips, light/dark, navigation.

The charts are Vega-Lite specs in JSON files next to each page, drawn by
docs/assets/javascripts/charts.js with the vendored vega-embed bundle into
``<div class="bx-chart" data-spec="...">``. Vega's SVG renderer keeps each
drawn item's scenegraph node on its element (``__data__``), so each data row
of a spec can be traced to the marks that draw it.
"""

from __future__ import annotations

import re

import pytest
from browsing import LANGS, chart_pages, problem_report, visit, wait_for_charts
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# Per chart: the spec's data rows, the data marks drawn, and the rows no mark draws.
MARKS = """async () => {
  const same = (row, datum) => Object.keys(row).every(key => {
    const value = datum[key];
    // Vega parses temporal fields: a Date, or its time in milliseconds.
    if (value instanceof Date) return value.getTime() === Date.parse(row[key]);
    if (typeof value === 'number' && typeof row[key] === 'string') return value === Date.parse(row[key]);
    return JSON.stringify(row[key]) === JSON.stringify(value);
  });
  const out = [];
  for (const el of document.querySelectorAll('.bx-chart[data-spec]')) {
    const spec = await (await fetch(new URL(el.getAttribute('data-spec'), location.href))).json();
    const rows = Object.values(spec.datasets || {}).flat()
      .concat(spec.data && Array.isArray(spec.data.values) ? spec.data.values : []);
    const data = [], kinds = {};
    el.querySelectorAll('svg g.role-mark').forEach(group => {
      const kind = [...group.classList].find(c => c.startsWith('mark-'));
      for (const item of group.children) {
        kinds[kind] = (kinds[kind] || 0) + 1;
        if (item.__data__ && item.__data__.datum) data.push(item.__data__.datum);
      }
    });
    out.push({spec: el.getAttribute('data-spec'), rows: rows.length, marks: data.length, kinds,
              missing: rows.filter(row => !data.some(d => same(row, d))).length,
              tooltips: JSON.stringify(spec).includes('"tooltip"')});
  }
  return out;
}"""

# Tag the old drawings, so that a new drawing can be told from them.
TAG_OLD = "() => document.querySelectorAll('.bx-chart svg').forEach(svg => { svg.__bxOld = true; })"
ALL_NEW = """() => [...document.querySelectorAll('.bx-chart')].every(el => {
  const svg = el.querySelector('svg'); return svg && !svg.__bxOld && svg.querySelector('g.role-mark > *'); })"""
AXIS_COLOR = """() => { const t = document.querySelector('.bx-chart svg .role-axis-label text');
  return t ? getComputedStyle(t).fill : null; }"""
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"
TOOLTIP = """() => { const t = document.getElementById('vg-tooltip-element');
  return t && t.classList.contains('visible') ? t.textContent : ''; }"""
TOOLTIP_THEME = """() => [...document.getElementById('vg-tooltip-element').classList].filter(c => c.endsWith('-theme'))"""
HOVERABLE = "svg g.role-mark.mark-rect > path, svg g.role-mark.mark-symbol > path"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, list[str]]:
    found = {lang: [p.path for p in chart_pages(site.root) if p.lang == lang] for lang in LANGS}
    assert found["en"] and found["zh"], "no page with a chart in this build"
    return found


def check_marks(page, where: str) -> list[str]:
    wrong = []
    for chart in page.evaluate(MARKS):
        name = f"{where}{chart['spec']}"
        if not chart["marks"]:
            wrong.append(f"{name}: no mark drawn ({chart['kinds']})")
        elif chart["missing"]:
            wrong.append(f"{name}: {chart['missing']} of {chart['rows']} data rows drawn by no mark ({chart['kinds']})")
        elif chart["marks"] < chart["rows"]:
            wrong.append(f"{name}: {chart['marks']} marks for {chart['rows']} rows")
    return wrong


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_draws_a_mark_for_every_data_row(site, desktop, pages, lang):
    page, watch = desktop
    wrong = []
    for path in pages[lang]:
        visit(page, watch, site.url(path), settle=False)
        wrong += check_marks(page, path)
    assert not wrong, "\n".join(wrong)
    problems = watch.take()
    assert not problems, problem_report(problems)


def hover_each_chart(page) -> list[str]:
    """Hover the first bar or point of each chart that has tooltips; what went wrong."""
    wrong = []
    charts = page.locator(".bx-chart")
    specs = {c["spec"]: c for c in page.evaluate(MARKS)}
    for i in range(charts.count()):
        chart = charts.nth(i)
        spec = chart.get_attribute("data-spec")
        if not specs[spec]["tooltips"]:
            continue
        chart.evaluate("el => { const d = el.closest('details'); if (d) d.open = true; }")  # collapsed: opened, as a reader does
        page.mouse.move(0, 0)
        page.wait_for_function(f"!({TOOLTIP})()")
        mark = chart.locator(HOVERABLE).first
        if not mark.count():
            wrong.append(f"{spec}: nothing to hover")
            continue
        datum = mark.evaluate("el => el.__data__ && el.__data__.datum")
        mark.hover(force=True)
        try:
            page.wait_for_function(f"({TOOLTIP})().length > 0", timeout=5_000)
        except PlaywrightTimeout:
            wrong.append(f"{spec}: no tooltip on hover")
            continue
        text = page.evaluate(TOOLTIP)
        values = [v for v in (datum or {}).values() if isinstance(v, str) and v]
        if not any(v in text for v in values):
            wrong.append(f"{spec}: the tooltip does not show the hovered row: {text[:200]!r}")
    page.mouse.move(0, 0)
    return wrong


@pytest.mark.parametrize("lang", LANGS)
def test_tooltips_show_on_hover(site, desktop, pages, lang):
    page, watch = desktop
    wrong = []
    for path in pages[lang]:
        visit(page, watch, site.url(path), settle=False)
        wrong += [f"{path}: {w}" for w in hover_each_chart(page)]
    assert not wrong, "\n".join(wrong)


def tooltip_theme(page) -> list[str]:
    """The scheme classes of the tooltip, shown over the first chart's first mark (vega-tooltip sets them while shown)."""
    page.locator(".bx-chart").first.locator(HOVERABLE).first.hover(force=True)
    page.wait_for_function(f"({TOOLTIP})().length > 0", timeout=5_000)
    theme = page.evaluate(TOOLTIP_THEME)
    page.mouse.move(0, 0)
    return theme


def toggle_scheme(page) -> None:
    before = page.evaluate(SCHEME)
    page.evaluate(TAG_OLD)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"({SCHEME})() !== {before!r}")
    page.wait_for_function(ALL_NEW, timeout=20_000)


@pytest.mark.parametrize("lang", LANGS)
def test_charts_draw_again_after_the_light_dark_toggle(site, desktop, pages, lang):
    page, watch = desktop
    path = pages[lang][0]
    visit(page, watch, site.url(path))
    light_scheme, light_axis = page.evaluate(SCHEME), page.evaluate(AXIS_COLOR)
    assert tooltip_theme(page) == ["light-theme"]
    counts = [c["marks"] for c in page.evaluate(MARKS)]

    toggle_scheme(page)
    assert page.evaluate(SCHEME) != light_scheme
    assert [c["marks"] for c in page.evaluate(MARKS)] == counts
    assert check_marks(page, path) == []
    dark_axis = page.evaluate(AXIS_COLOR)
    assert dark_axis != light_axis, f"the axis labels keep their colour in the other scheme: {dark_axis}"
    assert hover_each_chart(page) == []
    assert tooltip_theme(page) == ["dark-theme"], "the tooltip keeps the light scheme"

    toggle_scheme(page)  # and back, for the tests that follow
    assert page.evaluate(SCHEME) == light_scheme
    assert page.evaluate(AXIS_COLOR) == light_axis
    assert [c["marks"] for c in page.evaluate(MARKS)] == counts
    problems = watch.take()
    assert not problems, problem_report(problems)


def click_nav_link(page, site, path: str) -> None:
    """Click the visible link of the tabs or the navigation sidebar that leads to ``path``."""
    found = page.evaluate(
        """url => { const a = [...document.querySelectorAll('.md-tabs a, .md-sidebar--primary a.md-nav__link')]
             .find(a => a.href.split('#')[0] === url && a.getClientRects().length && a.offsetParent !== null);
           if (a) a.setAttribute('data-test-nav', ''); return !!a; }""",
        site.url(path),
    )
    assert found, f"no visible navigation link to {path} on {page.url}"
    page.locator("[data-test-nav]").first.click()
    page.wait_for_url(site.url(path))


@pytest.mark.parametrize("lang", LANGS)
def test_charts_draw_after_moving_through_the_site_navigation(site, desktop, pages, lang):
    """Home, then the tabs and the sidebar only, through chart pages and others, and back: charts drawn each time."""
    page, watch = desktop
    prefix = "" if lang == "en" else "zh/"
    history = prefix + "benchmarks/history/"
    hardware = next(p for p in pages[lang] if "/latest/" in p)
    assert history in pages[lang], pages[lang]
    visit(page, watch, site.url(prefix))
    route = [prefix + "benchmarks/", history, prefix + "benchmarks/latest/", hardware, history]
    for path in route:
        click_nav_link(page, site, path)
        if path in pages[lang]:
            wait_for_charts(page)
            assert check_marks(page, path) == [], path
    page.go_back()
    page.wait_for_url(site.url(hardware))
    wait_for_charts(page)
    assert check_marks(page, hardware) == []
    watch.settle(page)
    problems = watch.take()
    assert not problems, problem_report(problems)


# --- readable, quiet charts -------------------------------------------------------

# Per chart: the size at which each text is drawn (its font size times the scale of its SVG on the page).
TEXT_SIZES = """() => [...document.querySelectorAll('.bx-chart svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {spec: svg.closest('.bx-chart').getAttribute('data-spec'), count: sizes.length, min: Math.min(...sizes)};
})"""

# Per history chart: the labels of its time axes that are shown, and any two of them that overlap.
TIME_LABELS = """() => [...document.querySelectorAll('.bx-chart')].filter(el => el.getAttribute('data-spec').startsWith('history-'))
  .map(el => {
    const axes = [...el.querySelectorAll('svg g.role-axis')].filter(axis =>
      [...axis.querySelectorAll('.role-axis-title text')].some(t => /UTC/.test(t.textContent)));
    const overlaps = [], texts = [];
    for (const axis of axes) {
      const shown = [...axis.querySelectorAll('.role-axis-label text')]
        .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0');
      const boxes = shown.map(t => t.getBoundingClientRect());
      texts.push(...shown.map(t => t.textContent));
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          overlaps.push(shown[i].textContent + ' / ' + shown[i + 1 + j].textContent);
      }));
    }
    return {spec: el.getAttribute('data-spec'), axes: axes.length, texts, overlaps};
  })"""


@pytest.mark.parametrize("lang", LANGS)
def test_no_console_warning_or_error_on_any_chart_page(site, desktop, pages, lang):
    """Vega and Vega-Lite log their warnings (infinite extents, guessed facet domains) to the console:
    every page with a chart, in both languages, draws without one (charts.js lets warnings through)."""
    page, watch = desktop
    logged = []

    def record(message):
        if message.type in ("warning", "error"):
            logged.append(f"{page.url}: {message.type}: {message.text[:300]}")

    page.on("console", record)
    try:
        for path in pages[lang]:
            visit(page, watch, site.url(path))
            page.wait_for_timeout(200)  # Vega logs while it runs the dataflow, after the chart is in the page
    finally:
        page.remove_listener("console", record)
    assert not logged, "\n".join(logged[:40])
    problems = watch.take()
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_is_drawn_at_11_px_or_more(site, desktop, pages, lang):
    page, watch = desktop
    small = []
    for path in pages[lang]:
        visit(page, watch, site.url(path), settle=False)
        for chart in page.evaluate(TEXT_SIZES):
            assert chart["count"], f"{path}{chart['spec']}: no text"
            if chart["min"] < 11:
                small.append(f"{path}{chart['spec']}: text drawn at {chart['min']:.1f} px")
    assert not small, "\n".join(small)
    # The tooltip, once shown.
    visit(page, watch, site.url(pages[lang][0]), settle=False)
    assert hover_each_chart(page) == []
    page.locator(".bx-chart").first.locator(HOVERABLE).first.hover(force=True)
    page.wait_for_function(f"({TOOLTIP})().length > 0", timeout=5_000)
    size = page.evaluate("() => parseFloat(getComputedStyle(document.getElementById('vg-tooltip-element')).fontSize)")
    assert size >= 11, f"tooltip text at {size} px"


def test_history_time_axes_show_date_and_time_without_overlap(site, desktop, pages):
    page, watch = desktop
    path = next(p for p in pages["en"] if p.endswith("history/"))
    visit(page, watch, site.url(path), settle=False)
    charts = page.evaluate(TIME_LABELS)
    assert charts, "no history chart"
    for chart in charts:
        assert chart["axes"], f"{chart['spec']}: no time axis titled in UTC"
        assert chart["texts"], f"{chart['spec']}: no time label shown"
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\d\d\d:\d\d", text) for text in chart["texts"]), chart["texts"]
        assert not chart["overlaps"], f"{chart['spec']}: labels overlap: {chart['overlaps']}"
