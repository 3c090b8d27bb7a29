"""A tiny stand-in registry for the harness tests: one small MLP classifier, plus ids whose
cells the fake adapter (``benchtest_fake``) turns into crashes, hangs and out-of-memory errors.

It follows the interface of ``bench.harness.workloads`` (REGISTRY, ``<id>/torch_model.py``,
``torch_support.py``...) without depending on the real workloads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MODEL_PART = {"pytorch": "torch_model", "tensorflow": "keras_model", "jax": "jax_model"}


@dataclass(frozen=True)
class TinyWorkload:
    id: str
    name: str = "Tiny MLP"
    family: str = "convnet"
    task: str = "classify"
    unit: str = "images/s"
    batch_size: int = 8
    quick_batch_size: int = 4
    variant: str = "two dense layers on 4x4 images; harness tests only"
    reference: str = "https://example.org/tiny"

    def config(self, quick: bool) -> dict:
        return {"input_shape": (1, 4, 4), "hidden": 8 if quick else 16, "classes": 3}

    input_names = ("images",)
    target_name = "labels"

    def example(self, batch: int, quick: bool, seed: int = 0) -> dict:
        cfg = self.config(quick)
        rng = np.random.default_rng(seed)
        return {
            "images": rng.standard_normal((batch, *cfg["input_shape"]), dtype=np.float32),
            "labels": rng.integers(0, cfg["classes"], size=batch, dtype=np.int64),
        }

    def params(self, quick: bool) -> int:
        cfg = self.config(quick)
        return 16 * cfg["hidden"] + cfg["hidden"] + cfg["hidden"] * cfg["classes"] + cfg["classes"]

    def flops(self, batch: int, quick: bool, phase: str) -> float:
        cfg = self.config(quick)
        forward = 2 * batch * (16 * cfg["hidden"] + cfg["hidden"] * cfg["classes"])
        return float(forward * (3 if phase == "train" else 1))

    def module(self, framework: str) -> str:
        return f"{__name__}.tiny.{MODEL_PART.get(framework, 'fake_model')}"


# ids the fake adapter acts on: "tiny" measures a short sleep, the others misbehave
REGISTRY = {
    wid: TinyWorkload(wid)
    for wid in ("tiny", "tiny2", "slow", "segfault", "exit", "hang", "oom", "boom", "nope")
}
