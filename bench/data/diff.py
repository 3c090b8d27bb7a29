"""The rules of a change: ``python -m bench check --base REF`` compares ``data/`` with a git ref.

``bench check`` says whether the data is valid; this module says whether a
*change* to it is acceptable, which needs the data as it was before. It compares
the two trees, not file by file, so that an addition, a deletion, a rename or a
file turned into a folder or a link is judged like an edit:

- the 2016 edition (``ratings/2016/``) and the published reference tables
  (``reference/``) are frozen: any change, addition or deletion is refused;
- a change of stars adds exactly one history entry, at the end, that records
  the previous stars and names the pull request (its ``why`` is in both
  languages, which the model already requires); earlier entries never change;
  a ratings file is never deleted or renamed;
- a text changed in one language but not the other is refused;
- a rubric (``areas.yaml``) is changed only by a maintainer: refused here;
- a new framework comes with a complete ``ratings/current/<id>.yaml``; a
  framework with ratings never disappears (a renamed id is a removal plus an
  addition, so the removal is refused);
- a run file is a measurement record: never edited, renamed or deleted (old
  formats are migrated by code); a flawed run is withdrawn by an entry in
  ``withdrawals.yaml``, and those entries are only ever added;
- a data path is a regular file: one that became a folder or a link is refused.

Besides the refusals, the check names what a maintainer must look at
(``Finding.note``): new run files, new withdrawals, and changed code
(``CODE_PATHS``, owned by the maintainers in ``.github/CODEOWNERS``).

The base side is read with ``git`` and parsed by the same strict reader and
models as the working tree, so both sides mean the same thing. In CI this
module runs from a checkout of the base commit, pointed at the pull request's
data (``--data``): a pull request cannot change the rules it is checked by.
"""

from __future__ import annotations

import hashlib
import os
import stat
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

FROZEN = {
    "ratings/2016/": "the 2016 edition is frozen (the ratings as published then)",
    "reference/": "the reference tables are frozen (numbers copied as published)",
}
"""Folders of ``data/`` that no pull request changes: prefix -> why."""

CODE_PATHS = (".github/", ".ci/", "bench/", "scripts/", "tests/", "requirements/", "docs/assets/", "data/schema/",
              "Makefile", "pyproject.toml", "mkdocs.yml", ".pre-commit-config.yaml")
"""Paths of the repository (a folder ends in ``/``) that hold code or build rules: a change to them is
reviewed by a maintainer (``.github/CODEOWNERS`` lists the same paths)."""

MAX_COMPARED = 16 * 1024 * 1024
"""Files larger than this are compared by hash only (no line is named); data files are far smaller."""


class Finding(DataFileError):
    """What the check says about a change: a refusal, or a ``note`` for the maintainer (exit code unchanged)."""

    def __init__(self, path: Path | str, line: int | None, message: str, *, note: bool = False) -> None:
        super().__init__(path, line, message)
        self.note = note


class GitError(Exception):
    pass


@dataclass(frozen=True)
class BaseEntry:
    mode: str  # git's file mode: 100644, 100755 (files), 120000 (a link), 160000 (a submodule)
    oid: str  # the blob's id


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

    def entries(self, prefix: str | None = None) -> dict[str, BaseEntry]:
        """Every file under ``prefix`` (default: the data folder) at the commit, relative to it."""
        prefix = self.prefix if prefix is None else prefix
        listing = _git(["ls-tree", "-r", "-z", "--full-tree", self.commit, "--", prefix or "."], self.top)
        found = {}
        for line in listing.split("\0"):
            if not line:
                continue
            info, name = line.split("\t", 1)
            mode, _, oid = info.split(" ")
            found[name[len(prefix):]] = BaseEntry(mode, oid)
        return found

    def files(self, prefix: str | None = None) -> list[str]:
        return sorted(self.entries(prefix))

    def read(self, relative: str, prefix: str | None = None) -> bytes:
        prefix = self.prefix if prefix is None else prefix
        return _git_bytes(["cat-file", "blob", f"{self.commit}:{prefix}{relative}"], self.top)

    def changed_paths(self) -> list[str]:
        """Paths of the whole repository that differ from the commit: tracked changes and new files."""
        changed = _git(["diff", "--name-only", "--no-renames", "-z", self.commit, "--"], self.top)
        new = _git(["ls-files", "--others", "--exclude-standard", "-z"], self.top)
        return sorted({name for name in (changed + "\0" + new).split("\0") if name})


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
    return _git_bytes(args, cwd).decode("utf-8", "surrogateescape")


# --- the working tree -----------------------------------------------------------------


@dataclass
class HeadTree:
    """The data folder as it is now: what each path is, never following a link."""

    root: Path
    kinds: dict[str, str]  # relative path -> "file", "link" or "other" (a device, a pipe...)
    folders: set[str]

    @classmethod
    def scan(cls, root: Path) -> HeadTree:
        kinds: dict[str, str] = {}
        folders: set[str] = set()
        for folder, dirs, files in os.walk(root, followlinks=False):
            here = PurePosixPath(Path(folder).relative_to(root).as_posix())
            for name in dirs:
                rel = (here / name).as_posix()
                if os.path.islink(os.path.join(folder, name)):
                    kinds[rel] = "link"  # os.walk lists a link to a folder among the folders
                else:
                    folders.add(rel)
            for name in files:
                mode = os.lstat(os.path.join(folder, name)).st_mode
                kinds[(here / name).as_posix()] = ("file" if stat.S_ISREG(mode) else
                                                   "link" if stat.S_ISLNK(mode) else "other")
        return cls(root=root, kinds=kinds, folders=folders)

    def state(self, rel: str) -> str:
        """What ``rel`` is now: "file", "link", "other", "folder" or "missing"."""
        if rel in self.kinds:
            return self.kinds[rel]
        return "folder" if rel in self.folders else "missing"

    def blob_id(self, rel: str, like: str) -> str:
        """The git blob id of a regular file, in the hash of ``like`` (a base blob id), read in chunks."""
        path = self.root / rel
        digest = hashlib.sha256() if len(like) == 64 else hashlib.sha1(usedforsecurity=False)  # git's object id
        digest.update(f"blob {path.stat().st_size}\0".encode())
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


_STATE_WORDS = {"missing": "was deleted", "folder": "became a folder", "link": "became a symbolic link",
                "other": "is no longer a regular file"}


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


def _frozen(rel: str) -> str | None:
    return next((why for prefix, why in FROZEN.items() if rel.startswith(prefix)), None)


def _tracked(rel: str) -> bool:
    """A path the site reads: a data file of a known kind, or anything in a folder of data files."""
    return classify(Path(rel)) is not None or rel.startswith(("ratings/", "reference/", "runs/"))


# --- the rules -------------------------------------------------------------------


def compare_with_base(data_root: Path | str, ref: str) -> list[Finding]:
    """Every finding about the change from ``ref`` to the working tree under ``data_root``."""
    data_root = Path(data_root)
    if not data_root.is_dir():
        return [Finding(data_root, 1, "no such data folder")]
    try:
        base = BaseTree.open(data_root, ref)
        before = base.entries()
    except GitError as exc:
        return [Finding(data_root, 1, f"--base {ref}: {exc}")]
    head = HeadTree.scan(data_root)

    findings: list[Finding] = []
    changed: list[str] = []  # regular files on both sides whose bytes differ
    gone: dict[str, str] = {}  # base files that are no regular file now -> what they are now
    for rel, entry in sorted(before.items()):
        state = head.state(rel)
        if state != "file":
            gone[rel] = state
        elif entry.mode == "160000" or head.blob_id(rel, entry.oid) != entry.oid:
            changed.append(rel)
    added = sorted(rel for rel, kind in head.kinds.items() if rel not in before)

    findings.extend(_gone(data_root, base, before, head, gone, added))
    findings.extend(_added(data_root, head, added))
    for rel in changed:
        findings.extend(_changed(data_root, base, before, rel))
    findings.sort(key=lambda finding: (str(finding.path), finding.line or 1))  # by file, then line
    if base.prefix:  # the data folder lies in a repository that may hold the pages and the code too
        findings.extend(_one_language_pages(base))
        try:
            findings.extend(_code_changes(base))
        except GitError as exc:
            findings.append(Finding(data_root, 1, f"--base {ref}: cannot list the changed files: {exc}"))
    return findings


def _first_difference(old: str, new: str) -> int:
    for number, (before, after) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), start=1):
        if before != after:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


def _changed_line(data_root: Path, base: BaseTree, rel: str) -> int:
    path = data_root / rel
    if path.stat().st_size > MAX_COMPARED:
        return 1
    try:
        old = base.read(rel).decode("utf-8", "replace")
    except GitError:
        return 1
    return _first_difference(old, path.read_bytes().decode("utf-8", "replace"))


def _gone(data_root: Path, base: BaseTree, before: dict[str, BaseEntry], head: HeadTree,
          gone: dict[str, str], added: list[str]) -> Iterator[Finding]:
    """Base files that are no regular file any more: deleted, renamed, or turned into a folder or a link."""
    new_ids: dict[str, str] = {}  # blob id -> added file, to tell a rename
    like = next(iter(before.values())).oid if before else ""
    for rel in added if "missing" in gone.values() else []:
        if head.kinds[rel] == "file" and (data_root / rel).stat().st_size <= MAX_COMPARED:
            new_ids.setdefault(head.blob_id(rel, like), rel)
    for rel, state in sorted(gone.items()):
        path = data_root / rel
        what = _STATE_WORDS[state]
        renamed = new_ids.get(before[rel].oid) if state == "missing" else None
        if renamed:
            what = f"was renamed to {renamed}"
        if why := _frozen(rel):
            yield Finding(path, 1, f"{rel} {what}: {why}; restore it")
        elif rel.startswith("runs/"):
            yield Finding(path, 1, f"{rel} {what}: run files are measurement records, never deleted or renamed; "
                                   "restore it, and to take a flawed run off the pages add an entry for it to "
                                   "withdrawals.yaml (date and reason in both languages)")
        elif rel.startswith("ratings/"):
            yield Finding(path, 1, f"{rel} {what}: a ratings file is never deleted or renamed (its history goes "
                                   "with it); restore it")
        elif rel == "withdrawals.yaml" and state == "missing":
            yield from _withdrawals_removed(path, base, rel)
        elif _tracked(rel) and state != "missing":
            yield Finding(path, 1, f"{rel} {what}: a data file must be a regular file; restore it")
        # a deleted frameworks.yaml or areas.yaml: the plain check reports the missing file


def _added(data_root: Path, head: HeadTree, added: list[str]) -> Iterator[Finding]:
    for rel in added:
        path = data_root / rel
        kind = head.kinds[rel]
        if why := _frozen(rel):
            yield Finding(path, 1, f"{rel} was added: {why}; remove it")
        elif kind != "file" and _tracked(rel):
            what = "a symbolic link" if kind == "link" else "not a regular file"
            yield Finding(path, 1, f"{rel} is {what}: a data file must be a regular file")
        elif rel.startswith("runs/") and (not rel.endswith(".json") or "/" in rel.removeprefix("runs/")):
            yield Finding(path, 1, f"{rel} was added but is not a run file (runs/<name>.json): the site would never "
                                   "read it; remove it")
        elif rel.startswith("runs/"):
            yield Finding(path, 1, f"new run {rel}: a maintainer checks it before merging (the hardware, a complete "
                                   "run, the harness commit, numbers in line with earlier runs)", note=True)


def _changed(data_root: Path, base: BaseTree, before: dict[str, BaseEntry], rel: str) -> Iterator[Finding]:
    path = data_root / rel
    if why := _frozen(rel):
        yield Finding(path, _changed_line(data_root, base, rel), f"{rel} was changed: {why}; restore it")
        return
    if rel.startswith("runs/"):
        yield Finding(path, _changed_line(data_root, base, rel),
                      f"{rel} was changed: run files are measurement records and are never edited; add a new run "
                      "instead, or withdraw this one in withdrawals.yaml (files of an older schema_version are "
                      "migrated by code, not by hand)")
        return
    kind = classify(Path(rel))
    if kind is None or not rel.endswith(".yaml"):
        return
    try:
        old = _parse(base.read(rel), path, f"{base.commit[:12]}:{base.prefix}{rel}")
        new = _parse(read_text(path), path, str(path))
    except (GitError, DataFileError):
        return
    if old is None or new is None:
        return
    if kind == "withdrawals":
        yield from _withdrawals_changes(path, old, new)
        return
    yield from _one_language_changes(path, old, new)
    if kind == "ratings":
        yield from _stars_changes(path, old, new)
    elif kind == "frameworks":
        yield from _new_frameworks(path, data_root, old, new)
        yield from _removed_frameworks(path, before, old, new)
    elif kind == "areas":
        yield from _rubric_changes(path, old, new)


# --- ratings: stars and history ------------------------------------------------------


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


# --- frameworks: new ones come with ratings, rated ones never disappear ------------------


def _framework_ids(doc: Document) -> dict[str, int]:
    """Framework id -> its index in the list, read from the raw document (valid or not)."""
    frameworks = doc.data.get("frameworks") if isinstance(doc.data, dict) else None
    ids: dict[str, int] = {}
    for index, item in enumerate(frameworks if isinstance(frameworks, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.setdefault(item["id"], index)
    return ids


def _new_framework_ratings(path: Path, line: int, data_root: Path, framework_id: str) -> Iterator[Finding]:
    ratings = data_root / "ratings" / "current" / f"{framework_id}.yaml"
    if not ratings.is_file():
        yield Finding(path, line, f"new framework '{framework_id}' needs a ratings file "
                                  f"ratings/current/{framework_id}.yaml that rates every area, in both languages")
        return
    _, problems = load_file(ratings)
    if problems:
        yield Finding(path, line, f"new framework '{framework_id}': its ratings file "
                                  f"ratings/current/{framework_id}.yaml is not complete and valid "
                                  f"({len(problems)} problem(s), listed by 'python -m bench check')")


def _new_frameworks(path: Path, data_root: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    new: FrameworksFile | None = _model(FrameworksFile, new_doc)
    if new is None:
        return
    before = _framework_ids(old_doc)
    for index, framework in enumerate(new.frameworks):
        if framework.id not in before:
            yield from _new_framework_ratings(path, new_doc.line_of(("frameworks", index, "id")), data_root, framework.id)


def _removed_frameworks(path: Path, before: dict[str, BaseEntry], old_doc: Document,
                        new_doc: Document) -> Iterator[Finding]:
    """A framework that had ratings at the base stays listed; a renamed id is a removal plus an addition."""
    if not isinstance(new_doc.data, dict) or not isinstance(new_doc.data.get("frameworks"), list):
        return  # no list to compare: the plain check reports it
    now = _framework_ids(new_doc)
    for framework_id, index in _framework_ids(old_doc).items():
        if framework_id in now:
            continue
        rated = sorted(rel for rel in before if rel.startswith("ratings/") and PurePosixPath(rel).name == f"{framework_id}.yaml")
        if not rated:
            continue
        yield Finding(path, new_doc.line_of(("frameworks",)),
                      f"framework '{framework_id}' (frameworks[{index}] at the base) was removed or renamed while it "
                      f"has ratings ({', '.join(rated)}): a rated framework stays listed (mark it archived instead); "
                      "a new id is a new framework, whose stars start without the old history")


# --- areas: the rubric --------------------------------------------------------------------


def _rubrics(doc: Document) -> dict[str, tuple[int, Any]]:
    """Area id -> (its index, its rubric with texts normalized)."""
    areas = doc.data.get("areas") if isinstance(doc.data, dict) else None
    out: dict[str, tuple[int, Any]] = {}
    for index, area in enumerate(areas if isinstance(areas, list) else []):
        if isinstance(area, dict) and isinstance(area.get("id"), str):
            out[area["id"]] = (index, _normalized(area.get("rubric")))
    return out


def _normalized(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _normalized(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_normalized(item) for item in data]
    return _normal(data) if isinstance(data, str) else data


def _rubric_changes(path: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    old = _rubrics(old_doc)
    for area_id, (index, rubric) in _rubrics(new_doc).items():
        if area_id in old and old[area_id][1] != rubric:
            yield Finding(path, new_doc.line_of(("areas", index, "rubric")),
                          f"areas[{index}].rubric ({area_id}) was changed: the rubric is what every rating is judged "
                          "against, and changing it is a maintainer's decision; open an issue, a maintainer makes "
                          "the change")


# --- withdrawals: only ever added -----------------------------------------------------------


def _withdrawal_entries(doc: Document) -> dict[str, tuple[int, Any]]:
    """Run file name -> (index, the raw entry)."""
    items = doc.data.get("withdrawals") if isinstance(doc.data, dict) else None
    out: dict[str, tuple[int, Any]] = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("run"), str):
            out.setdefault(item["run"], (index, item))
    return out


def _withdrawals_changes(path: Path, old_doc: Document, new_doc: Document) -> Iterator[Finding]:
    now = _withdrawal_entries(new_doc)
    for run, (_, entry) in _withdrawal_entries(old_doc).items():
        if run not in now:
            yield Finding(path, new_doc.line_of(("withdrawals",)),
                          f"the withdrawal of {run} was removed: withdrawals are never removed or edited "
                          "(a withdrawn run stays withdrawn); restore the entry")
        elif now[run][1] != entry:
            index = now[run][0]
            yield Finding(path, new_doc.line_of(("withdrawals", index)),
                          f"withdrawals[{index}] ({run}) was changed: withdrawals are never edited; restore the entry "
                          "as it was")
    old_runs = _withdrawal_entries(old_doc)
    for run, (index, _) in now.items():
        if run not in old_runs:
            yield Finding(path, new_doc.line_of(("withdrawals", index)),
                          f"withdraws the run {run}: a maintainer checks the reason before merging", note=True)


def _withdrawals_removed(path: Path, base: BaseTree, rel: str) -> Iterator[Finding]:
    try:
        old = _parse(base.read(rel), path, f"{base.commit[:12]}:{base.prefix}{rel}")
    except GitError:
        return
    runs = sorted(_withdrawal_entries(old)) if old is not None else []
    if runs:
        yield Finding(path, 1, f"{rel} was deleted with the withdrawals of {', '.join(runs)}: withdrawals are never "
                               "removed; restore the file")


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


ONE_LANGUAGE = ("update both languages in the same pull request (a translation fix that changes one language on "
                "purpose is merged by a maintainer past this check: say so in the pull request)")


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
                      f"the {LANGUAGE_NAMES[lang]} text changed but the {LANGUAGE_NAMES[other]} did not: {ONE_LANGUAGE}")


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
            if not path.is_file() or path.is_symlink():
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
                          f"the {LANGUAGE_NAMES[lang]} page changed but {PAGES}{pair[other]} did not: {ONE_LANGUAGE}")


# --- code: a maintainer reviews it ----------------------------------------------------------


def is_code(path: str) -> bool:
    """Whether a repository path is code or a build rule (``CODE_PATHS``)."""
    return any(path.startswith(prefix) if prefix.endswith("/") else path == prefix for prefix in CODE_PATHS)


def _code_changes(base: BaseTree) -> Iterator[Finding]:
    code = [name for name in base.changed_paths() if is_code(name)]
    if code:
        shown = ", ".join(code[:20]) + (f" and {len(code) - 20} more" if len(code) > 20 else "")
        yield Finding(base.top, None, f"this change touches code, so a maintainer must review it "
                                      f"(.github/CODEOWNERS): {shown}", note=True)
