"""C3D-small in PyTorch: 3x3x3 convolutions on NCDHW clips."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.functional import relu

from .spec import POOLS


class C3DSmall(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        c = cfg["input_shape"][0]
        for i, c_out in enumerate(cfg["widths"], start=1):
            self.add_module(f"conv{i}", nn.Conv3d(c, c_out, 3, padding=1))
            c = c_out
        self.pools = nn.ModuleList([nn.MaxPool3d(p) if p else nn.Identity() for p in POOLS])
        self.avgpool = nn.AdaptiveAvgPool3d(1)
        self.dropout = nn.Dropout(cfg["dropout"])
        self.fc = nn.Linear(c, cfg["classes"])

    def forward(self, clips: torch.Tensor) -> torch.Tensor:
        x_NxCxDxHxW = clips
        for i, pool in enumerate(self.pools, start=1):
            x_NxCxDxHxW = pool(relu(getattr(self, f"conv{i}")(x_NxCxDxHxW)))
        return self.fc(self.dropout(torch.flatten(self.avgpool(x_NxCxDxHxW), 1)))


def build(cfg: dict) -> nn.Module:
    return C3DSmall(cfg)
