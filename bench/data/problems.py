"""Turning pydantic validation errors into ``file:line: message`` problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .yamlsafe import DataFileError, Document


def dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    # Drop pydantic's internal loc parts (union branches, validator names).
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    kind = error["type"]
    if kind == "extra_forbidden":
        return loc, f"unknown field '{dotted(loc)}' (misspelt? see the schema)"
    if kind == "missing":
        return loc, f"missing field '{dotted(loc)}'"
    msg = error["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
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
