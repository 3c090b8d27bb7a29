"""Generated pages: written only when their text changes, stale ones removed, listed in the navigation."""

from __future__ import annotations

import pytest

from bench.site.stubs import MARKER, Stub, StubError, fill_nav, write_stubs

STUBS = [Stub("frameworks", "alpha", "framework_page", {"en": "Alpha & co", "zh": "阿尔法"}),
         Stub("areas", "speed", "area_page", {"en": "Speed", "zh": "速度"})]


def test_stubs_are_written_once_in_each_language(tmp_path):
    written = write_stubs(tmp_path, STUBS)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "areas/speed.en.md", "areas/speed.zh.md", "frameworks/alpha.en.md", "frameworks/alpha.zh.md"]
    text = (tmp_path / "frameworks" / "alpha.en.md").read_text(encoding="utf-8")
    assert "title: Alpha &amp; co" in text and MARKER in text and '{{ framework_page("alpha") }}' in text
    assert "title: 阿尔法" in (tmp_path / "frameworks" / "alpha.zh.md").read_text(encoding="utf-8")
    # Unchanged text: nothing rewritten (mkdocs serve would otherwise rebuild forever).
    mtime = (tmp_path / "frameworks" / "alpha.en.md").stat().st_mtime_ns
    assert write_stubs(tmp_path, STUBS) == []
    assert (tmp_path / "frameworks" / "alpha.en.md").stat().st_mtime_ns == mtime


def test_stale_generated_pages_go_and_hand_written_ones_stay(tmp_path):
    write_stubs(tmp_path, STUBS)
    (tmp_path / "frameworks" / "index.en.md").write_text("# Frameworks\n", encoding="utf-8")
    (tmp_path / "frameworks" / "notes.en.md").write_text("hand-written\n", encoding="utf-8")
    write_stubs(tmp_path, STUBS[1:])
    remaining = sorted(p.name for p in (tmp_path / "frameworks").iterdir())
    assert remaining == ["index.en.md", "notes.en.md"]


def test_nav_sections_get_their_generated_pages_idempotently():
    nav = [
        "index.md",
        {"Frameworks": ["frameworks/index.md"]},
        {"Areas": ["areas/index.md", "areas/how-we-rate.md"]},
        {"Other": ["other/index.md"]},
    ]
    fill_nav(nav, STUBS)
    fill_nav(nav, STUBS)  # the hook runs once per language build
    assert nav[1] == {"Frameworks": ["frameworks/index.md", "frameworks/alpha.md"]}
    assert nav[2] == {"Areas": ["areas/index.md", "areas/how-we-rate.md", "areas/speed.md"]}
    assert nav[3] == {"Other": ["other/index.md"]}


@pytest.mark.parametrize("slug", ["index", "INDEX", "a b", "../x", 'x") }}{{ 7*7', "", "-x", "a" * 101])
def test_a_page_name_that_is_not_a_plain_slug_is_refused_before_anything_is_written(tmp_path, slug):
    with pytest.raises(StubError, match="plain name"):
        write_stubs(tmp_path, [*STUBS, Stub("frameworks", slug, "framework_page", {"en": "x", "zh": "x"})])
    assert not any(tmp_path.rglob("*.md"))


def test_a_generated_page_never_replaces_a_hand_written_one(tmp_path):
    (tmp_path / "frameworks").mkdir()
    notes = tmp_path / "frameworks" / "alpha.zh.md"
    notes.write_text("hand-written\n", encoding="utf-8")
    with pytest.raises(StubError, match="hand-written"):
        write_stubs(tmp_path, STUBS)
    assert notes.read_text(encoding="utf-8") == "hand-written\n"
    assert not (tmp_path / "frameworks" / "alpha.en.md").exists()


def test_two_generated_pages_with_one_name_are_refused(tmp_path):
    twin = Stub("frameworks", "alpha", "framework_page", {"en": "Alpha again", "zh": "又一个"})
    with pytest.raises(StubError, match="share the name"):
        write_stubs(tmp_path, [*STUBS, twin])


def test_a_title_is_one_line_of_html_with_no_template_syntax(tmp_path):
    hostile = "Alpha\n# x {: onfocus=alert(1) }\n<b>{{ 7*7 }}{% raw %}{# c #}</b>"
    write_stubs(tmp_path, [Stub("frameworks", "alpha", "framework_page", {"en": hostile, "zh": hostile})])
    text = (tmp_path / "frameworks" / "alpha.en.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    assert front.count("\n") == 1 and "{" not in front and "<b>" not in front
    assert "&lt;b&gt;&#123;&#123; 7*7 &#125;&#125;" in front
