"""The small encoder-decoder Transformer in Keras, written out from MultiHeadAttention and Dense.

Keras 3 has no Transformer layer; this follows PyTorch's TransformerEncoderLayer and
TransformerDecoderLayer step by step (post-norm, ReLU, dropout after attention and in the
feed-forward), with layer names as PyTorch's module names.
"""

from __future__ import annotations

import math

import keras
from keras import layers

from .spec import positions

LN = {"epsilon": 1e-5}  # PyTorch's LayerNorm default (Keras' is 1e-3)


def attention(cfg: dict, name: str) -> layers.MultiHeadAttention:
    d, h = cfg["d_model"], cfg["heads"]
    return layers.MultiHeadAttention(h, d // h, dropout=cfg["dropout"], name=name)


def feed_forward(x, cfg: dict, p: str):
    y = layers.Dense(cfg["ffn"], activation="relu", name=f"{p}.linear1")(x)
    y = layers.Dense(cfg["d_model"], name=f"{p}.linear2")(layers.Dropout(cfg["dropout"])(y))
    return layers.Dropout(cfg["dropout"])(y)


def encoder_layer(x, cfg: dict, p: str):
    a = attention(cfg, f"{p}.self_attn")(x, x)
    x = layers.LayerNormalization(name=f"{p}.norm1", **LN)(x + layers.Dropout(cfg["dropout"])(a))
    return layers.LayerNormalization(name=f"{p}.norm2", **LN)(x + feed_forward(x, cfg, p))


def decoder_layer(y, memory, cfg: dict, p: str):
    a = attention(cfg, f"{p}.self_attn")(y, y, use_causal_mask=True)  # teacher forcing, causal
    y = layers.LayerNormalization(name=f"{p}.norm1", **LN)(y + layers.Dropout(cfg["dropout"])(a))
    a = attention(cfg, f"{p}.multihead_attn")(y, memory)
    y = layers.LayerNormalization(name=f"{p}.norm2", **LN)(y + layers.Dropout(cfg["dropout"])(a))
    return layers.LayerNormalization(name=f"{p}.norm3", **LN)(y + feed_forward(y, cfg, p))


def embed(tokens, cfg: dict, name: str):
    d = cfg["d_model"]
    x = layers.Embedding(cfg["vocab"], d, name=name)(tokens) * math.sqrt(d)
    x = x + keras.ops.cast(positions(tokens.shape[1], d), x.dtype)  # sinusoids: no weights
    return layers.Dropout(cfg["dropout"])(x)


def build(cfg: dict) -> keras.Model:
    src = keras.Input(shape=(cfg["src_len"],), dtype="int64", name="src")
    tgt_in = keras.Input(shape=(cfg["tgt_len"],), dtype="int64", name="tgt_in")
    memory = embed(src, cfg, "src_embed")
    for i in range(cfg["encoder_layers"]):
        memory = encoder_layer(memory, cfg, f"encoder.{i}")
    y = embed(tgt_in, cfg, "tgt_embed")
    for i in range(cfg["decoder_layers"]):
        y = decoder_layer(y, memory, cfg, f"decoder.{i}")
    logits = layers.Dense(cfg["vocab"], name="proj")(y)  # B x T x V
    return keras.Model({"src": src, "tgt_in": tgt_in}, logits, name="transformer")
