"""Framework pages (one per entry of frameworks.yaml) and the list of frameworks.

Extension point: other sections add parts to every framework page (the
benchmark results, for instance) with ``add_framework_part(name, render)``,
from their own ``register(env)``; ``render(c, framework)`` returns Markdown/HTML
(empty for a framework it has nothing on) and is placed after the ratings, in
the order the parts were added.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from bench.data.models import Framework
from bench.site.render import PageContext, page_context

FrameworkPart = Callable[[PageContext, Framework], str]

_parts: dict[str, FrameworkPart] = {}


def add_framework_part(name: str, render: FrameworkPart) -> None:
    """Add (or replace, by name: register runs once per language build) a part of every framework page."""
    _parts[name] = render


def register(env) -> None:
    @env.macro
    def framework_page(framework_id: str) -> str:
        c = page_context(env)
        framework = c.data.framework(framework_id)
        # Parts are finished Markdown/HTML from the site's own code: not escaped again.
        extra = [Markup(text) for render in _parts.values() if (text := render(c, framework))]
        return c.render("framework.md.j2", fw=framework, extra_parts=extra)

    @env.macro
    def frameworks_table() -> str:
        return page_context(env).render("frameworks_table.md.j2")
