"""Search, used as a reader does: the shortcut, a word typed, the results read.

The words come from the first area's question (data/areas.yaml), from the
middle of the sentence (neither its first nor its last word): in English the
word of five letters or more that the fewest English pages carry; in Chinese
the word (as jieba cut it when the site was built: the search index joins the
words of Chinese text with zero-width spaces) that the fewest Chinese pages
carry. Each is looked up from the home page of its language; the results must
be pages of that language and include that area's page. A word both languages
carry (a framework's name) must also bring pages of the reader's language only:
each language has its own index.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from browsing import REPO, problem_report, visit

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")  # mkdocs.yml: plugins.search.separator
CJK = re.compile(r"^[\u4e00-\u9fff]{2,}$")
TAG = re.compile(r"<[^>]+>")


def first_area() -> dict:
    areas = yaml.safe_load((REPO / "data" / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    return areas[0]


def index_docs(site_root) -> list[dict]:
    """The entries of both languages' indexes, each location relative to the site's root."""
    docs = json.loads((site_root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    zh = json.loads((site_root / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs + [{**d, "location": "zh/" + d["location"]} for d in zh]


def doc_lang(doc: dict) -> str:
    return "zh" if doc["location"].startswith("zh/") else "en"


def pages_with(docs: list[dict], lang: str, word: str) -> set[str]:
    word = word.lower()
    return {
        d["location"].split("#")[0]
        for d in docs
        if doc_lang(d) == lang and word in TAG.sub(" ", d["title"] + " " + d["text"]).lower()
    }


def english_word(question: str, docs: list[dict]) -> str:
    words = re.findall(r"[A-Za-z]+", question)[1:-1]  # the middle of the sentence
    candidates = [w for w in words if len(w) >= 5]
    counts = {w: len(pages_with(docs, "en", w)) for w in candidates}
    return min((w for w in candidates if counts[w]), key=lambda w: counts[w])


def chinese_word(question: str, area_doc: dict, docs: list[dict]) -> str:
    tokens = [t for t in SEPARATOR.split(TAG.sub(" ", area_doc["text"])) if CJK.match(t)]
    # A word of the question, not at its start or its end.
    middle = [
        t for t in dict.fromkeys(tokens) if 0 < question.find(t) and question.find(t) + len(t) < len(question) - 1
    ]
    counts = {t: len(pages_with(docs, "zh", t)) for t in middle}
    return min((t for t in middle if counts[t]), key=lambda t: counts[t])


@pytest.fixture(scope="module")
def words(site) -> dict[str, tuple[str, str]]:
    """lang -> (the word, the area page that must be found)."""
    area = first_area()
    docs = index_docs(site.root)
    page = {"en": f"areas/{area['id']}/", "zh": f"zh/areas/{area['id']}/"}
    area_doc = next(d for d in docs if d["location"] == page["zh"])
    return {
        "en": (english_word(area["question"]["en"], docs), page["en"]),
        "zh": (chinese_word(area["question"]["zh"], area_doc, docs), page["zh"]),
    }


RESULTS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return {
    meta: meta ? meta.textContent.trim() : '',
    links: [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')].map(a => a.href),
  };
}"""


def search(page, query: str) -> dict:
    """Open the search with its keyboard shortcut, type ``query``, wait until the results stop changing."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "the '/' shortcut did not focus the search box"
    box.fill("")
    page.keyboard.type(query, delay=20)
    # Characters off a US keyboard arrive as text input with no key events, and the theme
    # reads the box on keyup; an input method ends with a key (Space or Enter) that commits
    # the word: a key that leaves the text as it is stands for it.
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    last = None
    for _ in range(40):
        now = page.evaluate(RESULTS)
        if now == last:
            return now
        last = now
        page.wait_for_timeout(150)
    return last


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_search_finds_a_word_from_the_middle_of_a_sentence(site, desktop, words, lang):
    page, watch = desktop
    word, expected = words[lang]
    visit(page, watch, site.url("" if lang == "en" else "zh/"))
    found = search(page, word)
    pages = [site.path_of(link.split("?")[0].split("#")[0]) for link in found["links"]]
    assert pages, f"no result for {word!r}: {found['meta']}"
    other = [p for p in pages if (p.startswith("zh/")) != (lang == "zh")]
    assert not other, f"results for {word!r} in the other language: {other}"
    assert expected in pages, f"{expected} not among the results for {word!r}: {pages}"
    problems = watch.take()
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_word_of_both_languages_finds_pages_of_the_readers_language(site, desktop, lang):
    page, watch = desktop
    visit(page, watch, site.url("" if lang == "en" else "zh/"))
    found = search(page, "PyTorch")
    pages = [site.path_of(link.split("?")[0].split("#")[0]) for link in found["links"]]
    home = "frameworks/pytorch/" if lang == "en" else "zh/frameworks/pytorch/"
    assert home in pages, f"{home} not among the results: {pages}"
    other = [p for p in pages if p.startswith("zh/") != (lang == "zh")]
    assert not other, f"results in the other language: {other}"
    problems = watch.take()
    assert not problems, problem_report(problems)


def test_the_words_are_real_words(words):
    """The picked words are what the test means them to be (guards the picking itself)."""
    en, _ = words["en"]
    zh, _ = words["zh"]
    assert re.fullmatch(r"[A-Za-z]{5,}", en) and en in first_area()["question"]["en"]
    assert CJK.match(zh) and not first_area()["question"]["zh"].startswith(zh)
