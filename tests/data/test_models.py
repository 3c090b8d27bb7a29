"""Each rule of the models (bench/data/models.py), broken one at a time in a valid tree.

Every invalid case must give exactly one problem: in the file that was changed,
on the line of the offending field (not the line of its area or entry), with a
message that names the field.
"""

from __future__ import annotations

import datetime as dt

import pytest

FW = "frameworks.yaml"
AREAS = "areas.yaml"
CUR = "ratings/current/pytorch.yaml"
OLD = "ratings/2016/torch.yaml"

TODAY = dt.date.today().isoformat()
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()

# The modeling area of the current file, and its history, as written in the fixture.
MODELING = "  modeling:\n    stars: 5\n"
SUMMARY_EN = '      en: "pytorch current: modeling capability summary."\n'
SUMMARY_ZH = '      zh: "pytorch current：建模能力概要。"\n'
EVIDENCE = "      - url: https://example.org/pytorch/current/modeling\n"
EVIDENCE_TITLE = '        title: {en: "pytorch current modeling evidence", zh: "pytorch current modeling 证据"}\n'
REVIEWED = '    reviewed: 2026-11-20\n    version: "2.15"\n    history:\n      - date: 2016-07-07\n'
HISTORY = (
    "    history:\n"
    "      - date: 2016-07-07\n"
    "        stars: 4\n"
    '        why: {en: "Rated in the 2016 evaluation.", zh: "2016 年评测的评分。"}\n'
    "        source: https://github.com/zer0n/deepframeworks\n"
    "      - date: 2024-05-01\n"
    "        stars: 4.5\n"
    "        why:\n"
    '          en: "Attention kernels arrived."\n'
    '          zh: "注意力内核已就绪。"\n'
    "        pull_request: 12\n"
)
HISTORY_0 = "      - date: 2016-07-07\n        stars: 4\n"
HISTORY_0_WHY = '        why: {en: "Rated in the 2016 evaluation.", zh: "2016 年评测的评分。"}\n'
HISTORY_0_SOURCE = "        source: https://github.com/zer0n/deepframeworks\n"
HISTORY_1_WHY = '          en: "Attention kernels arrived."\n'
HISTORY_1_PR = "        pull_request: 12\n"
TORCH = "  - id: torch\n"

# (id, file, old text, new text, the text in `new` on the offending line, field, what the message says)
INVALID = [
    # --- stars: 1 to 5 (the rubric's levels) in steps of 0.5 ---
    ("stars-above-5", CUR, MODELING, "  modeling:\n    stars: 5.5\n", "stars", "areas.modeling.stars", "less than or equal to 5"),
    ("stars-below-1", CUR, MODELING, "  modeling:\n    stars: 0.5\n", "stars", "areas.modeling.stars", "greater than or equal to 1"),
    ("stars-zero", CUR, MODELING, "  modeling:\n    stars: 0\n", "stars", "areas.modeling.stars", "greater than or equal to 1"),
    ("stars-off-half-step", CUR, MODELING, "  modeling:\n    stars: 4.3\n", "stars", "areas.modeling.stars", "steps of 0.5"),
    ("stars-quarter", CUR, MODELING, "  modeling:\n    stars: 4.75\n", "stars", "areas.modeling.stars", "steps of 0.5"),
    ("stars-word", CUR, MODELING, "  modeling:\n    stars: five\n", "stars", "areas.modeling.stars", "valid number"),
    ("stars-yes", CUR, MODELING, "  modeling:\n    stars: yes\n", "stars", "areas.modeling.stars", "valid number"),
    ("stars-quoted", CUR, MODELING, '  modeling:\n    stars: "4.5"\n', "stars", "areas.modeling.stars", "valid number"),
    ("stars-nan", CUR, MODELING, "  modeling:\n    stars: .nan\n", "stars", "areas.modeling.stars", "finite number"),
    ("stars-inf", CUR, MODELING, "  modeling:\n    stars: .inf\n", "stars", "areas.modeling.stars", "finite number"),
    ("stars-misspelt", CUR, MODELING, "  modeling:\n    starz: 5\n", "starz", "areas.modeling.starz", "unknown field"),
    ("stars-in-2016", OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 6\n", "stars", "areas.modeling.stars", "less than or equal to 5"),
    # --- texts: both languages, neither blank ---
    ("summary-en-blank", CUR, SUMMARY_EN, '      en: "   "\n', "en", "areas.modeling.summary.en", "must not be blank"),
    ("summary-en-empty", CUR, SUMMARY_EN, '      en: ""\n', "en", "areas.modeling.summary.en", "must not be blank"),
    ("summary-en-null", CUR, SUMMARY_EN, "      en:\n", "en", "areas.modeling.summary.en", "valid string"),
    ("summary-zh-missing", CUR, "    summary:\n" + SUMMARY_EN + SUMMARY_ZH, "    summary:\n" + SUMMARY_EN, "summary",
     "areas.modeling.summary.zh", "missing field"),
    ("summary-missing", CUR, MODELING + "    summary:\n" + SUMMARY_EN + SUMMARY_ZH, "  modeling:\n    stars: 5\n", "modeling",
     "areas.modeling.summary", "missing field"),
    ("summary-third-language", CUR, SUMMARY_ZH, SUMMARY_ZH + '      fr: "résumé"\n', "fr", "areas.modeling.summary.fr", "unknown field"),
    ("rationale-zh-blank", CUR, "      zh: |\n        pytorch current：关于建模能力的第一段。\n\n        关于建模能力的第二段：评分标准第 5 级。\n",
     "      zh: |\n\n", "zh", "areas.modeling.rationale.zh", "must not be blank"),
    ("rationale-en-missing", CUR, ("    rationale:\n      en: |\n        pytorch current: first paragraph on modeling capability.\n\n"
     "        Second paragraph on modeling capability: rubric level 5.\n"), "    rationale:\n", "rationale", "areas.modeling.rationale.en", "missing field"),
    ("evidence-url-zh-not-a-link", CUR, EVIDENCE, EVIDENCE + "        url_zh: javascript:alert(1)\n", "url_zh",
     "areas.modeling.evidence[0].url_zh", "URL"),
    ("evidence-title-zh-blank", CUR, EVIDENCE_TITLE, '        title: {en: "pytorch current modeling evidence", zh: " "}\n', "title",
     "areas.modeling.evidence[0].title.zh", "must not be blank"),
    ("2016-summary-only-a-tab", OLD, '      en: "torch 2016: modeling capability summary."\n', '      en: "\t"\n', "en",
     "areas.modeling.summary.en", "must not be blank"),
    # --- evidence: at least one http(s) link ---
    ("evidence-ftp", CUR, EVIDENCE, "      - url: ftp://example.org/pytorch\n", "url", "areas.modeling.evidence[0].url", "'http' or 'https'"),
    ("evidence-javascript", CUR, EVIDENCE, "      - url: javascript:alert(1)\n", "url", "areas.modeling.evidence[0].url", "'http' or 'https'"),
    ("evidence-file", CUR, EVIDENCE, "      - url: file:///etc/passwd\n", "url", "areas.modeling.evidence[0].url", "'http' or 'https'"),
    ("evidence-relative", CUR, EVIDENCE, "      - url: example.org/pytorch\n", "url", "areas.modeling.evidence[0].url", "valid URL"),
    ("evidence-empty", CUR, "    evidence:\n" + EVIDENCE + EVIDENCE_TITLE, "    evidence: []\n", "evidence",
     "areas.modeling.evidence", "at least 1 item"),
    # --- reviewed: a real date, never in the future; version: text ---
    ("reviewed-future", CUR, REVIEWED, REVIEWED.replace("2026-11-20", TOMORROW), "reviewed", "areas.modeling.reviewed", "in the future"),
    ("reviewed-no-such-day", CUR, REVIEWED, REVIEWED.replace("2026-11-20", "2026-02-30"), "reviewed", "areas.modeling.reviewed",
     "2026-02-30"),
    ("reviewed-no-such-month", CUR, REVIEWED, REVIEWED.replace("2026-11-20", "2026-13-01"), "reviewed", "areas.modeling.reviewed",
     "2026-13-01"),
    ("reviewed-words", CUR, REVIEWED, REVIEWED.replace("2026-11-20", "last week"), "reviewed", "areas.modeling.reviewed", "valid date"),
    ("version-float", CUR, REVIEWED, REVIEWED.replace('"2.15"', "2.15"), "version", "areas.modeling.version", 'version: "2.15"'),
    ("version-blank", CUR, REVIEWED, REVIEWED.replace('"2.15"', '" "'), "version", "areas.modeling.version", "must not be blank"),
    # --- history entries obey the same rules ---
    ("history-stars-above-5", CUR, HISTORY_0, HISTORY_0.replace("stars: 4", "stars: 7"), "stars", "areas.modeling.history[0].stars",
     "less than or equal to 5"),
    ("history-stars-off-half-step", CUR, HISTORY_0, HISTORY_0.replace("stars: 4", "stars: 4.25"), "stars",
     "areas.modeling.history[0].stars", "steps of 0.5"),
    ("history-date-future", CUR, HISTORY_0, HISTORY_0.replace("2016-07-07", TOMORROW), "date", "areas.modeling.history[0].date",
     "in the future"),
    ("history-why-blank", CUR, HISTORY_1_WHY, '          en: " "\n', "en", "areas.modeling.history[1].why.en", "must not be blank"),
    ("history-source-ftp", CUR, HISTORY_0_SOURCE, "        source: ftp://github.com/zer0n\n", "source",
     "areas.modeling.history[0].source", "'http' or 'https'"),
    ("history-pull-request-zero", CUR, HISTORY_1_PR, "        pull_request: 0\n", "pull_request",
     "areas.modeling.history[1].pull_request", "greater than or equal to 1"),
    ("history-pull-request-yes", CUR, HISTORY_1_PR, "        pull_request: yes\n", "pull_request",
     "areas.modeling.history[1].pull_request", "valid integer"),
    ("history-misspelt", CUR, HISTORY_1_PR, "        pull_requets: 12\n", "pull_requets",
     "areas.modeling.history[1].pull_requets", "unknown field"),
    ("history-untraceable", CUR, HISTORY_0 + HISTORY_0_WHY + HISTORY_0_SOURCE, HISTORY_0 + HISTORY_0_WHY, "- date",
     "areas.modeling.history[0]", "pull_request number or a source link"),
    # --- the file itself ---
    ("unknown-area", CUR, "  modeling:\n", "  modelling:\n", "modelling", "areas.modelling", "unknown key"),
    ("unknown-top-field", CUR, "edition: \"current\"\n", "edition: \"current\"\nreviewer: me\n", "reviewer", "reviewer",
     "unknown field"),
    ("schema-version", CUR, "schema_version: 1\n", "schema_version: 2\n", "schema_version", "schema_version", "Input should be 1"),
    ("edition-unknown", OLD, 'edition: "2016"\n', 'edition: "2017"\n', "edition", "edition", "'2016' or 'current'"),
    ("edition-unquoted", OLD, 'edition: "2016"\n', "edition: 2016\n", "edition", "edition", 'edition: "2016"'),
    ("framework-id-pattern", CUR, "framework: pytorch\n", "framework: PyTorch\n", "framework", "framework", "is not a valid id"),
    # --- frameworks.yaml ---
    ("fw-id-pattern", FW, TORCH, "  - id: Torch\n", "id", "frameworks[1].id", "is not a valid id"),
    ("fw-name-blank", FW, "    name: Torch\n", '    name: ""\n', "name", "frameworks[1].name", "must not be blank"),
    ("fw-homepage-ftp", FW, "    homepage: http://torch.ch/\n", "    homepage: ftp://torch.ch/\n", "homepage", "frameworks[1].homepage",
     "'http' or 'https'"),
    ("fw-repository-relative", FW, "    repository: https://github.com/torch/torch7\n", "    repository: github.com/torch/torch7\n",
     "repository", "frameworks[1].repository", "valid URL"),
    ("fw-first-release-future", FW, "    first_release: 2017-01-19\n", f"    first_release: {TOMORROW}\n", "first_release",
     "frameworks[0].first_release", "in the future"),
    ("fw-status-unknown", FW, "    status: archived\n", "    status: retired\n", "status", "frameworks[1].status",
     "'active', 'maintenance' or 'archived'"),
    ("fw-status-since-future", FW, "    status_since: 2017-09-28\n", f"    status_since: {TOMORROW}\n", "status_since",
     "frameworks[1].status_since", "in the future"),
    ("fw-successor-url-ftp", FW, "      url: https://pytorch.org/\n", "      url: ftp://pytorch.org/\n", "url",
     "frameworks[1].successor.url", "'http' or 'https'"),
    ("fw-successor-misspelt", FW, "      framework: pytorch\n", "      framwork: pytorch\n", "framwork",
     "frameworks[1].successor.framwork", "unknown field"),
    ("fw-status-note-blank", FW, '    status_note: {en: "Development moved to PyTorch.", zh: "开发已转向 PyTorch。"}\n',
     '    status_note: {en: "Development moved to PyTorch.", zh: ""}\n', "status_note", "frameworks[1].status_note.zh", "must not be blank"),
    ("fw-languages-empty", FW, "    languages: [Lua, C]\n", "    languages: []\n", "languages", "frameworks[1].languages", "at least 1 item"),
    ("fw-description-zh-missing", FW, '    description: {en: "Lua framework built on LuaJIT.", zh: "基于 LuaJIT 的 Lua 框架。"}\n',
     '    description: {en: "Lua framework built on LuaJIT."}\n', "description", "frameworks[1].description.zh", "missing field"),
    # --- areas.yaml ---
    ("area-id-unknown", AREAS, "  - id: interfaces\n", "  - id: interface\n", "id", "areas[1].id", "'interfaces'"),
    ("area-title-zh-blank", AREAS, '      zh: "建模能力"\n', '      zh: " "\n', "zh", "areas[0].title.zh", "must not be blank"),
    ("rubric-stars-6", AREAS, '      - stars: 5\n        text: {en: "Modeling capability: level 5."',
     '      - stars: 6\n        text: {en: "Modeling capability: level 5."', "stars", "areas[0].rubric[4].stars", "less than or equal to 5"),
    ("rubric-stars-half", AREAS, '      - stars: 5\n        text: {en: "Modeling capability: level 5."',
     '      - stars: 4.5\n        text: {en: "Modeling capability: level 5."', "stars", "areas[0].rubric[4].stars", "valid integer"),
    ("rubric-text-en-blank", AREAS, '        text: {en: "Modeling capability: level 3.", zh: "建模能力：3 级。"}',
     '        text: {en: " ", zh: "建模能力：3 级。"}', "text", "areas[0].rubric[2].text.en", "must not be blank"),
]


@pytest.mark.parametrize(("rel", "old", "new", "at", "field", "says"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_one_broken_field_gives_one_problem_on_its_line(tree, rel, old, new, at, field, says):
    edited = tree.edit(rel, old, new)
    line = edited + new[: new.index(at)].count("\n")
    problems = tree.problems(rel)  # the file on its own, as `bench check FILE` does
    assert len(problems) == 1, problems
    (where, got_line, message) = problems[0]
    assert where == rel
    assert got_line == line, f"expected line {line}: {tree.text(rel).splitlines()[line - 1]!r}, got {problems[0]}"
    assert field in message, message
    assert says in message, message


# Problems that belong to a field which is absent: they point at its parent.


def test_missing_field_points_at_its_parent(tree):
    line = tree.line_of(CUR, "      - url: https://example.org/pytorch/current/modeling")
    tree.edit(CUR, EVIDENCE_TITLE, "")
    assert tree.problems() == [(CUR, line, "missing field 'areas.modeling.evidence[0].title'")]


def test_current_edition_rates_every_area(tree):
    tree.edit(CUR, MODELING, "  modeling:\n")
    assert tree.problems() == [
        (CUR, tree.line_of(CUR, "areas:"), "areas: the current edition rates every area; no stars for: modeling")
    ]


def test_every_area_is_given_even_in_2016(tree):
    text = tree.text(OLD)
    tree.edit(OLD, text[text.index("  cross_platform:\n"):], "")
    [(where, line, message)] = tree.problems()
    assert (where, line) == (OLD, tree.line_of(OLD, "areas:"))
    assert "missing: cross_platform" in message


def test_history_is_oldest_first(tree):
    line = tree.edit(CUR, HISTORY, HISTORY.replace("2024-05-01", "2010-05-01"))
    assert tree.problems() == [(CUR, line, "areas.modeling.history: history entries must be ordered oldest first")]


def test_archived_framework_needs_status_since(tree):
    line = tree.line_of(FW, TORCH.rstrip("\n"))
    tree.edit(FW, "    status_since: 2017-09-28\n", "")
    [(where, got_line, message)] = tree.problems()
    assert (where, got_line) == (FW, line)
    assert "frameworks[1]" in message and "status_since is required" in message


MISSPELT = [
    # (id, file, old, new, the misspelt field, the field then missing, the text on the line of its parent)
    ("license", FW, "    license: BSD-3-Clause\n    description: {en", "    licence: BSD-3-Clause\n    description: {en",
     "frameworks[1].licence", "frameworks[1].license", TORCH.rstrip("\n")),
    ("evidence-url", CUR, EVIDENCE, "      - link: https://example.org/pytorch\n",
     "areas.modeling.evidence[0].link", "areas.modeling.evidence[0].url", "      - link: https://example.org/pytorch"),
    ("area-question", AREAS, '    question:\n      en: "How good is modeling capability?"\n',
     '    questoin:\n      en: "How good is modeling capability?"\n', "areas[0].questoin", "areas[0].question", "  - id: modeling"),
]


@pytest.mark.parametrize(("rel", "old", "new", "unknown", "missing", "parent"), [c[1:] for c in MISSPELT], ids=[c[0] for c in MISSPELT])
def test_misspelt_field_is_refused_not_dropped(tree, rel, old, new, unknown, missing, parent):
    # The misspelt key is unknown (on its own line), and the real one is missing.
    line = tree.edit(rel, old, new)
    assert sorted(tree.problems(rel)) == sorted([
        (rel, line, f"unknown field '{unknown}' (misspelt? see the schema)"),
        (rel, tree.line_of(rel, parent), f"missing field '{missing}'"),
    ])


def test_rubric_gives_all_five_levels(tree):
    tree.edit(AREAS, '      - stars: 5\n        text: {en: "Modeling capability: level 5.", zh: "建模能力：5 级。"}\n', "")
    [(where, line, message)] = tree.problems()
    assert where == AREAS and line == 11  # the `rubric:` of the first area
    assert tree.text(AREAS).splitlines()[line - 1] == "    rubric:"
    assert "areas[0].rubric" in message and "got [1, 2, 3, 4]" in message


def test_areas_are_the_seven_in_order(tree):
    text = tree.text(AREAS)
    start, end = text.index("  - id: modeling\n"), text.index("  - id: interfaces\n")
    tree.edit(AREAS, text[start:], text[end:] + text[start:end])  # modeling moved last
    [(where, line, message)] = tree.problems()
    assert (where, line) == (AREAS, tree.line_of(AREAS, "areas:"))
    assert "areas must be exactly modeling, interfaces" in message


def test_problems_in_several_fields_are_all_reported(tree):
    first = tree.edit(CUR, MODELING, "  modeling:\n    stars: 9\n") + 1
    second = tree.edit(CUR, HISTORY_1_PR, "        pull_request: -3\n")
    third = tree.edit(FW, "    status: archived\n", "    status: gone\n")
    found = {(where, line) for where, line, _ in tree.problems()}
    assert found == {(CUR, first), (CUR, second), (FW, third)}


# Valid variants: each must pass.

VALID = [
    ("stars-1", OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 1\n"),
    ("stars-half", OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 1.5\n"),
    ("stars-float-5", CUR, MODELING, "  modeling:\n    stars: 5.0\n"),
    ("unrated-area-in-2016", OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n"),
    ("history-empty", CUR, HISTORY, "    history: []\n"),
    ("history-absent", CUR, HISTORY, ""),
    ("history-unrated-entry", CUR, HISTORY_0, "      - date: 2016-07-07\n"),
    ("history-pull-request-and-source", CUR, HISTORY_0_SOURCE, HISTORY_0_SOURCE + "        pull_request: 3\n"),
    ("reviewed-today", CUR, REVIEWED, REVIEWED.replace("2026-11-20", TODAY)),
    ("reviewed-quoted", CUR, REVIEWED, REVIEWED.replace("2026-11-20", '"2026-11-20"')),
    ("evidence-http", CUR, EVIDENCE, "      - url: http://example.org/pytorch\n"),
    ("evidence-with-a-chinese-page", CUR, EVIDENCE, EVIDENCE + "        url_zh: https://example.org/zh/pytorch\n"),
    ("summary-block-scalar", CUR, SUMMARY_EN, "      en: >\n        Folded over\n        two lines.\n"),
    ("maintenance-with-date", FW, "    status: archived\n", "    status: maintenance\n"),
    ("successor-name-only", FW, "      framework: pytorch\n      url: https://pytorch.org/\n", ""),
    ("active-with-no-successor", FW, ("    status: archived\n    status_since: 2017-09-28\n    successor:\n      name: PyTorch\n"
     "      framework: pytorch\n      url: https://pytorch.org/\n"), "    status: active\n"),
    ("comment-lines", CUR, MODELING, "  # the reference point\n  modeling:\n    stars: 5  # see rubric\n"),
]


@pytest.mark.parametrize(("rel", "old", "new"), [case[1:] for case in VALID], ids=[case[0] for case in VALID])
def test_valid_variant_passes(tree, rel, old, new):
    tree.edit(rel, old, new)
    assert tree.problems() == []


def test_the_fixture_tree_is_valid(tree):
    assert tree.problems() == []


def test_evidence_links_the_chinese_page_for_chinese_readers():
    from bench.data.models import Evidence

    both = Evidence.model_validate({"url": "https://example.org/en", "url_zh": "https://example.org/zh",
                                    "title": {"en": "page", "zh": "页面"}})
    english_only = Evidence.model_validate({"url": "https://example.org/en", "title": {"en": "page", "zh": "页面"}})
    assert str(both.link("zh")) == "https://example.org/zh"
    assert str(both.link("en")) == "https://example.org/en"
    assert str(english_only.link("zh")) == "https://example.org/en"
