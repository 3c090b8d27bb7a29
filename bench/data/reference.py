"""Typed model of ``data/reference/<id>.yaml``: published benchmark numbers from elsewhere.

The site sets these beside its own measurements ("then and now"). Each file is
one published table, copied as facts with its source, hardware and date; the
numbers are never edited, only cited. A column is one framework build as the
source named it (``TF 0.6``, ``Torch FP32``); a row is one network at one batch
size, named by the workload id of today's harness so that today's cells of the
same network at the same batch size can be found.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .models import Id, Line, Link, Name, PastDate, ProseText, SchemaVersion1, Strict, Text, Version

REFERENCE_SCHEMA_VERSION = 1

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"
"""A year, or a year and month: sources rarely give the day."""


Milliseconds = Annotated[float, Field(strict=True, allow_inf_nan=False, le=1e9)]
"""A published time: a finite number (a page would show "nan ms"), positive (checked by its row)."""


class ReferenceSource(Strict):
    title: Line
    url: Link
    permalink: Link | None = None
    """The exact revision the numbers were copied from (a commit URL), where there is one."""
    retrieved: PastDate | None = None


class ReferenceColumn(Strict):
    """One framework build as the source measured it."""

    id: Id
    label: Name  # as the source wrote it: "TF 0.6", "Torch FP32"
    framework: Id  # id in data/frameworks.yaml
    version: Version | None = None
    precision: Literal["fp32", "fp16"] = "fp32"
    today: Id | None = None
    """The framework whose measurements stand beside this column today (torch -> pytorch); none when archived."""
    source: Link | None = None  # where this column's numbers come from, when not the file's source
    note: ProseText | None = None


class ReferenceRow(Strict):
    """One network at one batch size; ``values`` maps column id to milliseconds."""

    workload: Id  # today's workload id (harness registry)
    label: Name  # the network as the source named it
    batch_size: int = Field(ge=1, le=1_000_000, strict=True)
    input: Name | None = None  # e.g. "128x3x224x224"
    values: dict[Id, Milliseconds] = Field(min_length=1, max_length=100)

    @field_validator("values")
    @classmethod
    def _positive(cls, values: dict[str, float]) -> dict[str, float]:
        for column, value in values.items():
            if value <= 0:
                raise ValueError(f"values.{column}: a time must be positive, got {value}")
        return values


class ReferenceFile(Strict):
    schema_version: SchemaVersion1
    id: Id
    title: Text
    summary: Text
    source: ReferenceSource
    hardware: Line  # the GPU as the source named it
    date: str = Field(strict=True, pattern=DATE_PATTERN)  # when the numbers were published
    unit: Literal["ms"]
    measure: Text  # what one number is: "ms per forward+backward pass of one minibatch"
    method: ProseText | None = None  # how the source timed it (runs averaged, layers left out)
    columns: list[ReferenceColumn] = Field(min_length=1, max_length=100)
    rows: list[ReferenceRow] = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _consistent(self) -> ReferenceFile:
        ids = [column.id for column in self.columns]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate column id(s): {', '.join(duplicates)}")
        for index, row in enumerate(self.rows):
            unknown = sorted(set(row.values) - set(ids))
            if unknown:
                raise ValueError(f"rows[{index}] ({row.label}): unknown column(s) {', '.join(unknown)}; columns are {', '.join(ids)}")
        keys = [(row.workload, row.batch_size) for row in self.rows]
        if len(set(keys)) != len(keys):
            raise ValueError("two rows name the same workload and batch size")
        return self

    def column(self, column_id: str) -> ReferenceColumn:
        return next(c for c in self.columns if c.id == column_id)
