"""PyTorch side of every workload: build the module, turn an example into tensors, the task's loss."""

from __future__ import annotations

import importlib

import numpy as np
import torch
from torch.nn import functional as F

from .base import Workload


def build(workload: Workload, cfg: dict | None = None, quick: bool = False) -> torch.nn.Module:
    """``<id>/torch_model.build(cfg)``; ``cfg`` defaults to ``workload.config(quick)``."""
    module = importlib.import_module(workload.module("pytorch"))
    return module.build(workload.config(quick) if cfg is None else cfg)


def to_inputs(workload: Workload, example: dict[str, np.ndarray], device=None) -> dict[str, torch.Tensor]:
    """The model's keyword inputs (``model(**inputs)``), as tensors on ``device`` (default CPU)."""
    return {k: torch.as_tensor(example[k], device=device) for k in workload.input_names}


def targets(workload: Workload, example: dict, device=None) -> torch.Tensor:
    return torch.as_tensor(example[workload.target_name], device=device)


def loss(workload: Workload, logits: torch.Tensor, example: dict) -> torch.Tensor:
    """Mean cross-entropy over images (classify) or over every target token (lm, seq2seq).

    Half-precision logits are upcast to float32 first; float32 and float64 stay as they are.
    """
    target = targets(workload, example, device=logits.device)
    if logits.dtype in (torch.float16, torch.bfloat16):
        logits = logits.float()
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """A tensor's values as a NumPy array on the host (bf16 and fp16 widened to fp32, which NumPy lacks)."""
    t = t.detach().cpu()
    return (t.float() if t.dtype in (torch.float16, torch.bfloat16) else t).numpy()
