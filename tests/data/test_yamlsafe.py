"""The strict YAML reader (bench/data/yamlsafe.py): bad input gives one ``file:line: message``.

The first half tests ``parse_yaml`` / ``load_yaml`` directly; the second breaks a
file of the valid tree and checks the line that ``bench check`` reports.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.data.yamlsafe import MAX_DEPTH, DataFileError, load_yaml, parse_yaml

CUR = "ratings/current/pytorch.yaml"
FW = "frameworks.yaml"


def error(text: str) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, "some/file.yaml")
    assert info.value.path == Path("some/file.yaml")
    return info.value


# --- where each node is: the line of the key, not of its value ---------------


def test_lines_point_at_keys_and_items():
    doc = parse_yaml(
        "# a comment\n"
        "top: 1\n"
        "areas:\n"
        "  modeling:\n"
        "    stars: 4.5\n"
        "    summary:\n"
        "      en: |\n"
        "        text\n"
        "    evidence:\n"
        "      - url: https://a.example/\n"
        "      - url: https://b.example/\n"
        "        title: {en: x, zh: y}\n",
        "f.yaml",
    )
    assert doc.data["areas"]["modeling"]["stars"] == 4.5
    assert doc.line_of(()) == 2
    assert doc.line_of(("top",)) == 2
    assert doc.line_of(("areas",)) == 3
    assert doc.line_of(("areas", "modeling")) == 4
    assert doc.line_of(("areas", "modeling", "stars")) == 5
    assert doc.line_of(("areas", "modeling", "summary")) == 6
    assert doc.line_of(("areas", "modeling", "summary", "en")) == 7
    assert doc.line_of(("areas", "modeling", "evidence", 0)) == 10
    assert doc.line_of(("areas", "modeling", "evidence", 1, "url")) == 11
    assert doc.line_of(("areas", "modeling", "evidence", 1, "title", "zh")) == 12
    # An absent field: the deepest parent that exists.
    assert doc.line_of(("areas", "modeling", "summary", "zh")) == 6
    assert doc.line_of(("areas", "modeling", "evidence", 0, "title")) == 10
    assert doc.line_of(("nothing", "here")) == 2


def test_error_renders_as_file_line_message():
    assert str(DataFileError(Path("data/x.yaml"), 7, "bad")) == "data/x.yaml:7: bad"
    assert str(DataFileError(Path("data/x.yaml"), None, "bad")) == "data/x.yaml:1: bad"


# --- syntax --------------------------------------------------------------------


def test_syntax_error_names_its_line():
    exc = error("a: 1\nb: x: y\nc: 3\n")
    assert (exc.line, exc.message) == (2, "YAML syntax error: mapping values are not allowed here")


# An unclosed bracket or quote, a key with no colon: the line where it began, not where PyYAML gave up.


def test_unclosed_bracket_names_the_line_it_opens():
    exc = error("a: 1\nb: [x, y\nc: 3\nd: 4\n")
    assert (exc.line, exc.message) == (2, "YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got ':' on line 3")


def test_unclosed_quote_names_the_line_it_opens():
    exc = error('a: 1\nb: "abc\nc: 3\nd: 4\n')
    assert (exc.line, exc.message) == (2, "YAML syntax error: while scanning a quoted scalar: found unexpected end of stream on line 5")


def test_key_without_colon_names_its_line():
    exc = error("a: 1\nb\nc: 3\n")
    assert exc.line == 2
    assert "could not find expected ':'" in exc.message


def test_bad_indentation_names_its_line():
    exc = error("a:\n  b: 1\n c: 2\n")
    assert exc.line == 3
    assert "YAML syntax error" in exc.message


def test_tab_indentation_names_its_line():
    exc = error("a:\n  b: 1\n\tc: 2\n")
    assert (exc.line, exc.message) == (3, "tab used for indentation; use spaces")


def test_tab_after_spaces_names_its_line():
    exc = error("a:\n  b: 1\n  \tc: 2\n")
    assert (exc.line, exc.message) == (3, "tab used for indentation; use spaces")


def test_tab_after_a_colon_is_refused():
    exc = error("a:\n  b:\t1\n")
    assert exc.line == 2
    assert "tab" in exc.message and "use spaces" in exc.message


def test_several_documents_are_refused():
    exc = error("a: 1\n---\nb: 2\n")
    assert exc.line == 2
    assert "another document" in exc.message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_refused(char):
    exc = error(f"a: 1\nb: x{char}y\n")
    assert exc.line == 2
    assert f"U+{ord(char):04X}" in exc.message


# --- duplicate keys --------------------------------------------------------------


def test_duplicate_key_names_both_lines():
    exc = error("a: 1\nb: 2\na: 3\n")
    assert (exc.line, exc.message) == (3, "duplicate key 'a' (first given on line 1)")


def test_duplicate_nested_key_names_both_lines():
    exc = error("areas:\n  modeling:\n    stars: 4\n    summary: x\n    stars: 5\n")
    assert (exc.line, exc.message) == (5, "duplicate key 'stars' (first given on line 3)")


def test_same_key_in_sibling_mappings_is_fine():
    doc = parse_yaml("a:\n  x: 1\nb:\n  x: 2\n", "f.yaml")
    assert doc.data == {"a": {"x": 1}, "b": {"x": 2}}


# --- anchors, aliases, merge keys, tags ------------------------------------------


def test_anchor_is_refused():
    exc = error("a: 1\nb: &base {x: 1}\n")
    assert (exc.line, exc.message) == (2, "YAML anchors (&base) are not allowed in data files")


def test_alias_is_refused():
    # The anchor comes first, so it is what is refused; an alias alone is refused too.
    assert "anchors" in error("a: &x 1\nb: *x\n").message
    exc = error("a: 1\nb: *x\n")
    assert exc.line == 2
    assert "aliases" in exc.message


def test_merge_key_is_refused():
    exc = error("a: 1\nb:\n  <<: {x: 1}\n")
    assert exc.line == 3
    assert "merge keys" in exc.message


def test_complex_key_is_refused():
    exc = error("a: 1\n? [x, y]\n: 2\n")
    assert exc.line == 2
    assert "mapping keys must be plain scalars" in exc.message


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom x", "!!python/object/apply:os.system ['true']",
                                 "!!set {a: null}", "!!omap [a: 1]", "!custom {a: 1}"])
def test_tags_are_refused_not_ignored(tag):
    exc = error(f"a: 1\nb: {tag}\n")
    assert exc.line == 2
    assert "could not determine a constructor" in exc.message or "YAML tags" in exc.message


def test_plain_scalar_tags_still_work():
    assert parse_yaml("a: !!str 1\n", "f.yaml").data == {"a": "1"}


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
) + "\n"


@pytest.mark.timeout(10)
def test_alias_bomb_is_refused_at_once():
    start = time.monotonic()
    exc = error(BILLION_LAUGHS)
    assert (exc.line, exc.message) == (1, "YAML anchors (&a) are not allowed in data files")
    assert time.monotonic() - start < 1


@pytest.mark.timeout(10)
def test_alias_bomb_without_anchor_first_is_refused_at_once():
    # Aliases before any anchor (the anchors hidden further down) are refused on the first alias.
    text = "x: [*a, *a, *a]\n" + BILLION_LAUGHS
    start = time.monotonic()
    exc = error(text)
    assert exc.line == 1 and "aliases" in exc.message
    assert time.monotonic() - start < 1


@pytest.mark.timeout(10)
@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused_not_a_recursion_error(opening):
    closing = "]" if opening == "[" else "}"
    exc = error("x: 1\ny: " + opening * 5000 + "1" + closing * 5000 + "\n")
    assert exc.line == 2
    assert f"nested more than {MAX_DEPTH} levels deep" in exc.message


def test_nesting_of_real_files_is_well_within_the_limit():
    text = "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 12)) + "  " * 12 + "v: 1\n"
    parse_yaml(text, "f.yaml")


# --- values that PyYAML cannot build -------------------------------------------------


@pytest.mark.parametrize(("value", "says"), [
    ("2026-13-01", "month must be in 1..12"),
    ("2026-02-30", "day is out of range for month"),
    ("2026-11-20T25:00:00", "hour must be in 0..23"),
])
def test_impossible_date_names_field_and_line(value, says):
    exc = error(f"a: 1\nareas:\n  modeling:\n    reviewed: {value}\n")
    assert exc.line == 4
    assert exc.message == f"areas.modeling.reviewed: invalid value '{value}': {says}"


# --- empty, not UTF-8, byte order mark -------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\n\n", b"   \n", b"# yaml-language-server: $schema=x.json\n", b"# only\n# comments\n"])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as info:
        load_yaml(path)
    assert (info.value.path, info.value.line, info.value.message) == (path, 1, "file is empty")


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: 2\nname: Caffé\n".encode("latin-1"))
    with pytest.raises(DataFileError) as info:
        load_yaml(path)
    assert (info.value.line, info.value.message) == (3, "file is not valid UTF-8")


def test_utf16_is_refused(tmp_path):
    path = tmp_path / "utf16.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(DataFileError) as info:
        load_yaml(path)
    assert info.value.message == "file is not valid UTF-8"


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\nzh: \xe5\xbb\xba\xe6\xa8\xa1\n")
    doc = load_yaml(path)
    assert doc.data == {"a": 1, "zh": "建模"}
    assert doc.line_of(("zh",)) == 2


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    with pytest.raises(DataFileError) as info:
        load_yaml(tmp_path / "absent.yaml")
    assert info.value.line == 1 and "cannot read file" in info.value.message


# --- the same mistakes in a real data file, through the check -----------------------------


BROKEN = [
    # (id, file, old, new, the text in `new` on the offending line, what the message says)
    ("unclosed-bracket", FW, "    languages: [Lua, C]\n", "    languages: [Lua, C\n", "languages", "YAML syntax error"),
    # The quote runs on to the next one, so PyYAML finds the mistake on the line after.
    ("unclosed-quote", CUR, '          en: "Attention kernels arrived."\n          zh: "注意力',
     '          en: "Attention kernels arrived.\n          zh: "注意力', "zh", "YAML syntax error"),
    ("bad-indent", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 5\n   bogus: 1\n", "bogus", "YAML syntax error"),
    ("tab", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n\tstars: 5\n", "stars", "tab used for indentation"),
    ("tab-separator", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars:\t5\n", "stars", "tab"),
    ("duplicate-key", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 5\n    stars: 4\n", "stars: 4",
     "duplicate key 'stars' (first given on line 7)"),
    ("duplicate-area", CUR, "  interfaces:\n", "  modeling:\n", "modeling", "duplicate key 'modeling' (first given on line 6)"),
    ("anchor", FW, "    languages: [Lua, C]\n", "    languages: &langs [Lua, C]\n", "languages", "YAML anchors (&langs)"),
    ("alias", FW, "    languages: [Lua, C]\n", "    languages: *langs\n", "languages", "YAML aliases"),
    ("merge", FW, "    languages: [Lua, C]\n", "    <<: {languages: [Lua, C]}\n", "<<", "YAML merge keys"),
    ("bad-date", FW, "    status_since: 2017-09-28\n", "    status_since: 2017-09-31\n", "status_since",
     "frameworks[1].status_since: invalid value '2017-09-31'"),
    ("control-char", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 5\x00\n", "stars", "U+0000"),
    ("second-document", CUR, "  modeling:\n", "---\n  modeling:\n", "---", "YAML syntax error"),
]


@pytest.mark.parametrize(("rel", "old", "new", "at", "says"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_yaml_gives_one_problem_on_its_line(tree, rel, old, new, at, says):
    edited = tree.edit(rel, old, new)
    line = edited + new[: new.index(at)].count("\n")
    [(where, got_line, message)] = tree.problems(rel)
    assert (where, got_line) == (rel, line), message
    assert says in message


def test_not_utf8_in_the_tree(tree):
    raw = (tree.root / CUR).read_bytes()
    line = tree.line_of(CUR, "建模能力概要")
    tree.write_bytes(CUR, raw.replace("建模能力概要".encode(), "建模能力概要".encode("gbk")))
    assert tree.problems() == [(CUR, line, "file is not valid UTF-8")]


@pytest.mark.parametrize("rel", [FW, "areas.yaml", CUR])
def test_empty_file_in_the_tree(tree, rel):
    tree.write_bytes(rel, b"")
    assert tree.problems() == [(rel, 1, "file is empty")]


@pytest.mark.timeout(10)
def test_alias_bomb_in_the_tree(tree):
    tree.write_bytes(CUR, ("# yaml-language-server: $schema=../../schema/ratings.schema.json\n" + BILLION_LAUGHS).encode())
    start = time.monotonic()
    assert tree.problems() == [(CUR, 2, "YAML anchors (&a) are not allowed in data files")]
    assert time.monotonic() - start < 2


def test_not_a_mapping(tree):
    tree.write_bytes(CUR, b"# yaml-language-server: $schema=../../schema/ratings.schema.json\n- modeling\n- interfaces\n")
    assert tree.problems() == [(CUR, 1, "the file must hold a mapping of fields")]


def test_libyaml_fast_path_reads_every_real_file_as_the_careful_reader_does(monkeypatch):
    """Valid files take libyaml; the result must be the pure-Python reader's, lines included."""
    from pathlib import Path

    from bench.data import yamlsafe

    files = sorted(Path(__file__).parents[2].joinpath("data").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlsafe._parse_fast(text) is not None, path
        fast = yamlsafe.parse_yaml(text, path)
        monkeypatch.setattr(yamlsafe, "_CLoader", None)
        slow = yamlsafe.parse_yaml(text, path)
        monkeypatch.undo()
        assert (fast.data, fast.lines) == (slow.data, slow.lines), path


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: &x [1]\n", "[" * 40 + "]" * 40 + "\n"])
def test_libyaml_fast_path_declines_anchors_aliases_and_deep_nesting(text):
    from bench.data import yamlsafe

    assert yamlsafe._parse_fast(text) is None
