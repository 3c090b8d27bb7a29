"""Typed model of ``data/scenarios.yaml``: the decision guide ("which framework for ...").

A scenario is a reader's situation (pre-training an LLM on TPUs, running a model
in the browser) with one recommended framework and its runners-up. A pick is not
an opinion on its own: it cites the current ratings it rests on (``ratings``:
area ids of that framework's ``data/ratings/current`` file), so the page can show
those stars and summaries beside the pick, and a change of stars shows up in the
guide. ``accelerators`` name the columns of the hardware matrix
(``data/hardware.yaml``) the scenario depends on; the page shows those cells of
each pick.

The rules that need other files (a cited framework has current ratings, an
accelerator is a column of the matrix) are in ``scenarios_rules``; the model
alone refuses what one file can tell: an empty citation list, an unknown area,
a text without one of its languages, a framework picked twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .hardware import ACCELERATOR_IDS
from .models import AREA_IDS, ID_PATTERN, Link, PastDate, Strict, Text
from .yamlsafe import DataFileError, Document, dotted

SCENARIOS_SCHEMA_VERSION = 1


class ScenarioEvidence(Strict):
    """A source beyond the cited ratings (a benchmark, a vendor's support page)."""

    url: Link
    title: Text


class Pick(Strict):
    """One framework recommended for a scenario, and why."""

    framework: str = Field(pattern=ID_PATTERN)
    ratings: list[Literal[AREA_IDS]] = Field(min_length=1)  # type: ignore[valid-type]
    """The areas of this framework's current ratings the pick rests on."""
    why: Text

    @field_validator("ratings")
    @classmethod
    def _distinct(cls, ratings: list[str]) -> list[str]:
        if len(set(ratings)) != len(ratings):
            raise ValueError("an area is cited twice")
        return ratings


class Scenario(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: Text
    need: Text
    """What matters in this situation: the reader checks it is theirs."""
    recommended: Pick
    runners_up: list[Pick] = Field(min_length=1)
    accelerators: list[Literal[ACCELERATOR_IDS]] = Field(default_factory=list)  # type: ignore[valid-type]
    evidence: list[ScenarioEvidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _each_framework_once(self) -> Scenario:
        picked = [self.recommended.framework, *(p.framework for p in self.runners_up)]
        twice = sorted({f for f in picked if picked.count(f) > 1})
        if twice:
            raise ValueError(f"a framework is picked twice: {', '.join(twice)}")
        return self

    @property
    def picks(self) -> list[Pick]:
        return [self.recommended, *self.runners_up]


class ScenariosFile(Strict):
    schema_version: Literal[1]
    reviewed: PastDate
    scenarios: list[Scenario] = Field(min_length=1)

    @field_validator("scenarios")
    @classmethod
    def _unique_ids(cls, scenarios: list[Scenario]) -> list[Scenario]:
        ids = [s.id for s in scenarios]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"duplicate scenario id(s): {', '.join(twice)}")
        return scenarios


def scenarios_rules(path: Path, scenarios: ScenariosFile, rated: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: every pick names a framework with a current ratings file.

    ``rated`` is the set of framework ids of ``data/ratings/current``: a pick cites
    ratings, so a framework without current ratings (an archived one, or a name
    that is in no file) cannot be picked.
    """
    problems = []
    for s_index, scenario in enumerate(scenarios.scenarios):
        places = [("recommended",), *(("runners_up", i) for i in range(len(scenario.runners_up)))]
        for place, pick in zip(places, scenario.picks, strict=True):
            if pick.framework not in rated:
                loc = ("scenarios", s_index, *place, "framework")
                problems.append(DataFileError(
                    path, doc.line_of(loc),
                    f"{dotted(loc)}: unknown framework '{pick.framework}' (no file in data/ratings/current to cite)"))
    return problems

