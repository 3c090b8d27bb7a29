"""Every measured cell of every run, in one table, aggregated once per build.

``build_results(dataset)`` turns ``Dataset.runs`` into one row per result (cell)
of each run, plus the hardware each run ran on; ``results(data)`` keeps it on the
build's ``SiteData``: the site builds each language as a full build, and both
read the same aggregate. Everything the tables and charts show comes from here.

Hardware: runs are grouped by device kind, name and count, and quick-mode runs
(tiny shapes) are kept apart from full ones; CPU runs form their own groups,
labelled as CPU, never mixed with GPU figures.

Withdrawn runs (``data/withdrawals.yaml``) are left out here, at the one place
every table, chart, history and CSV reads from: ``Results.runs`` holds only the
runs the site shows. They keep their own page (``Results.withdrawn``), which
says why.

Publish rules (the methodology page states them to readers; this module and
``tables`` enforce them):

- The latest cells (``Results.latest_records``), which the headline and every
  "latest" page show, come from complete runs only, and only from frameworks the
  run could import; a cell measured on a busy machine (``contended``) never
  headlines. Incomplete runs stay on their own pages and in the history.
- A framework no complete run measured on a machine is one neutral line there
  (``Results.unmeasured_frameworks``), never an error per cell; reasons shown on
  a page lose the measuring machine's file paths (``public_text``).
- A ratio between two cells is only taken within one run, and not where the
  faster mode fell back to the slower one (``same_run_ratio``, ``fell_back``).
- A memory figure the harness did not measure is ``None`` (``memory_figure``),
  never 0 B.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from bench.data.runs import CellStatus, Run
from bench.data.withdrawals import Withdrawal
from bench.harness.frameworks import FRAMEWORKS
from bench.harness.workloads import REGISTRY

from .reasons import recorded
from .text import t_or

if TYPE_CHECKING:
    import pandas as pd

    from bench.data import Dataset
    from bench.site.data import SiteData

from .modes import LEGACY_CLASS, MODE_CLASS_ORDER, described, mode_class  # noqa: F401 - MODE_CLASS_ORDER: the tables import it here

PRECISION_ORDER = ("fp32", "tf32", "bf16")
PHASE_ORDER = ("train", "forward")
STATUS_ORDER = ("ok", "oom", "unsupported", "error", "not_measured")
NOT_APPLICABLE = "not_applicable"
"""A table cell whose framework has no mode of the row's class: it does not apply, it was not left out."""

CELL_KEY = ["framework", "workload", "phase", "precision", "mode", "batch_size"]

COLUMNS = [
    "run", "started_at", "hardware", "device_kind", "framework", "version", "workload", "phase",
    "precision", "mode", "mode_class", "batch_size", "status", "reason", "path", "params",
    "flops_per_step", "n_samples", "median_s", "iqr_s", "ci_low_s", "ci_high_s", "unstable",
    "throughput", "throughput_unit", "tflops", "peak_share", "peak_memory_bytes",
    "peak_memory_kind", "first_step_s", "contended", "complete", "fallback",
]


INT_COLUMNS = {"batch_size": "int64", "n_samples": "int64", "params": "Int64", "peak_memory_bytes": "Int64"}
"""Counts stay integers (nullable where a cell may lack them), never floats in a CSV."""


SLUG_MAX = 64


def slug(text: str) -> str:
    """A page name made of ``text``: lower-case letters, digits and '-', at most SLUG_MAX characters
    (a longer one keeps its start and ends in a hash of the whole, so two long names stay apart)."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"
    if len(out) > SLUG_MAX:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        out = f"{out[:SLUG_MAX - 11].rstrip('-')}-{digest}"
    return out


@dataclass(frozen=True)
class Hardware:
    """One kind of machine the runs ran on: a GPU model (times the count), or a CPU."""

    key: str  # a slug, stable across builds: cuda-nvidia-h100-80gb-hbm3, cpu-amd-epyc-7763
    kind: str  # device kind as the run recorded it: "cuda", "cpu"
    name: str  # the GPU or CPU model
    count: int
    quick: bool  # quick-mode runs: tiny shapes, not comparable with full runs

    @property
    def is_cpu(self) -> bool:
        return self.kind == "cpu"

    @property
    def headlines(self) -> bool:
        """Whether its cells may headline (the home page, the benchmarks index): full-size GPU runs only.
        A quick run times tiny shapes and a CPU run is a smoke test of the harness: neither says how
        fast a framework trains."""
        return not self.quick and not self.is_cpu

    @property
    def badges(self) -> bool:
        """Whether its tables may mark a cell "fastest": not on quick runs, whose tiny shapes time overheads."""
        return not self.quick

    @classmethod
    def of(cls, run: Run) -> Hardware:
        name = run.device.name
        if run.device.kind == "cpu" and run.host.cpu and name.strip().lower() in ("cpu", ""):
            name = run.host.cpu
        quick = bool(run.settings.get("quick", False))
        parts = [run.device.kind, name] + ([f"x{run.device.count}"] if run.device.count > 1 else []) + (["quick"] if quick else [])
        return cls(key=slug(" ".join(parts)), kind=run.device.kind, name=name, count=run.device.count, quick=quick)

    def sort_key(self) -> tuple:
        return (self.is_cpu, self.quick, self.name.lower(), self.count)


# --- publish rules ----------------------------------------------------------------

FALLBACK = re.compile(r"captured no graph|\bran eagerly\b|fell back to eager", re.IGNORECASE)
"""What the harness writes in a cell's ``path`` when a compiling mode ran the model op by op after all
("torch.compile captured no graph: the model ran eagerly (...)"); graph breaks ("3 graphs and 4 graph
breaks run eagerly") still compile part of the model and are not a fallback."""


def _fell_back(cls: str, path: str | None) -> bool:
    return cls != "eager" and bool(path) and bool(FALLBACK.search(path))


def fell_back(record) -> bool:
    """Whether a cell of a graph or compiled mode ran eagerly instead (its ``path`` says so): its time is
    an eager time, so it gets no ratio to eager, no badge, and is not a framework's compiled figure."""
    if "fallback" in record and record["fallback"] is not None:
        return bool(record["fallback"])
    return _fell_back(record.get("mode_class") or LEGACY_CLASS.get(record["mode"], record["mode"]), record.get("path"))


def same_run_ratio(record, baseline) -> float | None:
    """How many times faster ``record`` ran than ``baseline`` (baseline time / record time), or None
    where the ratio would not be honest: either cell did not run (status not ok, no median), the two
    come from different runs (a ratio across runs is run-to-run noise as much as anything), either was
    measured on a busy machine, or either is a compiling mode that fell back to eager (``fell_back``).

    ``record`` and ``baseline`` are cells as the latest records or the rows of ``Results.cells`` hold
    them (anything indexable by the COLUMNS names): compiled over eager, bf16 over fp32, one framework
    over another all go through here, in the tables and in the charts."""
    for r in (record, baseline):
        if r["status"] != "ok" or not r["median_s"] or r.get("contended") or fell_back(r):
            return None
    if record["run"] != baseline["run"]:
        return None
    return float(baseline["median_s"]) / float(record["median_s"])


def memory_figure(record) -> int | None:
    """A cell's peak memory in bytes, or None where the harness did not measure it: no figure, or 0
    (written by harness versions that reported a peak that did not rise as 0; no step uses 0 bytes)."""
    try:
        value = int(record.get("peak_memory_bytes"))
    except (TypeError, ValueError):  # None, or a missing value of a frame (NA, NaN)
        return None
    return value if value > 0 else None


def public_text(text: str | None) -> str | None:
    """A reason or path from a run file as a page may show it: whitespace folded, the measuring machine's
    file paths cut to their last name (``reasons.recorded``: they say nothing to a reader and name
    someone's machine)."""
    if text is None:
        return None
    return " ".join(recorded(text).split())


@dataclass
class RunInfo:
    id: str  # the file name without .json: the run page's slug
    file: str
    run: Run
    hardware: Hardware
    withdrawal: Withdrawal | None = None  # why the site no longer shows it, when it is withdrawn

    @cached_property
    def modes(self) -> dict[str, dict[str, dict]]:
        """framework -> mode -> class and words, as the run describes them (``modes.described``)."""
        return described(self.run.settings)

    @property
    def started_at(self):
        return self.run.started_at

    def framework(self, framework_id: str):
        return next((f for f in self.run.frameworks if f.id == framework_id), None)


def _row(info: RunInfo, result, versions: dict[str, str | None]) -> tuple:
    """One cell as a tuple in the order of COLUMNS (tuples: a build makes tens of thousands)."""
    ok = result.status is CellStatus.ok
    ci = result.ci95_s if ok else None
    mode = result.mode
    return (
        info.id, info.run.started_at, info.hardware.key, info.hardware.kind, result.framework,
        versions.get(result.framework), result.workload, result.phase._value_, result.precision._value_, mode,
        mode_class(info.modes, result.framework, mode), result.batch_size, result.status._value_, recorded(result.reason), result.path,
        result.params, result.flops_per_step, len(result.samples_s),
        result.median_s if ok else None, result.iqr_s if ok else None,
        ci[0] if ci else None, ci[1] if ci else None, result.unstable if ok else False,
        result.throughput if ok else None, result.throughput_unit, result.tflops if ok else None,
        result.peak_share if ok else None, result.peak_memory_bytes, result.peak_memory_kind, result.first_step_s,
        result.contended, info.run.complete, _fell_back(mode_class(info.modes, result.framework, mode), result.path),
    )


@dataclass
class Results:
    """The aggregate of all runs: the runs and the hardware in display order, the latest cells.

    The latest cell of each setting is found by walking the runs newest first (a build with
    hundreds of runs does not need a frame of every cell for that); the frame of every cell,
    ``cells``, is made when asked for.
    """

    runs: list[RunInfo]  # the runs the site shows, oldest first (withdrawn ones left out)
    hardware: list[Hardware]  # GPUs first, then CPUs; quick-mode groups after full ones
    framework_order: list[str] = field(default_factory=list)
    framework_names: dict[str, str] = field(default_factory=dict)
    workload_order: list[str] = field(default_factory=list)
    workload_names: dict[str, str] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # per-build caches of the builders (chart templates...)
    pending: dict = field(default_factory=dict)  # run pages to make from the latest one's (runshell.expect)
    withdrawn: list[RunInfo] = field(default_factory=list)  # runs taken off the pages, oldest first: their page only

    def framework_name(self, framework_id: str) -> str:
        return self.framework_names.get(framework_id, framework_id)

    def workload_name(self, workload_id: str) -> str:
        return self.workload_names.get(workload_id, workload_id)

    @cached_property
    def cells(self) -> pd.DataFrame:
        """Every result of every run, one row each (COLUMNS), oldest run first."""
        import pandas as pd  # not at module load: the build never asks for a frame, and pandas costs half a second

        rows = []
        for info in self.runs:
            versions = {fw.id: fw.version for fw in info.run.frameworks}
            rows.extend(_row(info, result, versions) for result in info.run.results)
        return pd.DataFrame.from_records(rows, columns=COLUMNS).astype(INT_COLUMNS)

    @property
    def cell_count(self) -> int:
        return sum(len(info.run.results) for info in self.runs)

    @cached_property
    def run_by_id(self) -> dict[str, RunInfo]:
        """Every run with a page, shown or withdrawn."""
        return {info.id: info for info in self.paged}

    @cached_property
    def paged(self) -> list[RunInfo]:
        """Every run that has a page: the shown ones and the withdrawn ones, oldest first."""
        return sorted(self.runs + self.withdrawn, key=lambda info: (info.run.started_at, info.id))

    @property
    def shell(self) -> RunInfo:
        """The run whose page mkdocs renders; every other run's page is made from it (``runshell``)."""
        return self.paged[-1]

    def hardware_by_key(self, key: str) -> Hardware:
        return next(h for h in self.hardware if h.key == key)

    def runs_on(self, hardware_key: str) -> list[RunInfo]:
        cache = self.memo.setdefault("runs_on", {})
        if hardware_key not in cache:
            cache[hardware_key] = [info for info in self.runs if info.hardware.key == hardware_key]
        return cache[hardware_key]

    def latest_records(self, hardware_key: str, workload: str | None = None) -> list[dict]:
        """The most recent publishable measurement of each cell on this hardware (whatever its status),
        as dicts of COLUMNS (missing values None), oldest first; made once per hardware.

        Publishable: from a complete run (a run cut short or still running stays on its own page and
        in the history), of a framework the run could import (one that was not installed is not
        measured, ``unmeasured_frameworks``), and not ``contended``: a cell measured while other
        programs kept the machine busy never headlines; an earlier measurement of it does, or none."""
        cache = self.memo.setdefault("latest_records", {})
        if hardware_key not in cache:
            seen: dict[tuple, dict] = {}
            for info in reversed(self.runs_on(hardware_key)):
                if not info.run.complete:
                    continue
                versions = {fw.id: fw.version for fw in info.run.frameworks}
                missing = {fw.id for fw in info.run.frameworks if not fw.available}
                for result in info.run.results:
                    if result.contended or result.framework in missing:
                        continue
                    key = (result.framework, result.workload, result.phase._value_, result.precision._value_,
                           result.mode, result.batch_size)
                    if key not in seen:
                        seen[key] = dict(zip(COLUMNS, _row(info, result, versions), strict=True))
                        seen[key]["mode_label"] = self.mode_labels.get(result.mode, {})
            cache[hardware_key] = list(reversed(seen.values()))
        rows = cache[hardware_key]
        return rows if workload is None else [r for r in rows if r["workload"] == workload]

    def incomplete_runs(self, hardware_key: str) -> list[RunInfo]:
        """The runs on this hardware that were cut short (or are still running): listed, never headlined."""
        return [info for info in self.runs_on(hardware_key) if not info.run.complete]

    def measured_frameworks(self, hardware_key: str) -> list[str]:
        """Frameworks with at least one publishable cell on this hardware (``latest_records``), in order."""
        return self.order_frameworks({r["framework"] for r in self.latest_records(hardware_key)})

    def unmeasured_frameworks(self, hardware_key: str) -> list[str]:
        """Frameworks a run on this hardware listed (or tried to import) but no complete run measured:
        each is one neutral line on the page, "not measured on this machine", not a column of errors.
        Why not (the import error, with the machine's paths) stays on the run's own page."""
        measured = set(self.measured_frameworks(hardware_key))
        return [fw for fw in self.frameworks_on(hardware_key) if fw not in measured]

    @cached_property
    def latest(self) -> pd.DataFrame:
        """The latest cells of every hardware as one frame (COLUMNS)."""
        import pandas as pd

        rows = [row for hw in self.hardware for row in self.latest_records(hw.key)]
        return pd.DataFrame(rows, columns=COLUMNS)

    def frameworks_on(self, hardware_key: str) -> list[str]:
        """Frameworks any run on this hardware measured or tried (unavailable ones included)."""
        cache = self.memo.setdefault("frameworks_on", {})
        if hardware_key not in cache:
            seen: set[str] = set()
            for info in self.runs_on(hardware_key):
                seen.update(f.id for f in info.run.frameworks)
                seen.update(r.framework for r in info.run.results)
            cache[hardware_key] = self.order_frameworks(seen)
        return cache[hardware_key]

    def workloads_on(self, hardware_key: str) -> list[str]:
        return self.order_workloads({r["workload"] for r in self.latest_records(hardware_key)})

    def order_frameworks(self, ids) -> list[str]:
        rank = {fid: i for i, fid in enumerate(self.framework_order)}
        return sorted(ids, key=lambda fid: (rank.get(fid, len(rank)), fid))

    def order_workloads(self, ids) -> list[str]:
        rank = {wid: i for i, wid in enumerate(self.workload_order)}
        return sorted(ids, key=lambda wid: (rank.get(wid, len(rank)), wid))

    def mode_classes(self, hardware_key: str, framework_id: str) -> set[str]:
        """The row classes of the framework's modes, as the runs on this hardware describe them, else
        as the harness's framework registry lists them (runs written before they recorded their modes);
        empty for a framework neither knows: then nothing is said not to apply."""
        cache = self.memo.setdefault("mode_classes", {})
        key = (hardware_key, framework_id)
        if key not in cache:
            classes = {mode_class(info.modes, framework_id, mode)
                       for info in self.runs_on(hardware_key) for mode in info.modes.get(framework_id, {})}
            if not classes and framework_id in FRAMEWORKS:
                classes = {m.mode_class for m in FRAMEWORKS[framework_id].modes.values()}
            cache[key] = classes
        return cache[key]

    def has_mode_class(self, hardware_key: str, framework_id: str, cls: str) -> bool:
        """Whether the framework has a mode of this row class (PyTorch has no "graph" mode, JAX only
        "compiled"): where it has none, its cell is absent, never "not measured"."""
        classes = self.mode_classes(hardware_key, framework_id)
        return not classes or cls in classes

    @cached_property
    def mode_labels(self) -> dict[str, dict[str, str]]:
        """mode -> {lang: short name}, as the newest run that describes the mode says."""
        labels: dict[str, dict[str, str]] = {}
        for info in self.runs:  # oldest first: the newest description wins
            for per_mode in info.modes.values():
                for mode_id, entry in per_mode.items():
                    if entry["label"]:
                        labels[mode_id] = entry["label"]
        return labels

    def mode_label(self, mode: str, lang: str) -> str:
        """A mode's short name in ``lang``: as the runs say, else the site's own word, else its id."""
        return self.mode_labels.get(mode, {}).get(lang) or t_or(f"bench.mode.{mode}", lang, mode)

    def unavailable(self, hardware_key: str, framework_id: str) -> str | None:
        """Why the latest run on this hardware that lists the framework could not run it, if it could not:
        raw text that may name the measuring machine's paths, for a run's own page (``public_text``
        first); the latest pages say only "not measured on this machine" (``unmeasured_frameworks``)."""
        for info in reversed(self.runs_on(hardware_key)):
            fw = info.framework(framework_id)
            if fw is not None:
                return None if fw.available else (recorded(fw.reason) or "")
        return None

    def import_times(self, hardware_key: str) -> dict[str, tuple[float, str | None, str]]:
        """Framework -> (import time in s, version, run id) from the latest complete run that measured it
        (a run cut short is shown on its own page only, like its cells)."""
        out: dict[str, tuple[float, str | None, str]] = {}
        for info in self.runs_on(hardware_key):
            if not info.run.complete:
                continue
            for fw in info.run.frameworks:
                if fw.available and fw.import_time_s is not None:
                    out[fw.id] = (fw.import_time_s, fw.version, info.id)
        return out

    @property
    def empty(self) -> bool:
        return not self.runs


def mode_word(record: dict, lang: str) -> str:
    """The short name of a record's mode in ``lang`` (``Results.mode_label`` for a latest record)."""
    return (record.get("mode_label") or {}).get(lang) or t_or(f"bench.mode.{record['mode']}", lang, record["mode"])


SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def run_id(file_name: str) -> str:
    """The run's id and page name: its file name without .json, made safe for a URL where it is not."""
    stem = file_name.removesuffix(".json")
    return stem if SAFE_ID.match(stem) else slug(stem)


def build_results(dataset: Dataset) -> Results:
    infos = [RunInfo(id=run_id(name), file=name, run=run, hardware=Hardware.of(run),
                     withdrawal=dataset.withdrawals.get(name))
             for name, run in dataset.runs.items()]
    infos.sort(key=lambda info: (info.run.started_at, info.id))
    withdrawn = [info for info in infos if info.withdrawal is not None]
    infos = [info for info in infos if info.withdrawal is None]
    hardware = sorted({info.hardware for info in infos}, key=Hardware.sort_key)
    workloads = _registry()
    return Results(
        runs=infos,
        hardware=hardware,
        framework_order=[f.id for f in dataset.frameworks.frameworks],
        framework_names={f.id: f.name for f in dataset.frameworks.frameworks},
        workload_order=list(workloads),
        workload_names=workloads,
        withdrawn=withdrawn,
    )


def _registry() -> dict[str, str]:
    """Workload id -> name, in the order of the harness's registry (the one place workloads are listed)."""
    return {workload_id: workload.name for workload_id, workload in REGISTRY.items()}


def results(data: SiteData) -> Results:
    """``build_results`` once per build: kept on the build's ``SiteData``, which every page of both
    languages and the hooks share (``SiteData.sections``)."""
    built = data.sections.get("benchmarks")
    if built is None:
        built = data.sections["benchmarks"] = build_results(data.dataset)
    return built
