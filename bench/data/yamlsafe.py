"""A strict YAML reader for contributor-edited data files.

PyYAML's safe loader accepts things a data file should never contain: duplicate
keys (the last one silently wins), anchors and aliases (an "alias bomb" can
expand to gigabytes), tabs in indentation. This reader refuses all of them and
remembers the line of every node, so that a validation error can point a
contributor at ``file:line``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# A path into a document: keys of mappings and indices of sequences.
Loc = tuple[Any, ...]


class DataFileError(Exception):
    """A problem with a data file that a contributor can fix: carries file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:  # file:line: message, on one line whatever the file is named
        return f"{printable(str(self.path))}:{self.line or 1}: {printable(self.message)}"


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with line breaks, control, invisible and bidirectional characters written as escapes.

    A file name or a value quoted in a message can hold any of them; printed
    as they are, one problem would span two lines or read in another order.
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object, limit: int = 60) -> str:
    """A value quoted in a message: in quotes, shortened, on one line."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "'" + printable(text) + "'"


@dataclass
class Document:
    """A parsed YAML document plus the line (1-based) where each node starts."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest node on ``loc`` that exists (1 for the root)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


MAX_DEPTH = 32
"""Deepest nesting accepted; data files need about eight levels. PyYAML composes
nodes recursively, so a deeper document would end in a RecursionError."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and anchors before anything is expanded."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise DataFileError("", event.start_mark.line + 1, "YAML aliases (*name) are not allowed in data files")
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise DataFileError("", event.start_mark.line + 1, f"YAML anchors (&{anchor}) are not allowed in data files")
        if self._depth >= MAX_DEPTH:
            raise DataFileError("", event.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def dotted(loc: Loc) -> str:
    """``areas.modeling.evidence[0].url``: a location as a contributor reads it."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_PLAIN_TAGS = {MappingNode: "tag:yaml.org,2002:map", SequenceNode: "tag:yaml.org,2002:seq"}


def _to_python(loader: _StrictLoader, node: Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if type(node) in _PLAIN_TAGS and node.tag != _PLAIN_TAGS[type(node)]:
        # Collections are built here, not by PyYAML, so a tag would be silently ignored.
        raise DataFileError("", node.start_mark.line + 1, f"YAML tags ({node.tag}) are not allowed in data files")
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataFileError("", key_node.start_mark.line + 1, "YAML merge keys (<<) are not allowed in data files")
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise DataFileError("", key_node.start_mark.line + 1, "mapping keys must be plain scalars")
            if key in out:
                raise DataFileError(
                    "", key_node.start_mark.line + 1,
                    f"duplicate key {shown(key)} (first given on line {lines[loc + (key,)]})",
                )
            out[key] = _to_python(loader, value_node, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        return [_to_python(loader, item, loc + (i,), lines) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:  # PyYAML builds dates with datetime: `2026-13-01` raises here
        where = f"{dotted(loc)}: " if loc else ""
        raise DataFileError("", node.start_mark.line + 1, f"{where}invalid value '{node.value}': {exc}") from None


_CLoader = getattr(yaml, "CSafeLoader", None)


def _parse_fast(text: str) -> tuple[Any, dict[Loc, int]] | None:
    """Parse with libyaml when the document is plainly acceptable, else None.

    The pure-Python reader below gives the careful messages, but scanning in
    Python costs about ten times as long; a valid file (the usual case) takes
    this path. Anchors, aliases and deep nesting are looked for on libyaml's
    event stream *before* anything is composed, so a bomb is never expanded;
    any doubt (an error, an anchor, a tag) falls back to the careful reader.
    """
    if _CLoader is None or "\t" in text:  # libyaml takes some tabs PyYAML refuses
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            lines: dict[Loc, int] = {}
            return _to_python(loader, node, (), lines), lines
        finally:
            loader.dispose()
    except (yaml.YAMLError, DataFileError):
        return None


def parse_yaml(text: str, path: Path | str) -> Document:
    """Parse one YAML document strictly; raise DataFileError naming file and line."""
    path = Path(path)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise DataFileError(path, number, "tab used for indentation; use spaces")
    fast = _parse_fast(text)
    if fast is not None:
        return Document(path=path, data=fast[0], lines=fast[1])
    try:
        loader = _StrictLoader(text)  # refuses control characters right away
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise DataFileError(path, line, f"control character U+{exc.character:04X} is not allowed in YAML") from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataFileError(path, 1, "file is empty")
        lines: dict[Loc, int] = {}
        data = _to_python(loader, node, (), lines)
    except DataFileError as exc:
        raise DataFileError(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in problem:
            problem = "a tab character where YAML allows none; use spaces"
        context = exc.context or ""
        if exc.context_mark and context.startswith(("while scanning", "while parsing a flow")):
            # An unclosed quote or bracket, a key without its colon: the mistake is
            # where the token began, not where PyYAML gave up (often the end of the file).
            problem = f"{context}: {problem} on line {line}"
            line = exc.context_mark.line + 1
        raise DataFileError(path, line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise DataFileError(path, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return Document(path=path, data=data, lines=lines)


YAML_MAX_BYTES = 256 * 1024
"""Largest YAML data file read; the largest ratings file is about a tenth of it."""


def read_text(path: Path, max_bytes: int = YAML_MAX_BYTES) -> str:
    """Read a data file as UTF-8, or raise DataFileError saying why not.

    The file is looked at (lstat) before it is opened: a symbolic link (which could
    point out of the repository, or at /dev/zero), a FIFO, a device or a folder is
    refused unread, and so is a file over ``max_bytes``.
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise DataFileError(path, 1, f"cannot read file: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise DataFileError(path, 1, "a symbolic link; data files and folders must be plain ones")
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(path, 1, "not a plain file (a folder, FIFO, socket or device)")
    if info.st_size > max_bytes:
        raise DataFileError(path, 1, f"file is too large ({info.st_size} bytes; at most {max_bytes})")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the lstat
                raise DataFileError(path, 1, "not a plain file (a folder, FIFO, socket or device)")
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DataFileError(path, 1, f"cannot read file: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise DataFileError(path, 1, f"file is too large (over {max_bytes} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(path, line, "file is not valid UTF-8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataFileError(path, 1, "file is empty")
    return text


def load_yaml(path: Path | str) -> Document:
    path = Path(path)
    return parse_yaml(read_text(path), path)
