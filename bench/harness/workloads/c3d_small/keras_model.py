"""C3D-small in Keras: 3x3x3 convolutions on NDHWC clips."""

from __future__ import annotations

import keras
from keras import layers

from ..keras_support import image_input
from .spec import POOLS


def build(cfg: dict) -> keras.Model:
    clips = image_input(cfg["input_shape"], "clips")  # channels-last (keras_support)
    x = clips
    for i, (c_out, pool) in enumerate(zip(cfg["widths"], POOLS, strict=True), start=1):
        # stride 1, padding 1 on a 3x3x3 kernel: Keras 'same' is the same
        x = layers.Conv3D(c_out, 3, padding="same", activation="relu", name=f"conv{i}")(x)
        if pool:
            x = layers.MaxPooling3D(pool, name=f"pool{i}")(x)
    x = layers.Dropout(cfg["dropout"])(layers.GlobalAveragePooling3D()(x))
    logits = layers.Dense(cfg["classes"], name="fc")(x)
    return keras.Model({"clips": clips}, logits, name="c3d_small")
