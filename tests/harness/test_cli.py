"""bench/harness/cli.py: run, list and env on the command line."""

import json
import subprocess
import sys

import pytest

from bench.cli import main


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
        (["--batch-size", "0"], "--batch-size must be at least 1"),
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
