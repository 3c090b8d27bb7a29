"""Every UI string exists in both languages, with the same placeholders, and every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bench.site import strings

SITE = Path(strings.__file__).parent


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_and_the_same_placeholders():
    loaded = strings.load_strings()
    assert loaded
    for key, entry in loaded.items():
        assert set(entry) == {"en", "zh"}, key
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), key
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


def used_keys() -> set[str]:
    sources = [*SITE.glob("templates/*.j2"), *SITE.glob("*.py"), *SITE.glob("sections/*.py")]
    pattern = re.compile(r"""\b(?:t|translate)\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")
    return {key for path in sources for key in pattern.findall(path.read_text(encoding="utf-8"))}


def test_every_key_used_is_defined_and_every_key_defined_is_used():
    used, defined = used_keys(), set(strings.load_strings())
    assert used, "no t('...') calls found"
    assert used - defined == set()
    assert defined - used == set()


def test_translate_fills_placeholders_and_refuses_unknown_keys():
    assert strings.translate("stars.aria", "en", stars="4.5") == "4.5 of 5 stars"
    assert strings.translate("stars.aria", "zh", stars="4.5") == "4.5 星（满分 5 星）"
    with pytest.raises(strings.MissingString):
        strings.translate("no.such_key", "en")
    with pytest.raises(strings.MissingString):
        strings.translate("stars.not_rated", "fr")
