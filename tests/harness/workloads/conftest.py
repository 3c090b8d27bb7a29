"""Fixtures for the workload tests: each framework imported once per session, TF32 off, tiny shapes.

A framework test asks for ``torch_env``, ``keras_env`` or ``jax_env``; the registry and analytic tests
import no framework at all.
"""

from __future__ import annotations

import contextlib

import pytest


@pytest.fixture(scope="session")
def torch_env():
    import torch

    # Parity is tested in true fp32 (and fp64): no TF32 anywhere (they only matter on a GPU).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return torch


@pytest.fixture(scope="session")
def keras_env():
    import keras
    import tensorflow as tf

    tf.config.experimental.enable_tensor_float_32_execution(False)
    return keras


@pytest.fixture
def keras_float64(keras_env):
    """Build Keras layers in float64 inside the ``with``; the policy is restored afterwards."""

    @contextlib.contextmanager
    def policy():
        before = keras_env.config.dtype_policy()
        keras_env.config.set_dtype_policy("float64")
        try:
            yield
        finally:
            keras_env.config.set_dtype_policy(before)

    return policy


@pytest.fixture(scope="session")
def jax_env():
    import jax

    jax.config.update("jax_platforms", "cpu")
    jax.config.update("jax_default_matmul_precision", "float32")  # true fp32, as the fp32 cells run
    return jax
