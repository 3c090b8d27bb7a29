"""Then and now: published tables of 2016 beside today's measurements of the same networks.

For each reference file (``data/reference/*.yaml``) and each of its rows (a
network at a batch size), every column that names a framework of today
(``today``: Torch -> PyTorch) is set beside the latest training-step cell of that
framework, network and batch size on each GPU the runs measured: the FP32 eager
cell (the closest to 2016's single-precision runs) and the fastest cell in any
precision and mode. CPU runs are not set beside 2016's GPU figures.

Only what was measured is shown (``Line``: a cell with status ok); a network or
column with nothing measured today is named once (``not_measured``), and a cell
that failed is left to the run's own page. Nothing is guessed.

Where hardware went and where software went: the speed-up (2016's time over
today's) splits exactly into the ratio of the two GPUs' FP32 peaks (the
hardware) times the ratio of the shares of peak each reached (the software), as
both shares count the same analytic FLOPs of the same network and batch size.
Both peaks come from the harness's table of datasheet peaks (``bench.harness.peaks``,
with the page each is taken from): 2016's for the GPU the reference file names
(its ``hardware``; the reference files themselves are frozen as published),
today's as the harness recorded it with the run (``device.peak_tflops``).

2016's figures time a forward and a backward pass; today's training step also
includes the optimizer's update (a small share for these networks). The page
says so next to the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.data.reference import ReferenceColumn, ReferenceFile, ReferenceRow
from bench.data.runs import Precision
from bench.harness.peaks import peak_tflops

from .cells import Hardware, Results

PHASE = "train"
LIKE_FOR_LIKE = ("fp32", "eager")


@dataclass
class Today:
    hardware: Hardware
    record: dict | None  # the latest FP32 eager cell (any status), None when not measured
    best: dict | None  # the fastest ok cell in any precision and mode

    @property
    def ok(self) -> dict | None:
        return self.record if self.record and self.record["status"] == "ok" else None


@dataclass
class Pair:
    row: ReferenceRow
    column: ReferenceColumn
    then_ms: float | None  # None: the source has no figure for this network
    today: list[Today]  # one per GPU hardware (empty when no GPU was measured)


def gpu_hardware(res: Results) -> list[Hardware]:
    return [hw for hw in res.hardware if not hw.is_cpu and not hw.quick]


def pairs(res: Results, ref: ReferenceFile) -> list[Pair]:
    gpus = gpu_hardware(res)
    out = []
    for row in ref.rows:
        for column in ref.columns:
            todays = []
            if column.today:
                for hw in gpus:
                    cells = [r for r in res.latest_records(hw.key, row.workload)
                             if r["framework"] == column.today and r["phase"] == PHASE and r["batch_size"] == row.batch_size]
                    record = next((r for r in cells if (r["precision"], r["mode"]) == LIKE_FOR_LIKE), None)
                    oks = [r for r in cells if r["status"] == "ok"]
                    best = min(oks, key=lambda r: r["median_s"]) if oks else None
                    todays.append(Today(hw, record, best))
            out.append(Pair(row, column, row.values.get(column.id), todays))
    return out


# --- what the page shows: measured lines, and one word for the rest -----------------------


@dataclass
class Line:
    """One network and 2016 column beside one GPU of today, where today has an ok cell."""

    reference: ReferenceFile
    row: ReferenceRow
    column: ReferenceColumn
    then_ms: float
    hardware: Hardware
    record: dict | None  # the FP32 eager cell, where it ran (status ok)
    best: dict | None  # the fastest ok cell (the FP32 eager one, or faster)
    peaks_now: dict[str, float]  # precision -> the device's dense peak in TFLOP/s, as the run recorded it
    peak_then: float | None  # 2016's GPU peak (TFLOP/s) in the column's precision, where it is known

    @property
    def flops(self) -> float | None:
        """Analytic FLOPs of one training step of this network at this batch size (today's count, used for both)."""
        for rec in (self.record, self.best):
            if rec is not None and rec["flops_per_step"]:
                return float(rec["flops_per_step"])
        return None

    @property
    def share_then(self) -> float | None:
        flops, peak = self.flops, self.peak_then
        return flops / (self.then_ms / 1e3) / (peak * 1e12) if flops and peak else None

    def share(self, record: dict | None) -> float | None:
        """The share of today's peak in the cell's own precision (FP32 for the like-for-like cell)."""
        if record is None:
            return None
        flops, peak = self.flops, self.peaks_now.get(record["precision"])
        return flops / record["median_s"] / (peak * 1e12) if flops and peak else None

    def speedup(self, record: dict | None) -> float | None:
        return self.then_ms / 1e3 / record["median_s"] if record is not None else None

    @property
    def hardware_factor(self) -> float | None:
        """Today's FP32 peak over 2016's: the speed-up the hardware alone would give at the same share of peak."""
        peak, now = self.peak_then, self.peaks_now.get("fp32")
        return now / peak if peak and now else None

    @property
    def software_factor(self) -> float | None:
        """Today's share of peak (FP32 eager) over 2016's: the rest of the speed-up, from software."""
        then, now = self.share_then, self.share(self.record)
        return now / then if then and now else None


def _peaks(res: Results, run_id: str) -> dict[str, float]:
    info = res.run_by_id.get(run_id)
    if info is None:
        return {}
    return {Precision(precision).value: value for precision, value in info.run.device.peak_tflops.items()}


def peak_then(ref: ReferenceFile, precision: str = "fp32") -> float | None:
    """The peak (TFLOP/s) of the GPU the source measured on, in ``precision``, where the harness knows it."""
    return peak_tflops(ref.hardware).get(precision)


def lines(res: Results, ref: ReferenceFile) -> list[Line]:
    """Every measured line of ``ref``, in the source's order of rows and columns, GPU by GPU."""
    out = []
    for pair in pairs(res, ref):
        if pair.then_ms is None:
            continue
        for today in pair.today:
            if today.best is None:  # nothing ran: not a line (``not_measured`` names it)
                continue
            out.append(Line(ref, pair.row, pair.column, pair.then_ms, today.hardware, today.ok, today.best,
                            _peaks(res, (today.ok or today.best)["run"]), peak_then(ref, pair.column.precision)))
    return out


@dataclass
class Missing:
    """A network of the source with nothing measured today for some of its columns."""

    row: ReferenceRow
    columns: list[ReferenceColumn]
    unknown_network: bool  # today's harness has no such workload


def not_measured(res: Results, ref: ReferenceFile) -> list[Missing]:
    """Per network, the columns with a successor today that no GPU measured (archived columns are not listed)."""
    measured = {(line.row.workload, line.row.batch_size, line.column.id) for line in lines(res, ref)}
    out = []
    for row in ref.rows:
        columns = [c for c in ref.columns if c.today and c.id in row.values
                   and (row.workload, row.batch_size, c.id) not in measured]
        if columns:
            out.append(Missing(row, columns, bool(res.workload_names) and row.workload not in res.workload_names))
    return out


def chart_lines(res: Results, refs: list[ReferenceFile]) -> list[Line]:
    """The lines of every reference for the one chart: a figure two sources both publish is drawn once."""
    seen: set[tuple] = set()
    out = []
    for ref in refs:
        for line in lines(res, ref):
            key = (line.row.workload, line.row.batch_size, line.column.today, line.hardware.key, line.then_ms)
            if key not in seen:
                seen.add(key)
                out.append(line)
    return out


def comparison_csv(res: Results, ref: ReferenceFile) -> str:
    """Every measured line with its figures then and now; shares as fractions of the peak."""
    import csv
    import io

    def rounded(value: float | None, digits: int = 6) -> float | str:
        return "" if value is None else round(value, digits)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["reference", "network", "workload", "batch_size", "column", "framework_then", "then_ms",
                     "peak_then_tflops", "share_then", "framework_today", "hardware", "peak_now_fp32_tflops",
                     "fp32_eager_median_ms", "fp32_eager_version", "fp32_eager_run", "share_fp32_eager",
                     "speedup_fp32_eager", "hardware_factor", "software_factor", "best_precision", "best_mode",
                     "best_median_ms", "share_best", "speedup_best"])
    for line in lines(res, ref):
        rec, best = line.record, line.best
        writer.writerow([
            ref.id, line.row.label, line.row.workload, line.row.batch_size, line.column.label, line.column.framework,
            line.then_ms, rounded(line.peak_then), rounded(line.share_then), line.column.today, line.hardware.name,
            rounded(line.peaks_now.get("fp32")), rounded(rec["median_s"] * 1e3) if rec else "",
            (rec["version"] or "") if rec else "", rec["run"] if rec else "", rounded(line.share(rec)),
            rounded(line.speedup(rec), 4), rounded(line.hardware_factor, 4), rounded(line.software_factor, 4),
            best["precision"], best["mode"], rounded(best["median_s"] * 1e3), rounded(line.share(best)),
            rounded(line.speedup(best), 4),
        ])
    return buffer.getvalue()
