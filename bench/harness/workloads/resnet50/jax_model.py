"""ResNet-50 v1.5 in JAX / Flax NNX, written out (module names as in torchvision.models.resnet50)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from ..jax_support import Group, batchnorm, channels_last, conv, dense, global_avg_pool, kinds_of, max_pool
from .spec import EXPANSION, STAGES


class Bottleneck(nnx.Module):
    """1x1 reduce -> 3x3 (stride here: v1.5) -> 1x1 expand, plus the shortcut."""

    def __init__(self, c_in: int, width: int, stride: int, *, kinds: dict, rngs: nnx.Rngs) -> None:
        k = {"kinds": kinds, "rngs": rngs}
        c_out = width * EXPANSION
        self.conv1, self.bn1 = conv(c_in, width, 1, bias=False, **k), batchnorm(width, **k)
        self.conv2, self.bn2 = conv(width, width, 3, stride, 1, bias=False, **k), batchnorm(width, **k)
        self.conv3, self.bn3 = conv(width, c_out, 1, bias=False, **k), batchnorm(c_out, **k)
        self.projection = stride != 1 or c_in != c_out
        if self.projection:
            self.downsample = Group(**{"0": conv(c_in, c_out, 1, stride, bias=False, **k), "1": batchnorm(c_out, **k)})

    def __call__(self, x: jax.Array) -> jax.Array:
        shortcut = x if not self.projection else self.downsample.get("1")(self.downsample.get("0")(x))
        y = jax.nn.relu(self.bn1(self.conv1(x)))
        y = jax.nn.relu(self.bn2(self.conv2(y)))
        return jax.nn.relu(self.bn3(self.conv3(y)) + shortcut)


class ResNet50(nnx.Module):
    def __init__(self, cfg: dict, kinds: dict, rngs: nnx.Rngs) -> None:
        k = {"kinds": kinds, "rngs": rngs}
        w = cfg["base_width"]
        self.conv1, self.bn1 = conv(3, w, 7, 2, 3, bias=False, **k), batchnorm(w, **k)
        c_in = w
        for stage, blocks in enumerate(STAGES):
            width = w * 2**stage
            layer = {}
            for b in range(blocks):
                layer[str(b)] = Bottleneck(c_in, width, 2 if stage > 0 and b == 0 else 1, **k)
                c_in = width * EXPANSION
            setattr(self, f"layer{stage + 1}", Group(**layer))
        self.fc = dense(c_in, cfg["classes"], **k)

    def __call__(self, images: jax.Array) -> jax.Array:
        x = max_pool(jax.nn.relu(self.bn1(self.conv1(channels_last(images)))), 3, 2, pad=1)
        for stage, blocks in enumerate(STAGES):
            layer = getattr(self, f"layer{stage + 1}")
            for b in range(blocks):
                x = layer.get(str(b))(x)
        return self.fc(global_avg_pool(x))


def build(cfg: dict, dtype=jnp.float32, param_dtype=None, seed: int = 0) -> ResNet50:
    return ResNet50(cfg, kinds_of(dtype, param_dtype), nnx.Rngs(params=seed, dropout=seed + 1))
