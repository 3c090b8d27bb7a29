"""The registry and the framework-neutral specs (no framework imported here)."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
from workload_helpers import WORKLOAD_IDS

from bench.harness.workloads import REGISTRY, Workload, get
from bench.harness.workloads.base import FAMILIES, INPUT_LAYER_KINDS, TASKS, TRAIN_FLOPS_FACTOR

EXPECTED_IDS = [
    "alexnet", "vgg11", "googlenet", "resnet50", "c3d_small", "rnn_tanh", "lstm", "gru", "bilstm", "transformer", "gpt2"]


def test_registry_lists_every_workload_once_under_its_id():
    assert list(REGISTRY) == EXPECTED_IDS
    assert all(isinstance(w, Workload) and w.id == key for key, w in REGISTRY.items())


def test_get_names_the_known_ids_on_a_typo():
    assert get("resnet50") is REGISTRY["resnet50"]
    with pytest.raises(KeyError, match="resnet50"):
        get("resnet-50")


def test_importing_the_registry_imports_no_framework_and_no_numpy():
    # The site build reads names and counts from the registry; numpy comes only with Workload.example.
    code = ("import sys, bench.harness.workloads as w; w.REGISTRY['lstm'].flops(2, True, 'train'); "
            "w.REGISTRY['transformer'].params(True); "
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_spec_fields(wid):
    w = REGISTRY[wid]
    assert w.family in FAMILIES and w.task in TASKS
    assert w.reference.startswith("https://") and len(w.variant) > 40 and w.name
    per_example = {"classify": "clips/s" if w.family == "convnet3d" else "images/s"}.get(w.task, "sequences/s")
    assert w.unit == ("tokens/s" if w.id == "gpt2" else per_example)
    assert w.items_per_example(True) == (w.config(True)["seq_len"] if w.unit == "tokens/s" else 1)
    assert w.batch_size > w.quick_batch_size >= 2
    assert w.config(True).keys() == w.config(False).keys()
    # quick keeps the architecture: the same weighted layers, in the same order; a stack of identical
    # blocks (h.0, h.1, ...) may be shorter (GPT-2's 12 blocks are 2 in quick)
    def plan(quick: bool) -> list[tuple[str, str]]:
        return list(dict.fromkeys((re.sub(r"\.\d+\.", ".N.", layer.name), layer.kind) for layer in w.layers(quick)))

    assert plan(True) == plan(False)
    names = [layer.name for layer in w.layers(False)]
    assert len(names) == len(set(names))


def test_convnet_benchmarks_batch_sizes():
    assert {w.id: w.batch_size for w in REGISTRY.values() if w.family == "convnet"} == {
        "alexnet": 128, "vgg11": 64, "googlenet": 128, "resnet50": 128}


# Published parameter counts of the same definitions (torchvision's models; Szegedy et al. for GoogLeNet
# without auxiliary heads): the analytic count must reproduce them.
PUBLISHED_PARAMS = {"alexnet": 61_100_840, "vgg11": 132_863_336, "googlenet": 6_998_552, "resnet50": 25_557_032}


@pytest.mark.parametrize("wid", sorted(PUBLISHED_PARAMS))
def test_published_parameter_counts(wid):
    assert REGISTRY[wid].params(quick=False) == PUBLISHED_PARAMS[wid]


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_train_flops_are_three_forwards_and_scale_with_batch(wid):
    w = REGISTRY[wid]
    forward = w.flops(8, quick=False, phase="forward")
    assert forward > 0 and w.flops(16, False, "forward") == 2 * forward
    first = w.layers(False)[0]
    skipped = 8 * first.flops if first.kind in INPUT_LAYER_KINDS else 0  # no gradient for the input itself
    assert w.flops(8, False, "train") == TRAIN_FLOPS_FACTOR * forward - skipped
    with pytest.raises(ValueError):
        w.flops(8, False, "backward")


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_example_is_layout_neutral_and_deterministic(wid):
    w = REGISTRY[wid]
    cfg = w.config(quick=True)
    ex = w.example(3, quick=True, seed=1)
    assert set(ex) == {*w.input_names, w.target_name}
    for a, b in zip(ex.values(), w.example(3, quick=True, seed=1).values()):
        np.testing.assert_array_equal(a, b)
    target = ex[w.target_name]
    assert target.dtype == np.int64
    if w.task == "classify":
        x = ex[w.input_names[0]]
        assert x.dtype == np.float32 and x.shape == (3, *cfg["input_shape"])  # NCHW / NCDHW
        assert target.shape == (3,) and target.max() < cfg["classes"]
    elif w.task == "lm":
        assert ex["tokens"].shape == target.shape == (3, cfg["seq_len"])
        np.testing.assert_array_equal(ex["tokens"][:, 1:], target[:, :-1])  # next-token targets
    else:
        assert ex["src"].shape == (3, cfg["src_len"]) and ex["tgt_in"].shape == target.shape == (3, cfg["tgt_len"])
        np.testing.assert_array_equal(ex["tgt_in"][:, 1:], target[:, :-1])  # teacher forcing


def test_module_paths():
    assert REGISTRY["lstm"].module("pytorch") == "bench.harness.workloads.lstm.torch_model"
    assert REGISTRY["lstm"].module("tensorflow") == "bench.harness.workloads.lstm.keras_model"
    assert REGISTRY["lstm"].module("jax") == "bench.harness.workloads.lstm.jax_model"
    with pytest.raises(KeyError, match="known: pytorch, tensorflow, jax"):
        REGISTRY["lstm"].module("mxnet")
