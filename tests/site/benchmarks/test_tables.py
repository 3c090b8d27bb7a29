"""Latest-results tables: frameworks side by side, every status shown with its reason, never blank."""

from __future__ import annotations

import csv
import io
import re

from benchfixtures import CPU, GPU

from bench.site.benchmarks.tables import CSV_COLUMNS, table_csv, table_html, workload_table

NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}


def cells_of(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html)


def test_alexnet_on_the_gpu(res, lang):
    table = workload_table(res, GPU, "alexnet")
    assert table.frameworks == ["pytorch", "tensorflow"]
    assert [(s.phase, s.precision, s.mode_class) for s in table.settings] == [
        ("train", "fp32", "eager"), ("train", "fp32", "compiled"), ("train", "bf16", "eager"), ("train", "bf16", "compiled")]
    html = table_html(table, lang, NAMES, "table-alexnet.csv")
    cells = cells_of(html)
    assert len(cells) == 8 and all(re.sub(r"<[^>]+>", "", c).strip() for c in cells), "no cell is blank"
    assert 'href="table-alexnet.csv"' in html


def test_statuses_and_reasons(res):
    html = table_html(workload_table(res, GPU, "alexnet"), "en", NAMES, None)
    assert "out of memory" in html and "the framework raised ResourceExhaustedError" in html
    assert "<summary>raw message</summary><code>OOM when allocating" in html  # the exception's text, collapsed
    assert "<b>error</b>" in html
    assert "&lt;lambda&gt;" in html and "<lambda>" not in html  # reasons are escaped
    html = table_html(workload_table(res, GPU, "googlenet"), "en", NAMES, None)
    assert "unsupported" in html and "BatchNorm in inference mode" in html


def test_not_measured_and_not_available(res):
    lstm = table_html(workload_table(res, GPU, "lstm"), "en", NAMES, None)
    assert lstm.count("not measured") == 2  # torch has no graph mode, TF ran tf.function, not eager
    cpu = table_html(workload_table(res, CPU, "alexnet"), "en", NAMES, None)
    assert cpu.count("framework not available") == 3 and "jax is not installed" in cpu


def test_fastest_is_marked_and_says_when_intervals_overlap(res):
    table = workload_table(res, GPU, "alexnet")
    by_setting = {(s.precision, s.mode_class): s for s in table.settings}
    eager = table.cells[(by_setting[("fp32", "eager")], "pytorch")]
    assert eager.fastest and eager.decisive
    compiled = table.cells[(by_setting[("fp32", "compiled")], "pytorch")]
    assert compiled.fastest and not compiled.decisive  # TF's XLA interval reaches it
    html = table_html(table, "en", NAMES, None)
    assert html.count("bx-best") == 2 and "fastest (intervals overlap)" in html
    alone = table.cells[(by_setting[("bf16", "eager")], "pytorch")]
    assert not alone.fastest  # the other framework ran out of memory: no race


def test_cells_from_several_runs_are_marked(res):
    table = workload_table(res, GPU, "alexnet")
    assert table.runs == ["2026-01-10T12-00-00Z_cuda", "2026-02-01T12-00-00Z_cuda"]
    html = table_html(table, "en", NAMES, None)
    assert "<sup>a</sup>" in html and "<sup>b</sup>" in html
    assert "2.9.1, 2.10.0" in html  # both PyTorch versions in the header, oldest first
    assert "version 2.10.0" in html  # and each cell says which


def test_labels_follow_the_language(res):
    table = workload_table(res, GPU, "alexnet")
    en, zh = table_html(table, "en", NAMES, None), table_html(table, "zh", NAMES, None)
    assert "training step, batch 128" in en and "训练步，批大小 128" in zh
    assert "out of memory" in en and "内存不足" in zh and "out of memory" not in zh
    assert "BF16 mixed" in en and "BF16 混合精度" in zh


def test_cpu_table_is_labelled_and_has_no_device_peak(res):
    table = workload_table(res, CPU, "alexnet")
    assert table.hardware.is_cpu
    html = table_html(table, "en", NAMES, None)
    assert "of FP32 peak" not in html  # no datasheet peak for a CPU


def test_csv_has_one_line_per_cell(res):
    table = workload_table(res, GPU, "alexnet")
    rows = list(csv.DictReader(io.StringIO(table_csv(table))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 8
    assert {r["status"] for r in rows} == {"ok", "oom", "error"}
    fastest = [r for r in rows if r["fastest"] == "True"]
    assert {(r["framework"], r["precision"], r["mode"]) for r in fastest} == {("pytorch", "fp32", "eager"), ("pytorch", "fp32", "compile")}
    ok = next(r for r in rows if (r["framework"], r["precision"], r["mode"]) == ("pytorch", "fp32", "eager"))
    assert float(ok["median_ms"]) == 16.8 and ok["params"] == "61100840" and ok["run"] == "2026-02-01T12-00-00Z_cuda"


def test_csv_keeps_cells_that_did_not_run(res):
    rows = list(csv.DictReader(io.StringIO(table_csv(workload_table(res, CPU, "alexnet")))))
    jax = [r for r in rows if r["framework"] == "jax"]
    assert jax and {r["status"] for r in jax} == {"not_available"} and all(r["reason"] for r in jax)


def _described_results(tmp_path):
    """The fixture runs, the newest GPU run describing its modes as the harness now records them,
    with a JAX (jit only) cell beside PyTorch's; the older runs describe none."""
    import json

    from benchfixtures import FIXTURE_RUNS

    from bench.data import load_dataset
    from bench.site.benchmarks.cells import build_results
    from bench.site.benchmarks.sandbox import data_copy

    newest = next(p for p in FIXTURE_RUNS if p.name.startswith("2026-02-01"))
    doc = json.loads(newest.read_text(encoding="utf-8"))
    word = {"en": "x", "zh": "x"}
    doc["settings"]["modes"] = {
        "pytorch": {"eager": {"class": "eager", "label": word, "notes": word},
                    "compile": {"class": "compiled", "label": word, "notes": word}},
        "jax": {"jit": {"class": "compiled", "label": {"en": "jax.jit", "zh": "jax.jit（编译）"}, "notes": word}},
    }
    doc["frameworks"].append({"id": "jax", "available": True, "version": "0.10.2"})
    doc["results"].append({**doc["results"][0], "framework": "jax", "mode": "jit"})
    changed = tmp_path / newest.name
    changed.write_text(json.dumps(doc), encoding="utf-8")
    others = [p for p in FIXTURE_RUNS if p != newest]
    return build_results(load_dataset(data_copy(tmp_path / "data", [*others, changed])))


def test_a_mode_a_framework_does_not_have_does_not_apply(tmp_path):
    res = _described_results(tmp_path)
    table = workload_table(res, GPU, "alexnet")
    by_setting = {(s.precision, s.mode_class): s for s in table.settings}
    assert table.cells[(by_setting[("fp32", "eager")], "jax")].status == "not_applicable"  # JAX has no eager mode
    assert table.cells[(by_setting[("fp32", "compiled")], "jax")].status == "ok"
    # PyTorch has no graph mode; no run describes TensorFlow's modes, so none of its cells is said not to apply
    lstm = workload_table(res, GPU, "lstm")
    graph = [s for s in lstm.settings if s.mode_class == "graph"]
    assert graph and all(lstm.cells[(s, "pytorch")].status == "not_applicable" for s in graph)
    assert all(table.cells[(s, "tensorflow")].status != "not_applicable" for s in table.settings)
    for lang, label in (("en", "does not apply"), ("zh", "不适用")):
        html = table_html(table, lang, NAMES, None)
        assert label in html and "bx-not-applicable" in html
    assert res.mode_label("jit", "zh") == "jax.jit（编译）" and res.mode_label("xla", "en") == "XLA (jit_compile)"


def test_without_described_modes_nothing_is_said_not_to_apply(res):
    """Runs that do not describe their modes (written before the registry): missing cells stay 'not measured'."""
    for workload in ("alexnet", "lstm"):
        assert "does not apply" not in table_html(workload_table(res, GPU, workload), "en", NAMES, None)
