"""Contributor text that tries to run code runs nothing in a reader's browser.

The hostile site is built from a copy of data/ where one rating's summary and
rationale (both languages) carry browsing.HOSTILE_TEXT: a <script>, an <img>
with onerror, an <svg> with onload, a Markdown and an HTML javascript: link (the
HTML one with onclick) and a <b> with onmouseover, each of which would set
``window.__pwned``. Every page that shows the text is opened, the links clicked
and the bold text hovered; search is asked for the text too (its results render
page text). Every other string of that data carries a payload (tests/payloads.py)
that would open a dialog: every page of the site is loaded in both languages, and
a dialog or a page error on any of them fails.
"""

from __future__ import annotations

import pytest
from browsing import HOSTILE_LINK, HOSTILE_MARK, LANGS, PWNED, pages_with, problem_report, visit
from payloads import MARK

DANGER = """() => {
  const root = document.querySelector('.md-content') || document.body;
  const found = [];
  root.querySelectorAll('script, iframe, object, embed').forEach(el => found.push(el.outerHTML.slice(0, 120)));
  root.querySelectorAll('*').forEach(el => {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && /^(href|src|action|formaction|xlink:href)$/.test(attr.name))
        found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
    }
  });
  return found;
}"""

PWNED_NOW = f"() => typeof {PWNED} !== 'undefined'"


@pytest.fixture(scope="module")
def hostile(new_watched_context):
    context, watch = new_watched_context()
    return context.new_page(), watch


def test_the_hostile_text_reaches_pages_in_both_languages(hostile_site):
    pages = pages_with(hostile_site.root, HOSTILE_MARK)
    for lang in LANGS:
        assert len([p for p in pages if p.lang == lang and p.path != "404.html"]) >= 2, pages


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_contributor_text_executes_nothing(hostile_site, hostile, lang):
    page, watch = hostile
    pages = [p for p in pages_with(hostile_site.root, HOSTILE_MARK) if p.lang == lang]
    wrong = []
    for item in pages:
        url = hostile_site.url(item.path)
        visit(page, watch, url, where=item.path)
        wrong += [f"{item.path}: {d}" for d in page.evaluate(DANGER)]
        for text in (HOSTILE_LINK, "pwnraw", "pwnhover"):
            for target in page.get_by_text(text, exact=True).all():
                if not target.is_visible():
                    continue
                target.hover()
                target.click(no_wait_after=True)
                page.wait_for_timeout(100)
                if page.url.split("#")[0] != url:  # a safe link may lead away: come back
                    visit(page, watch, url, where=item.path)
        if page.evaluate(PWNED_NOW):
            wrong.append(f"{item.path}: the hostile text ran ({PWNED} is set)")
    problems = [p for p in watch.take() if p.kind in ("dialog", "pageerror")]
    assert not wrong and not problems, "\n".join(wrong + [str(p) for p in problems])


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_of_hostile_text_execute_nothing(hostile_site, hostile, lang):
    page, watch = hostile
    visit(page, watch, hostile_site.url("" if lang == "en" else "zh/"))
    page.keyboard.press("/")
    page.keyboard.type(HOSTILE_MARK, delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(500)
    found = page.evaluate("""() => [...document.querySelectorAll('.md-search-result *')]
        .flatMap(el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))
        .concat([...document.querySelectorAll('.md-search-result script, .md-search-result img')].map(el => el.outerHTML))""")
    assert not found, found
    assert not page.evaluate(PWNED_NOW), f"the search results ran the hostile text ({PWNED} is set)"
    problems = [p for p in watch.take() if p.kind in ("dialog", "pageerror")]
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_the_payload_site_opens_a_dialog(hostile_site, hostile, lang):
    page, watch = hostile
    pages = [p for p in pages_with(hostile_site.root, MARK) if p.lang == lang and p.path != "404.html"]
    assert len(pages) >= 20, pages  # the payloads reach most pages
    watch.take()
    for item in pages:
        visit(page, watch, hostile_site.url(item.path), where=item.path, settle=False)
        page.wait_for_timeout(50)  # an autofocus or load handler would have run by now
        page.keyboard.press("Tab")  # and a focus handler on the first focusable element
    problems = [p for p in watch.take() if p.kind in ("dialog", "pageerror")]
    assert not problems, problem_report(problems)
    assert not page.evaluate(PWNED_NOW)
