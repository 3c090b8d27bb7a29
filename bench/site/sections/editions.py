"""The 2016 edition beside the current one: the ratings as published, and what changed since."""

from __future__ import annotations

from bench.site.render import page_context


def register(env) -> None:
    @env.macro
    def edition_2016() -> str:
        return page_context(env).render("editions.md.j2")
