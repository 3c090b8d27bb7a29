"""The JSON Schemas under data/schema/ (bench/data/schema.py): fresh, valid, and as strict as the models."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from bench.data.load import classify
from bench.data.schema import SCHEMAS, render, write_all
from bench.data.yamlsafe import load_yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "data"
SCHEMA_DIR = REPO / "data" / "schema"
STALE = "data/schema/{} is stale: run `python -m bench schema` (or `make schema`) and commit the result"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_fresh(name):
    path = SCHEMA_DIR / f"{name}.schema.json"
    assert path.is_file(), f"data/schema/{name}.schema.json is missing: run `python -m bench schema`"
    assert path.read_text(encoding="utf-8") == render(name), STALE.format(path.name)


def test_no_schema_without_a_model():
    committed = {path.name for path in SCHEMA_DIR.glob("*.json")}
    assert committed == {f"{name}.schema.json" for name in SCHEMAS}


def test_write_all_writes_only_what_changed(tmp_path):
    assert {p.name for p in write_all(tmp_path)} == {f"{name}.schema.json" for name in SCHEMAS}
    assert write_all(tmp_path) == []
    for name in SCHEMAS:
        assert (tmp_path / f"{name}.schema.json").read_text(encoding="utf-8") == render(name)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_draft_2020_12(name):
    schema = json.loads(render(name))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{name}.schema.json"


def as_json(value: Any) -> Any:
    """YAML gives dates as datetime.date; JSON (and the schemas, format "date") has ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(path: Path, data: Any | None = None) -> list[str]:
    kind = classify(path)
    assert kind is not None, path
    if data is None:
        data = json.loads(path.read_text(encoding="utf-8")) if path.suffix == ".json" else load_yaml(path).data
    schema_name = {"runs": "run"}.get(kind, kind)  # data/runs/*.json follow run.schema.json
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema_name).iter_errors(as_json(data))]


FIXTURE_FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yaml"))


@pytest.mark.parametrize("rel", FIXTURE_FILES)
def test_schema_accepts_the_fixture_files(rel):
    assert schema_errors(FIXTURE / rel) == []


def _set(data: dict, path: tuple, value: Any) -> None:
    *parents, last = path
    for key in parents:
        data = data[key]
    if value is KeyError:
        del data[last]
    else:
        data[last] = value


# What an editor flags while the file is typed (the checker refuses all of these too).
SCHEMA_REFUSES = [
    ("unknown-field", "ratings/current/pytorch.yaml", ("areas", "modeling", "starz"), 5),
    ("stars-above-5", "ratings/current/pytorch.yaml", ("areas", "modeling", "stars"), 7),
    ("stars-text", "ratings/current/pytorch.yaml", ("areas", "modeling", "stars"), "five"),
    ("zh-missing", "ratings/current/pytorch.yaml", ("areas", "modeling", "summary", "zh"), KeyError),
    ("unknown-area", "ratings/current/pytorch.yaml", ("areas", "modelling"), {}),
    ("evidence-empty", "ratings/current/pytorch.yaml", ("areas", "modeling", "evidence"), []),
    ("reviewed-not-a-date", "ratings/current/pytorch.yaml", ("areas", "modeling", "reviewed"), "last week"),
    ("version-number", "ratings/current/pytorch.yaml", ("areas", "modeling", "version"), 2.15),
    ("history-stars", "ratings/current/pytorch.yaml", ("areas", "modeling", "history", 0, "stars"), -1),
    ("history-extra", "ratings/current/pytorch.yaml", ("areas", "modeling", "history", 0, "note"), "x"),
    ("edition-unquoted", "ratings/2016/torch.yaml", ("edition",), 2016),
    ("schema-version", "ratings/2016/torch.yaml", ("schema_version",), 2),
    ("fw-status", "frameworks.yaml", ("frameworks", 1, "status"), "retired"),
    ("fw-misspelt", "frameworks.yaml", ("frameworks", 1, "licence"), "MIT"),
    ("fw-id", "frameworks.yaml", ("frameworks", 1, "id"), "Torch"),
    ("area-id", "areas.yaml", ("areas", 0, "id"), "modelling"),
    ("rubric-stars", "areas.yaml", ("areas", 0, "rubric", 0, "stars"), 6),
]


@pytest.mark.parametrize(("rel", "path", "value"), [c[1:] for c in SCHEMA_REFUSES], ids=[c[0] for c in SCHEMA_REFUSES])
def test_schema_refuses(rel, path, value):
    data = copy.deepcopy(load_yaml(FIXTURE / rel).data)
    _set(data, path, value)
    assert schema_errors(FIXTURE / rel, data) != []


DATA = REPO / "data"
REAL_FILES = sorted(
    p.relative_to(DATA).as_posix()
    for p in [*DATA.rglob("*.yaml"), *DATA.glob("runs/*.json")]
)


@pytest.mark.parametrize("rel", REAL_FILES)
def test_schema_accepts_the_committed_data(rel):
    # The editor, through the first-line pointer, must not flag a file that `bench check` passes.
    assert schema_errors(DATA / rel) == []
