"""The decision guide (data/scenarios.yaml) and the hardware support matrix (data/hardware.yaml).

Both pages are hand-written Markdown (docs/guide.*.md, docs/hardware.*.md) that call one
macro each. The guide shows, for every pick, the current ratings it cites (stars and
summary, linked to the framework's section of the area page) so a reader sees why, and
the hardware cells of the accelerators the scenario depends on, linked to the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.data.hardware import HardwareCell, HardwareFile, Support
from bench.data.models import AreaRating, Framework
from bench.data.scenarios import Pick, ScenariosFile
from bench.site.render import page_context

HARDWARE_PAGE = "hardware.md"
GUIDE_PAGE = "guide.md"


@dataclass(frozen=True)
class CitedRating:
    area_id: str
    title: object  # the area's bilingual title (Text)
    rating: AreaRating


@dataclass(frozen=True)
class PickView:
    pick: Pick
    framework: Framework
    ratings: list[CitedRating]
    cells: list[tuple[object, HardwareCell | None]]  # (accelerator, its cell for this framework)


def cell_anchor(framework_id: str, accelerator_id: str) -> str:
    """The id of a cell's details on the hardware page (ids of both are letters, digits, '-' and '_')."""
    return f"{framework_id}-{accelerator_id}"


def pick_views(data, scenario, hardware: HardwareFile | None) -> list[PickView]:
    views = []
    accelerators = [a for a in (hardware.accelerators if hardware else []) if a.id in scenario.accelerators]
    for pick in scenario.picks:
        ratings = data.ratings("current", pick.framework)
        cited = [CitedRating(area, data.area(area).title, ratings.areas[area]) for area in pick.ratings]
        cells = [(acc, hardware.cell(pick.framework, acc.id)) for acc in accelerators] if hardware else []
        views.append(PickView(pick, data.framework(pick.framework), cited, cells))
    return views


def unverified(hardware: HardwareFile) -> list[tuple[str, str]]:
    """(framework id, accelerator id) of every cell with a level not verified."""
    return [(fw, acc) for fw, row in hardware.frameworks.items() for acc, cell in row.items()
            if Support.unknown in (cell.training, cell.inference)]


def register(env) -> None:
    @env.macro
    def decision_guide() -> str:
        c = page_context(env)
        scenarios: ScenariosFile | None = c.data.dataset.scenarios
        hardware = c.data.dataset.hardware
        if scenarios is None:
            return c.render("guide.md.j2", scenarios=[], views={}, reviewed=None, anchor=cell_anchor)
        views = {s.id: pick_views(c.data, s, hardware) for s in scenarios.scenarios}
        return c.render("guide.md.j2", scenarios=scenarios.scenarios, views=views,
                        reviewed=scenarios.reviewed, anchor=cell_anchor)

    @env.macro
    def hardware_matrix() -> str:
        c = page_context(env)
        hardware = c.data.dataset.hardware
        frameworks = [f for f in c.data.frameworks if hardware and f.id in hardware.frameworks]
        return c.render("hardware.md.j2", hardware=hardware, frameworks=frameworks,
                        unverified=unverified(hardware) if hardware else [], anchor=cell_anchor,
                        levels={level.value: level for level in Support},
                        names={f.id: f.name for f in c.data.frameworks},
                        accelerator_names={a.id: c.text(a.name) for a in (hardware.accelerators if hardware else [])})
