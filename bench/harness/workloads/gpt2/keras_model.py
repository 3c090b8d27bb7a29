"""The GPT-2-small-shaped decoder in Keras 3, layer names as PyTorch's module paths.

Attention is ``keras.ops.dot_product_attention(is_causal=True)``. On the TensorFlow backend it
has no fused kernel (Keras refuses ``flash_attention=True`` there): it runs as two einsums
around a float32 softmax, which XLA may fuse in the compiled mode. ``describe_path`` says so.
The tied output layer reads the token embedding's table (``TiedHead``); the learned positions
are an ``Embedding`` looked up at ``0..T-1`` (``Positions``).
"""

from __future__ import annotations

import keras
from keras import layers, ops

from .spec import check_context

LN = {"epsilon": 1e-5}  # PyTorch's LayerNorm default (Keras' is 1e-3)


def gelu_tanh(x):
    """GPT-2's GELU, the tanh approximation (PyTorch ``approximate='tanh'``)."""
    return keras.activations.gelu(x, approximate=True)


class Positions(layers.Embedding):
    """The learned position table, looked up at positions 0..T-1 of the tokens: output 1 x T x d."""

    def call(self, tokens):
        return super().call(ops.arange(ops.shape(tokens)[1]))[None]

    def compute_output_shape(self, input_shape):
        return (1, input_shape[1], self.output_dim)


class CausalCore(layers.Layer):
    """softmax(q k^T / sqrt(d_head), causal) v over heads, from the fused q, k, v projection: no weights."""

    def __init__(self, heads: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.heads = heads

    def call(self, qkv_BxTx3D):
        b, t = ops.shape(qkv_BxTx3D)[0], ops.shape(qkv_BxTx3D)[1]
        d = qkv_BxTx3D.shape[-1] // 3
        q, k, v = (ops.reshape(x, (b, t, self.heads, d // self.heads)) for x in ops.split(qkv_BxTx3D, 3, axis=-1))
        y_BxTxhxH = ops.dot_product_attention(q, k, v, is_causal=True)  # (batch, time, heads, head dim)
        return ops.reshape(y_BxTxhxH, (b, t, d))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] // 3)


class TiedHead(layers.Layer):
    """Logits from the token embedding's table (weight tying): no weights of its own.

    The table is reached through a function, so that Keras does not track the embedding layer
    as this layer's child (its weights would be counted twice).
    """

    def __init__(self, embedding: layers.Embedding, **kwargs) -> None:
        super().__init__(**kwargs)
        self._table = lambda: embedding.embeddings

    def call(self, x_BxTxD):
        table_VxD = ops.cast(self._table(), x_BxTxD.dtype)
        return ops.matmul(x_BxTxD, ops.transpose(table_VxD))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self._table().shape[0])


def block(x, cfg: dict, p: str):
    d = cfg["d_model"]
    a = layers.LayerNormalization(name=f"{p}.ln_1", **LN)(x)
    a = layers.Dense(3 * d, name=f"{p}.attn.c_attn")(a)
    a = CausalCore(cfg["heads"], name=f"{p}.attn.core")(a)
    x = x + layers.Dense(d, name=f"{p}.attn.c_proj")(a)
    m = layers.LayerNormalization(name=f"{p}.ln_2", **LN)(x)
    m = layers.Dense(cfg["ffn"], activation=gelu_tanh, name=f"{p}.mlp.c_fc")(m)
    return x + layers.Dense(d, name=f"{p}.mlp.c_proj")(m)


def build(cfg: dict) -> keras.Model:
    check_context(cfg)
    tokens = keras.Input(shape=(cfg["seq_len"],), dtype="int64", name="tokens")
    wte = layers.Embedding(cfg["vocab"], cfg["d_model"], name="wte")
    x = wte(tokens) + Positions(cfg["positions"], cfg["d_model"], name="wpe")(tokens)
    for i in range(cfg["layers"]):
        x = block(x, cfg, f"h.{i}")
    x = layers.LayerNormalization(name="ln_f", **LN)(x)
    logits = TiedHead(wte, name="lm_head")(x)  # B x T x V
    return keras.Model({"tokens": tokens}, logits, name="gpt2")


def describe_path(model: keras.Model, batch: int, precision: str, device: str) -> str:
    """What ran the attention: Keras' composed attention (TensorFlow has no fused attention kernel)."""
    return ("keras.ops.dot_product_attention(is_causal=True): two einsums around a float32 softmax on the "
            "TensorFlow backend, no fused attention kernel (Keras refuses flash_attention there)")
