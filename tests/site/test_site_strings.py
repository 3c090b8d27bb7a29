"""Every UI string exists in both languages, with the same placeholders, and every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bench.data.yamlsafe import DataFileError
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
    """For the ratings half's own file (the benchmark pages build most of theirs from ids: tests/site/benchmarks)."""
    used, defined = used_keys(), set(strings.load_file(strings.STRINGS_PATH))
    assert used, "no t('...') calls found"
    assert used - defined == set()
    assert defined - used == set()


def test_one_translator_reads_both_files_and_each_file_keeps_its_prefix():
    site, bench = strings.load_file(strings.STRINGS_PATH), strings.load_file(strings.BENCH_STRINGS_PATH)
    assert site and bench
    assert set(strings.load_strings()) == set(site) | set(bench)
    assert all(key.startswith("bench.") for key in bench)
    assert not any(key.startswith("bench.") for key in site)
    assert strings.translate("bench.status.error", "zh") == bench["bench.status.error"]["zh"]
    assert strings.translate_or("bench.unit.widgets/s", "en", "widgets/s") == "widgets/s"


def test_a_key_defined_in_both_files_is_refused_naming_the_file_and_line(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text('x.one:\n  en: "one"\n  zh: "一"\n', encoding="utf-8")
    second.write_text('x.two:\n  en: "two"\n  zh: "二"\nx.one:\n  en: "one"\n  zh: "一"\n', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        strings.load_strings((first, second))
    assert str(caught.value).startswith(f"{second}:4: x.one is defined in {first} already")


@pytest.mark.parametrize(("text", "line", "message"), [
    ('x.one:\n  en: "one"\n  zh: "一"\nx.one:\n  en: "uno"\n  zh: "一"\n', 4, "duplicate key"),
    ('x.one:\n  en: "one"\nx.two:\n  en: "two"\n  zh: "二"\n', 1, "x.one: give exactly en, zh"),
    ('x.one:\n  en: "one"\n  zh: ""\n', 1, "x.one: give exactly en, zh"),
])
def test_a_broken_strings_file_is_a_file_line_error(tmp_path, text, line, message):
    path = tmp_path / "strings.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        strings.load_file(path)
    assert caught.value.line == line and message in caught.value.message


def test_translate_fills_placeholders_and_refuses_unknown_keys():
    assert strings.translate("stars.aria", "en", stars="4.5") == "4.5 of 5 stars"
    assert strings.translate("stars.aria", "zh", stars="4.5") == "4.5 星（满分 5 星）"
    with pytest.raises(strings.MissingString):
        strings.translate("no.such_key", "en")
    with pytest.raises(strings.MissingString):
        strings.translate("stars.not_rated", "fr")
