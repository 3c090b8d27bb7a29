"""Home page macros: the frameworks-by-areas matrix and when the ratings were last reviewed."""

from __future__ import annotations

from bench.site.render import page_context


def register(env) -> None:
    @env.macro
    def overview_matrix() -> str:
        """Current stars of every framework in every area; archived ones with their status."""
        return page_context(env).render("overview.md.j2")

    @env.macro
    def last_reviewed() -> str:
        c = page_context(env)
        if c.data.last_reviewed is None:
            return ""
        return c.t("overview.last_reviewed", date=c.date(c.data.last_reviewed))
