"""data/glossary.yaml: its model, and the variants it flags in the Chinese texts of the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bench.check import check
from bench.data import load_dataset
from bench.data.glossary import GlossaryFile, variant_problems
from bench.site.benchmarks.sandbox import data_copy

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


def _copy(tmp_path: Path) -> Path:
    return data_copy(tmp_path, [])


def test_the_real_data_uses_the_glossary_renderings():
    dataset = load_dataset(DATA, with_runs=False)
    assert dataset.glossary is not None and len(dataset.glossary.terms) >= 20
    assert variant_problems(dataset.glossary, DATA) == []


@pytest.mark.parametrize(("rel", "old", "new", "variant"), [
    ("ratings/current/jax.yaml", "逐算子执行的动态图也比", "逐算子的即时执行也比", "即时执行"),
    ("ratings/current/paddlepaddle.yaml", "停在 4 星。", "停在 4 分。", "4 分"),
    ("ratings/current/tensorflow.yaml", "计入模型部署一项", "计入推理部署一项", "部署一项"),
    ("frameworks.yaml", "及切分并行等变换", "及分片并行等变换", "分片并行"),
])
def test_a_planted_variant_is_flagged_on_its_line(tmp_path, rel, old, new, variant):
    root = _copy(tmp_path)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    problems = [p for p in check([], root)]
    assert [(p.path.name, p.line) for p in problems] == [(path.name, line)]
    assert f"'{variant}' is a variant of" in problems[0].message and "data/glossary.yaml" in problems[0].message


def test_the_2016_edition_is_a_record_and_is_not_rewritten(tmp_path):
    root = _copy(tmp_path)
    path = root / "ratings" / "2016" / "caffe.yaml"
    assert "部署一项" in path.read_text(encoding="utf-8")  # as written then
    assert check([], root) == []


def _term(**changes):
    term = {"id": "eager", "en": "eager execution", "zh": "动态图", "avoid": ["即时执行", {"text": "Eager 模式", "pattern": "[Ee]ager ?模式"}]}
    term.update(changes)
    return {"schema_version": 1, "terms": [term]}


@pytest.mark.parametrize(("changes", "message"), [
    ({"avoid": [{"text": "即时执行", "pattern": "即时(执行"}]}, "is not a regular expression"),
    ({"avoid": ["动态"]}, "matches its own variant"),
    ({"avoid": [{"text": "x", "pattern": "动.图"}]}, "matches its own variant"),
    ({"avoid": [{"pattern": "即时"}]}, "text"),
    ({"zh": " "}, "must not be blank"),
    ({"fr": "exécution"}, "Extra inputs"),
])
def test_a_bad_term_is_refused(changes, message):
    with pytest.raises(ValidationError, match=message):
        GlossaryFile.model_validate(_term(**changes))


def test_term_ids_are_unique():
    glossary = _term()
    glossary["terms"].append(dict(glossary["terms"][0]))
    with pytest.raises(ValidationError, match="repeated: eager"):
        GlossaryFile.model_validate(glossary)
