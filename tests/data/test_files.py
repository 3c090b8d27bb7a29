"""What may lie under data/ (bench/data/load.py, yamlsafe.read_text): files are looked at before they are read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bench.data.load import RUN_MAX_BYTES, TOP_LEVEL
from bench.data.yamlsafe import YAML_MAX_BYTES, DataFileError, read_text

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "tests" / "fixtures" / "runs" / "2026-01-12T08-00-00Z_cpu.json"
CUR = "ratings/current/pytorch.yaml"


def add_runs(tree, *names: str) -> None:
    for name in names:
        tree.write_bytes(f"runs/{name}", RUN.read_bytes())


def test_a_tree_with_runs_reference_and_schema_is_valid(tree):
    add_runs(tree, "20260112T080000Z_cpu.json", "2026-01-12T08-00-00Z_cpu.json")
    shutil.copytree(REPO / "data" / "schema", tree.root / "schema")
    tree.write_bytes("withdrawals.yaml", b"# allowed here; its rules live elsewhere\n")
    assert [p for p in tree.problems() if p[0] != "withdrawals.yaml"] == []


@pytest.mark.timeout(20)
@pytest.mark.parametrize("target", ["/dev/zero", "/etc/hostname", "../../frameworks.yaml"])
def test_a_symlinked_data_file_is_refused_unread(tree, target):
    (tree.root / CUR).unlink()
    os.symlink(target, tree.root / CUR)
    assert tree.problems() == [(CUR, 1, "a symbolic link; data files and folders must be plain ones")]
    assert tree.problems(CUR) == [(CUR, 1, "a symbolic link; data files and folders must be plain ones")]


@pytest.mark.timeout(20)
def test_a_symlinked_run_to_dev_zero_is_refused_unread(tree):
    (tree.root / "runs").mkdir()
    os.symlink("/dev/zero", tree.root / "runs" / "20260112T080000Z_cpu.json")
    assert tree.problems() == [("runs/20260112T080000Z_cpu.json", 1, "a symbolic link; data files and folders must be plain ones")]
    assert tree.problems("runs/20260112T080000Z_cpu.json") == [
        ("runs/20260112T080000Z_cpu.json", 1, "a symbolic link; data files and folders must be plain ones")]


def test_a_symlinked_folder_is_refused(tree, tmp_path):
    shutil.move(tree.root / "ratings" / "2016", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", tree.root / "ratings" / "2016")
    assert tree.problems() == [("ratings/2016", 1, "a symbolic link; data files and folders must be plain ones")]


@pytest.mark.timeout(20)
def test_a_fifo_is_refused_unopened(tree):
    (tree.root / "runs").mkdir()
    os.mkfifo(tree.root / "runs" / "20260112T080000Z_cpu.json")
    os.mkfifo(tree.root / "ratings" / "current" / "fifo.yaml")
    assert tree.problems() == [
        ("ratings/current/fifo.yaml", 1, "not a plain file (a FIFO, socket or device)"),
        ("runs/20260112T080000Z_cpu.json", 1, "not a plain file (a FIFO, socket or device)"),
    ]
    assert tree.problems("ratings/current/fifo.yaml") == [("ratings/current/fifo.yaml", 1, "not a plain file (a folder, FIFO, socket or device)")]
    assert tree.problems("ratings/current") == [("ratings/current/fifo.yaml", 1, "not a plain file (a folder, FIFO, socket or device)")]


def test_read_text_refuses_what_is_too_large_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(YAML_MAX_BYTES + 1)  # sparse: nothing is written, nothing must be read
    with pytest.raises(DataFileError, match=f"file is too large \\({YAML_MAX_BYTES + 1} bytes; at most {YAML_MAX_BYTES}\\)"):
        read_text(path)
    assert RUN_MAX_BYTES > YAML_MAX_BYTES


def test_a_large_ratings_file_is_reported(tree):
    tree.write_bytes(CUR, tree.text(CUR).encode() + b"#" * YAML_MAX_BYTES)
    [(where, line, message)] = tree.problems()
    assert (where, line) == (CUR, 1) and message.startswith("file is too large")


@pytest.mark.parametrize(("rel", "says"), [
    ("notes.txt", "unexpected in data/"),
    (".DS_Store", "unexpected in data/"),
    ("runs/notes.md", "runs/ holds only run files"),
    ("runs/index.json", "a run file is named <UTC timestamp>_<device>.json"),
    ("runs/old/20260112T080000Z_cpu.json", "runs/ holds only run files"),
    ("reference/notes.md", "reference files end in .yaml"),
    ("schema/mine.schema.json", "schema/ holds only the generated schemas"),
    ("ratings/current/sub/x.yaml", "ratings files end in .yaml (no subfolders)"),
])
def test_unexpected_files_are_reported_not_ignored(tree, rel, says):
    tree.write_bytes(rel, b"{}\n")
    problems = tree.problems()
    assert len(problems) == 1, problems
    where, line, message = problems[0]
    assert rel.startswith(where) and line == 1 and says in message, problems[0]


def test_a_top_level_name_of_the_wrong_kind(tree):
    tree.write_bytes("runs", b"not a folder\n")
    assert tree.problems() == [("runs", 1, "must be a folder")]


@pytest.mark.parametrize(("name", "says"), [
    ("pytorch\u202elmay.yaml", "bidirectional control character U+202E"),
    ("bad\nname.yaml", "must be one line"),
    ("bad\x1bname.yaml", "control character U+001B"),
    ("\u200b.yaml", None),  # visible once the suffix is there: left to the other rules
])
def test_file_names_with_control_characters_are_refused(tree, name, says):
    tree.write_bytes(f"ratings/current/{name}", tree.text(CUR).encode())
    problems = tree.problems()
    if says is None:
        assert problems and all(p[0] == f"ratings/current/{name}" for p in problems)
        return
    assert problems == [(f"ratings/current/{name}", 1, f"file name: {problems[0][2].removeprefix('file name: ')}")]
    assert says in problems[0][2]


def test_the_layout_names_what_data_holds():
    assert set(TOP_LEVEL) == {"frameworks.yaml", "areas.yaml", "withdrawals.yaml", "releases.yaml", "glossary.yaml",
                              "scenarios.yaml", "hardware.yaml",
                              "ratings", "reference", "runs", "schema"}
    assert {path.name for path in (REPO / "data").iterdir()} <= set(TOP_LEVEL)
