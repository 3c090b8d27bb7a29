"""data/releases.yaml and ``python -m bench releases`` (PyPI is faked: no network in tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench import cli
from bench.data import load_file
from bench.data import releases as rel

RELEASES = """# yaml-language-server: $schema=schema/releases.schema.json
schema_version: 1
checked: 2026-11-01
releases:
  - framework: pytorch
    package: torch
    version: "2.15.0"
"""


@pytest.fixture
def releases_tree(tree):
    (tree.root / "releases.yaml").write_text(RELEASES, encoding="utf-8")
    return tree


@pytest.mark.parametrize(("reviewed", "latest", "newer"), [
    ("2.15", "2.16.0", True), ("2.15", "3.0.0", True), ("0.12", "0.13.1", True),
    ("2.15", "2.15.3", False), ("2.15", "2.15", False), ("2.16", "2.15.0", False),
    ("2.10", "2.11.0rc1", True), ("1.x (2016-05)", "2.0", True), ("nightly", "2.0", False),
])
def test_only_a_later_major_or_minor_release_counts(reviewed, latest, newer):
    assert rel.is_newer_release(reviewed, latest) is newer


def test_a_valid_releases_file_loads_with_the_tree(releases_tree):
    assert releases_tree.problems() == []
    obj, problems = load_file(releases_tree.root / "releases.yaml")
    assert problems == [] and obj.latest("pytorch").version == "2.15.0" and obj.latest("jax") is None


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  - framework: pytorch\n", "  - framework: pytorchx\n", "unknown framework 'pytorchx'"),
    ('    version: "2.15.0"\n', "    version: 2.15\n", "quote the version as text"),
    ("    package: torch\n", "    package: torch; rm -rf /\n", "should match pattern"),
    ("checked: 2026-11-01\n", "checked: 2999-01-01\n", "in the future"),
])
def test_a_bad_releases_file_names_its_line(releases_tree, old, new, message):
    line = releases_tree.edit("releases.yaml", old, new)
    problems = releases_tree.problems()
    assert [(p[0], p[1]) for p in problems] == [("releases.yaml", line)]
    assert message in problems[0][2]


def test_the_same_framework_twice_is_refused(releases_tree):
    releases_tree.edit("releases.yaml", '    version: "2.15.0"\n',
                       '    version: "2.15.0"\n  - framework: pytorch\n    package: torch\n    version: "2.16.0"\n')
    assert any("listed twice" in p[2] for p in releases_tree.problems())


def _fake_pypi(answers):
    def fetch(package):
        answer = answers[package]
        if isinstance(answer, Exception):
            raise answer
        return answer
    return fetch


def test_the_command_writes_what_pypi_says_and_nothing_else(releases_tree, monkeypatch, capsys):
    monkeypatch.setattr(rel, "fetch_pypi", _fake_pypi({"torch": ("2.16.1", dt.date(2026, 11, 20))}))
    assert cli.main(["releases", "--data", str(releases_tree.root)]) == 0
    text = (releases_tree.root / "releases.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema/releases.schema.json\n")
    obj, problems = load_file(releases_tree.root / "releases.yaml")
    assert problems == []
    assert (obj.latest("pytorch").version, obj.latest("pytorch").released) == ("2.16.1", dt.date(2026, 11, 20))
    assert obj.checked == dt.date.today()
    assert "pytorch: torch 2.16.1" in capsys.readouterr().out


def test_a_pypi_failure_leaves_the_file_as_it_was(releases_tree, monkeypatch, capsys):
    monkeypatch.setattr(rel, "fetch_pypi", _fake_pypi({"torch": rel.ReleaseError("https://pypi.org/pypi/torch/json: timed out")}))
    assert cli.main(["releases", "--data", str(releases_tree.root)]) == 1
    assert (releases_tree.root / "releases.yaml").read_text(encoding="utf-8") == RELEASES
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "releases.yaml: not changed" in err[0]
    assert not list(Path(releases_tree.root).glob(".releases.yaml.*"))


def test_an_odd_answer_from_pypi_is_refused_before_anything_is_written(releases_tree, monkeypatch):
    monkeypatch.setattr(rel, "fetch_pypi", _fake_pypi({"torch": ("", None)}))
    with pytest.raises(rel.ReleaseError, match="torch: PyPI answered version ''.*blank"):
        rel.refresh(load_file(releases_tree.root / "releases.yaml")[0], rel.fetch_pypi)
    assert (releases_tree.root / "releases.yaml").read_text(encoding="utf-8") == RELEASES
