"""The recurrent language model in JAX / Flax NNX: Embed -> tanh RNN / LSTM / GRU (2 layers) -> Linear.

The two recurrent layers are ``rnn.l0`` and ``rnn.l1``: together they are PyTorch's two-layer
module ``rnn``. JAX has no recurrent layer with cuDNN's kernel: each layer is written out in
``jax_support.Recurrent*`` (input products of every step at once, ``jax.lax.scan`` over time).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, RecurrentLayer, dense, kinds_of


class RecurrentLM(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        self.embed = nnx.Embed(cfg["vocab"], cfg["embed"], embedding_init=nnx.initializers.normal(1.0), rngs=rngs,
                               **kinds)  # PyTorch's N(0, 1)
        dirs = 2 if cfg["bidirectional"] else 1
        size_in, layers = cfg["embed"], {}
        for i in range(cfg["layers"]):
            layers[f"l{i}"] = RecurrentLayer(cfg["cell"], size_in, cfg["hidden"], cfg["bidirectional"], kinds=kinds,
                                             rngs=rngs)
            size_in = cfg["hidden"] * dirs
        self.layers = cfg["layers"]
        self.rnn = Group(**layers)
        self.proj = dense(size_in, cfg["vocab"], kinds=kinds, rngs=rngs)

    def __call__(self, tokens: jax.Array) -> jax.Array:
        h_BxTxH = self.embed(tokens)
        for i in range(self.layers):
            h_BxTxH = self.rnn.get(f"l{i}")(h_BxTxH)  # zero initial state
        return self.proj(h_BxTxH)  # logits B x T x V


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> RecurrentLM:
    return RecurrentLM(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
