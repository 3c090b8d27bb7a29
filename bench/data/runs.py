"""Typed model of one benchmark run file, ``data/runs/<UTC timestamp>_<device>.json``.

A run is written by ``python -m bench run`` and read by ``bench check`` and the
site. Files carry an integer ``schema_version``; older files are migrated one
step at a time by the functions in ``MIGRATIONS`` (never by hand), and a file
newer than this code is refused.

History of the format:
  1  first layout: times in milliseconds (``samples_ms``, ``median_ms``...).
  2  times in seconds, bootstrap interval as ``ci95_s: [low, high]``,
     per-cell NVML clock readings.
  3  a cell is measured in several worker processes (``processes``: one
     record each, its samples in order in ``samples_s``); a sample is the
     mean step time of a block of steps; the interval is a hierarchical
     bootstrap over processes, absent below a minimum (``ci95_note`` says
     why); ``contended`` marks a cell measured on a busy machine; ``layout``.
     v2 intervals came from one process and are dropped by the migration.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from .models import (
    LINE_MAX,
    NAME_MAX,
    RESERVED_IDS,
    Id,
    Line,
    LocatedError,
    Name,
    Prose,
    one_line,
    text_problem,
)
from .yamlsafe import shown

RUN_SCHEMA_VERSION = 3

DEVICE_NAME_MAX = 120
"""A GPU or CPU model as the driver reports it; it becomes part of a page's address."""
COMMAND_MAX = 4000
"""The command line of a run (one line)."""

RUN_FILE_PATTERN = r"^(?:\d{8}T\d{6}Z|\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)_[a-z0-9]+(?:-[a-z0-9]+)*\.json$"
"""``<UTC timestamp>_<device>.json``: ``20261126T051200Z_h200.json`` as the harness names a run,
or ``2026-01-10T12-00-00Z_cuda.json``; the stem is the run page's address."""
RUN_FILE_MAX = 80
RUN_FILE_RE = re.compile(RUN_FILE_PATTERN)

DEVICE_KIND_PATTERN = r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$"
DEVICE_KIND_MAX = 32


def run_file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the file name of a run in ``data/runs/``, or None."""
    if len(name) > RUN_FILE_MAX or not RUN_FILE_RE.fullmatch(name):
        return (
            "a run file is named <UTC timestamp>_<device>.json, e.g. 20261126T051200Z_h200.json "
            f"(device: lowercase letters, digits and '-'; at most {RUN_FILE_MAX} characters)"
        )
    return None


SETTINGS_DEPTH = 16


def _settings_problem(value: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str] | None:
    # Recursion is bounded by SETTINGS_DEPTH, checked before going deeper.
    if len(loc) > SETTINGS_DEPTH:
        return loc, f"nested more than {SETTINGS_DEPTH} levels deep"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return loc, "keys must be text"
            if (problem := text_problem(key, multiline=False)) or len(key) > NAME_MAX:
                return loc + (key,), f"key: {problem or f'at most {NAME_MAX} characters'}"
            if found := _settings_problem(item, loc + (key,)):
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if found := _settings_problem(item, loc + (index,)):
                return found
    elif isinstance(value, str):
        # An empty value is fine (an environment variable set to nothing); invisible text is not.
        problem = text_problem(value, multiline=False) if value else None
        if problem:
            return loc, problem
        if len(value) > LINE_MAX:
            return loc, f"at most {LINE_MAX} characters"
    elif isinstance(value, float):
        if not math.isfinite(value):
            return loc, "must be a finite number"
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > AMOUNT_MAX:
        return loc, f"a whole number of at most {AMOUNT_MAX}"
    elif not (value is None or isinstance(value, (bool, int))):
        return loc, f"a setting must be text, a number, true/false, null, a list or a mapping, not {type(value).__name__}"
    return None


def _clean_settings(value: dict[str, Any]) -> dict[str, Any]:
    if found := _settings_problem(value, ()):
        raise LocatedError(*found)
    return value


Settings = Annotated[dict[str, Any], AfterValidator(_clean_settings)]
"""Free-form settings, as the harness recorded them: text (one line each), finite numbers, lists, mappings."""


def _device_kind(value: str) -> str:
    if len(value) > DEVICE_KIND_MAX or not re.fullmatch(DEVICE_KIND_PATTERN, value):
        raise ValueError(
            f"{shown(value)} is not a device kind: lowercase letters and digits, '_' or '-' between them, at most {DEVICE_KIND_MAX}"
        )
    if value.replace("_", "-") in RESERVED_IDS:
        raise ValueError(f"{shown(value)} is a reserved name (a page or folder of the site has it)")
    return value


DeviceKind = Annotated[str, Field(strict=True, json_schema_extra={"pattern": DEVICE_KIND_PATTERN, "maxLength": DEVICE_KIND_MAX}),
                       AfterValidator(_device_kind)]
"""``cpu``, ``cuda``: short, since the pages of a kind of machine are named after it."""
DeviceName = one_line(DEVICE_NAME_MAX)
CommandLine = one_line(COMMAND_MAX)
Path_ = one_line(LINE_MAX)

# Bounds a real measurement never reaches, so that no sum, ratio or unit conversion on a
# page overflows: a week per step, 1e30 for rates and counts of operations, 2**63 for bytes.
SECONDS_MAX = 7 * 24 * 3600.0
FIGURE_MAX = 1e30
AMOUNT_MAX = 2**63 - 1


def _measurable(value: float) -> float:
    if 0 < value < 1e-9:
        raise ValueError(f"{value} s is below a nanosecond: not a measured time")
    return value


Seconds = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=SECONDS_MAX)]
"""A duration: finite, never negative."""
PositiveSeconds = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=SECONDS_MAX), AfterValidator(_measurable)]
"""A measured time: finite, at least a nanosecond."""
NonNegative = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=FIGURE_MAX)]
Positive = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0, le=FIGURE_MAX)]
Count = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
"""How many: at least one (a device count, a number of cores, a batch size)."""
Amount = Annotated[int, Field(strict=True, ge=0, le=AMOUNT_MAX)]
"""Bytes, parameters, MHz: a whole number, never negative."""
Flag = Annotated[bool, Field(strict=True)]


def _time_as_text(value: object) -> object:
    # pydantic would read a number as seconds since 1970.
    if isinstance(value, (int, float)):
        raise ValueError("give the time as ISO 8601 text with its time zone, e.g. 2026-01-10T12:00:00Z")  # noqa: TRY004
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_time_as_text)]
"""A moment with its time zone (a time without one could be any of 24)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


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
    version: Name
    git_commit: Name | None = None
    git_dirty: Flag | None = None


class Host(_Model):
    os: Name
    kernel: Name | None = None
    machine: Name | None = None
    cpu: DeviceName | None = None
    cores_logical: Count | None = None
    cores_physical: Count | None = None
    memory_bytes: Amount | None = None
    python: Name


class Device(_Model):
    kind: DeviceKind  # "cpu" or "cuda"
    name: DeviceName
    count: Count = 1
    memory_bytes: Amount | None = None
    driver: Name | None = None
    cuda: Name | None = None
    cudnn: Name | None = None
    peak_tflops: dict[Precision, Positive] = Field(default_factory=dict)
    """Dense datasheet peaks for this device, where known (for the share of peak)."""


class FrameworkInfo(_Model):
    id: Id  # framework id of data/frameworks.yaml (pytorch, tensorflow), or one it does not list yet
    available: Flag
    reason: Prose | None = None  # why not available: may be raw error text over several lines
    version: Name | None = None
    python: Path_ | None = None  # interpreter the worker ran under
    build_cuda: Name | None = None
    build_cudnn: Name | None = None
    loaded_cuda: Name | None = None
    loaded_cudnn: Name | None = None
    import_time_s: Seconds | None = None  # measured in a fresh process
    settings: Settings = Field(default_factory=dict)  # TF32, autotune, memory growth, as set


class Clocks(_Model):
    sm_mhz: Amount | None = None
    mem_mhz: Amount | None = None
    temperature_c: Annotated[int, Field(strict=True, ge=-100, le=200)] | None = None
    power_w: NonNegative | None = None
    throttle_reasons: list[Name] = Field(default_factory=list, max_length=64)


class StopReason(str, Enum):
    samples = "samples"  # the fixed number of samples was reached
    time = "time"  # the time cap of the process's timed loop


class Process(_Model):
    """One worker process's measurement of a cell: its samples are the next ``samples`` entries of ``samples_s``."""

    samples: Count
    block_steps: Count = 1  # steps per sample (one synchronisation per block)
    warmup_iters: Amount | None = None  # steps before the samples, block sizing included
    stopped_by: StopReason | None = None
    first_step_s: Seconds | None = None  # this process's first step
    clocks_settled: Flag | None = None  # GPU: the SM clock was steady before the samples; None where not checked
    load_avg_1m: NonNegative | None = None  # the host's 1-minute load average at the end of the cell
    other_busy_cores: NonNegative | None = None  # CPU time of other processes during the cell / its wall time
    contended: Flag = False  # other processes used cores the measurement needed


class Result(_Model):
    """One cell: framework x workload x phase x precision x mode x batch size."""

    framework: Id  # an id data/frameworks.yaml may not list yet: the pages show it by its id
    workload: Id
    phase: Phase
    precision: Precision
    mode: Mode
    batch_size: Count
    status: CellStatus
    reason: Prose | None = None  # may be raw error text over several lines
    path: Line | None = None  # the execution path, where it is not the mode's usual one
    params: Amount | None = None  # trainable parameters
    flops_per_step: NonNegative | None = None  # analytic
    samples_s: list[PositiveSeconds] = Field(default_factory=list, max_length=1_000_000)  # raw samples, process by process
    processes: list[Process] = Field(default_factory=list, max_length=1000)
    median_s: PositiveSeconds | None = None
    iqr_s: Seconds | None = None
    ci95_s: tuple[Seconds, Seconds] | None = None  # hierarchical bootstrap 95% interval of the median
    ci95_note: Line | None = None  # why there is no interval
    contended: Flag = False  # a process of this cell ran on a busy machine: never a headline
    layout: Name | None = None  # the memory layout of the inputs and activations (channels_last, NCHW, NHWC)
    throughput: NonNegative | None = None
    throughput_unit: Name | None = None  # e.g. "images/s", "sequences/s"
    tflops: NonNegative | None = None  # achieved
    peak_share: NonNegative | None = None  # achieved / device peak for this precision
    peak_memory_bytes: Amount | None = None
    peak_memory_kind: Line | None = None  # which allocator figure
    first_step_s: Seconds | None = None  # compile and autotune included
    clocks_before: Clocks | None = None
    clocks_after: Clocks | None = None

    @model_validator(mode="after")
    def _ok_has_numbers(self) -> Result:
        if self.status is CellStatus.ok:
            if not self.samples_s or self.median_s is None:
                raise ValueError("a cell with status ok needs samples_s and median_s")
        elif not self.reason:
            raise ValueError(f"a cell with status {self.status.value} needs a reason")
        if self.processes and sum(p.samples for p in self.processes) != len(self.samples_s):
            raise LocatedError(("processes",), f"the processes hold {sum(p.samples for p in self.processes)} samples, "
                                               f"samples_s has {len(self.samples_s)}")
        if self.ci95_s is not None:
            low, high = self.ci95_s
            if low > high:
                raise LocatedError(("ci95_s",), f"the interval is reversed: {low} > {high}")
            if self.median_s is not None and not low <= self.median_s <= high:
                raise LocatedError(("ci95_s",), f"the interval [{low}, {high}] does not hold the median {self.median_s}")
        return self

    @property
    def unstable(self) -> bool:
        """IQR above 10% of the median: flag the cell as noisy."""
        return bool(self.median_s and self.iqr_s is not None and self.iqr_s / self.median_s > 0.10)

    @property
    def key(self) -> tuple[str, str, str, str, str, int]:
        return (self.framework, self.workload, self.phase.value, self.precision.value, self.mode, self.batch_size)


class Run(_Model):
    schema_version: Annotated[int, Field(strict=True)]
    complete: Flag  # false while running, or when the run was cut short
    started_at: Timestamp
    finished_at: Timestamp | None = None
    harness: Harness
    command: CommandLine  # exact command line
    host: Host
    device: Device
    frameworks: list[FrameworkInfo] = Field(max_length=64)
    settings: Settings  # iterations, time caps, quick, reduced batch sizes...
    results: list[Result] = Field(max_length=100_000)
    _stored_version: int | None = PrivateAttr(default=None)  # set by load.load_run

    @property
    def stored_schema_version(self) -> int:
        """The ``schema_version`` the file was written in, before migration (this model is always the current one)."""
        return self._stored_version if self._stored_version is not None else self.schema_version

    @model_validator(mode="after")
    def _version(self) -> Run:
        if self.schema_version != RUN_SCHEMA_VERSION:
            raise LocatedError(("schema_version",), f"schema_version must be {RUN_SCHEMA_VERSION} after migration")
        now = dt.datetime.now(dt.UTC)
        if self.started_at > now:
            raise LocatedError(("started_at",), f"started_at {self.started_at.isoformat()} is in the future")
        if self.finished_at is not None:
            if self.finished_at < self.started_at:
                raise LocatedError(("finished_at",), "finished_at is before started_at")
            if self.finished_at > now:
                raise LocatedError(("finished_at",), f"finished_at {self.finished_at.isoformat()} is in the future")
        return self


# --- migrations ---------------------------------------------------------------


V2_ONLY_CELL_KEYS = ("samples_s", "median_s", "iqr_s", "ci95_s", "first_step_s", "clocks_before", "clocks_after")
"""Keys a version-1 cell cannot hold: a file that has them is version 2 data under a wrong label."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """v1 kept times in milliseconds and the interval as two fields.

    Values of the wrong type are carried over unconverted, for validation to name.
    """
    ms_scalars = {"median_ms": "median_s", "iqr_ms": "iqr_s", "first_step_ms": "first_step_s"}
    results = []
    cells = doc.get("results", [])
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, dict):
            results.append(cell)
            continue
        for key in V2_ONLY_CELL_KEYS:
            if key in cell:
                raise RunVersionError(f"'{key}' is a field of schema_version 2, but the file says schema_version 1",
                                      ("results", index, key))
        cell = dict(cell)
        if "samples_ms" in cell:
            samples = cell.pop("samples_ms")
            cell["samples_s"] = [v / 1000.0 if _number(v) else v for v in samples] if isinstance(samples, list) else samples
        for old, new in ms_scalars.items():
            if old in cell:
                value = cell.pop(old)
                cell[new] = value / 1000.0 if _number(value) else value
        low, high = cell.pop("ci95_low_ms", None), cell.pop("ci95_high_ms", None)
        if low is not None or high is not None:
            cell["ci95_s"] = [v / 1000.0 if _number(v) else v for v in (low, high)]
        results.append(cell)
    return {**doc, "schema_version": 2, "results": results if isinstance(cells, list) else cells}


V2_INTERVAL_NOTE = "no 95% interval: one process (measured under schema 2, whose within-process interval missed run-to-run spread)"


def _v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
    """v2 measured each cell in one process, one synchronisation per step.

    Its samples become one process of one-step blocks; its interval (a bootstrap of
    one process's samples, narrower than the spread between runs) is dropped with a note.
    Values of the wrong type are carried over, for validation to name.
    """
    results = []
    cells = doc.get("results", [])
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict):
            cell = dict(cell)
            samples = cell.get("samples_s")
            if isinstance(samples, list) and samples and "processes" not in cell:
                process: dict[str, Any] = {"samples": len(samples), "block_steps": 1}
                if _number(cell.get("first_step_s")):
                    process["first_step_s"] = cell["first_step_s"]
                cell["processes"] = [process]
            if cell.pop("ci95_s", None) is not None:
                cell["ci95_note"] = V2_INTERVAL_NOTE
        results.append(cell)
    return {**doc, "schema_version": 3, "results": results if isinstance(cells, list) else cells}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}
"""``MIGRATIONS[n]`` turns a version-n document into version n+1."""


class RunVersionError(ValueError):
    """The file's schema_version is wrong for this code or for its content; ``loc`` says where."""

    def __init__(self, message: str, loc: tuple[Any, ...] = ("schema_version",)) -> None:
        super().__init__(message)
        self.loc = loc


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
