"""No table of a benchmark page is wider than the page's column, on a desktop or a phone.

A table wider than its column hides its right-hand columns behind a sideways scroll
(the status and the median, on a run page, were off-screen that way); the benchmark
pages wrap or stack their tables instead. Every table counts, the collapsed details
of a machine's page opened, at 1366 and 390 CSS pixels wide, in both languages.
"""

from __future__ import annotations

import pytest
from browsing import LANGS, problem_report, visit

SIZES = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}

WIDE_TABLES = """() => {
  document.querySelectorAll('.md-content details').forEach(d => { d.open = true; });
  const column = document.querySelector('.md-content .md-typeset').getBoundingClientRect();
  return [...document.querySelectorAll('.md-content table')]
    .filter(table => table.getClientRects().length)
    .flatMap(table => {
      const rect = table.getBoundingClientRect();
      const over = Math.max(rect.right - column.right, table.scrollWidth - table.clientWidth);
      if (over <= 1) return [];
      const head = (table.querySelector('caption, th') || table).textContent.trim().slice(0, 60);
      return [`${Math.round(rect.width)} px wide in a ${Math.round(column.width)} px column: ${head}`];
    });
}"""


def bench_pages(root, lang: str) -> list[str]:
    """Every benchmark page in ``lang``; of the run pages only the latest (the others are made from it)."""
    base = root / ("zh" if lang == "zh" else "")
    pages = sorted(p.parent.relative_to(root).as_posix() + "/" for p in (base / "benchmarks").rglob("index.html")
                   if "/runs/" not in p.as_posix().split("benchmarks", 1)[1])
    runs = sorted(p.parent.name for p in (base / "benchmarks" / "runs").glob("*/index.html"))
    return pages + ([f"{'zh/' if lang == 'zh' else ''}benchmarks/runs/{runs[-1]}/"] if runs else [])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_no_benchmark_table_is_wider_than_the_column(site, new_watched_context, size, lang):
    context, watch = new_watched_context(**SIZES[size])
    page = context.new_page()
    paths = bench_pages(site.root, lang)
    assert any("/latest/" in p for p in paths) and any("/runs/" in p for p in paths)
    wide = []
    for path in paths:
        visit(page, watch, site.url(path), where=path)
        wide += [f"{path}: {what}" for what in page.evaluate(WIDE_TABLES)]
    problems = watch.take("pageerror", "console")
    assert not problems, problem_report(problems)
    assert not wide, "\n".join(wide)
