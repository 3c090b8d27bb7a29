"""The workload registry: the ONE place where workloads are registered.

The command line, the tests and the site list workloads from ``REGISTRY``. Each workload is a
folder: ``spec.py`` (framework-neutral, no imports beyond the standard library at load) and one model file
per registered framework (``torch_model.py``, ``keras_model.py``, ``jax_model.py``: ``bench.harness.frameworks``).
This module imports no framework.
"""

from __future__ import annotations

from .alexnet.spec import WORKLOAD as ALEXNET
from .base import SGD_MOMENTUM, Layer, Workload
from .bilstm.spec import WORKLOAD as BILSTM
from .c3d_small.spec import WORKLOAD as C3D_SMALL
from .googlenet.spec import WORKLOAD as GOOGLENET
from .gpt2.spec import WORKLOAD as GPT2
from .gru.spec import WORKLOAD as GRU
from .lstm.spec import WORKLOAD as LSTM
from .resnet50.spec import WORKLOAD as RESNET50
from .rnn_tanh.spec import WORKLOAD as RNN_TANH
from .transformer.spec import WORKLOAD as TRANSFORMER
from .vgg11.spec import WORKLOAD as VGG11

REGISTRY: dict[str, Workload] = {
    w.id: w
    for w in (ALEXNET, VGG11, GOOGLENET, RESNET50, C3D_SMALL, RNN_TANH, LSTM, GRU, BILSTM, TRANSFORMER, GPT2)
}


def get(workload_id: str) -> Workload:
    """The registered workload ``workload_id``; KeyError naming the known ids otherwise."""
    try:
        return REGISTRY[workload_id]
    except KeyError:
        raise KeyError(f"unknown workload {workload_id!r}; known: {', '.join(REGISTRY)}") from None


def optimizer_settings(api: str) -> dict[str, str]:
    """A worker's record of the training steps' optimizers: the default, each workload that declares
    another, and the framework's ``api`` that implements them."""
    named = {w.id: w.optimizer.describe() for w in REGISTRY.values() if w.optimizer != SGD_MOMENTUM}
    return {"default": SGD_MOMENTUM.describe(), **named, "api": api}


__all__ = ["REGISTRY", "Layer", "Workload", "get", "optimizer_settings"]
