"""Keras side of every workload: build the model, turn an example into tensors, the task's loss.

Keras models take the framework-neutral layout (images NCHW, clips NCDHW) and transpose to
channels-last at their input: the transpose is part of the measured Keras step (one small copy
of the input batch).
"""

from __future__ import annotations

import importlib

import keras
import numpy as np
import tensorflow as tf

from .base import Workload


def build(workload: Workload, cfg: dict | None = None, quick: bool = False) -> keras.Model:
    """``<id>/keras_model.build(cfg)``; ``cfg`` defaults to ``workload.config(quick)``."""
    module = importlib.import_module(workload.module("tensorflow"))
    return module.build(workload.config(quick) if cfg is None else cfg)


def to_inputs(workload: Workload, example: dict[str, np.ndarray]) -> dict[str, tf.Tensor]:
    """The model's input dict (``model(inputs)``), as tensors on TensorFlow's default device."""
    return {k: tf.convert_to_tensor(example[k]) for k in workload.input_names}


def targets(workload: Workload, example: dict) -> tf.Tensor:
    return tf.convert_to_tensor(example[workload.target_name])


def loss(workload: Workload, logits, example: dict) -> tf.Tensor:
    """Mean cross-entropy over images (classify) or over every target token (lm, seq2seq).

    Half-precision logits are upcast to float32 first; float32 and float64 stay as they are.
    """
    target = targets(workload, example)
    if keras.backend.standardize_dtype(logits.dtype) in ("float16", "bfloat16"):
        logits = keras.ops.cast(logits, "float32")
    per_item = keras.losses.sparse_categorical_crossentropy(target, logits, from_logits=True)
    return keras.ops.mean(per_item)


def copy_weights(torch_module, keras_model: keras.Model) -> list:
    """Copy a PyTorch module's weights into the same network in Keras (for the parity tests).

    Lives in ``parity.py``, which imports both frameworks; imported lazily so that the
    TensorFlow worker never imports torch.
    """
    from .parity import copy_weights as copy

    return copy(torch_module, keras_model)


# -- small building blocks shared by the Keras models ----------------------------------------

def channels_last(x):
    """NCHW / NCDHW (the neutral layout) -> NHWC / NDHWC."""
    rank = len(x.shape)
    return keras.layers.Permute((*range(2, rank), 1))(x)


def channels_first(x):
    """NHWC / NDHWC -> NCHW / NCDHW, so that a flatten orders features as PyTorch does."""
    rank = len(x.shape)
    return keras.layers.Permute((rank - 1, *range(1, rank - 1)))(x)


def conv2d(x, name: str, filters: int, kernel: int, stride: int = 1, pad: int = 0, bias: bool = True,
           activation: str | None = "relu"):
    """A PyTorch-style Conv2d(kernel, stride, padding=pad).

    Keras 'same' equals symmetric padding only for stride 1 and pad = (kernel - 1) / 2; otherwise
    (TensorFlow's 'same' with stride > 1 pads more at the bottom/right) pad explicitly, then 'valid'.
    """
    if pad and (stride != 1 or 2 * pad != kernel - 1):
        x = keras.layers.ZeroPadding2D(pad, name=f"{name}_pad")(x)
        padding = "valid"
    else:
        padding = "same" if pad else "valid"
    return keras.layers.Conv2D(filters, kernel, stride, padding, use_bias=bias, activation=activation, name=name)(x)


def max_pool_ceil(x, name: str):
    """PyTorch's MaxPool2d(3, 2, ceil_mode=True) on non-negative inputs (after a ReLU).

    Ceil mode adds one more window at the bottom/right when the size is even; padding one zero
    row and column there and pooling 'valid' gives the same windows, and a zero never wins a
    maximum over ReLU outputs.
    """
    x = keras.layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"{name}_pad")(x)
    return keras.layers.MaxPooling2D(3, 2, name=name)(x)
