"""AlexNet in PyTorch (the convnet-benchmarks / torchvision definition; see spec.py)."""

from __future__ import annotations

from collections import OrderedDict

import torch
from torch import nn

from .spec import features


class AlexNet(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        c = cfg["input_shape"][0]
        feats = []
        for i, (c_out, k, s, p, pool) in enumerate(features(cfg["widths"]), start=1):
            feats += [(f"conv{i}", nn.Conv2d(c, c_out, k, s, p)), (f"relu{i}", nn.ReLU(inplace=True))]
            if pool:
                feats.append((f"pool{i}", nn.MaxPool2d(3, 2)))
            c = c_out
        self.features = nn.Sequential(OrderedDict(feats))
        flat = c * self._final_size(cfg) ** 2
        hid, p = cfg["hidden"], cfg["dropout"]
        self.classifier = nn.Sequential(OrderedDict([
            ("drop1", nn.Dropout(p)), ("fc1", nn.Linear(flat, hid)), ("relu1", nn.ReLU(inplace=True)),
            ("drop2", nn.Dropout(p)), ("fc2", nn.Linear(hid, hid)), ("relu2", nn.ReLU(inplace=True)),
            ("fc3", nn.Linear(hid, cfg["classes"])),
        ]))

    def _final_size(self, cfg: dict) -> int:
        with torch.no_grad():
            return self.features(torch.zeros(1, *cfg["input_shape"])).shape[-1]

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x_NxCxHxW = self.features(images)
        return self.classifier(torch.flatten(x_NxCxHxW, 1))  # flattened in C, H, W order


def build(cfg: dict) -> nn.Module:
    return AlexNet(cfg)
