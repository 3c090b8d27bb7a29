"""A copy of the small valid data tree (tests/fixtures/data) to break one line at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.check import check

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "data"


class Tree:
    """A data folder in tmp_path; ``edit`` changes one file, ``problems`` checks it all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def text(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> int:
        """Replace the one occurrence of ``old`` in ``rel``; return the line where it began."""
        text = self.text(rel)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        at = text.index(old)
        (self.root / rel).write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
        return text.count("\n", 0, at) + 1

    def write_bytes(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def line_of(self, rel: str, needle: str) -> int:
        """The line of the one line of ``rel`` that contains ``needle``."""
        found = [n for n, line in enumerate(self.text(rel).splitlines(), start=1) if needle in line]
        assert len(found) == 1, f"{needle!r} is on lines {found} of {rel}"
        return found[0]

    def problems(self, *paths: str) -> list[tuple[str, int, str]]:
        """(file relative to the data folder, line, message) for each problem found."""
        found = check([self.root / p for p in paths], self.root)
        # The folder resolved, not the file: a file may be a link to somewhere else.
        return [((p.path.parent.resolve() / p.path.name).relative_to(self.root.resolve()).as_posix(), p.line, p.message)
                for p in found]


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    return Tree(root)
