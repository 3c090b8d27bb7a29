"""ResNet-50 v1.5: the stride-2 of a downsampling bottleneck sits in its 3x3 convolution (torchvision)."""

from __future__ import annotations

from ..analytic import batchnorm, conv, conv_out, dense
from ..base import Layer, Workload

STAGES = (3, 4, 6, 3)  # bottleneck blocks per stage (He et al. 2015, Table 1, 50-layer)
EXPANSION = 4  # a bottleneck's output has 4x the channels of its 3x3 convolution


def describe(cfg: dict) -> list[Layer]:
    w = cfg["base_width"]
    _, h, _ = cfg["input_shape"]
    layers = [conv("conv1", 3, w, 7, (h, h), 2, 3, bias=False)]
    h = layers[-1].out_shape[1]
    layers.append(batchnorm("bn1", (w, h, h)))
    h = conv_out(h, 3, 2, 1)  # max-pool 3x3/2, padding 1
    c_in = w
    for stage, blocks in enumerate(STAGES):
        width = w * 2**stage
        for b in range(blocks):
            p = f"layer{stage + 1}.{b}"
            stride = 2 if stage > 0 and b == 0 else 1
            h_out = conv_out(h, 3, stride, 1)
            layers += [
                conv(f"{p}.conv1", c_in, width, 1, (h, h), bias=False), batchnorm(f"{p}.bn1", (width, h, h)),
                conv(f"{p}.conv2", width, width, 3, (h, h), stride, 1, bias=False),
                batchnorm(f"{p}.bn2", (width, h_out, h_out)),
                conv(f"{p}.conv3", width, width * EXPANSION, 1, (h_out, h_out), bias=False),
                batchnorm(f"{p}.bn3", (width * EXPANSION, h_out, h_out)),
            ]
            if b == 0:  # projection shortcut
                layers += [conv(f"{p}.downsample.0", c_in, width * EXPANSION, 1, (h, h), stride, bias=False),
                           batchnorm(f"{p}.downsample.1", (width * EXPANSION, h_out, h_out))]
            c_in, h = width * EXPANSION, h_out
    layers.append(dense("fc", c_in, cfg["classes"]))  # after global average pooling
    return layers


WORKLOAD = Workload(
    id="resnet50",
    name="ResNet-50 v1.5",
    family="convnet",
    task="classify",
    variant=("ResNet-50 v1.5 as torchvision defines it (and NVIDIA DeepLearningExamples benchmark it): the stride 2 "
             "of a downsampling bottleneck in its 3x3 convolution, convolutions without bias, batch norm "
             "(eps 1e-5, momentum 0.1 in PyTorch's sense), 224x224 input; 25,557,032 parameters."),
    reference="https://catalog.ngc.nvidia.com/orgs/nvidia/resources/resnet_50_v1_5_for_pytorch",
    unit="images/s",
    batch_size=128,
    quick_batch_size=4,
    full_config={"input_shape": (3, 224, 224), "classes": 1000, "base_width": 64},
    quick_config={"input_shape": (3, 32, 32), "classes": 10, "base_width": 4},
    describe=describe,
)
