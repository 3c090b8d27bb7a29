"""Turning pydantic validation errors into ``file:line: message`` problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .models import LocatedError
from .yamlsafe import DataFileError, Document, dotted


def _message(error: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    # Drop pydantic's internal loc parts (union branches, validator names).
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, LocatedError):
        # A validator that names the place below its field (a key deep in a run's settings).
        loc += tuple(raised.loc)
        return loc, f"{dotted(loc)}: {raised}"
    kind = error["type"]
    if kind == "extra_forbidden":
        return loc, f"unknown field '{dotted(loc)}' (misspelt? see the schema)"
    if kind == "literal_error" and error["loc"][-1:] == ("[key]",):
        # A key of a mapping with fixed keys (the area ids of a ratings file).
        expected = error["msg"].removeprefix("Input should be ")
        return loc, f"unknown key '{dotted(loc)}' (expected {expected})"
    if kind == "missing":
        return loc, f"missing field '{dotted(loc)}'"
    msg = error["msg"]
    msg = msg.removeprefix("Value error, ")
    where = dotted(loc)
    return loc, f"{where}: {msg}" if where else msg


def validation_problems(exc: ValidationError, doc: Document | None, path: Path) -> list[DataFileError]:
    """One problem per pydantic error, each pointing at the line of its field."""
    problems = []
    seen = set()
    for error in exc.errors():
        loc, message = _message(error)
        line = doc.line_of(loc) if doc else 1
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.append(DataFileError(path, line, message))
    return problems
