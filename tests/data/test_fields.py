"""The field types every data and run file shares (bench/data/models.py): text, ids, links.

Each rule is tried on the smallest model that carries the type, then once in a
file to see the problem land on its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from bench.data.models import (
    ID_MAX,
    LINE_MAX,
    NAME_MAX,
    PROSE_MAX,
    RESERVED_IDS,
    Id,
    Line,
    Link,
    Name,
    Prose,
    ProseText,
    Text,
)

REPO = Path(__file__).resolve().parents[2]
CUR = "ratings/current/pytorch.yaml"
FW = "frameworks.yaml"
REVIEWED = "    reviewed: 2026-11-20\n    version: \"2.15\"\n    history:\n      - date: 2016-07-07\n"


class One(BaseModel):
    line: Line | None = None
    name: Name | None = None
    prose: Prose | None = None
    id: Id | None = None
    link: Link | None = None


def refused(**fields: object) -> str:
    with pytest.raises(ValidationError) as info:
        One(**fields)
    [error] = info.value.errors()
    return error["msg"]


# --- one-line and multi-line text ----------------------------------------------------------

LINE_BREAKS = ["a\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "PyTorch\n# x {: tabindex=1 autofocus onfocus=alert(3) }"]
CONTROLS = ["a\x00b", "a\x1bb", "a\x07", "\x7f", "a\x9bb", "a\tb"]
BIDI = ["abc\u202edcba", "\u202aa", "a\u202b", "a\u202c", "a\u202d", "a\u2066b", "a\u2067", "a\u2068", "a\u2069"]
INVISIBLE_ONLY = ["", " ", "\u200b", "\u200c\u200d", "\u2060", "\ufeff", " \u200b \u3000 ", "\u3164", "\u2800", "\u00ad\u200e"]


@pytest.mark.parametrize("value", LINE_BREAKS)
def test_a_line_refuses_line_breaks(value):
    assert "one line" in refused(line=value) or "control character" in refused(line=value)


@pytest.mark.parametrize("value", CONTROLS)
def test_a_line_refuses_control_characters(value):
    assert "control character U+" in refused(line=value)


@pytest.mark.parametrize("value", BIDI)
@pytest.mark.parametrize("field", ["line", "name", "prose"])
def test_every_text_refuses_bidirectional_controls(field, value):
    assert "bidirectional control character U+" in refused(**{field: value})


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
@pytest.mark.parametrize("field", ["line", "name", "prose"])
def test_every_text_refuses_blank_and_invisible_only(field, value):
    assert refused(**{field: value}) == "Value error, must not be blank"


@pytest.mark.parametrize("value", ["a\x00b", "a\x1b[31mred", "a\rb", "a\x0bb", "\u2028"])
def test_prose_refuses_control_characters_other_than_newline_and_tab(value):
    assert "control character U+" in refused(prose=value) or "blank" in refused(prose=value)


@pytest.mark.parametrize("value", ["First paragraph.\n\nSecond, with a\ttab.\n", "代码：\n\n    x = 1\n", "emoji 👩\u200d💻 joined"])
def test_prose_keeps_line_breaks_tabs_and_joiners(value):
    assert One(prose=value).prose == value


@pytest.mark.parametrize("value", ["PyTorch", "深度学习框架", "a\u200db", "Caffe2 (Facebook)", "“quotes” — dashes"])
def test_a_line_takes_ordinary_text(value):
    assert One(line=value, name=value).line == value


def test_a_folded_yaml_block_is_one_line():
    assert One(line="Folded over two lines.\n").line == "Folded over two lines."


@pytest.mark.parametrize(("field", "limit"), [("name", NAME_MAX), ("line", LINE_MAX), ("prose", PROSE_MAX)])
def test_length_limits(field, limit):
    assert len(getattr(One(**{field: "x" * limit}), field)) == limit
    assert f"at most {limit} characters" in refused(**{field: "x" * (limit + 1)})


@pytest.mark.parametrize("value", [b"bytes", 12, 1.5, True, ["a"]])
def test_text_is_text(value):
    assert "valid string" in refused(line=value)


def test_bilingual_texts_follow_the_same_rules():
    with pytest.raises(ValidationError):
        Text(en="one\ntwo", zh="一")
    with pytest.raises(ValidationError):
        ProseText(en="ok", zh="\x00")
    assert ProseText(en="one\n\ntwo", zh="一\n\n二").en == "one\n\ntwo"


# --- ids: a safe pattern, no reserved name ---------------------------------------------------


@pytest.mark.parametrize("value", ["pytorch", "tensorflow", "cross_platform", "c3d_small", "mx-net", "a", "x" * ID_MAX])
def test_ids_that_are_fine(value):
    assert One(id=value).id == value


@pytest.mark.parametrize("value", ["a b/../c", "PyTorch", "-a", "a-", "_a", "a_", "a/b", "a.b", "", "é", "x" * (ID_MAX + 1), "a\n"])
def test_ids_outside_the_pattern(value):
    assert "is not a valid id" in refused(id=value)


@pytest.mark.parametrize("value", sorted(RESERVED_IDS - {"then-and-now"}) + ["then_and_now"])
def test_reserved_ids(value):
    if not value[0].isalnum():
        pytest.skip("not an id anyway")
    assert "reserved name" in refused(id=value)


def test_every_hand_written_page_and_folder_name_is_reserved():
    """A generated page named like a hand-written one would overwrite it: keep the list in step with docs/."""
    names = {path.name.split(".")[0] for path in (REPO / "docs").rglob("*")}
    assert names <= RESERVED_IDS, sorted(names - RESERVED_IDS)


def test_an_id_in_a_message_is_shown_on_one_line():
    message = refused(id="a\nb" + "c" * 200)
    assert "\n" not in message and len(message) < 250


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "says"), [
    ("https://pytorch.org@evil.example/", "user name or password"),
    ("https://user:pw@example.org/", "user name or password"),
    ("javascript:alert(1)", "http"),
    ("ftp://example.org/", "http"),
    ("data:text/html,<script>alert(1)</script>", "http"),
    ("https://example.org/a b", "a space"),
    ("https://example.org/\tb", "U+0009"),
    ("https://example.org/\nb", "U+000A"),
    ("https://example.org/\u202eb", "U+202E"),
    ("https://example.org/\u200bb", "U+200B"),
    ("https://example.org\\@evil.example/", "a backslash"),
    ("https://example.org/" + "a" * 2000, "at most 2000 characters"),
    (b"https://example.org/", "must be text"),
])
def test_links_refused(value, says):
    assert says in refused(link=value)


@pytest.mark.parametrize("value", ["https://pytorch.org/", "http://example.org/a?b=c#d", "https://github.com/zer0n/deepframeworks"])
def test_links_accepted(value):
    assert str(One(link=value).link).startswith("http")


# --- in a file: the problem lands on the field's line ------------------------------------------


@pytest.mark.parametrize(("rel", "old", "new", "field", "says"), [
    (FW, "  - id: torch\n", "  - id: index\n", "frameworks[1].id", "reserved name"),
    (FW, "  - id: torch\n", '  - id: "a b/../c"\n', "frameworks[1].id", "is not a valid id"),
    (FW, "    name: Torch\n", '    name: "Torch\\n# x {: onfocus=alert(1) }"\n', "frameworks[1].name", "one line"),
    (FW, "    name: Torch\n", '    name: "Torch\\0"\n', "frameworks[1].name", "U+0000"),
    (FW, "    name: Torch\n", '    name: "Torch\\e[2J"\n', "frameworks[1].name", "U+001B"),
    (FW, "    name: Torch\n", '    name: "\\u200b\\u200b"\n', "frameworks[1].name", "must not be blank"),
    (FW, "    name: Torch\n", '    name: "Torch\\u202e"\n', "frameworks[1].name", "U+202E"),
    (FW, "    name: Torch\n", f"    name: {'T' * (NAME_MAX + 1)}\n", "frameworks[1].name", f"at most {NAME_MAX}"),
    (FW, "    homepage: http://torch.ch/\n", "    homepage: https://pytorch.org@evil.example/\n", "frameworks[1].homepage", "user name"),
    (CUR, '      en: "pytorch current: modeling capability summary."\n', '      en: "two\\nlines"\n',
     "areas.modeling.summary.en", "one line"),
    (CUR, "schema_version: 1\n", "schema_version: true\n", "schema_version", "whole number"),
    (CUR, "schema_version: 1\n", "schema_version: 1.0\n", "schema_version", "whole number"),
    (CUR, REVIEWED, REVIEWED.replace("2026-11-20", "20261120"), "areas.modeling.reviewed", "YYYY-MM-DD"),
    (CUR, REVIEWED, REVIEWED.replace("2026-11-20", "!!binary MjAyNi0xMS0yMA=="), "areas.modeling.reviewed", "YYYY-MM-DD"),
    (CUR, "    version: \"2.15\"\n    history:\n      - date", "    version: !!binary Mi4xNQ==\n    history:\n      - date",
     "areas.modeling.version", "valid string"),
    (CUR, "        pytorch current：关于建模能力的第一段。\n", "        pytorch current：\\0 关于建模能力的第一段。\n", None, None),
])
def test_in_a_file_the_problem_names_field_and_line(tree, rel, old, new, field, says):
    line = tree.edit(rel, old, new)
    problems = tree.problems(rel)
    if field is None:  # a literal "\0" in a block scalar is just text
        assert problems == []
        return
    assert len(problems) == 1, problems
    where, got, message = problems[0]
    assert (where, got) == (rel, line)
    assert message.startswith(field + ":") and says in message, message


def test_yaml_escapes_in_a_rationale_are_refused(tree):
    old = "    rationale:\n      en: |\n"
    text = tree.text(CUR)
    at = text.index(old)
    end = text.index("    evidence:", at)
    line = tree.edit(CUR, text[at:end], '    rationale:\n      en: "fine\\n\\nbut \\e[31m red"\n      zh: "好"\n') + 1
    assert tree.problems(CUR) == [(CUR, line, "areas.modeling.rationale.en: control character U+001B is not allowed")]
