"""A cell's measurements over time, and the changes its intervals do not explain.

A series is one cell (framework, workload, phase, precision, mode, batch size)
on one hardware, measured with status ok in two runs or more. Between two
consecutive points the change is flagged only when all of these hold:

- both runs are complete: a run cut short may have stopped mid-cell, on a
  machine that was still warming up or being shared; its points stay in the
  history, marked, and are never flagged (neither the change into them nor the
  change out of them);
- neither cell is *contended* (measured while other processes kept the cores
  it needed busy): its time says as much about the other processes as about
  the framework;
- both points have a 95% interval and the two intervals are disjoint. Since
  run file schema 3 the interval is a bootstrap over several worker processes,
  so it holds the spread between processes, which is what separates two runs;
  cells of schema 1 and 2 (one process) lost their within-process interval in
  the migration, so a change between them is never flagged;
- the medians differ by more than ``MIN_CHANGE``: two machines of the same
  model also differ in clocks, driver and placement, by a percent or so, which
  the spread between processes of one run cannot show.

Where any of this cannot be told, nothing is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bench.data.runs import CellStatus

from .cells import Results

MIN_CHANGE = 0.02
"""Smallest relative change of the median that is flagged (2%), however tight the intervals."""


@dataclass
class Point:
    run: str
    started_at: dt.datetime
    version: str | None
    median_s: float
    ci_low_s: float | None
    ci_high_s: float | None
    complete: bool = True  # the run finished: a point of a run cut short is shown, marked, never flagged
    contended: bool = False  # measured on a busy machine: never flagged
    change: float | None = None  # relative change of the median from the previous point
    flagged: bool = False  # the change is larger than the spread between runs explains (``flag``)
    new_version: bool = False  # the framework version differs from the previous point's


@dataclass
class Series:
    hardware: str
    framework: str
    workload: str
    phase: str
    precision: str
    mode: str
    batch_size: int
    points: list[Point] = field(default_factory=list)

    @property
    def incomplete(self) -> bool:
        """Some point comes from a run cut short."""
        return any(not p.complete for p in self.points)

    @property
    def flagged(self) -> list[tuple[Point, Point]]:
        return [(before, after) for before, after in zip(self.points, self.points[1:]) if after.flagged]


def flag(before: Point, after: Point) -> bool:
    """Whether the change from ``before`` to ``after`` is flagged (the rule of the module's docstring)."""
    if not (before.complete and after.complete) or before.contended or after.contended:
        return False
    if None in (before.ci_low_s, before.ci_high_s, after.ci_low_s, after.ci_high_s):
        return False
    if abs(after.median_s / before.median_s - 1.0) <= MIN_CHANGE:
        return False
    return after.ci_low_s > before.ci_high_s or after.ci_high_s < before.ci_low_s


def history(res: Results, hardware_key: str | None = None) -> list[Series]:
    """Every cell measured (status ok) more than once, oldest point first, with flags set (once per build)."""
    memo = res.memo.setdefault("history", {})
    if hardware_key not in memo:
        memo[hardware_key] = _history(res, hardware_key)
    return memo[hardware_key]


def _history(res: Results, hardware_key: str | None) -> list[Series]:
    groups: dict[tuple, list[Point]] = {}
    for info in res.runs:  # oldest first: each cell's points come in time order
        if hardware_key is not None and info.hardware.key != hardware_key:
            continue
        versions = {fw.id: fw.version for fw in info.run.frameworks}
        for r in info.run.results:
            if r.status is not CellStatus.ok:
                continue
            ci = r.ci95_s or (None, None)
            key = (info.hardware.key, r.framework, r.workload, r.phase._value_, r.precision._value_, r.mode,
                   r.batch_size)
            groups.setdefault(key, []).append(Point(info.id, info.started_at, versions.get(r.framework),
                                                    float(r.median_s), ci[0], ci[1], complete=info.run.complete,
                                                    contended=r.contended))
    out: list[Series] = []
    for key, points in groups.items():
        if len(points) < 2:
            continue
        series = Series(*key)
        for point in points:
            if series.points:
                before = series.points[-1]
                point.change = point.median_s / before.median_s - 1.0
                point.flagged = flag(before, point)
                point.new_version = point.version != before.version
            series.points.append(point)
        out.append(series)
    fw_rank = {f: i for i, f in enumerate(res.order_frameworks({s.framework for s in out}))}
    wl_rank = {w: i for i, w in enumerate(res.order_workloads({s.workload for s in out}))}
    out.sort(key=lambda s: (s.hardware, wl_rank[s.workload], s.phase, s.batch_size, s.precision, s.mode, fw_rank[s.framework]))
    return out
