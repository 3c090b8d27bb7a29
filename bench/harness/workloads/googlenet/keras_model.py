"""GoogLeNet (Inception v1, no auxiliary heads, no LRN) in Keras."""

from __future__ import annotations

import keras
from keras import layers

from ..keras_support import conv2d, image_input, max_pool_ceil
from .spec import INCEPTION, POOL_AFTER, widths


def inception(x, m: str, c_in: int, b1: int, b2r: int, b2: int, b3r: int, b3: int, b4: int):
    """Four branches concatenated on channels: 1x1; 1x1 -> 3x3; 1x1 -> 5x5; 3x3 max-pool -> 1x1."""
    branch1 = conv2d(x, f"{m}.branch1", b1, 1)
    branch2 = conv2d(conv2d(x, f"{m}.branch2_reduce", b2r, 1), f"{m}.branch2", b2, 3, 1, 1)
    branch3 = conv2d(conv2d(x, f"{m}.branch3_reduce", b3r, 1), f"{m}.branch3", b3, 5, 1, 2)
    # stride-1 max-pool with 'same': padded positions never win, as with PyTorch's padding=1
    pooled = layers.MaxPooling2D(3, 1, "same", name=f"{m}.branch4_pool")(x)
    branch4 = conv2d(pooled, f"{m}.branch4", b4, 1)
    return layers.Concatenate(axis=-1, name=f"{m}.concat")([branch1, branch2, branch3, branch4])


def build(cfg: dict) -> keras.Model:
    d = cfg["width_divisor"]
    images = image_input(cfg["input_shape"], "images")  # channels-last (keras_support)
    x = conv2d(images, "stem.conv1", 64 // d, 7, 2, 3)
    x = max_pool_ceil(x, "stem.pool1")
    x = conv2d(x, "stem.conv2", 64 // d, 1)
    x = conv2d(x, "stem.conv3", 192 // d, 3, 1, 1)
    x = max_pool_ceil(x, "stem.pool2")
    for name in INCEPTION:
        x = inception(x, f"inception{name}", *widths(name, d))
        if name in POOL_AFTER:
            x = max_pool_ceil(x, f"pool{name}")
    x = layers.Dropout(cfg["dropout"])(layers.GlobalAveragePooling2D()(x))
    logits = layers.Dense(cfg["classes"], name="fc")(x)
    return keras.Model({"images": images}, logits, name="googlenet")
