"""The tiny MLP in Keras: flatten, dense, ReLU, dense."""

import keras


def build(cfg: dict) -> keras.Model:
    images = keras.Input(shape=cfg["input_shape"], name="images")
    x = keras.layers.Flatten()(images)
    x = keras.layers.Dense(cfg["hidden"], activation="relu", name="fc1")(x)
    logits = keras.layers.Dense(cfg["classes"], name="fc2")(x)
    return keras.Model({"images": images}, logits)
