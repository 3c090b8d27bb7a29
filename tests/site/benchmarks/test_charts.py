"""Chart specs: valid Vega-Lite, data inside the spec, words and number formats of the page's language,
one colour per framework, readable text, honest axes, ratios only within a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import altair
import jsonschema
import pytest
import yaml
from benchfixtures import CPU, FIXTURE_RUNS, GPU, REPO

from bench.site.benchmarks import charts, chartstyle
from bench.site.benchmarks.cells import fell_back
from bench.site.benchmarks.history import history

SCHEMA = json.loads((Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def all_specs(res, lang):
    series = history(res)
    return {
        "workload-gpu": charts.workload_chart(res, GPU, "alexnet", lang),
        "workload-gpu-forward": charts.workload_chart(res, GPU, "googlenet", lang),
        "workload-cpu": charts.workload_chart(res, CPU, "alexnet", lang),
        "speedup": charts.speedup_chart(res, GPU, lang),
        "speedup-cpu": charts.speedup_chart(res, CPU, lang),
        "startup": charts.startup_chart(res, GPU, lang),
        "history": charts.history_chart(res, GPU, "alexnet", series, lang),
    }


def test_every_spec_validates_against_the_vega_lite_schema(res, lang):
    for name, spec in all_specs(res, lang).items():
        assert spec is not None, name
        errors = sorted(VALIDATOR.iter_errors(spec), key=lambda e: list(e.path))
        assert not errors, f"{name}: {errors[0].message[:300]}"
        assert spec["$schema"] == altair.SCHEMA_URL


def test_specs_are_plain_json_with_their_data(res):
    for name, spec in all_specs(res, "en").items():
        text = json.dumps(spec, allow_nan=False)  # no NaN, no numpy types
        assert spec["datasets"], name
        assert "url" not in json.dumps(spec.get("data", {})), "data lives in the spec, not fetched from elsewhere"
        assert len(text) < 200_000


def test_titles_and_axes_follow_the_language(res):
    en, zh = charts.workload_chart(res, GPU, "alexnet", "en"), charts.workload_chart(res, GPU, "alexnet", "zh")
    assert en["title"]["text"] == "AlexNet: time per step" and zh["title"]["text"] == "AlexNet：每步时间"
    assert "ms per step (lower is better)" in json.dumps(en) and "每步毫秒数（越低越好）" in json.dumps(zh, ensure_ascii=False)
    assert zh["config"]["locale"]["time"]["date"] == "%Y年%-m月%-d日"
    assert en["config"]["locale"]["number"]["decimal"] == "."


def test_tooltips_carry_numbers_versions_and_intervals(res):
    spec = charts.workload_chart(res, GPU, "alexnet", "en")
    row = next(r for r in spec["datasets"]["table"] if r["framework"] == "PyTorch" and r["setting"] == "FP32 · eager")
    assert row["median_text"] == "16.8 ms" and row["version"] == "2.10.0" and row["ci_text"].startswith("16.8–16.8")
    assert row["low_ms"] < row["median_ms"] < row["high_ms"]
    failed = [r for r in spec["datasets"]["table"] if not r["ok"]]
    assert {r["status_text"] for r in failed} == {"out of memory", "error"} and all(r["reason"] for r in failed)


def walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def colour_scales(spec) -> list[dict]:
    return [n["scale"] for n in walk(spec) if n.get("field") == "framework" and isinstance(n.get("scale"), dict)]


def test_each_framework_has_its_colour_on_every_chart_and_only_those_shown(res):
    colour = {"PyTorch": chartstyle.FRAMEWORK_COLOURS["pytorch"], "TensorFlow": chartstyle.FRAMEWORK_COLOURS["tensorflow"]}
    seen = 0
    for lang in ("en", "zh"):
        for name, spec in all_specs(res, lang).items():
            shown = {row["framework"] for rows in spec["datasets"].values() for row in rows}
            for scale in colour_scales(spec):
                assert set(scale["domain"]) == shown, name
                assert dict(zip(scale["domain"], scale["range"], strict=True)) == {f: colour[f] for f in shown}, name
                seen += 1
    assert seen >= 14


def test_palette_gives_every_listed_framework_its_own_colour():
    listed = [f["id"] for f in yaml.safe_load((REPO / "data" / "frameworks.yaml").read_text(encoding="utf-8"))["frameworks"]]
    colours = chartstyle.FRAMEWORK_COLOURS
    assert not [fid for fid in listed if fid not in colours], "add a colour for it in chartstyle.FRAMEWORK_COLOURS"
    assert len(set(colours.values())) == len(colours), "two frameworks share a colour"
    assert chartstyle.UNLISTED_COLOUR not in colours.values()
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7"}
    assert {colours[fid] for fid in ("pytorch", "tensorflow", "jax", "paddlepaddle", "mindspore")} <= okabe_ito
    assert chartstyle.framework_colour("not-listed-yet") == chartstyle.UNLISTED_COLOUR


def test_chart_text_is_at_least_11_px(res):
    for name, spec in all_specs(res, "en").items():
        sizes = {key: value for node in walk(spec) for key, value in node.items() if key.lower().endswith("fontsize")}
        config = spec["config"]
        for part, keys in {"axis": ("labelFontSize", "titleFontSize"), "legend": ("labelFontSize", "titleFontSize"),
                           "header": ("labelFontSize", "titleFontSize"), "title": ("fontSize",)}.items():
            assert all(config[part][key] >= 11 for key in keys), (name, part)
        assert sizes and min(sizes.values()) >= 11, (name, sizes)
        for mark in (n["mark"] for n in walk(spec) if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "text"):
            assert mark.get("fontSize", 0) >= 11, name


def test_value_axes_start_at_zero_or_are_logarithmic_with_labels(res):
    checked = 0
    for name, spec in all_specs(res, "en").items():
        for node in walk(spec):
            for channel in ("x", "y"):
                enc = node.get(channel)
                if not (isinstance(enc, dict) and enc.get("type") == "quantitative" and "scale" in enc):
                    continue
                scale = enc["scale"]
                if scale.get("type") == "log":
                    assert enc.get("axis", {}).get("format"), f"{name}: a log axis needs labelled ticks"
                else:
                    assert scale.get("zero") is True, f"{name}: {channel} ({enc['field']}) does not start at zero"
                checked += 1
    assert checked >= 7


def test_history_time_axis_has_date_and_time(res):
    spec = charts.history_chart(res, GPU, "alexnet", history(res), "en")
    x = next(n["x"] for n in walk(spec) if isinstance(n.get("x"), dict) and n["x"].get("field") == "date")
    assert x["scale"]["type"] == "utc" and "%Y-%m-%d" in x["axis"]["labelExpr"] and "%H:%M" in x["axis"]["labelExpr"]
    assert spec["config"]["axis"]["labelOverlap"] == "greedy"
    rows = spec["datasets"]["table"]
    assert all(r["when_text"].endswith(" UTC") and len(r["when_text"]) == len("2026-01-10 12:00 UTC") for r in rows)


def test_speedup_is_eager_over_compiled(res):
    rows = charts.speedup_rows(res, GPU, "en")
    xla = next(r for r in rows if r["framework"] == "TensorFlow" and r["mode"] == "XLA (jit_compile)" and r["workload"] == "AlexNet"
               and "FP32" in r["facet"])
    assert xla["ratio"] == pytest.approx(0.0295 / 0.0189)
    assert xla["low"] < xla["ratio"] < xla["high"]


FELL_BACK_PATH = "torch.compile captured no graph: the model ran eagerly (no reason recorded)"


def _edited_results(tmp_path, edit):
    """Results of the GPU fixture run of 2026-01-10 alone, split or changed by ``edit(run) -> {file name: run}``."""
    from bench.data import load_dataset
    from bench.site.benchmarks.cells import build_results
    from bench.site.benchmarks.sandbox import data_copy

    source = next(p for p in FIXTURE_RUNS if p.name == "2026-01-10T12-00-00Z_cuda.json")
    runs = tmp_path / "runs"
    runs.mkdir(parents=True)
    for name, run in edit(json.loads(source.read_text(encoding="utf-8"))).items():
        (runs / name).write_text(json.dumps(run), encoding="utf-8")
    return build_results(load_dataset(data_copy(tmp_path / "copy", sorted(runs.glob("*.json")))))


def _pairs(res):
    return {(r["framework"], r["workload"], r["precision"], r["mode"]) for r, _ in charts.same_run_pairs(res, GPU)}


def test_speedup_pairs_only_cells_of_the_same_run(tmp_path):
    whole = _edited_results(tmp_path / "whole", lambda run: {"2026-01-10T12-00-00Z_cuda.json": run})
    assert ("tensorflow", "alexnet", "fp32", "xla") in _pairs(whole)
    # The eager cells in one run, the compiled ones in a later run: each is the latest of its setting,
    # and no ratio is made across the two runs.
    apart = _edited_results(tmp_path / "apart", lambda run: {
        "2026-01-10T11-00-00Z_cuda.json": {**run, "started_at": "2026-01-10T11:00:00Z", "finished_at": "2026-01-10T11:30:00Z",
                                           "results": [r for r in run["results"] if r["mode"] == "eager"]},
        "2026-01-10T13-00-00Z_cuda.json": {**run, "started_at": "2026-01-10T13:00:00Z", "finished_at": "2026-01-10T14:00:00Z",
                                           "results": [r for r in run["results"] if r["mode"] != "eager"]}})
    latest = {(r["framework"], r["mode"], r["run"]) for r in apart.latest_records(GPU, "alexnet") if r["precision"] == "fp32"}
    assert ("tensorflow", "eager", "2026-01-10T11-00-00Z_cuda") in latest
    assert ("tensorflow", "xla", "2026-01-10T13-00-00Z_cuda") in latest
    assert _pairs(apart) == set() and charts.speedup_rows(apart, GPU, "en") == []


def test_speedup_leaves_out_a_compiled_cell_that_ran_eagerly(tmp_path):
    def compile_ran_eagerly(run):
        for r in run["results"]:
            if r["framework"] == "pytorch" and r["mode"] == "compile" and r["status"] == "ok":
                r["path"] = FELL_BACK_PATH
        return {"2026-01-10T12-00-00Z_cuda.json": run}

    res = _edited_results(tmp_path, compile_ran_eagerly)
    compiled = [r for r in res.latest_records(GPU) if r["mode"] == "compile" and r["status"] == "ok"]
    assert compiled and all(fell_back(r) for r in compiled)
    assert not any(fw == "pytorch" for fw, *_ in _pairs(res)), "a ratio of a cell that ran eagerly"
    assert ("tensorflow", "alexnet", "fp32", "xla") in _pairs(res)
    assert not fell_back({"mode": "compile",
                          "path": "torch.compile (inductor): 3 graph(s) and 2 graph break(s) run eagerly (first: x)"})


def test_startup_has_import_times_and_first_steps(res):
    imports, first = charts.startup_rows(res, GPU, "en")
    assert {r["framework"]: r["text"] for r in imports} == {"PyTorch": "1.79 s", "TensorFlow": "4.71 s"}
    compiled = next(r for r in first if r["mode"] == "torch.compile")
    assert compiled["seconds"] == 36.0 and compiled["row"] == "AlexNet · training step, batch 128 · FP32"


def test_history_marks_versions_and_flags(res):
    spec = charts.history_chart(res, GPU, "alexnet", history(res), "en")
    rows = [r for r in spec["datasets"]["table"] if r["mode"] == "eager" and r["framework"] == "PyTorch"]
    assert [r["label"] for r in rows] == ["", "2.9.1", "2.10.0"]
    assert [r["flagged"] for r in rows] == [False, False, True]
    compiled = [r for r in spec["datasets"]["table"] if r["mode"] == "torch.compile" and r["framework"] == "PyTorch"]
    assert compiled and not any(r["label"] for r in compiled), "one version label per framework and run, not one per mode"


def test_templates_are_built_once_per_build(res, monkeypatch):
    charts.workload_chart(res, GPU, "alexnet", "en")
    monkeypatch.setattr(charts, "_build_template", lambda *a: pytest.fail("rebuilt"))
    charts.workload_chart(res, GPU, "googlenet", "zh")


def test_no_chart_without_data(res):
    assert charts.workload_chart(res, GPU, "vgg11", "en") is None  # not measured: no empty chart
    assert charts.history_chart(res, CPU, "alexnet", history(res), "en") is None  # measured once


def test_vendored_templates_are_current():
    from bench.site.benchmarks import chartspecs

    assert chartspecs.main(["--check"]) == 0, "run: python -m bench.site.benchmarks.chartspecs"
    assert charts._vendored(), "chart_templates.json is read by the build"


def test_vendored_templates_equal_what_altair_builds():
    from bench.site.benchmarks import chartspecs

    for kind, extra in [("workload", ()), ("speedup", ()), ("history", ()), ("thennow", ())] + [("startup", (p,)) for p in chartspecs.STARTUP_PARTS]:
        built = chartspecs.build(kind, *extra)
        assert charts._build_template(kind, *extra) == built, (kind, extra)
        assert json.dumps(charts._build_template(kind, *extra)) == json.dumps(built), "same key order"


def test_the_build_reads_charts_without_altair_and_the_templates_without_the_build():
    """charts.py (the build) imports no altair; chartspecs.py (altair) does not import charts.py: no cycle."""
    code = ("import sys; import bench.site.benchmarks.charts; assert 'altair' not in sys.modules, 'altair'; "
            "del sys.modules['bench.site.benchmarks.charts']; import bench.site.benchmarks.chartspecs; "
            "assert 'bench.site.benchmarks.charts' not in sys.modules, 'chartspecs imports charts'")
    done = subprocess.run([sys.executable, "-c", code], check=False, cwd=REPO, capture_output=True, text=True,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
