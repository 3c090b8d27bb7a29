"""Loading the whole tree (bench/data/load.py) and the rules that span files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.check import check
from bench.data import DataError, load_dataset, load_file
from bench.data.load import SCHEMA_POINTERS

FW = "frameworks.yaml"
AREAS = "areas.yaml"
CUR = "ratings/current/pytorch.yaml"
OLD = "ratings/2016/torch.yaml"


def test_valid_tree_loads_into_typed_objects(tree):
    data = load_dataset(tree.root)
    assert [fw.id for fw in data.frameworks.frameworks] == ["pytorch", "torch"]
    assert data.framework("torch").successor.framework == "pytorch"
    assert data.areas.areas[0].id == "modeling"
    assert sorted(data.ratings) == ["2016", "current"]
    assert data.ratings["current"]["pytorch"].stars("modeling") == 5
    assert data.ratings["2016"]["torch"].stars("deployment") is None  # not rated in 2016
    history = data.ratings["current"]["pytorch"].areas["modeling"].history
    assert [(h.stars, h.pull_request) for h in history] == [(4, None), (4.5, 12)]


def test_load_dataset_raises_with_every_problem(tree):
    tree.edit(FW, "    status: archived\n", "    status: gone\n")
    tree.edit(OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 4.2\n")
    with pytest.raises(DataError) as info:
        load_dataset(tree.root)
    assert [p.path.name for p in info.value.problems] == ["frameworks.yaml", "torch.yaml"]


# --- a ratings file names a known framework, by its own file name, in its edition's folder ---


def test_ratings_file_of_an_unknown_framework(tree):
    text = tree.text(CUR).replace("framework: pytorch\n", "framework: mxnet\n")
    tree.write_bytes("ratings/current/mxnet.yaml", text.encode())
    rel = "ratings/current/mxnet.yaml"
    assert tree.problems() == [(rel, 3, "unknown framework 'mxnet' (not in data/frameworks.yaml)")]


def test_ratings_framework_must_match_file_name(tree):
    line = tree.edit(CUR, "framework: pytorch\n", "framework: torch\n")
    assert tree.problems() == [(CUR, line, "framework 'torch' does not match the file name 'pytorch.yaml'")]


def test_ratings_edition_must_match_folder(tree):
    line = tree.edit(CUR, 'edition: "current"\n', 'edition: "2016"\n')
    assert tree.problems() == [(CUR, line, "edition '2016' does not match the folder 'current'")]


def test_unknown_edition_folder(tree):
    tree.write_bytes("ratings/2017/torch.yaml", tree.text(OLD).encode())
    assert tree.problems() == [("ratings/2017", 1, "unknown edition folder '2017' (expected one of 2016, current)")]


def test_stray_files_in_ratings(tree):
    tree.write_bytes("ratings/current/notes.md", b"# notes\n")
    tree.write_bytes("ratings/README.md", b"# ratings\n")
    assert tree.problems() == [
        ("ratings/README.md", 1, "ratings/ holds only edition folders (2016, current)"),
        ("ratings/current/notes.md", 1, "ratings files end in .yaml"),
    ]


def test_missing_ratings_folder(tree):
    for path in sorted((tree.root / "ratings").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (tree.root / "ratings").rmdir()
    assert tree.problems() == [("ratings", 1, "missing ratings folder")]


@pytest.mark.parametrize("rel", [FW, AREAS])
def test_missing_top_file(tree, rel):
    (tree.root / rel).unlink()
    [(where, line, message)] = tree.problems()
    assert (where, line) == (rel, 1)
    assert message.startswith("cannot read file")


def test_duplicate_framework_id(tree):
    line = tree.edit(FW, "  - id: torch\n", "  - id: pytorch\n")
    # The torch ratings now name a framework that is gone.
    assert tree.problems() == [
        (FW, line, "duplicate framework id 'pytorch'"),
        (OLD, 3, "unknown framework 'torch' (not in data/frameworks.yaml)"),
    ]


def test_unknown_successor(tree):
    line = tree.edit(FW, "      framework: pytorch\n", "      framework: pytorch2\n")
    assert tree.problems() == [(FW, line, "unknown successor framework 'pytorch2'")]


# --- every YAML file points to its schema on its first line ------------------------------


@pytest.mark.parametrize(("rel", "kind"), [(FW, "frameworks"), (AREAS, "areas"), (CUR, "ratings"), (OLD, "ratings")])
@pytest.mark.parametrize("first", ["", "# yaml-language-server: $schema=schema/other.schema.json\n", "# a comment\n"])
def test_schema_pointer_on_first_line(tree, rel, kind, first):
    text = tree.text(rel)
    pointer = f"# yaml-language-server: $schema={SCHEMA_POINTERS[kind]}\n"
    assert text.startswith(pointer)
    tree.write_bytes(rel, (first + text[len(pointer):]).encode())
    assert tree.problems() == [
        (rel, 1, f"first line must be '{pointer.strip()}' so editors check the file as it is typed")
    ]


def test_schema_pointer_not_on_first_line(tree):
    text = tree.text(FW)
    tree.write_bytes(FW, ("\n" + text).encode())
    [(where, line, message)] = tree.problems()
    assert (where, line) == (FW, 1) and message.startswith("first line must be")


# --- single files and folders given to the check ------------------------------------------


def test_check_one_valid_file(tree):
    assert tree.problems(CUR) == []
    assert tree.problems(FW, AREAS) == []


def test_check_one_file_applies_the_rules_that_span_files(tree):
    line = tree.edit(CUR, "framework: pytorch\n", "framework: jax\n")
    assert tree.problems(CUR) == [
        (CUR, line, "framework 'jax' does not match the file name 'pytorch.yaml'"),
        (CUR, line, "unknown framework 'jax' (not in data/frameworks.yaml)"),
    ]


def test_check_one_file_reports_only_that_file(tree):
    tree.edit(OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 4.2\n")
    assert tree.problems(CUR) == []
    assert [where for where, _, _ in tree.problems(OLD)] == [OLD]


def test_check_a_file_in_an_unknown_edition_folder(tree):
    tree.write_bytes("ratings/2017/torch.yaml", tree.text(OLD).encode())
    assert tree.problems("ratings/2017/torch.yaml") == [
        ("ratings/2017", 1, "unknown edition folder '2017' (expected one of 2016, current)")
    ]


def test_check_a_folder_inside_the_tree(tree):
    line = tree.edit(OLD, "  modeling:\n    stars: 4.5\n", "  modeling:\n    stars: 4.2\n") + 1
    assert tree.problems("ratings/current") == []
    assert tree.problems("ratings") == [(OLD, line, "areas.modeling.stars: stars must be in steps of 0.5, got 4.2")]
    assert tree.problems("ratings/2016") == tree.problems("ratings")


def test_check_a_folder_with_no_data_files(tree):
    (tree.root / "notes").mkdir()
    assert tree.problems("notes") == [("notes", 1, "no data files in this folder")]


def test_check_a_missing_file(tree):
    assert tree.problems("ratings/current/jax.yaml") == [("ratings/current/jax.yaml", 1, "no such file or folder")]


def test_check_a_file_of_no_known_kind(tree):
    tree.write_bytes("notes.yaml", b"a: 1\n")
    [(where, line, message)] = tree.problems("notes.yaml")
    assert (where, line) == ("notes.yaml", 1) and message.startswith("not a known kind of data file")


def test_check_the_whole_tree_by_folder_or_by_default(tree):
    line = tree.edit(FW, "    status: archived\n", "    status: gone\n")
    expected = [(FW, line, "frameworks[1].status: Input should be 'active', 'maintenance' or 'archived'")]
    assert tree.problems() == expected
    assert [(p.path.name, p.line) for p in check([tree.root], tree.root.parent / "elsewhere")] == [(FW, line)]


def test_load_file_classifies_by_place(tree):
    obj, problems = load_file(tree.root / CUR)
    assert problems == [] and obj.framework == "pytorch"
    obj, problems = load_file(tree.root / FW)
    assert problems == [] and obj.frameworks[0].id == "pytorch"


# --- withdrawals.yaml: runs taken off the pages ----------------------------------------------

WITHDRAWN_RUN = "2026-01-10T12-00-00Z_cuda.json"
FIXTURE_RUNS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "runs"


def withdraw(tree, *runs: str) -> None:
    (tree.root / "runs").mkdir(exist_ok=True)
    (tree.root / "runs" / WITHDRAWN_RUN).write_bytes((FIXTURE_RUNS / WITHDRAWN_RUN).read_bytes())
    entries = "".join(f'  - run: {run}\n    date: 2026-03-01\n    reason: {{en: "Capped clock.", zh: "频率受限。"}}\n'
                      for run in runs)
    (tree.root / "withdrawals.yaml").write_text(
        f"# yaml-language-server: $schema={SCHEMA_POINTERS['withdrawals']}\nschema_version: 1\nwithdrawals:\n{entries}",
        encoding="utf-8")


def test_without_a_withdrawals_file_no_run_is_withdrawn(tree):
    assert load_dataset(tree.root).withdrawals == {}


def test_withdrawals_load_by_run_file_name(tree):
    withdraw(tree, WITHDRAWN_RUN)
    data = load_dataset(tree.root)
    assert list(data.withdrawals) == [WITHDRAWN_RUN]
    assert data.withdrawals[WITHDRAWN_RUN].reason.zh == "频率受限。"
    assert WITHDRAWN_RUN in data.runs  # the run itself stays


def test_a_run_is_withdrawn_once(tree):
    withdraw(tree, WITHDRAWN_RUN, WITHDRAWN_RUN)
    assert tree.problems() == [("withdrawals.yaml", 7, f"withdrawals[1].run: '{WITHDRAWN_RUN}' is already withdrawn (line 4)")]


def test_a_withdrawal_names_a_file_not_a_path(tree):
    withdraw(tree, "../runs/x.json")
    [(path, line, message)] = tree.problems()
    assert (path, line) == ("withdrawals.yaml", 4)
    assert message.startswith("withdrawals[0].run: String should match pattern")


def test_check_the_withdrawals_file_alone(tree):
    withdraw(tree, "2030-01-01T00-00-00Z_cuda.json")
    assert tree.problems("withdrawals.yaml") == [
        ("withdrawals.yaml", 4, "withdrawals[0].run: no run file runs/2030-01-01T00-00-00Z_cuda.json"),
    ]
