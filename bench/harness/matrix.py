"""Cells and the matrix of cells a run measures.

A cell is framework x workload x phase x precision x mode x batch size. The
vocabulary is that of the run file (``bench.data.runs``: ``Phase``,
``Precision``; a test keeps them equal); it is repeated here so that the
parent process and the worker need no pydantic. Modes come from the framework
registry: the run file takes any mode id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .frameworks import FRAMEWORKS

PHASES = ("train", "forward")
PRECISIONS = ("fp32", "tf32", "bf16")

def all_modes() -> tuple[str, ...]:
    """Every registered framework's modes (a framework registered later counts too)."""
    return tuple(dict.fromkeys(mode for fw in FRAMEWORKS.values() for mode in fw.modes))


MODES = all_modes()  # the modes of the frameworks registered in this module

# --quick on a 2-core CPU, measured in the harness's own quick runs: a cold torch.compile of
# a training step takes 30 s to minutes there (inductor generates and builds C++ for every
# graph; the Transformer's took 200 s on a busy machine), and XLA's compile of a bf16
# training step up to 90 s (GoogLeNet). So the quick matrix runs the compiled modes in fp32
# only, and torch.compile for one cell: the fp32 training step of the first selected workload
# (AlexNet by default). Eager cells keep every precision. --mode brings back every cell of
# the modes it names.
QUICK_RULE = (
    "compiled and graph modes (torch.compile, tf.function, XLA, jax.jit) in fp32 only, and torch.compile only for the fp32 "
    "training step of the first selected workload; --mode lifts the rule for the modes it names"
)


def in_quick_matrix(mode: str, workload: str, phase: str, precision: str, first_workload: str | None,
                    mode_class: str = "eager") -> bool:
    """The quick rule for one cell; ``mode_class`` is the mode's class in the registry."""
    if mode_class == "eager":
        return True
    if precision != "fp32":
        return False
    return mode != "compile" or (workload, phase) == (first_workload, "train")


@dataclass(frozen=True, order=True)
class Cell:
    framework: str
    workload: str
    phase: str
    precision: str
    mode: str
    batch_size: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cell:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})

    @property
    def label(self) -> str:
        return f"{self.framework} {self.workload} {self.phase} {self.precision} {self.mode} b{self.batch_size}"


def expand(
    *,
    frameworks: Iterable[str],
    workloads: Mapping[str, Any],
    phases: Iterable[str] = PHASES,
    precisions: Iterable[str] = PRECISIONS,
    modes: Iterable[str] | None = None,
    batch_size: int | None = None,
    quick: bool = False,
) -> list[Cell]:
    """Every cell to run, grouped by framework, then mode (eager first), phase, precision, workload.

    ``workloads`` maps ids to workload specs (with ``batch_size`` and
    ``quick_batch_size``). ``modes=None`` means each framework's own modes,
    and under ``quick`` also the quick rule for torch.compile.
    """
    phases, precisions = tuple(phases), tuple(precisions)
    wanted_modes = None if modes is None else tuple(modes)
    cells = []
    first_workload = next(iter(workloads), None)
    for fw_id in frameworks:
        fw = FRAMEWORKS[fw_id]
        fw_modes = fw.modes if wanted_modes is None else tuple(m for m in fw.modes if m in wanted_modes)
        for mode in fw_modes:
            for phase in phases:
                for precision in precisions:
                    for wl_id, workload in workloads.items():
                        if quick and wanted_modes is None and not in_quick_matrix(
                                mode, wl_id, phase, precision, first_workload, fw.modes[mode].mode_class):
                            continue
                        batch = batch_size or (workload.quick_batch_size if quick else workload.batch_size)
                        cells.append(Cell(fw_id, wl_id, phase, precision, mode, batch))
    return cells
