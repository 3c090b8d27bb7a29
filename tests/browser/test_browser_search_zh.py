"""Chinese search of phrases of several words (bench/site/search_zh.py), as a reader types them.

A phrase is taken from the built Chinese index, not hard-coded: a run of two or three
consecutive index words (as jieba cut the text) whose last word is at least two
characters long, found on the fewest pages. The reader types the phrase without
spaces; the first result must be a page that holds the phrase, and none of the first
results may be marked as missing part of it. Before the fix the theme's segmenter
never found the last word of a phrase whole, so every result lacked a term.
"""

from __future__ import annotations

import re

import pytest
from browsing import problem_report, visit
from test_browser_search import TAG, index_docs, search

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")  # mkdocs.yml: plugins.search.separator
HAN = re.compile(r"^[\u4e00-\u9fff]+$")

RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].slice(0, 5).map(item => ({
  href: item.querySelector('a.md-search-result__link').href,
  missing: item.querySelectorAll('.md-search-result__terms').length,
}))"""


def zh_docs(site_root) -> list[dict]:
    return [d for d in index_docs(site_root) if d["location"].startswith("zh/")]


def pages_with_phrase(docs: list[dict], phrase: str) -> set[str]:
    """Pages whose text holds ``phrase`` once the index's word breaks are taken out."""
    return {d["location"].split("#")[0] for d in docs
            if phrase in TAG.sub(" ", d["title"] + " " + d["text"]).replace("\u200b", "")}


def phrases(docs: list[dict]) -> list[str]:
    """Phrases of two or three index words, rarest first (ties by text, so the pick is stable)."""
    found: set[str] = set()
    for d in docs:
        for sentence in re.split(r"[\s\u3000、。，．？！；：（）“”]+", TAG.sub(" ", d["text"])):
            words = [w for w in sentence.split("\u200b") if w]
            for n in (2, 3):
                for i in range(len(words) - n + 1):
                    run = words[i:i + n]
                    if all(HAN.match(w) for w in run) and len(run[-1]) >= 2 and len(run[0]) >= 2:
                        found.add("".join(run))
    counted = [(len(pages_with_phrase(docs, p)), p) for p in found]
    return [p for count, p in sorted(counted) if count >= 1]


@pytest.fixture(scope="module")
def chosen(site) -> list[tuple[str, set[str]]]:
    docs = zh_docs(site.root)
    picked = []
    # The phrases the issue names, where the site holds them, and the rarest ones the index offers.
    for phrase in ["卷积神经网络", "循环神经网络", "老式设计", *phrases(docs)[:2]]:
        pages = pages_with_phrase(docs, phrase)
        if pages and phrase not in [p for p, _ in picked]:
            picked.append((phrase, pages))
    return picked


def test_phrases_were_found(chosen):
    """Guards the picking: at least the rarest phrases of the index, each of several words."""
    assert len(chosen) >= 2
    assert all(len(phrase) >= 4 and HAN.match(phrase) for phrase, _ in chosen)


def test_a_phrase_of_several_words_finds_a_page_that_holds_it_first(site, desktop, chosen):
    page, watch = desktop
    failures = []
    for phrase, pages in chosen:
        visit(page, watch, site.url("zh/"))
        search(page, phrase)
        first = page.evaluate(RESULTS)
        hrefs = [site.path_of(r["href"].split("?")[0].split("#")[0]) for r in first]
        if not hrefs or hrefs[0] not in pages:
            failures.append(f"{phrase}: first result {hrefs[:1]} is not one of {sorted(pages)}")
        marked = [h for h, r in zip(hrefs, first, strict=True) if r["missing"] and h in pages]
        if marked:
            failures.append(f"{phrase}: pages holding it are marked as missing part of it: {marked}")
        if first and first[0]["missing"]:
            failures.append(f"{phrase}: the first result is marked as missing part of it")
    assert not failures, "\n".join(failures)
    problems = watch.take()
    assert not problems, problem_report(problems)
