"""Copy a PyTorch network's weights into the same network in JAX (Flax NNX), and count a JAX model's FLOPs.

Used by the parity tests (equal outputs and gradients with copied weights); imports both
frameworks, so no benchmark worker imports it. Modules are matched by path: the PyTorch module
path is the JAX module path (``features.conv1``); a two-layer ``nn.LSTM`` ``rnn`` is the JAX
layers ``rnn.l0`` and ``rnn.l1``, each with a ``fwd`` (and a ``bwd``) direction. Every conversion
is linear, so the same ``convert`` maps PyTorch gradients onto the JAX parameters' gradients.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from flax import nnx
from torch import nn

from .jax_support import Attention, submodule
from .torch_support import to_numpy


@dataclass
class Link:
    """One JAX variable (module path and attribute) and the PyTorch tensors it is computed from."""

    path: str
    attr: str
    torch_names: tuple[str, ...]
    convert: Callable[..., np.ndarray]  # PyTorch arrays (in torch_names order) -> the JAX array

    def variable(self, model: nnx.Module) -> nnx.Variable:
        return getattr(submodule(model, self.path), self.attr)


def _t(a: np.ndarray) -> np.ndarray:
    return a.T


def _same(a: np.ndarray) -> np.ndarray:
    return a


def _kernel(w: np.ndarray) -> np.ndarray:
    """Conv weight O, I, *K (PyTorch) -> *K, I, O (JAX, channels-last)."""
    return np.transpose(w, (*range(2, w.ndim), 1, 0))


def _recurrent_links(prefix: str, module: nn.RNNBase) -> list[Link]:
    links = []
    for layer_i in range(module.num_layers):
        directions = [("fwd", ""), ("bwd", "_reverse")] if module.bidirectional else [("fwd", "")]
        for jax_dir, suffix in directions:
            path = f"{prefix}.l{layer_i}.{jax_dir}"
            w_ih, w_hh, b_ih, b_hh = (f"{prefix}.{kind}_l{layer_i}{suffix}"
                                      for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
            links += [Link(path, "kernel_ih", (w_ih,), _t), Link(path, "kernel_hh", (w_hh,), _t)]
            if module.mode == "GRU":  # same gate order r, z, n; both biases kept
                links += [Link(path, "bias", (b_ih,), _same), Link(path, "bias_hh", (b_hh,), _same)]
            else:  # one bias: PyTorch's b_ih + b_hh (b_hh frozen at zero)
                links.append(Link(path, "bias", (b_ih, b_hh), lambda bi, bh: bi + bh))
    return links


def _attention_links(prefix: str, module: nn.MultiheadAttention) -> list[Link]:
    d = module.embed_dim
    links = []
    for i, proj in enumerate(("q_proj", "k_proj", "v_proj")):  # the q, k, v blocks of in_proj
        rows = slice(i * d, (i + 1) * d)
        links += [Link(f"{prefix}.{proj}", "kernel", (f"{prefix}.in_proj_weight",), lambda w, r=rows: w[r].T),
                  Link(f"{prefix}.{proj}", "bias", (f"{prefix}.in_proj_bias",), lambda b, r=rows: b[r])]
    links += [Link(f"{prefix}.out_proj", "kernel", (f"{prefix}.out_proj.weight",), _t),
              Link(f"{prefix}.out_proj", "bias", (f"{prefix}.out_proj.bias",), _same)]
    return links


def links(torch_module: nn.Module, jax_model: nnx.Module) -> list[Link]:
    """How each JAX variable is computed from the PyTorch module's state (raises on anything unmatched)."""
    result: list[Link] = []
    done: list[str] = []
    for name, m in torch_module.named_modules():
        inside_done = any(name.startswith(p + ".") for p in done)  # out_proj of an attention already linked
        if inside_done or not (list(m.parameters(recurse=False)) or isinstance(m, nn.MultiheadAttention)):
            continue
        if isinstance(m, nn.RNNBase):
            result += _recurrent_links(name, m)
        elif isinstance(m, nn.MultiheadAttention):
            if not isinstance(submodule(jax_model, name), Attention):
                raise TypeError(f"{name}: the JAX module is not an Attention")
            result += _attention_links(name, m)
            done.append(name)
        else:
            if isinstance(m, (nn.Conv2d, nn.Conv3d)):
                result.append(Link(name, "kernel", (f"{name}.weight",), _kernel))
            elif isinstance(m, nn.Linear):
                result.append(Link(name, "kernel", (f"{name}.weight",), _t))
            elif isinstance(m, nn.Embedding):
                result.append(Link(name, "embedding", (f"{name}.weight",), _same))
            elif isinstance(m, (nn.BatchNorm2d, nn.BatchNorm3d)):
                result += [Link(name, "scale", (f"{name}.weight",), _same),
                           Link(name, "mean", (f"{name}.running_mean",), _same),
                           Link(name, "var", (f"{name}.running_var",), _same)]
            elif isinstance(m, nn.LayerNorm):
                result.append(Link(name, "scale", (f"{name}.weight",), _same))
            else:
                raise TypeError(f"no JAX mapping for {name}: {type(m).__name__}")
            if getattr(m, "bias", None) is not None:
                result.append(Link(name, "bias", (f"{name}.bias",), _same))
    _check_complete(result, torch_module, jax_model)
    return result


def _params(jax_model: nnx.Module) -> dict[int, str]:
    return {id(node): ".".join(map(str, path)) for path, node in nnx.iter_graph(jax_model)
            if isinstance(node, nnx.Param)}


def _check_complete(result: list[Link], torch_module: nn.Module, jax_model: nnx.Module) -> None:
    linked = [id(link.variable(jax_model)) for link in result]
    missing = [path for pid, path in _params(jax_model).items() if pid not in set(linked)]
    used = {n for link in result for n in link.torch_names}
    unused = [n for n, p in torch_module.named_parameters() if p.requires_grad and n not in used]
    if missing or unused or len(set(linked)) != len(linked):
        raise ValueError(f"weights not matched one to one: JAX without a source {missing}, PyTorch unused {unused}")


def copy_weights(torch_module: nn.Module, jax_model: nnx.Module) -> list[Link]:
    """Assign every linked JAX variable from the PyTorch module; returns the links (for gradient checks)."""
    state = {k: to_numpy(v) for k, v in torch_module.state_dict(keep_vars=True).items()}
    result = links(torch_module, jax_model)
    for link in result:
        variable = link.variable(jax_model)
        value = link.convert(*(state[n] for n in link.torch_names))
        current = variable[...]
        if tuple(value.shape) != tuple(current.shape):
            raise ValueError(f"{link.torch_names} -> {link.path}.{link.attr}: shape {value.shape} != {current.shape}")
        variable[...] = jnp.asarray(value, dtype=current.dtype)  # float32, or float64 for the exact checks
    return result


def torch_grads_as_jax(result: list[Link], torch_module: nn.Module) -> list[tuple[Link, np.ndarray]]:
    """Each trainable JAX variable's link with the PyTorch gradient mapped onto its layout (frozen: zero)."""
    params = dict(torch_module.named_parameters())
    out = []
    for link in result:
        if link.attr in ("mean", "var"):  # batch-norm statistics: not trained
            continue
        grads = [np.zeros(tuple(params[n].shape), np.float64) if params[n].grad is None
                 else to_numpy(params[n].grad) for n in link.torch_names]
        out.append((link, link.convert(*grads)))
    return out


# -- FLOPs, counted from the program XLA compiles ---------------------------------------------

def jaxpr_flops(jaxpr) -> int:
    """FLOPs of the matrix products and convolutions of a jaxpr (2 per multiply-add), sub-programs included.

    The count of ``analytic.py`` (its conventions: elementwise work, pooling and softmax not
    counted), read from the traced program instead of the spec: a ``scan`` body counts once per step.
    """
    total = 0
    for eqn in jaxpr.eqns:
        name = eqn.primitive.name
        out = math.prod(eqn.outvars[0].aval.shape) if eqn.outvars else 0
        if name == "dot_general":
            (lhs_contract, _), _ = eqn.params["dimension_numbers"]
            lhs = eqn.invars[0].aval.shape
            total += 2 * out * math.prod(lhs[i] for i in lhs_contract)
        elif name == "conv_general_dilated":
            rhs = eqn.invars[1].aval.shape
            spec = eqn.params["dimension_numbers"].rhs_spec  # (out features, in features, *spatial)
            total += 2 * out * rhs[spec[1]] * math.prod(rhs[i] for i in spec[2:])
        repeat = eqn.params.get("length", 1) if name == "scan" else 1
        for value in eqn.params.values():
            for sub in value if isinstance(value, (tuple, list)) else (value,):
                inner = getattr(sub, "jaxpr", sub)
                if hasattr(inner, "eqns"):
                    total += repeat * jaxpr_flops(inner)
    return total


def forward_flops(jax_model: nnx.Module, inputs: dict) -> int:
    """Forward FLOPs of the model (eval mode) on these inputs."""
    jax_model.eval()
    graphdef, state = nnx.split(jax_model)
    closed = jax.make_jaxpr(lambda s, x: nnx.merge(graphdef, s)(**x))(state, inputs)
    return jaxpr_flops(closed.jaxpr)
