"""No value of a data file or a run file becomes markup on any page, in either language.

The site is built from a copy of data/ (with the fixture runs) where every string
that the data layer accepts carries a payload (tests/payloads.py): Markdown
headings with attribute lists, raw HTML, javascript: links, attribute breakouts,
template expressions. The build must succeed, the payloads must show as text, and
no HTML page, search index or script may hold markup that one of them made.
"""

from __future__ import annotations

import pytest
from payloads import EVIDENCE, MARK, findings, inject, pages_showing
from sitebuild import REPO, make_project, run_build

from bench.site.benchmarks.sandbox import data_copy

pytestmark = pytest.mark.slow

FIXTURE_RUNS = REPO / "tests" / "fixtures" / "runs"
KINDS = ("frameworks", "areas", "ratings", "reference", "glossary", "releases", "scenarios", "hardware", "runs")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("payloads")
    data = root / "data"
    data_copy(root, sorted(FIXTURE_RUNS.glob("*.json")))
    counts = inject(data)
    build = run_build(make_project(root), data, root / "site")
    assert build.returncode == 0, build.output[-4000:]
    return build, counts


def test_every_kind_of_data_file_carries_payloads(payload_site):
    _, counts = payload_site
    assert all(counts[kind] > 0 for kind in KINDS), counts


def test_the_payloads_reach_pages_as_text_in_both_languages(payload_site):
    build, _ = payload_site
    for needle in EVIDENCE:
        pages = pages_showing(build.site, needle)
        assert any(p.parts[len(build.site.parts)] == "zh" for p in pages), needle
        assert any(p.parts[len(build.site.parts)] != "zh" for p in pages), needle
    assert len(pages_showing(build.site, MARK)) >= 20


def test_no_payload_becomes_markup(payload_site):
    build, _ = payload_site
    found = findings(build.site)
    assert not found, "\n".join(found[:60])


@pytest.mark.parametrize("html", [
    '<h1 autofocus onfocus="alert(3)" tabindex="1">x</h1>',
    '<p><a href="javascript:alert(1)">pwnl</a></p>',
    '<p><a href=" JaVa\nScript:alert(1)">pwnl</a></p>',
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(2)">',
    "<h2>pwnh {: onfocus=alert(3) }</h2>",
    "<p>PyTorch 49pwnjinja</p>",
    '<iframe src="https://example.org/"></iframe>',
])
def test_the_checks_catch_markup_made_by_a_payload(html):
    from payloads import html_findings

    assert html_findings(f"<main>{html}</main>", "page.html")


def test_the_checks_pass_a_payload_shown_as_text():
    from payloads import html_findings

    html = ('<h1 id="top">PyTorch pwnA # pwnh {: tabindex=1 autofocus onfocus=alert(31) }</h1>'
            "<p>pwnB &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}pwnjinja</p>"
            '<span title="&quot;&gt;&lt;svg onload=alert(4)&gt;">x</span>')
    assert html_findings(html, "page.html") == []
