"""Chart specs: valid Vega-Lite, data inside the spec, words and number formats of the page's language."""

from __future__ import annotations

import json
from pathlib import Path

import altair
import jsonschema
import pytest
from benchfixtures import CPU, GPU

from bench.site.benchmarks import charts
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


def test_colours_are_fixed_per_framework_and_only_for_those_shown(res):
    gpu, cpu = charts.workload_chart(res, GPU, "alexnet", "en"), charts.workload_chart(res, CPU, "alexnet", "en")

    def scale(spec):
        found = []

        def walk(node):
            if isinstance(node, dict):
                if node.get("field") == "framework" and isinstance(node.get("scale"), dict):
                    found.append(node["scale"])
                for v in node.values():
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
        walk(spec)
        return found[0]

    assert scale(gpu)["domain"] == ["PyTorch", "TensorFlow"]
    assert scale(gpu)["range"][:2] == charts.FRAMEWORK_COLOURS[:2] == scale(cpu)["range"][:2]


def test_speedup_is_eager_over_compiled(res):
    rows = charts.speedup_rows(res, GPU, "en")
    xla = next(r for r in rows if r["framework"] == "TensorFlow" and r["mode"] == "XLA (jit_compile)" and r["workload"] == "AlexNet"
               and "FP32" in r["facet"])
    assert xla["ratio"] == pytest.approx(0.0295 / 0.0189)
    assert xla["low"] < xla["ratio"] < xla["high"]


def test_startup_has_import_times_and_first_steps(res):
    imports, first = charts.startup_rows(res, GPU, "en")
    assert {r["framework"]: r["text"] for r in imports} == {"PyTorch": "1.79 s", "TensorFlow": "4.71 s"}
    compiled = next(r for r in first if r["mode"] == "torch.compile")
    assert compiled["seconds"] == 36.0 and compiled["start"] > 0


def test_history_marks_versions_and_flags(res):
    spec = charts.history_chart(res, GPU, "alexnet", history(res), "en")
    rows = [r for r in spec["datasets"]["table"] if r["mode"] == "eager" and r["framework"] == "PyTorch"]
    assert [r["label"] for r in rows] == ["2.9.0", "2.9.1", "2.10.0"]
    assert [r["flagged"] for r in rows] == [False, False, True]  # 21.0 -> 16.8 ms, intervals disjoint


def test_templates_are_built_once_per_build(res, monkeypatch):
    charts.workload_chart(res, GPU, "alexnet", "en")
    monkeypatch.setattr(charts, "_workload_template", lambda *a: pytest.fail("rebuilt"))
    charts.workload_chart(res, GPU, "googlenet", "en")


def test_no_chart_without_data(res):
    assert charts.workload_chart(res, GPU, "vgg11", "en") is None  # not measured: no empty chart
    assert charts.history_chart(res, CPU, "alexnet", history(res), "en") is None  # measured once


def test_vendored_templates_are_current():
    from bench.site.benchmarks import chartspecs

    assert chartspecs.main(["--check"]) == 0, "run: python -m bench.site.benchmarks.chartspecs"
    assert charts._vendored(), "chart_templates.json is read by the build"


def test_vendored_templates_equal_what_altair_builds():
    from bench.site.benchmarks import chartspecs

    for names in (("PyTorch", "TensorFlow", "JAX"), tuple(f"fw{i}" for i in range(12)), ()):
        for kind, extra in [("workload", ()), ("speedup", ()), ("history", ())] + [("startup", (p,)) for p in chartspecs.STARTUP_PARTS]:
            built = chartspecs.BUILDERS[kind](names, *extra)
            assert charts._build_template(kind, names, *extra) == built, (kind, extra, names)
            assert json.dumps(charts._build_template(kind, names, *extra)) == json.dumps(built), "same key order"
