"""A small Transformer encoder-decoder for sequence to sequence ("sequential modeling with attention")."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..analytic import attention, dense, embedding, layernorm
from ..base import Layer, Workload

if TYPE_CHECKING:
    import numpy as np


def describe(cfg: dict) -> list[Layer]:
    d, ff, v, s, t = cfg["d_model"], cfg["ffn"], cfg["vocab"], cfg["src_len"], cfg["tgt_len"]
    layers = [embedding("src_embed", v, d, s), embedding("tgt_embed", v, d, t)]
    for i in range(cfg["encoder_layers"]):  # post-norm, as in Vaswani et al. and PyTorch's default
        p = f"encoder.{i}"
        layers += [attention(f"{p}.self_attn", d, s, s), layernorm(f"{p}.norm1", (s, d)),
                   dense(f"{p}.linear1", d, ff, (s,)), dense(f"{p}.linear2", ff, d, (s,)),
                   layernorm(f"{p}.norm2", (s, d))]
    for i in range(cfg["decoder_layers"]):
        p = f"decoder.{i}"
        layers += [attention(f"{p}.self_attn", d, t, t), layernorm(f"{p}.norm1", (t, d)),
                   attention(f"{p}.multihead_attn", d, t, s), layernorm(f"{p}.norm2", (t, d)),
                   dense(f"{p}.linear1", d, ff, (t,)), dense(f"{p}.linear2", ff, d, (t,)),
                   layernorm(f"{p}.norm3", (t, d))]
    layers.append(dense("proj", d, v, (t,)))
    return layers


WORKLOAD = Workload(
    id="transformer",
    name="Transformer",
    family="attention",
    task="seq2seq",
    variant=("A small encoder-decoder Transformer after Vaswani et al. 2017: 3 encoder and 3 decoder post-norm layers, "
             "d_model 512, 8 heads, feed-forward 2048 with ReLU, sinusoidal positions, separate source and target "
             "embeddings and an untied output projection over a 10,000-token vocabulary, 64-token sequences, "
             "teacher forcing with a causal mask, dropout 0.1."),
    reference="https://arxiv.org/abs/1706.03762",
    unit="sequences/s",
    batch_size=64,
    quick_batch_size=4,
    full_config={"vocab": 10000, "d_model": 512, "heads": 8, "ffn": 2048, "encoder_layers": 3, "decoder_layers": 3,
                 "src_len": 64, "tgt_len": 64, "dropout": 0.1},
    quick_config={"vocab": 50, "d_model": 16, "heads": 2, "ffn": 32, "encoder_layers": 3, "decoder_layers": 3,
                  "src_len": 8, "tgt_len": 8, "dropout": 0.1},
    describe=describe,
)


def positions(length: int, d_model: int) -> np.ndarray:
    """Sinusoidal position encodings (Vaswani et al. 2017, section 3.5), float32 length x d_model."""
    import numpy as np  # here: the site build reads this module without numpy

    pos = np.arange(length, dtype=np.float64)[:, None]
    freq = np.exp(-math.log(10000.0) * np.arange(0, d_model, 2, dtype=np.float64) / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2], table[:, 1::2] = np.sin(pos * freq), np.cos(pos * freq)
    return table.astype(np.float32)
