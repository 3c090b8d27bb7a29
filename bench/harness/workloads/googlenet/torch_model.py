"""GoogLeNet (Inception v1, no auxiliary heads, no LRN) in PyTorch."""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn
from torch.nn.functional import relu

from .spec import INCEPTION, POOL_AFTER, widths


class Inception(nn.Module):
    """Four branches concatenated on channels: 1x1; 1x1 -> 3x3; 1x1 -> 5x5; 3x3 max-pool -> 1x1."""

    def __init__(self, c_in: int, b1: int, b2r: int, b2: int, b3r: int, b3: int, b4: int):
        super().__init__()
        self.branch1 = nn.Conv2d(c_in, b1, 1)
        self.branch2_reduce, self.branch2 = nn.Conv2d(c_in, b2r, 1), nn.Conv2d(b2r, b2, 3, padding=1)
        self.branch3_reduce, self.branch3 = nn.Conv2d(c_in, b3r, 1), nn.Conv2d(b3r, b3, 5, padding=2)
        self.branch4_pool, self.branch4 = nn.MaxPool2d(3, 1, padding=1), nn.Conv2d(c_in, b4, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([
            relu(self.branch1(x)),
            relu(self.branch2(relu(self.branch2_reduce(x)))),
            relu(self.branch3(relu(self.branch3_reduce(x)))),
            relu(self.branch4(self.branch4_pool(x))),
        ], dim=1)


class GoogLeNet(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        d = cfg["width_divisor"]
        self.stem = nn.Sequential(OrderedDict([
            ("conv1", nn.Conv2d(3, 64 // d, 7, 2, 3)), ("relu1", nn.ReLU(inplace=True)),
            ("pool1", nn.MaxPool2d(3, 2, ceil_mode=True)),
            ("conv2", nn.Conv2d(64 // d, 64 // d, 1)), ("relu2", nn.ReLU(inplace=True)),
            ("conv3", nn.Conv2d(64 // d, 192 // d, 3, padding=1)), ("relu3", nn.ReLU(inplace=True)),
            ("pool2", nn.MaxPool2d(3, 2, ceil_mode=True)),
        ]))
        for name in INCEPTION:  # attributes inception3a ... inception5b, as the spec names them
            self.add_module(f"inception{name}", Inception(*widths(name, d)))
        self.pool = nn.MaxPool2d(3, 2, ceil_mode=True)  # after 3b and 4e
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(cfg["dropout"])
        self.fc = nn.Linear(1024 // d, cfg["classes"])

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x_NxCxHxW = self.stem(images)
        for name in INCEPTION:
            x_NxCxHxW = getattr(self, f"inception{name}")(x_NxCxHxW)
            if name in POOL_AFTER:
                x_NxCxHxW = self.pool(x_NxCxHxW)
        return self.fc(self.dropout(torch.flatten(self.avgpool(x_NxCxHxW), 1)))


def build(cfg: dict) -> nn.Module:
    return GoogLeNet(cfg)
