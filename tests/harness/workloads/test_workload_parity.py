"""The same network in both frameworks: with PyTorch's weights copied into Keras, equal outputs and gradients.

Two checks per workload, on the quick shapes:
- inference (eval mode, dropout inert, batch norm on its running statistics) in float32;
- one training step's forward, loss and gradient of every parameter (train mode, batch norm on
  batch statistics, dropout rate 0) in float64. Batch norm over the few values of a tiny batch
  (ResNet-50's last stage normalises 4 numbers per channel) amplifies float32 rounding to about
  1e-3 of the gradients' scale, which would hide a real difference; in float64 the two frameworks
  agree to about 1e-8 or better, so a tolerance of 1e-6 still catches any difference in the math.
  The exception is C3D-small: TensorFlow has no float64 MaxPool3D kernel, so it runs in float32
  (it has no batch norm; float32 agrees to about 1e-6 there), with a tolerance of 1e-4.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from workload_helpers import WORKLOAD_IDS, as_float64, perturb, without_dropout

from bench.harness.workloads import REGISTRY

pytestmark = pytest.mark.slow  # runs both frameworks (CPU, tiny shapes)

FLOAT32_TRAINING = {"c3d_small"}  # TensorFlow's MaxPool3D has no float64 kernel


def _pair(torch, keras, w, cfg: dict, keras_policy=contextlib.nullcontext):
    """A PyTorch model and the Keras model built under ``keras_policy``, weights copied across."""
    from bench.harness.workloads import keras_support, torch_support

    torch.manual_seed(0)
    keras.backend.clear_session()  # (this also resets Keras' global dtype policy)
    keras.utils.set_random_seed(0)
    with keras_policy():
        model_k = keras_support.build(w, cfg)
    model_t = torch_support.build(w, cfg).to(dtype=torch.float64 if model_k.dtype == "float64" else torch.float32)
    perturb(torch, model_t)
    links = keras_support.copy_weights(model_t, model_k)
    return model_t, model_k, links


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_inference_outputs_are_equal_in_float32(torch_env, keras_env, wid):
    from bench.harness.workloads import keras_support, torch_support

    w = REGISTRY[wid]
    model_t, model_k, _ = _pair(torch_env, keras_env, w, w.config(quick=True))
    example = w.example(w.quick_batch_size, quick=True)
    model_t.eval()
    with torch_env.no_grad():
        out_t = model_t(**torch_support.to_inputs(w, example)).numpy()
    out_k = np.asarray(model_k(keras_support.to_inputs(w, example), training=False))
    assert out_t.shape == out_k.shape
    np.testing.assert_allclose(out_k, out_t, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(out_t).max()))


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_training_step_outputs_and_gradients_are_equal(torch_env, keras_env, keras_float64, wid):
    import tensorflow as tf

    from bench.harness.workloads import keras_support, parity, torch_support

    w = REGISTRY[wid]
    cfg = without_dropout(w.config(quick=True))
    float64 = wid not in FLOAT32_TRAINING
    tol = 1e-6 if float64 else 1e-4
    model_t, model_k, links = _pair(torch_env, keras_env, w, cfg, keras_float64 if float64 else contextlib.nullcontext)
    example = w.example(w.quick_batch_size, quick=True)
    example = as_float64(example) if float64 else example

    model_t.train()
    logits_t = model_t(**torch_support.to_inputs(w, example))
    loss_t = torch_support.loss(w, logits_t, example)
    loss_t.backward()
    with tf.GradientTape() as tape:
        logits_k = model_k(keras_support.to_inputs(w, example), training=True)
        loss_k = keras_support.loss(w, logits_k, example)
    grads_k = tape.gradient(loss_k, model_k.trainable_variables)

    assert (logits_k.dtype == tf.float64) == (logits_t.dtype == torch_env.float64) == float64
    logits_t = logits_t.detach().numpy()
    scale = max(1.0, np.abs(logits_t).max())
    np.testing.assert_allclose(np.asarray(logits_k), logits_t, rtol=tol, atol=tol * scale)
    np.testing.assert_allclose(float(loss_k), float(loss_t), rtol=tol)

    for name, p in model_t.named_parameters():  # every trainable parameter took part
        assert (p.grad is not None) == p.requires_grad, name
        if not p.requires_grad:  # the frozen second bias of the tanh RNN / LSTM
            assert name.startswith("rnn.bias_hh") and not p.any(), name
    by_variable = {id(v): tf.convert_to_tensor(g).numpy() for v, g in zip(model_k.trainable_variables, grads_k)}
    expected = parity.torch_grads_as_keras(links, model_t)
    assert len(expected) == len(by_variable)
    g_scale = max(np.abs(g).max() for _, g in expected)
    for variable, grad_t in expected:
        np.testing.assert_allclose(by_variable[id(variable)], grad_t, rtol=tol, atol=tol * g_scale,
                                   err_msg=variable.path)
