"""Keras side of every workload: build the model, turn an example into tensors, the task's loss.

Keras models take images and clips channels-last (NHWC, NDHWC), the layout TensorFlow's
performance guide recommends and its convolutions run in. The framework-neutral example
(NCHW, NCDHW) is transposed once, by ``to_inputs``, before any step is timed: no transpose is
part of the measured step.
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


LAYOUT = {4: "NHWC", 5: "NDHWC"}  # by the rank of an image or clip batch


def to_inputs(workload: Workload, example: dict[str, np.ndarray]) -> dict[str, tf.Tensor]:
    """The model's input dict (``model(inputs)``), as tensors on TensorFlow's default device; images channels-last."""
    return {k: tf.convert_to_tensor(channels_last_array(example[k])) for k in workload.input_names}


def channels_last_array(x):
    """An image or clip batch NCHW / NCDHW (the neutral layout) -> NHWC / NDHWC; other arrays as they are."""
    rank = len(x.shape)
    floating = x.dtype.is_floating if isinstance(x, tf.Tensor) else np.issubdtype(x.dtype, np.floating)
    if not floating or rank not in LAYOUT:
        return x
    order = (0, *range(2, rank), 1)
    return tf.transpose(x, order) if isinstance(x, tf.Tensor) else np.ascontiguousarray(np.transpose(x, order))


def layout_of(inputs: dict) -> str | None:
    """The layout of the image or clip batch among a model's inputs, None where there is none."""
    ranks = [len(v.shape) for v in inputs.values() if v.dtype.is_floating and len(v.shape) in LAYOUT]
    return LAYOUT[ranks[0]] if ranks else None


def image_input(shape: tuple[int, ...], name: str) -> keras.KerasTensor:
    """A channels-last ``keras.Input`` for a neutral (C, H, W) / (C, D, H, W) example shape."""
    return keras.Input(shape=(*shape[1:], shape[0]), name=name)


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
