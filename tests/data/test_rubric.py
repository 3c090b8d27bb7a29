"""Every current rationale names the rubric level its stars meet (bench.data.rubric)."""

from __future__ import annotations

CUR = "ratings/current/pytorch.yaml"
OLD = "ratings/2016/torch.yaml"


def test_the_fixture_names_its_levels(tree):
    assert tree.problems() == []


def test_an_english_rationale_without_its_level(tree):
    tree.edit(CUR, "Second paragraph on modeling capability: rubric level 5.", "Second paragraph on modeling capability.")
    problems = tree.problems()
    assert [(p[0], p[2]) for p in problems] == [
        (CUR, "areas.modeling.rationale.en: name the rubric level that 5 stars meets, as 'level 5' (data/areas.yaml)")]
    en_line = next(n for n, text in enumerate(tree.text(CUR).splitlines(), start=1) if text == "      en: |")
    assert problems[0][1] == en_line


def test_a_chinese_rationale_without_its_level(tree):
    tree.edit(CUR, "关于建模能力的第二段：评分标准第 5 级。", "关于建模能力的第二段。")
    assert [(p[0], p[2]) for p in tree.problems()] == [
        (CUR, "areas.modeling.rationale.zh: name the rubric level that 5 stars meets, as '第 5 级' (data/areas.yaml)")]


def test_stars_changed_without_the_text_name_the_new_level(tree):
    # 4.5 stars meet level 4: a rationale still arguing level 5 is flagged in both languages.
    tree.edit(CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 4.5\n")
    messages = [p[2] for p in tree.problems()]
    assert messages == [
        "areas.modeling.rationale.en: name the rubric level that 4.5 stars meets, as 'level 4' (data/areas.yaml)",
        "areas.modeling.rationale.zh: name the rubric level that 4.5 stars meets, as '第 4 级' (data/areas.yaml)",
    ]


def test_a_half_star_names_the_level_below(tree):
    tree.edit(CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 4.5\n")
    tree.edit(CUR, "Second paragraph on modeling capability: rubric level 5.", "Second paragraph on modeling capability: Level 4.")
    tree.edit(CUR, "关于建模能力的第二段：评分标准第 5 级。", "关于建模能力的第二段：第4级。")
    assert tree.problems() == []


def test_the_2016_edition_is_a_record_and_not_held_to_it(tree):
    assert "level" not in tree.text(OLD).lower()
    assert tree.problems(OLD) == []
