"""``data/releases.yaml``: the latest release of each rated framework on PyPI.

A rating records the framework ``version`` it was reviewed against. When the
framework has since shipped a newer major or minor release, the framework page
says so ("reviewed against 2.10; 2.11.0 is out"), so that a reader knows the
rating may be stale and a contributor knows what to re-review. The file is
written by ``python -m bench releases`` (a weekly workflow runs it and opens a
pull request); ``package`` names the PyPI project that carries each framework,
and is the one thing a person edits.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from .models import ID_PATTERN, NonBlank, PastDate, Strict, Version
from .yamlsafe import DataFileError, Document

RELEASES_FILE = "releases.yaml"
POINTER = "# yaml-language-server: $schema=schema/releases.schema.json"
PYPI_JSON = "https://pypi.org/pypi/{package}/json"


class Release(Strict):
    framework: str = Field(pattern=ID_PATTERN)
    package: NonBlank = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    version: Version
    released: PastDate | None = None


class ReleasesFile(Strict):
    schema_version: Literal[1]
    checked: PastDate
    releases: list[Release] = Field(min_length=1)

    @field_validator("releases")
    @classmethod
    def _one_per_framework(cls, releases: list[Release]) -> list[Release]:
        seen: set[str] = set()
        for release in releases:
            if release.framework in seen:
                raise ValueError(f"framework '{release.framework}' is listed twice")
            seen.add(release.framework)
        return releases

    def latest(self, framework_id: str) -> Release | None:
        return next((r for r in self.releases if r.framework == framework_id), None)


def release_rules(path: Path, releases: ReleasesFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: every release names a framework of frameworks.yaml."""
    return [DataFileError(path, doc.line_of(("releases", index, "framework")),
                          f"releases[{index}].framework: unknown framework '{release.framework}' (not in data/frameworks.yaml)")
            for index, release in enumerate(releases.releases) if release.framework not in known]


# --- comparing versions ---------------------------------------------------------

_MAJOR_MINOR = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?")


def major_minor(version: str) -> tuple[int, int] | None:
    """(2, 10) for '2.10', '2.10.0' or '2.10.0rc1'; None for a version that does not start with numbers."""
    match = _MAJOR_MINOR.match(version)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def is_newer_release(reviewed: str, latest: str) -> bool:
    """Whether ``latest`` is a later major or minor release than the ``reviewed`` one (patches do not count)."""
    old, new = major_minor(reviewed), major_minor(latest)
    return old is not None and new is not None and new > old


# --- reading PyPI and writing the file -------------------------------------------

Fetch = Callable[[str], tuple[str, dt.date | None]]


class ReleaseError(Exception):
    """PyPI could not be read or answered something unexpected; the file is left as it was."""


def fetch_pypi(package: str, timeout: float = 30) -> tuple[str, dt.date | None]:
    """The latest version of ``package`` on PyPI (its JSON API) and the day it was uploaded."""
    url = PYPI_JSON.format(package=package)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            payload = json.load(response)
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"{url}: {exc}") from None
    try:
        version = str(payload["info"]["version"])
        uploads = payload.get("urls") or []
        stamp = uploads[0]["upload_time_iso_8601"] if uploads else None
    except (KeyError, TypeError, IndexError) as exc:
        raise ReleaseError(f"{url}: unexpected answer ({exc})") from None
    released = dt.date.fromisoformat(stamp[:10]) if isinstance(stamp, str) else None
    return version, released


def render(releases: ReleasesFile) -> str:
    """The file's text: the schema pointer first, a note on where it comes from, then the data."""
    lines = [POINTER,
             "# Written by `python -m bench releases` from PyPI; edit only `package`.",
             f"schema_version: {releases.schema_version}",
             f"checked: {releases.checked.isoformat()}",
             "releases:"]
    for release in releases.releases:
        lines += [f"  - framework: {release.framework}",
                  f"    package: {release.package}",
                  f"    version: {json.dumps(release.version)}"]
        if release.released is not None:
            lines.append(f"    released: {release.released.isoformat()}")
    return "\n".join(lines) + "\n"


def refresh(current: ReleasesFile, fetch: Fetch, today: dt.date | None = None) -> ReleasesFile:
    """``current`` with every framework's latest release read again; raises ReleaseError, changing nothing."""
    updated = []
    for release in current.releases:
        version, released = fetch(release.package)
        try:
            updated.append(Release.model_validate({"framework": release.framework, "package": release.package,
                                                   "version": version, "released": released}))
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            raise ReleaseError(f"{release.package}: PyPI answered version {version!r}, released {released}: {problem}") from None
    return ReleasesFile(schema_version=1, checked=today or dt.date.today(), releases=updated)


def write(path: Path, releases: ReleasesFile) -> None:
    """Replace ``path`` in one step, so that a failure never leaves a half-written file."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(render(releases))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
