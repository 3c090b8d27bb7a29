"""bench/harness/cli.py: run, list and env on the command line."""

import errno
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.cli import main
from bench.harness import runner, workerproc


def _bench(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "bench", *args], check=False, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("verb", ["run", "list", "env"])
def test_help(verb):
    done = _bench(verb, "--help")
    assert done.returncode == 0
    assert "usage: python -m bench " + verb in done.stdout


def test_run_help_tells_the_quick_matrix():
    out = _bench("run", "--help").stdout
    assert "--quick" in out and "torch.compile" in out and "--python FRAMEWORK=PATH" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--frameworks", "pytorhc"], "unknown framework 'pytorhc' (known: pytorch, tensorflow, jax)"),
        (["--workloads", "alexnet,resnet"], "unknown workload 'resnet' (known: alexnet,"),
        (["--precision", "fp16"], "unknown precision 'fp16'"),
        (["--mode", "graph"], "unknown mode 'graph'"),
        (["--frameworks", "tensorflow", "--mode", "compile"], "no selected framework has mode(s) compile"),
        (["--python", "pytorch"], "--python takes FRAMEWORK=PATH"),
        (["--python", "mxnet=/usr/bin/python3"], "unknown framework 'mxnet' in --python"),
        (["--python", "pytorch=/"], "--python pytorch: '/' is not an executable file"),
    ],
)
def test_bad_names_give_one_line_and_exit_2(args, message, capsys, tmp_path):
    assert main(["run", "--out", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("python -m bench run: error: ")
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_context_longer_than_the_position_table_is_refused_before_measuring(capsys, tmp_path, monkeypatch):
    import dataclasses

    from bench.harness.workloads import REGISTRY

    gpt2 = REGISTRY["gpt2"]
    monkeypatch.setitem(REGISTRY, "gpt2", dataclasses.replace(gpt2, quick_config={**gpt2.quick_config, "seq_len": 65}))
    assert main(["run", "--quick", "--workloads", "gpt2", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == "python -m bench run: error: gpt2: context 65 is longer than the position table (64 positions)\n"
    assert not list(tmp_path.iterdir())  # nothing measured, nothing written


def test_bad_names_in_a_fresh_process_print_no_traceback():
    done = _bench("run", "--workloads", "nosuch")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]


@pytest.fixture
def nothing_runs(monkeypatch):
    """Record any run or worker start instead of doing it: a refused argument must start neither."""
    started = []
    monkeypatch.setattr(runner, "run", lambda options: started.append(options) or options.out_dir / "x.json")
    monkeypatch.setattr(workerproc.WorkerProcess, "start", lambda self, *a, **k: started.append(self))
    return started


def _usage_error(capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(["run", *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


BAD_NUMBERS = [
    ("--max-time", value, "must be a finite number > 0") for value in ("nan", "inf", "-inf", "1e999", "-1", "0", "five")
] + [
    ("--cell-timeout", value, "must be a finite number > 0") for value in ("nan", "inf", "0", "-5")
] + [
    ("--time-budget", value, "must be a finite number > 0") for value in ("nan", "inf", "0", "-60")
] + [
    ("--samples", value, "must be an integer >= 1") for value in ("0", "-3", "2.5", "many")
] + [
    ("--repeats", value, "must be an integer >= 1") for value in ("0", "-1", "1.5")
] + [
    ("--threads", value, "must be an integer >= 1") for value in ("0", "two")
] + [
    ("--batch-size", value, "must be an integer >= 1") for value in ("0", "-2", "1e3")
] + [
    ("--warmup", value, "must be an integer >= 0") for value in ("-1", "nan")
]


@pytest.mark.parametrize("option, value, message", BAD_NUMBERS)
def test_bad_numbers_are_refused_before_anything_runs(option, value, message, capsys, tmp_path, nothing_runs):
    line = _usage_error(capsys, ["--out", str(tmp_path), f"{option}={value}"])  # "=": argparse takes -inf for an option
    assert line == f"python -m bench run: error: argument {option}: {message}, got {value!r}"
    assert nothing_runs == [] and not list(tmp_path.iterdir())


def test_every_numeric_option_states_its_range_in_help():
    out = " ".join(_bench("run", "--help").stdout.split())
    for option, allowed in [("--batch-size N", "N >= 1"), ("--max-time S", "S > 0"), ("--samples N", "N >= 1"),
                            ("--repeats N", "N >= 1"), ("--threads N", "N >= 1"), ("--warmup N", "N >= 0"), ("--cell-timeout S", "S > 0"), ("--time-budget S", "S > 0")]:
        start = out.index(option + " ")
        assert allowed in out[start: start + 120], option


def test_good_numbers_reach_the_run(tmp_path, nothing_runs, capsys):
    args = ["run", "--out", str(tmp_path), "--frameworks", "pytorch", "--workloads", "alexnet", "--device", "cpu", "--quick",
            "--max-time", "0.25", "--samples", "1", "--repeats", "3", "--threads", "1", "--warmup", "0", "--cell-timeout", "7", "--time-budget", "30", "--batch-size", "3"]
    assert main(args) == 0
    (options,) = nothing_runs
    assert options.out_dir == tmp_path and options.cell_timeout_s == 7.0 and options.time_budget_s == 30.0
    assert (options.policy.max_time_s, options.policy.samples, options.policy.warmup_iters) == (0.25, 1, 0)
    assert (options.repeats, options.threads) == (3, 1)
    assert {cell.batch_size for cell in options.cells} == {3}


COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("value", ["abc123", COMMIT + "0", "z" * 40, ""])
def test_a_git_commit_that_is_not_a_full_id_is_refused_before_anything_runs(value, capsys, tmp_path, nothing_runs):
    line = _usage_error(capsys, ["--out", str(tmp_path), f"--git-commit={value}"])
    assert line.startswith("python -m bench run: error: argument --git-commit: must be a full commit id, 40 hexadecimal")
    assert nothing_runs == []


def test_a_given_git_commit_reaches_the_run(tmp_path, nothing_runs, monkeypatch):
    from bench.harness import env

    monkeypatch.setattr(env, "_git", lambda *args: None)  # a copied tree: no .git
    monkeypatch.delenv(env.GIT_COMMIT_ENV, raising=False)
    args = ["run", "--out", str(tmp_path), "--frameworks", "pytorch", "--workloads", "alexnet", "--device", "cpu", "--quick"]
    assert main([*args, "--git-commit", COMMIT.upper()]) == 0
    monkeypatch.setenv(env.GIT_COMMIT_ENV, COMMIT)
    assert main(args) == 0
    assert [options.harness["git_commit"] for options in nothing_runs] == [COMMIT, COMMIT]


def test_a_bad_commit_in_the_environment_is_one_line_and_exit_2(tmp_path, nothing_runs, monkeypatch, capsys):
    from bench.harness import env

    monkeypatch.setenv(env.GIT_COMMIT_ENV, "HEAD")
    assert main(["run", "--out", str(tmp_path), "--device", "cpu", "--quick"]) == 2
    assert capsys.readouterr().err == ("python -m bench run: error: BENCH_GIT_COMMIT: must be a full commit id, "
                                       "40 hexadecimal digits (git rev-parse HEAD), got 'HEAD'\n")
    assert nothing_runs == []


def test_quick_uses_one_process_and_a_full_run_enough_for_an_interval(tmp_path, nothing_runs):
    from bench.harness.stats import MIN_PROCESSES

    base = ["run", "--out", str(tmp_path), "--frameworks", "pytorch", "--workloads", "alexnet", "--device", "cpu"]
    assert main([*base, "--quick"]) == 0 and main(base) == 0
    quick, full = nothing_runs
    assert (quick.repeats, full.repeats) == (1, MIN_PROCESSES)


@pytest.mark.parametrize("name, message", [
    ("", "must name a folder, got an empty string"),
    (" ", "must name a folder, got an empty string"),
    ("a-file", "must be a folder, got the file"),
    ("a-file/runs", "cannot write in"),
    ("nul\0here", "cannot write in"),
])
def test_an_output_that_is_no_folder_is_refused_before_anything_runs(name, message, capsys, tmp_path, nothing_runs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a-file").write_text("not a folder")
    line = _usage_error(capsys, ["--out", name])
    assert line.startswith(f"python -m bench run: error: argument --out: {message}")
    assert nothing_runs == [] and sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_an_unwritable_output_is_refused_before_anything_runs(capsys, tmp_path, nothing_runs, monkeypatch):
    # root writes through any mode bits, so the refusal the folder would give is played by the probe's mkstemp
    real = tempfile.mkstemp

    def refuse(*args, dir=None, **kw):
        if Path(dir) == tmp_path / "locked":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, dir=dir, **kw)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    line = _usage_error(capsys, ["--out", str(tmp_path / "locked")])
    assert line == f"python -m bench run: error: argument --out: cannot write in {str(tmp_path / 'locked')!r}: Permission denied"
    assert nothing_runs == [] and not list((tmp_path / "locked").iterdir())


def test_a_missing_output_folder_is_created_and_left_clean(tmp_path, nothing_runs, capsys):
    out = tmp_path / "new" / "runs"
    assert main(["run", "--out", str(out), "--frameworks", "pytorch", "--workloads", "alexnet", "--device", "cpu", "--quick"]) == 0
    assert out.is_dir() and not list(out.iterdir())  # the probe file is gone
    assert nothing_runs[0].out_dir == out


def test_a_failed_write_mid_run_is_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    message = f"cannot write {tmp_path}/x.json: No space left on device; the run stopped after 2 of 5 cell(s), it keeps them"

    def stops(options):
        raise runner.RunFileError(message)

    monkeypatch.setattr(runner, "run", stops)
    assert main(["run", "--out", str(tmp_path), "--frameworks", "pytorch", "--workloads", "alexnet", "--device", "cpu", "--quick"]) == 1
    assert capsys.readouterr().err == f"python -m bench run: error: {message}\n"


def test_bad_numbers_in_a_fresh_process_print_no_traceback(tmp_path):
    done = _bench("run", "--out", str(tmp_path), "--max-time", "nan")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "python -m bench run: error: argument --max-time: must be a finite number > 0, got 'nan'"


def test_list_shows_workloads_and_frameworks(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "alexnet" in out and "61,100,840" in out and "pytorch" in out and "eager, function, xla" in out
    assert main(["list", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {w["id"] for w in doc["workloads"]} >= {"alexnet", "transformer"}
    assert all(w["params"] > w["params_quick"] > 0 for w in doc["workloads"])


def test_env_reads_each_framework_in_a_worker():
    done = _bench("env", "--device", "cpu", "--frameworks", "pytorch", timeout=300)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["device"]["kind"] == "cpu" and doc["host"]["cores_logical"] >= 1
    (torch_info,) = doc["frameworks"]
    assert torch_info["id"] == "pytorch" and torch_info["available"] and torch_info["version"].startswith("2.")
    assert torch_info["import_time_s"] > 0
