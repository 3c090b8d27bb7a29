"""bench/harness/adapter.py: how a cell's path is put together from its parts."""

from bench.harness.adapter import joined


def test_joined_puts_the_models_part_before_the_modes():
    assert joined("attention: flash", "torch.compile (inductor): 2 graph(s)") == (
        "attention: flash; torch.compile (inductor): 2 graph(s)")
    assert joined(None, "torch.compile (inductor): 1 graph, no graph breaks") == (
        "torch.compile (inductor): 1 graph, no graph breaks")
    assert joined("attention: flash", None) == "attention: flash"
    assert joined(None, None) is None
    assert joined("", "  ") is None


def test_joined_keeps_one_line_a_run_file_accepts():
    long_break = "torch.compile (inductor): 3 graph(s) and 1 graph break(s) run eagerly (first: " + "x" * 600 + ")"
    path = joined("attention: flash\nsecond line", long_break)
    assert "\n" not in path
    assert path.startswith("attention: flash; torch.compile (inductor): 3 graph(s)")
    assert len(path) == 400 and path.endswith("…")
