"""AlexNet as convnet-benchmarks measured it: the "one weird trick" single-tower variant, no LRN."""

from __future__ import annotations

from ..analytic import conv, conv_out, dense
from ..base import Layer, Workload


def features(widths: list[int]) -> list[tuple[int, int, int, int, bool]]:
    """(out channels, kernel, stride, padding, 3x3/2 max-pool after?) of the five convolutions.

    soumith/convnet-benchmarks torch7/imagenet_winners/alexnet.lua; torchvision's alexnet is the same.
    """
    return [(widths[0], 11, 4, 2, True), (widths[1], 5, 1, 2, True), (widths[2], 3, 1, 1, False),
            (widths[3], 3, 1, 1, False), (widths[4], 3, 1, 1, True)]


def describe(cfg: dict) -> list[Layer]:
    c, h, _ = cfg["input_shape"]
    layers = []
    for i, (c_out, k, s, p, pool) in enumerate(features(cfg["widths"])):
        layers.append(conv(f"features.conv{i + 1}", c, c_out, k, (h, h), s, p))
        c, h = c_out, layers[-1].out_shape[1]
        if pool:
            h = conv_out(h, 3, 2)
    flat = c * h * h
    layers += [dense("classifier.fc1", flat, cfg["hidden"]), dense("classifier.fc2", cfg["hidden"], cfg["hidden"]),
               dense("classifier.fc3", cfg["hidden"], cfg["classes"])]
    return layers


WORKLOAD = Workload(
    id="alexnet",
    name="AlexNet",
    family="convnet",
    task="classify",
    variant=("AlexNet as in soumith/convnet-benchmarks: Krizhevsky's 'one weird trick' single-tower variant "
             "(64-192-384-256-256 convolutions, the same as torchvision's alexnet), 224x224 input, no LRN, "
             "dropout 0.5 before the first two dense layers."),
    reference="https://arxiv.org/abs/1404.5997",
    unit="images/s",
    batch_size=128,
    quick_batch_size=4,
    # quick: 96x96 leaves 2x2 maps before the flatten, so the flatten order is still tested
    full_config={"input_shape": (3, 224, 224), "classes": 1000, "widths": [64, 192, 384, 256, 256],
                 "hidden": 4096, "dropout": 0.5},
    quick_config={"input_shape": (3, 96, 96), "classes": 10, "widths": [8, 16, 16, 16, 16],
                  "hidden": 32, "dropout": 0.5},
    describe=describe,
)
