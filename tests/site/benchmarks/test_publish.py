"""The publish rules, each on fixture runs changed for it in a temporary copy of data/.

What the headline and the "latest" pages may show: complete runs only; a framework not installed is
one neutral line; a mode a framework does not have shows nothing; ratios within one run, never where
the faster mode fell back; "fastest" only where intervals are clear, never on quick runs or contended
cells; a memory figure not measured says so. Expected times are read from the runs, never written here.
"""

from __future__ import annotations

import copy
import csv
import io
import json

import markdown
import pytest
from benchfixtures import CPU, FIXTURE_RUNS, GPU

from bench.data import load_dataset
from bench.site.benchmarks.cells import build_results, fell_back, memory_figure, public_text, same_run_ratio
from bench.site.benchmarks.pages import latest
from bench.site.benchmarks.sandbox import data_copy
from bench.site.benchmarks.tables import (
    cell_html,
    headline_csv,
    headline_hardware,
    headline_table,
    table_csv,
    table_html,
    workload_table,
)
from bench.site.data import SiteData
from bench.site.render import PageContext, unstash_html

NAMES = {"pytorch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
OLD_GPU, CPU_RUN, NEW_GPU = "2026-01-10T12-00-00Z_cuda.json", "2026-01-12T08-00-00Z_cpu.json", "2026-02-01T12-00-00Z_cuda.json"
MACHINE_PATH = "/opt/torch/.venv/bin/python3"
FALLBACK_PATH = "torch.compile captured no graph: the model ran eagerly (Attempted to wrap RNN, GRU, or LSTM)"


def fixture_docs() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in FIXTURE_RUNS}


def dataset_of(tmp_path, docs: dict[str, dict]):
    folder = tmp_path / "changed"
    folder.mkdir(parents=True)
    paths = []
    for name, doc in docs.items():
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
        paths.append(folder / name)
    return load_dataset(data_copy(tmp_path, paths))


def results_of(tmp_path, docs):
    return build_results(dataset_of(tmp_path, docs))


def cell(doc: dict, framework: str, workload: str, precision: str, mode: str, phase: str = "train") -> dict:
    return next(r for r in doc["results"] if (r["framework"], r["workload"], r["precision"], r["mode"], r["phase"])
                == (framework, workload, precision, mode, phase))


def time_cell(result: dict, median: float) -> None:
    """Give a cell a new median and a tight interval around it (its samples are left as they were)."""
    result["median_s"], result["ci95_s"] = median, [median * 0.99, median * 1.01]


def record(res, hardware: str, framework: str, workload: str, precision: str, mode: str) -> dict:
    return next(r for r in res.latest_records(hardware, workload)
                if (r["framework"], r["precision"], r["mode"], r["phase"]) == (framework, precision, mode, "train"))


def setting(table, precision: str, mode_class: str, phase: str = "train"):
    return next(s for s in table.settings if (s.phase, s.precision, s.mode_class) == (phase, precision, mode_class))


def html(dataset, lang: str, render, *args) -> str:
    """A page part as the page shows it: headings rendered, stashed HTML put back."""
    c = PageContext(data=SiteData.from_dataset(dataset), lang=lang)
    return unstash_html(markdown.markdown(render(c, *args), extensions=["attr_list"]))


# --- 1. complete runs only ---------------------------------------------------------

def test_an_incomplete_run_never_headlines_but_keeps_its_page_and_history(tmp_path):
    docs = fixture_docs()
    cut = copy.deepcopy(docs[NEW_GPU])
    cut["complete"] = False
    cut["started_at"], cut["finished_at"] = "2026-02-03T12:00:00Z", None
    time_cell(cell(cut, "pytorch", "alexnet", "fp32", "eager"), cell(cut, "pytorch", "alexnet", "fp32", "eager")["median_s"] / 2)
    docs["2026-02-03T12-00-00Z_cuda.json"] = cut
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    cut_id = "2026-02-03T12-00-00Z_cuda"
    assert cut_id not in {r["run"] for r in res.latest_records(GPU)}
    assert record(res, GPU, "pytorch", "alexnet", "fp32", "eager")["run"] == NEW_GPU.removesuffix(".json")
    assert cut_id in res.run_by_id and cut_id in set(res.cells["run"])  # its own page, and the history
    assert [info.id for info in res.incomplete_runs(GPU)] == [cut_id]
    headline = headline_table(res)
    assert all(c.records[0]["run"] != cut_id for row in headline.rows for c in row.cells.values() if c.records)
    for lang, words in (("en", "1 incomplete, not in the tables"), ("zh", "其中 1 次未完成，未计入表格")):
        assert words in html(dataset, lang, latest.latest_index)


def test_a_machine_with_only_incomplete_runs_has_no_headline(tmp_path):
    docs = fixture_docs()
    for name in (OLD_GPU, NEW_GPU, "2025-11-20T09-00-00Z_cuda.json"):
        docs[name]["complete"] = False
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    assert res.latest_records(GPU) == [] and headline_hardware(res) is None  # the CPU run does not headline instead
    assert "No complete full-size GPU run has been published yet." in html(dataset, "en", latest.headline)
    assert "尚未发布完整的 GPU 全尺寸运行" in html(dataset, "zh", latest.headline)
    assert "no complete run yet" in html(dataset, "en", latest.latest_index)
    # the machine's page says why it shows nothing, and draws nothing from the runs cut short
    assert res.import_times(GPU) == {}
    for lang, words in (("en", "No complete run on this machine yet. The 3 runs"), ("zh", "都中途终止了")):
        page = html(dataset, lang, latest.hardware_page, GPU)
        assert words in page and "chart-startup" not in page and "bx-heat" not in page
        assert "No benchmark run has been committed" not in page


# --- 2. a framework that was not installed: one neutral line, no paths ------------------

def _not_installed(docs: dict[str, dict]) -> None:
    """TensorFlow could not be imported by the CPU run's interpreter: its cells are errors naming the path."""
    doc = docs[CPU_RUN]
    reason = f"not installed: tensorflow cannot be imported by {MACHINE_PATH}"
    tf = next(f for f in doc["frameworks"] if f["id"] == "tensorflow")
    tf.update(available=False, reason=reason, version=None)
    for result in doc["results"]:
        if result["framework"] == "tensorflow":
            for key in ("samples_s", "processes", "median_s", "iqr_s", "ci95_s", "throughput", "tflops", "peak_share",
                        "first_step_s", "peak_memory_bytes"):
                result.pop(key, None)
            result.update(status="error", reason=reason)


def test_a_framework_not_installed_is_one_neutral_line_without_paths(tmp_path, lang):
    docs = fixture_docs()
    _not_installed(docs)
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    table = workload_table(res, CPU, "alexnet")
    assert table.frameworks == ["pytorch"] and table.unmeasured == ["tensorflow", "jax"]
    assert res.unmeasured_frameworks(CPU) == ["tensorflow", "jax"] and res.measured_frameworks(CPU) == ["pytorch"]
    page = table_html(table, lang, NAMES, None)
    line = {"en": "Not measured on this machine: TensorFlow, JAX.", "zh": "这台机器上未测量：TensorFlow、JAX。"}[lang]
    assert page.count(line) == 1
    assert "bx-error" not in page and "cannot be imported" not in page
    index = html(dataset, lang, latest.latest_index)
    assert index.count({"en": "not measured on this machine", "zh": "这台机器上未测量"}[lang]) == 2
    for part in (page, index, html(dataset, lang, latest.headline), html(dataset, lang, latest.framework_part, "tensorflow"),
                 table_csv(table)):
        assert MACHINE_PATH not in part and "/opt/" not in part


def test_reasons_shown_lose_the_machines_paths(tmp_path):
    docs = fixture_docs()
    failed = cell(docs[OLD_GPU], "pytorch", "alexnet", "bf16", "compile")
    failed["reason"] = 'InductorError: File "/home/someone/venv/lib/python3.11/site-packages/torch/x.py", line 3: failed'
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    table = workload_table(res, GPU, "alexnet")
    shown = table_html(table, "en", NAMES, None) + table_csv(table) + html(dataset, "en", latest.framework_part, "pytorch")
    assert "InductorError" in shown and "line 3: failed" in shown
    assert "/home/someone" not in shown and "site-packages" not in shown


@pytest.mark.parametrize(("text", "shown"), [
    (f"tensorflow cannot be imported by {MACHINE_PATH}", "tensorflow cannot be imported by …/python3"),
    ("C:\\envs\\tf\\python.exe: no module", "…\\python.exe: no module"),
    ("see ~/runs/scratch/log.txt", "see …/log.txt"),
    ("4,812 images/s in fp32/bf16 at https://example.org/a/b", "4,812 images/s in fp32/bf16 at https://example.org/a/b"),
    ("two\n  lines", "two lines"),
])
def test_public_text(text, shown):
    assert public_text(text) == shown


# --- 3. a mode a framework does not have shows nothing ------------------------------------

def _with_jax(docs: dict[str, dict]) -> None:
    """The newest GPU run describes its modes as the harness does, JAX (jit only) beside PyTorch."""
    doc = docs[NEW_GPU]
    word = {"en": "x", "zh": "x"}
    doc["settings"]["modes"] = {
        "pytorch": {"eager": {"class": "eager", "label": {"en": "eager", "zh": "动态图"}, "notes": word},
                    "compile": {"class": "compiled", "label": {"en": "torch.compile", "zh": "torch.compile"}, "notes": word}},
        "jax": {"jit": {"class": "compiled", "label": {"en": "jax.jit", "zh": "jax.jit（编译）"}, "notes": word}},
    }
    doc["frameworks"].append({"id": "jax", "available": True, "version": "0.10.2"})
    jit = copy.deepcopy(cell(doc, "pytorch", "alexnet", "fp32", "eager"))
    jit.update(framework="jax", mode="jit")
    doc["results"].append(jit)


def test_a_mode_a_framework_does_not_have_shows_nothing(tmp_path, lang):
    docs = fixture_docs()
    _with_jax(docs)
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    table = workload_table(res, GPU, "alexnet")
    eager = table.cells[(setting(table, "fp32", "eager"), "jax")]
    assert eager.status == "not_applicable" and not eager.applies and eager.records == []
    page = table_html(table, lang, NAMES, None)
    not_measured = {"en": "not measured", "zh": "未测量"}[lang]
    assert '<td class="bx-not-applicable"></td>' in page
    rows = list(csv.DictReader(io.StringIO(table_csv(table))))
    jax = [(r["mode"], r["status"]) for r in rows if r["framework"] == "jax"]
    assert ("jit", "ok") in jax and not [mode for mode, _ in jax if mode == "eager"]  # no line for a mode it has not
    headline = headline_table(res)
    alexnet = next(row for row in headline.rows if row.workload == "alexnet")
    assert alexnet.cells["jax"].status == "ok" and alexnet.cells["jax"].records[0]["mode"] == "jit"
    shown = html(dataset, lang, latest.headline)
    assert "jax.jit" in shown
    jax_col = shown.split("jax.jit")[0].rsplit("<td", 1)[1]
    assert not_measured not in jax_col and "does not apply" not in shown and "不适用" not in shown


# --- 4. ratios within one run, never where the compiled mode fell back -------------------

def test_a_ratio_is_taken_within_one_run_only(res):
    table = workload_table(res, GPU, "alexnet")
    fp32 = setting(table, "fp32", "compiled")
    compiled, eager = table.cells[(fp32, "pytorch")].best, table.eager_of(fp32, "pytorch")
    assert compiled["run"] == eager["run"]  # both from the newest GPU run
    assert table.speedup(fp32, "pytorch") == pytest.approx(eager["median_s"] / compiled["median_s"])
    older = record_of_run(res, GPU, "2026-01-10T12-00-00Z_cuda", "pytorch", "alexnet", "fp32", "eager")
    assert same_run_ratio(compiled, older) is None  # an eager time from another run: no ratio
    tf = table.cells[(fp32, "tensorflow")].best
    assert tf["run"] != compiled["run"] and table.ratio_to_fastest(fp32, "tensorflow") is None
    assert table.ratio_to_fastest(fp32, "pytorch") == pytest.approx(1.0)


def record_of_run(res, hardware, run, framework, workload, precision, mode) -> dict:
    frame = res.cells
    row = frame[(frame["run"] == run) & (frame["framework"] == framework) & (frame["workload"] == workload)
                & (frame["precision"] == precision) & (frame["mode"] == mode) & (frame["phase"] == "train")]
    return row.iloc[0].to_dict()


def test_a_compiled_cell_that_ran_eagerly_gets_no_ratio_no_badge_no_headline(tmp_path):
    docs = fixture_docs()
    gpu = cell(docs[NEW_GPU], "pytorch", "alexnet", "fp32", "compile")
    time_cell(gpu, cell(docs[NEW_GPU], "pytorch", "alexnet", "fp32", "eager")["median_s"] / 2)  # the fastest, if it counted
    cpu = cell(docs[CPU_RUN], "pytorch", "alexnet", "fp32", "compile")
    clean = results_of(tmp_path / "clean", copy.deepcopy(docs))
    gpu["path"] = cpu["path"] = FALLBACK_PATH
    dataset = dataset_of(tmp_path / "fallback", docs)
    res = build_results(dataset)

    # the same runs without the fallback: a ratio, a badge, the headline
    for r, ran_eagerly in ((clean, False), (res, True)):
        gpu_table, cpu_table = workload_table(r, GPU, "alexnet"), workload_table(r, CPU, "alexnet")
        gpu_compiled, cpu_compiled = setting(gpu_table, "fp32", "compiled"), setting(cpu_table, "fp32", "compiled")
        assert fell_back(gpu_table.cells[(gpu_compiled, "pytorch")].best) is ran_eagerly
        assert gpu_table.cells[(gpu_compiled, "pytorch")].fallback is ran_eagerly
        assert (gpu_table.speedup(gpu_compiled, "pytorch") is None) is ran_eagerly
        assert cpu_table.cells[(cpu_compiled, "pytorch")].fastest is not ran_eagerly  # clear of TF's XLA interval
        headline = next(row for row in headline_table(r).rows if row.workload == "alexnet")
        assert (headline.cells["pytorch"].records[0]["mode"] == "eager") is ran_eagerly
    table = workload_table(res, GPU, "alexnet")
    compiled = setting(table, "fp32", "compiled")
    shown = cell_html(table.cells[(compiled, "pytorch")], "en", speedup=table.speedup(compiled, "pytorch"))
    assert "ran eagerly: no compiled figure, no ratio" in shown and "its eager speed" not in shown
    assert "ran eagerly: no compiled figure" in table_html(table, "en", NAMES, None)
    assert "实际按动态图运行" in table_html(table, "zh", NAMES, None)
    clean_table = workload_table(clean, GPU, "alexnet")
    shown = cell_html(clean_table.cells[(compiled, "pytorch")], "en", speedup=clean_table.speedup(compiled, "pytorch"))
    assert "its eager speed (same run)" in shown and "ran eagerly" not in shown


def test_same_run_ratio_refuses_what_is_not_comparable():
    base = {"run": "a", "status": "ok", "median_s": 0.02, "mode": "eager", "mode_class": "eager", "path": None}
    fast = {**base, "median_s": 0.01, "mode": "compile", "mode_class": "compiled"}
    assert same_run_ratio(fast, base) == pytest.approx(2.0)
    assert same_run_ratio({**fast, "run": "b"}, base) is None
    assert same_run_ratio({**fast, "path": FALLBACK_PATH}, base) is None
    assert same_run_ratio({**fast, "contended": True}, base) is None
    assert same_run_ratio(fast, {**base, "status": "oom", "median_s": None}) is None
    graph_breaks = "torch.compile (inductor): 3 graph(s) and 4 graph break(s) run eagerly (first: x)"
    assert same_run_ratio({**fast, "path": graph_breaks}, base) == pytest.approx(2.0)  # it did compile, in parts


# --- 5. "fastest" only where intervals are clear; quick runs never; memory not measured --

def test_fastest_only_where_the_intervals_do_not_overlap(tmp_path):
    docs = fixture_docs()
    torch = cell(docs[CPU_RUN], "pytorch", "alexnet", "fp32", "eager")
    tf = cell(docs[CPU_RUN], "tensorflow", "alexnet", "fp32", "eager")
    clean = workload_table(results_of(tmp_path / "clean", copy.deepcopy(docs)), CPU, "alexnet")
    assert clean.cells[(setting(clean, "fp32", "eager"), "pytorch")].fastest  # clear: the mark

    tf["ci95_s"] = [torch["ci95_s"][1], tf["ci95_s"][1]]  # reaches PyTorch's upper bound
    overlap = workload_table(results_of(tmp_path / "overlap", copy.deepcopy(docs)), CPU, "alexnet")
    row = [overlap.cells[(setting(overlap, "fp32", "eager"), fw)] for fw in overlap.frameworks]
    assert not any(c.fastest for c in row) and "bx-best" not in table_html(overlap, "en", NAMES, None).split("</tr>")[1]

    tf["ci95_s"] = [tf["median_s"] * 0.99, tf["median_s"] * 1.01]
    torch["ci95_s"], torch["ci95_note"] = None, "fewer than 3 processes"
    no_interval = workload_table(results_of(tmp_path / "none", docs), CPU, "alexnet")
    assert not any(no_interval.cells[(setting(no_interval, "fp32", "eager"), fw)].fastest for fw in no_interval.frameworks)


def test_a_quick_cpu_run_never_headlines_and_gets_no_badge(tmp_path):
    docs = fixture_docs()
    docs[CPU_RUN]["settings"]["quick"] = True
    for name in (OLD_GPU, NEW_GPU, "2025-11-20T09-00-00Z_cuda.json"):
        del docs[name]
    dataset = dataset_of(tmp_path, docs)
    res = build_results(dataset)
    (hw,) = res.hardware
    assert hw.quick and hw.is_cpu and not hw.badges and not hw.headlines
    table = workload_table(res, hw.key, "alexnet")
    assert not any(c.fastest for c in table.cells.values())
    assert "bx-best" not in table_html(table, "en", NAMES, None)
    assert headline_hardware(res) is None and headline_table(res) is None
    assert "No complete full-size GPU run has been published yet." in html(dataset, "en", latest.headline)


def test_a_full_cpu_run_gets_badges_but_no_headline(res):
    cpu = res.hardware_by_key(CPU)
    assert cpu.badges and not cpu.headlines
    assert headline_hardware(res).key == GPU


def test_memory_not_measured_is_never_zero_bytes(tmp_path, lang):
    docs = fixture_docs()
    cell(docs[NEW_GPU], "pytorch", "alexnet", "fp32", "eager")["peak_memory_bytes"] = 0
    res = results_of(tmp_path, docs)
    table = workload_table(res, GPU, "alexnet")
    eager = table.cells[(setting(table, "fp32", "eager"), "pytorch")].best
    assert eager["peak_memory_bytes"] == 0 and memory_figure(eager) is None
    compiled = table.cells[(setting(table, "fp32", "compiled"), "pytorch")].best
    assert memory_figure(compiled) == compiled["peak_memory_bytes"] > 0
    page = table_html(table, lang, NAMES, None)
    assert "0 B" not in page and {"en": "peak memory: not measured", "zh": "峰值内存：未测量"}[lang] in page
    rows = list(csv.DictReader(io.StringIO(table_csv(table))))
    line = next(r for r in rows if (r["framework"], r["precision"], r["mode"]) == ("pytorch", "fp32", "eager"))
    assert line["peak_memory_bytes"] == ""
    assert all(r["peak_memory_bytes"] != "0" for r in csv.DictReader(io.StringIO(headline_csv(headline_table(res)))))
    cpu = table_html(workload_table(res, CPU, "alexnet"), lang, NAMES, None)  # a CPU run that measured none
    assert "0 B" not in cpu and {"en": "peak memory: not measured", "zh": "峰值内存：未测量"}[lang] in cpu


# --- 6. a contended cell never headlines and gets no badge ----------------------------------

def test_a_contended_cell_never_headlines_nor_gets_a_badge(tmp_path):
    docs = fixture_docs()
    busy = cell(docs[NEW_GPU], "pytorch", "alexnet", "fp32", "eager")
    busy["contended"] = True
    for process in busy["processes"]:
        process["contended"] = True
    res = results_of(tmp_path, docs)
    eager = record(res, GPU, "pytorch", "alexnet", "fp32", "eager")
    assert eager["run"] == OLD_GPU.removesuffix(".json") and not eager["contended"]  # the earlier, quiet one
    assert busy["median_s"] not in {r["median_s"] for r in res.latest_records(GPU, "alexnet")}
    headline = next(row for row in headline_table(res).rows if row.workload == "alexnet")
    assert all(not r.get("contended") for c in headline.cells.values() for r in c.records)
    table = workload_table(res, GPU, "alexnet")
    compiled = setting(table, "fp32", "compiled")
    assert table.speedup(compiled, "pytorch") is None  # its eager partner now comes from another run


# --- the headline's setting ------------------------------------------------------------

def test_the_headline_shows_each_framework_in_its_fastest_mode(res, bench_dataset, lang):
    headline = headline_table(res)
    assert headline.hardware.key == GPU and headline.precision == "fp32"
    alexnet = next(row for row in headline.rows if row.workload == "alexnet")
    for fw in ("pytorch", "tensorflow"):
        timed = [r for r in res.latest_records(GPU, "alexnet") if r["framework"] == fw and r["status"] == "ok"
                 and r["precision"] == "fp32" and r["phase"] == "train"]
        assert alexnet.cells[fw].records == [min(timed, key=lambda r: r["median_s"])]
    assert alexnet.cells["tensorflow"].records[0]["mode"] == "xla"  # not its eager time: its best
    shown = html(bench_dataset, lang, latest.headline)
    assert res.mode_label("xla", lang) in shown and "headline.csv" in shown
