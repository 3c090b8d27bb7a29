"""The aggregate of all runs (cells.py): one frame of cells, hardware groups, latest cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchfixtures import CPU, GPU, V1_RUN

from bench.site.benchmarks.cells import Hardware, build_results, results, run_id

REPO = Path(__file__).resolve().parents[3]


def test_every_fixture_run_is_loaded(res):
    assert [r.id for r in res.runs] == ["2025-11-20T09-00-00Z_cuda", "2026-01-10T12-00-00Z_cuda",
                                        "2026-01-12T08-00-00Z_cpu", "2026-02-01T12-00-00Z_cuda"]


def test_an_older_schema_is_migrated_not_refused(res):
    info = res.run_by_id[V1_RUN]
    assert info.run.schema_version == 3
    alexnet = next(r for r in info.run.results if r.workload == "alexnet")
    assert alexnet.median_s == pytest.approx(0.0212)  # 21.2 ms in the v1 file
    assert alexnet.ci95_s is None and "one process" in alexnet.ci95_note  # an interval of one process is no 95% interval


def test_gpu_and_cpu_are_kept_apart(res):
    assert [h.key for h in res.hardware] == [GPU, CPU]  # GPUs first
    gpu, cpu = res.hardware
    assert not gpu.is_cpu and gpu.name == "NVIDIA H100 80GB HBM3"
    assert cpu.is_cpu and "EPYC" in cpu.name
    assert {r.id for r in res.runs_on(CPU)} == {"2026-01-12T08-00-00Z_cpu"}


def test_quick_runs_form_their_own_group(res):
    run = res.runs[-1].run.model_copy(update={"settings": {"quick": True}})
    assert Hardware.of(run).quick and Hardware.of(run).key.endswith("-quick")
    assert Hardware.of(run).key != Hardware.of(res.runs[-1].run).key


def test_latest_is_the_newest_measurement_of_each_cell(res):
    latest = res.latest_records(GPU, "alexnet")
    eager = next(r for r in latest if (r["framework"], r["precision"], r["mode"]) == ("pytorch", "fp32", "eager"))
    assert eager["run"] == "2026-02-01T12-00-00Z_cuda" and eager["version"] == "2.10.0"
    tf = next(r for r in latest if (r["framework"], r["precision"], r["mode"]) == ("tensorflow", "fp32", "eager"))
    assert tf["run"] == "2026-01-10T12-00-00Z_cuda"  # not measured since: its latest stays


def test_every_status_is_present(res):
    assert set(res.cells["status"]) == {"ok", "oom", "unsupported", "error"}
    failed = res.cells[res.cells["status"] != "ok"]
    assert failed["reason"].str.len().min() > 0
    assert failed["median_s"].isna().all()


def test_unavailable_framework_keeps_its_reason(res):
    assert res.unavailable(CPU, "jax") == "jax is not installed in this environment"
    assert res.unavailable(GPU, "pytorch") is None
    assert "jax" in res.frameworks_on(CPU) and "jax" not in res.frameworks_on(GPU)


def test_names_come_from_the_data_and_the_registry(res):
    assert res.framework_name("pytorch") == "PyTorch"
    assert res.workload_name("googlenet") == "GoogLeNet"
    assert res.workload_order[:3] == ["alexnet", "vgg11", "googlenet"]


def test_aggregate_is_built_once_per_build_and_kept_on_its_data(bench_dataset):
    from bench.site.data import SiteData

    data = SiteData.from_dataset(bench_dataset)
    first = results(data)
    assert results(data) is first and data.sections["benchmarks"] is first
    assert results(SiteData.from_dataset(bench_dataset)) is not first  # new data, a new aggregate


def test_no_runs(empty_res):
    assert empty_res.empty and empty_res.hardware == [] and empty_res.cells.empty
    assert empty_res.latest.empty


def test_run_ids_are_safe_for_urls():
    assert run_id("2026-01-10T12-00-00Z_cuda.json") == "2026-01-10T12-00-00Z_cuda"
    assert run_id("2026-01-10T12:00:00Z cuda.json") == "2026-01-10t12-00-00z-cuda"


def test_counts_stay_integers(res):
    row = res.latest_records(GPU, "alexnet")[0]
    assert isinstance(row["batch_size"], int) and isinstance(row["params"], int)


def test_build_results_does_not_need_the_cache(bench_dataset):
    assert len(build_results(bench_dataset).cells) == sum(len(r.results) for r in bench_dataset.runs.values())


def test_a_withdrawn_run_is_left_out_of_everything_but_its_own_page(bench_dataset):
    import dataclasses
    import datetime as dt

    from bench.data.models import Text
    from bench.data.withdrawals import Withdrawal

    newest = "2026-02-01T12-00-00Z_cuda"
    entry = Withdrawal(run=f"{newest}.json", date=dt.date(2026, 3, 1), reason=Text(en="Capped clock.", zh="频率受限。"))
    withdrawn = build_results(dataclasses.replace(bench_dataset, withdrawals={entry.run: entry}))
    shown = build_results(bench_dataset)
    assert [r.id for r in withdrawn.runs] == [r.id for r in shown.runs if r.id != newest]
    assert [r.id for r in withdrawn.withdrawn] == [newest] and withdrawn.withdrawn[0].withdrawal == entry
    assert newest not in set(withdrawn.cells["run"]) and newest in set(shown.cells["run"])
    assert newest not in {r["run"] for r in withdrawn.latest_records(GPU)}
    assert newest in {r["run"] for r in shown.latest_records(GPU)}
    assert withdrawn.run_by_id[newest].withdrawal == entry  # its page stays
    assert withdrawn.shell.id == newest == shown.shell.id  # the page mkdocs renders, the others stamped from it
    assert [r.id for r in withdrawn.paged] == [r.id for r in shown.runs]


def test_a_contended_cell_never_headlines():
    """A later run whose cell was measured on a busy machine: the earlier, quiet measurement stays the latest."""
    from bench.data.runs import Run
    from bench.site.benchmarks.cells import Results, RunInfo

    doc = json.loads((REPO / "tests" / "fixtures" / "runs" / "2026-01-12T08-00-00Z_cpu.json").read_text(encoding="utf-8"))
    quiet = Run.model_validate(doc)
    busy_doc = json.loads(json.dumps(doc))
    busy_doc["started_at"], busy_doc["finished_at"] = "2026-01-13T08:00:00Z", "2026-01-13T09:00:00Z"
    cell = next(r for r in busy_doc["results"] if r["status"] == "ok")
    cell["contended"] = True
    cell["processes"][0]["contended"] = True
    busy = Run.model_validate(busy_doc)
    infos = [RunInfo(id=name, file=f"{name}.json", run=run, hardware=Hardware.of(run))
             for name, run in (("quiet", quiet), ("busy", busy))]
    res = Results(runs=infos, hardware=[infos[0].hardware])
    key = ("framework", "workload", "phase", "precision", "mode", "batch_size")
    rows = {tuple(r[k] for k in key): r["run"] for r in res.latest_records(infos[0].hardware.key)}
    contended_key = (cell["framework"], cell["workload"], cell["phase"], cell["precision"], cell["mode"], cell["batch_size"])
    assert rows[contended_key] == "quiet"
    assert set(rows.values()) == {"quiet", "busy"}  # the busy run's other cells do headline


def test_the_frame_says_which_cells_may_be_published(res):
    """Every cell keeps what the publish rules read: its run's completeness, contention, an eager fallback."""
    from bench.site.benchmarks.cells import fell_back

    frame = res.cells
    assert {"contended", "complete", "fallback"} <= set(frame.columns)
    assert frame["complete"].all() and not frame["contended"].any() and not frame["fallback"].any()
    row = frame[(frame["framework"] == "pytorch") & (frame["mode"] == "compile")].iloc[0].to_dict()
    assert not fell_back(row)
    assert fell_back({**row, "fallback": None, "path": "torch.compile captured no graph: the model ran eagerly (x)"})
    assert not fell_back({**row, "fallback": None, "mode": "eager", "mode_class": "eager", "path": "ran eagerly"})
