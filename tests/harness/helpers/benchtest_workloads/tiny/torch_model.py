"""The tiny MLP in PyTorch: flatten, dense, ReLU, dense."""

import torch


def build(cfg: dict) -> torch.nn.Module:
    class Tiny(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc1 = torch.nn.Linear(16, cfg["hidden"])
            self.fc2 = torch.nn.Linear(cfg["hidden"], cfg["classes"])

        def forward(self, images: torch.Tensor) -> torch.Tensor:
            return self.fc2(torch.relu(self.fc1(images.flatten(1))))

    return Tiny()
