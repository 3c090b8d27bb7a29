"""The strict JSON reader of run files (bench/data/jsonsafe.py): refusals with their line, and the line map."""

from __future__ import annotations

import json

import pytest

from bench.data.jsonsafe import MAX_DEPTH, json_lines, parse_json
from bench.data.yamlsafe import DataFileError


def refusal(text: str) -> tuple[int | None, str]:
    with pytest.raises(DataFileError) as info:
        parse_json(text, "run.json")
    return info.value.line, info.value.message


def test_valid_json_parses():
    assert parse_json('{"a": [1, 2.5, "x", null, true]}', "run.json") == {"a": [1, 2.5, "x", None, True]}


def test_duplicate_key_names_both_lines():
    assert refusal('{\n "a": 1,\n "b": {\n  "c": 1,\n  "c": 2\n }\n}') == (5, "duplicate key 'c' (first given on line 4)")


def test_the_same_key_in_two_objects_is_fine():
    assert parse_json('[{"a": 1}, {"a": 2}]', "run.json") == [{"a": 1}, {"a": 2}]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_on_their_line(token):
    assert refusal(f'{{\n "a": [\n  1,\n  {token}\n ]\n}}') == (4, f"{token} is not allowed: every number must be finite")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 100_000])
def test_deep_nesting_is_refused_without_recursion_error(depth):
    line, message = refusal("[" * depth + "]" * depth)
    assert (line, message) == (1, f"nested more than {MAX_DEPTH} levels deep")


def test_nesting_at_the_limit_is_fine():
    assert parse_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, "run.json") == json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)


def test_deep_objects_name_the_line_where_the_limit_is_passed():
    text = "".join(f'{{\n"k{i}": ' for i in range(MAX_DEPTH + 5)) + "1" + "}" * (MAX_DEPTH + 5)
    assert refusal(text) == (MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} levels deep")


def test_an_integer_too_long_to_read_is_a_problem_not_a_traceback():
    line, message = refusal('{\n "a": ' + "9" * 5000 + "\n}")
    assert line == 2 and "number of more than" in message


def test_syntax_errors_keep_their_line():
    line, message = refusal('{\n "a": 1,\n}')
    assert line == 3 and message.startswith("invalid JSON: ")


def test_lines_of_every_value():
    text = '{\n "a": 1,\n "b": [\n  {"c": "x\\ny"},\n  2\n ],\n "d": {}\n}'
    lines = json_lines(text, "run.json")
    assert lines[()] == 1
    assert lines[("a",)] == 2
    assert lines[("b",)] == 3
    assert lines[("b", 0)] == 4 and lines[("b", 0, "c")] == 4
    assert lines[("b", 1)] == 5
    assert lines[("d",)] == 7


def test_lines_follow_strings_holding_escaped_quotes_and_brackets():
    text = '{\n "a": "he said \\"[{\\" and left",\n "b": 2\n}'
    assert json_lines(text, "run.json")[("b",)] == 3
