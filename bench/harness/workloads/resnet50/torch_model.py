"""ResNet-50 v1.5 in PyTorch, written out (module names as in torchvision.models.resnet50)."""

from __future__ import annotations

import torch
from torch import nn

from .spec import EXPANSION, STAGES

BN = {"eps": 1e-5, "momentum": 0.1}  # PyTorch's defaults, stated: the Keras side sets the same


class Bottleneck(nn.Module):
    """1x1 reduce -> 3x3 (stride here: v1.5) -> 1x1 expand, plus the shortcut."""

    def __init__(self, c_in: int, width: int, stride: int):
        super().__init__()
        c_out = width * EXPANSION
        self.conv1, self.bn1 = nn.Conv2d(c_in, width, 1, bias=False), nn.BatchNorm2d(width, **BN)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width, **BN)
        self.conv3, self.bn3 = nn.Conv2d(width, c_out, 1, bias=False), nn.BatchNorm2d(c_out, **BN)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or c_in != c_out:
            self.downsample = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out, **BN))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        return self.relu(self.bn3(self.conv3(y)) + shortcut)


class ResNet50(nn.Module):
    def __init__(self, cfg: dict):
        super().__init__()
        w = cfg["base_width"]
        self.conv1, self.bn1 = nn.Conv2d(3, w, 7, 2, 3, bias=False), nn.BatchNorm2d(w, **BN)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        c_in = w
        for stage, blocks in enumerate(STAGES):
            width = w * 2**stage
            layer = []
            for b in range(blocks):
                layer.append(Bottleneck(c_in, width, 2 if stage > 0 and b == 0 else 1))
                c_in = width * EXPANSION
            self.add_module(f"layer{stage + 1}", nn.Sequential(*layer))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(c_in, cfg["classes"])

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(images))))
        x_NxCxHxW = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x_NxCxHxW), 1))


def build(cfg: dict) -> nn.Module:
    return ResNet50(cfg)
