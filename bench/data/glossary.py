"""``data/glossary.yaml``: the technical terms of the site and their one Chinese rendering.

Chinese texts drift when each contributor picks a rendering: 即时执行, 动态图
and Eager 模式 for one idea, 内核 for both "core" and "kernel". The glossary
fixes one rendering per term, chosen as the frameworks' own Chinese
documentation writes it, and lists the variants to avoid. ``glossary_rules`` flags every variant in the Chinese texts of the
data (frameworks, areas and the current ratings; the 2016 edition is a frozen
record) with ``file:line``, and the site renders the glossary page from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .models import ID_PATTERN, NonBlank, Strict, Text
from .yamlsafe import DataFileError, Document, Loc, parse_yaml, read_text

GLOSSARY_FILE = "glossary.yaml"


class Variant(Strict):
    """A rendering not to use: ``text`` as readers see it on the glossary page, matched
    literally; or, where the variant depends on its context ("4 分" but not "分布"),
    matched by the regular expression ``pattern``."""

    text: NonBlank
    pattern: NonBlank | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"'{pattern}' is not a regular expression: {exc}") from None
        return pattern

    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern if self.pattern is not None else re.escape(self.text))


class Term(Strict):
    id: str = Field(pattern=ID_PATTERN)
    en: NonBlank
    zh: NonBlank
    avoid: list[Variant | NonBlank] = Field(default_factory=list)
    note: Text | None = None

    @field_validator("avoid")
    @classmethod
    def _plain_variants(cls, avoid: list[Variant | str]) -> list[Variant]:
        # `avoid: [即时执行]` is short for `avoid: [{text: 即时执行}]`.
        return [Variant(text=item) if isinstance(item, str) else item for item in avoid]

    @model_validator(mode="after")
    def _rendering_is_not_a_variant(self) -> Term:
        for variant in self.avoid:
            if variant.regex().search(self.zh):
                raise ValueError(f"the rendering '{self.zh}' matches its own variant '{variant.text}'")
        return self


class GlossaryFile(Strict):
    schema_version: Literal[1]
    terms: list[Term] = Field(min_length=1)

    @field_validator("terms")
    @classmethod
    def _unique(cls, terms: list[Term]) -> list[Term]:
        ids = [term.id for term in terms]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"term ids must be unique; repeated: {', '.join(twice)}")
        return terms


def _chinese_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every ``zh`` string of a parsed data file, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "zh" and isinstance(item, str):
                yield (*loc, key), item
            else:
                yield from _chinese_texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _chinese_texts(item, (*loc, index))


def checked_files(root: Path) -> list[Path]:
    """The files whose Chinese texts follow the glossary (not the frozen 2016 edition)."""
    current = root / "ratings" / "current"
    return [root / "frameworks.yaml", root / "areas.yaml",
            *(sorted(current.glob("*.yaml")) if current.is_dir() else [])]


def variant_problems(glossary: GlossaryFile, root: Path) -> list[DataFileError]:
    """One problem per variant found in a Chinese text of ``root``: file, line, the variant and the rendering to use."""
    compiled = [(term, variant.regex()) for term in glossary.terms for variant in term.avoid]
    problems = []
    for path in checked_files(root):
        try:
            source = read_text(path)
            doc: Document = parse_yaml(source, path)
        except DataFileError:
            continue  # reported by the file's own validation
        lines = source.splitlines()
        for loc, text in _chinese_texts(doc.data, ()):
            start = doc.line_of(loc)
            # A block scalar (`zh: |`) starts on the next line: point at the line of the variant itself.
            block = 0 < start <= len(lines) and lines[start - 1].rstrip().endswith(("|", ">", "|-", ">-"))
            for term, pattern in compiled:
                for match in pattern.finditer(text):
                    line = start + 1 + text.count("\n", 0, match.start()) if block else start
                    problems.append(DataFileError(
                        path, line,
                        f"{'.'.join(map(str, loc))}: '{match.group(0)}' is a variant of '{term.zh}' "
                        f"({term.en}; data/glossary.yaml)"))
    return problems


def glossary_rules(path: Path, glossary: GlossaryFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: the Chinese texts of the data folder use the glossary's renderings."""
    return variant_problems(glossary, path.parent)
