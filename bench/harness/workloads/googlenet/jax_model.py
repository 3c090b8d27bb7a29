"""GoogLeNet (Inception v1, no auxiliary heads, no LRN) in JAX / Flax NNX."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, channels_last, conv, dense, global_avg_pool, kinds_of, max_pool
from .spec import INCEPTION, POOL_AFTER, widths


class Inception(nnx.Module):
    """Four branches concatenated on channels: 1x1; 1x1 -> 3x3; 1x1 -> 5x5; 3x3 max-pool -> 1x1."""

    def __init__(self, c_in: int, b1: int, b2r: int, b2: int, b3r: int, b3: int, b4: int, *, kinds: dict,
                 rngs: nnx.Rngs) -> None:
        k = {"kinds": kinds, "rngs": rngs}
        self.branch1 = conv(c_in, b1, 1, **k)
        self.branch2_reduce, self.branch2 = conv(c_in, b2r, 1, **k), conv(b2r, b2, 3, 1, 1, **k)
        self.branch3_reduce, self.branch3 = conv(c_in, b3r, 1, **k), conv(b3r, b3, 5, 1, 2, **k)
        self.branch4 = conv(c_in, b4, 1, **k)

    def __call__(self, x: jax.Array) -> jax.Array:
        relu = jax.nn.relu
        return jnp.concatenate([
            relu(self.branch1(x)),
            relu(self.branch2(relu(self.branch2_reduce(x)))),
            relu(self.branch3(relu(self.branch3_reduce(x)))),
            relu(self.branch4(max_pool(x, 3, 1, pad=1))),
        ], axis=-1)


class GoogLeNet(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        d = cfg["width_divisor"]
        k = {"kinds": kinds, "rngs": rngs}
        self.stem = Group(conv1=conv(3, 64 // d, 7, 2, 3, **k), conv2=conv(64 // d, 64 // d, 1, **k),
                          conv3=conv(64 // d, 192 // d, 3, 1, 1, **k))
        for name in INCEPTION:  # attributes inception3a ... inception5b, as the spec names them
            setattr(self, f"inception{name}", Inception(*widths(name, d), **k))
        self.drop = nnx.Dropout(cfg["dropout"], rngs=rngs)
        self.fc = dense(1024 // d, cfg["classes"], **k)

    def __call__(self, images: jax.Array) -> jax.Array:
        relu = jax.nn.relu
        x = max_pool(relu(self.stem.conv1(channels_last(images))), 3, 2, ceil=True)
        x = max_pool(relu(self.stem.conv3(relu(self.stem.conv2(x)))), 3, 2, ceil=True)
        for name in INCEPTION:
            x = getattr(self, f"inception{name}")(x)
            if name in POOL_AFTER:
                x = max_pool(x, 3, 2, ceil=True)
        return self.fc(self.drop(global_avg_pool(x)))


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> GoogLeNet:
    return GoogLeNet(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
