"""Every page of the built site, in both languages, opened once in Chromium.

The tour (one module-scoped pass over every page) records what each page did and
what it shows; the tests below each judge one side of it: a clean load (no
console error, no failed request, no uncaught error), no request leaving
127.0.0.1, a language switcher that leads to the same page in the other
language, and text alternatives for images and charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from browsing import LANGS, Problem, SitePage, problem_report, site_pages, visit

FACTS = """() => {
  const name = el => (el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent || '').trim()
    || [...el.querySelectorAll('img[alt], svg[aria-label]')].map(i => i.getAttribute('alt') || i.getAttribute('aria-label')).join('').trim();
  const labelOf = el => {
    const by = el.getAttribute('aria-labelledby');
    const labelled = by ? by.split(/\\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ') : '';
    const caption = el.closest('figure') && el.closest('figure').querySelector('figcaption');
    return (el.getAttribute('aria-label') || labelled || (caption ? caption.textContent : '')).trim();
  };
  const skip = document.querySelector('a.md-skip');
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: (document.querySelector('article h1') || {}).textContent || '',
    switcher: [...document.querySelectorAll('a.md-select__link[hreflang]')].map(a => [a.getAttribute('hreflang'), a.href]),
    images: [...document.querySelectorAll('img')]
      .filter(i => i.getAttribute('aria-hidden') !== 'true' && i.getAttribute('role') !== 'presentation')
      .filter(i => !(i.getAttribute('alt') || '').trim()).map(i => i.getAttribute('src')),
    charts: [...document.querySelectorAll('.bx-chart')].map(el => ({
      spec: el.getAttribute('data-spec'), label: labelOf(el), drawn: !!el.querySelector('svg'),
      error: el.classList.contains('bx-chart--failed') ? (el.getAttribute('data-error') || 'failed') : '',
    })),
    unnamed: [...document.querySelectorAll('a[href], button')]
      .filter(el => el.getClientRects().length && el.offsetWidth * el.offsetHeight > 0).filter(el => !name(el)).map(el => el.outerHTML.slice(0, 160)),
    skip: skip && {href: skip.getAttribute('href'), target: !!document.getElementById(decodeURIComponent(skip.hash.slice(1)))},
  };
}"""


@dataclass
class Seen:
    page: SitePage
    facts: dict
    problems: list[Problem]


@pytest.fixture(scope="module")
def tour(site, desktop) -> dict[str, list[Seen]]:
    """Every page of the site opened once: language -> what each page did and showed.

    Each page is watched from its request to its load event and its charts. The
    requests that come later (the search worker's index and language files) go
    to URLs resolved from the page's folder depth: the tour waits for them on
    the first page of each language and depth, and leaves the others at once.
    """
    page, watch = desktop
    seen: dict[str, list[Seen]] = {lang: [] for lang in LANGS}
    settled = set()
    for item in site_pages(site.root):
        depth = (item.lang, item.path.count("/"), item.path.endswith(".html"))
        visit(page, watch, site.url(item.path), where=item.path or "(home)", settle=depth not in settled)
        settled.add(depth)
        seen[item.lang].append(Seen(item, page.evaluate(FACTS), watch.take()))
    watch.settle(page)
    seen[item.lang][-1].problems.extend(watch.take())
    return seen


def test_the_tour_covers_both_languages(tour):
    en = {s.page.path for s in tour["en"]}
    zh = {s.page.path for s in tour["zh"]}
    assert len(en) > 20 and "" in en and "zh/" in zh
    # Every page exists in both languages (the one 404 page aside).
    assert {p for p in en if p != "404.html"} == {p[len("zh/") :] for p in zh}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_loads_cleanly(tour, lang):
    """No console error, no failed request or response >= 400 (sitemap.xml included), no uncaught error."""
    problems = [p for s in tour[lang] for p in s.problems if p.kind != "external"]
    assert not problems, f"{len(problems)} problems:\n" + problem_report(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_no_request_leaves_127_0_0_1(tour, lang):
    external = [p for s in tour[lang] for p in s.problems if p.kind == "external"]
    assert not external, "requests to other hosts:\n" + problem_report(external)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_title_and_its_language(tour, lang):
    wrong = [
        f"{s.page.path or '(home)'}: lang={s.facts['lang']!r} title={s.facts['title']!r} h1={s.facts['h1']!r}"
        for s in tour[lang]
        if not s.facts["lang"].startswith(lang) or not s.facts["title"].strip() or not s.facts["h1"].strip()
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_page(site, tour, lang):
    """Each page's switcher links to itself in its language and to the same page in the other one."""
    visited = {s.page.path for lang_seen in tour.values() for s in lang_seen}
    wrong = []
    for s in tour[lang]:
        links = dict(s.facts["switcher"])
        for target in LANGS:
            expected = s.page.in_lang(target) if s.page.path != "404.html" else ("" if target == "en" else "zh/")
            if links.get(target) != site.url(expected):
                wrong.append(
                    f"{s.page.path or '(home)'}: {target} -> {links.get(target)} (expected {site.url(expected)})"
                )
            elif expected not in visited:
                wrong.append(f"{s.page.path or '(home)'}: {target} -> {expected}, which is not a page of the site")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_images_charts_and_controls_have_text_alternatives(tour, lang):
    wrong = []
    for s in tour[lang]:
        where = s.page.path or "(home)"
        wrong += [f"{where}: image without alt text: {src}" for src in s.facts["images"]]
        wrong += [f"{where}: chart {c['spec']} without a text alternative" for c in s.facts["charts"] if not c["label"]]
        wrong += [f"{where}: link or button without a name: {html}" for html in s.facts["unnamed"]]
        if s.page.path != "404.html" and not (s.facts["skip"] and s.facts["skip"]["target"]):
            wrong.append(f"{where}: no skip link, or its target is missing: {s.facts['skip']}")
    assert not wrong, "\n".join(wrong[:60])


def test_every_chart_draws(tour):
    charts = [(s.page.path, c) for lang in LANGS for s in tour[lang] for c in s.facts["charts"]]
    assert charts, "no page has a chart"
    wrong = [f"{path}: {c['spec']}: {c['error'] or 'no SVG'}" for path, c in charts if c["error"] or not c["drawn"]]
    assert not wrong, "\n".join(wrong)


SWITCH_SAMPLE = ["", "frameworks/pytorch/", "benchmarks/history/"]


@pytest.mark.parametrize("path", SWITCH_SAMPLE)
def test_clicking_the_language_switcher_and_back(site, desktop, path):
    """The switcher, used as a reader does (open the menu, pick the language), lands on the same page, and back."""
    page, watch = desktop
    if not (site.root / path / "index.html").exists():
        pytest.skip(f"{path} is not a page of this build")
    visit(page, watch, site.url(path))
    for target, expected in (("zh", "zh/" + path), ("en", path)):
        page.locator(".md-header .md-select").first.hover()
        link = page.locator(f".md-header a.md-select__link[hreflang={target}]").first
        link.click()
        page.wait_for_url(site.url(expected))
        assert page.evaluate("document.documentElement.lang").startswith(target)
        watch.settle(page)
    problems = watch.take()
    assert not problems, problem_report(problems)
