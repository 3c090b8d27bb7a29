"""The site's bilingual UI strings: one translator over the site's and the benchmark pages' files.

The words live in two files of the same format (flat keys, ``{en, zh}`` each):
``strings.yaml`` beside this module for the ratings half of the site, and
``benchmarks/strings.yaml`` for the benchmark pages (all keys under ``bench.``).
Both are read once, strictly (a duplicate key, a tab, an entry without both
languages is a ``file:line`` error), and merged; a key defined in both files is
an error too, so that no page can depend on which file happens to be read last.
"""

from __future__ import annotations

import functools
from pathlib import Path

from bench.data.models import LANGUAGES
from bench.data.yamlsafe import DataFileError, load_yaml

STRINGS_PATH = Path(__file__).with_name("strings.yaml")
BENCH_STRINGS_PATH = Path(__file__).parent / "benchmarks" / "strings.yaml"
STRINGS_PATHS = (STRINGS_PATH, BENCH_STRINGS_PATH)


class MissingString(KeyError):
    """A template asked for a key that no strings file defines, or for an unknown language."""


@functools.cache
def load_file(path: Path) -> dict[str, dict[str, str]]:
    """One strings file, checked: a mapping of keys to exactly one non-empty text per language."""
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise DataFileError(path, 1, "expected a mapping of keys to {en, zh}")
    for key, entry in doc.data.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES) \
                or not all(isinstance(text, str) and text.strip() for text in entry.values()):
            raise DataFileError(path, doc.line_of((key,)), f"{key}: give exactly {', '.join(LANGUAGES)}, each a non-empty text")
    return doc.data


@functools.cache
def load_strings(paths: tuple[Path, ...] = STRINGS_PATHS) -> dict[str, dict[str, str]]:
    """Every UI string of ``paths``, merged; a key defined in two files is refused."""
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, Path] = {}
    for path in paths:
        for key, entry in load_file(path).items():
            if key in merged:
                line = load_yaml(path).line_of((key,))
                raise DataFileError(path, line, f"{key} is defined in {_shown(origin[key])} already; keys are unique across both files")
            merged[key], origin[key] = entry, path
    return merged


def _shown(path: Path) -> str:
    """A strings file as the repository names it (bench/site/...)."""
    try:
        return str(path.relative_to(STRINGS_PATH.parents[2]))
    except ValueError:
        return str(path)


def translate(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    if lang not in LANGUAGES:
        raise MissingString(f"unknown language '{lang}' (expected one of {', '.join(LANGUAGES)})")
    try:
        text = load_strings()[key][lang]
    except KeyError:
        raise MissingString(f"no UI string '{key}' in {' or '.join(_shown(p) for p in STRINGS_PATHS)}") from None
    return text.format(**values) if values else text


def translate_or(key: str, lang: str, fallback: str) -> str:
    """``translate`` for open-ended keys (a workload, a unit): ``fallback`` where no string is kept."""
    entry = load_strings().get(key)
    return entry[lang] if entry else fallback
