"""Latest-results tables: one per hardware and workload, frameworks side by side.

A row is a setting (phase, batch size, precision, mode class); a column is a
framework. A cell is the latest measurement of that setting on that hardware:
median step time with its 95% interval, throughput, peak memory, time of the
first step and share of the device's peak, or, when it did not run, its status
and the recorded reason. A cell is never blank: what was not measured says so.

The fastest cell of a row is marked; when its interval overlaps another
framework's, the mark says the lead is within the intervals.
The same table is written as CSV (long format: one line per cell) for download.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html import escape

from .cells import MODE_CLASS_ORDER, NOT_APPLICABLE, PHASE_ORDER, PRECISION_ORDER, Hardware, Results, mode_word
from .reasons import path_text, reason_html
from .text import fmt_bytes, fmt_interval, fmt_rate, fmt_share, fmt_time, ms, t, t_or


@dataclass(frozen=True, order=True)
class Setting:
    """A row of a results table."""

    phase_rank: int
    batch_size: int
    precision_rank: int
    mode_rank: int
    phase: str = field(compare=False)
    precision: str = field(compare=False)
    mode_class: str = field(compare=False)

    @classmethod
    def of(cls, phase: str, batch_size: int, precision: str, mode_class: str) -> Setting:
        def rank(order, value):
            return order.index(value) if value in order else len(order)

        return cls(rank(PHASE_ORDER, phase), int(batch_size), rank(PRECISION_ORDER, precision),
                   rank(MODE_CLASS_ORDER, mode_class), phase, precision, mode_class)


@dataclass
class Cell:
    framework: str
    status: str  # ok, oom, unsupported, error, not_measured, not_available, not_applicable
    records: list[dict] = field(default_factory=list)  # latest rows (several when two modes share a class)
    reason: str | None = None
    fastest: bool = False
    decisive: bool = False  # fastest, and its interval clear of every other framework's

    @property
    def best(self) -> dict | None:
        oks = [r for r in self.records if r["status"] == "ok"]
        return min(oks, key=lambda r: r["median_s"]) if oks else None


@dataclass
class ResultsTable:
    hardware: Hardware
    workload: str
    frameworks: list[str]
    settings: list[Setting]
    cells: dict[tuple[Setting, str], Cell]
    runs: list[str]  # the runs the cells come from, oldest first

    @property
    def id(self) -> str:
        return f"{self.hardware.key}--{self.workload}"


def workload_table(res: Results, hardware_key: str, workload: str) -> ResultsTable:
    hardware = res.hardware_by_key(hardware_key)
    records = res.latest_records(hardware_key, workload)
    frameworks = res.frameworks_on(hardware_key)
    grouped: dict[tuple[Setting, str], list[dict]] = {}
    for record in records:
        key = Setting.of(record["phase"], record["batch_size"], record["precision"], record["mode_class"])
        grouped.setdefault((key, record["framework"]), []).append(record)
    settings = sorted({key for key, _ in grouped})
    cells: dict[tuple[Setting, str], Cell] = {}
    for setting in settings:
        for fw in frameworks:
            mine = sorted(grouped.get((setting, fw), []), key=lambda r: r["mode"])
            if mine:
                statuses = [r["status"] for r in mine]
                status = "ok" if "ok" in statuses else statuses[0]
                reason = next((r["reason"] for r in mine if r["status"] == status), None)
                cells[(setting, fw)] = Cell(fw, status, mine, reason)
            elif (classes := res.mode_classes(hardware_key, fw)) and setting.mode_class not in classes:
                cells[(setting, fw)] = Cell(fw, NOT_APPLICABLE, [], None)
            else:
                why = res.unavailable(hardware_key, fw)
                cells[(setting, fw)] = Cell(fw, "not_available" if why is not None else "not_measured", [], why or None)
        _mark_fastest([cells[(setting, fw)] for fw in frameworks])
    runs = sorted({r["run"] for r in records}, key=lambda rid: (res.run_by_id[rid].started_at, rid))
    return ResultsTable(hardware, workload, frameworks, settings, cells, runs)


def _mark_fastest(row: list[Cell]) -> None:
    timed = [(cell, cell.best) for cell in row if cell.best is not None]
    if len(timed) < 2:
        return
    timed.sort(key=lambda pair: pair[1]["median_s"])
    winner, best = timed[0]
    winner.fastest = True
    high = best["ci_high_s"] if best["ci_high_s"] is not None else best["median_s"]
    others_low = [(r["ci_low_s"] if r["ci_low_s"] is not None else r["median_s"]) for _, r in timed[1:]]
    winner.decisive = all(high < low for low in others_low)


# --- HTML -----------------------------------------------------------------------

def setting_label(setting: Setting, lang: str) -> tuple[str, str]:
    """('training step, batch 128', 'FP32 · compiled') in the page's language."""
    first = t("bench.setting.phase_batch", lang, phase=t(f"bench.phase.{setting.phase}", lang), batch=setting.batch_size)
    second = f"{t_or(f'bench.precision.{setting.precision}', lang, setting.precision)} · " \
             f"{t_or(f'bench.mode_class.{setting.mode_class}', lang, setting.mode_class)}"
    return first, second


def _ok_lines(record: dict, lang: str, show_mode: bool, show_version: bool) -> list[str]:
    median = record["median_s"]
    lines = []
    if show_mode:
        lines.append(escape(mode_word(record, lang)))
    if show_version and record.get("version"):
        lines.append(escape(t("bench.cell.version", lang, version=record["version"])))
    if record.get("path"):
        lines.append(escape(t("bench.cell.path", lang, path=path_text(record["path"], lang))))
    if record["ci_low_s"] is not None and record["ci_high_s"] is not None:
        lines.append(escape(t("bench.cell.ci", lang, interval=fmt_interval(record["ci_low_s"], record["ci_high_s"], lang, median))))
    if record["throughput"] is not None:
        lines.append(escape(fmt_rate(record["throughput"], record["throughput_unit"], lang)))
    if record["peak_memory_bytes"] is not None:
        key = "bench.cell.memory_cpu" if record["device_kind"] == "cpu" else "bench.cell.memory"
        lines.append(escape(t(key, lang, memory=fmt_bytes(record["peak_memory_bytes"], lang))))
    if record["first_step_s"] is not None:
        lines.append(escape(t("bench.cell.first_step", lang, time=fmt_time(record["first_step_s"], lang))))
    if record["peak_share"] is not None:
        lines.append(escape(t("bench.cell.peak_share", lang, share=fmt_share(record["peak_share"], lang),
                              precision=record["precision"].upper())))
    if record["unstable"]:
        lines.append(f'<span class="bx-warn">{escape(t("bench.cell.unstable", lang))}</span>')
    return lines


def cell_html(cell: Cell, lang: str, run_marks: dict[str, str] | None = None, show_version: bool = False) -> str:
    if cell.status == "ok":
        parts = []
        for record in cell.records:
            if record["status"] != "ok":
                label = t(f"bench.status.{record['status']}", lang)
                mode = mode_word(record, lang)
                parts.append(f"<b>{escape(mode)}: {escape(label)}</b>{reason_html(record['reason'], lang)}")
                continue
            show_mode = record["mode_class"] != "eager"
            head = f"<b>{escape(fmt_time(record['median_s'], lang))}</b>"
            if cell.fastest and record is cell.best:
                tag = "bench.cell.fastest" if cell.decisive else "bench.cell.fastest_overlap"
                head += f' <span class="bx-tag">{escape(t(tag, lang))}</span>'
            if run_marks and record["run"] in run_marks:
                head += f"<sup>{run_marks[record['run']]}</sup>"
            parts.append(head + "<br><small>" + "<br>".join(_ok_lines(record, lang, show_mode, show_version)) + "</small>")
        classes = "bx-ok bx-best" if cell.fastest else "bx-ok"
        return f'<td class="{classes}">' + "<hr>".join(parts) + "</td>"
    label = escape(t(f"bench.status.{cell.status}", lang))
    mark = ""
    if run_marks and cell.records and cell.records[0]["run"] in run_marks:
        mark = f"<sup>{run_marks[cell.records[0]['run']]}</sup>"
    body = f"<b>{label}</b>{mark}{reason_html(cell.reason, lang)}"
    return f'<td class="bx-{cell.status.replace("_", "-")}">{body}</td>'


def versions_of(table: ResultsTable, fw: str) -> list[str]:
    """The framework versions a column's cells were measured with, oldest run first."""
    records = [r for (_, f), c in table.cells.items() if f == fw for r in c.records if r.get("version")]
    records.sort(key=lambda r: (r["started_at"], r["run"]))
    return list(dict.fromkeys(r["version"] for r in records))


def framework_header(names: dict[str, str], fw: str, table: ResultsTable) -> str:
    versions = versions_of(table, fw)
    name = escape(names.get(fw, fw))
    return f"{name}<br><small>{escape(', '.join(versions))}</small>" if versions else name


def table_html(table: ResultsTable, lang: str, names: dict[str, str], csv_href: str | None,
               run_href=None) -> str:
    """The table as one HTML block (no blank lines, so Markdown leaves it alone)."""
    marks = {}
    if len(table.runs) > 1:
        marks = {rid: chr(ord("a") + i) if i < 26 else str(i + 1) for i, rid in enumerate(table.runs)}
    head = "".join(f"<th>{framework_header(names, fw, table)}</th>" for fw in table.frameworks)
    versions = {fw: versions_of(table, fw) for fw in table.frameworks}
    rows = []
    for setting in table.settings:
        first, second = setting_label(setting, lang)
        cells = "".join(cell_html(table.cells[(setting, fw)], lang, marks, len(versions[fw]) > 1) for fw in table.frameworks)
        rows.append(f"<tr><th>{escape(first)}<br><small>{escape(second)}</small></th>{cells}</tr>")
    # Left out of the search index (data-search-exclude): figures and repeated status words, a
    # fifth of the index, that no reader searches for; the headings above each table stay in it.
    out = [f'<div class="bx-table" id="table-{escape(table.id)}" data-search-exclude><table>',
           f"<thead><tr><th>{escape(t('bench.table.setting', lang))}</th>{head}</tr></thead>",
           "<tbody>" + "".join(rows) + "</tbody></table>"]
    foot = []
    if marks and run_href:
        runs = ", ".join(f'<sup>{m}</sup> <a href="{escape(run_href(rid))}">{escape(rid)}</a>' for rid, m in marks.items())
        foot.append(escape(t("bench.table.from_runs", lang)) + " " + runs)
    elif table.runs and run_href:
        rid = table.runs[0]
        foot.append(escape(t("bench.table.from_run", lang)) + f' <a href="{escape(run_href(rid))}">{escape(rid)}</a>')
    if csv_href:
        foot.append(f'<a href="{escape(csv_href)}" download>{escape(t("bench.table.csv", lang))}</a>')
    if foot:
        out.append('<p class="bx-foot">' + " · ".join(foot) + "</p>")
    out.append("</div>")
    return "".join(out)


# --- CSV ------------------------------------------------------------------------

CSV_COLUMNS = [
    "hardware", "device", "workload", "phase", "batch_size", "precision", "mode", "framework", "version",
    "status", "reason", "fastest", "median_ms", "ci95_low_ms", "ci95_high_ms", "iqr_ms", "n_samples",
    "unstable", "throughput", "throughput_unit", "tflops", "peak_share", "peak_memory_bytes",
    "peak_memory_kind", "first_step_s", "params", "flops_per_step", "path", "run",
]


def table_csv(table: ResultsTable) -> str:
    """The table in long format, one line per cell (and per mode where two share a cell)."""
    return tables_csv([table])


def tables_csv(tables: list[ResultsTable], frameworks: set[str] | None = None,
               keep=lambda setting: True, measured_only: bool = False) -> str:
    """Several tables (or the rows and frameworks of them a page shows) as one CSV, long format.

    ``measured_only`` leaves out the cells without a record (a framework's own page shows only its cells)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for table in tables:
        _write_rows(writer, table, frameworks, keep, measured_only)
    return buffer.getvalue()


def _write_rows(writer: csv.DictWriter, table: ResultsTable, frameworks: set[str] | None, keep,
                measured_only: bool) -> None:
    for setting in table.settings:
        if not keep(setting):
            continue
        for fw in table.frameworks:
            if frameworks is not None and fw not in frameworks:
                continue
            if measured_only and not table.cells[(setting, fw)].records:
                continue
            cell = table.cells[(setting, fw)]
            base = {"hardware": table.hardware.key, "device": table.hardware.name, "workload": table.workload,
                    "phase": setting.phase, "batch_size": setting.batch_size, "precision": setting.precision,
                    "framework": fw}
            if not cell.records:
                writer.writerow({**base, "mode": setting.mode_class, "status": cell.status, "reason": cell.reason or ""})
                continue
            for r in cell.records:
                writer.writerow({
                    **base, "mode": r["mode"], "version": r["version"], "status": r["status"], "reason": r["reason"],
                    "fastest": bool(cell.fastest and r is cell.best), "median_ms": ms(r["median_s"]),
                    "ci95_low_ms": ms(r["ci_low_s"]), "ci95_high_ms": ms(r["ci_high_s"]), "iqr_ms": ms(r["iqr_s"]),
                    "n_samples": r["n_samples"], "unstable": r["unstable"], "throughput": r["throughput"],
                    "throughput_unit": r["throughput_unit"], "tflops": r["tflops"], "peak_share": r["peak_share"],
                    "peak_memory_bytes": r["peak_memory_bytes"], "peak_memory_kind": r["peak_memory_kind"],
                    "first_step_s": r["first_step_s"], "params": r["params"], "flops_per_step": r["flops_per_step"],
                    "path": r["path"], "run": r["run"],
                })
