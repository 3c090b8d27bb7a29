"""bench/harness/frameworks/tensorflow.py on the CPU: every phase, precision and mode builds and steps (tiny MLP)."""

import os

import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
tf = pytest.importorskip("tensorflow")

from bench.harness.adapter import Bundle
from bench.harness.frameworks import tensorflow as adapter
from bench.harness.matrix import Cell
from bench.harness.timing import Policy, measure

FAST = Policy(warmup_iters=1, samples=3, block_time_s=0.0, max_time_s=0.1)


def _bundle():
    return Bundle.resolve("benchtest_workloads", "tiny", "tensorflow", "keras_model", "keras_support", quick=True)


@pytest.fixture(scope="module", autouse=True)
def _setup():
    return adapter.setup("cpu")


def test_setup_reports_version_and_settings(_setup):
    assert _setup["version"] == tf.__version__
    assert _setup["settings"]["keras"]


@pytest.mark.parametrize("mode", ["eager", "function", "xla"])
@pytest.mark.parametrize("phase", ["train", "forward"])
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_cells_step(mode, phase, precision):
    import keras

    cell = Cell("tensorflow", "tiny", phase, precision, mode, 4)
    prepared = adapter.prepare(cell, _bundle(), "cpu")
    assert prepared.params == _bundle().workload.params(True)
    assert keras.mixed_precision.global_policy().name == "float32"  # the bf16 policy does not leak
    m = measure(prepared.step, prepared.sync, FAST, on_steady=prepared.reset_peak)
    assert len(m.samples_s) >= 2
    assert prepared.read_peak() is None or prepared.read_peak() > 0  # never 0 B
    prepared.close()


def test_training_step_updates_the_weights():
    prepared = adapter.prepare(Cell("tensorflow", "tiny", "train", "fp32", "function", 4), _bundle(), "cpu")
    weights = prepared.model.trainable_weights
    before = [w.numpy().copy() for w in weights]
    prepared.step()
    assert any((b != w.numpy()).any() for b, w in zip(before, weights))
    prepared.close()


def test_is_oom_and_unsupported():
    assert adapter.is_oom(tf.errors.ResourceExhaustedError(None, None, "OOM"))
    assert not adapter.is_oom(ValueError("x"))
    assert "TF32" in adapter.unsupported(Cell("tensorflow", "tiny", "train", "tf32", "xla", 4), "cpu")


def test_threads_reach_tensorflow():
    """In a fresh worker-like process: the thread counts are set before TensorFlow's runtime starts."""
    import subprocess
    import sys

    code = ("import os, json; from bench.harness.worker import set_threads; set_threads(1); "
            "from bench.harness.frameworks import tensorflow as a; info = a.setup('cpu'); "
            "print(json.dumps(info['settings']['threads']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip().splitlines()[-1] == '{"intra_op": 1, "inter_op": 1}'
