"""Helpers shared by the workload tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import numpy as np

from bench.harness.workloads import REGISTRY

WORKLOAD_IDS = list(REGISTRY)


def without_dropout(cfg: dict) -> dict:
    """Dropout is random, so a train-mode comparison across frameworks runs with rate 0."""
    return {**cfg, "dropout": 0.0} if "dropout" in cfg else cfg


def as_float64(example: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: v.astype(np.float64) if v.dtype == np.float32 else v for k, v in example.items()}


def perturb(torch, model) -> None:
    """Move every constant-initialised tensor (biases, norm scales and shifts, running statistics)
    off its constant, so that a mix-up between them cannot go unnoticed."""
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad and p.ndim == 1:
                p.add_(0.1 * torch.randn(p.shape, generator=g, dtype=p.dtype))
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(0.1 * torch.randn(b.shape, generator=g, dtype=b.dtype))
            elif name.endswith("running_var"):
                b.copy_(0.5 + torch.rand(b.shape, generator=g, dtype=b.dtype))


def channels_first(shape: tuple[int, ...]) -> tuple[int, ...]:
    """A Keras per-example shape (H, W, C) / (D, H, W, C) in the spec's (C, H, W) / (C, D, H, W) order."""
    return (shape[-1], *shape[:-1]) if len(shape) >= 3 else tuple(shape)


def torch_layer_table(torch, model, inputs: dict, layer_names: list[str], device: str = "cpu") -> dict:
    """name -> (trainable parameters, one example's output shape), from a train-mode forward.

    Train mode, so that PyTorch's fused inference path of the Transformer layers (which skips
    the attention modules' own forward) does not hide any module from the hooks.
    """
    table, hooks = {}, []
    for name in layer_names:
        module = model.get_submodule(name)
        params = sum(p.numel() for p in module.parameters() if p.requires_grad)

        def hook(_m, _inputs, output, name=name, params=params):
            out = output[0] if isinstance(output, tuple) else output
            table[name] = (params, tuple(out.shape[1:]))

        hooks.append(module.register_forward_hook(hook))
    model.train()
    try:
        model(**{k: torch.as_tensor(v, device=device) for k, v in inputs.items()})
    finally:
        for h in hooks:
            h.remove()
    return table


def keras_layers_named(model, name: str) -> list:
    """The Keras layers that implement the spec layer ``name``: ``name`` itself or ``name.<part>``."""
    return [layer for layer in model.layers if layer.name == name or layer.name.startswith(name + ".")]


def keras_layer_table(model, layer_names: list[str]) -> dict:
    """name -> (trainable parameters, one example's output shape in channels-first order)."""
    table = {}
    for name in layer_names:
        parts = keras_layers_named(model, name)
        params = sum(int(np.prod(v.shape)) for layer in parts for v in layer.trainable_weights)
        shape = tuple(parts[-1].output.shape[1:]) if parts else None
        table[name] = (params, channels_first(shape) if shape and len(shape) >= 3 and parts[-1].name == name
                       and type(parts[-1]).__name__.startswith(("Conv", "BatchNorm")) else shape)
    return table


def keras_flops(model) -> int:
    """Forward FLOPs of one example, counted from the Keras model's own layers and shapes.

    Independent of the spec: kernels' sizes times the positions they are applied at
    (2 per multiply-add), recurrent kernels per time step, attention from its inputs' lengths.
    """
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in ("Conv2D", "Conv3D") or kind == "Dense":
            positions = int(np.prod(layer.output.shape[1:-1]))
            total += 2 * positions * int(np.prod(layer.kernel.shape))
        elif kind in ("SimpleRNN", "LSTM", "GRU", "Bidirectional"):
            steps = layer.output.shape[1]
            rnns = [layer.forward_layer, layer.backward_layer] if kind == "Bidirectional" else [layer]
            for rnn in rnns:
                weights = int(np.prod(rnn.cell.kernel.shape)) + int(np.prod(rnn.cell.recurrent_kernel.shape))
                total += 2 * steps * weights
        elif kind == "MultiHeadAttention":
            query, value = layer.input[0], layer.input[1]
            q_len, kv_len, d = query.shape[1], value.shape[1], query.shape[-1]
            q, k, v, o = (int(np.prod(x.kernel.shape)) for x in
                          (layer._query_dense, layer._key_dense, layer._value_dense, layer._output_dense))
            total += 2 * q_len * (q + o) + 2 * kv_len * (k + v) + 2 * 2 * q_len * kv_len * d
        elif kind == "CausalCore":  # gpt2: q k^T and weights x v over the full T x T square
            steps, d = layer.output.shape[1], layer.output.shape[-1]
            total += 2 * 2 * steps * steps * d
        elif kind == "TiedHead":  # gpt2: logits from the token embedding's table
            total += 2 * int(np.prod(layer.output.shape[1:-1])) * int(np.prod(layer._table().shape))
    return total
