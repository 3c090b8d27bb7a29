"""Copy a PyTorch network's weights into the same network in Keras, layout by layout.

Used by the parity tests (equal outputs and gradients with copied weights); imports both
frameworks, so no benchmark worker imports it. Layers are matched by name: the PyTorch module
path is the Keras layer name (a two-layer ``nn.LSTM`` ``rnn`` is the Keras layers ``rnn.l0`` and
``rnn.l1``). Every conversion is linear, so the same ``convert`` maps PyTorch gradients onto
the Keras variables' gradients.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import keras
import numpy as np
from torch import nn

from .torch_support import to_numpy


@dataclass
class Link:
    """One Keras variable and the PyTorch parameters (or buffers) it is computed from."""

    variable: keras.Variable
    torch_names: tuple[str, ...]
    convert: Callable[..., np.ndarray]  # PyTorch arrays (in torch_names order) -> the Keras array


def _t(a: np.ndarray) -> np.ndarray:
    return a.T


def _kernel(w: np.ndarray) -> np.ndarray:
    """Conv weight O, I, *K (PyTorch) -> *K, I, O (Keras)."""
    return np.transpose(w, (*range(2, w.ndim), 1, 0))


def _gru_order(w: np.ndarray) -> np.ndarray:
    """GRU gate blocks r, z, n (PyTorch) -> z, r, h (Keras), along the first axis."""
    r, z, n = np.split(w, 3, axis=0)
    return np.concatenate([z, r, n], axis=0)


def _recurrent_links(prefix: str, module: nn.RNNBase, keras_model: keras.Model) -> list[Link]:
    links = []
    for layer_i in range(module.num_layers):
        layer = keras_model.get_layer(f"{prefix}.l{layer_i}")
        directions = [(layer.forward_layer, ""), (layer.backward_layer, "_reverse")] if module.bidirectional \
            else [(layer, "")]
        for keras_rnn, suffix in directions:
            cell = keras_rnn.cell
            w_ih, w_hh, b_ih, b_hh = (f"{prefix}.{kind}_l{layer_i}{suffix}"
                                      for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
            if module.mode == "GRU":
                links += [Link(cell.kernel, (w_ih,), lambda w: _gru_order(w).T),
                          Link(cell.recurrent_kernel, (w_hh,), lambda w: _gru_order(w).T),
                          Link(cell.bias, (b_ih, b_hh), lambda bi, bh: np.stack([_gru_order(bi), _gru_order(bh)]))]
            else:  # LSTM gates i, f, g, o are Keras' i, f, c, o: same order; RNN_TANH has one block
                links += [Link(cell.kernel, (w_ih,), _t), Link(cell.recurrent_kernel, (w_hh,), _t),
                          Link(cell.bias, (b_ih, b_hh), lambda bi, bh: bi + bh)]  # b_hh is frozen at zero
    return links


def _attention_links(prefix: str, module: nn.MultiheadAttention, layer) -> list[Link]:
    d, h = module.embed_dim, module.num_heads
    links = []
    for i, dense in enumerate((layer._query_dense, layer._key_dense, layer._value_dense)):  # q, k, v blocks of in_proj
        rows = slice(i * d, (i + 1) * d)
        links += [Link(dense.kernel, (f"{prefix}.in_proj_weight",), lambda w, r=rows: w[r].T.reshape(d, h, d // h)),
                  Link(dense.bias, (f"{prefix}.in_proj_bias",), lambda b, r=rows: b[r].reshape(h, d // h))]
    out = layer._output_dense
    links += [Link(out.kernel, (f"{prefix}.out_proj.weight",), lambda w: w.T.reshape(h, d // h, d)),
              Link(out.bias, (f"{prefix}.out_proj.bias",), lambda b: b)]
    return links


def links(torch_module: nn.Module, keras_model: keras.Model) -> list[Link]:
    """How each Keras variable is computed from the PyTorch module's state (raises on anything unmatched)."""
    result: list[Link] = []
    done: list[str] = []
    for name, m in torch_module.named_modules():
        inside_done = any(name.startswith(p + ".") for p in done)  # out_proj of an attention already linked
        if inside_done or not (list(m.parameters(recurse=False)) or isinstance(m, nn.MultiheadAttention)):
            continue
        if isinstance(m, nn.RNNBase):
            result += _recurrent_links(name, m, keras_model)
        elif isinstance(m, nn.MultiheadAttention):
            result += _attention_links(name, m, keras_model.get_layer(name))
            done.append(name)
        else:
            layer = keras_model.get_layer(name)
            if isinstance(m, (nn.Conv2d, nn.Conv3d)):
                result.append(Link(layer.kernel, (f"{name}.weight",), _kernel))
            elif isinstance(m, nn.Linear):
                result.append(Link(layer.kernel, (f"{name}.weight",), _t))
            elif isinstance(m, nn.Embedding):
                result.append(Link(layer.embeddings, (f"{name}.weight",), lambda w: w))
            elif isinstance(m, (nn.BatchNorm2d, nn.BatchNorm3d)):
                result += [Link(layer.gamma, (f"{name}.weight",), lambda w: w),
                           Link(layer.moving_mean, (f"{name}.running_mean",), lambda w: w),
                           Link(layer.moving_variance, (f"{name}.running_var",), lambda w: w)]
            elif isinstance(m, nn.LayerNorm):
                result.append(Link(layer.gamma, (f"{name}.weight",), lambda w: w))
            else:
                raise TypeError(f"no Keras mapping for {name}: {type(m).__name__}")
            if getattr(m, "bias", None) is not None:
                bias = layer.beta if isinstance(m, (nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm)) else layer.bias
                result.append(Link(bias, (f"{name}.bias",), lambda b: b))
    _check_complete(result, torch_module, keras_model)
    return result


def _check_complete(result: list[Link], torch_module: nn.Module, keras_model: keras.Model) -> None:
    covered = {id(link.variable) for link in result}
    missing = [v.path for v in keras_model.trainable_variables if id(v) not in covered]
    used = {n for link in result for n in link.torch_names}
    unused = [n for n, p in torch_module.named_parameters() if p.requires_grad and n not in used]
    if missing or unused or len(covered) != len(result):
        raise ValueError(f"weights not matched one to one: Keras without a source {missing}, PyTorch unused {unused}")


def copy_weights(torch_module: nn.Module, keras_model: keras.Model) -> list[Link]:
    """Assign every Keras variable from the PyTorch module; returns the links (for gradient checks)."""
    state = {k: to_numpy(v) for k, v in torch_module.state_dict(keep_vars=True).items()}
    result = links(torch_module, keras_model)
    for link in result:
        value = link.convert(*(state[n] for n in link.torch_names))
        if tuple(value.shape) != tuple(link.variable.shape):
            raise ValueError(f"{link.torch_names} -> {link.variable.path}: "
                             f"shape {value.shape} != {link.variable.shape}")
        link.variable.assign(value.astype(link.variable.dtype))  # float32, or float64 for the exact checks
    return result


def torch_grads_as_keras(result: list[Link], torch_module: nn.Module) -> list[tuple[keras.Variable, np.ndarray]]:
    """Each trainable Keras variable with the PyTorch gradient mapped onto its layout (frozen: zero)."""
    params = dict(torch_module.named_parameters())
    out = []
    for link in result:
        if not link.variable.trainable:
            continue
        grads = [np.zeros(tuple(params[n].shape), np.float32) if params[n].grad is None
                 else to_numpy(params[n].grad) for n in link.torch_names]
        out.append((link.variable, link.convert(*grads)))
    return out
