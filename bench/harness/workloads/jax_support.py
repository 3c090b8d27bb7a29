"""JAX side of every workload: Flax NNX building blocks, inputs as arrays, the task's loss.

The JAX models take the framework-neutral layout (images NCHW, clips NCDHW) and transpose to
channels-last at their input, as the Keras models do (XLA's convolutions are channels-last on
every backend); the transpose is part of the measured step. Modules are named as the PyTorch
module paths (``features.conv1`` is ``model.features.conv1``), so that the tests hold each model to
the spec layer by layer and copy PyTorch's weights across by name.

What JAX does differently, said in the workloads' notes and on the methodology page:
- recurrent layers are written out here (``Recurrent``): the input products of every step at
  once, then ``jax.lax.scan`` over time for the recurrent products; there is no cuDNN RNN kernel.
- attention is written out (``Attention``): softmax(q k^T / sqrt(d) + mask) v with dropout on the
  weights, as PyTorch's nn.MultiheadAttention computes it, compiled by XLA; not a fused kernel
  (``jax.nn.dot_product_attention`` has no dropout).
- batch norm keeps the biased batch variance in its running statistics (PyTorch keeps the
  unbiased one): a training step's outputs and gradients are the same, the running averages differ
  slightly.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

from .base import Workload


def build(workload: Workload, cfg: dict | None = None, quick: bool = False, **kinds) -> nnx.Module:
    """``<id>/jax_model.build(cfg, dtype=..., param_dtype=..., seed=...)``; ``cfg`` defaults to the workload's."""
    module = importlib.import_module(workload.module("jax"))
    return module.build(workload.config(quick) if cfg is None else cfg, **kinds)


def to_inputs(workload: Workload, example: dict[str, np.ndarray]) -> dict[str, jax.Array]:
    """The model's keyword inputs; token ids as int32 (JAX's default integer width)."""
    return {k: _array(example[k]) for k in workload.input_names}


def _array(value) -> jax.Array:
    value = jnp.asarray(value)
    return value.astype(jnp.int32) if value.dtype == jnp.int64 and not jax.config.jax_enable_x64 else value


def loss(workload: Workload, logits: jax.Array, example: dict) -> jax.Array:
    """Mean cross-entropy over images (classify) or over every target token (lm, seq2seq).

    Half-precision logits are upcast to float32 first; float32 and float64 stay as they are.
    """
    target = _array(example[workload.target_name])
    if logits.dtype in (jnp.bfloat16, jnp.float16):
        logits = logits.astype(jnp.float32)
    per_item = optax.softmax_cross_entropy_with_integer_labels(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
    return per_item.mean()


# -- containers and layout -----------------------------------------------------------------

class Group(nnx.Module):
    """Named children, so that a model's paths read as PyTorch's (``layer1.0.conv1``)."""

    def __init__(self, **children) -> None:
        for name, child in children.items():
            setattr(self, name, child)

    def get(self, name: str):
        return getattr(self, name)


def submodule(model: nnx.Module, path: str):
    """``model.features.conv1`` from ``"features.conv1"``."""
    for part in path.split("."):
        model = getattr(model, part)
    return model


def channels_last(x: jax.Array) -> jax.Array:
    """NCHW / NCDHW (the neutral layout) -> NHWC / NDHWC."""
    return jnp.moveaxis(x, 1, -1)


def channels_first(x: jax.Array) -> jax.Array:
    """NHWC / NDHWC -> NCHW / NCDHW, so that a flatten orders features as PyTorch does."""
    return jnp.moveaxis(x, -1, 1)


# -- layers with PyTorch's geometry and initialisation ---------------------------------------

def padding(pad: int, dims: int) -> list[tuple[int, int]]:
    """PyTorch's symmetric zero padding, explicitly (JAX's 'SAME' pads more at the end for stride > 1)."""
    return [(pad, pad)] * dims


def _torch_uniform(fan_in: int):
    """PyTorch's default for weights and biases of Conv and Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = 1.0 / math.sqrt(fan_in)

    def init(key, shape, dtype=jnp.float32):
        return jax.random.uniform(key, shape, dtype, -bound, bound)

    return init


def conv(c_in: int, c_out: int, kernel: int, stride: int = 1, pad: int = 0, bias: bool = True, *, dims: int = 2,
         kinds: dict, rngs: nnx.Rngs) -> nnx.Conv:
    """A PyTorch-style Conv2d / Conv3d(kernel, stride, padding=pad) on channels-last inputs."""
    fan_in = c_in * kernel**dims
    return nnx.Conv(c_in, c_out, (kernel,) * dims, (stride,) * dims, padding=padding(pad, dims), use_bias=bias,
                    kernel_init=_torch_uniform(fan_in), bias_init=_torch_uniform(fan_in), rngs=rngs, **kinds)


def dense(f_in: int, f_out: int, *, kinds: dict, rngs: nnx.Rngs) -> nnx.Linear:
    return nnx.Linear(f_in, f_out, kernel_init=_torch_uniform(f_in), bias_init=_torch_uniform(f_in), rngs=rngs, **kinds)


def batchnorm(c: int, *, kinds: dict, rngs: nnx.Rngs) -> nnx.BatchNorm:
    """PyTorch's BatchNorm defaults, stated: eps 1e-5; PyTorch momentum 0.1 is Flax momentum 0.9."""
    return nnx.BatchNorm(c, momentum=0.9, epsilon=1e-5, rngs=rngs, **kinds)


def layernorm(d: int, *, kinds: dict, rngs: nnx.Rngs) -> nnx.LayerNorm:
    return nnx.LayerNorm(d, epsilon=1e-5, rngs=rngs, **kinds)  # PyTorch's eps (Flax's default is 1e-6)


def max_pool(x: jax.Array, window: int | Sequence[int], stride: int | Sequence[int], pad=0, ceil: bool = False):
    """Max-pooling on channels-last inputs; padding is never chosen (-inf), as in PyTorch.

    Ceil mode (3x3/2, as in Caffe) takes one more window at the end where PyTorch does: padding
    one position at the end and pooling 'valid' gives the same windows for every input size.
    """
    dims = x.ndim - 2
    window = (window,) * dims if isinstance(window, int) else tuple(window)
    stride = (stride,) * dims if isinstance(stride, int) else tuple(stride)
    pads = [(pad, pad + (1 if ceil else 0))] * dims
    return nnx.max_pool(x, window, stride, padding=pads)


def global_avg_pool(x: jax.Array) -> jax.Array:
    """Channels-last maps -> (N, C)."""
    return x.mean(axis=tuple(range(1, x.ndim - 1)))


# -- recurrent layers ------------------------------------------------------------------------

GATES = {"rnn_tanh": 1, "gru": 3, "lstm": 4}


def split_gates(z: jax.Array, cell: str) -> list[jax.Array]:
    """The gate blocks of a pre-activation, in PyTorch's order: LSTM i, f, g, o; GRU r, z, n."""
    return jnp.split(z, GATES[cell], axis=-1)


def _lstm_step(c_h, xw_t, w_hh, cell):
    c, h = c_h
    i, f, g, o = split_gates(xw_t + h @ w_hh, cell)
    c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
    h = jax.nn.sigmoid(o) * jnp.tanh(c)
    return (c, h), h


def _gru_step(h, xw_t, w_hh, b_hh, cell):
    x_r, x_z, x_n = split_gates(xw_t, cell)
    h_r, h_z, h_n = split_gates(h @ w_hh + b_hh, cell)
    r, z = jax.nn.sigmoid(x_r + h_r), jax.nn.sigmoid(x_z + h_z)
    n = jnp.tanh(x_n + r * h_n)  # the reset gate after the recurrent product (PyTorch's GRU)
    h = (1 - z) * n + z * h
    return h, h


def _tanh_step(h, xw_t, w_hh):
    h = jnp.tanh(xw_t + h @ w_hh)
    return h, h


class Direction(nnx.Module):
    """One recurrent layer in one direction: kernels (I, G*H) and (H, G*H) in PyTorch's gate order.

    Biases: one trainable G*H vector for the tanh RNN and the LSTM (PyTorch's b_ih + b_hh, whose
    sum is one bias), two for the GRU (b_hn sits inside r * (W_hn h + b_hn)); the spec counts the same.
    """

    def __init__(self, cell: str, size_in: int, hidden: int, *, kinds: dict, rngs: nnx.Rngs) -> None:
        g = GATES[cell]
        init = _torch_uniform(hidden)  # PyTorch: U(-1/sqrt(H), 1/sqrt(H)) for every RNN weight and bias
        pd = kinds["param_dtype"]
        self.cell, self.hidden, self.dtype = cell, hidden, kinds["dtype"]
        self.kernel_ih = nnx.Param(init(rngs.params(), (size_in, g * hidden), pd))
        self.kernel_hh = nnx.Param(init(rngs.params(), (hidden, g * hidden), pd))
        self.bias = nnx.Param(init(rngs.params(), (g * hidden,), pd))
        if cell == "gru":
            self.bias_hh = nnx.Param(init(rngs.params(), (g * hidden,), pd))

    def __call__(self, x_BxTxI: jax.Array, reverse: bool = False) -> jax.Array:
        dt = self.dtype or x_BxTxI.dtype
        w_ih, w_hh, b = (v.value.astype(dt) for v in (self.kernel_ih, self.kernel_hh, self.bias))
        xw_TxBxG = jnp.swapaxes(x_BxTxI.astype(dt) @ w_ih + b, 0, 1)  # every step's input product at once
        h0 = jnp.zeros((x_BxTxI.shape[0], self.hidden), dt)  # zero initial state
        if self.cell == "lstm":
            carry, step = (h0, h0), lambda ch, xw: _lstm_step(ch, xw, w_hh, self.cell)
        elif self.cell == "gru":
            b_hh = self.bias_hh.value.astype(dt)
            carry, step = h0, lambda h, xw: _gru_step(h, xw, w_hh, b_hh, self.cell)
        else:
            carry, step = h0, lambda h, xw: _tanh_step(h, xw, w_hh)
        _, h_TxBxH = jax.lax.scan(step, carry, xw_TxBxG, reverse=reverse)
        return jnp.swapaxes(h_TxBxH, 0, 1)


class RecurrentLayer(nnx.Module):
    """``l<i>`` of a stack: the forward direction, and the backward one (outputs concatenated) if bidirectional."""

    def __init__(self, cell: str, size_in: int, hidden: int, bidirectional: bool, *, kinds: dict,
                 rngs: nnx.Rngs) -> None:
        self.fwd = Direction(cell, size_in, hidden, kinds=kinds, rngs=rngs)
        self.bwd = Direction(cell, size_in, hidden, kinds=kinds, rngs=rngs) if bidirectional else None

    def __call__(self, x: jax.Array) -> jax.Array:
        if self.bwd is None:
            return self.fwd(x)
        return jnp.concatenate([self.fwd(x), self.bwd(x, reverse=True)], axis=-1)  # [forward, backward]


# -- attention -------------------------------------------------------------------------------

def attention_scale(head_dim: int) -> float:
    """The scores' scale, 1/sqrt(head dim) (Vaswani et al. 2017, eq. 1)."""
    return 1.0 / math.sqrt(head_dim)


class Attention(nnx.Module):
    """PyTorch's nn.MultiheadAttention: biased q, k, v and output projections (d x d each), dropout on the weights.

    PyTorch initialises the q, k, v projections Xavier-uniform over its stacked (3d, d) matrix and
    their biases and the output bias at zero; the same here.
    """

    def __init__(self, d: int, heads: int, dropout: float, *, kinds: dict, rngs: nnx.Rngs) -> None:
        bound = math.sqrt(6.0 / (d + 3 * d))  # xavier_uniform_ on in_proj_weight (3d, d)

        def qkv(key, shape, dtype=jnp.float32):
            return jax.random.uniform(key, shape, dtype, -bound, bound)

        zeros = nnx.initializers.zeros
        self.heads = heads
        self.q_proj, self.k_proj, self.v_proj = (
            nnx.Linear(d, d, kernel_init=qkv, bias_init=zeros, rngs=rngs, **kinds) for _ in range(3))
        self.out_proj = nnx.Linear(d, d, kernel_init=_torch_uniform(d), bias_init=zeros, rngs=rngs, **kinds)
        self.dropout = nnx.Dropout(dropout, rngs=rngs)

    def __call__(self, q_BxLxD: jax.Array, kv_BxSxD: jax.Array, causal: bool = False) -> jax.Array:
        b, lq, d = q_BxLxD.shape
        h = self.heads

        def heads(x):  # B, L, D -> B, h, L, D/h
            return x.reshape(b, x.shape[1], h, d // h).transpose(0, 2, 1, 3)

        q, k, v = heads(self.q_proj(q_BxLxD)), heads(self.k_proj(kv_BxSxD)), heads(self.v_proj(kv_BxSxD))
        scores_BxhxLxS = (q * attention_scale(d // h)) @ k.transpose(0, 1, 3, 2)
        if causal:
            allowed = jnp.tril(jnp.ones((lq, k.shape[2]), bool))
            scores_BxhxLxS = jnp.where(allowed, scores_BxhxLxS, jnp.finfo(scores_BxhxLxS.dtype).min)
        weights = self.dropout(jax.nn.softmax(scores_BxhxLxS.astype(jnp.float32), axis=-1).astype(v.dtype))
        out = (weights @ v).transpose(0, 2, 1, 3).reshape(b, lq, d)
        return self.out_proj(out)


def kinds_of(dtype=jnp.float32, param_dtype=None) -> dict:
    """The dtypes a layer computes in and stores its parameters in (bf16 cells: bf16 over fp32 parameters)."""
    return {"dtype": dtype, "param_dtype": param_dtype or (jnp.float64 if dtype == jnp.float64 else jnp.float32)}
