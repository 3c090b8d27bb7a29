"""VGG-11 (configuration A) in JAX / Flax NNX."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, channels_first, channels_last, conv, dense, kinds_of, max_pool
from .spec import plan


class VGG(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        c, h, _ = cfg["input_shape"]
        self.plan = plan(cfg["width_divisor"])
        convs, n = {}, 0
        for v in self.plan:
            if v == "M":
                h //= 2
                continue
            n += 1
            convs[f"conv{n}"] = conv(c, v, 3, 1, 1, kinds=kinds, rngs=rngs)
            c = v
        self.features = Group(**convs)
        hid = cfg["hidden"]
        self.classifier = Group(fc1=dense(c * h * h, hid, kinds=kinds, rngs=rngs), fc2=dense(hid, hid, kinds=kinds, rngs=rngs),
                                fc3=dense(hid, cfg["classes"], kinds=kinds, rngs=rngs))
        self.drop = nnx.Dropout(cfg["dropout"], rngs=rngs)

    def __call__(self, images: jax.Array) -> jax.Array:
        x_NxHxWxC, n = channels_last(images), 0
        for v in self.plan:
            if v == "M":
                x_NxHxWxC = max_pool(x_NxHxWxC, 2, 2)
            else:
                n += 1
                x_NxHxWxC = jax.nn.relu(self.features.get(f"conv{n}")(x_NxHxWxC))
        x = channels_first(x_NxHxWxC).reshape(images.shape[0], -1)  # C, H, W order, as PyTorch flattens
        x = self.drop(jax.nn.relu(self.classifier.fc1(x)))
        x = self.drop(jax.nn.relu(self.classifier.fc2(x)))
        return self.classifier.fc3(x)


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> VGG:
    return VGG(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
