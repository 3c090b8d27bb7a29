"""The GPT-2-small-shaped decoder in JAX / Flax NNX, module names as PyTorch's.

Attention is ``jax.nn.dot_product_attention(is_causal=True)``. Its fused kernel is cuDNN's
(``implementation="cudnn"``), which takes bf16 or fp16 on an NVIDIA GPU only; elsewhere (float32
cells, the CPU) the call is composed by XLA (``"xla"``; JAX's default, ``None``, is XLA today).
``attention_implementation`` picks cuDNN where a compile of the call succeeds, and
``describe_path`` says which one a cell got. The tied output layer is ``nnx.Embed.attend``.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, kinds_of, layernorm
from .spec import check_context


def attention_implementation(dtype, heads: int, head_dim: int, seq_len: int) -> str:
    """``"cudnn"`` where JAX's fused kernel compiles for these shapes on this backend, else ``"xla"``."""
    if jax.default_backend() != "gpu" or jnp.dtype(dtype) not in (jnp.bfloat16, jnp.float16):
        return "xla"
    q = jax.ShapeDtypeStruct((1, seq_len, heads, head_dim), dtype)
    try:
        jax.jit(lambda q, k, v: jax.nn.dot_product_attention(q, k, v, is_causal=True, implementation="cudnn")) \
            .lower(q, q, q).compile()
    except Exception:  # noqa: BLE001 - cuDNN missing, too old, or these shapes unsupported: XLA runs it
        return "xla"
    return "cudnn"


def _linear(f_in: int, f_out: int, std: float, kinds: dict, rngs: nnx.Rngs) -> nnx.Linear:
    return nnx.Linear(f_in, f_out, kernel_init=nnx.initializers.normal(std), bias_init=nnx.initializers.zeros,
                      rngs=rngs, **kinds)


class CausalCore(nnx.Module):
    """softmax(q k^T / sqrt(d_head), causal) v over heads, from the fused q, k, v projection: no weights."""

    def __init__(self, heads: int, implementation: str) -> None:
        self.heads, self.implementation = heads, implementation

    def __call__(self, qkv_BxTx3D: jax.Array) -> jax.Array:
        b, t, d3 = qkv_BxTx3D.shape
        d = d3 // 3
        q, k, v = (x.reshape(b, t, self.heads, d // self.heads) for x in jnp.split(qkv_BxTx3D, 3, axis=-1))
        y_BxTxhxH = jax.nn.dot_product_attention(q, k, v, is_causal=True, implementation=self.implementation)
        return y_BxTxhxH.reshape(b, t, d)


class CausalSelfAttention(nnx.Module):
    def __init__(self, cfg: dict, implementation: str, kinds: dict, rngs: nnx.Rngs) -> None:
        d = cfg["d_model"]
        self.c_attn = _linear(d, 3 * d, 0.02, kinds, rngs)
        self.core = CausalCore(cfg["heads"], implementation)
        self.c_proj = _linear(d, d, 0.02 / math.sqrt(2 * cfg["layers"]), kinds, rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        return self.c_proj(self.core(self.c_attn(x)))


class MLP(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        d, ff = cfg["d_model"], cfg["ffn"]
        self.c_fc = _linear(d, ff, 0.02, kinds, rngs)
        self.c_proj = _linear(ff, d, 0.02 / math.sqrt(2 * cfg["layers"]), kinds, rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        return self.c_proj(jax.nn.gelu(self.c_fc(x), approximate=True))  # GPT-2's tanh approximation


class Block(nnx.Module):
    def __init__(self, cfg: dict, implementation: str, kinds: dict, rngs: nnx.Rngs) -> None:
        d = cfg["d_model"]
        self.ln_1 = layernorm(d, kinds=kinds, rngs=rngs)  # PyTorch's epsilon, 1e-5
        self.attn = CausalSelfAttention(cfg, implementation, kinds, rngs)
        self.ln_2 = layernorm(d, kinds=kinds, rngs=rngs)
        self.mlp = MLP(cfg, kinds, rngs)

    def __call__(self, x: jax.Array) -> jax.Array:  # pre-LayerNorm residual block
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class TiedHead(nnx.Module):
    """Logits from the token embedding's table (weight tying): no parameters of its own."""

    def __call__(self, x_BxTxD: jax.Array, wte: nnx.Embed) -> jax.Array:
        return wte.attend(x_BxTxD)


class GPT(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        check_context(cfg)
        d = cfg["d_model"]
        self.implementation = attention_implementation(kinds["dtype"], cfg["heads"], d // cfg["heads"],
                                                       cfg["seq_len"])
        table = nnx.initializers.normal(0.02)
        self.wte = nnx.Embed(cfg["vocab"], d, embedding_init=table, rngs=rngs, **kinds)
        self.wpe = nnx.Embed(cfg["positions"], d, embedding_init=table, rngs=rngs, **kinds)
        self.n_layers = cfg["layers"]
        self.h = Group(**{str(i): Block(cfg, self.implementation, kinds, rngs) for i in range(self.n_layers)})
        self.ln_f = layernorm(d, kinds=kinds, rngs=rngs)
        self.lm_head = TiedHead()

    def __call__(self, tokens: jax.Array) -> jax.Array:
        t = tokens.shape[1]
        if t > self.wpe.num_embeddings:
            raise ValueError(f"gpt2: context {t} is longer than the position table ({self.wpe.num_embeddings} positions)")
        x_BxTxD = self.wte(tokens) + self.wpe(jnp.arange(t)[None])  # 1 x T x D positions
        for i in range(self.n_layers):
            x_BxTxD = self.h.get(str(i))(x_BxTxD)
        return self.lm_head(self.ln_f(x_BxTxD), self.wte)  # logits B x T x V


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> GPT:
    """bf16 cells: ``dtype=bfloat16`` over float32 parameters; float64 parameters with float64 compute."""
    return GPT(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed))


def describe_path(model: GPT, batch: int, precision: str, device: str) -> str:
    if model.implementation == "cudnn":
        return "jax.nn.dot_product_attention(is_causal=True, implementation='cudnn'): cuDNN fused attention"
    return ("jax.nn.dot_product_attention(is_causal=True, implementation='xla'): composed by XLA, no fused kernel "
            "(JAX's fused kernel, cuDNN, takes bf16/fp16 on an NVIDIA GPU only)")
