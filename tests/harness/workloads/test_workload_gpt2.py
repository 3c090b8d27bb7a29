"""The GPT-2 workload's own promises: its counts, its context limit, causality, and one optimizer everywhere.

The layer-by-layer parameters, shapes, FLOPs and the forward/gradient parity run in the shared
workload tests (test_workload_torch, _keras, _parity) like every workload's; here: what only this
workload has (the pinned size, tokens as the unit, AdamW with clipping, the causal mask) and a
planted off-by-one mask that the parity comparison must catch.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bench.harness.workloads import REGISTRY
from bench.harness.workloads.base import Optimizer, items_per_step
from bench.harness.workloads.gpt2.spec import check_context, flops_per_token

W = REGISTRY["gpt2"]


# -- the spec (no framework) ------------------------------------------------------------------

def test_full_size_parameter_count_is_pinned():
    # wte 50,304 x 768 (tied to the output layer, counted once) + wpe 1,024 x 768
    # + 12 x (12 d^2 + 13 d) + ln_f 2d; see the spec's docstring
    assert W.params(quick=False) == 124_475_904
    # the same network over GPT-2's unpadded vocabulary is the published GPT-2 small
    unpadded = {**W.config(quick=False), "vocab": 50257}
    assert sum(layer.params for layer in W.describe(unpadded)) == 124_439_808


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "full"])
def test_flops_per_token_is_the_closed_form(quick):
    cfg = W.config(quick)
    tokens = 3 * cfg["seq_len"]
    assert W.flops(3, quick, "train") == tokens * flops_per_token(cfg, "train")
    assert W.flops(3, quick, "forward") == tokens * flops_per_token(cfg, "forward")
    n, d, t, v = cfg["layers"], cfg["d_model"], cfg["seq_len"], cfg["vocab"]
    n_matmul = 12 * n * d * d + d * v  # the weights that take part in a matrix product (ffn = 4d)
    assert cfg["ffn"] == 4 * d and flops_per_token(cfg) == 6 * n_matmul + 12 * n * t * d


def test_full_size_flops_per_token():
    assert flops_per_token(W.config(quick=False)) == 854_654_976  # 6 N_matmul + 12 L T d, L 12, T 1024, d 768


def test_throughput_counts_tokens():
    assert W.unit == "tokens/s"
    assert items_per_step(W, 16, quick=False) == 16 * 1024
    assert items_per_step(REGISTRY["lstm"], 16, quick=False) == 16  # sequences/s: one item per example


def test_throughput_of_a_result_is_in_tokens():
    from bench.harness.matrix import Cell
    from bench.harness.runner import build_result

    cell = Cell("pytorch", "gpt2", "train", "fp32", "eager", 2)
    result = build_result(cell, {"status": "ok", "samples_s": [0.5, 0.5, 0.5]}, W, True, {})
    assert result["throughput_unit"] == "tokens/s"
    assert result["throughput"] == pytest.approx(2 * 64 / 0.5)
    assert result["tflops"] == pytest.approx(W.flops(2, True, "train") / 0.5 / 1e12)


def test_a_context_longer_than_the_position_table_is_refused():
    cfg = {**W.config(quick=True), "seq_len": 65}
    with pytest.raises(ValueError, match=r"^gpt2: context 65 is longer than the position table \(64 positions\)$"):
        check_context(cfg)
    with pytest.raises(ValueError, match="longer than the position table"):
        dataclasses.replace(W, quick_config=cfg).check(quick=True)
    check_context({**cfg, "seq_len": 64})  # the table's own length is fine
    W.check(quick=True)
    W.check(quick=False)


def test_the_optimizer_is_adamw_with_clipping():
    opt = W.optimizer
    assert (opt.kind, opt.lr, opt.betas, opt.eps, opt.weight_decay, opt.clip_global_norm) == (
        "adamw", 6e-4, (0.9, 0.95), 1e-8, 0.1, 1.0)
    assert REGISTRY["alexnet"].optimizer.kind == "sgd"
    with pytest.raises(ValueError, match="'adam'"):
        Optimizer("adam", lr=1.0)


# -- the models (CPU, quick shape) --------------------------------------------------------------

@pytest.mark.slow
def test_frameworks_refuse_a_long_context_at_build(torch_env, keras_env):
    from bench.harness.workloads import keras_support, torch_support

    cfg = {**W.config(quick=True), "seq_len": 65}
    for build in (torch_support.build, keras_support.build):
        with pytest.raises(ValueError, match="longer than the position table"):
            build(W, cfg)


def _pair(torch, keras, keras_float64):
    """Float64 models with PyTorch's (perturbed) weights copied into Keras."""
    from bench.harness.workloads import keras_support, torch_support

    torch.manual_seed(0)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    cfg = W.config(quick=True)
    with keras_float64():
        model_k = keras_support.build(W, cfg)
    model_t = torch_support.build(W, cfg).double()
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():  # biases and gains off their constant initial values
        for p in model_t.parameters():
            if p.ndim == 1:
                p.add_(0.1 * torch.randn(p.shape, generator=g, dtype=p.dtype))
    links = keras_support.copy_weights(model_t, model_k)
    return model_t, model_k, links


def _logits(torch, w, model_t, model_k, example):
    from bench.harness.workloads import keras_support, torch_support

    with torch.no_grad():
        out_t = model_t(**torch_support.to_inputs(w, example)).numpy()
    return out_t, np.asarray(model_k(keras_support.to_inputs(w, example), training=False))


@pytest.mark.slow
def test_no_position_sees_a_later_token(torch_env, keras_env, keras_float64):
    model_t, model_k, _ = _pair(torch_env, keras_env, keras_float64)
    example = W.example(2, quick=True)
    changed = {**example, "tokens": example["tokens"].copy()}
    changed["tokens"][:, 40] = (changed["tokens"][:, 40] + 1) % W.config(True)["vocab"]
    for before, after in zip(_logits(torch_env, W, model_t, model_k, example),
                             _logits(torch_env, W, model_t, model_k, changed)):
        np.testing.assert_array_equal(before[:, :40], after[:, :40])  # the past is untouched
        assert not np.allclose(before[:, 40:], after[:, 40:])  # and the change is seen from there on


@pytest.mark.slow
def test_parity_catches_an_off_by_one_causal_mask(torch_env, keras_env, keras_float64, monkeypatch):
    """Letting each position also see the next token (a mask shifted by one) must break parity."""
    from torch.nn import functional as F

    from bench.harness.workloads.gpt2 import torch_model

    model_t, model_k, _ = _pair(torch_env, keras_env, keras_float64)
    example = W.example(2, quick=True)
    out_t, out_k = _logits(torch_env, W, model_t, model_k, example)
    np.testing.assert_allclose(out_k, out_t, rtol=1e-9, atol=1e-9)  # the real models agree

    fused = F.scaled_dot_product_attention

    def shifted(q, k, v, is_causal=False, **kwargs):
        t = q.shape[-2]
        sees_next = torch_env.ones(t, t, dtype=torch_env.bool).tril(diagonal=1)  # the planted mistake
        return fused(q, k, v, attn_mask=sees_next, **kwargs)

    monkeypatch.setattr(torch_model.F, "scaled_dot_product_attention", shifted)
    out_t, out_k = _logits(torch_env, W, model_t, model_k, example)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(out_k, out_t, rtol=1e-6, atol=1e-6)


def _steps_in_both(torch, keras, spec: Optimizer, grads: list[dict[str, np.ndarray]], start: dict[str, np.ndarray]):
    """The adapters' optimizers applied to the same parameters and the same gradients, step after step."""
    from bench.harness.frameworks import pytorch as torch_adapter
    from bench.harness.frameworks import tensorflow as tf_adapter

    module = torch.nn.Module()
    for name, value in start.items():
        module.register_parameter(name, torch.nn.Parameter(torch.tensor(value)))
    variables = {name: keras.Variable(value, name=name) for name, value in start.items()}
    opt_t = torch_adapter.make_optimizer(spec, module, torch.device("cpu"))
    opt_k = tf_adapter.make_optimizer(spec, list(variables.values()))
    for grad in grads:
        for name, p in module.named_parameters():
            p.grad = torch.tensor(grad[name])
        torch_adapter.clip_gradients(spec, module)
        opt_t.step()
        opt_k.apply_gradients([(grad[name], variables[name]) for name in start])
    return ({n: p.detach().numpy() for n, p in module.named_parameters()},
            {n: np.asarray(v) for n, v in variables.items()})


@pytest.mark.slow
@pytest.mark.parametrize("case", ["adamw", "sgd_clipped"])
def test_one_optimizer_in_both_frameworks(torch_env, keras_env, case):
    """Three steps of the adapters' optimizers, same start and same gradients: the same parameters after.

    Float64; a matrix (decayed) and a vector (not decayed); gradients that change from step to step
    (so that the betas matter) with a global norm about 5, above the clipping norm 1.0 of the
    workload's AdamW. SGD with clipping as well: there the clipped gradient is the update itself
    (Adam would hide a wrong clipping scale, it divides by the gradient's size). Gradients of
    order 1 keep Keras' epsilon, added before v's bias correction (PyTorch: after), negligible.
    """
    rng = np.random.default_rng(0)
    start = {"weight": rng.standard_normal((4, 3)), "bias": rng.standard_normal(3)}
    grads = [{name: 2 * rng.standard_normal(value.shape) for name, value in start.items()} for _ in range(3)]
    spec = W.optimizer if case == "adamw" else Optimizer("sgd", lr=0.1, momentum=0.9, clip_global_norm=1.0)
    assert all(np.sqrt(sum((g ** 2).sum() for g in grad.values())) > 2 * spec.clip_global_norm for grad in grads)
    after_t, after_k = _steps_in_both(torch_env, keras_env, spec, grads, start)
    for name, value in start.items():
        moved_t, moved_k = after_t[name] - value, after_k[name] - value
        assert np.abs(moved_t).min() > 0, name
        # Keras keeps the learning rate in a float32 variable: 1e-7 of it, relative, on every update
        np.testing.assert_allclose(moved_k, moved_t, rtol=1e-6, atol=1e-6 * np.abs(moved_t).max(), err_msg=name)


@pytest.mark.slow
def test_weight_decay_spares_biases_and_gains(torch_env, keras_env, keras_float64):
    """With zero gradients AdamW moves only decayed weights: matrices and tables shrink, 1-d vectors stay."""
    from bench.harness.frameworks import pytorch as torch_adapter

    model_t, _, _ = _pair(torch_env, keras_env, keras_float64)
    spec = dataclasses.replace(W.optimizer, lr=0.1)
    opt = torch_adapter.make_optimizer(spec, model_t, torch_env.device("cpu"))
    before = {n: p.detach().clone() for n, p in model_t.named_parameters()}
    for p in model_t.parameters():
        p.grad = torch_env.zeros_like(p)
    opt.step()
    for name, p in model_t.named_parameters():
        expected = before[name] * (1 - 0.1 * spec.weight_decay) if p.ndim >= 2 else before[name]
        torch_env.testing.assert_close(p.detach(), expected, msg=name)


# -- a measured cell (the adapters) -----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("framework", "precision", "expected"), [
    ("pytorch", "bf16", "scaled_dot_product_attention(is_causal=True): "),
    ("tensorflow", "fp32", "keras.ops.dot_product_attention(is_causal=True): "),
])
def test_a_training_cell_steps_and_names_its_attention(torch_env, keras_env, framework, precision, expected):
    prepared = _prepare(framework, "eager", precision)
    weights = prepared.model.parameters() if framework == "pytorch" else prepared.model.trainable_variables
    before = [np.array(w.detach() if framework == "pytorch" else w) for w in weights]
    prepared.step()
    prepared.sync()
    weights = prepared.model.parameters() if framework == "pytorch" else prepared.model.trainable_variables
    after = [np.array(w.detach() if framework == "pytorch" else w) for w in weights]
    assert prepared.params == W.params(quick=True)
    assert all(not np.array_equal(b, a) for b, a in zip(before, after))  # AdamW moves every parameter
    assert expected in prepared.describe_path()
    prepared.close()


@pytest.mark.slow
def test_a_compiled_pytorch_cell_compiles_adamw_in_the_step_and_names_attention_and_graphs(torch_env, monkeypatch):
    """Inspected, not timed (a cold inductor compile of GPT-2 takes minutes on a CPU): the compiled callable is the
    whole step, AdamW and the clipping included; the path names the attention kernel, then the compile's graphs."""
    from bench.harness.frameworks import pytorch as torch_adapter

    monkeypatch.setattr(torch_adapter, "compile_path", lambda: "torch.compile (inductor): 3 graph(s)")
    prepared = _prepare("pytorch", "compile", "fp32")
    original = prepared.step._torchdynamo_orig_callable
    assert original.__name__ == "train_step"
    assert {"optimizer", "spec", "forward", "loss_of"} <= set(original.__code__.co_freevars)
    assert "clip_gradients" in original.__code__.co_names
    assert original.__closure__[original.__code__.co_freevars.index("optimizer")].cell_contents.__class__.__name__ == "AdamW"
    attention, compiled = prepared.describe_path().split("; ")
    assert attention.startswith("torch.nn.functional.scaled_dot_product_attention(is_causal=True): ")
    assert compiled == "torch.compile (inductor): 3 graph(s)"
    assert prepared.layout is None  # token ids: no image layout, channels_last never applies
    prepared.close()


# -- JAX (Flax NNX): the same network and the same optimizer, against PyTorch -------------------

@pytest.fixture(scope="module")
def jax_env():
    jax = pytest.importorskip("jax")
    pytest.importorskip("flax")
    pytest.importorskip("optax")
    jax.config.update("jax_default_matmul_precision", "float32")  # no TF32 where a GPU is present
    return jax


def _jax_module(model, path: str):
    for part in path.split("."):
        model = getattr(model, part)
    return model


def _jax_params(model) -> dict[str, object]:
    """'h.0.attn.c_attn.kernel' -> the Param, for every parameter of a Flax NNX model."""
    from flax import nnx

    return {".".join(map(str, path)): v for path, v in nnx.to_flat_state(nnx.state(model, nnx.Param))}


# PyTorch state name suffix -> (Flax parameter name, conversion); Linear kernels are (in, out) in Flax
_TORCH_TO_FLAX = {
    ("Linear", "weight"): ("kernel", lambda w: w.T),
    ("Embed", "weight"): ("embedding", lambda w: w),
    ("LayerNorm", "weight"): ("scale", lambda w: w),
}


def _flax_name(model_j, torch_name: str) -> tuple[str, object]:
    path, leaf = torch_name.rsplit(".", 1)
    kind = type(_jax_module(model_j, path)).__name__
    name, convert = _TORCH_TO_FLAX.get((kind, leaf), ("bias", lambda b: b))
    return f"{path}.{name}", convert


def _jax_pair(torch, jax_model_module):
    """A float32 PyTorch model and the Flax model with its (perturbed) weights, matched one to one."""
    from bench.harness.workloads import torch_support

    torch.manual_seed(0)
    model_t = torch_support.build(W, W.config(quick=True))
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in model_t.parameters():
            if p.ndim == 1:
                p.add_(0.1 * torch.randn(p.shape, generator=g))
    model_j = jax_model_module.build(W.config(quick=True))
    params = _jax_params(model_j)
    copied = set()
    for name, value in model_t.state_dict().items():
        flax_name, convert = _flax_name(model_j, name)
        params[flax_name][...] = convert(value.numpy())
        copied.add(flax_name)
    assert copied == set(params)  # one to one: no Flax parameter left at its initial value
    return model_t, model_j


@pytest.mark.slow
@pytest.mark.parametrize("quick", [True, False], ids=["quick", "full"])
def test_jax_parameters_match_the_spec_layer_by_layer(jax_env, quick):
    from flax import nnx

    from bench.harness.workloads.gpt2 import jax_model

    model = nnx.eval_shape(lambda: jax_model.build(W.config(quick)))  # shapes only: the full size costs nothing
    for layer in W.layers(quick):
        params = nnx.state(_jax_module(model, layer.name), nnx.Param)
        assert sum(int(x.size) for x in jax_env.tree.leaves(params)) == layer.params, layer.name
    assert sum(int(x.size) for x in jax_env.tree.leaves(nnx.state(model, nnx.Param))) == W.params(quick)


@pytest.mark.slow
def test_jax_flops_match_the_spec(jax_env):
    """Forward FLOPs from the Flax model's own kernel shapes and the attention's input lengths."""
    from flax import nnx

    from bench.harness.workloads.gpt2 import jax_model

    cfg = W.config(quick=True)
    model = nnx.eval_shape(lambda: jax_model.build(cfg))
    t = cfg["seq_len"]
    total = 0
    for path, module in nnx.iter_modules(model):
        if isinstance(module, nnx.Linear):
            total += 2 * t * int(np.prod(module.kernel.shape))
        elif isinstance(module, jax_model.CausalCore):
            total += 2 * 2 * t * t * _jax_module(model, ".".join(map(str, path[:-1]))).c_proj.kernel.shape[0]
        elif isinstance(module, jax_model.TiedHead):
            total += 2 * t * int(np.prod(model.wte.embedding.shape))
    assert total == W.flops(1, quick=True, phase="forward")


@pytest.mark.slow
def test_jax_outputs_and_gradients_equal_pytorchs(torch_env, jax_env):
    import jax.numpy as jnp
    import optax
    from flax import nnx

    from bench.harness.workloads import torch_support
    from bench.harness.workloads.gpt2 import jax_model

    model_t, model_j = _jax_pair(torch_env, jax_model)
    example = W.example(W.quick_batch_size, quick=True)
    logits_t = model_t(**torch_support.to_inputs(W, example))
    loss_t = torch_support.loss(W, logits_t, example)
    loss_t.backward()

    tokens, targets = jnp.asarray(example["tokens"], jnp.int32), jnp.asarray(example["targets"], jnp.int32)

    def loss_of(model):
        logits = model(tokens)
        return optax.softmax_cross_entropy_with_integer_labels(logits, targets).mean(), logits

    (loss_j, logits_j), grads = nnx.value_and_grad(loss_of, has_aux=True)(model_j)
    logits_t = logits_t.detach().numpy()
    np.testing.assert_allclose(np.asarray(logits_j), logits_t, rtol=1e-4, atol=1e-5 * np.abs(logits_t).max())
    np.testing.assert_allclose(float(loss_j), float(loss_t.detach()), rtol=1e-5)
    grads_j = {".".join(map(str, p)): np.asarray(v[...]) for p, v in nnx.to_flat_state(grads)}
    scale = max(p.grad.abs().max().item() for p in model_t.parameters())
    for name, p in model_t.named_parameters():
        flax_name, convert = _flax_name(model_j, name)
        np.testing.assert_allclose(grads_j[flax_name], convert(p.grad.numpy()), rtol=1e-4, atol=1e-5 * scale,
                                   err_msg=name)


@pytest.mark.slow
@pytest.mark.parametrize("case", ["adamw", "sgd_clipped"])
def test_jax_optimizer_equals_pytorchs(torch_env, jax_env, case):
    """optax's side of the declared optimizer, three steps from the same start with the same gradients (float32)."""
    import jax.numpy as jnp
    import optax

    from bench.harness.frameworks import jax as jax_adapter
    from bench.harness.frameworks import pytorch as torch_adapter

    rng = np.random.default_rng(0)
    # small weights: float32 resolves their change to 1e-6 of it (weights near 1 would leave 1e-4)
    start = {"weight": 0.05 * rng.standard_normal((4, 3), np.float32), "bias": 0.05 * rng.standard_normal(3, np.float32)}
    grads = [{n: 2 * rng.standard_normal(v.shape, np.float32) for n, v in start.items()} for _ in range(3)]
    spec = W.optimizer if case == "adamw" else Optimizer("sgd", lr=0.1, momentum=0.9, clip_global_norm=1.0)

    module = torch_env.nn.Module()
    for name, value in start.items():
        module.register_parameter(name, torch_env.nn.Parameter(torch_env.tensor(value)))
    opt_t = torch_adapter.make_optimizer(spec, module, torch_env.device("cpu"))
    tx = jax_adapter.make_optimizer(spec)
    params = {n: jnp.asarray(v) for n, v in start.items()}
    state = tx.init(params)
    for grad in grads:
        for name, p in module.named_parameters():
            p.grad = torch_env.tensor(grad[name])
        torch_adapter.clip_gradients(spec, module)
        opt_t.step()
        updates, state = tx.update({n: jnp.asarray(g) for n, g in grad.items()}, state, params)
        params = optax.apply_updates(params, updates)
    for name, value in start.items():
        moved_t = getattr(module, name).detach().numpy() - value
        moved_j = np.asarray(params[name]) - value
        assert np.abs(moved_t).min() > 0, name
        np.testing.assert_allclose(moved_j, moved_t, rtol=1e-5, atol=1e-5 * np.abs(moved_t).max(), err_msg=name)


@pytest.mark.slow
def test_jax_parity_catches_an_off_by_one_causal_mask(torch_env, jax_env, monkeypatch):
    """A JAX attention whose mask lets each position see the next token must break parity with PyTorch."""
    import jax.numpy as jnp

    from bench.harness.workloads import torch_support
    from bench.harness.workloads.gpt2 import jax_model

    model_t, model_j = _jax_pair(torch_env, jax_model)
    tokens = W.example(2, quick=True)["tokens"]
    with torch_env.no_grad():
        out_t = model_t(**torch_support.to_inputs(W, {"tokens": tokens})).numpy()
    np.testing.assert_allclose(np.asarray(model_j(jnp.asarray(tokens, jnp.int32))), out_t, rtol=1e-4,
                               atol=1e-5 * np.abs(out_t).max())
    fused = jax_env.nn.dot_product_attention

    def shifted(q, k, v, is_causal=False, **kwargs):
        t = q.shape[1]
        return fused(q, k, v, mask=jnp.tril(jnp.ones((t, t), bool), k=1), **kwargs)  # the planted mistake

    monkeypatch.setattr(jax_model.jax.nn, "dot_product_attention", shifted)
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(np.asarray(model_j(jnp.asarray(tokens, jnp.int32))), out_t, rtol=1e-4,
                                   atol=1e-5 * np.abs(out_t).max())


def _prepare(framework: str, mode: str, precision: str):
    import importlib

    from bench.harness.adapter import Bundle
    from bench.harness.frameworks import get
    from bench.harness.matrix import Cell

    fw = get(framework)
    adapter = importlib.import_module(fw.adapter)
    if framework == "jax":
        adapter.setup("cpu")
    bundle = Bundle.resolve("bench.harness.workloads", "gpt2", framework, fw.model_module, fw.support_module, quick=True)
    return adapter.prepare(Cell(framework, "gpt2", "train", precision, mode, 2), bundle, "cpu")


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_jax_training_cell_steps_and_names_its_attention(jax_env, precision):
    prepared = _prepare("jax", "jit", precision)
    prepared.step()
    prepared.sync()
    assert prepared.params == W.params(quick=True)
    # no GPU here: JAX's fused (cuDNN) kernel does not apply, and the cell says so
    assert "implementation='xla'" in prepared.describe_path()
    prepared.close()
