"""A GPT-2-small-shaped decoder trained on next-token prediction: the workload of this decade.

The network (Radford et al. 2019; the layout of karpathy/nanoGPT's ``model.py``):
token embedding ``wte`` (V x d) plus learned position embedding ``wpe`` (T_max x d), then L
pre-LayerNorm blocks ``x += attn(ln_1(x)); x += mlp(ln_2(x))`` with causal multi-head
self-attention (one fused q, k, v projection ``c_attn`` d -> 3d and an output projection
``c_proj``) and a GELU MLP (``c_fc`` d -> 4d, ``c_proj`` 4d -> d), a final ``ln_f``, and logits
from the token embedding itself (``lm_head``, tied: no weights of its own). Every dense layer
has a bias, as GPT-2's; no dropout (a benchmark of the step, and random masks differ between
frameworks). The vocabulary is 50,257 padded to 50,304 (a multiple of 64, as nanoGPT does for
the tensor cores).

Parameters, full size (L 12, d 768, T 1024, V 50,304)::

    wte  V*d                         38,633,472
    wpe  T*d                            786,432
    per block: ln_1, ln_2  2*2d           3,072
               c_attn  3d*d + 3d      1,771,776
               c_proj  d*d + d          590,592
               c_fc    4d*d + 4d      2,362,368
               c_proj  4d*d + d       2,360,064
               -> 12d^2 + 13d         7,087,872   x 12 = 85,054,464
    ln_f 2d                               1,536
    N = V*d + T*d + L*(12d^2 + 13d) + 2d = 124,475,904

(GPT-2 small's published 124M is the same count with V = 50,257: 124,439,808.)

FLOPs per token (2 per multiply-add; analytic.py's conventions): the forward pass of one token
runs the matrix products of the blocks, 2 * 12d^2 per layer (c_attn 6d^2, attention c_proj 2d^2,
c_fc 8d^2, mlp c_proj 8d^2), the attention products q k^T and weights x v, 2*T*d each per layer
(the full T x T product, as the kernels and torch's FLOP counter count it: a causal mask halves
the useful work, not the counted work), and the tied output layer, 2*d*V. The embedding lookups,
LayerNorms, biases, GELU and softmax are not counted. Training is 3x forward::

    forward per token  = 24*L*d^2 + 4*L*T*d + 2*d*V
    training per token = 72*L*d^2 + 12*L*T*d + 6*d*V  =  6*N_matmul + 12*L*T*d

with N_matmul = 12*L*d^2 + d*V the weights that take part in a matrix product. This is
Kaplan et al.'s 6N + 12*L*T*d (also PaLM's appendix B and nanoGPT's ``estimate_mfu``) with N
restricted to the weights that are multiplied: the position table, biases and gains (0.75 M
here) cost no matrix product. Full size: 509,607,936 + 113,246,208 + 231,800,832 =
854,654,976 training FLOPs per token (0.855 GFLOP), 14.0 TFLOP per step of 16 x 1024 tokens.
"""

from __future__ import annotations

from ..analytic import dense, embedding, layernorm
from ..base import Layer, Optimizer, Workload


def check_context(cfg: dict) -> None:
    """Refuse a context longer than the learned position table (there is no position to look up).

    Called by ``bench run`` before it measures (``Workload.check``) and by every framework's build.
    """
    if cfg["seq_len"] > cfg["positions"]:
        raise ValueError(f"gpt2: context {cfg['seq_len']} is longer than the position table "
                         f"({cfg['positions']} positions)")


def causal_attention(name: str, d: int, seq_len: int) -> Layer:
    """The weightless core of causal self-attention: q k^T and weights x v over the full T x T square."""
    return Layer(name, "attention", (seq_len, d), 0, 2 * 2 * seq_len * seq_len * d)


def tied_head(name: str, d: int, vocab: int, seq_len: int) -> Layer:
    """The output layer, whose weight is the token embedding (counted there): FLOPs, no parameters."""
    return Layer(name, "dense", (seq_len, vocab), 0, 2 * seq_len * d * vocab)


def describe(cfg: dict) -> list[Layer]:
    d, t, v = cfg["d_model"], cfg["seq_len"], cfg["vocab"]
    layers = [embedding("wte", v, d, t), embedding("wpe", cfg["positions"], d, t)]
    for i in range(cfg["layers"]):
        p = f"h.{i}"
        layers += [layernorm(f"{p}.ln_1", (t, d)),
                   dense(f"{p}.attn.c_attn", d, 3 * d, (t,)),
                   causal_attention(f"{p}.attn.core", d, t),
                   dense(f"{p}.attn.c_proj", d, d, (t,)),
                   layernorm(f"{p}.ln_2", (t, d)),
                   dense(f"{p}.mlp.c_fc", d, cfg["ffn"], (t,)),
                   dense(f"{p}.mlp.c_proj", cfg["ffn"], d, (t,))]
    return [*layers, layernorm("ln_f", (t, d)), tied_head("lm_head", d, v, t)]


def flops_per_token(cfg: dict, phase: str = "train") -> int:
    """The closed form of the docstring (the tests hold it equal to the sum over ``describe``)."""
    n, d, t, v = cfg["layers"], cfg["d_model"], cfg["seq_len"], cfg["vocab"]
    forward = 2 * n * (4 * d * d + 2 * d * cfg["ffn"]) + 4 * n * t * d + 2 * d * v
    return 3 * forward if phase == "train" else forward


# nanoGPT's GPT-2 (124M) recipe (train_gpt2 config): AdamW betas (0.9, 0.95), weight decay 0.1,
# peak learning rate 6e-4, gradients clipped to global norm 1.0; epsilon 1e-8, PyTorch's default.
ADAMW = Optimizer("adamw", lr=6e-4, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1, clip_global_norm=1.0)

WORKLOAD = Workload(
    id="gpt2",
    name="GPT-2 small",
    family="attention",
    task="lm",
    variant=("A GPT-2-small-shaped decoder: 12 pre-LayerNorm blocks, d_model 768, 12 heads, GELU MLP 3072, "
             "learned positions over a 1,024-token context, the output layer tied to the token embedding, a "
             "vocabulary of 50,257 padded to 50,304, biases as GPT-2, no dropout; 124,475,904 parameters. "
             "Causal self-attention through each framework's fused attention call; next-token cross-entropy, "
             "AdamW with gradients clipped to global norm 1.0."),
    reference="https://github.com/karpathy/nanoGPT/blob/master/model.py",
    unit="tokens/s",
    batch_size=16,  # 16 x 1024 tokens: fits a 80 GB GPU in bf16 and fp32 with room to spare
    quick_batch_size=2,
    full_config={"vocab": 50304, "d_model": 768, "heads": 12, "ffn": 3072, "layers": 12, "positions": 1024,
                 "seq_len": 1024},
    quick_config={"vocab": 512, "d_model": 64, "heads": 4, "ffn": 256, "layers": 2, "positions": 64, "seq_len": 64},
    describe=describe,
    optimizer=ADAMW,
    validate=check_context,
)
