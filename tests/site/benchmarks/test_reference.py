"""data/reference/*.yaml: the published tables, their model, and the rules that span files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from benchfixtures import REPO

from bench.check import check
from bench.data import DataError, load_dataset
from bench.data.reference import ReferenceFile
from bench.data.schema import SCHEMAS, render
from bench.site.benchmarks.sandbox import data_copy

REFERENCE = REPO / "data" / "reference"


def test_committed_reference_files_load(bench_dataset):
    assert set(bench_dataset.reference) == {"deepframeworks-2016", "convnet-benchmarks-2016"}


def test_origin_table_as_published(bench_dataset):
    ref = bench_dataset.reference["deepframeworks-2016"]
    values = {(row.label, col): v for row in ref.rows for col, v in row.values.items()}
    assert values == {("AlexNet", "tf06"): 292, ("AlexNet", "tf08"): 97, ("AlexNet", "torch"): 81,
                      ("Inception v1", "tf06"): 1237, ("Inception v1", "tf08"): 518, ("Inception v1", "torch"): 470}
    assert ref.hardware.startswith("NVIDIA GeForce GTX Titan X")
    assert "zer0n/deepframeworks" in str(ref.source.url)
    assert {c.today for c in ref.columns} == {"tensorflow", "pytorch"}


def test_convnet_benchmarks_as_published(bench_dataset):
    ref = bench_dataset.reference["convnet-benchmarks-2016"]
    table = {row.workload: (row.batch_size, row.values) for row in ref.rows}
    assert table["alexnet"] == (128, {"torch": 81, "tensorflow": 81, "caffe": 324})
    assert table["vgg11"][0] == 64 and table["vgg11"][1]["torch"] == 529 and table["vgg11"][1]["tensorflow"] == 540
    assert table["googlenet"] == (128, {"torch": 470, "tensorflow": 445, "caffe": 1935})
    assert table["overfeat"][1]["torch"] == 268 and table["overfeat"][1]["tensorflow"] == 279
    assert "b9d22fe" in str(ref.source.permalink)


def test_schema_is_generated_and_committed():
    assert "reference" in SCHEMAS
    committed = (REPO / "data" / "schema" / "reference.schema.json").read_text(encoding="utf-8")
    assert committed == render("reference"), "run `python -m bench schema`"


def _broken(tmp_path: Path, mutate) -> Path:
    data = data_copy(tmp_path, [])
    path = data / "reference" / "deepframeworks-2016.yaml"
    text = path.read_text(encoding="utf-8")
    first, body = text.split("\n", 1)
    doc = yaml.safe_load(body)
    mutate(doc)
    path.write_text(first + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: d["rows"][0]["values"].update(tf09=1), "unknown column(s) tf09"),
    (lambda d: d["columns"].append(dict(d["columns"][0])), "duplicate column id(s): tf06"),
    (lambda d: d["rows"][0]["values"].update(tf06=0), "must be positive"),
    (lambda d: d["columns"][0].update(version=0.6), "quote the version as text"),
    (lambda d: d.update(date="May 2016"), "date"),
    (lambda d: d["columns"][0].update(framework="tensorflw"), "unknown framework 'tensorflw'"),
    (lambda d: d["columns"][2].update(today="pytorchh"), "unknown framework 'pytorchh'"),
    (lambda d: d.update(id="another-id"), "does not match the file name"),
    (lambda d: d.update(colour="red"), "unknown field 'colour'"),
])
def test_bad_reference_files_are_refused_with_file_and_line(tmp_path, mutate, message):
    path = _broken(tmp_path, mutate)
    with pytest.raises(DataError) as caught:
        load_dataset(path.parent.parent)
    problems = [p for p in caught.value.problems if p.path == path]
    assert problems and any(message in p.message for p in problems), [str(p) for p in caught.value.problems]
    assert all(p.line and p.line >= 1 for p in problems)
    assert check([path], path.parent.parent), "bench check on the single file finds it too"


def test_model_refuses_a_row_without_values():
    with pytest.raises(ValueError):
        ReferenceFile.model_validate({**yaml.safe_load((REFERENCE / "deepframeworks-2016.yaml").read_text()),
                                      "rows": [{"workload": "alexnet", "label": "A", "batch_size": 1, "values": {}}]})
