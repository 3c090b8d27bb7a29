"""The GPT-2-small-shaped decoder in PyTorch, after nanoGPT's model.py.

Attention is ``F.scaled_dot_product_attention(is_causal=True)``: PyTorch picks a fused kernel
(FlashAttention, memory-efficient, cuDNN) for the device, dtype and shapes, or its math
fallback; ``describe_path`` says which one a cell gets. Initialisation is nanoGPT's
(normal 0.02, residual projections 0.02/sqrt(2L), zero biases); the tests copy weights across
frameworks, so it decides nothing they compare.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from .spec import check_context


class CausalCore(nn.Module):
    """softmax(q k^T / sqrt(d_head), causal) v over heads: the fused kernel, no weights."""

    def __init__(self, heads: int) -> None:
        super().__init__()
        self.heads = heads

    def split(self, x_BxTxD: torch.Tensor) -> torch.Tensor:
        b, t, d = x_BxTxD.shape
        return x_BxTxD.view(b, t, self.heads, d // self.heads).transpose(1, 2)  # B x h x T x D/h

    def forward(self, qkv_BxTx3D: torch.Tensor) -> torch.Tensor:
        b, t, d3 = qkv_BxTx3D.shape
        q, k, v = (self.split(x) for x in qkv_BxTx3D.split(d3 // 3, dim=2))
        y_BxhxTxH = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return y_BxhxTxH.transpose(1, 2).reshape(b, t, d3 // 3)


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: dict) -> None:
        super().__init__()
        d = cfg["d_model"]
        self.c_attn = nn.Linear(d, 3 * d)  # q, k, v in one product
        self.core = CausalCore(cfg["heads"])
        self.c_proj = nn.Linear(d, d)

    def forward(self, x_BxTxD: torch.Tensor) -> torch.Tensor:
        return self.c_proj(self.core(self.c_attn(x_BxTxD)))


class MLP(nn.Module):
    def __init__(self, cfg: dict) -> None:
        super().__init__()
        self.c_fc = nn.Linear(cfg["d_model"], cfg["ffn"])
        self.c_proj = nn.Linear(cfg["ffn"], cfg["d_model"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))  # GPT-2's tanh approximation


class Block(nn.Module):
    def __init__(self, cfg: dict) -> None:
        super().__init__()
        d = cfg["d_model"]
        self.ln_1, self.attn = nn.LayerNorm(d), CausalSelfAttention(cfg)
        self.ln_2, self.mlp = nn.LayerNorm(d), MLP(cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # pre-LayerNorm residual block
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TiedHead(nn.Module):
    """Logits from the token embedding's own table (weight tying): no parameters of its own."""

    def forward(self, x_BxTxD: torch.Tensor, table_VxD: torch.Tensor) -> torch.Tensor:
        return F.linear(x_BxTxD, table_VxD)


class GPT(nn.Module):
    def __init__(self, cfg: dict) -> None:
        super().__init__()
        check_context(cfg)
        d = cfg["d_model"]
        self.context = cfg["seq_len"]  # the measured context (the position table may be longer)
        self.wte = nn.Embedding(cfg["vocab"], d)
        self.wpe = nn.Embedding(cfg["positions"], d)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg["layers"])])
        self.ln_f = nn.LayerNorm(d)
        self.lm_head = TiedHead()
        self._init(cfg["layers"])

    def _init(self, layers: int) -> None:
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif p.dim() >= 2:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith("c_proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        t = tokens.shape[1]
        if t > self.wpe.num_embeddings:
            raise ValueError(f"gpt2: context {t} is longer than the position table ({self.wpe.num_embeddings} positions)")
        x_BxTxD = self.wte(tokens) + self.wpe(torch.arange(t, device=tokens.device)[None])  # 1 x T x D
        for block in self.h:
            x_BxTxD = block(x_BxTxD)
        return self.lm_head(self.ln_f(x_BxTxD), self.wte.weight)  # logits B x T x V


def build(cfg: dict) -> nn.Module:
    return GPT(cfg)


def describe_path(model: GPT, batch: int, precision: str, device: str) -> str:
    """Which kernel ``scaled_dot_product_attention`` picks for one layer's q, k, v in this cell."""
    core, d, t = model.h[0].attn.core, model.wte.embedding_dim, model.context
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32  # autocast runs attention in bf16
    q = torch.empty(batch, core.heads, t, d // core.heads, dtype=dtype, device=device)
    try:
        from torch.nn.attention import SDPBackend

        backend = SDPBackend(torch._fused_sdp_choice(q, q, q, None, 0.0, True)).name  # the dispatcher's own choice
    except Exception as exc:  # noqa: BLE001 - a private probe; the attention call itself does not depend on it
        backend = f"not known ({type(exc).__name__})"
    return f"torch.nn.functional.scaled_dot_product_attention(is_causal=True): {backend} kernel"
