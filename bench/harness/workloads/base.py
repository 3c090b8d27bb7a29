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
class Optimizer:
    """The optimizer of a workload's training step, framework-neutral; each adapter builds its own.

    ``sgd``: SGD with (heavy-ball) momentum. ``adamw``: Adam with decoupled weight decay
    (Loshchilov & Hutter 2019) as PyTorch's ``torch.optim.AdamW``, Keras' ``keras.optimizers.AdamW``
    and optax's ``adamw`` define it: the decay is multiplied by the learning rate. Weight decay
    applies to the parameters with two or more dimensions (matrices and embedding tables), never to
    biases and normalisation gains, as nanoGPT and the GPT-2/3 recipes do. ``clip_global_norm``
    rescales all gradients together when their joint L2 norm exceeds it. The learning rate is
    constant: a schedule changes no step's cost.
    """

    kind: str  # "sgd" | "adamw"
    lr: float
    momentum: float = 0.0  # sgd
    betas: tuple[float, float] = (0.9, 0.999)  # adamw
    eps: float = 1e-8  # adamw
    weight_decay: float = 0.0  # adamw: on parameters with ndim >= 2 only
    clip_global_norm: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("sgd", "adamw"):
            raise ValueError(f"optimizer kind {self.kind!r} is not 'sgd' or 'adamw'")

    def describe(self) -> str:
        """One line for the run file's settings."""
        if self.kind == "sgd":
            text = f"SGD(lr={self.lr}, momentum={self.momentum})"
        else:
            text = (f"AdamW(lr={self.lr}, betas={self.betas}, eps={self.eps}, weight_decay={self.weight_decay} "
                    f"on parameters with ndim >= 2)")
        if self.clip_global_norm is not None:
            text += f", gradients clipped to global norm {self.clip_global_norm}"
        return text


SGD_MOMENTUM = Optimizer("sgd", lr=0.01, momentum=0.9)  # the 2016 evaluation's workloads, all frameworks


def optimizer_of(workload) -> Optimizer:
    """A workload's optimizer; SGD with momentum for a stand-in that declares none (tests' fakes)."""
    return getattr(workload, "optimizer", None) or SGD_MOMENTUM


def items_per_step(workload, batch: int, quick: bool) -> int:
    """What the throughput counts in one step: examples, or tokens for a ``tokens/s`` workload."""
    per_example = getattr(workload, "items_per_example", None)
    return batch * (per_example(quick) if per_example else 1)


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
    unit: str  # throughput unit: "images/s", "clips/s", "sequences/s", "tokens/s" (batch x seq_len per step)
    batch_size: int  # default batch (convnet-benchmarks: 128; VGG 64)
    quick_batch_size: int  # tiny
    full_config: Mapping[str, Any] = field(repr=False)
    quick_config: Mapping[str, Any] = field(repr=False)  # same layer sequence, tiny shapes
    describe: Callable[[dict], list[Layer]] = field(repr=False)  # config -> the weighted layers, in order
    optimizer: Optimizer = SGD_MOMENTUM  # the training step's optimizer, the same in every framework
    validate: Callable[[dict], None] | None = field(default=None, repr=False)
    """Raises ValueError (one line) for a config the network cannot take (GPT-2: a context longer than
    its position table); ``bench run`` calls it through ``check`` before it measures anything."""

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

    def check(self, quick: bool) -> None:
        """ValueError, one line, if this workload's own config is one its network cannot take."""
        if self.validate is not None:
            self.validate(self.config(quick))

    def items_per_example(self, quick: bool) -> int:
        """Throughput items in one example: its tokens for ``tokens/s``, else the example itself."""
        return int(self.config(quick)["seq_len"]) if self.unit == "tokens/s" else 1

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
