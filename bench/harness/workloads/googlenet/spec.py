"""GoogLeNet (Inception v1) without the auxiliary classifiers, as convnet-benchmarks measured it."""

from __future__ import annotations

from ..analytic import conv, conv_out, dense
from ..base import Layer, Workload

# Szegedy et al. 2014, Table 1: in, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
INCEPTION = {
    "3a": (192, 64, 96, 128, 16, 32, 32),
    "3b": (256, 128, 128, 192, 32, 96, 64),
    "4a": (480, 192, 96, 208, 16, 48, 64),
    "4b": (512, 160, 112, 224, 24, 64, 64),
    "4c": (512, 128, 128, 256, 24, 64, 64),
    "4d": (512, 112, 144, 288, 32, 64, 64),
    "4e": (528, 256, 160, 320, 32, 128, 128),
    "5a": (832, 256, 160, 320, 32, 128, 128),
    "5b": (832, 384, 192, 384, 48, 128, 128),
}
POOL_AFTER = ("3b", "4e")  # a 3x3/2 max-pool (ceil mode, as in Caffe) follows these modules


def widths(name: str, divisor: int) -> tuple[int, ...]:
    return tuple(v // divisor for v in INCEPTION[name])


def describe(cfg: dict) -> list[Layer]:
    d = cfg["width_divisor"]
    _, h, _ = cfg["input_shape"]
    layers = [conv("stem.conv1", 3, 64 // d, 7, (h, h), 2, 3)]
    h = conv_out(layers[-1].out_shape[1], 3, 2, ceil=True)
    layers += [conv("stem.conv2", 64 // d, 64 // d, 1, (h, h)), conv("stem.conv3", 64 // d, 192 // d, 3, (h, h), 1, 1)]
    h = conv_out(h, 3, 2, ceil=True)
    for name in INCEPTION:
        c_in, b1, b2r, b2, b3r, b3, b4 = widths(name, d)
        m = f"inception{name}"
        layers += [
            conv(f"{m}.branch1", c_in, b1, 1, (h, h)),
            conv(f"{m}.branch2_reduce", c_in, b2r, 1, (h, h)), conv(f"{m}.branch2", b2r, b2, 3, (h, h), 1, 1),
            conv(f"{m}.branch3_reduce", c_in, b3r, 1, (h, h)), conv(f"{m}.branch3", b3r, b3, 5, (h, h), 1, 2),
            conv(f"{m}.branch4", c_in, b4, 1, (h, h)),  # after a 3x3/1 max-pool
        ]
        c = b1 + b2 + b3 + b4
        if name in POOL_AFTER:
            h = conv_out(h, 3, 2, ceil=True)
    layers.append(dense("fc", c, cfg["classes"]))  # after global average pooling and dropout
    return layers


WORKLOAD = Workload(
    id="googlenet",
    name="GoogLeNet",
    family="convnet",
    task="classify",
    variant=("GoogLeNet (Inception v1) of Szegedy et al. 2014, Table 1, as in soumith/convnet-benchmarks: "
             "ReLU convolutions with biases, true 5x5 branches, ceil-mode max-pooling as in Caffe, "
             "no LRN, no batch norm, no auxiliary classifiers, dropout 0.4 before the classifier, 224x224 input."),
    reference="https://arxiv.org/abs/1409.4842",
    unit="images/s",
    batch_size=128,
    quick_batch_size=4,
    full_config={"input_shape": (3, 224, 224), "classes": 1000, "width_divisor": 1, "dropout": 0.4},
    # quick: 64x64 input keeps 2x2 maps in the last modules
    quick_config={"input_shape": (3, 64, 64), "classes": 10, "width_divisor": 8, "dropout": 0.4},
    describe=describe,
)
