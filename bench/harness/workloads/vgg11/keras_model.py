"""VGG-11 (configuration A) in Keras."""

from __future__ import annotations

import keras
from keras import layers

from ..keras_support import channels_first, conv2d, image_input
from .spec import plan


def build(cfg: dict) -> keras.Model:
    images = image_input(cfg["input_shape"], "images")  # channels-last (keras_support)
    x, n = images, 0
    for v in plan(cfg["width_divisor"]):
        if v == "M":
            x = layers.MaxPooling2D(2, 2)(x)
        else:
            n += 1
            x = conv2d(x, f"features.conv{n}", v, 3, 1, 1)  # stride 1, pad 1: 'same' is the same
    x = layers.Flatten()(channels_first(x))  # C, H, W order, as PyTorch flattens
    hid, p = cfg["hidden"], cfg["dropout"]
    x = layers.Dropout(p)(layers.Dense(hid, activation="relu", name="classifier.fc1")(x))
    x = layers.Dropout(p)(layers.Dense(hid, activation="relu", name="classifier.fc2")(x))
    logits = layers.Dense(cfg["classes"], name="classifier.fc3")(x)
    return keras.Model({"images": images}, logits, name="vgg11")
