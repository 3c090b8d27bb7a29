"""The decision guide and the hardware matrix pages (bench/site/sections/guide.py), in both languages."""

from __future__ import annotations

import re

import pytest
from test_site_build import article, page

from bench.data.hardware import Support
from bench.site import strings
from bench.site.search_zh import fix_text

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_scenario_shows_its_picks_and_the_ratings_they_cite(built_site, dataset, lang):
    html = article(page(built_site.site, lang, "guide/"))
    current = dataset.ratings["current"]
    for scenario in dataset.scenarios.scenarios:
        start = html.index(f'id="{scenario.id}"')
        end = min((html.index(f'id="{s.id}"') for s in dataset.scenarios.scenarios if html.index(f'id="{s.id}"') > start),
                  default=len(html))
        section = html[start:end]
        assert scenario.title.get(lang) in section
        roles = re.findall(r'<span class="bench-pick__role">([^<]+)</span> <a href="../frameworks/([^/]+)/"', section)
        assert roles == [(strings.translate("guide.recommended" if i == 0 else "guide.runner_up", lang), pick.framework)
                         for i, pick in enumerate(scenario.picks)]
        for pick in scenario.picks:
            for area in pick.ratings:
                stars = current[pick.framework].stars(area)
                label = strings.translate("stars.aria", lang, stars=f"{stars:g}")
                cited = re.search(rf'<a href="../areas/{area}/#{pick.framework}">[^<]+</a> <span class="bench-stars" '
                                  rf'role="img" aria-label="{re.escape(label)}"', section)
                assert cited, (scenario.id, pick.framework, area)
        for accelerator in scenario.accelerators:
            assert f'href="../hardware/#{scenario.recommended.framework}-{accelerator}"' in section


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_matrix_has_every_cell_with_its_evidence(built_site, dataset, lang):
    html = article(page(built_site.site, lang, "hardware/"))
    hardware = dataset.hardware
    header = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL).group(1)
    assert re.findall(r'<th scope="col">([^<]+)</th>', header)[1:] == [a.name.get(lang) for a in hardware.accelerators]
    unknown = 0
    for framework, row in hardware.frameworks.items():
        for accelerator, cell in row.items():
            item = re.search(rf'<li id="{framework}-{accelerator}">(.*?)</li>\n(?=<li id=|</ul>\n</div>)', html, re.DOTALL)
            assert item, (framework, accelerator)
            for ev in cell.evidence:
                assert f'href="{ev.url}"' in item.group(1)
                assert strings.translate("hw.checked", lang, date=ev.checked.isoformat()) in item.group(1)
            unknown += Support.unknown in (cell.training, cell.inference)
    assert html.count('<li><a href="#') >= unknown
    assert strings.translate("hw.unverified_lead", lang, count=unknown) in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_the_cross_platform_area_links_the_matrix(built_site, lang):
    assert 'href="../../hardware/"' in article(page(built_site.site, lang, "areas/cross_platform/"))
    assert 'href="../../hardware/"' not in article(page(built_site.site, lang, "areas/modeling/"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_page_links_the_guide_and_the_matrix(built_site, lang):
    home = article(page(built_site.site, lang, ""))
    assert 'href="guide/"' in home and 'href="hardware/"' in home


def test_the_built_search_worker_finds_the_last_word_of_a_phrase(built_site):
    workers = list((built_site.site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    assert workers
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        assert fix_text(text) == (text, False)  # already fixed: nothing left to change
