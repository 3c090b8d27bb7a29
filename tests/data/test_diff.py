"""``bench check --base REF``: the rules of a change, tested on a temporary git repository.

The fixture data tree (tests/fixtures/data) is committed as the base; each test
changes the working tree the way a pull request would and reads the findings.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bench.cli import main as cli_main
from bench.data.diff import compare_with_base

RATINGS = "ratings/current/pytorch.yaml"



def entry(stars: str = "4.5", pull_request: str | None = "42", date: str = "2025-06-01") -> str:
    """One history entry of the interfaces area, as a contributor would write it."""
    return (
        f"      - date: {date}\n"
        f"        stars: {stars}\n"
        "        why:\n"
        '          en: "TorchScript was deprecated; two generations of graph capture now overlap."\n'
        '          zh: "TorchScript 已弃用，两代图捕获接口并存。"\n'
        + (f"        pull_request: {pull_request}\n" if pull_request else "        source: https://example.org/changelog\n")
    )


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )
    return done.stdout


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch, tmp_path):
    # Neither the user's git configuration nor an enclosing repository may matter.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


@pytest.fixture
def repo(tree):
    """The fixture data tree, committed as the base of the change (HEAD)."""
    top = tree.root.parent
    _git(top, "init", "--quiet", "--initial-branch=main")
    _git(top, "add", "-A")
    _git(top, "commit", "--quiet", "-m", "base")
    return tree


def findings(tree, ref: str = "HEAD") -> list[tuple[str, int, str, bool]]:
    """(path relative to the data folder, line, message, warning) of each finding."""
    root = tree.root.resolve()
    return [
        (os.path.relpath(f.path.resolve(), root), f.line, f.message, f.warning)
        for f in compare_with_base(tree.root, ref)
    ]


def errors(tree, ref: str = "HEAD") -> list[tuple[str, int, str]]:
    return [(path, line, message) for path, line, message, warning in findings(tree, ref) if not warning]


def change_interfaces_stars(tree, to: str = "4") -> int:
    """Change the stars of pytorch/interfaces from 4.5; return the line of `stars:`."""
    return tree.edit(RATINGS, "  interfaces:\n    stars: 4.5", f"  interfaces:\n    stars: {to}") + 1


def add_interfaces_history(tree, *entries: str) -> int:
    """Give pytorch/interfaces these history entries (one by default); return the line of the first."""
    text = "".join(entries or (entry(),))
    return tree.edit(RATINGS, "    history: []\n  deployment:", "    history:\n" + text + "  deployment:") + 1


# --- stars and history ---------------------------------------------------------------


def test_an_unchanged_tree_has_no_findings(repo):
    assert findings(repo) == []


def test_a_stars_change_without_history_is_refused(repo):
    line = change_interfaces_stars(repo)
    assert errors(repo) == [
        (RATINGS, line, ("areas.interfaces.stars changed from 4.5 stars to 4 stars without a history entry: add one at "
                         "the end of areas.interfaces.history with date, stars: 4.5, why (en and zh) and pull_request")),
    ]
    assert repo.problems() == []  # valid data: only the change is wrong


def test_a_stars_change_with_its_history_entry_is_accepted(repo):
    change_interfaces_stars(repo)
    add_interfaces_history(repo)
    assert repo.problems() == []
    assert findings(repo) == []


def test_the_history_entry_records_the_previous_stars(repo):
    change_interfaces_stars(repo)
    first = add_interfaces_history(repo, entry(stars="4"))
    assert errors(repo) == [
        (RATINGS, first + 1, ("areas.interfaces.stars changed from 4.5 stars to 4 stars: the new history entry must "
                              "record the previous rating (4.5 stars), not 4 stars")),
    ]


def test_the_history_entry_names_the_pull_request(repo):
    change_interfaces_stars(repo)
    first = add_interfaces_history(repo, entry(pull_request=None))
    assert repo.problems() == []  # a source link is valid history, but not for a change made here
    [(path, line, message)] = errors(repo)
    assert (path, line) == (RATINGS, first)
    assert "must name the pull request" in message


def test_one_stars_change_adds_exactly_one_history_entry(repo):
    change_interfaces_stars(repo)
    first = add_interfaces_history(repo, entry(pull_request="42"), entry(pull_request="43"))
    assert repo.problems() == []
    [(path, line, message)] = errors(repo)
    assert (path, line) == (RATINGS, first + 6)  # the second entry
    assert "with 2 new history entries: add exactly one" in message


def test_earlier_history_entries_never_change(repo):
    line = repo.edit(RATINGS, "        stars: 4\n", "        stars: 3.5\n")
    [(path, found, message)] = errors(repo)
    assert path == RATINGS and found < line
    assert "earlier history entries were changed or removed" in message


def test_a_history_entry_without_a_stars_change_is_fine(repo):
    add_interfaces_history(repo)
    assert findings(repo) == []


# --- both languages ------------------------------------------------------------------


def test_a_text_changed_in_one_language_is_flagged(repo):
    line = repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."',
                     '      en: "pytorch current: a better interfaces summary."')
    assert findings(repo) == [
        (RATINGS, line, ("the English text changed but the Chinese did not: update both languages (a translation fix "
                         "changes one on purpose: say so in the pull request)"), True),
    ]


def test_a_chinese_only_change_is_flagged_too(repo):
    line = repo.edit("frameworks.yaml", 'zh: "以 Python 为核心、默认动态图执行的框架。"', 'zh: "以 Python 为核心的框架。"')
    [(path, found, message, warning)] = findings(repo)
    assert (path, found, warning) == ("frameworks.yaml", line, True)
    assert message.startswith("the Chinese text changed but the English did not")


def test_a_text_changed_in_both_languages_is_fine(repo):
    repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."', '      en: "pytorch current: new summary."')
    repo.edit(RATINGS, '      zh: "pytorch current：编程接口概要。"', '      zh: "pytorch current：新的概要。"')
    assert findings(repo) == []


def test_rewrapping_a_text_is_not_a_change(repo):
    repo.edit(RATINGS, "        pytorch current: first paragraph on interfaces.\n",
              "        pytorch current: first paragraph\n        on interfaces.\n")
    assert findings(repo) == []


def test_a_page_changed_in_one_language_is_flagged(tree):
    top = tree.root.parent
    (top / "docs").mkdir()
    (top / "docs/index.en.md").write_text("# Home\n\nWhat this is.\n", encoding="utf-8")
    (top / "docs/index.zh.md").write_text("# 首页\n\n这是什么。\n", encoding="utf-8")
    _git(top, "init", "--quiet")
    _git(top, "add", "-A")
    _git(top, "commit", "--quiet", "-m", "base")
    (top / "docs/index.en.md").write_text("# Home\n\nWhat this site is.\n", encoding="utf-8")
    [(path, line, message, warning)] = findings(tree)
    assert (path, line, warning) == ("../docs/index.en.md", 3, True)
    assert message.startswith("the English page changed but docs/index.zh.md did not")
    (top / "docs/index.zh.md").write_text("# 首页\n\n本站是什么。\n", encoding="utf-8")
    assert findings(tree) == []


def test_the_command_line_prints_file_line_and_fails_only_on_errors(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo.root.parent)
    line = repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."', '      en: "pytorch current: changed."')
    assert cli_main(["check", "--data", "data", "--base", "HEAD"]) == 0
    assert capsys.readouterr().out.startswith(f"data/{RATINGS}:{line}: warning: the English text changed")

    stars = change_interfaces_stars(repo)
    assert cli_main(["check", "--data", "data", "--base", "HEAD"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"data/{RATINGS}:{stars}: areas.interfaces.stars changed from 4.5 stars to 4 stars")
    assert out[1].startswith(f"data/{RATINGS}:{line}: warning:")


# --- new frameworks ------------------------------------------------------------------

NEW_FRAMEWORK = """
  - id: mxnet
    name: Apache MXNet
    homepage: https://mxnet.apache.org/
    repository: https://github.com/apache/mxnet
    first_release: 2015-05-09
    status: archived
    status_since: 2023-09-20
    languages: [Python, C++, Scala, R]
    license: Apache-2.0
    description: {en: "Scalable framework from the DMLC community.", zh: "来自 DMLC 社区的可扩展框架。"}
"""


def add_framework(tree) -> int:
    path = tree.root / "frameworks.yaml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before + NEW_FRAMEWORK, encoding="utf-8")
    return before.count("\n") + 2  # the line of `- id: mxnet`


def test_a_new_framework_without_ratings_is_refused(repo):
    line = add_framework(repo)
    assert errors(repo) == [
        ("frameworks.yaml", line, ("new framework 'mxnet' needs a ratings file ratings/current/mxnet.yaml that rates "
                                   "every area, in both languages")),
    ]


def test_a_new_framework_with_complete_ratings_is_accepted(repo):
    add_framework(repo)
    text = repo.text(RATINGS).replace("framework: pytorch", "framework: mxnet")
    (repo.root / "ratings/current/mxnet.yaml").write_text(text, encoding="utf-8")
    assert repo.problems() == []
    assert findings(repo) == []


def test_a_new_framework_with_incomplete_ratings_is_refused(repo):
    line = add_framework(repo)
    text = repo.text(RATINGS).replace("framework: pytorch", "framework: mxnet")
    text = text[: text.index("  cross_platform:")]  # one area missing
    (repo.root / "ratings/current/mxnet.yaml").write_text(text, encoding="utf-8")
    [(path, found, message)] = errors(repo)
    assert (path, found) == ("frameworks.yaml", line)
    assert "ratings/current/mxnet.yaml is not complete and valid" in message


# --- run files -------------------------------------------------------------------------


def test_a_run_file_is_never_edited(tree):
    tree.write_bytes("runs/2026-01-01T00-00-00Z_cuda.json", b'{"schema_version": 1}\n')
    top = tree.root.parent
    _git(top, "init", "--quiet")
    _git(top, "add", "-A")
    _git(top, "commit", "--quiet", "-m", "base")
    tree.write_bytes("runs/2026-01-02T00-00-00Z_cuda.json", b'{"schema_version": 1}\n')  # a new run: fine
    assert findings(tree) == []
    tree.write_bytes("runs/2026-01-01T00-00-00Z_cuda.json", b'{"schema_version": 1, "edited": true}\n')
    [(path, line, message)] = errors(tree)
    assert (path, line) == ("runs/2026-01-01T00-00-00Z_cuda.json", 1)
    assert "never edited" in message


# --- the base itself ---------------------------------------------------------------------


def test_an_older_base_is_compared_too(repo):
    change_interfaces_stars(repo)
    add_interfaces_history(repo)
    _git(repo.root.parent, "commit", "--quiet", "-am", "change a rating")
    assert findings(repo, "HEAD~1") == []
    assert findings(repo, "HEAD") == []


def test_an_unknown_ref_is_a_clear_error(repo):
    [(path, line, message)] = errors(repo, "no-such-branch")
    assert (path, line) == (".", 1)
    assert "unknown git ref 'no-such-branch'" in message


def test_a_ref_that_looks_like_an_option_is_refused(repo):
    [(_, _, message)] = errors(repo, "--output=/tmp/x")
    assert "is not a git ref" in message


def test_outside_a_git_repository_is_a_clear_error(tree):
    [(path, line, message)] = errors(tree)
    assert (path, line) == (".", 1)
    assert message.startswith("--base HEAD: ")
