"""The site hook's pure parts: one search index per language, and the theme's base of each language."""

from __future__ import annotations

import json

from bench.site.hooks import language_base, localize_permalinks, split_search_index

CONFIG = {"lang": ["en", "zh"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"]}


def test_split_gives_each_language_its_own_index(tmp_path):
    docs = [{"location": "", "title": "Home", "text": "PyTorch"},
            {"location": "frameworks/pytorch/#ratings", "title": "Ratings", "text": "PyTorch"},
            {"location": "zh/", "title": "首页", "text": "PyTorch"},
            {"location": "zh/frameworks/pytorch/", "title": "PyTorch", "text": "评分"},
            {"location": "zhong/", "title": "a page whose path starts with zh", "text": ""}]
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": CONFIG, "docs": docs}))

    assert split_search_index(tmp_path, ["zh"]) == {"": 3, "zh": 2}

    en = json.loads((tmp_path / "search" / "search_index.json").read_text())
    zh = json.loads((tmp_path / "zh" / "search" / "search_index.json").read_text())
    assert en["config"] == zh["config"] == CONFIG
    assert [d["location"] for d in en["docs"]] == ["", "frameworks/pytorch/#ratings", "zhong/"]
    assert [d["location"] for d in zh["docs"]] == ["", "frameworks/pytorch/"]
    assert zh["docs"][1] == {"location": "frameworks/pytorch/", "title": "PyTorch", "text": "评分"}


def test_split_without_an_index_does_nothing(tmp_path):
    assert split_search_index(tmp_path, ["zh"]) == {}
    assert not (tmp_path / "zh").exists()


def test_language_base_points_the_theme_at_the_languages_root():
    page = ('<head></head><body><script id="__config" type="application/json">'
            '{"annotate": null, "base": "../../..", "features": []}</script>'
            '<p>"base": "elsewhere"</p></body>')
    out = language_base(page, "zh")
    assert '{"annotate": null, "base": "../../../zh/", "features": []}' in out
    assert '<p>"base": "elsewhere"</p>' in out  # only the theme's config
    assert '"base": "../zh/"' in language_base(page.replace("../../..", ".."), "zh")


def test_headings_permanent_links_are_titled_in_the_pages_language():
    page = ('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
            '<p>title="Permanent link" in a sentence stays</p>')
    zh = localize_permalinks(page, "zh")
    assert '<a class="headerlink" href="#a" title="固定链接">' in zh
    assert '<p>title="Permanent link" in a sentence stays</p>' in zh
