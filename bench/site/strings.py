"""The site's bilingual UI strings, read once from ``strings.yaml``."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from bench.data.models import LANGUAGES

STRINGS_PATH = Path(__file__).with_name("strings.yaml")


class MissingString(KeyError):
    """A template asked for a key that ``strings.yaml`` does not define."""


@functools.cache
def load_strings(path: Path = STRINGS_PATH) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        strings = yaml.safe_load(handle)
    if not isinstance(strings, dict):
        raise TypeError(f"{path}: expected a mapping of keys to {{en, zh}}")
    return strings


def translate(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    try:
        entry = load_strings()[key]
    except KeyError:
        raise MissingString(f"no UI string '{key}' in {STRINGS_PATH.name}") from None
    if lang not in LANGUAGES:
        raise MissingString(f"unknown language '{lang}' (expected one of {', '.join(LANGUAGES)})")
    return entry[lang].format(**values) if values else entry[lang]
