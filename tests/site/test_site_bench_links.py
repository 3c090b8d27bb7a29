"""The 2016 edition and the performance area link the measured results: then and now, and the latest.

Rendered straight from the templates over the small fixture tree (no mkdocs build:
outside a build a link is the target page's path); the built site's links are
checked in tests/site/benchmarks/test_site_pages.py.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from bench.data import load_dataset
from bench.site.data import SiteData
from bench.site.render import PageContext, unstash_html

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "data"
THEN_AND_NOW = 'href="benchmarks/then-and-now/"'
LATEST = 'href="benchmarks/latest/index/"'


@pytest.fixture(scope="module")
def data() -> SiteData:
    return SiteData.from_dataset(load_dataset(FIXTURE, with_runs=False))


def render(data: SiteData, lang: str, template: str, **values) -> str:
    return unstash_html(markdown.markdown(PageContext(data=data, lang=lang).render(template, **values),
                                          extensions=["attr_list"]))


@pytest.mark.parametrize(("lang", "words"), [("en", "Then and now"), ("zh", "当年与如今")])
def test_the_2016_edition_links_then_and_now_and_the_latest_results(data, lang, words):
    html = render(data, lang, "editions.md.j2")
    assert THEN_AND_NOW in html and LATEST in html and words in html


@pytest.mark.parametrize(("lang", "words"), [("en", "Latest benchmark results"), ("zh", "最新基准测试结果")])
def test_the_performance_area_links_then_and_now_and_the_latest_results(data, lang, words):
    html = render(data, lang, "area.md.j2", area=data.area("performance"))
    assert THEN_AND_NOW in html and LATEST in html and words in html
    other = render(data, lang, "area.md.j2", area=data.area("modeling"))
    assert THEN_AND_NOW not in other  # only the area the benchmarks measure
