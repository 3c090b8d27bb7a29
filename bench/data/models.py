"""Typed models of the contributor-edited data files (frameworks, areas, ratings).

The models are the contract: the loaders validate against them, the JSON
Schemas under ``data/schema/`` are generated from them, and the site reads
only these objects. Unknown fields are refused so that a misspelt key is an
error instead of a silently dropped value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal

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

from .yamlsafe import shown

SCHEMA_VERSION = 1
"""Version of the YAML data files (frameworks, areas, ratings)."""

AREA_IDS = ("modeling", "interfaces", "deployment", "performance", "architecture", "ecosystem", "cross_platform")
"""The seven areas of the 2016 evaluation, in its order."""

EDITIONS = ("2016", "current")
LANGUAGES = ("en", "zh")

# --- text and names: the rules every string of a data or run file obeys --------------
#
# Every string is untrusted: it reaches HTML, file names and URLs. A one-line field
# (a name, a title, a summary, a version) holds no line break, because a line break
# is where Markdown starts a heading or a list item; a multi-line field (a rationale)
# keeps its line breaks. Neither holds another control character (NUL and ESC even
# when written as YAML escapes), a bidirectional override that makes text read in
# another order than it is stored, or only invisible characters.

NAME_MAX = 80
"""A name: framework, license, language, column or row label, device kind and the like."""
LINE_MAX = 500
"""A one-line text: a title, a summary, a rubric level, a note."""
PROSE_MAX = 10_000
"""A multi-line Markdown text (a rationale), or a raw error text of a run."""
ID_MAX = 40
"""An id: it becomes part of a page's address."""

RESERVED_IDS = frozenset({
    # hand-written pages and folders of the site, and what mkdocs and its plugins write
    "index", "404", "sitemap", "search", "assets", "javascripts", "stylesheets", "images", "img", "css", "js",
    "areas", "benchmarks", "contributing", "editions", "frameworks", "rubric", "history", "latest", "methodology",
    "runs", "then-and-now", "data", "en", "zh", "2016", "current", "bench", "charts", "vendor", "vega-bundle",
    "glossary", "guide", "hardware", "a11y", "compact",
})
"""Names an id may not take: a generated page of that name would overwrite a hand-written one."""

ID_PATTERN = rf"^[a-z0-9](?:[a-z0-9_-]{{0,{ID_MAX - 2}}}[a-z0-9])?$"
"""An id: lowercase letters, digits, ``_`` and ``-``, neither first nor last, at most ``ID_MAX`` long."""

_BREAKS = "\n\r\u0085\u2028\u2029"
_CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029])
_BIDI = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_INVISIBLE = "\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\u2800\u3164\uffa0\ufeff"
"""Characters that show nothing (zero-width, fillers, blank braille): a text of only these is blank."""
_BAD_IN_PROSE = re.compile(f"[{re.escape(_CONTROLS.replace(chr(9), '').replace(chr(10), '') + _BIDI)}]")
_BAD_IN_LINE = re.compile(f"[{re.escape(_CONTROLS + _BIDI)}]")
_VISIBLE = re.compile(f"[^\\s{_INVISIBLE}]")


class LocatedError(ValueError):
    """A validation problem below the field that raised it; ``loc`` says where, for the line number.

    Raised from a validator, it reaches ``validation_problems`` as the error's ``ctx``.
    """

    def __init__(self, loc: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def char_name(char: str) -> str:
    """``U+001B``: a character a contributor cannot see, as they can look it up."""
    return f"U+{ord(char):04X}"


@functools.lru_cache(maxsize=8192)  # a run repeats its ids and units thousands of times
def text_problem(value: str, *, multiline: bool) -> str | None:
    """What is wrong with ``value`` as a text of a data or run file, or None.

    Public so that the strings the models leave untyped (the free-form settings
    of a run) and file names obey the same rule.
    """
    if not _VISIBLE.search(value):
        return "must not be blank"
    bad = (_BAD_IN_PROSE if multiline else _BAD_IN_LINE).search(value)
    if bad is None:
        return None
    char = bad.group()
    if char in _BIDI:
        return f"bidirectional control character {char_name(char)} is not allowed (it makes text read in another order)"
    if char in _BREAKS and not multiline:
        return "must be one line (no line break)"
    return f"control character {char_name(char)} is not allowed"


def _checked(multiline: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        problem = text_problem(value, multiline=multiline)
        if problem:
            raise ValueError(problem)
        return value
    return check


# The same rules as patterns in the schemas, for editors (ECMA-262 syntax, ASCII only).
_NO_CONTROL = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"
LINE_SCHEMA_PATTERN = rf"^[^{_NO_CONTROL}]*[^\s{_NO_CONTROL}][^{_NO_CONTROL}]*\n*$"
PROSE_SCHEMA_PATTERN = r"^[^\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]*\S[\s\S]*$"


def _drop_final_breaks(value: object) -> object:
    # A YAML folded block (`summary: >`) ends with a line break: the text itself is one line.
    return value.rstrip("\n") if isinstance(value, str) else value


def one_line(max_length: int) -> Any:
    """The type of a one-line text of at most ``max_length`` characters."""
    return Annotated[
        str,
        Field(strict=True, max_length=max_length, json_schema_extra={"pattern": LINE_SCHEMA_PATTERN}),
        BeforeValidator(_drop_final_breaks),
        AfterValidator(_checked(multiline=False)),
    ]


Line = one_line(LINE_MAX)
"""One line of text: no line break, no control or bidirectional character, not blank, at most ``LINE_MAX``."""
Name = one_line(NAME_MAX)
"""A short one-line text (a name, a label, a license, a version): at most ``NAME_MAX``."""
Prose = Annotated[
    str,
    Field(strict=True, max_length=PROSE_MAX, json_schema_extra={"pattern": PROSE_SCHEMA_PATTERN}),
    AfterValidator(_checked(multiline=True)),
]
"""Multi-line Markdown: line breaks and tabs kept, no other control or bidirectional character, not blank."""

NonBlank = Line
"""The earlier name of ``Line``."""


_ID = re.compile(ID_PATTERN)


@functools.lru_cache(maxsize=1024)
def _safe_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(
            f"{shown(value)} is not a valid id: lowercase letters, digits, '_' and '-' (not first or last), at most {ID_MAX} characters"
        )
    if value.replace("_", "-") in RESERVED_IDS:
        raise ValueError(f"{shown(value)} is a reserved name (a page or folder of the site has it); choose another id")
    return value


Id = Annotated[str, Field(strict=True, json_schema_extra={"pattern": ID_PATTERN, "maxLength": ID_MAX}), AfterValidator(_safe_id)]
"""An id that may become a page's address: a safe pattern, no reserved name."""


def _version_as_text(value: object) -> object:
    # `version: 2.1` in YAML is a float; a version is text, so say so.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(f'quote the version as text, e.g. version: "{value}"')  # noqa: TRY004 (pydantic wants ValueError)
    return value


Version = Annotated[Name, BeforeValidator(_version_as_text)]
"""A framework version: text, never a YAML number."""

URL_MAX = 2000
_URL_CHARS = re.compile(r"[\s\\" + re.escape(_CONTROLS + _BIDI) + _INVISIBLE + "]")


def _url_text(value: object) -> object:
    # Checked before parsing: the URL parser drops tabs and line breaks and encodes spaces silently.
    if isinstance(value, bytes):
        raise ValueError("a link must be text")  # noqa: TRY004 (pydantic wants ValueError)
    if isinstance(value, str):
        if len(value) > URL_MAX:
            raise ValueError(f"a link is at most {URL_MAX} characters")
        if bad := _URL_CHARS.search(value):
            char = bad.group()
            what = "a space" if char == " " else "a backslash" if char == "\\" else char_name(char)
            raise ValueError(f"a link must not contain {what}")
    return value


def _http_only(url: HttpUrl) -> HttpUrl:
    if url.scheme not in ("http", "https"):
        raise ValueError("must be an http(s) link")
    if url.username is not None or url.password is not None:
        # https://pytorch.org@evil.example/ leads to evil.example.
        raise ValueError("a link must not carry a user name or password (user@host)")
    return url


Link = Annotated[HttpUrl, BeforeValidator(_url_text), AfterValidator(_http_only)]
"""An http(s) link with no user name, no space, no control character."""


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


def _date_as_text(value: object) -> object:
    # pydantic would read a number as seconds since 1970, and bytes (a YAML !!binary) as text.
    if not isinstance(value, (str, dt.date)):
        raise ValueError("give the date as YYYY-MM-DD")  # noqa: TRY004 (pydantic wants ValueError)
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"date {value.isoformat()} is in the future")
    return value


PastDate = Annotated[dt.date, BeforeValidator(_date_as_text), AfterValidator(_not_future)]


def _schema_version_as_int(value: object) -> object:
    # A Literal[1] field takes true and 1.0 for 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("schema_version must be a whole number")  # noqa: TRY004 (pydantic wants ValueError)
    return value


SchemaVersion1 = Annotated[Literal[1], BeforeValidator(_schema_version_as_int)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Text(Strict):
    """A one-line text in both languages; Markdown, no raw HTML (escaped when rendered)."""

    en: Line
    zh: Line

    def get(self, lang: str) -> str:
        return getattr(self, lang)


class ProseText(Text):
    """A text in both languages that may run to several paragraphs (a rationale, a why)."""

    en: Prose
    zh: Prose


# --- areas.yaml -------------------------------------------------------------


class RubricLevel(Strict):
    stars: int = Field(ge=1, le=5, strict=True)
    text: Text


class Area(Strict):
    id: Literal[AREA_IDS]  # type: ignore[valid-type]
    title: Text
    question: Text
    rubric: list[RubricLevel] = Field(max_length=5)

    @field_validator("rubric")
    @classmethod
    def _all_levels(cls, rubric: list[RubricLevel]) -> list[RubricLevel]:
        levels = [level.stars for level in rubric]
        if levels != [1, 2, 3, 4, 5]:
            raise ValueError(f"rubric must give levels 1, 2, 3, 4, 5 in order, got {levels}")
        return rubric


class AreasFile(Strict):
    schema_version: SchemaVersion1
    areas: list[Area] = Field(max_length=len(AREA_IDS))

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
    name: Name
    framework: Id | None = None
    url: Link | None = None


class Framework(Strict):
    id: Id
    name: Name
    homepage: Link
    repository: Link
    first_release: PastDate
    status: Status
    status_since: PastDate | None = None
    successor: Successor | None = None
    status_note: Text | None = None
    languages: list[Name] = Field(min_length=1, max_length=50)
    license: Name
    description: Text

    @model_validator(mode="after")
    def _status_date(self) -> Framework:
        if self.status is not Status.active and self.status_since is None:
            raise ValueError(f"status_since is required when status is {self.status.value}")
        return self


class FrameworksFile(Strict):
    schema_version: SchemaVersion1
    frameworks: list[Framework] = Field(min_length=1, max_length=500)


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
    why: ProseText
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
    rationale: ProseText
    evidence: list[Evidence] = Field(min_length=1, max_length=100)
    reviewed: PastDate
    version: Version
    history: list[HistoryEntry] = Field(default_factory=list, max_length=200)

    @field_validator("history")
    @classmethod
    def _oldest_first(cls, history: list[HistoryEntry]) -> list[HistoryEntry]:
        dates = [entry.date for entry in history]
        if dates != sorted(dates):
            raise ValueError("history entries must be ordered oldest first")
        return history


class RatingsFile(Strict):
    schema_version: SchemaVersion1
    framework: Id
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


RATINGS_FILE_RE = re.compile(ID_PATTERN.removesuffix("$") + r"\.yaml$")
