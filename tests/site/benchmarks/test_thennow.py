"""Then and now: the 2016 tables beside today's cells of the same network and batch size, and one chart."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import altair
import jsonschema
import markdown
import pytest
from benchfixtures import GPU

from bench.data.runs import CellStatus
from bench.harness.peaks import peak_source, peak_tflops
from bench.site.benchmarks import charts, thennow
from bench.site.benchmarks.cells import build_results
from bench.site.benchmarks.pages.thennow import then_and_now
from bench.site.data import SiteData
from bench.site.render import PageContext, unstash_html

VEGA_LITE = jsonschema.Draft7Validator(json.loads(
    (Path(altair.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text()))


def pair(res, ref, workload, column):
    return next(p for p in thennow.pairs(res, ref) if p.row.workload == workload and p.column.id == column)


def line_of(res, ref, workload, column):
    return next(li for li in thennow.lines(res, ref) if li.row.workload == workload and li.column.id == column)


def page_html(dataset, lang: str) -> str:
    c = PageContext(data=SiteData.from_dataset(dataset), lang=lang)
    return unstash_html(markdown.markdown(then_and_now(c), extensions=["attr_list"]))


def test_today_is_the_fp32_eager_training_step_on_each_gpu(res, bench_dataset):
    ref = bench_dataset.reference["deepframeworks-2016"]
    torch = pair(res, ref, "alexnet", "torch")
    assert torch.then_ms == 81 and [t.hardware.key for t in torch.today] == [GPU]  # no CPU beside 2016's GPU
    today = torch.today[0]
    assert today.record["framework"] == "pytorch" and today.record["median_s"] == pytest.approx(0.0168)
    assert today.best["precision"] == "bf16" and today.best["median_s"] == pytest.approx(0.0098)


def test_share_of_peak_then_and_now_splits_the_speedup(res, bench_dataset):
    ref = bench_dataset.reference["deepframeworks-2016"]
    line = line_of(res, ref, "alexnet", "torch")
    flops = line.record["flops_per_step"]
    assert line.peak_then == peak_tflops(ref.hardware)["fp32"] and line.peaks_now["fp32"] > line.peak_then
    assert line.share_then == pytest.approx(flops / 0.081 / (line.peak_then * 1e12))
    assert line.share(line.record) == pytest.approx(flops / line.record["median_s"] / (line.peaks_now["fp32"] * 1e12))
    assert line.share(line.best) == pytest.approx(flops / line.best["median_s"] / (line.peaks_now["bf16"] * 1e12))
    # what the hardware gave times what the software gave is the whole speed-up
    assert line.hardware_factor * line.software_factor == pytest.approx(line.speedup(line.record))
    assert line.speedup(line.record) == pytest.approx(0.081 / line.record["median_s"])


def test_without_a_known_peak_no_share_is_made_up(res, bench_dataset):
    ref = bench_dataset.reference["deepframeworks-2016"].model_copy(update={"hardware": "a GPU of unknown peak"})
    line = line_of(res, ref, "alexnet", "torch")
    assert line.share_then is None and line.hardware_factor is None and line.software_factor is None
    assert line.share(line.record) is not None  # today's peak comes with the run


def test_only_measured_networks_have_lines_the_rest_one_word(res, bench_dataset):
    ref = bench_dataset.reference["convnet-benchmarks-2016"]
    assert {(li.row.workload, li.column.id) for li in thennow.lines(res, ref)} == {
        ("alexnet", "torch"), ("alexnet", "tensorflow"), ("googlenet", "torch"), ("googlenet", "tensorflow")}
    missing = {m.row.workload: ([c.id for c in m.columns], m.unknown_network) for m in thennow.not_measured(res, ref)}
    assert missing == {"vgg11": (["torch", "tensorflow"], False), "overfeat": (["torch", "tensorflow"], True)}


def test_a_cell_that_failed_is_no_line(bench_dataset):
    """Today's TensorFlow AlexNet cells all fail: no error row, the network is named as not measured today."""
    name = "2026-01-10T12-00-00Z_cuda.json"
    run = bench_dataset.runs[name]
    failed = [r.model_copy(update={"status": CellStatus.error, "reason": "Traceback: boom", "median_s": None})
              if (r.framework, r.workload) == ("tensorflow", "alexnet") else r for r in run.results]
    dataset = dataclasses.replace(bench_dataset, runs={**bench_dataset.runs, name: run.model_copy(update={"results": failed})})
    res = build_results(dataset)
    ref = dataset.reference["convnet-benchmarks-2016"]
    assert ("alexnet", "tensorflow") not in {(li.row.workload, li.column.id) for li in thennow.lines(res, ref)}
    assert any(m.row.workload == "alexnet" and [c.id for c in m.columns] == ["tensorflow"]
               for m in thennow.not_measured(res, ref))
    html = page_html(dataset, "en")
    assert "Traceback" not in html and "boom" not in html and "error" not in html.lower().split("<h2", 1)[1]


@pytest.mark.parametrize(("lang", "lead", "unknown"), [
    ("en", "Not measured today:", "not among the networks this project measures"),
    ("zh", "如今尚未测量：", "不在本项目测量的网络之列"),
])
def test_the_page_names_what_was_not_measured_in_one_line(bench_dataset, lang, lead, unknown):
    html = page_html(bench_dataset, lang)
    (line,) = [p for p in html.split("<p") if lead in p and "convnet" not in p and "OxfordNet" in p]
    assert "OxfordNet (VGG-A)" in line and "Overfeat (fast)" in line and unknown in line
    today = html.split('id="thennow-convnet-benchmarks-2016"', 1)[1].split("</table>", 1)[0]
    assert "OxfordNet" not in today and "Overfeat" not in today
    assert today.split("<tbody>", 1)[1].count("<tr>") == 4  # 2 networks x 2 columns


def test_the_table_sets_the_speedup_and_its_split_beside_the_figures(res, bench_dataset):
    html = page_html(bench_dataset, "en")
    today = html.split('id="thennow-deepframeworks-2016"', 1)[1].split("</table>", 1)[0]
    assert "4.82×" in today  # 81 ms then, 16.8 ms today (PyTorch, FP32 eager)
    assert "9.90×" in today  # TF 0.6: 292 ms then, 29.5 ms today
    assert "8.27× with the fastest setting" in today  # Torch: 81 ms then, 9.80 ms today in BF16 eager
    assert "from the hardware ×" in today and "of the FP32 peak" in today and 'data-label="Today"' in today


def test_published_table_keeps_the_source_numbers(bench_dataset):
    html = page_html(bench_dataset, "zh")
    published = html.split('id="ref-deepframeworks-2016"', 1)[1].split("</table>", 1)[0]
    for value in ("292 ms", "97 ms", "81 ms", "1237 ms", "518 ms", "470 ms"):
        assert value in published
    assert "efb3d9321d14856f49951980dbea2f554190161a" in published  # the TF 0.6 column's own source


def test_the_peaks_are_cited(bench_dataset):
    html = page_html(bench_dataset, "en")
    chart_part = html.split('id="chart"', 1)[1].split("<h2", 1)[0]
    ref = bench_dataset.reference["convnet-benchmarks-2016"]
    then_title, then_url = peak_source(ref.hardware)
    now_title, now_url = peak_source("NVIDIA H100 80GB HBM3")
    assert f'<a href="{then_url}">{then_title}</a>' in chart_part and f'<a href="{now_url}">{now_title}</a>' in chart_part
    assert f"Titan X (Maxwell)</b>: {peak_tflops(ref.hardware)['fp32']:g} TFLOP/s in FP32" in chart_part
    assert "NVIDIA H100 80GB HBM3</b>: 67 TFLOP/s in FP32" in chart_part and 'data-spec="thennow.json"' in chart_part


def test_without_runs_nothing_is_guessed(empty_data):
    from bench.data import load_dataset

    html = page_html(load_dataset(empty_data), "en")
    assert "not measured on a GPU yet" in html and "data-spec" not in html and "bx-thennow" not in html
    assert "292 ms" in html  # the published table stays


def test_chart_rows_then_fp32_and_fastest(res, bench_dataset, lang):
    refs = sorted(bench_dataset.reference.values(), key=lambda r: (r.date, r.id))
    spec = charts.thennow_chart(res, refs, lang)
    errors = sorted(VEGA_LITE.iter_errors(spec), key=lambda e: list(e.path))
    assert not errors, errors[0].message[:300]
    rows = spec["datasets"][charts.DATA]
    torch = [r for r in rows if r["network"] == "AlexNet · Torch"]
    assert [r["era_rank"] for r in torch] == [charts.ERA_THEN, charts.ERA_NOW, charts.ERA_BEST]
    assert [r["ms"] for r in torch] == pytest.approx([81, 16.8, 9.8])
    line = line_of(res, bench_dataset.reference["convnet-benchmarks-2016"], "alexnet", "torch")
    assert torch[0]["share"] == pytest.approx(line.share_then * 100) and torch[1]["share"] == pytest.approx(
        line.share(line.record) * 100)
    # a figure both sources publish (Torch's 81 ms for AlexNet) is drawn once; TF 0.6 and 0.8 have their own rows
    assert len({r["network"] for r in rows}) == len({(r["network"], r["era_rank"]) for r in rows if r["era_rank"] == 0})
    assert {"AlexNet · TensorFlow 0.6", "AlexNet · TensorFlow 0.8"} <= {r["network"] for r in rows}
    assert not any(r["network"].startswith(("VGG", "Overfeat")) for r in rows)  # not measured: not drawn
    time_axis = spec["hconcat"][0]["layer"][1]["encoding"]["x"]
    assert time_axis["scale"]["type"] == "log" and time_axis["axis"]["values"]


def test_no_chart_without_measurements(empty_res, bench_dataset):
    assert charts.thennow_chart(empty_res, list(bench_dataset.reference.values()), "en") is None


def test_csv(res, bench_dataset):
    rows = list(csv.DictReader(io.StringIO(thennow.comparison_csv(res, bench_dataset.reference["deepframeworks-2016"]))))
    torch = next(r for r in rows if r["workload"] == "alexnet" and r["column"] == "Torch FP32")
    assert torch["framework_today"] == "pytorch" and float(torch["speedup_fp32_eager"]) == pytest.approx(81 / 16.8, rel=1e-3)
    assert float(torch["hardware_factor"]) * float(torch["software_factor"]) == pytest.approx(81 / 16.8, rel=1e-3)
    assert all(r["fp32_eager_median_ms"] or r["best_median_ms"] for r in rows)  # measured lines only
