"""The compact view of each machine's latest results (bench/site/benchmarks/compact.py, assets/javascripts/compact.js).

- The phase and precision a reader picks change the table and the URL's query string; a reload, back
  and forward, and a link with the query show the same choice; without JavaScript the default table shows.
- A network's name in the table opens its details (chart and full table) under its heading.
- No table of the view is wider than its box, at 1366 px (desktop) and at 390 px (a phone), in any panel.
- The page-height goal: every machine's page is under 8,000 px tall at 1366 px wide, on the site built
  from the fixture runs and on the site built from the committed runs (data/runs: the H200 page, and a
  CPU page with three frameworks side by side).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browsing import REPO, SiteServer, copy_data, problem_report, site_path, start_build, visit

HEIGHT_GOAL = 8_000  # CSS pixels, at 1366 px wide
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE_390 = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
GPU = "benchmarks/latest/cuda-nvidia-h100-80gb-hbm3/"

VISIBLE_PANELS = """() => [...document.querySelectorAll('[data-bx-panel]')]
    .filter(el => !el.hidden && el.getBoundingClientRect().height > 0).map(el => el.id)"""
CHECKED = """() => [...document.querySelectorAll('.bx-filters input:checked')].map(i => i.name + '=' + i.value)"""
OVERFLOW = """() => [...document.querySelectorAll('[data-bx-panel] table')].flatMap(table => {
  const box = table.closest('.bx-heat');
  const out = [];
  if (box.scrollWidth > box.clientWidth + 1) out.push(box.id + ': ' + box.scrollWidth + ' px in a ' + box.clientWidth + ' px box');
  if (table.getBoundingClientRect().right > document.documentElement.clientWidth + 1) out.push(box.id + ': past the screen');
  return out;
})"""
HEIGHT = "() => document.documentElement.scrollHeight"


def latest_pages(root) -> list[str]:
    """The machines' pages of a built site, English and Chinese."""
    found = sorted(p.parent.relative_to(root).as_posix() + "/" for p in root.glob("**/benchmarks/latest/*/index.html"))
    assert found, f"no machine page in {root}"
    return found


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


@pytest.fixture(scope="module")
def committed_site(tmp_path_factory):
    """The site built from the runs committed in data/runs."""
    root = tmp_path_factory.mktemp("compact-committed")
    runs = sorted((REPO / "data" / "runs").glob("*.json"))
    if not runs:
        pytest.skip("no committed runs in data/runs")
    built = start_build("committed", copy_data(root / "data", runs), root).wait()
    server = SiteServer(built, site_path())
    yield server
    server.close()


@pytest.fixture(scope="module")
def desktop_1366(new_watched_context):
    context, watch = new_watched_context(**DESKTOP)
    return context.new_page(), watch


def test_the_filters_change_the_table_and_the_url(site, desktop_1366):
    page, watch = desktop_1366
    visit(page, watch, site.url(GPU))
    assert page.locator(".bx-filters").is_visible()
    assert page.evaluate(VISIBLE_PANELS) == ["compact-train-fp32"]
    assert query(page.url) == {}

    page.locator(".bx-filters label", has=page.locator('input[value="bf16"]')).click()
    page.wait_for_function("() => !document.getElementById('compact-train-bf16').hidden")
    assert page.evaluate(VISIBLE_PANELS) == ["compact-train-bf16"]
    assert query(page.url) == {"phase": ["train"], "precision": ["bf16"]}

    page.locator(".bx-filters label", has=page.locator('input[value="forward"]')).click()
    page.wait_for_function("() => !document.getElementById('compact-forward-bf16').hidden")
    assert query(page.url) == {"phase": ["forward"], "precision": ["bf16"]}
    assert page.locator("#compact-forward-bf16").inner_text().strip()  # not measured: the panel says so

    page.reload(wait_until="load")
    assert page.evaluate(VISIBLE_PANELS) == ["compact-forward-bf16"]
    assert page.evaluate(CHECKED) == ["phase=forward", "precision=bf16"]

    page.go_back(wait_until="load")
    page.wait_for_function("() => !document.getElementById('compact-train-bf16').hidden")
    assert page.evaluate(VISIBLE_PANELS) == ["compact-train-bf16"]
    assert page.evaluate(CHECKED) == ["phase=train", "precision=bf16"]
    page.go_back(wait_until="load")
    page.wait_for_function("() => !document.getElementById('compact-train-fp32').hidden")
    assert page.evaluate(CHECKED) == ["phase=train", "precision=fp32"]
    page.go_forward(wait_until="load")
    page.wait_for_function("() => !document.getElementById('compact-train-bf16').hidden")
    assert page.evaluate(VISIBLE_PANELS) == ["compact-train-bf16"]
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_a_link_with_a_choice_shows_it_and_a_choice_not_offered_falls_back(site, desktop_1366):
    page, watch = desktop_1366
    visit(page, watch, site.url(GPU + "?phase=forward&precision=fp32"), settle=False)
    assert page.evaluate(VISIBLE_PANELS) == ["compact-forward-fp32"]
    visit(page, watch, site.url("zh/" + GPU + "?phase=%3Cscript%3E&precision=tf32"), settle=False)
    assert page.evaluate(VISIBLE_PANELS) == ["compact-train-fp32"]  # neither is offered on this machine
    assert page.evaluate(CHECKED) == ["phase=train", "precision=fp32"]
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_without_javascript_the_default_table_shows(site, new_watched_context):
    context, watch = new_watched_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    watch.where = GPU
    page.goto(site.url(GPU), wait_until="load")
    assert page.locator("[data-bx-panel]:visible").count() == 1
    assert page.locator("#compact-train-fp32").is_visible()
    assert not page.locator(".bx-filters").is_visible()
    assert page.locator(".bx-compact noscript").count() == 1


def test_a_network_in_the_table_opens_its_details(site, desktop_1366):
    page, watch = desktop_1366
    visit(page, watch, site.url(GPU), settle=False)
    details = page.locator("#alexnet + details")
    assert not details.evaluate("d => d.open")
    page.locator("#compact-train-fp32 a[href='#alexnet']").click()
    page.wait_for_function("() => document.querySelector('#alexnet + details').open")
    assert page.locator("#alexnet + details table").first.is_visible()
    problems = watch.take()
    assert not problems, problem_report(problems)


def check_overflow(page, watch, server, paths) -> list[str]:
    wrong = []
    for path in paths:
        visit(page, watch, server.url(path), settle=False)
        for panel in page.evaluate("() => [...document.querySelectorAll('[data-bx-panel]')].map(p => [p.dataset.phase, p.dataset.precision])"):
            visit(page, watch, server.url(f"{path}?phase={panel[0]}&precision={panel[1]}"), settle=False)
            wrong += [f"{path} at {page.viewport_size['width']} px: {w}" for w in page.evaluate(OVERFLOW)]
    return wrong


@pytest.mark.parametrize("size", [DESKTOP, PHONE_390], ids=["1366", "390"])
def test_no_table_of_the_view_is_wider_than_its_box(site, committed_site, new_watched_context, size):
    context, watch = new_watched_context(**size)
    page = context.new_page()
    wrong = check_overflow(page, watch, site, [p for p in latest_pages(site.root) if not p.startswith("zh/")])
    wrong += check_overflow(page, watch, committed_site, latest_pages(committed_site.root))
    assert not wrong, "\n".join(wrong)
    problems = watch.take("pageerror", "console", "dialog")
    assert not problems, problem_report(problems)


def test_every_machine_page_meets_the_height_goal(site, committed_site, desktop_1366):
    page, watch = desktop_1366
    heights, columns = {}, {}
    for server in (site, committed_site):
        for path in latest_pages(server.root):
            visit(page, watch, server.url(path), settle=False)
            heights[path] = page.evaluate(HEIGHT)
            columns[path] = page.locator("[data-bx-panel]:not([hidden]) thead th").count()
    assert any("h200" in path for path in heights), "no H200 page in the committed runs"
    assert max(columns.values()) >= 5, "no page sets three frameworks side by side (network, mode and 3 columns)"
    tall = {path: h for path, h in heights.items() if h >= HEIGHT_GOAL}
    assert not tall, f"pages at or over {HEIGHT_GOAL} px tall at 1366 px wide: {tall}"
