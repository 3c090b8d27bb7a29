"""What a framework adapter hands the worker for one cell, and how a cell says no.

Framework-neutral (stdlib only): the adapters in ``frameworks/`` fill these in.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from .matrix import Cell


class Unsupported(Exception):
    """The framework, this device or this build cannot run the cell; the message says why."""


@dataclass
class Bundle:
    """One workload as a framework sees it: the spec, its build(), the task's inputs and loss."""

    workload: Any  # bench.harness.workloads.base.Workload (or a test's stand-in)
    build: Callable[[dict], Any]  # <id>/<framework model module>.build(cfg)
    support: ModuleType  # to_inputs(workload, example), loss(workload, logits, example)
    config: dict
    quick: bool
    model_module: ModuleType | None = None  # may define describe_path(model, batch, precision, device) -> str

    @classmethod
    def resolve(cls, registry: str, workload_id: str, framework_id: str, model_module: str, support_module: str, quick: bool) -> Bundle:
        package = importlib.import_module(registry)
        workload = package.REGISTRY[workload_id]
        if "." in model_module:  # a module path of its own (a framework whose models live outside the registry)
            model_path = model_module.format(workload=workload_id)
        elif hasattr(workload, "module"):
            model_path = workload.module(framework_id)
        else:
            model_path = f"{registry}.{workload_id}.{model_module}"
        module = importlib.import_module(model_path)
        support = importlib.import_module(support_module if "." in support_module else f"{registry}.{support_module}")
        return cls(workload=workload, build=module.build, support=support, config=workload.config(quick), quick=quick,
                   model_module=module)

    def example(self, batch: int, seed: int = 0) -> dict:
        return self.workload.example(batch, self.quick, seed=seed)

    def model_path(self, model: Any, cell: Cell, device: str) -> str | None:
        """What the model file says ran inside the model (e.g. which attention kernel), if it says anything."""
        describe = getattr(self.model_module, "describe_path", None)
        return describe(model, cell.batch_size, cell.precision, device) if describe else None


def joined(*parts: str | None) -> str | None:
    """A cell's ``path`` from its parts (the model's own, the mode's), None when there is none.

    One line of at most 400 characters, as a run file's ``path`` must be: a graph break's reason
    after an attention kernel's name can run long, and a cut path beats a run file that is refused.
    """
    lines = (first_line(p) for p in parts if p)
    return first_line("; ".join(line for line in lines if line)) or None


@dataclass
class Prepared:
    """A built cell, ready to time."""

    step: Callable[[], object]
    sync: Callable[[], object]
    reset_peak: Callable[[], object]
    read_peak: Callable[[], int | None]
    peak_memory_kind: str | None
    params: int | None
    describe_path: Callable[[], str | None] = lambda: None  # read after the first step (graph breaks...)
    close: Callable[[], object] = lambda: None
    model: Any = None  # the built model, for tests and scripts that look inside
    layout: str | None = None  # memory layout of images (channels_last, NCHW, NHWC); None for other inputs


def threads() -> int | None:
    """The intra-op thread count the worker was asked for (``--threads``), or None for the framework's default."""
    import os

    value = os.environ.get("BENCH_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def first_line(text: str, limit: int = 400) -> str:
    line = next((part.strip() for part in str(text).splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def unsupported_precision(cell: Cell, device: str) -> str | None:
    """Shared rule: TF32 exists only on NVIDIA tensor cores (Ampere and later)."""
    if cell.precision == "tf32" and device != "cuda":
        return "TF32 is a tensor-core format of NVIDIA GPUs; on a CPU the cell would repeat fp32"
    return None
