"""Latest-results tables: frameworks side by side, every status shown with its reason; only a mode the
framework does not have is an empty cell. (The publish rules on runs made for them: test_publish.py.)"""

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
    assert "bx-not-applicable" not in html  # both frameworks have an eager and a compiled mode
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
    lstm_table = workload_table(res, GPU, "lstm")
    lstm = table_html(lstm_table, "en", NAMES, None)
    assert lstm.count("not measured") == 1  # TF ran tf.function, not eager
    graph = next(s for s in lstm_table.settings if s.mode_class == "graph")
    assert lstm_table.cells[(graph, "pytorch")].status == "not_applicable"  # the registry: PyTorch has no graph mode
    assert '<td class="bx-not-applicable"></td>' in lstm  # shows nothing
    cpu_table = workload_table(res, CPU, "alexnet")
    cpu = table_html(cpu_table, "en", NAMES, None)
    assert cpu_table.frameworks == ["pytorch", "tensorflow"] and cpu_table.unmeasured == ["jax"]
    assert cpu.count("Not measured on this machine: JAX.") == 1
    assert "framework not available" not in cpu and "jax is not installed" not in cpu


def test_fastest_is_marked_only_where_intervals_do_not_overlap(res):
    table = workload_table(res, GPU, "alexnet")
    by_setting = {(s.precision, s.mode_class): s for s in table.settings}
    eager = table.cells[(by_setting[("fp32", "eager")], "pytorch")]
    assert eager.fastest and eager.decisive
    compiled = table.cells[(by_setting[("fp32", "compiled")], "pytorch")]
    assert not compiled.fastest and not compiled.decisive  # TF's XLA interval reaches it: no mark
    html = table_html(table, "en", NAMES, None)
    assert html.count("bx-best") == 1 and "intervals overlap" not in html
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
    assert {(r["framework"], r["precision"], r["mode"]) for r in fastest} == {("pytorch", "fp32", "eager")}
    ok = next(r for r in rows if (r["framework"], r["precision"], r["mode"]) == ("pytorch", "fp32", "eager"))
    assert float(ok["median_ms"]) == 16.8 and ok["params"] == "61100840" and ok["run"] == "2026-02-01T12-00-00Z_cuda"


def test_csv_keeps_cells_that_did_not_run(res):
    rows = list(csv.DictReader(io.StringIO(table_csv(workload_table(res, GPU, "alexnet")))))
    failed = [r for r in rows if r["status"] != "ok"]
    assert {r["status"] for r in failed} == {"oom", "error"} and all(r["reason"] for r in failed)
    cpu = list(csv.DictReader(io.StringIO(table_csv(workload_table(res, CPU, "alexnet")))))
    assert cpu and not [r for r in cpu if r["framework"] == "jax"]  # not measured there: no line per cell


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
    for lang, label in (("en", "not measured"), ("zh", "未测量")):
        html = table_html(table, lang, NAMES, None)
        jax_eager = cells_of(html)[2]  # the first row, eager: PyTorch, TensorFlow, JAX
        assert '<td class="bx-not-applicable"></td>' in html and label not in jax_eager
    assert res.mode_label("jit", "zh") == "jax.jit（编译）" and res.mode_label("xla", "en") == "XLA (jit_compile)"


def test_without_described_modes_the_harness_registry_says_which_modes_exist(res):
    """Runs that do not describe their modes (written before they did): the harness's framework registry
    does, so PyTorch's missing graph row is absent, not 'not measured', while a mode it has stays 'not measured'."""
    assert res.mode_classes(GPU, "pytorch") == {"eager", "compiled"}
    assert res.mode_classes(GPU, "tensorflow") == {"eager", "graph", "compiled"}
    assert not res.has_mode_class(GPU, "pytorch", "graph") and res.has_mode_class(GPU, "tensorflow", "eager")
    assert res.has_mode_class(GPU, "mxnet", "graph")  # a framework nothing describes: nothing is said not to apply
