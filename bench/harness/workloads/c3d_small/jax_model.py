"""C3D-small in JAX / Flax NNX: 3x3x3 convolutions on NDHWC clips."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import channels_last, conv, dense, global_avg_pool, kinds_of, max_pool
from .spec import POOLS


class C3DSmall(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        c = cfg["input_shape"][0]
        for i, c_out in enumerate(cfg["widths"], start=1):
            setattr(self, f"conv{i}", conv(c, c_out, 3, 1, 1, dims=3, kinds=kinds, rngs=rngs))
            c = c_out
        self.drop = nnx.Dropout(cfg["dropout"], rngs=rngs)
        self.fc = dense(c, cfg["classes"], kinds=kinds, rngs=rngs)

    def __call__(self, clips: jax.Array) -> jax.Array:
        x_NxDxHxWxC = channels_last(clips)
        for i, pool in enumerate(POOLS, start=1):
            x_NxDxHxWxC = jax.nn.relu(getattr(self, f"conv{i}")(x_NxDxHxWxC))
            if pool:
                x_NxDxHxWxC = max_pool(x_NxDxHxWxC, pool, pool)
        return self.fc(self.drop(global_avg_pool(x_NxDxHxWxC)))


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> C3DSmall:
    return C3DSmall(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
