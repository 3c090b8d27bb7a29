"""``python -m bench check``: validate data files, one ``file:line: message`` per problem."""

from __future__ import annotations

import sys
from pathlib import Path

from .data import DataError, DataFileError, load_dataset, load_file
from .data.load import classify
from .data.yamlsafe import printable


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check(paths: list[Path], data_root: Path) -> list[DataFileError]:
    """Every problem in the given files, or in all of ``data_root`` when none are given.

    A folder is checked as a whole data tree, unless it lies inside one
    (``data/ratings/current``): then each data file under it is checked. A file
    is checked as the kind its place says, and a ``.json`` file as a run wherever
    it lies.
    """
    problems: list[DataFileError] = []
    files: list[Path] = []
    for path in paths or [data_root]:
        if path.is_dir() and _data_root_of(path) is None:
            try:
                load_dataset(path)
            except DataError as exc:
                problems.extend(exc.problems)
        elif path.is_dir():
            # Links and FIFOs too, by name: the reader refuses them unread.
            found = sorted(p for p in path.rglob("*") if (p.is_symlink() or not p.is_dir()) and classify(p) is not None)
            files.extend(found)
            if not found:
                problems.append(DataFileError(path, 1, "no data files in this folder"))
        elif path.exists():
            files.append(path)
        else:
            problems.append(DataFileError(path, 1, "no such file or folder"))
    file_problems = [problem for path in files for problem in load_file(path)[1]]
    problems.extend(file_problems)
    if files and not file_problems:
        # Single files also obey the rules that span files (known framework ids,
        # edition folders): check them in the context of their data folder.
        wanted = {p.resolve() for p in files}
        wanted |= {parent for p in wanted for parent in p.parents}
        roots = {_data_root_of(path) for path in files if path.suffix == ".yaml"}
        for root in sorted(r for r in roots if r is not None):
            try:
                load_dataset(root, with_runs=False)
            except DataError as exc:
                problems.extend(p for p in exc.problems if p.path.resolve() in wanted)
    return problems


def _data_root_of(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        if (parent / "frameworks.yaml").exists() and (parent / "ratings").is_dir():
            return parent
    return None


def main(paths: list[str], data_root: str = "data", base: str | None = None) -> int:
    problems = check([Path(p) for p in paths], Path(data_root))
    notes: list[DataFileError] = []
    if base is not None:
        # The rules of a change (frozen files, history for a stars change, both languages, runs
        # never edited...): bench/data/diff.py. Notes name what a maintainer must review.
        from .data.diff import compare_with_base

        for finding in compare_with_base(Path(data_root), base):
            (notes if finding.note else problems).append(finding)
    # A file name or a quoted value may hold a line break: escaped, one problem stays one line.
    for problem in problems:
        print(f"{printable(_relative(problem.path))}:{problem.line or 1}: {printable(problem.message)}")
    for note in notes:  # on stderr: stdout holds only problems, one `file:line: message` each
        where = f"{printable(_relative(note.path))}:{note.line}: " if note.line else ""
        print(f"note: {where}{printable(note.message)}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("all data files are valid" + (f" and the change from {base} follows the rules" if base else ""), file=sys.stderr)
    return 0
