"""bench/harness/frameworks/pytorch.py on the CPU: every phase, precision and mode builds and steps (tiny MLP)."""

import pytest

torch = pytest.importorskip("torch")

from bench.harness.adapter import Bundle
from bench.harness.frameworks import pytorch
from bench.harness.matrix import Cell
from bench.harness.timing import Policy, measure

FAST = Policy(warmup_iters=1, samples=3, block_time_s=0.0, max_time_s=0.1)


def _bundle():
    return Bundle.resolve("benchtest_workloads", "tiny", "pytorch", "torch_model", "torch_support", quick=True)


def test_setup_reports_version_and_settings():
    info = pytorch.setup("cpu")
    assert info["version"] == torch.__version__
    assert info["settings"]["threads"] == torch.get_num_threads()
    assert "optimizer" in info["settings"]


@pytest.mark.parametrize("phase", ["train", "forward"])
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_eager_cells_step(phase, precision):
    cell = Cell("pytorch", "tiny", phase, precision, "eager", 4)
    prepared = pytorch.prepare(cell, _bundle(), "cpu")
    assert prepared.params == _bundle().workload.params(True)
    m = measure(prepared.step, prepared.sync, FAST, on_steady=prepared.reset_peak)
    assert len(m.samples_s) >= 2
    assert prepared.read_peak() is not None and prepared.read_peak() >= 0
    assert prepared.peak_memory_kind.startswith("host peak resident set")
    assert prepared.describe_path() is None
    prepared.close()


def test_training_step_updates_the_weights():
    prepared = pytorch.prepare(Cell("pytorch", "tiny", "train", "fp32", "eager", 4), _bundle(), "cpu")
    before = [p.detach().clone() for p in prepared.model.parameters()]
    prepared.step()
    assert any(not torch.equal(b, p) for b, p in zip(before, prepared.model.parameters()))
    prepared.close()


def test_tf32_is_unsupported_on_cpu():
    assert "TF32" in pytorch.unsupported(Cell("pytorch", "tiny", "train", "tf32", "eager", 4), "cpu")
    assert pytorch.unsupported(Cell("pytorch", "tiny", "train", "tf32", "eager", 4), "cuda") is None


def test_cuda_without_a_gpu_is_unsupported():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(Exception, match="sees no CUDA device"):
        pytorch.setup("cuda")


def test_is_oom():
    assert pytorch.is_oom(torch.OutOfMemoryError("CUDA out of memory"))
    assert pytorch.is_oom(RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"))
    assert not pytorch.is_oom(RuntimeError("shape mismatch"))


@pytest.mark.slow
def test_compile_forward_cell_names_its_path():
    """One cold inductor compile of a tiny forward (tens of seconds on 2 cores)."""
    prepared = pytorch.prepare(Cell("pytorch", "tiny", "forward", "fp32", "compile", 4), _bundle(), "cpu")
    m = measure(prepared.step, prepared.sync, FAST)
    assert m.samples_s
    assert prepared.describe_path() == "torch.compile (inductor): 1 graph, no graph breaks"
    prepared.close()


def test_compile_path_names_graph_breaks(monkeypatch):
    from collections import Counter, defaultdict

    counters = defaultdict(Counter)
    monkeypatch.setattr(torch._dynamo.utils, "counters", counters)
    counters["stats"]["unique_graphs"] = 0
    counters["unimplemented"]["Attempted to wrap RNN, GRU, or LSTM\n  Explanation: ..."] = 1
    assert pytorch.compile_path() == "torch.compile captured no graph: the model ran eagerly (Attempted to wrap RNN, GRU, or LSTM)"
    counters["stats"]["unique_graphs"] = 2
    assert pytorch.compile_path().startswith("torch.compile (inductor): 2 graph(s) and 1 graph break(s) run eagerly")
