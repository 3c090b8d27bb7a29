"""The data every page shows, aggregated once per build.

mkdocs-static-i18n runs one full mkdocs build per language, and every page
calls macros; both would reload and re-aggregate ``data/`` if nothing were
cached. ``site_data`` loads the data folder through the data layer once, keeps
the aggregate (a ``SiteData``) in this module, and hands the same object back
until a file under the folder changes (so ``mkdocs serve`` picks up edits).
Nothing here depends on the language: templates pick the language at render time.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.data import Dataset, load_dataset
from bench.data.models import AREA_IDS, Area, AreaRating, Framework, HistoryEntry, RatingsFile, Status
from bench.data.releases import Release, is_newer_release

log = logging.getLogger("mkdocs.plugins.bench.site")

EDITION_2016 = "2016"
EDITION_CURRENT = "current"


@dataclass(frozen=True)
class Cell:
    """One framework in one area of one edition."""

    framework: Framework
    area: Area
    rating: AreaRating | None  # None: the framework has no ratings file in this edition

    @property
    def stars(self) -> float | None:
        return self.rating.stars if self.rating else None


@dataclass(frozen=True)
class Change:
    """One area of a 2016 framework: its stars then and now."""

    area: Area
    then: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        if self.then is None or self.now is None:
            return None
        return self.now - self.then


@dataclass(frozen=True)
class LineageRow:
    """One area of an archived framework: its 2016 stars beside its successor's current stars."""

    area: Area
    then: float | None
    successor_now: float | None


@dataclass(frozen=True)
class HistoryRow:
    area: Area
    entry: HistoryEntry


@dataclass
class SiteData:
    dataset: Dataset
    frameworks: list[Framework]
    areas: list[Area]
    editions: dict[str, dict[str, RatingsFile]]
    history: dict[str, list[HistoryRow]] = field(default_factory=dict)
    last_reviewed: dt.date | None = None
    sections: dict[str, Any] = field(default_factory=dict)
    """What a section of the site computes from this data once per build, by section name (the
    benchmark section keeps its aggregate of the runs here): both languages' builds, every page
    and the hooks share it through this one object, and it goes when the data changes."""

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> SiteData:
        data = cls(
            dataset=dataset,
            frameworks=list(dataset.frameworks.frameworks),
            areas=list(dataset.areas.areas),
            editions={edition: dict(files) for edition, files in dataset.ratings.items()},
        )
        current = data.editions.get(EDITION_CURRENT, {})
        for framework_id, ratings in current.items():
            rows = [HistoryRow(data.area(area_id), entry)
                    for area_id in AREA_IDS
                    for entry in ratings.areas[area_id].history]
            rows.sort(key=lambda row: (row.entry.date, AREA_IDS.index(row.area.id)))
            data.history[framework_id] = rows
        reviewed = [rating.reviewed for ratings in current.values() for rating in ratings.areas.values()]
        data.last_reviewed = max(reviewed, default=None)
        return data

    # --- look-ups ---------------------------------------------------------

    def framework(self, framework_id: str) -> Framework:
        for framework in self.frameworks:
            if framework.id == framework_id:
                return framework
        raise KeyError(f"unknown framework '{framework_id}' (not in frameworks.yaml)")

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(f"unknown area '{area_id}' (not in areas.yaml)")

    def ratings(self, edition: str, framework_id: str) -> RatingsFile | None:
        return self.editions.get(edition, {}).get(framework_id)

    def cell(self, edition: str, framework: Framework, area: Area) -> Cell:
        ratings = self.ratings(edition, framework.id)
        return Cell(framework, area, ratings.areas[area.id] if ratings else None)

    def row(self, edition: str, framework: Framework) -> list[Cell]:
        return [self.cell(edition, framework, area) for area in self.areas]

    def in_edition(self, edition: str) -> list[Framework]:
        """Frameworks with a ratings file in ``edition``, in frameworks.yaml order."""
        return [f for f in self.frameworks if self.ratings(edition, f.id) is not None]

    # --- aggregates -------------------------------------------------------

    def area_cells(self, edition: str, area: Area) -> list[Cell]:
        """Every framework rated in ``edition`` for ``area``, best first, then by name."""
        cells = [self.cell(edition, f, area) for f in self.in_edition(edition)]
        return sorted(cells, key=lambda c: (-(c.stars if c.stars is not None else -1), c.framework.name.lower()))

    def unrated(self, edition: str) -> list[Framework]:
        """Frameworks without a ratings file in ``edition`` (archived ones, or not yet rated)."""
        return [f for f in self.frameworks if self.ratings(edition, f.id) is None]

    def changes(self, framework: Framework) -> list[Change]:
        return [Change(cell.area, cell.stars, self.cell(EDITION_CURRENT, framework, cell.area).stars)
                for cell in self.row(EDITION_2016, framework)]

    def lineage(self, framework: Framework) -> list[LineageRow]:
        """Area by area, an archived framework's 2016 stars beside its successor's current ones.

        Empty unless the framework is retired, was rated in 2016, and names a
        successor that this site rates today (Torch -> PyTorch; CNTK's successor,
        ONNX Runtime, is not rated, so CNTK has no lineage table).
        """
        successor_id = framework.successor.framework if framework.successor else None
        if not self.is_retired(framework) or successor_id is None:
            return []
        if self.ratings(EDITION_2016, framework.id) is None or self.ratings(EDITION_CURRENT, successor_id) is None:
            return []
        successor = self.framework(successor_id)
        return [LineageRow(area, self.cell(EDITION_2016, framework, area).stars,
                           self.cell(EDITION_CURRENT, successor, area).stars) for area in self.areas]

    def newer_release(self, framework: Framework, rating: AreaRating | None) -> Release | None:
        """The framework's latest release when it is a later major or minor one than the rating was reviewed against."""
        releases = self.dataset.releases
        latest = releases.latest(framework.id) if releases is not None else None
        if rating is None or latest is None or not is_newer_release(rating.version, latest.version):
            return None
        return latest

    def new_since_2016(self) -> list[Framework]:
        return [f for f in self.in_edition(EDITION_CURRENT) if self.ratings(EDITION_2016, f.id) is None]

    @staticmethod
    def is_retired(framework: Framework) -> bool:
        return framework.status is not Status.active


# --- the once-per-build cache ------------------------------------------------

_cache: dict[Path, tuple[tuple, SiteData]] = {}


def fingerprint(root: Path) -> tuple:
    """What changes when any data file changes: names, sizes and modification times."""
    entries = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def site_data(root: Path | str, *, check: bool = True) -> SiteData:
    """The aggregated data of ``root``; loaded once, reloaded only when a file changes.

    ``check=False`` trusts the cached aggregate without looking at the files
    again: pages call it, after the hook's ``on_config`` has checked once per
    build (a fingerprint stats every file, and a build renders hundreds of pages).
    Raises ``bench.data.DataError`` when the data is invalid.
    """
    root = Path(root).resolve()
    cached = _cache.get(root)
    if cached and not check:
        return cached[1]
    stamp = fingerprint(root)
    if cached and cached[0] == stamp:
        return cached[1]
    start = time.perf_counter()
    data = SiteData.from_dataset(load_dataset(root))
    _cache[root] = (stamp, data)
    log.info(f"bench: loaded {root.name}/ ({len(data.frameworks)} frameworks, "
             f"{sum(len(e) for e in data.editions.values())} ratings files) in "
             f"{(time.perf_counter() - start) * 1000:.0f} ms")
    return data
