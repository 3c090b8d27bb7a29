"""bench/harness/env.py and peaks.py: host, device slugs, NVML decoding, peaks."""

import re
from types import SimpleNamespace

import pytest

from bench.harness import env
from bench.harness.peaks import peak_source, peak_tflops


def test_host_has_the_fields_of_the_model():
    from bench.data.runs import Host

    Host.model_validate(env.host())


def test_cpu_device_and_slug():
    device = env.device("cpu")
    assert device["kind"] == "cpu" and device["count"] == 1
    assert env.slug(device) == "cpu"


def test_gpu_slugs():
    for name, slug in [("NVIDIA H200", "h200"), ("NVIDIA H100 80GB HBM3", "h100"), ("NVIDIA A100-SXM4-80GB", "a100"),
                       ("NVIDIA GeForce RTX 4090", "4090"), ("Tesla V100-SXM2-16GB", "v100")]:
        assert env.slug({"kind": "cuda", "name": name}) == slug


def test_peaks_of_known_gpus():
    assert peak_tflops("NVIDIA H100 80GB HBM3") == {"fp32": 67.0, "tf32": 494.5, "bf16": 989.5}
    assert peak_tflops("NVIDIA H100 PCIe")["bf16"] == 756.0
    assert peak_tflops("NVIDIA H200")["tf32"] == 494.5
    assert peak_tflops("Some CPU") == {}


def test_the_2016_titan_x_has_its_peak_and_every_peak_its_source():
    assert peak_tflops("NVIDIA GeForce GTX Titan X (Maxwell), one GPU") == {"fp32": 6.6}
    assert peak_tflops("NVIDIA TITAN X (Pascal)") == {}  # another GPU of the same name
    for name in ("NVIDIA H100 PCIe", "NVIDIA H200", "NVIDIA A100-SXM4-80GB", "GeForce GTX TITAN X"):
        title, url = peak_source(name)
        assert title and url.startswith("https://www.nvidia.com/")
    assert peak_source("Some CPU") is None


def test_throttle_reasons_are_decoded():
    lib = SimpleNamespace(nvmlClocksEventReasonGpuIdle=1, nvmlClocksEventReasonSwPowerCap=4, nvmlClocksEventReasonHwSlowdown=8,
                          nvmlClocksThrottleReasonSwPowerCap=4, nvmlClocksEventReasonAll=0xFF, nvmlClocksEventReasonNone=0)
    assert env.decode_reasons(4 | 8, lib) == ["hw_slowdown", "sw_power_cap"]
    assert env.decode_reasons(0, lib) == []


def test_auto_device_without_a_gpu_is_cpu():
    assert env.resolve_device("auto", SimpleNamespace(count=0)) == "cpu"
    assert env.resolve_device("auto", SimpleNamespace(count=1)) == "cuda"
    assert env.resolve_device("cpu") == "cpu"


def test_harness_records_the_git_commit():
    info = env.harness()
    assert info["version"]
    if info["git_commit"] is not None:
        assert len(info["git_commit"]) == 40 and isinstance(info["git_dirty"], bool)


SHA = "0123456789abcdef0123456789abcdef01234567"
OTHER = "fedcba9876543210fedcba9876543210fedcba98"


def test_a_copied_tree_takes_its_commit_from_the_option_or_the_environment():
    assert env.resolve_commit(SHA, {}, None) == SHA
    assert env.resolve_commit(None, {env.GIT_COMMIT_ENV: SHA.upper() + "\n"}, None) == SHA
    assert env.resolve_commit(SHA, {env.GIT_COMMIT_ENV: OTHER}, None) == SHA  # the option comes first
    assert env.resolve_commit(None, {env.GIT_COMMIT_ENV: ""}, None) is None  # set to nothing: not given


def test_a_checkout_records_its_own_head():
    assert env.resolve_commit(None, {}, SHA) == SHA
    assert env.resolve_commit(SHA, {}, SHA) == SHA


@pytest.mark.parametrize("given, environ, message", [
    (SHA[:12], {}, "--git-commit: must be a full commit id, 40 hexadecimal digits"),
    (None, {env.GIT_COMMIT_ENV: "main"}, "BENCH_GIT_COMMIT: must be a full commit id"),
    (None, {env.GIT_COMMIT_ENV: SHA[:-1] + "g"}, "BENCH_GIT_COMMIT: must be a full commit id"),
    (OTHER, {}, f"--git-commit: {OTHER} is not the checkout's HEAD ({SHA})"),
])
def test_a_wrong_commit_is_refused(given, environ, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        env.resolve_commit(given, environ, SHA if given == OTHER else None)


def test_harness_without_git_records_the_given_commit_and_no_dirty_flag(monkeypatch):
    monkeypatch.setattr(env, "_git", lambda *args: None)  # a copied tree: no .git
    assert env.harness(environ={env.GIT_COMMIT_ENV: SHA})["git_commit"] == SHA
    info = env.harness(environ={})
    assert info["git_commit"] is None and info["git_dirty"] is None


def test_command_is_the_exact_command_line(monkeypatch):
    monkeypatch.setattr("sys.argv", ["/repo/bench/__main__.py", "run", "--quick", "--workloads", "alexnet,lstm", "--out", "my runs"])
    assert env.command() == "python -m bench run --quick --workloads alexnet,lstm --out 'my runs'"


def test_a_busy_loop_beside_a_cell_flags_it_contended():
    """A synthetic neighbour: two processes spinning while an idle 'worker' sleeps through the cell."""
    import subprocess
    import sys
    import time

    from bench.harness import env as envmod

    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        time.sleep(0.3)  # the spinners are running
        probe = envmod.LoadProbe(worker.pid)
        time.sleep(1.5)
        reading = probe.stop()
    finally:
        for proc in (*spinners, worker):
            proc.kill()
            proc.wait()
    # the two spinners kept at least about one core busy (they share the machine with the tests' neighbours)
    assert reading["other_busy_cores"] > 0.8 and reading["load_avg_1m"] >= 0
    assert envmod.contended(reading["other_busy_cores"], threads=2, cores=2)


def test_contention_rule_counts_the_cores_left_over():
    from bench.harness.env import contended

    assert not contended(0.3, threads=2, cores=2)  # scheduler noise
    assert contended(0.9, threads=2, cores=2)  # a neighbour took most of a core the cell needed
    assert not contended(0.9, threads=1, cores=2)  # it took the core the cell left free
    assert contended(1.7, threads=1, cores=2)
    assert not contended(None, threads=1, cores=2)
