"""bench/harness/worker.py: a cell's status from what the adapter does (in-process), and the hello of a missing framework."""

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from bench.harness import worker
from bench.harness.adapter import Prepared
from bench.harness.timing import Policy

FAST = Policy(warmup_iters=0, samples=3, block_time_s=0.002, max_time_s=0.1).as_dict()


def _request(workload="tiny", precision="fp32"):
    return {"op": "cell", "policy": FAST, "quick": True,
            "cell": {"framework": "pytorch", "workload": workload, "phase": "train", "precision": precision, "mode": "eager", "batch_size": 2}}


def _run(adapter, request=None, framework="pytorch"):
    return worker.run_cell(adapter, request or _request(), framework=framework, device="cpu", registry="benchtest_workloads",
                           model_module="torch_model", support_module="fake_support")


def _raising_adapter(real, exc):
    """The real adapter's is_oom and unsupported, with a step that raises ``exc``."""
    def prepare(cell, bundle, device):
        def step():
            raise exc
        return Prepared(step=step, sync=lambda: None, reset_peak=lambda: None, read_peak=lambda: None, peak_memory_kind=None, params=1)
    return SimpleNamespace(unsupported=real.unsupported, is_oom=real.is_oom, prepare=prepare)


def test_torch_out_of_memory_error_is_status_oom():
    torch = pytest.importorskip("torch")
    from bench.harness.frameworks import pytorch

    answer = _run(_raising_adapter(pytorch, torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")))
    assert answer == {"status": "oom", "reason": "OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"}


def test_tensorflow_resource_exhausted_is_status_oom():
    tf = pytest.importorskip("tensorflow")
    from bench.harness.frameworks import tensorflow

    exc = tf.errors.ResourceExhaustedError(None, None, "OOM when allocating tensor with shape[128,64,112,112]")
    answer = _run(_raising_adapter(tensorflow, exc), framework="tensorflow")
    assert answer["status"] == "oom"
    assert "OOM when allocating" in answer["reason"]


def test_other_exceptions_are_errors_with_the_first_line():
    torch = pytest.importorskip("torch")
    from bench.harness.frameworks import pytorch

    answer = _run(_raising_adapter(pytorch, RuntimeError("mat1 and mat2 shapes cannot be multiplied\nmore")))
    assert answer == {"status": "error", "reason": "RuntimeError: mat1 and mat2 shapes cannot be multiplied"}
    del torch


def test_tf32_on_cpu_is_unsupported_before_anything_is_built():
    pytest.importorskip("torch")
    from bench.harness.frameworks import pytorch

    answer = _run(_raising_adapter(pytorch, AssertionError("never built")), _request(precision="tf32"))
    assert answer["status"] == "unsupported"
    assert "TF32" in answer["reason"]


def test_a_mode_the_registry_does_not_list_is_refused_before_anything_is_built():
    """The worker refuses it from the registry's list of modes, whatever the adapter would do."""
    from bench.harness.frameworks import FRAMEWORKS

    request = _request()
    request["cell"]["mode"] = "xla"
    answer = worker.run_cell(_raising_adapter(SimpleNamespace(unsupported=lambda c, d: None, is_oom=lambda e: False),
                                              AssertionError("never built")),
                             request, framework="pytorch", device="cpu", registry="benchtest_workloads",
                             model_module="torch_model", support_module="fake_support", name="PyTorch",
                             modes=tuple(FRAMEWORKS["pytorch"].modes))
    assert answer == {"status": "unsupported", "reason": "mode xla is not a PyTorch mode (eager, compile)"}


def test_ok_cell_carries_raw_samples():
    import benchtest_fake

    answer = _run(benchtest_fake, framework="fake")
    assert answer["status"] == "ok"
    assert len(answer["samples_s"]) >= 2
    assert answer["params"] == 7 and answer["path"] == "fake path"
    assert answer["first_step_s"] >= 0 and answer["peak_memory_bytes"] == 1234


def test_missing_framework_says_not_installed(helpers_on_path):
    done = subprocess.run(
        [sys.executable, "-m", "bench.harness.worker", "--framework", "missing", "--package", "no_such_framework_pkg",
         "--adapter", "benchtest_fake", "--device", "cpu", "--model-module", "m", "--support-module", "s"],
        check=False, capture_output=True, text=True, timeout=60, input="",
    )
    hello = json.loads(done.stdout.splitlines()[0])
    assert hello["available"] is False
    assert hello["reason"].startswith("not installed: no_such_framework_pkg")


def test_worker_answers_on_its_own_channel_only(helpers_on_path):
    """Prints of the framework go to stderr; stdout holds one JSON object per line."""
    request = json.dumps(_request()).replace('"pytorch"', '"fake"')
    done = subprocess.run(
        [sys.executable, "-m", "bench.harness.worker", "--framework", "fake", "--package", "json", "--adapter", "benchtest_fake",
         "--device", "cpu", "--registry", "benchtest_workloads", "--model-module", "fake_model", "--support-module", "fake_support"],
        check=False, capture_output=True, text=True, timeout=60, input=request + "\n" + '{"op": "exit"}\n',
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [m["op"] for m in lines] == ["hello", "cell"]
    assert lines[0]["available"] and lines[0]["import_time_s"] >= 0
    assert lines[1]["status"] == "ok"


def test_host_memory_error_is_status_oom_in_any_framework():
    adapter = SimpleNamespace(unsupported=lambda cell, device: None, is_oom=lambda exc: False,
                              prepare=_raising_adapter(SimpleNamespace(unsupported=None, is_oom=None), MemoryError()).prepare)
    assert _run(adapter)["status"] == "oom"


def test_an_answer_carries_the_block_size_warmup_stop_reason_and_layout():
    def prepare(cell, bundle, device):
        return Prepared(step=lambda: None, sync=lambda: None, reset_peak=lambda: None, read_peak=lambda: None,
                        peak_memory_kind=None, params=1, layout="NCHW")

    adapter = SimpleNamespace(unsupported=lambda cell, device: None, is_oom=lambda exc: False, prepare=prepare)
    answer = _run(adapter)
    assert answer["status"] == "ok" and len(answer["samples_s"]) == 3 and answer["stopped_by"] == "samples"
    assert answer["block_steps"] > 1  # a step that does nothing: many per 2 ms block
    assert answer["warmup_iters"] >= answer["block_steps"] // 2 and answer["layout"] == "NCHW"
    assert answer["clocks_settled"] is None  # no check on a CPU
