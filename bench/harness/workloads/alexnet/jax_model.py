"""AlexNet in JAX / Flax NNX (the convnet-benchmarks / torchvision definition; see spec.py)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, channels_first, channels_last, conv, dense, kinds_of, max_pool
from .spec import features


class AlexNet(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        c, h, _ = cfg["input_shape"]
        self.plan = features(cfg["widths"])
        convs = {}
        for i, (c_out, k, s, p, pool) in enumerate(self.plan, start=1):
            convs[f"conv{i}"] = conv(c, c_out, k, s, p, kinds=kinds, rngs=rngs)
            h = (h + 2 * p - k) // s + 1
            h = (h - 3) // 2 + 1 if pool else h
            c = c_out
        self.features = Group(**convs)
        hid = cfg["hidden"]
        self.classifier = Group(fc1=dense(c * h * h, hid, kinds=kinds, rngs=rngs), fc2=dense(hid, hid, kinds=kinds, rngs=rngs),
                                fc3=dense(hid, cfg["classes"], kinds=kinds, rngs=rngs))
        self.drop = nnx.Dropout(cfg["dropout"], rngs=rngs)

    def __call__(self, images: jax.Array) -> jax.Array:
        x_NxHxWxC = channels_last(images)
        for i, (*_, pool) in enumerate(self.plan, start=1):
            x_NxHxWxC = jax.nn.relu(self.features.get(f"conv{i}")(x_NxHxWxC))
            if pool:
                x_NxHxWxC = max_pool(x_NxHxWxC, 3, 2)
        x = channels_first(x_NxHxWxC).reshape(images.shape[0], -1)  # C, H, W order, as PyTorch flattens
        x = jax.nn.relu(self.classifier.fc1(self.drop(x)))
        x = jax.nn.relu(self.classifier.fc2(self.drop(x)))
        return self.classifier.fc3(x)


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> AlexNet:
    return AlexNet(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
