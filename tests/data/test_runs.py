"""The rules of a run file (bench/data/runs.py, read by bench/data/load.py): numbers, times, names.

Each case changes one value of a valid fixture run, writes it as the harness
would (one key per line) and expects one problem on that value's line.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bench.data import DataError, load_file, load_run
from bench.data.runs import DEVICE_NAME_MAX, Run, run_file_name_problem

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "runs" / "2026-01-12T08-00-00Z_cpu.json"
FIXTURE_V2 = REPO / "tests" / "fixtures" / "runs-v2" / "2026-01-12T08-00-00Z_cpu.json"
FIXTURE_V1 = REPO / "tests" / "fixtures" / "runs" / "2025-11-20T09-00-00Z_cuda.json"
NAME = "20260112T080000Z_cpu.json"
FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()


def base() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write(folder: Path, doc: Any, name: str = NAME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def line_of(path: Path, needle: str | tuple[str, int, int]) -> int:
    """The line of ``needle``; a tuple (needle, which occurrence, lines below it) where that is not enough."""
    needle, nth, below = needle if isinstance(needle, tuple) else (needle, 0, 0)
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line]
    return found[nth] + below


def problems_of(path: Path) -> list[tuple[int, str]]:
    _, problems = load_file(path)
    return [(p.line, p.message) for p in problems]


def ok_cell(doc: dict[str, Any]) -> dict[str, Any]:
    return next(cell for cell in doc["results"] if cell["status"] == "ok")


def set_path(doc: dict[str, Any], where: tuple[Any, ...], value: Any) -> None:
    target = doc
    for key in where[:-1]:
        target = target[key] if not callable(key) else key(target)
    target[where[-1]] = value


# (id, place, value, the key whose line is named, what the message says)
CELL = ok_cell
INVALID = [
    ("median-nan", (CELL, "median_s"), float("nan"), '"median_s"', "NaN is not allowed"),
    ("median-infinity", (CELL, "median_s"), float("inf"), '"median_s"', "Infinity is not allowed"),
    ("median-huge-overflows", (CELL, "median_s"), "1e999", '"median_s"', "finite number"),
    ("median-negative", (CELL, "median_s"), -0.5, '"median_s"', "greater than 0"),
    ("median-zero", (CELL, "median_s"), 0.0, '"median_s"', "greater than 0"),
    ("median-text", (CELL, "median_s"), "0.5", '"median_s"', "valid number"),
    ("median-below-a-nanosecond", (CELL, "median_s"), 1e-300, '"median_s"', "below a nanosecond"),
    ("median-over-a-week", (CELL, "median_s"), 1e9, '"median_s"', "less than or equal to 604800"),
    ("memory-beyond-64-bits", ("device", "memory_bytes"), 2**70, ('"memory_bytes"', 1, 0), "less than or equal to"),
    ("settings-huge-integer", ("settings", "iterations"), 10**40, '"iterations"', "a whole number of at most"),
    ("iqr-negative", (CELL, "iqr_s"), -0.01, '"iqr_s"', "greater than or equal to 0"),
    ("sample-zero", (CELL, "samples_s", 0), 0.0, ('"samples_s"', 0, 1), "greater than 0"),
    ("sample-text", (CELL, "samples_s", 0), "4.8", ('"samples_s"', 0, 1), "valid number"),
    ("ci-reversed", (CELL, "ci95_s"), [5.0, 4.0], '"ci95_s"', "the interval is reversed"),
    ("ci-without-median", (CELL, "ci95_s"), [0.1, 0.2], '"ci95_s"', "does not hold the median"),
    ("batch-size-text", (CELL, "batch_size"), "128", '"batch_size"', "valid integer"),
    ("batch-size-float", (CELL, "batch_size"), 128.5, '"batch_size"', "valid integer"),
    ("batch-size-zero", (CELL, "batch_size"), 0, '"batch_size"', "greater than or equal to 1"),
    ("params-negative", (CELL, "params"), -1, '"params"', "greater than or equal to 0"),
    ("throughput-negative", (CELL, "throughput"), -3.0, '"throughput"', "greater than or equal to 0"),
    ("workload-path", (CELL, "workload"), "a b/../c", '"workload"', "is not a valid id"),
    ("workload-reserved", (CELL, "workload"), "index", '"workload"', "reserved name"),
    ("cell-framework-form", (CELL, "framework"), "Jax!", '"framework"', "is not a valid id"),
    ("reason-escape", (CELL, "status"), "error", '"status"', None),  # replaced below with a reason
    ("device-count-zero", ("device", "count"), 0, '"count"', "greater than or equal to 1"),
    ("device-count-negative", ("device", "count"), -2, '"count"', "greater than or equal to 1"),
    ("device-count-true", ("device", "count"), True, '"count"', "valid integer"),
    ("device-kind-reserved", ("device", "kind"), "index", '"kind"', "reserved name"),
    ("device-kind-form", ("device", "kind"), "CUDA GPU", '"kind"', "is not a device kind"),
    ("device-name-long", ("device", "name"), "G" * (DEVICE_NAME_MAX + 1), '"name": "GGG', f"at most {DEVICE_NAME_MAX}"),
    ("device-name-newline", ("device", "name"), "H100\n# x {: onfocus=alert(1) }", '"name": "H100', "one line"),
    ("device-name-zero-width", ("device", "name"), "\u200b\u200b", '"name": "', "must not be blank"),
    ("harness-version-script", ("harness", "version"), "0.1\n<script>", '"version": "0.1', "one line"),
    ("cores-zero", ("host", "cores_logical"), 0, '"cores_logical"', "greater than or equal to 1"),
    ("peak-negative", ("device", "peak_tflops"), {"fp32": -1.0}, '"fp32"', "greater than 0"),
    ("available-text", ("frameworks", 0, "available"), "yes", '"available"', "valid boolean"),
    ("import-time-negative", ("frameworks", 0, "import_time_s"), -1.0, '"import_time_s"', "greater than or equal to 0"),
    ("framework-reason-bidi", ("frameworks", 2, "reason"), "not \u202einstalled", '"reason"', "U+202E"),
    ("started-in-future", ("started_at",), FUTURE, '"started_at"', "in the future"),
    ("finished-in-future", ("finished_at",), FUTURE, '"finished_at"', "in the future"),
    ("finished-before-start", ("finished_at",), "2026-01-12T07:00:00Z", '"finished_at"', "before started_at"),
    ("started-no-zone", ("started_at",), "2026-01-12T08:00:00", '"started_at"', "timezone"),
    ("started-a-number", ("started_at",), 1768204800, '"started_at"', "ISO 8601"),
    ("complete-number", ("complete",), 1, '"complete"', "valid boolean"),
    ("schema-version-text", ("schema_version",), "2", '"schema_version"', None),
    ("command-newline", ("command",), "python -m bench run\nrm -rf /", '"command"', "one line"),
    ("settings-escape", ("settings", "note"), "\x1b[2J", '"note"', "U+001B"),
    ("settings-deep-key", ("settings", "outer"), {"inner": ["ok", "bad\nline"]}, '"bad\\nline"', "one line"),
    ("settings-key", ("settings", "bad\u202ekey"), 1, '"bad\u202ekey"', "U+202E"),
]


@pytest.mark.parametrize(("where", "value", "key", "says"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_one_bad_value_gives_one_problem_on_its_line(tmp_path, where, value, key, says):
    doc = base()
    if where == (CELL, "status"):  # a multi-line raw error is fine, an escape sequence in it is not
        cell = ok_cell(doc)
        cell.update(status="error", reason="Traceback:\n  File x\nValueError: \x1b[31mboom")
        key, says = ('"reason"', 1, 0), "U+001B"  # the first reason is a framework's
    else:
        set_path(doc, where, value)
    text = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=True)
    if isinstance(value, str) and value == "1e999":
        text = text.replace('"1e999"', "1e999")
    path = tmp_path / "runs" / NAME
    path.parent.mkdir()
    path.write_text(text + "\n", encoding="utf-8")
    problems = problems_of(path)
    if says is None:  # "2" for 2: refused, whatever pydantic calls it
        assert len(problems) == 1 and problems[0][0] == line_of(path, key), problems
        return
    assert len(problems) == 1, problems
    line, message = problems[0]
    assert says in message, message
    assert line == line_of(path, key), (problems, key)


def test_the_fixture_run_is_valid(tmp_path):
    assert problems_of(write(tmp_path / "runs", base())) == []


def test_a_multi_line_reason_is_kept(tmp_path):
    doc = base()
    ok_cell(doc).update(status="error", reason="RuntimeError: first line\n  detail on the second\tline")
    run = load_run(write(tmp_path / "runs", doc))
    assert any(r.reason and "\n" in r.reason for r in run.results)


def test_an_unknown_framework_id_is_accepted(tmp_path):
    """A run may measure a framework data/frameworks.yaml does not list yet (JAX): only the id's form is checked."""
    doc = base()
    doc["frameworks"].append({"id": "newframework", "available": True, "version": "0.1"})
    cell = copy.deepcopy(ok_cell(doc))
    cell["framework"] = "newframework"
    doc["results"].append(cell)
    run = load_run(write(tmp_path / "runs", doc))
    assert "newframework" in {r.framework for r in run.results}


def test_the_longest_device_name_is_accepted(tmp_path):
    doc = base()
    doc["device"]["name"] = "G" * DEVICE_NAME_MAX
    assert load_run(write(tmp_path / "runs", doc)).device.name == "G" * DEVICE_NAME_MAX


def test_an_interval_holding_the_median_is_accepted(tmp_path):
    doc = base()
    cell = ok_cell(doc)
    cell["ci95_s"] = [cell["median_s"], cell["median_s"]]
    assert problems_of(write(tmp_path / "runs", doc)) == []


# --- the schema version must match the content -----------------------------------------------


def test_v1_file_is_still_migrated(tmp_path):
    run = load_run(write(tmp_path / "runs", json.loads(FIXTURE_V1.read_text(encoding="utf-8"))))
    assert run.schema_version == 3 and all(r.median_s is None or r.median_s < 1 for r in run.results)
    assert run.stored_schema_version == 1  # the run page says which format the file was written in


def test_a_current_file_was_stored_in_the_current_version(tmp_path):
    assert load_run(write(tmp_path / "runs", base())).stored_schema_version == 3


def test_v2_file_becomes_one_process_without_its_interval(tmp_path):
    old = json.loads(FIXTURE_V2.read_text(encoding="utf-8"))
    run = load_run(write(tmp_path / "runs", old))
    assert run.schema_version == 3
    ok = [r for r in run.results if r.status.value == "ok"]
    assert ok and all(len(r.processes) == 1 and r.processes[0].samples == len(r.samples_s) for r in ok)
    assert all(r.processes[0].block_steps == 1 and r.ci95_s is None for r in ok)
    assert all("one process" in r.ci95_note for r in ok)
    assert [r.samples_s for r in ok] == [c["samples_s"] for c in old["results"] if c["status"] == "ok"]


def test_processes_must_account_for_every_sample(tmp_path):
    doc = base()
    cell = ok_cell(doc)
    cell["processes"][0]["samples"] += 1
    path = write(tmp_path / "runs", doc)
    [(line, message)] = problems_of(path)
    assert "samples_s has" in message and line == line_of(path, '"processes"')


def test_v2_data_labelled_version_1_is_refused(tmp_path):
    doc = base()
    doc["schema_version"] = 1
    path = write(tmp_path / "runs", doc)
    [(line, message)] = problems_of(path)
    assert "schema_version 2" in message and "samples_s" in message
    assert line == line_of(path, '"samples_s"')


def test_a_v1_cell_with_a_wrong_type_is_named_not_a_traceback(tmp_path):
    doc = json.loads(FIXTURE_V1.read_text(encoding="utf-8"))
    doc["results"][0]["median_ms"] = "fast"
    doc["results"][1] = "not a cell"
    problems = problems_of(write(tmp_path / "runs", doc))
    assert {message.split(":")[0] for _, message in problems} == {"results[0].median_s", "results[1]"}


@pytest.mark.parametrize("version", [0, -1, 4, "3", 3.0, True, None])
def test_schema_version_must_be_a_known_whole_number(tmp_path, version):
    doc = base()
    doc["schema_version"] = version
    path = write(tmp_path / "runs", doc)
    [(line, message)] = problems_of(path)
    assert line == line_of(path, '"schema_version"') and "schema_version" in message


# --- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["20261126T055122Z_h200.json", "2026-01-10T12-00-00Z_cuda.json", "20261126T055122Z_h100-2.json"])
def test_run_file_names_accepted(name):
    assert run_file_name_problem(name) is None


@pytest.mark.parametrize("name", ["index.json", "run.json", "20261126T055122Z_H200.json", "20261126T055122Z_.json",
                                  "20261126T055122Z_h200.json\n", "20261126T055122Z_a b.json", "../20261126T055122Z_h200.json",
                                  "20261126T055122Z_" + "x" * 80 + ".json", "20261126T055122Z_h200.JSON"])
def test_run_file_names_refused(name):
    assert "a run file is named <UTC timestamp>_<device>.json" in run_file_name_problem(name)


def test_a_badly_named_file_in_runs_is_reported(tmp_path):
    path = write(tmp_path / "runs", base(), name="index.json")
    [(line, message)] = problems_of(path)
    assert line == 1 and message.startswith("a run file is named")


def test_a_run_file_anywhere_is_checked_as_a_run(tmp_path):
    """`bench check out/whatever.json` on what the harness just wrote: the content counts, not the place."""
    path = write(tmp_path / "out", base(), name="my-run.json")
    assert problems_of(path) == []
    doc = base()
    doc["device"]["count"] = 0
    bad = write(tmp_path / "elsewhere", doc, name="x.json")
    assert [m for _, m in problems_of(bad)] == ["device.count: Input should be greater than or equal to 1"]


def test_the_model_refuses_what_the_harness_must_not_write():
    """The harness validates with the same model before it writes: a NaN never reaches a file."""
    doc = base()
    ok_cell(doc)["median_s"] = float("nan")
    with pytest.raises(ValueError, match="finite"):
        Run.model_validate(doc)
    doc = base()
    doc["settings"]["policy"] = {"max_time_s": float("inf")}
    with pytest.raises(ValueError, match="finite"):
        Run.model_validate(doc)


def test_load_run_raises_data_error_with_every_problem(tmp_path):
    doc = base()
    doc["device"]["count"] = 0
    ok_cell(doc)["iqr_s"] = -1.0
    with pytest.raises(DataError) as info:
        load_run(write(tmp_path / "runs", doc))
    assert len(info.value.problems) == 2


def test_v1_fields_in_a_version_2_file_are_unknown(tmp_path):
    doc = base()
    ok_cell(doc)["median_ms"] = 4.8
    path = write(tmp_path / "runs", doc)
    [(line, message)] = problems_of(path)
    assert line == line_of(path, '"median_ms"') and message.startswith("unknown field 'results[0].median_ms'")
