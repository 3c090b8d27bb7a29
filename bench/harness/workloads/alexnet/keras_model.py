"""AlexNet in Keras (the convnet-benchmarks / torchvision definition; see spec.py)."""

from __future__ import annotations

import keras
from keras import layers

from ..keras_support import channels_first, conv2d, image_input
from .spec import features


def build(cfg: dict) -> keras.Model:
    images = image_input(cfg["input_shape"], "images")  # channels-last (keras_support)
    x = images
    for i, (c_out, k, s, p, pool) in enumerate(features(cfg["widths"]), start=1):
        x = conv2d(x, f"features.conv{i}", c_out, k, s, p)
        if pool:
            x = layers.MaxPooling2D(3, 2, name=f"features.pool{i}")(x)
    x = layers.Flatten()(channels_first(x))  # C, H, W order, as PyTorch flattens
    hid, p = cfg["hidden"], cfg["dropout"]
    x = layers.Dense(hid, activation="relu", name="classifier.fc1")(layers.Dropout(p)(x))
    x = layers.Dense(hid, activation="relu", name="classifier.fc2")(layers.Dropout(p)(x))
    logits = layers.Dense(cfg["classes"], name="classifier.fc3")(x)
    return keras.Model({"images": images}, logits, name="alexnet")
