"""Typed model of ``data/withdrawals.yaml``: the runs the site no longer shows, and why.

A run file is a measurement record: it is never edited or deleted (``check --base``
refuses both). A run found flawed after it was merged (a misconfigured machine, a
harness bug) is retired by an entry here instead: the site leaves it out of every
table, chart, history and CSV, and its own page stays, saying when and why it was
withdrawn. Entries are only ever added, like runs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .models import PastDate, Strict, Text

WITHDRAWALS_SCHEMA_VERSION = 1

RUN_FILE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*\.json$"
"""The name of a file in ``data/runs/`` (no folder)."""


class Withdrawal(Strict):
    """One run taken off the pages: which, since when, why (Markdown, both languages)."""

    run: str = Field(pattern=RUN_FILE_PATTERN, description="the run's file name in data/runs/, e.g. 20261126T054549Z_h200.json")
    date: PastDate
    reason: Text
    pull_request: int | None = Field(default=None, ge=1, strict=True)


class WithdrawalsFile(Strict):
    schema_version: Literal[1]
    withdrawals: list[Withdrawal]
