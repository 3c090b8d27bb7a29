"""bench/harness/matrix.py and frameworks/__init__.py: the cells of a run."""

from bench.data import runs
from bench.harness.frameworks import FRAMEWORKS
from bench.harness.matrix import MODES, PHASES, PRECISIONS, Cell, expand
from bench.harness.workloads import REGISTRY


def test_vocabulary_matches_the_run_file_model():
    assert set(PHASES) == {p.value for p in runs.Phase}
    assert set(PRECISIONS) == {p.value for p in runs.Precision}
    # modes come from the framework registry; the run file takes any mode id of the registry's form
    from pydantic import TypeAdapter

    assert all(TypeAdapter(runs.Mode).validate_python(mode) == mode for mode in MODES)


def test_framework_ids_are_those_of_the_data():
    assert {"pytorch", "tensorflow", "jax"} <= set(FRAMEWORKS)
    assert tuple(FRAMEWORKS["pytorch"].modes) == ("eager", "compile")
    assert tuple(FRAMEWORKS["tensorflow"].modes) == ("eager", "function", "xla")
    assert tuple(FRAMEWORKS["jax"].modes) == ("jit",)


def test_full_matrix_size_and_order():
    cells = expand(frameworks=["pytorch", "tensorflow"], workloads=REGISTRY)
    per_workload = len(PHASES) * len(PRECISIONS) * (2 + 3)
    assert len(cells) == per_workload * len(REGISTRY)
    assert len(set(cells)) == len(cells)
    assert [c.framework for c in cells] == sorted((c.framework for c in cells), key=["pytorch", "tensorflow"].index)
    torch_modes = [c.mode for c in cells if c.framework == "pytorch"]
    assert torch_modes.index("compile") > max(i for i, m in enumerate(torch_modes) if m == "eager")  # eager first
    assert {c.batch_size for c in cells if c.workload == "vgg11"} == {REGISTRY["vgg11"].batch_size}


def test_quick_rule_for_compiled_modes():
    cells = expand(frameworks=["pytorch", "tensorflow", "jax"], workloads=REGISTRY, quick=True)
    compiled = [c for c in cells if c.mode == "compile"]
    first = next(iter(REGISTRY))
    assert {(c.workload, c.phase, c.precision) for c in compiled} == {(first, "train", "fp32")}
    assert all(c.batch_size == REGISTRY[c.workload].quick_batch_size for c in cells)
    # eager cells keep every precision; tf.function, XLA and jax.jit run fp32 only, every workload and phase
    assert len([c for c in cells if c.mode == "eager"]) == 2 * len(PHASES) * len(PRECISIONS) * len(REGISTRY)
    for mode in ("function", "xla", "jit"):
        mode_cells = [c for c in cells if c.mode == mode]
        assert {c.precision for c in mode_cells} == {"fp32"}
        assert len(mode_cells) == len(PHASES) * len(REGISTRY)


def test_quick_with_explicit_mode_runs_every_compile_cell():
    cells = expand(frameworks=["pytorch"], workloads=REGISTRY, modes=["compile"], quick=True, batch_size=2)
    assert len(cells) == len(PHASES) * len(PRECISIONS) * len(REGISTRY)
    assert {c.batch_size for c in cells} == {2}


def test_cell_round_trip():
    cell = Cell("pytorch", "alexnet", "train", "bf16", "compile", 128)
    assert Cell.from_dict(cell.as_dict()) == cell
    assert cell.label == "pytorch alexnet train bf16 compile b128"
