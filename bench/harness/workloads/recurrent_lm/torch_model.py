"""The recurrent language model in PyTorch: nn.Embedding -> nn.RNN / nn.LSTM / nn.GRU (2 layers) -> nn.Linear."""

from __future__ import annotations

import torch
from torch import nn

CELLS = {"rnn_tanh": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class RecurrentLM(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        self.embed = nn.Embedding(cfg["vocab"], cfg["embed"])
        self.rnn = CELLS[cfg["cell"]](cfg["embed"], cfg["hidden"], num_layers=cfg["layers"], batch_first=True,
                                      bidirectional=cfg["bidirectional"])
        if cfg["cell"] != "gru":
            # PyTorch adds two bias vectors (b_ih + b_hh) where Keras keeps one: the sum is one bias.
            # Freezing b_hh at zero gives the same function and the same trainable count as Keras.
            # (The GRU's two biases are not redundant: b_hn sits inside r * (W_hn h + b_hn); Keras
            # keeps both with reset_after=True.)
            for name, param in self.rnn.named_parameters():
                if name.startswith("bias_hh"):
                    param.requires_grad_(False)
                    nn.init.zeros_(param)
        directions = 2 if cfg["bidirectional"] else 1
        self.proj = nn.Linear(cfg["hidden"] * directions, cfg["vocab"])

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x_BxTxE = self.embed(tokens)
        h_BxTxH, _ = self.rnn(x_BxTxE)  # zero initial state
        return self.proj(h_BxTxH)  # logits B x T x V


def build(cfg: dict) -> nn.Module:
    return RecurrentLM(cfg)
