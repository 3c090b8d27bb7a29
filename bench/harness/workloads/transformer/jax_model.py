"""The small encoder-decoder Transformer in JAX / Flax NNX, written out.

Follows PyTorch's TransformerEncoderLayer and TransformerDecoderLayer step by step (post-norm,
ReLU, dropout after attention, on the attention weights and in the feed-forward), with module
names as PyTorch's. Attention is ``jax_support.Attention`` (XLA-compiled, not a fused kernel).
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Attention, Group, dense, kinds_of, layernorm
from .spec import positions


class EncoderLayer(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        d, ff, p = cfg["d_model"], cfg["ffn"], cfg["dropout"]
        k = {"kinds": kinds, "rngs": rngs}
        self.self_attn = Attention(d, cfg["heads"], p, **k)
        self.linear1, self.linear2 = dense(d, ff, **k), dense(ff, d, **k)
        self.norm1, self.norm2 = layernorm(d, **k), layernorm(d, **k)
        self.drop = nnx.Dropout(p, rngs=rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        x = self.norm1(x + self.drop(self.self_attn(x, x)))
        return self.norm2(x + self.drop(self.linear2(self.drop(jax.nn.relu(self.linear1(x))))))


class DecoderLayer(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        d, ff, p = cfg["d_model"], cfg["ffn"], cfg["dropout"]
        k = {"kinds": kinds, "rngs": rngs}
        self.self_attn, self.multihead_attn = Attention(d, cfg["heads"], p, **k), Attention(d, cfg["heads"], p, **k)
        self.linear1, self.linear2 = dense(d, ff, **k), dense(ff, d, **k)
        self.norm1, self.norm2, self.norm3 = layernorm(d, **k), layernorm(d, **k), layernorm(d, **k)
        self.drop = nnx.Dropout(p, rngs=rngs)

    def __call__(self, y: jax.Array, memory: jax.Array) -> jax.Array:
        y = self.norm1(y + self.drop(self.self_attn(y, y, causal=True)))  # teacher forcing, causal
        y = self.norm2(y + self.drop(self.multihead_attn(y, memory)))
        return self.norm3(y + self.drop(self.linear2(self.drop(jax.nn.relu(self.linear1(y))))))


class Seq2SeqTransformer(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        d = cfg["d_model"]
        normal = nnx.initializers.normal(1.0)  # PyTorch's nn.Embedding: N(0, 1)
        self.src_embed = nnx.Embed(cfg["vocab"], d, embedding_init=normal, rngs=rngs, **kinds)
        self.tgt_embed = nnx.Embed(cfg["vocab"], d, embedding_init=normal, rngs=rngs, **kinds)
        self.scale = math.sqrt(d)
        self.pos_LxD = nnx.Variable(jnp.asarray(positions(max(cfg["src_len"], cfg["tgt_len"]), d)))  # not trained
        self.drop = nnx.Dropout(cfg["dropout"], rngs=rngs)
        self.encoder = Group(**{str(i): EncoderLayer(cfg, kinds, rngs) for i in range(cfg["encoder_layers"])})
        self.decoder = Group(**{str(i): DecoderLayer(cfg, kinds, rngs) for i in range(cfg["decoder_layers"])})
        self.n_enc, self.n_dec = cfg["encoder_layers"], cfg["decoder_layers"]
        self.proj = dense(d, cfg["vocab"], kinds=kinds, rngs=rngs)

    def embed(self, table: nnx.Embed, tokens: jax.Array) -> jax.Array:
        x = table(tokens) * self.scale
        return self.drop(x + self.pos_LxD.value[: tokens.shape[1]].astype(x.dtype))

    def __call__(self, src: jax.Array, tgt_in: jax.Array) -> jax.Array:
        memory_BxSxD = self.embed(self.src_embed, src)
        for i in range(self.n_enc):
            memory_BxSxD = self.encoder.get(str(i))(memory_BxSxD)
        y_BxTxD = self.embed(self.tgt_embed, tgt_in)
        for i in range(self.n_dec):  # teacher forcing: every target position at once, masked causally
            y_BxTxD = self.decoder.get(str(i))(y_BxTxD, memory_BxSxD)
        return self.proj(y_BxTxD)  # logits B x T x V


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> Seq2SeqTransformer:
    return Seq2SeqTransformer(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
