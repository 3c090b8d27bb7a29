"""`python -m bench check [PATH...]`: exit codes, one `file:line: message` line per problem, never a traceback.

Runs the real command in a subprocess on a copy of tests/fixtures/data; the
rules themselves are tested one by one in tests/data/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "data"
LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>[1-9][0-9]*): (?P<message>\S.*)$")

FW = "frameworks.yaml"
CUR = "ratings/current/pytorch.yaml"
OLD = "ratings/2016/torch.yaml"
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


def bench_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "bench", "check", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert_no_traceback(result)
    lines = result.stdout.splitlines()
    for line in lines:
        assert LINE.match(line), f"not a 'file:line: message' line: {line!r}"
    return lines


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder holding data/, a copy of the valid fixture tree; the command runs there."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    return tmp_path


def edit(work: Path, rel: str, old: str, new: str) -> int:
    """Replace the one `old` in data/rel by `new`; return the line where it began."""
    path = work / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def test_valid_tree_exits_0_and_prints_no_problem(work):
    result = bench_check(cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == "all data files are valid"


def test_help_describes_the_output():
    result = subprocess.run([sys.executable, "-m", "bench", "check", "--help"], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60, check=False)
    assert result.returncode == 0
    assert "file:line: message" in result.stdout
    assert "--data" in result.stdout


BILLION_LAUGHS = "\n".join(
    ["# yaml-language-server: $schema=../../schema/ratings.schema.json", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
) + "\n"

# (id, file, old, new, the text in `new` on the offending line, the exact message)
MISTAKES = [
    ("yaml-syntax", FW, "    languages: [Lua, C]\n", "    languages: [Lua, C\n", "languages",
     "YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got ':' on line 32"),
    ("tab", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n\tstars: 5\n", "stars", "tab used for indentation; use spaces"),
    ("duplicate-key", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 5\n    stars: 4\n", "stars: 4",
     "duplicate key 'stars' (first given on line 7)"),
    ("anchor", FW, "    languages: [Lua, C]\n", "    languages: &l [Lua, C]\n", "languages", "YAML anchors (&l) are not allowed in data files"),
    ("unknown-field", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    starz: 5\n", "starz",
     "unknown field 'areas.modeling.starz' (misspelt? see the schema)"),
    ("unknown-area", CUR, "  modeling:\n", "  modelling:\n", "modelling",
     ("unknown key 'areas.modelling' (expected 'modeling', 'interfaces', 'deployment', 'performance', 'architecture', "
      "'ecosystem' or 'cross_platform')")),
    ("framework-not-file-name", CUR, "framework: pytorch\n", "framework: torch\n", "framework",
     "framework 'torch' does not match the file name 'pytorch.yaml'"),
    ("stars-above-5", CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 5.5\n", "stars",
     "areas.modeling.stars: Input should be less than or equal to 5"),
    ("stars-off-half-step", OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 4.4\n", "stars",
     "areas.modeling.stars: stars must be in steps of 0.5, got 4.4"),
    ("zh-blank", CUR, '      zh: "pytorch current：建模能力概要。"\n', '      zh: ""\n', "zh", "areas.modeling.summary.zh: must not be blank"),
    ("zh-missing", CUR, '    summary:\n      en: "pytorch current: modeling capability summary."\n      zh: "pytorch current：建模能力概要。"\n',
     '    summary:\n      en: "pytorch current: modeling capability summary."\n', "summary", "missing field 'areas.modeling.summary.zh'"),
    ("evidence-not-http", CUR, "      - url: https://example.org/pytorch/current/modeling\n", "      - url: ftp://example.org/x\n", "url",
     "areas.modeling.evidence[0].url: URL scheme should be 'http' or 'https'"),
    ("reviewed-future", CUR, '    reviewed: 2026-11-20\n    version: "2.15"\n    history:\n      - date',
     f'    reviewed: {TOMORROW}\n    version: "2.15"\n    history:\n      - date', "reviewed",
     f"areas.modeling.reviewed: date {TOMORROW} is in the future"),
    ("history-stars", CUR, "        stars: 4\n", "        stars: 4.2\n", "stars",
     "areas.modeling.history[0].stars: stars must be in steps of 0.5, got 4.2"),
    ("no-such-date", FW, "    status_since: 2017-09-28\n", "    status_since: 2017-09-31\n", "status_since",
     "frameworks[1].status_since: invalid value '2017-09-31': day is out of range for month"),
]


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """One tree per mistake, all checked by one command (`bench check a/data b/data ...`): one process, not fifteen."""
    top = tmp_path_factory.mktemp("mistakes")
    expected = {}
    for name, rel, old, new, at, message in MISTAKES:
        shutil.copytree(FIXTURE, top / name / "data")
        line = edit(top / name, rel, old, new) + new[: new.index(at)].count("\n")
        expected[name] = f"{name}/data/{rel}:{line}: {message}"
    return bench_check(*(f"{name}/data" for name in expected), cwd=top), expected


@pytest.mark.parametrize("name", [m[0] for m in MISTAKES])
def test_a_mistake_gives_one_line(mistakes, name):
    result, expected = mistakes
    assert [line for line in problem_lines(result) if line.startswith(f"{name}/")] == [expected[name]]


def test_mistakes_exit_1_and_are_counted(mistakes):
    result, expected = mistakes
    assert result.returncode == 1
    assert problem_lines(result) == list(expected.values())
    assert result.stderr.strip() == f"{len(expected)} problem(s) found"


@pytest.mark.timeout(20)
def test_alias_bomb_is_refused_quickly(work):
    (work / "data" / CUR).write_text(BILLION_LAUGHS, encoding="utf-8")
    result = bench_check(cwd=work)
    assert result.returncode == 1
    assert problem_lines(result) == [f"data/{CUR}:2: YAML anchors (&a) are not allowed in data files"]


def test_empty_file(work):
    (work / "data" / FW).write_bytes(b"")
    result = bench_check(cwd=work)
    assert result.returncode == 1
    assert problem_lines(result) == [f"data/{FW}:1: file is empty"]


def test_not_utf8(work):
    path = work / "data" / OLD
    summary = "torch 2016：建模能力概要"
    line = edit(work, OLD, summary, summary)
    path.write_bytes(path.read_bytes().replace(summary.encode(), summary.encode("gb18030")))
    result = bench_check(cwd=work)
    assert result.returncode == 1
    assert problem_lines(result) == [f"data/{OLD}:{line}: file is not valid UTF-8"]


@pytest.mark.parametrize("junk", ["x: " + "[" * 3000 + "]" * 3000, "x: 1\x00", "x: !!python/object/apply:os.system ['echo hi']"])
def test_hostile_input_gives_a_line_not_a_traceback(work, junk):
    (work / "data" / CUR).write_text(f"# yaml-language-server: $schema=../../schema/ratings.schema.json\n{junk}\n", encoding="utf-8")
    result = bench_check(cwd=work)
    assert result.returncode == 1
    [line] = problem_lines(result)
    assert line.startswith(f"data/{CUR}:2: ")
    assert "hi" not in result.stdout.splitlines()


def test_every_problem_gets_its_own_line(work):
    edit(work, FW, "    status: archived\n", "    status: gone\n")
    edit(work, CUR, "  modeling:\n    stars: 5\n", "  modeling:\n    stars: 9\n")
    edit(work, OLD, "  modeling:\n", "  modeling:\n  bogus: 1\n")
    result = bench_check(cwd=work)
    assert result.returncode == 1
    lines = problem_lines(result)
    assert [LINE.match(l)["file"] for l in lines] == [f"data/{FW}", f"data/{OLD}", f"data/{CUR}"]
    assert result.stderr.strip() == f"{len(lines)} problem(s) found"


# --- what to check: all of data/, --data, files, folders ----------------------------------


def test_paths_given(work):
    line = edit(work, OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 7\n") + 1
    expected = [f"data/{OLD}:{line}: areas.modeling.stars: Input should be less than or equal to 5"]
    assert bench_check(f"data/{CUR}", cwd=work).returncode == 0
    for args in ([f"data/{CUR}", f"data/{OLD}"], ["data/ratings"], []):
        result = bench_check(*args, cwd=work)
        assert (result.returncode, problem_lines(result)) == (1, expected), args


def test_data_option_and_paths_outside_the_working_folder(work, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    line = edit(work, FW, "    status: archived\n", "    status: gone\n")
    result = bench_check("--data", str(work / "data"), cwd=elsewhere)
    assert result.returncode == 1
    # A file outside the working folder is named by the path it was given as.
    assert problem_lines(result) == [
        f"{work / 'data' / FW}:{line}: frameworks[1].status: Input should be 'active', 'maintenance' or 'archived'"
    ]


def test_missing_path(work):
    result = bench_check("data/ratings/current/jax.yaml", cwd=work)
    assert result.returncode == 1
    assert problem_lines(result) == ["data/ratings/current/jax.yaml:1: no such file or folder"]


def test_missing_data_folder(tmp_path):
    result = bench_check(cwd=tmp_path)
    assert result.returncode == 1
    assert problem_lines(result) == ["data:1: no such file or folder"]


@pytest.mark.skipif(not any((REPO / "data" / "ratings" / "current").glob("*.yaml")),
                    reason="data/ratings/current/ holds no ratings yet (the current edition is still being written)")
def test_committed_data_passes():
    result = bench_check(cwd=REPO)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


# --- --base: the change, judged by the code of the base --------------------------------------------


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


@pytest.fixture
def pr(work: Path) -> Path:
    """`work` as a repository: the fixture data committed as the base of a pull request."""
    git(work, "init", "--quiet", "--initial-branch=main")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "base")
    return work


def test_base_one_language_change_exits_1(pr):
    line = edit(pr, CUR, '      en: "pytorch current: interfaces summary."', '      en: "pytorch current: changed."')
    result = bench_check("--base", "HEAD", cwd=pr)
    assert result.returncode == 1
    [found] = problem_lines(result)
    assert found.startswith(f"data/{CUR}:{line}: the English text changed but the Chinese did not: update both languages")


def test_base_deleted_file_is_named(pr):
    (pr / "data" / OLD).unlink()
    result = bench_check("--base", "HEAD", cwd=pr)
    assert result.returncode == 1
    assert problem_lines(result) == [
        f"data/{OLD}:1: {OLD} was deleted: the 2016 edition is frozen (the ratings as published then); restore it",
    ]


def test_base_new_run_passes_with_a_note_for_the_maintainer(pr):
    run = "2026-01-12T08-00-00Z_cpu.json"
    (pr / "data" / "runs").mkdir()
    shutil.copy2(REPO / "tests" / "fixtures" / "runs" / run, pr / "data" / "runs" / run)
    result = bench_check("--base", "HEAD", cwd=pr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert f"note: data/runs/{run}:1: new run runs/{run}: a maintainer checks it before merging" in result.stderr


def test_the_base_code_judges_the_pull_request_s_data(pr, tmp_path_factory):
    """CI runs the check from a checkout of the base (here: this repository) against the pull request's data:
    a pull request that switches the rule off in its own copy of the code is still refused, and named."""
    (pr / "bench" / "data").mkdir(parents=True)
    (pr / "bench" / "data" / "diff.py").write_text("def compare_with_base(root, ref):\n    return []\n", encoding="utf-8")
    line = edit(pr, CUR, "  interfaces:\n    stars: 4.5", "  interfaces:\n    stars: 4") + 1
    elsewhere = tmp_path_factory.mktemp("base-checkout")
    result = bench_check("--data", str(pr / "data"), "--base", "HEAD", cwd=elsewhere)
    assert result.returncode == 1
    [found] = problem_lines(result)
    assert found.startswith(f"{pr / 'data' / CUR}:{line}: areas.interfaces.stars changed from 4.5 stars to 4 stars "
                            "without a history entry")
    assert ("note: this change touches code, so a maintainer must review it (.github/CODEOWNERS): "
            "bench/data/diff.py") in result.stderr


# --- hostile files: one line per problem, whatever the file is named or holds ------------------

RUN_FIXTURE = REPO / "tests" / "fixtures" / "runs" / "2026-01-12T08-00-00Z_cpu.json"


def test_a_file_name_with_a_line_break_stays_on_one_line(work):
    (work / "data" / "runs").mkdir()
    (work / "data" / "runs" / "20260112T080000Z_cpu.json\nfake.yaml:1: fake").write_bytes(RUN_FIXTURE.read_bytes())
    (work / "data" / "ratings" / "current" / "py\u202etorch.yaml").write_bytes((work / "data" / CUR).read_bytes())
    result = bench_check(cwd=work)
    assert result.returncode == 1
    lines = problem_lines(result)
    assert lines == [
        ("data/ratings/current/py\\u202etorch.yaml:1: file name: bidirectional control character U+202E is not allowed "
         "(it makes text read in another order)"),
        "data/runs/20260112T080000Z_cpu.json\\nfake.yaml:1: fake:1: file name: must be one line (no line break)",
    ]


@pytest.mark.timeout(30)
def test_hostile_run_files_give_lines_not_tracebacks(work):
    runs = work / "data" / "runs"
    runs.mkdir()
    (runs / "20260112T080000Z_deep.json").write_text('{"schema_version": 2, "x": ' + "[" * 50_000 + "]" * 50_000 + "}")
    os.symlink("/dev/zero", runs / "20260112T080000Z_zero.json")
    text = RUN_FIXTURE.read_text(encoding="utf-8")
    (runs / "20260112T080000Z_dup.json").write_text(text.replace(' "complete": true,\n', ' "complete": true,\n "complete": false,\n'))
    result = bench_check(cwd=work)
    assert result.returncode == 1
    assert sorted(problem_lines(result)) == [
        "data/runs/20260112T080000Z_deep.json:1: nested more than 64 levels deep",
        "data/runs/20260112T080000Z_dup.json:4: duplicate key 'complete' (first given on line 3)",
        "data/runs/20260112T080000Z_zero.json:1: a symbolic link; data files and folders must be plain ones",
    ]


def test_a_run_file_is_checked_wherever_it_lies(work):
    shutil.copy(RUN_FIXTURE, work / "my-run.json")
    result = bench_check("my-run.json", cwd=work)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    broken = RUN_FIXTURE.read_text(encoding="utf-8").replace('"count": 1,', '"count": 0,')
    (work / "broken.json").write_text(broken, encoding="utf-8")
    line = broken[: broken.index('"count": 0')].count("\n") + 1
    result = bench_check("broken.json", cwd=work)
    assert result.returncode == 1
    assert problem_lines(result) == [f"broken.json:{line}: device.count: Input should be greater than or equal to 1"]
