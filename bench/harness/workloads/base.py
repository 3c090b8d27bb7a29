"""What a workload is, framework-neutral: shapes, batch sizes, an analytic parameter and FLOPs count.

No framework imports, and numpy only where inputs are made (``Workload.example``): the harness's
parent process reads this without a framework, and the site build, which only needs names and
counts, without numpy.
A workload's network is described once, as a table of its weighted layers (``Layer``); the
parameter count and the FLOPs are sums over that table, and the tests hold the PyTorch and the
Keras implementations to it layer by layer (same names, same parameter counts, same output shapes).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

FAMILIES = ("convnet", "convnet3d", "recurrent", "attention")
TASKS = ("classify", "lm", "seq2seq")
PHASES = ("forward", "train")

# A training step is counted as 3x the forward FLOPs: the backward pass computes the gradient with
# respect to the activations and with respect to the weights, each about one forward's worth of
# multiply-adds (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", section 2.1),
# less the gradient with respect to the network's input, which no framework computes: the first
# layer's input-gradient FLOPs (its forward FLOPs where it is a convolution or a dense layer fed the
# input; an embedding has none) are left out.
TRAIN_FLOPS_FACTOR = 3
INPUT_LAYER_KINDS = ("conv2d", "conv3d", "dense")  # a first layer of these kinds is fed the input directly


@dataclass(frozen=True)
class Layer:
    """One weighted layer of a network, as the spec sees it.

    ``name`` is the PyTorch module path (``model.get_submodule(name)``) and the Keras layer name;
    a Keras network may split one PyTorch module into several layers named ``name.<part>``
    (a two-layer ``nn.LSTM`` is the Keras layers ``rnn.l0`` and ``rnn.l1``).
    """

    name: str
    kind: str  # conv2d, conv3d, dense, batchnorm, layernorm, embedding, rnn_tanh, lstm, gru, attention
    out_shape: tuple[int, ...]  # one example's output, channels first (C, H, W) / (C, D, H, W) / (T, F)
    params: int  # trainable parameters
    flops: int  # forward FLOPs for one example (2 per multiply-add; see analytic.py for what counts)


@dataclass(frozen=True, eq=False)
class Workload:
    """One network, specified once; implemented in ``<id>/torch_model.py`` and ``<id>/keras_model.py``."""

    id: str  # "alexnet", "vgg11", "googlenet", "resnet50", "c3d_small", "rnn_tanh", "lstm", "gru", "bilstm", ...
    name: str  # "AlexNet"
    family: str  # "convnet" | "convnet3d" | "recurrent" | "attention"
    task: str  # "classify" | "lm" | "seq2seq": decides inputs, targets and loss
    variant: str  # one sentence: which definition, and where it comes from
    reference: str  # URL of the paper / reference implementation
    unit: str  # throughput unit: "images/s", "clips/s", "sequences/s"
    batch_size: int  # default batch (convnet-benchmarks: 128; VGG 64)
    quick_batch_size: int  # tiny
    full_config: Mapping[str, Any] = field(repr=False)
    quick_config: Mapping[str, Any] = field(repr=False)  # same layer sequence, tiny shapes
    describe: Callable[[dict], list[Layer]] = field(repr=False)  # config -> the weighted layers, in order

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"{self.id}: family {self.family!r} is not one of {FAMILIES}")
        if self.task not in TASKS:
            raise ValueError(f"{self.id}: task {self.task!r} is not one of {TASKS}")

    # -- shapes ------------------------------------------------------------------------------
    def config(self, quick: bool) -> dict:
        """Shape hyper-parameters (a fresh dict: callers may override keys, e.g. ``dropout``)."""
        return dict(self.quick_config if quick else self.full_config)

    def default_batch(self, quick: bool) -> int:
        return self.quick_batch_size if quick else self.batch_size

    @property
    def input_names(self) -> tuple[str, ...]:
        """The keys of ``example()`` that are the model's inputs (the rest is the target)."""
        if self.task == "classify":
            return ("clips",) if self.family == "convnet3d" else ("images",)
        if self.task == "lm":
            return ("tokens",)
        return ("src", "tgt_in")

    @property
    def target_name(self) -> str:
        return {"classify": "labels", "lm": "targets", "seq2seq": "tgt_out"}[self.task]

    def example(self, batch: int, quick: bool, seed: int = 0) -> dict[str, np.ndarray]:
        """Synthetic inputs and targets, layout-neutral: images NCHW, clips NCDHW, token ids int64."""
        import numpy as np  # here, not at the top: the site build reads workloads without numpy

        cfg = self.config(quick)
        rng = np.random.default_rng(seed)
        if self.task == "classify":
            x = rng.standard_normal((batch, *cfg["input_shape"]), dtype=np.float32)
            labels = rng.integers(0, cfg["classes"], size=batch, dtype=np.int64)
            return {self.input_names[0]: x, "labels": labels}
        if self.task == "lm":
            # next-token prediction: the target is the input shifted by one
            seq = rng.integers(0, cfg["vocab"], size=(batch, cfg["seq_len"] + 1), dtype=np.int64)
            return {"tokens": seq[:, :-1], "targets": seq[:, 1:]}
        src = rng.integers(0, cfg["vocab"], size=(batch, cfg["src_len"]), dtype=np.int64)
        tgt = rng.integers(0, cfg["vocab"], size=(batch, cfg["tgt_len"] + 1), dtype=np.int64)
        return {"src": src, "tgt_in": tgt[:, :-1], "tgt_out": tgt[:, 1:]}  # teacher forcing

    # -- analytic counts ---------------------------------------------------------------------
    def layers(self, quick: bool) -> list[Layer]:
        return self.describe(self.config(quick))

    def params(self, quick: bool) -> int:
        """Analytic trainable parameter count (the sum over ``layers``)."""
        return sum(layer.params for layer in self.layers(quick))

    def flops(self, batch: int, quick: bool, phase: str) -> float:
        """Analytic FLOPs of one step: ``forward``, or ``train`` = 3 x forward less the input's gradient."""
        if phase not in PHASES:
            raise ValueError(f"phase {phase!r} is not one of {PHASES}")
        layers = self.layers(quick)
        forward = batch * sum(layer.flops for layer in layers)
        if phase == "forward":
            return float(forward)
        input_gradient = batch * layers[0].flops if layers and layers[0].kind in INPUT_LAYER_KINDS else 0
        return float(forward * TRAIN_FLOPS_FACTOR - input_gradient)

    def module(self, framework: str) -> str:
        """Import path of this workload's implementation for a registered framework id."""
        from ..frameworks import get  # stdlib only: no framework is imported

        return get(framework).model_path(__package__, self.id)


def prod(values) -> int:
    return math.prod(int(v) for v in values)
