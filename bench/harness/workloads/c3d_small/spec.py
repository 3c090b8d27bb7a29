"""A small C3D-style 3D convolutional network for video clips (the origin document names 3D convolution as a gap)."""

from __future__ import annotations

from ..analytic import conv, dense
from ..base import Layer, Workload

# After each 3x3x3 convolution a max-pool: the first (1, 2, 2) keeps the early temporal signal
# (Tran et al. 2015, section 3.2), the others (2, 2, 2).
POOLS = ((1, 2, 2), (2, 2, 2), (2, 2, 2), (2, 2, 2), None)


def describe(cfg: dict) -> list[Layer]:
    c, *size = cfg["input_shape"]
    layers = []
    for i, (c_out, pool) in enumerate(zip(cfg["widths"], POOLS, strict=True)):
        layers.append(conv(f"conv{i + 1}", c, c_out, 3, tuple(size), 1, 1))
        c = c_out
        if pool:
            size = [n // k for n, k in zip(size, pool)]
    layers.append(dense("fc", c, cfg["classes"]))  # after global average pooling and dropout
    return layers


WORKLOAD = Workload(
    id="c3d_small",
    name="C3D-small",
    family="convnet3d",
    task="classify",
    variant=("A small network in the style of C3D (Tran et al. 2015): five 3x3x3 ReLU convolutions "
             "(32-64-128-256-256) with max-pooling (1x2x2, then 2x2x2), global average pooling, dropout 0.5 "
             "and one dense classifier; 16-frame 112x112 clips, 101 classes as in UCF101."),
    reference="https://arxiv.org/abs/1412.0767",
    unit="clips/s",
    batch_size=32,
    quick_batch_size=2,
    full_config={"input_shape": (3, 16, 112, 112), "classes": 101, "widths": [32, 64, 128, 256, 256], "dropout": 0.5},
    quick_config={"input_shape": (3, 8, 32, 32), "classes": 5, "widths": [4, 8, 16, 32, 32], "dropout": 0.5},
    describe=describe,
)
