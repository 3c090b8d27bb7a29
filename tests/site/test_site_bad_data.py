"""A contributor's mistake stops the build with the same file:line: message as `bench check`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import REPO, copy_data, current_ratings, make_project, run_build

pytestmark = pytest.mark.slow


def break_file(data: Path, kind: str) -> tuple[Path, int, str]:
    """Spoil one line of a ratings file; return the file, the line and the field named."""
    path = current_ratings(data)
    lines = path.read_text(encoding="utf-8").split("\n")
    area = None
    for number, line in enumerate(lines):
        if re.match(r"^  [a-z_]+:\s*$", line):
            area = line.strip().rstrip(":")
        if re.match(r"^    stars: ", line):
            break
    else:
        raise AssertionError(f"no stars line in {path}")
    if kind == "stars":
        lines[number] = "    stars: 7"
        field = f"areas.{area}.stars"
    else:  # a misspelt key
        lines[number] = lines[number].replace("stars:", "strs:")
        field = f"unknown field 'areas.{area}.strs'"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, number + 1, field


@pytest.mark.parametrize("kind", ["stars", "misspelt"])
def test_bad_data_stops_the_build_with_file_and_line(tmp_path, kind):
    data = copy_data(tmp_path / "data")
    path, line, field = break_file(data, kind)
    build = run_build(make_project(tmp_path), data, tmp_path / "site")

    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert not (tmp_path / "site" / "index.html").exists()
    problem = [row for row in build.output.splitlines() if f"{path.name}:{line}:" in row]
    assert problem and field in problem[0], build.output

    # The same line as the command contributors run.
    check = subprocess.run([sys.executable, "-m", "bench", "check", "--data", str(data)],
                           check=False, cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 1
    expected = [row for row in check.stdout.splitlines() if row.strip()]
    assert expected and all(row in build.output for row in expected), (expected, build.output)


def test_an_undefined_macro_name_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    page = project / "docs" / "rubric.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    build = run_build(project, REPO / "data", tmp_path / "site")
    assert build.returncode != 0
    assert "no_such_macro" in build.output and "rubric.en.md" in build.output
