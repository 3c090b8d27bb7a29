"""The built site's benchmark pages, from the fixture runs and from no runs at all.

Builds go through the site tests' helpers (tests/site/sitebuild.py): a copy of
mkdocs.yml and docs/ in a temporary folder, data chosen with BENCH_DATA_DIR.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

import altair
import jsonschema
import pytest
from benchfixtures import CPU, GPU, REPO
from sitebuild import make_project, run_build

from bench.site.benchmarks.sandbox import data_copy

pytestmark = pytest.mark.slow

LANG_DIRS = {"en": "", "zh": "zh/"}
PAGES = ["benchmarks/", "benchmarks/latest/", "benchmarks/history/", "benchmarks/then-and-now/",
         "benchmarks/methodology/", "benchmarks/runs/"]
RUNS = ["2025-11-20T09-00-00Z_cuda", "2026-01-10T12-00-00Z_cuda", "2026-01-12T08-00-00Z_cpu", "2026-02-01T12-00-00Z_cuda"]
PAGE_LIMIT = 300 * 1024
VEGA_LITE = jsonschema.Draft7Validator(json.loads(
    (Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text()))


@pytest.fixture(scope="module")
def site(tmp_path_factory, fixture_data):
    root = tmp_path_factory.mktemp("bench-site")
    build = run_build(make_project(root), fixture_data, root / "site")
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    return build.site


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory, empty_data):
    root = tmp_path_factory.mktemp("bench-empty-site")
    build = run_build(make_project(root), empty_data, root / "site")
    assert build.returncode == 0, build.output
    return build.site


def read(site: Path, lang: str, url: str) -> str:
    return (site / LANG_DIRS[lang] / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_benchmark_pages_exist_in_both_languages(site, lang):
    for url in PAGES + [f"benchmarks/latest/{GPU}/", f"benchmarks/latest/{CPU}/"]:
        html = read(site, lang, url)
        assert f'<html lang="{lang}"' in html, url


def test_pages_speak_their_language(site):
    en, zh = read(site, "en", f"benchmarks/latest/{GPU}/"), read(site, "zh", f"benchmarks/latest/{GPU}/")
    assert "training step, batch 128" in en and "训练步，批大小 128" in zh
    assert "训练步" not in article(en) and "training step" not in article(zh)


def test_cpu_runs_are_apart_and_labelled(site):
    cpu = article(read(site, "en", f"benchmarks/latest/{CPU}/"))
    assert "CPU: AMD EPYC 7763" in cpu and "not comparable with the GPU pages" in cpu
    assert "Not measured on this machine: JAX." in cpu  # one neutral line, not a column of errors
    assert "jax is not installed in this environment" not in cpu  # the reason stays on the run's page
    gpu = article(read(site, "en", f"benchmarks/latest/{GPU}/"))
    assert "AMD EPYC" not in gpu


def test_every_status_is_shown_with_its_reason(site):
    gpu = article(read(site, "en", f"benchmarks/latest/{GPU}/"))
    for text in ("out of memory", "ResourceExhaustedError", "unsupported", "BatchNorm in inference mode",
                 "error", "&lt;lambda&gt; failed in codegen", "not measured", "fastest"):
        assert text in gpu, text


def test_results_tables_stay_out_of_search_but_their_headings_do_not(site):
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    latest = [d for d in docs if d["location"].startswith(f"benchmarks/latest/{GPU}/")]
    assert any(d["title"] == "AlexNet" for d in latest)
    text = " ".join(d["text"] for d in latest)
    assert "ResourceExhaustedError" not in text and "images/s" not in text
    assert "ResourceExhaustedError" in read(site, "en", f"benchmarks/latest/{GPU}/")  # still on the page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_table_links_its_csv_next_to_the_page(site, lang):
    folder = site / LANG_DIRS[lang] / f"benchmarks/latest/{GPU}"
    html = (folder / "index.html").read_text(encoding="utf-8")
    tables = html.count('<div class="bx-table" id="table-')
    links = re.findall(r'href="(table-[a-z0-9_-]+\.csv)" download', html)
    assert tables == len(links) == 3  # alexnet, googlenet, lstm
    for name in links:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith("hardware,device,workload,phase,")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_specs_lie_next_to_the_page_and_validate(site, lang):
    count = 0
    for page in (site / LANG_DIRS[lang] / "benchmarks").rglob("index.html"):
        for name in re.findall(r'class="bx-chart" data-spec="([^"]+)"', page.read_text(encoding="utf-8")):
            spec = json.loads((page.parent / name).read_text(encoding="utf-8"))
            errors = list(VEGA_LITE.iter_errors(spec))
            assert not errors, f"{page}: {name}: {errors[0].message[:200]}"
            count += 1
    assert count >= 8  # 3 + speed-up + start-up on the GPU, 1 + 2 on the CPU, and the history


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_chart_is_named_described_and_links_its_numbers(site, lang):
    """A chart is a figure named by its title, described by its description (shown under it, in the
    page's language), with a link to a CSV of the rows it draws: no value is only in the drawing."""
    link_text = {"en": "The numbers of this chart (CSV)", "zh": "此图的数据（CSV）"}[lang]
    count = 0
    for page in (site / LANG_DIRS[lang] / "benchmarks").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        figures = re.findall(r'<div class="bx-chart" data-spec="([^"]+)" role="figure" aria-label="([^"]+)"'
                             r' aria-describedby="([^"]+)"><div class="bx-chart__view" aria-hidden="true"></div>'
                             r'<p class="bx-chart__about" id="\3">([^<]+) <a href="([^"]+)" download>([^<]+)</a></p>', text)
        assert len(figures) == text.count('class="bx-chart"'), f"{page}: a chart without its name or numbers"
        for name, label, _, about, csv_name, link in figures:
            spec = json.loads((page.parent / name).read_text(encoding="utf-8"))
            assert unescape(label) == spec["title"]["text"] and unescape(about) == spec["description"]
            assert unescape(link) == link_text
            rows = list(csv.DictReader(io.StringIO((page.parent / csv_name).read_text(encoding="utf-8"))))
            assert len(rows) == sum(len(r) for r in spec["datasets"].values()) > 0, f"{page}: {csv_name}"
            count += 1
    assert count >= 8


def test_then_and_now_sets_2016_beside_today(site):
    html = article(read(site, "en", "benchmarks/then-and-now/"))
    assert "Titan X" in html and "292 ms" in html and "1237 ms" in html and "1935 ms" in html
    assert "4.82×" in html and "zer0n/deepframeworks" in html and "soumith/convnet-benchmarks" in html
    zh = article(read(site, "zh", "benchmarks/then-and-now/"))
    assert "当年与如今" in zh and "292 ms" in zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_page_per_run_with_its_raw_data(site, lang):
    for run in RUNS:
        folder = site / LANG_DIRS[lang] / "benchmarks" / "runs" / run
        html = (folder / "index.html").read_text(encoding="utf-8")
        body = article(html)
        assert "python -m bench run" in body and "git checkout 0123456789abcdef" in body
        raw = re.search(rf'href="((?:\.\./)+data/runs/{run}\.json)" download', body)
        assert raw and (folder / raw.group(1)).resolve() == (site / "data" / "runs" / f"{run}.json").resolve()
        assert (site / "data" / "runs" / f"{run}.json").read_bytes() == \
            (REPO / "tests" / "fixtures" / "runs" / f"{run}.json").read_bytes()
        cells = re.search(rf'href="((?:\.\./)+data/runs/{run}\.cells\.csv)" download', body)
        assert cells and (folder / cells.group(1)).resolve().exists()
        assert re.search(r'<h2 id="cells">', body) and '<nav class="md-nav md-nav--secondary"' in html
        assert f"/runs/{run}/" in html.split("<article")[0] or lang == "en"  # the language switcher points at this run
    assert not (site / "zh" / "data").exists()  # raw files are served once, for both languages
    old = article(read(site, lang, f"benchmarks/runs/{RUNS[0]}/"))
    assert ("schema version 1, read as version 3" if lang == "en" else "schema 版本 1，按版本 3 读取") in old


def test_run_pages_name_their_run_in_the_head(site):
    html = read(site, "en", f"benchmarks/runs/{RUNS[1]}/")
    assert "<title>Run of 2026-01-10 12:00 UTC on NVIDIA H100 80GB HBM3 - " in html
    assert 'rel="canonical" href="' in html and f"/benchmarks/runs/{RUNS[1]}/" in html
    assert RUNS[-1] not in html.split("<article")[0]  # nothing of the page it was made from


def test_runs_index_links_every_run(site):
    html = article(read(site, "en", "benchmarks/runs/"))
    for run in RUNS:
        assert f'href="{run}/"' in html and f'href="../../data/runs/{run}.json" download' in html


def test_history_flags_the_change_its_intervals_do_not_explain(site):
    html = article(read(site, "en", "benchmarks/history/"))
    assert "data-spec=" in html and "only where it exceeds the spread between runs" in html
    flags = html.split('class="bx-table bx-flags"', 1)[1].split("</table>", 1)[0]
    assert "-20.0%" in flags and "runs/2026-02-01T12-00-00Z_cuda/" in flags  # 21.0 -> 16.8 ms, disjoint intervals


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_edition_and_performance_pages_link_the_measured_results(site, lang):
    for url in ("editions/2016/", "areas/performance/"):
        folder = site / LANG_DIRS[lang] / url
        html = article((folder / "index.html").read_text(encoding="utf-8"))
        targets = {(folder / href).resolve() for href in re.findall(r'href="([^"#:]+)"', html)}
        for page in ("benchmarks/then-and-now", "benchmarks/latest"):
            assert (site / LANG_DIRS[lang] / page).resolve() in targets, (lang, url, page)


def test_framework_page_shows_its_results(site):
    html = article(read(site, "en", "frameworks/pytorch/"))
    assert 'id="benchmarks"' in html and "16.8 ms" in html
    caffe = article(read(site, "zh", "frameworks/caffe/"))
    assert "尚无基准测试结果" in caffe


def test_no_script_loads_from_outside_the_site(site):
    for page in site.rglob("*.html"):
        for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', page.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", src), f"{page}: {src}"


def test_chart_scripts_only_on_pages_with_charts(site):
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="bx-chart"' in html
        assert ("vega-bundle.min.js" in html) == has_chart, page
        assert html.count("vega-bundle.min.js") <= 1


def test_no_page_over_300_kb(site):
    heaviest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size <= PAGE_LIMIT, heaviest


def test_with_no_runs_the_pages_say_so(empty_site):
    for lang, words in (("en", "Not measured yet"), ("zh", "尚未测量")):
        assert words in article(read(empty_site, lang, "benchmarks/"))
        assert words in article(read(empty_site, lang, "benchmarks/runs/"))
    assert "not measured on a GPU yet" in article(read(empty_site, "en", "benchmarks/then-and-now/"))
    assert "292 ms" in article(read(empty_site, "en", "benchmarks/then-and-now/"))
    assert not [p for p in (empty_site / "benchmarks" / "runs").iterdir() if p.is_dir()]


def test_a_bad_run_file_stops_the_build_with_its_name(tmp_path):
    data = data_copy(tmp_path / "bad", [])
    bad = data / "runs" / "2026-03-01T00-00-00Z_cuda.json"
    doc = json.loads((REPO / "tests" / "fixtures" / "runs" / "2026-02-01T12-00-00Z_cuda.json").read_text())
    doc["results"][0]["status"] = "exploded"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    build = run_build(make_project(tmp_path), data, tmp_path / "site")
    assert build.returncode != 0
    assert "2026-03-01T00-00-00Z_cuda.json" in build.output and "status" in build.output


def test_every_results_table_has_its_csv(site):
    for url in ("benchmarks/", "frameworks/pytorch/", "benchmarks/then-and-now/", "benchmarks/history/"):
        for lang in ("en", "zh"):
            folder = site / LANG_DIRS[lang] / url
            html = (folder / "index.html").read_text(encoding="utf-8")
            links = re.findall(r'href="([a-z0-9_.-]+\.csv)" download', html)
            assert links, (lang, url)
            for name in links:
                assert (folder / name).read_text(encoding="utf-8").count("\n") >= 2, (lang, url, name)
    rows = (site / "frameworks" / "pytorch" / f"benchmarks-{GPU}.csv").read_text(encoding="utf-8").splitlines()
    assert all(",pytorch," in row for row in rows[1:]) and not any("not_measured" in row for row in rows)


# --- a withdrawn run: out of every page built from runs, its own page says why ------------------------

WITHDRAWN = RUNS[-1]  # the newest run: its page is also the one mkdocs renders and the others are made from
KEPT = RUNS[1]


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench-withdrawn-site")
    data = data_copy(root, [REPO / "tests" / "fixtures" / "runs" / f"{run}.json" for run in (KEPT, WITHDRAWN)])
    (data / "withdrawals.yaml").write_text(
        "# yaml-language-server: $schema=schema/withdrawals.schema.json\nschema_version: 1\nwithdrawals:\n"
        f"  - run: {WITHDRAWN}.json\n    date: 2026-03-01\n    reason:\n"
        '      en: "The GPU ran at a **capped** clock."\n      zh: "测量时 GPU 频率被**限制**。"\n    pull_request: 7\n',
        encoding="utf-8")
    build = run_build(make_project(root), data, root / "site")
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    return build.site


def test_a_withdrawn_run_is_on_no_page_built_from_runs(withdrawn_site):
    for lang in ("en", "zh"):
        for url in ("benchmarks/", f"benchmarks/latest/{GPU}/", "benchmarks/history/", "frameworks/pytorch/"):
            html = article(read(withdrawn_site, lang, url))
            assert WITHDRAWN not in html, (lang, url)
        assert KEPT in article(read(withdrawn_site, lang, f"benchmarks/latest/{GPU}/"))
    tables = [p for p in withdrawn_site.rglob("*.csv") if p.name != f"{WITHDRAWN}.cells.csv"]
    assert tables and not [p for p in tables if WITHDRAWN in p.read_text(encoding="utf-8")]
    assert "16.8 ms" not in article(read(withdrawn_site, "en", "frameworks/pytorch/"))  # its numbers are gone too


def test_a_withdrawn_run_keeps_its_page_which_says_why(withdrawn_site):
    for lang, title, reason in (("en", "Withdrawn on 2026-03-01", "The GPU ran at a <strong>capped</strong> clock."),
                                ("zh", "已于 2026-03-01 撤回", "测量时 GPU 频率被<strong>限制</strong>。")):
        page = article(read(withdrawn_site, lang, f"benchmarks/runs/{WITHDRAWN}/"))
        assert title in page and reason in page
        assert "/pull/7" in page and "python -m bench run" in page  # the rest of the page is still there
        assert "Withdrawn" not in article(read(withdrawn_site, lang, f"benchmarks/runs/{KEPT}/"))
    index = article(read(withdrawn_site, "en", "benchmarks/runs/"))
    assert f'href="{WITHDRAWN}/"' in index and "withdrawn" in index
