"""scripts/bench_site_build.py: the builds it compares ours with are the ones it says.

"static" must be our pages exactly as rendered (so that ours / static is the cost of the
machinery alone), "plain" the same pages with no macro output at all.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _script():
    spec = importlib.util.spec_from_file_location("bench_site_build", REPO / "scripts" / "bench_site_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    script = _script()
    work = tmp_path_factory.mktemp("bench-site-build")
    capture = script.capture_build(work / "capture")
    script.run_build(script.make_static_project(work / "static", capture), work / "static-site")
    script.run_build(script.make_plain_project(work / "plain", capture / "docs"), work / "plain-site")
    return {"ours": capture / "site", "static": work / "static-site", "plain": work / "plain-site"}


def pages(site: Path) -> set[Path]:
    return {p.relative_to(site) for p in site.rglob("*.html")}


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def test_static_holds_our_pages_exactly_as_rendered(builds):
    ours, static = pages(builds["ours"]), pages(builds["static"])
    assert static < ours
    # missing: only the pages of the older runs, which our hook writes from the latest run's page
    assert all("benchmarks/runs/" in str(page) for page in ours - static)
    assert len(static) > 50
    for page in static:
        assert article(builds["ours"] / page) == article(builds["static"] / page), page


def test_plain_has_the_same_pages_without_what_the_macros_write(builds):
    assert pages(builds["plain"]) == pages(builds["static"])
    for lang in ("", "zh/"):
        page = Path(lang) / "frameworks" / "pytorch" / "index.html"
        assert 'class="bench-ratings"' in article(builds["static"] / page)
        assert 'class="bench-ratings"' not in article(builds["plain"] / page)
        assert "{{" not in article(builds["plain"] / page)
