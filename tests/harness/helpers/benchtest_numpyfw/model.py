"""A linear classifier for any image-classification workload: flatten, one dense layer."""

import math

import numpy as np


def build(cfg: dict) -> dict:
    features = math.prod(cfg["input_shape"])
    rng = np.random.default_rng(0)
    return {"w": rng.standard_normal((features, cfg["classes"]), dtype=np.float32) / np.sqrt(features),
            "b": np.zeros(cfg["classes"], np.float32)}
