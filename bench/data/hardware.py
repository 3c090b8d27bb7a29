"""Typed model of ``data/hardware.yaml``: which framework runs on which accelerator, and how.

The matrix backs the cross-platform ratings with facts a reader can check: for
each framework and each accelerator, whether training and inference work, who
maintains that support, and where that was read and when. Support comes in
levels, because "runs on Ascend" means something else when Huawei maintains a
plug-in than when the framework's own CI builds it:

- ``official``: built, tested and released by the framework's own project;
- ``vendor``: maintained by the hardware vendor (a plug-in, a fork, a wheel);
- ``community``: third-party work that neither the project nor the vendor ships;
- ``none``: no known way to run it;
- ``unknown``: not verified against a primary source (shown as "not verified").

A cell that claims any level other than ``unknown`` must carry evidence: a
link, its title and the date it was checked. The set of accelerators is fixed
here (``ACCELERATOR_IDS``), like the areas: a misspelt id is an error, and the
page can rely on every row having every column.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .models import Link, PastDate, Strict, Text
from .yamlsafe import DataFileError, Document

HARDWARE_SCHEMA_VERSION = 1

ACCELERATOR_IDS = (
    "nvidia", "amd", "intel_gpu", "apple", "tpu",
    "ascend", "kunlunxin", "cambricon", "hygon_dcu",
    "cpu_x86", "cpu_arm",
)
"""The columns of the matrix, in the page's order."""


class Support(str, Enum):
    official = "official"
    vendor = "vendor"
    community = "community"
    none = "none"
    unknown = "unknown"


class HardwareEvidence(Strict):
    url: Link
    title: Text
    checked: PastDate
    """When the page was read and found to say what the cell claims."""


class HardwareCell(Strict):
    """One framework on one accelerator."""

    training: Support
    inference: Support
    note: Text | None = None
    evidence: list[HardwareEvidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _evidence_for_claims(self) -> HardwareCell:
        verified = {self.training, self.inference} != {Support.unknown}
        if verified and not self.evidence:
            raise ValueError("a cell that is not 'unknown' needs evidence (url, title, checked date)")
        return self

    @property
    def verified(self) -> bool:
        return Support.unknown not in (self.training, self.inference)


class Accelerator(Strict):
    id: Literal[ACCELERATOR_IDS]  # type: ignore[valid-type]
    name: Text


class HardwareFile(Strict):
    schema_version: Literal[1]
    accelerators: list[Accelerator]
    frameworks: dict[str, dict[Literal[ACCELERATOR_IDS], HardwareCell]]  # type: ignore[valid-type]
    """Framework id (data/frameworks.yaml) -> accelerator id -> cell."""

    @field_validator("accelerators")
    @classmethod
    def _all_accelerators(cls, accelerators: list[Accelerator]) -> list[Accelerator]:
        ids = tuple(a.id for a in accelerators)
        if ids != ACCELERATOR_IDS:
            raise ValueError(f"accelerators must be exactly {', '.join(ACCELERATOR_IDS)} in this order, got {', '.join(ids)}")
        return accelerators

    def cell(self, framework: str, accelerator: str) -> HardwareCell | None:
        row = self.frameworks.get(framework)
        return row.get(accelerator) if row else None


def hardware_rules(path: Path, hardware: HardwareFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Every row names a framework of data/frameworks.yaml and has a cell for every accelerator.

    Checked here rather than in the model so that a problem points at the row, not at ``frameworks:``."""
    problems = []
    for framework, row in hardware.frameworks.items():
        line = doc.line_of(("frameworks", framework))
        if framework not in known:
            problems.append(DataFileError(path, line, f"frameworks.{framework}: unknown framework '{framework}' (not in data/frameworks.yaml)"))
        missing = [a for a in ACCELERATOR_IDS if a not in row]
        if missing:
            problems.append(DataFileError(
                path, line, f"frameworks.{framework}: every accelerator must be present "
                            f"(use 'unknown' where not verified); missing: {', '.join(missing)}"))
    return problems

