"""VGG-11 (configuration A) in PyTorch."""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from .spec import plan


class VGG(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        c, h, _ = cfg["input_shape"]
        feats, n = [], 0
        for v in plan(cfg["width_divisor"]):
            if v == "M":
                feats.append((f"pool{n}", nn.MaxPool2d(2, 2)))
                h //= 2
                continue
            n += 1
            feats += [(f"conv{n}", nn.Conv2d(c, v, 3, 1, 1)), (f"relu{n}", nn.ReLU(inplace=True))]
            c = v
        self.features = nn.Sequential(OrderedDict(feats))
        hid, p = cfg["hidden"], cfg["dropout"]
        self.classifier = nn.Sequential(OrderedDict([
            ("fc1", nn.Linear(c * h * h, hid)), ("relu1", nn.ReLU(inplace=True)), ("drop1", nn.Dropout(p)),
            ("fc2", nn.Linear(hid, hid)), ("relu2", nn.ReLU(inplace=True)), ("drop2", nn.Dropout(p)),
            ("fc3", nn.Linear(hid, cfg["classes"])),
        ]))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x_NxCxHxW = self.features(images)
        return self.classifier(torch.flatten(x_NxCxHxW, 1))  # flattened in C, H, W order


def build(cfg: dict) -> nn.Module:
    return VGG(cfg)
