"""``bench check --base REF``: the rules of a change, tested on a temporary git repository.

The fixture data tree (tests/fixtures/data) is committed as the base; each test
changes the working tree the way a pull request would and reads the findings.
One test per way around the rules that was found (issue #11): each must be refused
with one finding that names the file and what changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.cli import main as cli_main
from bench.data.diff import compare_with_base

RATINGS = "ratings/current/pytorch.yaml"
OLD = "ratings/2016/torch.yaml"
REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_RUNS = REPO_ROOT / "tests" / "fixtures" / "runs"
RUN = "runs/2026-01-10T12-00-00Z_cuda.json"
OTHER_RUN = "runs/2026-02-01T12-00-00Z_cuda.json"


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
    """(path relative to the data folder, line, message, note) of each finding."""
    root = tree.root.resolve()
    return [
        (os.path.relpath(f.path.parent.resolve() / f.path.name, root), f.line, f.message, f.note)  # a link unresolved
        for f in compare_with_base(tree.root, ref)
    ]


def errors(tree, ref: str = "HEAD") -> list[tuple[str, int, str]]:
    return [(path, line, message) for path, line, message, note in findings(tree, ref) if not note]


def notes(tree, ref: str = "HEAD") -> list[tuple[str, str]]:
    return [(path, message) for path, _, message, note in findings(tree, ref) if note]


def commit(tree, message: str = "change") -> None:
    top = tree.root.parent
    _git(top, "add", "-A")
    _git(top, "commit", "--quiet", "-m", message)


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


ONE_LANGUAGE = ("update both languages in the same pull request (a translation fix that changes one language on "
                "purpose is merged by a maintainer past this check: say so in the pull request)")


def test_a_text_changed_in_one_language_is_refused(repo):
    line = repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."',
                     '      en: "pytorch current: a better interfaces summary."')
    assert findings(repo) == [
        (RATINGS, line, f"the English text changed but the Chinese did not: {ONE_LANGUAGE}", False),
    ]


def test_a_chinese_only_change_is_refused_too(repo):
    line = repo.edit("frameworks.yaml", 'zh: "以 Python 为核心、默认动态图执行的框架。"', 'zh: "以 Python 为核心的框架。"')
    [(path, found, message)] = errors(repo)
    assert (path, found) == ("frameworks.yaml", line)
    assert message.startswith("the Chinese text changed but the English did not")


def test_a_text_changed_in_both_languages_is_fine(repo):
    repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."', '      en: "pytorch current: new summary."')
    repo.edit(RATINGS, '      zh: "pytorch current：编程接口概要。"', '      zh: "pytorch current：新的概要。"')
    assert findings(repo) == []


def test_rewrapping_a_text_is_not_a_change(repo):
    repo.edit(RATINGS, "        pytorch current: first paragraph on interfaces.\n",
              "        pytorch current: first paragraph\n        on interfaces.\n")
    assert findings(repo) == []


def test_a_page_changed_in_one_language_is_refused(tree):
    top = tree.root.parent
    (top / "docs").mkdir()
    (top / "docs/index.en.md").write_text("# Home\n\nWhat this is.\n", encoding="utf-8")
    (top / "docs/index.zh.md").write_text("# 首页\n\n这是什么。\n", encoding="utf-8")
    _git(top, "init", "--quiet")
    _git(top, "add", "-A")
    _git(top, "commit", "--quiet", "-m", "base")
    (top / "docs/index.en.md").write_text("# Home\n\nWhat this site is.\n", encoding="utf-8")
    [(path, line, message)] = errors(tree)
    assert (path, line) == ("../docs/index.en.md", 3)
    assert message.startswith("the English page changed but docs/index.zh.md did not")
    (top / "docs/index.zh.md").write_text("# 首页\n\n本站是什么。\n", encoding="utf-8")
    assert findings(tree) == []


def test_the_command_line_prints_file_line_and_fails_on_a_one_language_change(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo.root.parent)
    line = repo.edit(RATINGS, '      en: "pytorch current: interfaces summary."', '      en: "pytorch current: changed."')
    assert cli_main(["check", "--data", "data", "--base", "HEAD"]) == 1
    assert capsys.readouterr().out == f"data/{RATINGS}:{line}: the English text changed but the Chinese did not: {ONE_LANGUAGE}\n"

    stars = change_interfaces_stars(repo)
    assert cli_main(["check", "--data", "data", "--base", "HEAD"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"data/{RATINGS}:{stars}: areas.interfaces.stars changed from 4.5 stars to 4 stars")
    assert out[1].startswith(f"data/{RATINGS}:{line}: the English text changed")


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


# --- the frozen 2016 edition and reference tables -----------------------------------------------

FROZEN_2016 = "the 2016 edition is frozen (the ratings as published then)"


def test_rewriting_2016_stars_with_a_history_entry_is_refused(repo):
    line = repo.edit(OLD, "  interfaces:\n    stars: 3\n", "  interfaces:\n    stars: 4\n") + 1
    text = repo.text(OLD)
    at = text.index("    history: []\n", text.index("  interfaces:"))
    (repo.root / OLD).write_text(text[:at] + "    history:\n" + entry(stars="3") + text[at + len("    history: []\n"):],
                                 encoding="utf-8")
    assert repo.problems() == []  # valid, and it would pass the stars rule: the edition itself is frozen
    assert errors(repo) == [(OLD, line, f"{OLD} was changed: {FROZEN_2016}; restore it")]


def test_rewriting_2016_texts_in_both_languages_is_refused(repo):
    line = repo.edit(OLD, '      en: "torch 2016: interfaces summary."', '      en: "torch 2016: a kinder summary."')
    repo.edit(OLD, '      zh: "torch 2016：编程接口概要。"', '      zh: "torch 2016：更友好的概要。"')
    assert errors(repo) == [(OLD, line, f"{OLD} was changed: {FROZEN_2016}; restore it")]


def test_adding_a_2016_file_is_refused(repo):
    added = "ratings/2016/pytorch.yaml"
    (repo.root / added).write_text(repo.text(OLD).replace("framework: torch", "framework: pytorch"), encoding="utf-8")
    assert errors(repo) == [(added, 1, f"{added} was added: {FROZEN_2016}; remove it")]


def test_deleting_a_2016_file_is_refused_and_named(repo):
    (repo.root / OLD).unlink()
    assert errors(repo) == [(OLD, 1, f"{OLD} was deleted: {FROZEN_2016}; restore it")]


@pytest.fixture
def reference_repo(tree):
    """The fixture tree with one published reference table, committed."""
    shutil.copytree(REPO_ROOT / "data" / "reference", tree.root / "reference")
    _git(tree.root.parent, "init", "--quiet", "--initial-branch=main")
    commit(tree, "base")
    return tree


def test_a_reference_table_change_is_refused(reference_repo):
    rel = "reference/deepframeworks-2016.yaml"
    text = reference_repo.text(rel)
    number = next(n for n, l in enumerate(text.splitlines(), start=1) if "292" in l)
    lines = text.splitlines(keepends=True)
    lines[number - 1] = lines[number - 1].replace("292", "192")
    (reference_repo.root / rel).write_text("".join(lines), encoding="utf-8")
    assert errors(reference_repo) == [
        (rel, number, f"{rel} was changed: the reference tables are frozen (numbers copied as published); restore it"),
    ]


def test_a_new_or_deleted_reference_table_is_refused(reference_repo):
    shutil.move(reference_repo.root / "reference/deepframeworks-2016.yaml", reference_repo.root / "reference/mine.yaml")
    messages = [(path, message.split(":")[0]) for path, _, message in errors(reference_repo)]
    assert messages == [("reference/deepframeworks-2016.yaml", ("reference/deepframeworks-2016.yaml was renamed to "
                                                               "reference/mine.yaml")),
                        ("reference/mine.yaml", "reference/mine.yaml was added")]


# --- frameworks: rated ones stay, a renamed id is a removal ---------------------------------------

TORCH_ENTRY = (REPO_ROOT / "tests/fixtures/data/frameworks.yaml").read_text(encoding="utf-8").split("\n\n  - id: torch\n")[1]


def remove_torch(tree) -> None:
    text = tree.text("frameworks.yaml")
    (tree.root / "frameworks.yaml").write_text(text[: text.index("\n  - id: torch\n")] + "\n", encoding="utf-8")


def test_deleting_a_framework_with_its_ratings_is_refused(repo):
    remove_torch(repo)
    (repo.root / OLD).unlink()
    line = repo.line_of("frameworks.yaml", "frameworks:")
    assert errors(repo) == [
        ("frameworks.yaml", line, ("framework 'torch' (frameworks[1] at the base) was removed or renamed while it has "
                                   f"ratings ({OLD}): a rated framework stays listed (mark it archived instead); a new "
                                   "id is a new framework, whose stars start without the old history")),
        (OLD, 1, f"{OLD} was deleted: {FROZEN_2016}; restore it"),
    ]


def test_renaming_a_framework_id_to_reset_its_stars_is_refused(repo):
    # pytorch becomes "pytorch2", its ratings move along with other stars and no history
    repo.edit("frameworks.yaml", "  - id: pytorch\n", "  - id: pytorch2\n")
    repo.edit("frameworks.yaml", "      framework: pytorch\n", "      framework: pytorch2\n")
    # (4.5 to 4: the rubric level each rationale names, level 4, still holds)
    text = repo.text(RATINGS).replace("framework: pytorch", "framework: pytorch2").replace("stars: 4.5", "stars: 4")
    (repo.root / "ratings/current/pytorch2.yaml").write_text(text, encoding="utf-8")
    (repo.root / RATINGS).unlink()
    assert repo.problems() == []  # valid data: only the change is wrong
    found = errors(repo)
    assert [(path, message.split(":")[0]) for path, _, message in found] == [
        ("frameworks.yaml", "framework 'pytorch' (frameworks[0] at the base) was removed or renamed while it has ratings (ratings/current/pytorch.yaml)"),
        (RATINGS, f"{RATINGS} was deleted"),
    ]


def test_a_deleted_current_ratings_file_is_refused(repo):
    (repo.root / RATINGS).unlink()
    assert errors(repo) == [(RATINGS, 1, (f"{RATINGS} was deleted: a ratings file is never deleted or renamed (its "
                                         "history goes with it); restore it"))]


# --- the rubric ------------------------------------------------------------------------------------


def test_changing_a_rubric_is_refused_even_in_both_languages(repo):
    repo.edit("areas.yaml", 'text: {en: "Modeling capability: level 3.", zh: "建模能力：3 级。"}',
              'text: {en: "Modeling capability: level 3, easier.", zh: "建模能力：3 级，更宽松。"}')
    line = repo.line_of("areas.yaml", "  - id: modeling") + 7  # the `rubric:` key of modeling
    assert repo.problems() == []
    [(path, found, message)] = errors(repo)
    assert (path, found) == ("areas.yaml", line)
    assert message.startswith("areas[0].rubric (modeling) was changed: ")
    assert "a maintainer's decision" in message


def test_an_area_question_in_both_languages_is_a_normal_change(repo):
    repo.edit("areas.yaml", 'en: "How good is modeling capability?"', 'en: "How well can models be built?"')
    repo.edit("areas.yaml", 'zh: "建模能力如何？"', 'zh: "搭建模型有多方便？"')
    assert findings(repo) == []


# --- run files: append-only, withdrawn not deleted ------------------------------------------------


WITHDRAWALS = "# yaml-language-server: $schema=schema/withdrawals.schema.json\nschema_version: 1\nwithdrawals:{}\n"


def withdrawal(run: str, reason: str = "The GPU clock was capped.", date: str = "2026-03-01") -> str:
    return (f"\n  - run: {run}\n    date: {date}\n    reason:\n      en: \"{reason}\"\n"
            "      zh: \"GPU 频率被限制。\"\n    pull_request: 7\n")


@pytest.fixture
def runs_repo(tree):
    """The fixture tree with two runs and one withdrawal, committed."""
    (tree.root / "runs").mkdir()
    for rel in (RUN, OTHER_RUN):
        shutil.copy2(FIXTURE_RUNS / Path(rel).name, tree.root / rel)
    (tree.root / "withdrawals.yaml").write_text(WITHDRAWALS.format(withdrawal(Path(OTHER_RUN).name)), encoding="utf-8")
    _git(tree.root.parent, "init", "--quiet", "--initial-branch=main")
    commit(tree, "base")
    return tree


RUN_NEVER_EDITED = ("run files are measurement records and are never edited; add a new run instead, or withdraw this "
                    "one in withdrawals.yaml (files of an older schema_version are migrated by code, not by hand)")
RUN_NEVER_DELETED = ("run files are measurement records, never deleted or renamed; restore it, and to take a flawed "
                     "run off the pages add an entry for it to withdrawals.yaml (date and reason in both languages)")


def test_an_unchanged_tree_with_runs_has_no_findings(runs_repo):
    assert runs_repo.problems() == []
    assert findings(runs_repo) == []


def test_editing_a_run_s_numbers_is_refused_at_the_line(runs_repo):
    line = runs_repo.line_of(RUN, '"median_s": 0.021,')
    runs_repo.edit(RUN, '"median_s": 0.021,', '"median_s": 0.0100,')
    assert errors(runs_repo) == [(RUN, line, f"{RUN} was changed: {RUN_NEVER_EDITED}")]


def test_renaming_a_run_file_is_refused(runs_repo):
    renamed = "runs/2026-01-10T12-00-01Z_cuda.json"
    shutil.move(runs_repo.root / RUN, runs_repo.root / renamed)
    assert errors(runs_repo) == [(RUN, 1, f"{RUN} was renamed to {renamed}: {RUN_NEVER_DELETED}")]


def test_editing_a_run_by_renaming_it_is_refused(runs_repo):
    renamed = "runs/2026-01-10T12-00-01Z_cuda.json"
    shutil.move(runs_repo.root / RUN, runs_repo.root / renamed)
    text = runs_repo.text(renamed)
    (runs_repo.root / renamed).write_text(text.replace('"median_s": 0.021,', '"median_s": 0.0100,'), encoding="utf-8")
    assert errors(runs_repo) == [(RUN, 1, f"{RUN} was deleted: {RUN_NEVER_DELETED}")]
    assert notes(runs_repo)[0][0] == renamed  # and the new file waits for a maintainer


def test_deleting_a_run_is_refused(runs_repo):
    (runs_repo.root / RUN).unlink()
    assert errors(runs_repo) == [(RUN, 1, f"{RUN} was deleted: {RUN_NEVER_DELETED}")]


def test_deleting_a_withdrawn_run_is_refused_too(runs_repo):
    (runs_repo.root / OTHER_RUN).unlink()
    assert (OTHER_RUN, 1, f"{OTHER_RUN} was deleted: {RUN_NEVER_DELETED}") in errors(runs_repo)
    assert any(path == "withdrawals.yaml" and f"no run file {OTHER_RUN}" in message
               for path, _, message in runs_repo.problems())


def test_a_new_valid_run_is_accepted_with_a_note_for_the_maintainer(runs_repo):
    new = "runs/2026-01-12T08-00-00Z_cpu.json"
    shutil.copy2(FIXTURE_RUNS / Path(new).name, runs_repo.root / new)
    assert runs_repo.problems() == []
    assert errors(runs_repo) == []
    [(path, message)] = notes(runs_repo)
    assert path == new and message.startswith(f"new run {new}: a maintainer checks it before merging")


def test_a_fabricated_invalid_run_is_refused_by_the_check(runs_repo):
    new = "runs/2026-03-01T00-00-00Z_cuda.json"
    doc = json.loads(runs_repo.text(RUN))
    doc["results"][0]["median_s"] = "fast"
    runs_repo.write_bytes(new, json.dumps(doc).encode())
    assert errors(runs_repo) == []  # new runs are judged by the run checks, which `check --base` runs too
    assert [path for path, _, _ in runs_repo.problems()] == [new]


@pytest.mark.parametrize("rel", ["runs/2026-03-01T00-00-00Z_cuda.json.bak", "runs/old/2026-03-01T00-00-00Z_cuda.json"])
def test_a_new_file_in_runs_that_no_one_reads_is_refused(runs_repo, rel):
    runs_repo.write_bytes(rel, runs_repo.text(RUN).encode())
    assert errors(runs_repo) == [(rel, 1, (f"{rel} was added but is not a run file (runs/<name>.json): the site would "
                                          "never read it; remove it"))]


def test_a_new_withdrawal_is_accepted_with_a_note(runs_repo):
    text = runs_repo.text("withdrawals.yaml")
    (runs_repo.root / "withdrawals.yaml").write_text(text + withdrawal(Path(RUN).name).lstrip("\n").replace(
        "\n  - run", "  - run", 1), encoding="utf-8")
    assert runs_repo.problems() == []
    assert errors(runs_repo) == []
    assert notes(runs_repo) == [("withdrawals.yaml", (f"withdraws the run {Path(RUN).name}: a maintainer checks the "
                                                     "reason before merging"))]


def test_editing_a_withdrawal_is_refused(runs_repo):
    line = runs_repo.edit("withdrawals.yaml", 'en: "The GPU clock was capped."', 'en: "It looked wrong."') - 3
    assert errors(runs_repo) == [
        ("withdrawals.yaml", line, (f"withdrawals[0] ({Path(OTHER_RUN).name}) was changed: withdrawals are never "
                                    "edited; restore the entry as it was")),
    ]


def test_removing_a_withdrawal_is_refused(runs_repo):
    (runs_repo.root / "withdrawals.yaml").write_text(WITHDRAWALS.format(" []"), encoding="utf-8")
    assert runs_repo.problems() == []
    assert errors(runs_repo) == [
        ("withdrawals.yaml", 3, (f"the withdrawal of {Path(OTHER_RUN).name} was removed: withdrawals are never removed "
                                 "or edited (a withdrawn run stays withdrawn); restore the entry")),
    ]
    (runs_repo.root / "withdrawals.yaml").unlink()
    [(path, line, message)] = errors(runs_repo)
    assert (path, line) == ("withdrawals.yaml", 1)
    assert message.startswith(f"withdrawals.yaml was deleted with the withdrawals of {Path(OTHER_RUN).name}")


def test_a_withdrawal_naming_a_missing_run_is_refused(runs_repo):
    text = runs_repo.text("withdrawals.yaml")
    (runs_repo.root / "withdrawals.yaml").write_text(text + withdrawal("2030-01-01T00-00-00Z_cuda.json").lstrip("\n"),
                                                     encoding="utf-8")
    line = runs_repo.line_of("withdrawals.yaml", "2030-01-01T00-00-00Z_cuda.json")
    assert runs_repo.problems() == [
        ("withdrawals.yaml", line, "withdrawals[1].run: no run file runs/2030-01-01T00-00-00Z_cuda.json"),
    ]


# --- paths that stop being files ----------------------------------------------------------------------


def test_a_ratings_file_that_became_a_folder_is_refused(repo):
    text = repo.text(RATINGS)
    (repo.root / RATINGS).unlink()
    repo.write_bytes(f"{RATINGS}/pytorch.yaml", text.encode())
    assert (RATINGS, 1, (f"{RATINGS} became a folder: a ratings file is never deleted or renamed (its history goes "
                        "with it); restore it")) in errors(repo)


def test_a_data_file_that_became_a_link_is_refused(repo):
    (repo.root / "areas.yaml").rename(repo.root.parent / "areas.yaml")
    (repo.root / "areas.yaml").symlink_to(repo.root.parent / "areas.yaml")
    assert errors(repo) == [("areas.yaml", 1, ("areas.yaml became a symbolic link: a data file must be a regular file; "
                                              "restore it"))]


def test_a_new_ratings_file_that_is_a_link_is_refused(repo):
    (repo.root / "ratings/current/torch.yaml").symlink_to("/dev/zero")
    assert errors(repo) == [("ratings/current/torch.yaml", 1,
                             "ratings/current/torch.yaml is a symbolic link: a data file must be a regular file")]


# --- code: a maintainer's review -----------------------------------------------------------------------


def test_a_change_to_code_is_named_for_a_maintainer(repo):
    top = repo.root.parent
    (top / "bench/data").mkdir(parents=True)
    (top / "bench/data/diff.py").write_text("def compare_with_base(*args):\n    return []\n", encoding="utf-8")
    (top / "Makefile").write_text("check:\n\ttrue\n", encoding="utf-8")
    assert errors(repo) == []
    [(path, message)] = notes(repo)
    assert path == ".."
    assert message == ("this change touches code, so a maintainer must review it (.github/CODEOWNERS): Makefile, "
                       "bench/data/diff.py")
