"""The same network in PyTorch and JAX: with PyTorch's weights copied into Flax NNX, equal outputs and gradients.

Two checks per workload, on the quick shapes, as for Keras (test_workload_parity.py):
- inference (eval mode, dropout inert, batch norm on its running statistics) in float32;
- one training step's forward, loss and gradient of every parameter (train mode, batch norm on
  batch statistics, dropout rate 0) in float64 (``jax.enable_x64``; every workload,
  C3D-small included: XLA has float64 pooling), tolerance 1e-6.
And one planted mistake per family (a padding put at the end, two LSTM gates swapped, attention
scores left unscaled): each must make the check fail, so the checks are known to bite.
"""

from __future__ import annotations

import numpy as np
import pytest
from workload_helpers import WORKLOAD_IDS, as_float64, perturb, without_dropout

from bench.harness.workloads import REGISTRY

pytestmark = pytest.mark.slow  # runs both frameworks (CPU, tiny shapes)


def _pair(torch, w, cfg: dict, float64: bool = False):
    """A PyTorch model (constants perturbed) and the JAX model with its weights copied across."""
    import jax.numpy as jnp

    from bench.harness.workloads import jax_support, parity_jax, torch_support

    torch.manual_seed(0)
    model_t = torch_support.build(w, cfg).to(dtype=torch.float64 if float64 else torch.float32)
    perturb(torch, model_t)
    model_j = jax_support.build(w, cfg, dtype=jnp.float64 if float64 else jnp.float32)
    links = parity_jax.copy_weights(model_t, model_j)
    return model_t, model_j, links


def check_inference(torch, w) -> None:
    from bench.harness.workloads import jax_support, torch_support

    model_t, model_j, _ = _pair(torch, w, w.config(quick=True))
    example = w.example(w.quick_batch_size, quick=True)
    model_t.eval()
    with torch.no_grad():
        out_t = model_t(**torch_support.to_inputs(w, example)).numpy()
    model_j.eval()
    out_j = np.asarray(model_j(**jax_support.to_inputs(w, example)))
    assert out_t.shape == out_j.shape
    np.testing.assert_allclose(out_j, out_t, rtol=1e-4, atol=1e-5 * max(1.0, np.abs(out_t).max()))


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_inference_outputs_are_equal_in_float32(torch_env, jax_env, wid):
    check_inference(torch_env, REGISTRY[wid])


@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_training_step_outputs_and_gradients_are_equal(torch_env, jax_env, wid):
    from flax import nnx

    from bench.harness.workloads import jax_support, parity_jax, torch_support

    w = REGISTRY[wid]
    tol = 1e-6
    with jax_env.enable_x64(True):
        model_t, model_j, links = _pair(torch_env, w, without_dropout(w.config(quick=True)), float64=True)
        example = as_float64(w.example(w.quick_batch_size, quick=True))
        model_t.train()
        logits_t = model_t(**torch_support.to_inputs(w, example))
        loss_t = torch_support.loss(w, logits_t, example)
        loss_t.backward()

        model_j.train()

        def loss_fn(m):
            logits = m(**jax_support.to_inputs(w, example))
            return jax_support.loss(w, logits, example), logits

        (loss_j, logits_j), grads = nnx.value_and_grad(loss_fn, has_aux=True)(model_j)
        assert logits_j.dtype == np.float64
        logits_t = logits_t.detach().numpy()
        scale = max(1.0, np.abs(logits_t).max())
        np.testing.assert_allclose(np.asarray(logits_j), logits_t, rtol=tol, atol=tol * scale)
        np.testing.assert_allclose(float(loss_j), float(loss_t), rtol=tol)

        for name, p in model_t.named_parameters():  # every trainable parameter took part
            assert (p.grad is not None) == p.requires_grad, name
        graphs = nnx.clone(model_j)
        nnx.update(graphs, grads)  # the gradients, laid out as the model: read through the same links
        expected = parity_jax.torch_grads_as_jax(links, model_t)
        assert len(expected) == len(jax_env.tree.leaves(grads))
        g_scale = max(np.abs(g).max() for _, g in expected)
        for link, grad_t in expected:
            np.testing.assert_allclose(np.asarray(link.variable(graphs)[...]), grad_t, rtol=tol, atol=tol * g_scale,
                                       err_msg=f"{link.path}.{link.attr}")


# -- the checks bite: one planted mistake per family --------------------------------------------

def test_padding_put_at_the_end_fails_the_check(torch_env, jax_env, monkeypatch):
    """Convnets: TensorFlow-style 'SAME' padding (all of it at the bottom/right) keeps every shape, changes the output."""
    from bench.harness.workloads import jax_support

    monkeypatch.setattr(jax_support, "padding", lambda pad, dims: [(0, 2 * pad)] * dims)
    with pytest.raises(AssertionError):
        check_inference(torch_env, REGISTRY["alexnet"])


def test_swapped_gates_fail_the_check(torch_env, jax_env, monkeypatch):
    """Recurrent: the LSTM's input and forget gates read in the wrong order."""
    from bench.harness.workloads import jax_support

    right = jax_support.split_gates

    def swapped(z, cell):
        i, f, *rest = right(z, cell)
        return [f, i, *rest]

    monkeypatch.setattr(jax_support, "split_gates", swapped)
    with pytest.raises(AssertionError):
        check_inference(torch_env, REGISTRY["lstm"])


def test_unscaled_attention_fails_the_check(torch_env, jax_env, monkeypatch):
    """Attention: scores q k^T left without the 1/sqrt(d) scale."""
    from bench.harness.workloads import jax_support

    monkeypatch.setattr(jax_support, "attention_scale", lambda head_dim: 1.0)
    with pytest.raises(AssertionError):
        check_inference(torch_env, REGISTRY["transformer"])
