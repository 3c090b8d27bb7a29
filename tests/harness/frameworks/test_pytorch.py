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
    assert info["settings"]["threads"] == {"intra_op": torch.get_num_threads(), "inter_op": torch.get_num_interop_threads()}
    assert "optimizer" in info["settings"]


@pytest.mark.parametrize("phase", ["train", "forward"])
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_eager_cells_step(phase, precision):
    cell = Cell("pytorch", "tiny", phase, precision, "eager", 4)
    prepared = pytorch.prepare(cell, _bundle(), "cpu")
    assert prepared.params == _bundle().workload.params(True)
    m = measure(prepared.step, prepared.sync, FAST, on_steady=prepared.reset_peak)
    assert len(m.samples_s) >= 2
    assert prepared.read_peak() is None or prepared.read_peak() > 0  # never 0 B
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


def test_compile_wraps_the_whole_training_step_optimizer_included():
    """Inspected, not timed: the compiled callable is the step (forward, loss, backward, optimizer), not the model."""
    prepared = pytorch.prepare(Cell("pytorch", "tiny", "train", "fp32", "compile", 4), _bundle(), "cpu")
    original = prepared.step._torchdynamo_orig_callable
    assert original.__name__ == "train_step"
    names = set(original.__code__.co_freevars)
    assert {"optimizer", "forward", "loss_of"} <= names
    prepared.close()
    eager = pytorch.prepare(Cell("pytorch", "tiny", "train", "fp32", "eager", 4), _bundle(), "cpu")
    assert not hasattr(eager.step, "_torchdynamo_orig_callable")
    eager.close()


def test_layout_is_channels_last_for_images_on_a_gpu_under_bf16():
    images = {"images": torch.zeros(2, 3, 8, 8)}
    assert pytorch.image_layout(images, torch.device("cuda"), "bf16") == "channels_last"
    assert pytorch.image_layout(images, torch.device("cuda"), "fp32") == "NCHW"
    assert pytorch.image_layout(images, torch.device("cpu"), "bf16") == "NCHW"
    assert pytorch.image_layout({"tokens": torch.zeros(2, 5, dtype=torch.long)}, torch.device("cuda"), "bf16") is None


def test_threads_reach_torch(monkeypatch):
    monkeypatch.setenv("BENCH_THREADS", "1")
    info = pytorch.setup("cpu")
    assert torch.get_num_threads() == 1
    assert info["settings"]["threads"]["intra_op"] == 1
