"""Screenshots for a reviewer: the home page and a benchmark page, both languages, light and dark.

Saved under test-output/screenshots/ (git-ignored), full pages at 1280 px wide:
``home-en-light.png``, ``benchmark-zh-dark.png``... The scheme is the reader's
system preference (the palette follows prefers-color-scheme on a first visit),
in a fresh context for each, so nothing is remembered from a toggle elsewhere.
"""

from __future__ import annotations

import pytest
from browsing import OUTPUT, chart_pages, problem_report, visit

SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> the theme's scheme


@pytest.fixture(scope="module")
def shots_dir():
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def benchmark_page(site) -> str:
    """The latest results of the first hardware (a page with tables and charts)."""
    return next(p.path for p in chart_pages(site.root) if p.lang == "en" and "/latest/" in p.path)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots(site, new_watched_context, shots_dir, benchmark_page, lang, scheme):
    context, watch = new_watched_context(color_scheme=scheme)
    page = context.new_page()
    for name, path in (("home", ""), ("benchmark", benchmark_page)):
        visit(page, watch, site.url(path if lang == "en" else "zh/" + path))
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
        page.evaluate("document.fonts.ready")
        target = shots_dir / f"{name}-{lang}-{scheme}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    context.close()
    problems = watch.take()
    assert not problems, problem_report(problems)
