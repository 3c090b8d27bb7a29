"""The rules of a change: ``python -m bench check --base REF`` compares ``data/`` with a git ref.

``bench check`` says whether the data is valid; this module says whether a
*change* to it is acceptable, which needs the data as it was before:

- a change of stars adds exactly one history entry, at the end, that records
  the previous stars and names the pull request (its ``why`` is in both
  languages, which the model already requires); earlier entries never change;
- a text changed in one language but not the other is flagged (a warning: a
  translation fix changes one language on purpose);
- a new framework comes with a complete ``ratings/current/<id>.yaml``;
- a run file is a measurement record and is never edited (add a new run; old
  formats are migrated by code).

The base side is read with ``git show REF:path`` and parsed by the same strict
reader and models as the working tree, so both sides mean the same thing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from .load import classify, load_file
from .models import LANGUAGES, FrameworksFile, HistoryEntry, RatingsFile
from .yamlsafe import DataFileError, Document, Loc, parse_yaml, read_text

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


class Finding(DataFileError):
    """A problem with a change; a warning is printed but does not fail the check."""

    def __init__(self, path: Path | str, line: int | None, message: str, *, warning: bool = False) -> None:
        super().__init__(path, line, message)
        self.warning = warning


class GitError(Exception):
    pass


@dataclass
class BaseTree:
    """The data folder as it is at a git commit."""

    top: Path  # the repository's top folder
    prefix: str  # the data folder inside the repository, "" or ending in "/"
    commit: str

    @classmethod
    def open(cls, data_root: Path, ref: str) -> BaseTree:
        if ref.startswith("-"):
            raise GitError(f"'{ref}' is not a git ref")
        top = Path(_git(["rev-parse", "--show-toplevel"], data_root).strip())
        prefix = _git(["rev-parse", "--show-prefix"], data_root).strip()
        try:
            commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], data_root).strip()
        except GitError:
            raise GitError(f"unknown git ref '{ref}' (in a shallow clone, fetch it first)") from None
        return cls(top=top, prefix=prefix, commit=commit)

    def files(self, prefix: str | None = None) -> list[str]:
        """Files under ``prefix`` (default: the data folder) at the commit, relative to it."""
        prefix = self.prefix if prefix is None else prefix
        listing = _git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", self.commit, "--", prefix or "."], self.top)
        return sorted(name[len(prefix):] for name in listing.split("\0") if name)

    def read(self, relative: str, prefix: str | None = None) -> bytes:
        prefix = self.prefix if prefix is None else prefix
        return _git_bytes(["cat-file", "blob", f"{self.commit}:{prefix}{relative}"], self.top)


def _git_bytes(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; --base needs it") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a folder") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _git(args: list[str], cwd: Path) -> str:
    return _git_bytes(args, cwd).decode("utf-8")


# --- reading both sides --------------------------------------------------------


def _parse(text: bytes | str, path: Path, label: str) -> Document | None:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return parse_yaml(text.removeprefix("\ufeff"), label)
    except (DataFileError, UnicodeDecodeError):
        return None  # the plain check reports a broken working file; a broken base has nothing to compare


def _model(model: type, doc: Document | None) -> Any:
    if doc is None:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError:
        return None


# --- the rules -------------------------------------------------------------------


def compare_with_base(data_root: Path | str, ref: str) -> list[Finding]:
    """Every finding about the change from ``ref`` to the working tree under ``data_root``."""
    data_root = Path(data_root)
    if not data_root.is_dir():
        return [Finding(data_root, 1, "no such data folder")]
    try:
        base = BaseTree.open(data_root, ref)
        base_files = base.files()
    except GitError as exc:
        return [Finding(data_root, 1, f"--base {ref}: {exc}")]

    findings: list[Finding] = []
    for relative in base_files:
        path = data_root / PurePosixPath(relative)
        kind = classify(path)
        if kind == "runs":
            findings.extend(_run_unchanged(path, base, relative))
            continue
        if kind is None or path.suffix != ".yaml" or not path.is_file():
            continue
        try:
            old = _parse(base.read(relative), path, f"{ref}:{base.prefix}{relative}")
            new = _parse(read_text(path), path, str(path))
        except (GitError, DataFileError):
            continue
        if old is None or new is None:
            continue
        findings.extend(_one_language_changes(path, old, new))
        if kind == "ratings":
            findings.extend(_stars_changes(path, old, new))
        if kind == "frameworks":
            findings.extend(_new_frameworks(path, data_root, old, new))
    if base.prefix:  # the data folder lies in a repository that may hold the pages too
        findings.extend(_one_language_pages(base))
    return findings


def _run_unchanged(path: Path, base: BaseTree, relative: str) -> Iterator[Finding]:
    if not path.is_file():
        return
    if path.read_bytes() != base.read(relative):
        yield Finding(path, 1, "run files are measurement records and are never edited: add a new run instead "
                               "(files of an older schema_version are migrated by code, not by hand)")


def _stars(value: float | None) -> str:
    if value is None:
        return "no stars"
    return f"{value:g} stars"


def _stars_changes(path: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    old: RatingsFile | None = _model(RatingsFile, old_doc)
    new: RatingsFile | None = _model(RatingsFile, new_doc)
    if old is None or new is None:
        return  # the plain check reports an invalid working file
    for area, rating in new.areas.items():
        before = old.areas.get(area)
        if before is None:
            continue
        kept = rating.history[: len(before.history)]
        if kept != before.history:
            line = new_doc.line_of(("areas", area, "history"))
            yield Finding(path, line, f"areas.{area}.history: earlier history entries were changed or removed; "
                                      "history only grows, with new entries added at the end")
            continue
        added: list[HistoryEntry] = rating.history[len(before.history):]
        if rating.stars == before.stars:
            continue
        change = f"areas.{area}.stars changed from {_stars(before.stars)} to {_stars(rating.stars)}"
        if not added:
            yield Finding(path, new_doc.line_of(("areas", area, "stars")),
                          f"{change} without a history entry: add one at the end of areas.{area}.history with "
                          f"date, stars: {'null' if before.stars is None else f'{before.stars:g}'}, why (en and zh) "
                          "and pull_request")
            continue
        if len(added) > 1:
            line = new_doc.line_of(("areas", area, "history", len(before.history) + 1))
            yield Finding(path, line, f"{change} with {len(added)} new history entries: add exactly one")
            continue
        entry = added[0]
        loc: Loc = ("areas", area, "history", len(rating.history) - 1)
        if entry.stars != before.stars:
            yield Finding(path, new_doc.line_of(loc + ("stars",)),
                          f"{change}: the new history entry must record the previous rating "
                          f"({_stars(before.stars)}), not {_stars(entry.stars)}")
        if entry.pull_request is None:
            yield Finding(path, new_doc.line_of(loc),
                          f"{change}: the new history entry must name the pull request that makes the change "
                          "(pull_request: <number>)")


def _new_frameworks(path: Path, data_root: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    new: FrameworksFile | None = _model(FrameworksFile, new_doc)
    if new is None:
        return
    frameworks = old_doc.data.get("frameworks") if isinstance(old_doc.data, dict) else None
    before = {item.get("id") for item in frameworks or [] if isinstance(item, dict)}
    for index, framework in enumerate(new.frameworks):
        if framework.id in before:
            continue
        ratings = data_root / "ratings" / "current" / f"{framework.id}.yaml"
        line = new_doc.line_of(("frameworks", index, "id"))
        if not ratings.is_file():
            yield Finding(path, line, f"new framework '{framework.id}' needs a ratings file "
                                      f"ratings/current/{framework.id}.yaml that rates every area, in both languages")
            continue
        _, problems = load_file(ratings)
        if problems:
            yield Finding(path, line, f"new framework '{framework.id}': its ratings file "
                                      f"ratings/current/{framework.id}.yaml is not complete and valid "
                                      f"({len(problems)} problem(s), listed by 'python -m bench check')")


# --- texts in both languages ------------------------------------------------------


def _texts(data: Any, key: tuple[Any, ...] = (), loc: Loc = ()) -> Iterator[tuple[tuple[Any, ...], Loc, dict[str, str]]]:
    """Every bilingual text: (a key that survives reordering of lists, its location, the text)."""
    if isinstance(data, dict):
        if set(data) == set(LANGUAGES) and all(isinstance(v, str) for v in data.values()):
            yield key, loc, data
            return
        for name, value in data.items():
            yield from _texts(value, key + (name,), loc + (name,))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _texts(item, key + (_item_key(item, index),), loc + (index,))


def _item_key(item: Any, index: int) -> Any:
    # Frameworks and areas are matched by id and evidence by link, so that
    # moving an item in its list is not read as a change of its texts.
    if isinstance(item, dict):
        for name in ("id", "url"):
            if isinstance(item.get(name), str):
                return (name, item[name])
    return index


def _normal(text: str) -> str:
    return " ".join(text.split())


def _one_language_changes(path: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    before = {key: text for key, _, text in _texts(old_doc.data)}
    for key, loc, text in _texts(new_doc.data):
        old = before.get(key)
        if old is None:
            continue
        changed = [lang for lang in LANGUAGES if _normal(old[lang]) != _normal(text[lang])]
        if len(changed) != 1:
            continue
        lang = changed[0]
        other = next(other for other in LANGUAGES if other != lang)
        yield Finding(path, new_doc.line_of(loc + (lang,)),
                      f"the {LANGUAGE_NAMES[lang]} text changed but the {LANGUAGE_NAMES[other]} did not: "
                      f"update both languages (a translation fix changes one on purpose: say so in the pull request)",
                      warning=True)


PAGES = "docs/"
PAGE_SUFFIXES = {lang: f".{lang}.md" for lang in LANGUAGES}


def _one_language_pages(base: BaseTree) -> Iterator[Finding]:
    """A page (docs/x.en.md beside docs/x.zh.md) changed in one language only."""
    try:
        names = set(base.files(PAGES))
    except GitError:
        return
    first, second = LANGUAGES
    for name in sorted(names):
        if not name.endswith(PAGE_SUFFIXES[first]):
            continue
        stem = name[: -len(PAGE_SUFFIXES[first])]
        pair = {lang: stem + PAGE_SUFFIXES[lang] for lang in LANGUAGES}
        if pair[second] not in names:
            continue
        old: dict[str, str] = {}
        new: dict[str, str] = {}
        for lang, page in pair.items():
            path = base.top / PAGES / page
            if not path.is_file():
                break  # a removed page is not a one-language edit
            old[lang] = base.read(page, PAGES).decode("utf-8", "replace")
            new[lang] = path.read_text(encoding="utf-8", errors="replace")
        else:
            changed = [lang for lang in LANGUAGES if _normal(old[lang]) != _normal(new[lang])]
            if len(changed) != 1:
                continue
            lang = changed[0]
            other = next(other for other in LANGUAGES if other != lang)
            yield Finding(base.top / PAGES / pair[lang], _first_difference(old[lang], new[lang]),
                          f"the {LANGUAGE_NAMES[lang]} page changed but {PAGES}{pair[other]} did not: update both "
                          "languages (a translation fix changes one on purpose: say so in the pull request)",
                          warning=True)


def _first_difference(old: str, new: str) -> int:
    for number, (before, after) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if before != after:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1

