"""Then and now: the 2016 tables beside today's cells of the same network and batch size."""

from __future__ import annotations

import csv
import io

import pytest
from benchfixtures import GPU

from bench.site.benchmarks import thennow


def pair(res, ref, workload, column):
    return next(p for p in thennow.pairs(res, ref) if p.row.workload == workload and p.column.id == column)


def test_today_is_the_fp32_eager_training_step_on_each_gpu(res, bench_dataset):
    ref = bench_dataset.reference["deepframeworks-2016"]
    torch = pair(res, ref, "alexnet", "torch")
    assert torch.then_ms == 81 and [t.hardware.key for t in torch.today] == [GPU]  # no CPU beside 2016's GPU
    today = torch.today[0]
    assert today.record["framework"] == "pytorch" and today.record["median_s"] == pytest.approx(0.0168)
    assert today.best["precision"] == "bf16" and today.best["median_s"] == pytest.approx(0.0098)


def test_speedups_in_the_table(res, bench_dataset):
    html = thennow.comparison_table_html(res, bench_dataset.reference["deepframeworks-2016"], "en")
    assert "4.82×" in html  # 81 ms then, 16.8 ms today (PyTorch, FP32 eager)
    assert "9.90×" in html  # TF 0.6: 292 ms then, 29.5 ms today
    assert "8.27×" in html  # Torch: 81 ms then, 9.80 ms today in BF16 eager


def test_archived_and_unmeasured_networks_say_so(res, bench_dataset):
    html = thennow.comparison_table_html(res, bench_dataset.reference["convnet-benchmarks-2016"], "en")
    assert "Caffe is archived" in html
    assert "not among the networks this project measures" in html  # Overfeat
    assert "not measured" in html  # VGG-11 has no cell in the fixtures


def test_published_table_keeps_the_source_numbers(res, bench_dataset):
    html = thennow.published_table_html(res, bench_dataset.reference["deepframeworks-2016"], "zh")
    for value in ("292 ms", "97 ms", "81 ms", "1237 ms", "518 ms", "470 ms"):
        assert value in html
    assert "efb3d9321d14856f49951980dbea2f554190161a" in html  # the TF 0.6 column's own source


def test_without_runs_nothing_is_guessed(empty_res, bench_dataset):
    html = thennow.comparison_table_html(empty_res, bench_dataset.reference["deepframeworks-2016"], "en")
    assert "not measured on a GPU yet" in html and "×" not in html


def test_csv(res, bench_dataset):
    rows = list(csv.DictReader(io.StringIO(thennow.comparison_csv(res, bench_dataset.reference["deepframeworks-2016"]))))
    torch = next(r for r in rows if r["workload"] == "alexnet" and r["column"] == "Torch FP32")
    assert torch["framework_today"] == "pytorch" and float(torch["speedup_fp32_eager"]) == pytest.approx(81 / 16.8, rel=1e-3)
