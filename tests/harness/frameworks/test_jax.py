"""bench/harness/frameworks/jax.py on the CPU: every phase and precision builds and steps (tiny MLP)."""

import json
import os

import pytest

jax = pytest.importorskip("jax")

from bench.harness.adapter import Bundle
from bench.harness.frameworks import jax as adapter
from bench.harness.matrix import Cell
from bench.harness.timing import Policy, measure

FAST = Policy(warmup_iters=1, samples=3, block_time_s=0.0, max_time_s=0.1)


def _bundle():
    return Bundle.resolve("benchtest_workloads", "tiny", "jax", "jax_model", "jax_support", quick=True)


@pytest.fixture(scope="module", autouse=True)
def _setup():
    return adapter.setup("cpu")


def test_setup_reports_version_and_settings(_setup):
    assert _setup["version"] == jax.__version__
    assert _setup["settings"]["backend"] == "cpu" and "float32" in _setup["settings"]["matmul precision"]


@pytest.mark.parametrize("phase", ["train", "forward"])
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_cells_step(phase, precision):
    prepared = adapter.prepare(Cell("jax", "tiny", phase, precision, "jit", 4), _bundle(), "cpu")
    assert prepared.params == _bundle().workload.params(True)
    assert jax.config.jax_default_matmul_precision == adapter.MATMUL_PRECISION[precision]
    m = measure(prepared.step, prepared.sync, FAST, on_steady=prepared.reset_peak)
    assert len(m.samples_s) >= 2
    assert prepared.read_peak() is None or prepared.read_peak() > 0  # the resident set on the CPU: never 0 B
    prepared.close()


def test_the_step_is_compiled_once(caplog):
    """The first step's inputs are on the device as its outputs are: later steps reuse the compilation."""
    prepared = adapter.prepare(Cell("jax", "tiny", "train", "fp32", "jit", 4), _bundle(), "cpu")
    with jax.log_compiles(True), caplog.at_level("WARNING"):
        for _ in range(3):
            prepared.step()
            prepared.sync()
    compiles = [r for r in caplog.records if "Finished XLA compilation of jit(flat_step)" in r.getMessage()]
    assert len(compiles) == 1
    prepared.close()


def test_tf32_is_unsupported_on_cpu_and_oom_is_recognised():
    assert "TF32" in adapter.unsupported(Cell("jax", "tiny", "train", "tf32", "jit", 4), "cpu")
    assert adapter.is_oom(RuntimeError("RESOURCE_EXHAUSTED: Out of memory while trying to allocate 4.00GiB"))
    assert not adapter.is_oom(ValueError("x"))


def test_one_thread_reaches_xla_through_its_flags():
    """XLA's CPU backend reads its flags at start-up: the worker sets them before JAX is imported."""
    import subprocess
    import sys

    code = ("import json; from bench.harness.worker import set_threads; set_threads(1); "
            "from bench.harness.frameworks import jax as a; print(json.dumps(a.setup('cpu')['settings']['threads']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    threads = json.loads(done.stdout.strip().splitlines()[-1])
    assert "--xla_cpu_multi_thread_eigen=false" in threads["XLA_FLAGS"] and threads["requested_intra_op"] == "1"
    if len(os.sched_getaffinity(0)) > 1:  # the worker keeps itself, and so XLA's pool, on one CPU
        assert threads["cpus"] == 1
