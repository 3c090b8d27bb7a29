"""Area pages (one per entry of areas.yaml), the list of areas and the rubric."""

from __future__ import annotations

from bench.site.render import page_context


def register(env) -> None:
    @env.macro
    def area_page(area_id: str) -> str:
        c = page_context(env)
        return c.render("area.md.j2", area=c.data.area(area_id))

    @env.macro
    def areas_table() -> str:
        return page_context(env).render("areas_table.md.j2")

    @env.macro
    def rubric() -> str:
        """What each star level means, area by area."""
        return page_context(env).render("rubric.md.j2")
