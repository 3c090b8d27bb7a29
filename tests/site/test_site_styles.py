"""The site's own style sheets are well formed: a block left open swallows every rule after it.

Browsers do not report a style sheet's syntax errors; a lost closing brace (an easy
slip when two changes meet at the end of a file) turns the rules that follow into
parts of one broken rule, silently. So the braces of each sheet, comments and
strings aside, must close in order and end balanced.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SHEETS = sorted((Path(__file__).resolve().parents[2] / "docs" / "stylesheets").glob("*.css"))
NOT_CODE = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.DOTALL)


def unclosed(css: str) -> list[int]:
    """Lines where a block opens that never closes, or where a brace closes nothing."""
    code = NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)
    stack, wrong = [], []
    for number, line in enumerate(code.split("\n"), 1):
        for char in line:
            if char == "{":
                stack.append(number)
            elif char == "}":
                if stack:
                    stack.pop()
                else:
                    wrong.append(number)
    return wrong + stack


def test_the_check_finds_a_lost_brace():
    assert unclosed("a { color: red; }\n/* } */ b { x: \"}\" }\n") == []
    assert unclosed("@media (x) {\n  a { color: red; }\n\nb { color: blue; }\n") == [1]
    assert unclosed("a { }\n}\n") == [2]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.name)
def test_every_block_closes(sheet):
    assert SHEETS
    assert unclosed(sheet.read_text(encoding="utf-8")) == [], f"{sheet.name}: a block opened (or closed) here"
