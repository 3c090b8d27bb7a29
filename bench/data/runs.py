"""Typed model of one benchmark run file, ``data/runs/<UTC timestamp>_<device>.json``.

A run is written by ``python -m bench run`` and read by ``bench check`` and the
site. Files carry an integer ``schema_version``; older files are migrated one
step at a time by the functions in ``MIGRATIONS`` (never by hand), and a file
newer than this code is refused.

History of the format:
  1  first layout: times in milliseconds (``samples_ms``, ``median_ms``...).
  2  times in seconds, bootstrap interval as ``ci95_s: [low, high]``,
     per-cell NVML clock readings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

RUN_SCHEMA_VERSION = 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CellStatus(str, Enum):
    ok = "ok"
    oom = "oom"
    unsupported = "unsupported"
    error = "error"


class Phase(str, Enum):
    train = "train"  # forward, backward and optimizer update
    forward = "forward"


class Precision(str, Enum):
    fp32 = "fp32"  # TF32 off
    tf32 = "tf32"
    bf16 = "bf16"  # bf16 mixed precision (autocast / Keras mixed_bfloat16)


Mode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
"""An execution mode id (``eager``, ``compile``, ``function``, ``xla``, ``jit``...). Each framework's modes
are listed by the harness's framework registry and recorded in the run (``settings.modes``); the
file format takes any short lowercase id, so that adding a framework or a mode changes no schema."""


class Harness(_Model):
    version: str
    git_commit: str | None = None
    git_dirty: bool | None = None


class Host(_Model):
    os: str
    kernel: str | None = None
    machine: str | None = None
    cpu: str | None = None
    cores_logical: int | None = None
    cores_physical: int | None = None
    memory_bytes: int | None = None
    python: str


class Device(_Model):
    kind: str  # "cpu" or "cuda"
    name: str
    count: int = 1
    memory_bytes: int | None = None
    driver: str | None = None
    cuda: str | None = None
    cudnn: str | None = None
    peak_tflops: dict[Precision, float] = Field(default_factory=dict)
    """Dense datasheet peaks for this device, where known (for the share of peak)."""


class FrameworkInfo(_Model):
    id: str  # framework id of data/frameworks.yaml (pytorch, tensorflow)
    available: bool
    reason: str | None = None  # why not available
    version: str | None = None
    python: str | None = None  # interpreter the worker ran under
    build_cuda: str | None = None
    build_cudnn: str | None = None
    loaded_cuda: str | None = None
    loaded_cudnn: str | None = None
    import_time_s: float | None = None  # measured in a fresh process
    settings: dict[str, Any] = Field(default_factory=dict)  # TF32, autotune, memory growth, as set


class Clocks(_Model):
    sm_mhz: int | None = None
    mem_mhz: int | None = None
    temperature_c: int | None = None
    power_w: float | None = None
    throttle_reasons: list[str] = Field(default_factory=list)


class Result(_Model):
    """One cell: framework x workload x phase x precision x mode x batch size."""

    framework: str
    workload: str
    phase: Phase
    precision: Precision
    mode: Mode
    batch_size: int = Field(ge=1)
    status: CellStatus
    reason: str | None = None
    path: str | None = None  # the execution path, where it is not the mode's usual one
    params: int | None = None  # trainable parameters
    flops_per_step: float | None = None  # analytic
    samples_s: list[float] = Field(default_factory=list)  # raw per-iteration times
    median_s: float | None = None
    iqr_s: float | None = None
    ci95_s: tuple[float, float] | None = None  # bootstrap 95% interval of the median
    throughput: float | None = None
    throughput_unit: str | None = None  # e.g. "images/s", "sequences/s"
    tflops: float | None = None  # achieved
    peak_share: float | None = None  # achieved / device peak for this precision
    peak_memory_bytes: int | None = None
    peak_memory_kind: str | None = None  # which allocator figure
    first_step_s: float | None = None  # compile and autotune included
    clocks_before: Clocks | None = None
    clocks_after: Clocks | None = None

    @model_validator(mode="after")
    def _ok_has_numbers(self) -> Result:
        if self.status is CellStatus.ok:
            if not self.samples_s or self.median_s is None:
                raise ValueError("a cell with status ok needs samples_s and median_s")
        elif not self.reason:
            raise ValueError(f"a cell with status {self.status.value} needs a reason")
        return self

    @property
    def unstable(self) -> bool:
        """IQR above 10% of the median: flag the cell as noisy."""
        return bool(self.median_s and self.iqr_s is not None and self.iqr_s / self.median_s > 0.10)

    @property
    def key(self) -> tuple[str, str, str, str, str, int]:
        return (self.framework, self.workload, self.phase.value, self.precision.value, self.mode, self.batch_size)


class Run(_Model):
    schema_version: int
    complete: bool  # false while running, or when the run was cut short
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    harness: Harness
    command: str  # exact command line
    host: Host
    device: Device
    frameworks: list[FrameworkInfo]
    settings: dict[str, Any]  # iterations, time caps, quick, reduced batch sizes...
    results: list[Result]

    @model_validator(mode="after")
    def _version(self) -> Run:
        if self.schema_version != RUN_SCHEMA_VERSION:
            raise ValueError(f"schema_version must be {RUN_SCHEMA_VERSION} after migration")
        return self


# --- migrations ---------------------------------------------------------------


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """v1 kept times in milliseconds and the interval as two fields."""
    ms_scalars = {"median_ms": "median_s", "iqr_ms": "iqr_s", "first_step_ms": "first_step_s"}
    results = []
    for cell in doc.get("results", []):
        cell = dict(cell)
        if "samples_ms" in cell:
            cell["samples_s"] = [value / 1000.0 for value in cell.pop("samples_ms")]
        for old, new in ms_scalars.items():
            if old in cell:
                value = cell.pop(old)
                cell[new] = None if value is None else value / 1000.0
        low, high = cell.pop("ci95_low_ms", None), cell.pop("ci95_high_ms", None)
        if low is not None and high is not None:
            cell["ci95_s"] = [low / 1000.0, high / 1000.0]
        results.append(cell)
    return {**doc, "schema_version": 2, "results": results}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
"""``MIGRATIONS[n]`` turns a version-n document into version n+1."""


class RunVersionError(ValueError):
    pass


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a run document to ``RUN_SCHEMA_VERSION``, one step at a time."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RunVersionError("schema_version must be a positive integer")
    if version > RUN_SCHEMA_VERSION:
        raise RunVersionError(
            f"schema_version {version} is newer than this code understands ({RUN_SCHEMA_VERSION}); update the project"
        )
    while version < RUN_SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version = doc["schema_version"]
    return doc
