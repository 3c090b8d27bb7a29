"""VGG-11 (configuration A of Simonyan & Zisserman; "OxfordNet" / VGG-A in convnet-benchmarks)."""

from __future__ import annotations

from ..analytic import conv, dense
from ..base import Layer, Workload

# Configuration A: channels of the 3x3 convolutions, "M" a 2x2/2 max-pool.
CONFIG_A = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]


def plan(scale: int) -> list:
    """Configuration A with every width divided by ``scale`` (1 for the real network)."""
    return [v if v == "M" else v // scale for v in CONFIG_A]


def describe(cfg: dict) -> list[Layer]:
    c, h, _ = cfg["input_shape"]
    layers = []
    for v in plan(cfg["width_divisor"]):
        if v == "M":
            h //= 2
            continue
        layers.append(conv(f"features.conv{len(layers) + 1}", c, v, 3, (h, h), 1, 1))
        c = v
    hid = cfg["hidden"]
    layers += [dense("classifier.fc1", c * h * h, hid), dense("classifier.fc2", hid, hid),
               dense("classifier.fc3", hid, cfg["classes"])]
    return layers


WORKLOAD = Workload(
    id="vgg11",
    name="VGG-11",
    family="convnet",
    task="classify",
    variant=("VGG-11, configuration A of Simonyan & Zisserman (the 'OxfordNet' / VGG-A of soumith/convnet-benchmarks, "
             "the same as torchvision's vgg11): eight 3x3 convolutions, three dense layers, no batch norm, "
             "dropout 0.5 after the first two dense layers, 224x224 input."),
    reference="https://arxiv.org/abs/1409.1556",
    unit="images/s",
    batch_size=64,
    quick_batch_size=4,
    full_config={"input_shape": (3, 224, 224), "classes": 1000, "width_divisor": 1, "hidden": 4096, "dropout": 0.5},
    # quick: 64x64 leaves 2x2 maps before the flatten
    quick_config={"input_shape": (3, 64, 64), "classes": 10, "width_divisor": 16, "hidden": 32, "dropout": 0.5},
    describe=describe,
)
