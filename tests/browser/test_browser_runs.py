"""Run pages fit the screen: no table (nor settings list) is wider than the page's column, at 1366 and 390 px.

A run's cells table once was 994 px wide in a 720 px column, its status and median
behind a scroll nobody saw. This module builds its own site from the fixture runs
plus one made hard on purpose (a copy of the latest fixture run: no harness commit,
a contended cell, long settings keys, a path without spaces, a long raw error), and
opens every run page in both languages on a laptop-sized and a phone-sized screen.
A table, definition list or table box may neither reach past the right edge of the
article nor hold more than it shows (a hidden sideways scroll).
"""

from __future__ import annotations

import json

import pytest
from browsing import FIXTURE_RUNS, LANGS, SiteServer, copy_data, problem_report, site_path, start_build, visit

SCREENS = {"laptop": {"viewport": {"width": 1366, "height": 900}},
           "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                     "has_touch": True}}
HARD_RUN = "2026-02-02T12-00-00Z_cuda"

OVERFLOW = """() => {
  const article = document.querySelector('article');
  const right = article.getBoundingClientRect().right;
  const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wrong = [];
  const tables = article.querySelectorAll('table, dl.bx-dl');
  for (const el of tables) {
    const rect = el.getBoundingClientRect();
    if (rect.right > right + 1) wrong.push(`${name(el)} reaches ${Math.round(rect.right)} px, the article ends at ${Math.round(right)}`);
    for (let box = el; box && box !== article; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible')
        wrong.push(`${name(el)}: ${name(box)} hides ${box.scrollWidth - box.clientWidth} px behind a sideways scroll`);
    }
  }
  return {tables: tables.length, cells: article.querySelectorAll('.bx-cells tbody tr').length, wrong};
}"""


def hard_run(source, folder):
    """A copy of ``source`` (read through the data layer) that stresses the layout."""
    from bench.data import load_run

    doc = load_run(source).model_dump(mode="json")
    doc.update(started_at="2026-02-02T12:00:00Z", finished_at="2026-02-02T12:30:00Z",
               harness={"version": "0.1.0", "git_commit": None, "git_dirty": None})
    doc["settings"]["a_rather_long_setting_name_without_any_spaces_in_it"] = {
        "nested": {"deeper_still_and_longer": [3, 224, 224], "cache": "/tmp/bench-run-0a1b2c3d/cache/inductor/" * 4}}
    doc["frameworks"][0]["settings"] = {"compile cache": "/tmp/bench-run-0a1b2c3d/cache/inductor/" * 3}
    for index, cell in enumerate(doc["results"]):
        if cell["status"] == "ok":
            cell.update(contended=index == 0, ci95_s=None,
                        ci95_note="no 95% interval: one process, fewer than the 5 an interval needs")
        else:
            cell["reason"] = "RuntimeError: " + "x" * 150 + " /opt/venv/lib/python3.11/site-packages/torch/_inductor/compile_fx.py"
    path = folder / f"{HARD_RUN}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-runs")
    runs = sorted(FIXTURE_RUNS.glob("*.json"))
    data = copy_data(root / "site" / "data", [*runs, hard_run(runs[-1], root)])
    server = SiteServer(start_build("runs", data, root / "site").wait(), site_path())
    yield server
    server.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_no_table_of_a_run_page_is_wider_than_its_column(runs_site, new_watched_context, screen):
    context, watch = new_watched_context(**SCREENS[screen])
    page = context.new_page()
    run_ids = sorted(p.parent.name for p in (runs_site.root / "benchmarks" / "runs").glob("*/index.html"))
    assert HARD_RUN in run_ids and len(run_ids) == len(list(FIXTURE_RUNS.glob("*.json"))) + 1
    wrong, seen = [], {}
    for lang in LANGS:
        for run_id in [*run_ids, ""]:  # the runs index too
            path = ("" if lang == "en" else "zh/") + f"benchmarks/runs/{run_id}/".replace("//", "/")
            visit(page, watch, runs_site.url(path), settle=False)
            layout = page.evaluate(OVERFLOW)
            seen[path] = layout
            wrong += [f"{path}: {problem}" for problem in layout["wrong"]]
    hard = seen[f"benchmarks/runs/{HARD_RUN}/"]
    assert hard["cells"] > 0 and hard["tables"] >= 5  # facts, software, settings lists, cells: all were looked at
    assert not wrong, "\n".join(wrong)
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_the_hard_run_page_says_what_it_lacks(runs_site, new_watched_context):
    context, watch = new_watched_context(**SCREENS["phone"])
    page = context.new_page()
    visit(page, watch, runs_site.url(f"benchmarks/runs/{HARD_RUN}/"), settle=False)
    article = page.locator("article")
    assert "commit not recorded" in article.inner_text() and "git checkout" not in article.inner_text()
    assert page.locator(".bx-cells tr.bx-contended .bx-contended-mark").count() == 1
    assert page.locator(".bx-cell-notes li").first.inner_text() == "measured in one process; an interval needs at least 5."
