"""Shared set-up of the fake framework and tiny workloads for the harness tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bench.harness import frameworks
from bench.harness.frameworks import Framework, Mode
from bench.harness.matrix import Cell
from bench.harness.runner import RunOptions
from bench.harness.timing import Policy

HELPERS = Path(__file__).resolve().parent
REGISTRY = "benchtest_workloads"
FAST = Policy(warmup_iters=1, warmup_time_s=1.0, samples=3, block_time_s=0.002, max_time_s=0.2)

FAKE = Framework(
    id="fake",
    names={"en": "Fake", "zh": "假框架"},
    package="json",
    adapter="benchtest_fake",
    modes={"eager": Mode("eager", "eager", {"en": "eager", "zh": "即时执行"}, {"en": "fake", "zh": "假的"})},
    model_module="fake_model",
    support_module="fake_support",
    precisions={},
    extra="none",
)
# The same fake, under a package that cannot be imported: a framework not installed.
MISSING = dataclasses.replace(FAKE, id="missing", names={"en": "Missing", "zh": "缺失"}, package="no_such_framework_pkg")


def register_fake() -> None:
    frameworks.FRAMEWORKS.setdefault("fake", FAKE)
    frameworks.FRAMEWORKS.setdefault("missing", MISSING)


def cells(framework: str, workloads: list[str], precision: str = "fp32") -> list[Cell]:
    return [Cell(framework, wl, "train", precision, "eager", 2) for wl in workloads]


def fake_options(out_dir: Path, workloads: list[str], framework: str = "fake", **kw) -> RunOptions:
    from benchtest_workloads import REGISTRY as TINY

    chosen = kw.pop("cells", None) or cells(framework, workloads)
    return RunOptions(
        cells=chosen,
        workloads={c.workload: TINY[c.workload] for c in chosen},
        device="cpu",
        policy=kw.pop("policy", FAST),
        quick=True,
        out_dir=out_dir,
        registry=REGISTRY,
        command="pytest",
        **kw,
    )
