"""The decision guide (bench/data/scenarios.py) and the hardware matrix (bench/data/hardware.py).

Each bad file is one valid fixture (tests/fixtures/guide) with one line broken; the
checker must answer with one ``file:line: message`` naming that line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bench.data import load_dataset
from bench.data.hardware import ACCELERATOR_IDS, Support
from bench.data.schema import render
from bench.data.yamlsafe import load_yaml

GUIDE = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
SC = "scenarios.yaml"
HW = "hardware.yaml"

JAX_ENTRY = """
  - id: jax
    name: JAX
    homepage: https://docs.jax.dev/
    repository: https://github.com/jax-ml/jax
    first_release: 2018-12-01
    status: active
    languages: [Python]
    license: Apache-2.0
    description: {en: "Composable transformations.", zh: "可组合的函数变换。"}
"""


@pytest.fixture
def guide(tree):
    """The data fixture plus a second rated framework (jax), a guide and a matrix."""
    (tree.root / "frameworks.yaml").write_text(tree.text("frameworks.yaml") + JAX_ENTRY, encoding="utf-8")
    jax = tree.text("ratings/current/pytorch.yaml").replace("framework: pytorch\n", "framework: jax\n")
    tree.write_bytes("ratings/current/jax.yaml", jax.encode())
    for name in (SC, HW):
        shutil.copy(GUIDE / name, tree.root / name)
    return tree


def test_valid_guide_and_matrix_load(guide):
    assert guide.problems() == []
    data = load_dataset(guide.root)
    scenario = data.scenarios.scenarios[0]
    assert [p.framework for p in scenario.picks] == ["pytorch", "jax"]
    assert scenario.recommended.ratings == ["modeling", "ecosystem"]
    cell = data.hardware.cell("pytorch", "tpu")
    assert (cell.training, cell.inference) == (Support.vendor, Support.vendor)
    assert not data.hardware.cell("pytorch", "ascend").verified
    assert [a.id for a in data.hardware.accelerators] == list(ACCELERATOR_IDS)


def test_both_files_are_optional(tree):
    assert tree.problems() == []
    data = load_dataset(tree.root)
    assert data.scenarios is None and data.hardware is None


def test_the_fixtures_pass_the_committed_schemas():
    for name, kind in ((SC, "scenarios"), (HW, "hardware")):
        schema = json.loads(render(kind))
        data = json.loads(json.dumps(load_yaml(GUIDE / name).data, default=str))
        assert list(Draft202012Validator(schema).iter_errors(data)) == [], name


# --- bad scenarios: one problem, on the broken line ---------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      - framework: jax\n", "      - framework: mxnet\n",
         "scenarios[0].runners_up[0].framework: unknown framework 'mxnet' (no file in data/ratings/current to cite)"),
        ("      framework: pytorch\n", "      framework: torch\n",
         "scenarios[0].recommended.framework: unknown framework 'torch' (no file in data/ratings/current to cite)"),
        ("      ratings: [modeling, ecosystem]\n", "      ratings: []\n",
         "scenarios[0].recommended.ratings: List should have at least 1 item after validation, not 0"),
        ("        ratings: [performance]\n", "        ratings: [speed]\n",
         ("scenarios[0].runners_up[0].ratings[0]: Input should be 'modeling', 'interfaces', 'deployment', 'performance', "
         "'architecture', 'ecosystem' or 'cross_platform'")),
        ("    accelerators: [nvidia, tpu]\n", "    accelerators: [nvidia, ipu]\n",
         ("scenarios[0].accelerators[1]: Input should be 'nvidia', 'amd', 'intel_gpu', 'apple', 'tpu', 'ascend', "
         "'kunlunxin', 'cambricon', 'hygon_dcu', 'cpu_x86' or 'cpu_arm'")),
        ('    title: {en: "Research prototyping", zh: "科研原型开发"}\n', '    title: {en: "Research prototyping"}\n',
         "missing field 'scenarios[0].title.zh'"),
        ('      why: {en: "New architectures land here first.", zh: "新结构最先出现在这里。"}\n',
         '      why: {zh: "新结构最先出现在这里。"}\n',
         "missing field 'scenarios[0].recommended.why.en'"),
        ("        ratings: [performance]\n", "        ratings: [performance, performance]\n",
         "scenarios[0].runners_up[0].ratings: an area is cited twice"),
    ],
    ids=["unknown-runner-up", "archived-recommended", "cites-no-rating", "unknown-area", "unknown-accelerator",
         "zh-missing", "en-missing", "area-twice"],
)
def test_bad_scenario(guide, old, new, message):
    line = guide.edit(SC, old, new)
    assert guide.problems() == [(SC, line, message)]


def test_scenario_without_runners_up(guide):
    text = guide.text(SC)
    start = text.index("    runners_up:\n")
    end = text.index("    evidence:\n")
    (guide.root / SC).write_text(text[:start] + "    runners_up: []\n" + text[end:], encoding="utf-8")
    line = guide.line_of(SC, "runners_up: []")
    assert guide.problems() == [(SC, line, "scenarios[0].runners_up: List should have at least 1 item after validation, not 0")]


def test_scenario_picking_a_framework_twice(guide):
    guide.edit(SC, "      - framework: jax\n", "      - framework: pytorch\n")
    # a rule of the whole scenario: it points at the scenario's first line
    assert guide.problems() == [(SC, guide.line_of(SC, "- id: research"), "scenarios[0]: a framework is picked twice: pytorch")]


def test_scenarios_schema_pointer(guide):
    guide.edit(SC, "$schema=schema/scenarios.schema.json", "$schema=scenarios.json")
    assert guide.problems() == [(SC, 1, ("first line must be '# yaml-language-server: $schema=schema/scenarios.schema.json' "
                                        "so editors check the file as it is typed"))]


# --- bad hardware cells ---------------------------------------------------------------


def test_cell_without_evidence(guide):
    line = guide.line_of(HW, "    tpu:")
    guide.edit(HW, '      evidence:\n        - {url: "https://pypi.org/project/torch-xla/", title: {en: "torch-xla", zh: "torch-xla"}, checked: 2026-11-03}\n', "")
    assert guide.problems() == [(HW, line, ("frameworks.pytorch.tpu: a cell that is not 'unknown' needs evidence "
                                           "(url, title, checked date)"))]


def test_evidence_without_date(guide):
    line = guide.edit(HW, '{en: "torch-xla", zh: "torch-xla"}, checked: 2026-11-03}',
                      '{en: "torch-xla", zh: "torch-xla"}}')
    assert guide.problems() == [(HW, line, "missing field 'frameworks.pytorch.tpu.evidence[0].checked'")]


def test_evidence_checked_in_the_future(guide):
    line = guide.edit(HW, "checked: 2026-11-03", "checked: 2999-01-01")
    assert guide.problems() == [(HW, line, "frameworks.pytorch.tpu.evidence[0].checked: date 2999-01-01 is in the future")]


def test_unknown_accelerator(guide):
    line = guide.edit(HW, "    cpu_arm: {training: unknown, inference: unknown}\n",
                      "    cpu_arm: {training: unknown, inference: unknown}\n    ipu: {training: unknown, inference: unknown}\n")
    problems = guide.problems()
    assert [(p[0], p[1]) for p in problems] == [(HW, line + 1)]
    assert problems[0][2].startswith("unknown key 'frameworks.pytorch.ipu' (expected 'nvidia', 'amd'")


def test_missing_accelerator(guide):
    line = guide.edit(HW, "    cpu_arm: {training: unknown, inference: unknown}\n", "")
    assert guide.problems() == [(HW, guide.line_of(HW, "  pytorch:"),
                                 ("frameworks.pytorch: every accelerator must be present (use 'unknown' where not "
                                 "verified); missing: cpu_arm"))]
    assert line > 1


def test_unknown_framework_row(guide):
    line = guide.edit(HW, "  pytorch:\n", "  mxnet:\n")
    assert guide.problems() == [(HW, line, "frameworks.mxnet: unknown framework 'mxnet' (not in data/frameworks.yaml)")]


def test_unknown_support_level(guide):
    line = guide.edit(HW, "      training: vendor\n", "      training: partial\n")
    assert guide.problems() == [(HW, line, ("frameworks.pytorch.tpu.training: Input should be 'official', 'vendor', "
                                           "'community', 'none' or 'unknown'"))]


def test_accelerator_name_without_chinese(guide):
    line = guide.edit(HW, '{id: tpu, name: {en: "Google TPUs", zh: "Google TPU"}}', '{id: tpu, name: {en: "Google TPUs"}}')
    assert guide.problems() == [(HW, line, "missing field 'accelerators[4].name.zh'")]


def test_accelerators_out_of_order(guide):
    line = guide.edit(HW, "  - {id: nvidia,", "  - {id: nvidia,")  # locate the list
    text = guide.text(HW)
    a = '  - {id: nvidia, name: {en: "NVIDIA GPUs", zh: "NVIDIA GPU"}}\n'
    b = '  - {id: amd, name: {en: "AMD GPUs", zh: "AMD GPU"}}\n'
    (guide.root / HW).write_text(text.replace(a + b, b + a), encoding="utf-8")
    problems = guide.problems()
    assert [(p[0], p[1]) for p in problems] == [(HW, line - 1)]
    assert problems[0][2].startswith("accelerators: accelerators must be exactly nvidia, amd,")
