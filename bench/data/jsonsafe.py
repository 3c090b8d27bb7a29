"""A strict JSON reader for run files, and the line of every value for error messages.

``json.loads`` accepts what a run file must not hold: duplicate keys (the last one
silently wins), ``NaN`` and ``Infinity`` (a page would show "nan ms"), and nesting
deep enough to end in a RecursionError. This reader refuses them with the file and
line. A valid file takes the C parser only; the line of each value is worked out
(``json_lines``) only when something is wrong, to name it.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from .yamlsafe import DataFileError, Loc, shown

MAX_DEPTH = 64
"""Deepest nesting accepted; a run file needs about six levels."""
MAX_NUMBER = 100
"""Longest number, in characters: Python refuses to read an integer of over 4300 digits."""


class _Refused(Exception):
    """Raised inside json.loads by the hooks; the walk below finds the line."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused
    return out


def _constant(name: str) -> Any:
    raise _Refused


def _depth(value: Any) -> int:
    """How deep ``value`` nests, counted up to just past MAX_DEPTH (no recursion)."""
    deepest = 0
    stack = [(value, 1)]
    push, pop = stack.append, stack.pop
    while stack:
        item, depth = pop()
        if depth > deepest:
            deepest = depth
            if depth > MAX_DEPTH:
                break
        for child in item.values() if type(item) is dict else item:
            if type(child) is dict or type(child) is list:
                push((child, depth + 1))
    return deepest


def parse_json(text: str, path: Path | str) -> Any:
    """Parse one JSON document strictly; raise DataFileError naming file and line."""
    path = Path(path)
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except (_Refused, RecursionError, ValueError):
        # A duplicate key, NaN, nesting too deep for the parser, a number too long to read:
        # the walk names it and its line.
        json_lines(text, path)
        raise DataFileError(path, 1, "invalid JSON") from None
    if isinstance(data, (dict, list)) and _depth(data) > MAX_DEPTH:
        json_lines(text, path)
        raise DataFileError(path, 1, f"nested more than {MAX_DEPTH} levels deep")
    return data


_SCALAR = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null|NaN|-?Infinity|[^\s{}\[\],:\"]+")
_SPACE = re.compile(r"[ \t\n\r]*")


def json_lines(text: str, path: Path | str) -> dict[Loc, int]:
    """The line (1-based) of every value of a JSON document, keyed by its place.

    A place is the tuple of keys and indices that leads to the value, as in
    ``yamlsafe.Document.lines``, so that ``validation_problems`` can name the line
    of a pydantic error. The walk is iterative (no recursion, whatever the depth)
    and raises DataFileError at the first duplicate key, NaN or Infinity, nesting
    past MAX_DEPTH, or overlong number. It expects a document ``json.loads``
    parsed, or one that failed only on those; on other malformed text it stops.
    """
    path = Path(path)
    lines: dict[Loc, int] = {}
    # One frame per open container: [is_object, its place, keys seen (line by key), next index, key awaiting a value]
    stack: list[list[Any]] = []
    pos, line, length = 0, 1, len(text)

    def place() -> Loc | None:
        """Where the value starting now belongs."""
        if not stack:
            return ()
        frame = stack[-1]
        if frame[0]:
            return None if frame[4] is None else frame[1] + (frame[4],)
        return frame[1] + (frame[3],)

    def settle() -> None:
        if stack and stack[-1][0]:
            stack[-1][4] = None

    while pos < length:
        end = _SPACE.match(text, pos).end()
        line += text.count("\n", pos, end)
        pos = end
        if pos >= length:
            break
        char = text[pos]
        if char in "{[":
            loc = place()
            if loc is None:
                break  # a container where a key should be: not JSON
            if len(stack) >= MAX_DEPTH:
                raise DataFileError(path, line, f"nested more than {MAX_DEPTH} levels deep")
            lines[loc] = line
            settle()
            stack.append([char == "{", loc, {}, 0, None])
            pos += 1
        elif char in "}]":
            if not stack:
                break
            stack.pop()
            pos += 1
        elif char == ",":
            if stack and not stack[-1][0]:
                stack[-1][3] += 1
            pos += 1
        elif char == ":":
            pos += 1
        elif char == '"':
            try:
                value, end = scanstring(text, pos + 1)
            except ValueError:
                break
            frame = stack[-1] if stack else None
            if frame is not None and frame[0] and frame[4] is None:
                if value in frame[2]:
                    raise DataFileError(path, line, f"duplicate key {shown(value)} (first given on line {frame[2][value]})")
                frame[2][value] = line
                frame[4] = value
                lines[frame[1] + (value,)] = line
            else:
                loc = place()
                if loc is not None:
                    lines[loc] = line
                settle()
            line += text.count("\n", pos, end)
            pos = end
        else:
            match = _SCALAR.match(text, pos)
            if match is None:
                break
            token = match.group()
            if token in ("NaN", "Infinity", "-Infinity"):
                raise DataFileError(path, line, f"{token} is not allowed: every number must be finite")
            if len(token) > MAX_NUMBER:
                raise DataFileError(path, line, f"a number of more than {MAX_NUMBER} characters")
            loc = place()
            if loc is not None:
                lines[loc] = line
            settle()
            pos = match.end()
    return lines
