"""The glossary page: every term of data/glossary.yaml, its Chinese rendering and the variants not to use."""

from __future__ import annotations

from bench.site.render import page_context


def register(env) -> None:
    @env.macro
    def glossary() -> str:
        c = page_context(env)
        return c.render("glossary.md.j2", glossary=c.data.dataset.glossary)
