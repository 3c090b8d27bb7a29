"""A fake framework for the plugin test: NumPy, a linear classifier, plain SGD with momentum.

Registered in the test only (``tests/harness/test_framework_plugin.py``): it proves that a
framework is its registry entry, an adapter, a model and a support module, and nothing else.
This package is the adapter; ``model`` builds the network for any image-classification workload,
``support`` turns an example into arrays.
"""

from __future__ import annotations

import numpy as np

from bench.harness.adapter import Prepared, Unsupported, unsupported_precision
from bench.harness.memory import HostPeak


def setup(device: str) -> dict:
    if device != "cpu":
        raise Unsupported("NumPy runs on the CPU only")
    return {"settings": {"threads": "NumPy's BLAS default"}}  # the version comes from the registry's probe


def unsupported(cell, device: str) -> str | None:
    if cell.precision == "bf16":
        return "NumPy has no bfloat16"
    return unsupported_precision(cell, device)


def is_oom(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError)


def prepare(cell, bundle, device: str) -> Prepared:
    if bundle.workload.task != "classify":
        raise Unsupported("the NumPy model classifies images only")
    model = bundle.build(dict(bundle.config))
    inputs = bundle.support.to_inputs(bundle.workload, bundle.example(cell.batch_size))
    x = inputs["x"].reshape(cell.batch_size, -1)
    labels = inputs["labels"]
    host = HostPeak()

    def forward() -> np.ndarray:
        return x @ model["w"] + model["b"]

    def train() -> None:
        logits = forward()
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(len(labels)), labels] -= 1.0  # d(mean cross-entropy)/d(logits), times the batch
        grads = {"w": x.T @ p / len(labels), "b": p.mean(axis=0)}
        for k in ("w", "b"):  # SGD with momentum 0.9, learning rate 0.01, as the real frameworks
            model["m_" + k] = 0.9 * model.get("m_" + k, 0.0) + grads[k]
            model[k] -= 0.01 * model["m_" + k]

    return Prepared(
        step=train if cell.phase == "train" else forward,
        sync=lambda: None,
        reset_peak=host.reset,
        read_peak=host.read,
        peak_memory_kind=host.kind,
        params=int(model["w"].size + model["b"].size),
        model=model,
    )
