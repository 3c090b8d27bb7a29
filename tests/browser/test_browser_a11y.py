"""axe-core on the built site: no serious or critical WCAG 2.2 A/AA violation, in both languages and both palettes.

axe-core comes from ``axe-playwright-python`` (pinned in the dev extra), which
ships ``axe.min.js`` inside its wheel: nothing is fetched at test time and no
rule is written here. Only the WCAG A/AA rule sets run (the tags below); a
violation of impact serious or critical fails the test, which prints the rule,
the page and each element (its selector and its HTML).

What is covered, and why:

- at desktop width (1280 x 900), every page of the site, English and Chinese,
  in the light and the dark palette (the palette follows the reader's
  ``prefers-color-scheme`` until the toggle is used: the context emulates it,
  and the test checks that the page took that palette);
- at phone width (375 x 740, touch), every page again, both languages and both
  palettes: wide tables scroll inside their boxes there, and a box that scrolls
  must be reachable from the keyboard (``assets/javascripts/a11y.js``), which
  the desktop pass never sees.

axe does not look inside a ``role="img"``: the stars' glyphs and number are
measured by a test of their own below.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import PHONE, problem_report, site_pages, visit

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
FAILING = ("serious", "critical")
PALETTES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme

SCHEME = "document.body.getAttribute('data-md-color-scheme')"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def audit(page, watch, site, paths: list[str], palette: str, axe: Axe) -> tuple[list[str], dict[str, int]]:
    """Open each page and run axe on it: (one line per failing element, elements per rule)."""
    lines: list[str] = []
    counts: dict[str, int] = {}
    for path in paths:
        where = path or "(home)"
        visit(page, watch, site.url(path), where=where, settle=False)
        scheme = page.evaluate(SCHEME)
        assert scheme == PALETTES[palette], f"{where}: the {palette} palette was not applied ({scheme})"
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] not in FAILING:
                continue
            rule = f"{violation['id']} ({violation['impact']})"
            counts[rule] = counts.get(rule, 0) + len(violation["nodes"])
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                summary = " ".join((node.get("failureSummary") or "").split())[:200]
                lines.append(f"{where} [{palette}]: {rule}: {target}: {' '.join(node['html'].split())[:160]} -- {summary}")
    return lines, counts


def report(lines: list[str], counts: dict[str, int], limit: int = 80) -> str:
    head = ", ".join(f"{rule}: {n}" for rule, n in sorted(counts.items()))
    body = lines[:limit] + ([f"... and {len(lines) - limit} more"] if len(lines) > limit else [])
    return f"{len(lines)} elements fail ({head}):\n" + "\n".join(body)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_page_passes_axe_at_desktop_width(site, new_watched_context, axe, palette):
    context, watch = new_watched_context(color_scheme=palette)
    page = context.new_page()
    paths = [p.path for p in site_pages(site.root)]
    assert any(p.startswith("zh/") for p in paths) and "" in paths
    lines, counts = audit(page, watch, site, paths, palette, axe)
    assert not lines, report(lines, counts)
    problems = watch.take("pageerror", "console", "dialog")
    assert not problems, problem_report(problems)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_page_passes_axe_at_phone_width(site, new_watched_context, axe, palette):
    context, watch = new_watched_context(color_scheme=palette, **PHONE)
    page = context.new_page()
    paths = [p.path for p in site_pages(site.root)]
    lines, counts = audit(page, watch, site, paths, palette, axe)
    assert not lines, report(lines, counts)
    problems = watch.take("pageerror", "console", "dialog")
    assert not problems, problem_report(problems)


# The colours of a rating's parts and of what lies behind them. axe does not look inside a
# role="img" (the glyphs and the number are its presentation), so the stars are measured here.
STAR_COLOURS = """() => [...document.querySelectorAll('.md-content .bench-stars[role=img]')].map(stars => {
  const behind = el => { for (let a = el; a; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; }
    return 'rgb(255, 255, 255)'; };
  const num = stars.querySelector('.bench-stars__num'), empty = stars.querySelector('.bench-stars__empty');
  return {value: stars.getAttribute('data-stars'), number: num && num.getClientRects().length ? num.textContent : '',
          background: behind(stars), full: getComputedStyle(stars).color,
          parts: [getComputedStyle(stars).color, empty && getComputedStyle(empty).color,
                  num && getComputedStyle(num).color].filter(Boolean)}; })"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in css[css.index("(") + 1 : css.index(")")].replace("/", ",").split(",")]
    return (*values[:3], values[3] if len(values) > 3 else 1.0)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of a CSS colour (its alpha laid over the background) and an opaque one."""
    fr, fg, fb, alpha = _rgba(foreground)
    br, bg, bb, _ = _rgba(background)
    mixed = [f * alpha + b * (1 - alpha) for f, b in ((fr, br), (fg, bg), (fb, bb))]

    def luminance(rgb) -> float:
        lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(mixed), luminance((br, bg, bb))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_measured_as_wcag_does():
    assert round(contrast("rgb(255, 255, 255)", "rgb(0, 0, 0)"), 1) == 21.0
    assert round(contrast("rgb(232, 161, 0)", "rgb(255, 255, 255)"), 1) == 2.2  # the old amber stars
    assert contrast("rgba(0, 0, 0, 0.32)", "rgb(255, 255, 255)") < 3  # the theme's --lighter grey


@pytest.mark.parametrize("palette", list(PALETTES))
def test_stars_show_their_number_and_stand_out_in_both_palettes(site, new_watched_context, palette):
    """Issue: amber stars at 2.2:1. Each part of a rating (full and empty stars, the number) is at
    least 3:1 against what lies behind it, and the number is shown beside the stars."""
    context, watch = new_watched_context(color_scheme=palette)
    page = context.new_page()
    wrong, seen = [], 0
    for path in ("", "zh/", "areas/modeling/", "editions/2016/"):
        visit(page, watch, site.url(path), settle=False)
        for stars in page.evaluate(STAR_COLOURS):
            seen += 1
            if stars["number"] != stars["value"]:
                wrong.append(f"{path or '(home)'}: {stars['value']} stars show the number {stars['number']!r}")
            for colour in stars["parts"]:
                ratio = contrast(colour, stars["background"])
                if ratio < 3:
                    wrong.append(f"{path or '(home)'} [{palette}]: {colour} on {stars['background']}: {ratio:.2f}:1")
    assert seen > 40, "too few ratings on the pages looked at"
    assert not wrong, "\n".join(dict.fromkeys(wrong))
