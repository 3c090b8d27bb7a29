"""The compact view of a machine's latest results: one heat table per phase and precision.

A machine's page used to stack every network's full table (18 rows of every
precision, phase and mode) and chart, 30,000 px tall. Its first screens now hold
one table of time per step: a row group per network (and batch size), a row per
mode class (eager, graph, compiled) that some framework has, a column per
framework measured on the machine. Each cell gives the median with its 95%
interval and the ratio to the fastest cell of its row; a reader picks the phase
and the precision (``compact.js``, the choice kept in the URL's query string).
Every choice is written into the page, one panel each; without JavaScript the
default panel (training, FP32 where measured) shows and the others stay hidden.

The details of each network (every setting, throughput, memory, first step,
reasons of failures, its chart) stay on the same page, under the network's
heading, collapsed in a ``<details>``: one click away, found by the page's
search and table of contents, and with no second page per network to build.

Publish rules, as the cells of ``tables.workload_table`` carry them:
- a framework with no measured cell on the machine has no column, only a line
  saying it was not measured there (no reason: the harness's may hold paths);
- a mode class no framework has in a panel has no row; a cell whose framework
  has no mode of its row's class says it does not apply;
- a ratio is written only between cells of the same run (the row's fastest and
  the cell); "fastest" only where the tables mark it and its interval is clear
  of every other ratio of its row; quick runs (tiny shapes) get neither ratios,
  nor colours, nor badges;
- the colour only repeats what the written ratio says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import PHASE_ORDER, PRECISION_ORDER, Hardware, Results, fell_back, mode_word, same_run_ratio
from .tables import Cell, ResultsTable, Setting, workload_table
from .text import fmt_interval, fmt_ratio, fmt_time, t, t_or

HEAT_STEPS = (1.1, 1.5, 2.5)
"""Ratio to the row's fastest at which a cell takes the next colour: heat-0 (within 10%, or within
the intervals of the fastest) to heat-3 (2.5 times as long or more)."""

DEFAULT_PHASE = "train"
DEFAULT_PRECISION = "fp32"


@dataclass
class CompactCell:
    framework: str
    status: str  # a Cell status: ok, oom, unsupported, error, not_measured, not_available, not_applicable
    time: str = ""  # the median of the cell's best mode ("5.37 ms"), or the status in words
    interval: str = ""  # its 95% interval
    ratio: str = ""  # "1.32×" to the row's fastest; "" where not compared
    heat: int | None = None  # 0..3, None: no colour
    fastest: bool = False
    tie: bool = False  # its interval overlaps the fastest's: not told apart from it
    note: str = ""  # the mode that ran, where the class has several; "other run"; "noisy"


@dataclass
class CompactRow:
    mode_class: str
    label: str
    cells: list[CompactCell]


@dataclass
class CompactGroup:
    """A network at one batch size: one row per mode class."""

    workload: str
    name: str
    batch: int
    rows: list[CompactRow]


@dataclass
class CompactPanel:
    phase: str
    precision: str
    label: str
    groups: list[CompactGroup]
    default: bool = False

    @property
    def id(self) -> str:
        return f"compact-{self.phase}-{self.precision}"


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class CompactView:
    frameworks: list[Choice]  # the columns: id and name
    absent: list[str]  # names of the frameworks runs listed but never measured here
    phases: list[Choice]
    precisions: list[Choice]
    panels: list[CompactPanel]
    ranked: bool  # ratios and colours are given (not on quick runs)
    default_phase: str = DEFAULT_PHASE
    default_precision: str = DEFAULT_PRECISION
    workloads: list[Choice] = field(default_factory=list)  # the networks, in page order: their details' anchors

    @property
    def empty(self) -> bool:
        return not self.panels


def ranks(hw: Hardware) -> bool:
    """Whether cells of this machine are set against each other: not on quick runs, whose tiny shapes measure
    that everything runs, not how fast."""
    return not hw.quick


def compact_view(res: Results, key: str, lang: str, tables: list[ResultsTable] | None = None) -> CompactView:
    """The compact view of the latest results on the hardware ``key`` (``tables``: its workload tables, if made)."""
    hw = res.hardware_by_key(key)
    if tables is None:
        tables = [workload_table(res, key, workload) for workload in res.workloads_on(key)]
    measured = {cell.framework for table in tables for cell in table.cells.values() if cell.records}
    columns = [fw for fw in res.frameworks_on(key) if fw in measured]
    absent = [res.framework_name(fw) for fw in res.frameworks_on(key) if fw not in measured]
    ranked = ranks(hw)

    combos = {(s.phase, s.precision) for table in tables for s in table.settings}
    phases = _ordered({p for p, _ in combos}, PHASE_ORDER)
    precisions = _ordered({p for _, p in combos}, PRECISION_ORDER)
    default_phase = DEFAULT_PHASE if DEFAULT_PHASE in phases else (phases[0] if phases else DEFAULT_PHASE)
    in_phase = [p for p in precisions if (default_phase, p) in combos]
    default_precision = DEFAULT_PRECISION if DEFAULT_PRECISION in in_phase else (in_phase[0] if in_phase else DEFAULT_PRECISION)

    panels = []
    for phase in phases:
        for precision in precisions:
            groups = []
            for table in tables:
                groups.extend(_groups(res, table, phase, precision, columns, ranked, lang))
            label = f"{t(f'bench.phase.{phase}', lang)} · {t_or(f'bench.precision.{precision}', lang, precision)}"
            panels.append(CompactPanel(phase, precision, label, groups,
                                       default=(phase, precision) == (default_phase, default_precision)))
    return CompactView(
        frameworks=[Choice(fw, res.framework_name(fw)) for fw in columns],
        absent=absent,
        phases=[Choice(p, t_or(f"bench.phase.{p}", lang, p)) for p in phases],
        precisions=[Choice(p, t_or(f"bench.precision.{p}", lang, p)) for p in precisions],
        panels=panels,
        ranked=ranked,
        default_phase=default_phase,
        default_precision=default_precision,
        workloads=[Choice(table.workload, res.workload_name(table.workload)) for table in tables],
    )


def _ordered(values: set[str], order: tuple[str, ...]) -> list[str]:
    return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))


def _groups(res: Results, table: ResultsTable, phase: str, precision: str, columns: list[str],
            ranked: bool, lang: str) -> list[CompactGroup]:
    by_batch: dict[int, list[Setting]] = {}
    for setting in table.settings:  # sorted: batch size, then mode class
        if setting.phase == phase and setting.precision == precision:
            by_batch.setdefault(setting.batch_size, []).append(setting)
    groups = []
    for batch, settings in sorted(by_batch.items()):
        rows = []
        for setting in settings:
            cells = [table.cells[(setting, fw)] for fw in columns]
            if not any(cell.records for cell in cells):
                continue  # only frameworks without a column have this row
            label = t_or(f"bench.mode_class.{setting.mode_class}", lang, setting.mode_class)
            rows.append(CompactRow(setting.mode_class, label, compact_row(cells, ranked, lang)))
        if rows:
            groups.append(CompactGroup(table.workload, res.workload_name(table.workload), batch, rows))
    return groups


def _interval(record: dict) -> tuple[float, float]:
    low, high = record["ci_low_s"], record["ci_high_s"]
    median = record["median_s"]
    return (median if low is None else low, median if high is None else high)


def compact_row(cells: list[Cell], ranked: bool, lang: str) -> list[CompactCell]:
    """One row of the heat table: each cell's words, and its ratio and colour against the row's fastest."""
    timed = [(cell, cell.best) for cell in cells if cell.best is not None]
    # a compiled cell that ran eagerly, or one measured on a busy machine, is shown but never ranked
    rankable = [(cell, best) for cell, best in timed if not fell_back(best) and not best.get("contended")]
    fastest = min(rankable, key=lambda pair: pair[1]["median_s"]) if rankable else None
    # compared with the fastest: the cells measured in the same run (a ratio across runs is run-to-run noise)
    compared = [(cell, best) for cell, best in rankable
                if fastest is not None and same_run_ratio(fastest[1], best) is not None]
    fast_high = _interval(fastest[1])[1] if fastest else 0.0
    compare = ranked and len(compared) > 1
    other_runs = ranked and len(timed) > 1  # some cell is measured in another run than the fastest
    out = []
    for cell in cells:
        best = cell.best
        if best is None:
            out.append(CompactCell(cell.framework, cell.status, time=t(f"bench.status.{cell.status}", lang)))
            continue
        item = CompactCell(cell.framework, "ok", time=fmt_time(best["median_s"], lang))
        if best["ci_low_s"] is not None and best["ci_high_s"] is not None:
            item.interval = fmt_interval(best["ci_low_s"], best["ci_high_s"], lang, best["median_s"])
        notes = []
        if len({r["mode"] for r in cell.records}) > 1:
            notes.append(mode_word(best, lang))
        if compare and any(cell is c for c, _ in compared):
            ratio = same_run_ratio(fastest[1], best)
            low, _ = _interval(best)
            item.tie = cell is not fastest[0] and low <= fast_high
            item.ratio = fmt_ratio(ratio, lang)
            shown = float(f"{ratio:.3g}")  # the colour follows the ratio as written (1.097 reads 1.10)
            item.heat = 0 if item.tie else sum(shown >= step for step in HEAT_STEPS)
            if cell is fastest[0]:
                # told apart only by intervals: every cell compared must have one, clear of the fastest's
                clear = all(other["ci_low_s"] is not None and other["ci_low_s"] > fast_high
                            for c, other in compared if c is not cell)
                item.fastest = bool(cell.fastest) and best["ci_high_s"] is not None and clear
        elif fell_back(best):
            notes.append(t("bench.publish.fell_back", lang))
        elif other_runs and not any(cell is c for c, _ in compared):
            notes.append(t("bench.compact.other_run", lang))
        if best["unstable"]:
            notes.append(t("bench.compact.noisy", lang))
        item.note = " · ".join(notes)
        out.append(item)
    return out
