"""The tiny MLP in Flax NNX: flatten, dense, ReLU, dense."""

import jax
import jax.numpy as jnp
from flax import nnx


class Tiny(nnx.Module):
    def __init__(self, cfg: dict, dtype, param_dtype, rngs: nnx.Rngs) -> None:
        kinds = {"dtype": dtype, "param_dtype": param_dtype}
        self.fc1 = nnx.Linear(16, cfg["hidden"], rngs=rngs, **kinds)
        self.fc2 = nnx.Linear(cfg["hidden"], cfg["classes"], rngs=rngs, **kinds)

    def __call__(self, images):
        return self.fc2(jax.nn.relu(self.fc1(images.reshape(images.shape[0], -1))))


def build(cfg: dict, dtype=jnp.float32, param_dtype=jnp.float32, seed: int = 0) -> Tiny:
    return Tiny(cfg, dtype, param_dtype, nnx.Rngs(seed))
