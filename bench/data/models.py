"""Typed models of the contributor-edited data files (frameworks, areas, ratings).

The models are the contract: the loaders validate against them, the JSON
Schemas under ``data/schema/`` are generated from them, and the site reads
only these objects. Unknown fields are refused so that a misspelt key is an
error instead of a silently dropped value.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1
"""Version of the YAML data files (frameworks, areas, ratings)."""

AREA_IDS = ("modeling", "interfaces", "deployment", "performance", "architecture", "ecosystem", "cross_platform")
"""The seven areas of the 2016 evaluation, in its order."""

EDITIONS = ("2016", "current")
LANGUAGES = ("en", "zh")

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# The schema carries the same rule as a pattern, so an editor flags a blank text too.
NonBlank = Annotated[str, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": r"\S"})]


def _version_as_text(value: object) -> object:
    # `version: 2.1` in YAML is a float; a version is text, so say so.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f'quote the version as text, e.g. version: "{value}"')  # noqa: TRY004 (pydantic wants ValueError)
    return value


Version = Annotated[NonBlank, BeforeValidator(_version_as_text)]
"""A framework version: text, never a YAML number."""


def _http_only(url: HttpUrl) -> HttpUrl:
    if url.scheme not in ("http", "https"):
        raise ValueError("must be an http(s) link")
    return url


Link = Annotated[HttpUrl, AfterValidator(_http_only)]


def _half_step(value: float) -> float:
    if value * 2 != int(value * 2):
        raise ValueError(f"stars must be in steps of 0.5, got {value}")
    return value


# 1 to 5, as the rubric of every area (data/areas.yaml) defines; a half star sits between two levels.
# strict: YAML reads `yes` as true and pydantic would take it for 1 star.
# multipleOf is for editors only; the validator above gives the clearer message.
Stars = Annotated[
    float,
    Field(ge=1, le=5, strict=True, allow_inf_nan=False, json_schema_extra={"multipleOf": 0.5}),
    AfterValidator(_half_step),
]


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


PastDate = Annotated[dt.date, AfterValidator(_not_future)]


class Text(Strict):
    """A text in both languages; Markdown, no raw HTML (escaped when rendered)."""

    en: NonBlank
    zh: NonBlank

    def get(self, lang: str) -> str:
        return getattr(self, lang)


# --- areas.yaml -------------------------------------------------------------


class RubricLevel(Strict):
    stars: int = Field(ge=1, le=5, strict=True)
    text: Text


class Area(Strict):
    id: Literal[AREA_IDS]  # type: ignore[valid-type]
    title: Text
    question: Text
    rubric: list[RubricLevel]

    @field_validator("rubric")
    @classmethod
    def _all_levels(cls, rubric: list[RubricLevel]) -> list[RubricLevel]:
        levels = [level.stars for level in rubric]
        if levels != [1, 2, 3, 4, 5]:
            raise ValueError(f"rubric must give levels 1, 2, 3, 4, 5 in order, got {levels}")
        return rubric


class AreasFile(Strict):
    schema_version: Literal[1]
    areas: list[Area]

    @field_validator("areas")
    @classmethod
    def _seven_areas(cls, areas: list[Area]) -> list[Area]:
        ids = tuple(area.id for area in areas)
        if ids != AREA_IDS:
            raise ValueError(f"areas must be exactly {', '.join(AREA_IDS)} in this order, got {', '.join(ids)}")
        return areas


# --- frameworks.yaml --------------------------------------------------------


class Status(str, Enum):
    active = "active"
    maintenance = "maintenance"
    archived = "archived"


class Successor(Strict):
    name: NonBlank
    framework: str | None = Field(default=None, pattern=ID_PATTERN)
    url: Link | None = None


class Framework(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: NonBlank
    homepage: Link
    repository: Link
    first_release: PastDate
    status: Status
    status_since: PastDate | None = None
    successor: Successor | None = None
    status_note: Text | None = None
    languages: list[NonBlank] = Field(min_length=1)
    license: NonBlank
    description: Text

    @model_validator(mode="after")
    def _status_date(self) -> Framework:
        if self.status is not Status.active and self.status_since is None:
            raise ValueError(f"status_since is required when status is {self.status.value}")
        return self


class FrameworksFile(Strict):
    schema_version: Literal[1]
    frameworks: list[Framework] = Field(min_length=1)


# --- ratings/<edition>/<framework>.yaml -------------------------------------


class Evidence(Strict):
    """A page that shows the claim; ``url_zh`` is the same page in Chinese, where the project has one.

    Chinese pages link ``url_zh`` when it is given: PaddlePaddle's and MindSpore's
    documentation is written in Chinese first, and a Chinese reader should not be
    sent to the translation.
    """

    url: Link
    url_zh: Link | None = None
    title: Text

    def link(self, lang: str) -> Link:
        return self.url_zh if lang == "zh" and self.url_zh is not None else self.url


class HistoryEntry(Strict):
    """An earlier rating of the same framework in the same area."""

    date: PastDate
    stars: Stars | None = None
    why: Text
    pull_request: int | None = Field(default=None, ge=1, strict=True)
    source: Link | None = None

    @model_validator(mode="after")
    def _traceable(self) -> HistoryEntry:
        if self.pull_request is None and self.source is None:
            raise ValueError("a history entry needs a pull_request number or a source link")
        return self


class AreaRating(Strict):
    stars: Stars | None = None
    summary: Text
    rationale: Text
    evidence: list[Evidence] = Field(min_length=1)
    reviewed: PastDate
    version: Version
    history: list[HistoryEntry] = Field(default_factory=list)

    @field_validator("history")
    @classmethod
    def _oldest_first(cls, history: list[HistoryEntry]) -> list[HistoryEntry]:
        dates = [entry.date for entry in history]
        if dates != sorted(dates):
            raise ValueError("history entries must be ordered oldest first")
        return history


class RatingsFile(Strict):
    schema_version: Literal[1]
    framework: str = Field(pattern=ID_PATTERN)
    edition: Literal[EDITIONS]  # type: ignore[valid-type]
    areas: dict[Literal[AREA_IDS], AreaRating]  # type: ignore[valid-type]

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, value: object) -> object:
        # `edition: 2016` in YAML is an int; the folder name is text.
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f'quote the edition as text: edition: "{value}"')  # noqa: TRY004 (pydantic wants ValueError)
        return value

    # A field validator, not a model one, so that the problem points at `areas:`.
    @field_validator("areas")
    @classmethod
    def _complete(cls, areas: dict[str, AreaRating], info: ValidationInfo) -> dict[str, AreaRating]:
        missing = [area for area in AREA_IDS if area not in areas]
        if missing:
            raise ValueError(f"every area must be present; missing: {', '.join(missing)}")
        if info.data.get("edition") == "current":
            unrated = [area for area, rating in areas.items() if rating.stars is None]
            if unrated:
                raise ValueError(f"the current edition rates every area; no stars for: {', '.join(unrated)}")
        return areas

    def stars(self, area: str) -> float | None:
        rating = self.areas.get(area)
        return rating.stars if rating else None


RATINGS_FILE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*\.yaml$")
