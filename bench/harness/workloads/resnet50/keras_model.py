"""ResNet-50 v1.5 in Keras, written out (layer names as the PyTorch module names).

Not keras.applications.ResNet50: that is v1 (stride 2 in the first 1x1 convolution, biased convolutions).
"""

from __future__ import annotations

import keras
from keras import layers

from ..keras_support import conv2d, image_input
from .spec import EXPANSION, STAGES

# PyTorch's BatchNorm2d defaults, stated: eps 1e-5; PyTorch momentum 0.1 is Keras momentum 0.9
# (Keras keeps 0.9 of the old running statistic, PyTorch replaces 0.1 of it).
BN = {"epsilon": 1e-5, "momentum": 0.9}


def bn(x, name: str):
    return layers.BatchNormalization(axis=-1, name=name, **BN)(x)


def bottleneck(x, p: str, c_in: int, width: int, stride: int):
    """1x1 reduce -> 3x3 (stride here: v1.5) -> 1x1 expand, plus the shortcut."""
    c_out = width * EXPANSION
    shortcut = x
    if stride != 1 or c_in != c_out:
        shortcut = conv2d(x, f"{p}.downsample.0", c_out, 1, stride, bias=False, activation=None)
        shortcut = bn(shortcut, f"{p}.downsample.1")
    y = layers.ReLU()(bn(conv2d(x, f"{p}.conv1", width, 1, bias=False, activation=None), f"{p}.bn1"))
    y = layers.ReLU()(bn(conv2d(y, f"{p}.conv2", width, 3, stride, 1, bias=False, activation=None), f"{p}.bn2"))
    y = bn(conv2d(y, f"{p}.conv3", c_out, 1, bias=False, activation=None), f"{p}.bn3")
    return layers.ReLU()(layers.Add()([y, shortcut]))


def build(cfg: dict) -> keras.Model:
    w = cfg["base_width"]
    images = image_input(cfg["input_shape"], "images")  # channels-last (keras_support)
    x = conv2d(images, "conv1", w, 7, 2, 3, bias=False, activation=None)
    x = layers.ReLU()(bn(x, "bn1"))
    # MaxPool2d(3, 2, padding=1) after a ReLU: zero padding never wins the maximum
    x = layers.MaxPooling2D(3, 2, name="maxpool")(layers.ZeroPadding2D(1, name="maxpool_pad")(x))
    c_in = w
    for stage, blocks in enumerate(STAGES):
        width = w * 2**stage
        for b in range(blocks):
            x = bottleneck(x, f"layer{stage + 1}.{b}", c_in, width, 2 if stage > 0 and b == 0 else 1)
            c_in = width * EXPANSION
    logits = layers.Dense(cfg["classes"], name="fc")(layers.GlobalAveragePooling2D()(x))
    return keras.Model({"images": images}, logits, name="resnet50")
