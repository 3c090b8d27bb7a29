"""``python -m bench check``: validate data files, one ``file:line: message`` per problem."""

from __future__ import annotations

import sys
from pathlib import Path

from .data import DataError, DataFileError, load_dataset, load_file


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check(paths: list[Path], data_root: Path) -> list[DataFileError]:
    """Every problem in the given files, or in all of ``data_root`` when none are given."""
    if not paths:
        try:
            load_dataset(data_root)
        except DataError as exc:
            return exc.problems
        return []
    problems: list[DataFileError] = []
    whole_tree = False
    for path in paths:
        if path.is_dir():
            whole_tree = True
            try:
                load_dataset(path)
            except DataError as exc:
                problems.extend(exc.problems)
            continue
        if not path.exists():
            problems.append(DataFileError(path, 1, "no such file"))
            continue
        _, found = load_file(path)
        problems.extend(found)
    if not whole_tree and not problems:
        # Single files also obey the rules that span files (known framework ids...):
        # check them in the context of their data folder.
        roots = {_data_root_of(path) for path in paths if path.suffix == ".yaml"}
        for root in sorted(r for r in roots if r is not None):
            try:
                load_dataset(root, with_runs=False)
            except DataError as exc:
                wanted = {p.resolve() for p in paths}
                problems.extend(p for p in exc.problems if p.path.resolve() in wanted)
    return problems


def _data_root_of(path: Path) -> Path | None:
    for parent in path.resolve().parents:
        if (parent / "frameworks.yaml").exists() and (parent / "ratings").is_dir():
            return parent
    return None


def main(paths: list[str], data_root: str = "data") -> int:
    problems = check([Path(p) for p in paths], Path(data_root))
    for problem in problems:
        print(f"{_relative(problem.path)}:{problem.line or 1}: {problem.message}")
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("all data files are valid", file=sys.stderr)
    return 0
