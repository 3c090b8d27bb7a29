"""The small encoder-decoder Transformer in PyTorch, from nn.TransformerEncoderLayer / DecoderLayer."""

from __future__ import annotations

import math

import torch
from torch import nn

from .spec import positions


class Seq2SeqTransformer(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        d, heads, ff, p = cfg["d_model"], cfg["heads"], cfg["ffn"], cfg["dropout"]
        self.scale = math.sqrt(d)
        self.src_embed = nn.Embedding(cfg["vocab"], d)
        self.tgt_embed = nn.Embedding(cfg["vocab"], d)
        max_len = max(cfg["src_len"], cfg["tgt_len"])
        self.register_buffer("pos_LxD", torch.tensor(positions(max_len, d)), persistent=False)
        self.dropout = nn.Dropout(p)
        # post-norm (norm_first=False), ReLU, as in the paper; LayerNorm eps 1e-5 on both sides
        self.encoder = nn.ModuleList([
            nn.TransformerEncoderLayer(d, heads, ff, p, batch_first=True) for _ in range(cfg["encoder_layers"])])
        self.decoder = nn.ModuleList([
            nn.TransformerDecoderLayer(d, heads, ff, p, batch_first=True) for _ in range(cfg["decoder_layers"])])
        self.proj = nn.Linear(d, cfg["vocab"])

    def embed(self, table: nn.Embedding, tokens: torch.Tensor) -> torch.Tensor:
        return self.dropout(table(tokens) * self.scale + self.pos_LxD[: tokens.shape[1]])

    def forward(self, src: torch.Tensor, tgt_in: torch.Tensor) -> torch.Tensor:
        memory_BxSxD = self.embed(self.src_embed, src)
        for layer in self.encoder:
            memory_BxSxD = layer(memory_BxSxD)
        t = tgt_in.shape[1]
        causal_TxT = nn.Transformer.generate_square_subsequent_mask(t, device=tgt_in.device)
        y_BxTxD = self.embed(self.tgt_embed, tgt_in)
        for layer in self.decoder:  # teacher forcing: every target position at once, masked causally
            y_BxTxD = layer(y_BxTxD, memory_BxSxD, tgt_mask=causal_TxT, tgt_is_causal=True)
        return self.proj(y_BxTxD)  # logits B x T x V


def build(cfg: dict) -> nn.Module:
    return Seq2SeqTransformer(cfg)
