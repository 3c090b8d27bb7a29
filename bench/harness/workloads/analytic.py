"""Analytic parameter and FLOPs formulas, one per kind of weighted layer.

Conventions (the same for every workload and both frameworks):
- FLOPs are 2 per multiply-add of convolutions, dense layers, recurrent matrix products and
  attention matrix products. Bias additions, normalisation, activations, pooling, softmax and
  elementwise gate arithmetic are not counted (they are a few percent at most). This is the
  convention of torch.utils.flop_counter, so the tests can compare with it.
- conv: 2 * Ho*Wo(*Do) * Cout * Cin/groups * Kh*Kw(*Kd) per example.
- dense: 2 * tokens * in * out.
- recurrent, per time step, layer and direction: 2 * G*H * (I + H) with G gates
  (tanh RNN 1, GRU 3, LSTM 4): the input and the recurrent matrix products.
- attention: the q, k, v and output projections plus 2 * Lq * Lk * d for the scores and
  another 2 * Lq * Lk * d for the weighted sum (a causal mask does not reduce the count:
  the full product is computed).
Shapes are per example and channels first.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import Layer, prod


def _tuple(value, dims: int) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, Sequence) else (value,) * dims


def conv_out(size: int, kernel: int, stride: int = 1, pad: int = 0, ceil: bool = False) -> int:
    """Output length of a convolution or pooling window along one axis (floor, or ceil mode)."""
    span = size + 2 * pad - kernel
    return (-(-span // stride) if ceil else span // stride) + 1


def conv(name: str, c_in: int, c_out: int, kernel, in_size: Sequence[int], stride=1, pad=0,
         bias: bool = True) -> Layer:
    dims = len(in_size)
    k, s, p = _tuple(kernel, dims), _tuple(stride, dims), _tuple(pad, dims)
    out = tuple(conv_out(n, k[i], s[i], p[i]) for i, n in enumerate(in_size))
    params = c_out * c_in * prod(k) + (c_out if bias else 0)
    flops = 2 * prod(out) * c_out * c_in * prod(k)
    return Layer(name, f"conv{dims}d", (c_out, *out), params, flops)


def batchnorm(name: str, shape: tuple[int, ...]) -> Layer:
    return Layer(name, "batchnorm", tuple(shape), 2 * shape[0], 0)  # gamma and beta


def layernorm(name: str, shape: tuple[int, ...]) -> Layer:
    return Layer(name, "layernorm", tuple(shape), 2 * shape[-1], 0)


def dense(name: str, f_in: int, f_out: int, lead: tuple[int, ...] = (), bias: bool = True) -> Layer:
    """A dense layer applied to ``prod(lead)`` positions (e.g. lead=(T,) for every token)."""
    return Layer(name, "dense", (*lead, f_out), f_in * f_out + (f_out if bias else 0), 2 * prod(lead) * f_in * f_out)


def embedding(name: str, vocab: int, dim: int, seq_len: int) -> Layer:
    return Layer(name, "embedding", (seq_len, dim), vocab * dim, 0)  # a gather: no FLOPs


GATES = {"rnn_tanh": 1, "gru": 3, "lstm": 4}


def recurrent(name: str, cell: str, input_size: int, hidden: int, seq_len: int, num_layers: int,
              bidirectional: bool) -> Layer:
    """A stack of recurrent layers.

    Trainable biases per layer and direction: one G*H vector for the tanh RNN and the LSTM
    (Keras has one; the PyTorch side freezes its second, ``bias_hh``, at zero), two for the GRU
    (PyTorch b_ih and b_hh; Keras ``reset_after=True`` keeps an input and a recurrent bias).
    """
    g = GATES[cell]
    dirs = 2 if bidirectional else 1
    params = flops = 0
    size_in = input_size
    for _ in range(num_layers):
        per_dir = g * hidden * (size_in + hidden) + g * hidden * (2 if cell == "gru" else 1)
        params += dirs * per_dir
        flops += dirs * seq_len * 2 * g * hidden * (size_in + hidden)
        size_in = hidden * dirs
    return Layer(name, cell, (seq_len, hidden * dirs), params, flops)


def attention(name: str, d_model: int, q_len: int, kv_len: int) -> Layer:
    """Multi-head attention with biased q, k, v and output projections (heads do not change the count)."""
    params = 4 * d_model * d_model + 4 * d_model
    projections = 2 * q_len * d_model * d_model * 2 + 2 * kv_len * d_model * d_model * 2  # q, out; k, v
    products = 2 * q_len * kv_len * d_model * 2  # q k^T, then the weighted sum of v
    return Layer(name, "attention", (q_len, d_model), params, projections + products)
