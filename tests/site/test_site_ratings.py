"""The framework page's newer-release note and lineage table, Chinese evidence links, and the glossary.

Rendered straight from the templates over a copy of the small fixture tree
(tests/fixtures/data): no mkdocs build, so these run in a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest

from bench.data import load_dataset
from bench.site.data import SiteData
from bench.site.render import PageContext, unstash_html

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "data"

RELEASES = """# yaml-language-server: $schema=schema/releases.schema.json
schema_version: 1
checked: 2026-11-25
releases:
  - framework: pytorch
    package: torch
    version: "{version}"
"""

GLOSSARY = """# yaml-language-server: $schema=schema/glossary.schema.json
schema_version: 1
terms:
  - id: eager
    en: "eager execution <script>alert(1)</script>"
    zh: "动态图"
    avoid: [即时执行, {text: "<b>Eager 模式</b>", pattern: "[Ee]ager ?模式"}]
    note: {en: "PaddlePaddle calls it *dynamic graph*.", zh: "飞桨称为 *动态图*。"}
"""


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    return root


def html_of(rendered: str) -> str:
    """A macro's output as the page shows it: Markdown headings rendered, stashed HTML put back."""
    return unstash_html(markdown.markdown(rendered, extensions=["attr_list"]))


def page(root: Path, lang: str, template: str, **values) -> str:
    data = SiteData.from_dataset(load_dataset(root, with_runs=False))
    c = PageContext(data=data, lang=lang)
    values = {key: (data.framework(value) if key == "fw" else value) for key, value in values.items()}
    return html_of(c.render(template, **values))


# --- reviewed against an older release ------------------------------------------


@pytest.mark.parametrize(("lang", "note"), [
    ("en", "Reviewed against 2.15; 2.16.0 is out."),
    ("zh", "审阅时依据的是 2.15 版；2.16.0 版已经发布。"),
])
def test_a_newer_minor_release_is_noted_beside_every_rating_reviewed_before_it(data_root, lang, note):
    (data_root / "releases.yaml").write_text(RELEASES.format(version="2.16.0"), encoding="utf-8")
    html = page(data_root, lang, "framework.md.j2", fw="pytorch", extra_parts=[])
    ratings = html.split('id="ratings"', 1)[1].split("</table>", 1)[0]
    assert ratings.count(f'<span class="bench-stale">{note}</span>') == 7  # every area was reviewed against 2.15


@pytest.mark.parametrize("version", ["2.15.4", "2.14.0"])
def test_a_patch_or_an_older_release_is_not_noted(data_root, version):
    (data_root / "releases.yaml").write_text(RELEASES.format(version=version), encoding="utf-8")
    assert "bench-stale" not in page(data_root, "en", "framework.md.j2", fw="pytorch", extra_parts=[])


def test_without_a_releases_file_nothing_is_noted(data_root):
    assert "bench-stale" not in page(data_root, "en", "framework.md.j2", fw="pytorch", extra_parts=[])


def test_only_the_area_reviewed_against_the_older_release_is_noted(data_root):
    (data_root / "releases.yaml").write_text(RELEASES.format(version="2.16.0"), encoding="utf-8")
    path = data_root / "ratings" / "current" / "pytorch.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    version: "2.15"\n', '    version: "2.16"\n', 1), encoding="utf-8")
    html = page(data_root, "en", "framework.md.j2", fw="pytorch", extra_parts=[])
    assert html.count("bench-stale") == 6
    modeling = html.split('<tr id="modeling">', 1)[1].split("</tr>", 1)[0]
    assert "bench-stale" not in modeling


# --- lineage: an archived framework beside its successor ----------------------------


@pytest.mark.parametrize(("lang", "heading", "then", "now"), [
    ("en", "From Torch to PyTorch", "Torch, 2016", "PyTorch, today"),
    ("zh", "从 Torch 到 PyTorch", "Torch（2016 年）", "PyTorch（如今）"),
])
def test_an_archived_framework_shows_its_2016_stars_beside_its_successors(data_root, lang, heading, then, now):
    html = page(data_root, lang, "framework.md.j2", fw="torch", extra_parts=[])
    assert f'<h2 id="lineage">{heading}</h2>' in html
    table = html.split('<h2 id="lineage">', 1)[1].split("</table>", 1)[0]
    assert f'<th scope="col">{then}</th>' in table and f'<th scope="col">{now}</th>' in table
    data = SiteData.from_dataset(load_dataset(data_root, with_runs=False))
    torch, pytorch = data.framework("torch"), data.framework("pytorch")
    rows = table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    assert len(rows) == len(data.areas)
    for row, area in zip(rows, data.areas, strict=True):
        then_stars = data.cell("2016", torch, area).stars
        now_stars = data.cell("current", pytorch, area).stars
        assert c_stars(lang, then_stars) in row and c_stars(lang, now_stars) in row
        assert f'href="frameworks/pytorch/#{area.id}"' in row


def c_stars(lang: str, value: float | None) -> str:
    return str(PageContext(data=None, lang=lang).stars(value))


def test_an_active_framework_has_no_lineage(data_root):
    assert 'id="lineage"' not in page(data_root, "en", "framework.md.j2", fw="pytorch", extra_parts=[])


def test_a_successor_that_is_not_rated_gives_no_lineage(data_root):
    path = data_root / "frameworks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      framework: pytorch\n", "", 1), encoding="utf-8")
    assert 'id="lineage"' not in page(data_root, "en", "framework.md.j2", fw="torch", extra_parts=[])


def test_a_hostile_successor_name_is_escaped_in_the_lineage(data_root):
    path = data_root / "frameworks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    successor:\n      name: PyTorch\n", '    successor:\n      name: "<img src=x onerror=alert(1)>"\n', 1),
                    encoding="utf-8")
    html = page(data_root, "en", "framework.md.j2", fw="torch", extra_parts=[])
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html.split('id="lineage"', 1)[1]


# --- evidence in Chinese --------------------------------------------------------------


def test_chinese_pages_link_the_chinese_page_of_the_evidence(data_root):
    path = data_root / "ratings" / "current" / "pytorch.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - url: https://example.org/pytorch/current/modeling\n"
    path.write_text(text.replace(old, old + "        url_zh: https://example.org/zh/pytorch/modeling\n", 1), encoding="utf-8")
    data = SiteData.from_dataset(load_dataset(data_root, with_runs=False))
    rating = data.ratings("current", "pytorch").areas["modeling"]
    html = {lang: html_of(PageContext(data=data, lang=lang).render("area.md.j2", area=data.area("modeling")))
            for lang in ("en", "zh")}
    assert 'href="https://example.org/zh/pytorch/modeling"' in html["zh"]
    assert "example.org/zh/" not in html["en"] and 'href="https://example.org/pytorch/current/modeling"' in html["en"]
    assert rating.evidence[0].url_zh is not None


# --- the glossary page ------------------------------------------------------------------


def test_the_glossary_lists_each_term_with_its_rendering_and_variants_escaped(data_root):
    (data_root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    data = SiteData.from_dataset(load_dataset(data_root, with_runs=False))
    for lang, header in (("en", "Chinese"), ("zh", "中文译名")):
        html = html_of(PageContext(data=data, lang=lang).render("glossary.md.j2", glossary=data.dataset.glossary))
        assert f'<th scope="col">{header}</th>' in html
        row = html.split('<tr id="eager">', 1)[1].split("</tr>", 1)[0]
        assert "eager execution &lt;script&gt;alert(1)&lt;/script&gt;" in row and "<script>" not in row
        assert '<td lang="zh">动态图</td>' in row
        assert "<s>即时执行</s>、<s>&lt;b&gt;Eager 模式&lt;/b&gt;</s>" in row
    assert "<em>动态图</em>" in html


def test_no_glossary_file_renders_nothing(data_root):
    data = SiteData.from_dataset(load_dataset(data_root, with_runs=False))
    assert html_of(PageContext(data=data, lang="en").render("glossary.md.j2", glossary=None)).strip() == ""
