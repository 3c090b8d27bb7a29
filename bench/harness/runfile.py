"""Writing a run file: validated against the run model, atomically, after every cell.

The document is checked with ``bench.data.runs.Run`` before each write, so a
file on disk is always one that ``bench check`` accepts. The write goes to a
temporary file in the same folder, is flushed to disk, then renamed over the
target (``os.replace`` is atomic on POSIX): a reader, or a run killed in the
middle of a write, sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..data.runs import RUN_SCHEMA_VERSION, Run


def file_name(started_at: dt.datetime, device_slug: str) -> str:
    """``<UTC timestamp>_<device>.json``, e.g. ``20261126T051200Z_cpu.json``."""
    stamp = started_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}_{device_slug}.json"


def new_path(out_dir: Path, started_at: dt.datetime, device_slug: str) -> Path:
    """A fresh path in ``out_dir`` (a second run in the same second gets ``-2``...)."""
    path = out_dir / file_name(started_at, device_slug)
    counter = 2
    while path.exists():
        path = out_dir / file_name(started_at, f"{device_slug}-{counter}")
        counter += 1
    return path


def validate(doc: dict[str, Any]) -> Run:
    return Run.model_validate(doc)


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_run(path: Path, doc: dict[str, Any]) -> None:
    """Validate, then write atomically; a document the model refuses is never written."""
    validate(doc)
    write_atomic(path, dumps(doc))


__all__ = ["RUN_SCHEMA_VERSION", "file_name", "new_path", "validate", "write_atomic", "write_run"]
