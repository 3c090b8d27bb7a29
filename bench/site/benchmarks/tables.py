"""Latest-results tables: one per hardware and workload, frameworks side by side.

A row is a setting (phase, batch size, precision, mode class); a column is a
framework measured on that hardware. A cell is the latest publishable measurement
of that setting (``Results.latest_records``: complete runs, no contended cell):
median step time with its 95% interval, throughput, peak memory, time of the
first step and share of the device's peak, or, when it did not run, its status
and the recorded reason (without the machine's paths). What was not measured says
so; a mode the framework does not have is an empty cell (``not_applicable``),
never "not measured"; a framework no complete run measured on the machine is not
a column but one line under the table (``ResultsTable.unmeasured``).

The fastest cell of a row is marked only where its interval is clear of every
other framework's, never on quick runs, and never for a compiling mode that fell
back to eager. Ratios (a compiled mode over the eager one, one cell over the
fastest) are taken within one run only (``cells.same_run_ratio``).
The same table is written as CSV (long format: one line per cell) for download.

``headline_table`` picks the setting the home page and the benchmarks index show.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from bench.site.render import jinja_env

from .cells import (
    MODE_CLASS_ORDER,
    NOT_APPLICABLE,
    PHASE_ORDER,
    PRECISION_ORDER,
    Hardware,
    Results,
    fell_back,
    memory_figure,
    mode_word,
    public_text,
    same_run_ratio,
)
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
    status: str  # ok, oom, unsupported, error, not_measured, not_applicable
    records: list[dict] = field(default_factory=list)  # latest rows (several when two modes share a class)
    reason: str | None = None  # as a page may show it (``public_text``: no paths of the measuring machine)
    fastest: bool = False  # the row's fastest, its interval clear of every other's (the only badge given)
    decisive: bool = False  # kept for callers of the former two-level mark: always equal to ``fastest`` now

    @property
    def best(self) -> dict | None:
        oks = [r for r in self.records if r["status"] == "ok"]
        return min(oks, key=lambda r: r["median_s"]) if oks else None

    @property
    def fallback(self) -> bool:
        """Its best record is a compiling mode that ran eagerly (``cells.fell_back``)."""
        return self.best is not None and fell_back(self.best)

    @property
    def applies(self) -> bool:
        """False where the framework has no mode of the row's class: the cell shows nothing."""
        return self.status != NOT_APPLICABLE


@dataclass
class ResultsTable:
    hardware: Hardware
    workload: str
    frameworks: list[str]  # the columns: frameworks measured on this hardware
    settings: list[Setting]
    cells: dict[tuple[Setting, str], Cell]
    runs: list[str]  # the runs the cells come from, oldest first
    unmeasured: list[str] = field(default_factory=list)  # frameworks tried here, no complete run measured: one line

    @property
    def id(self) -> str:
        return f"{self.hardware.key}--{self.workload}"

    def eager_of(self, setting: Setting, framework: str) -> dict | None:
        """The framework's eager record of the same phase, batch size and precision, if any."""
        for other in self.settings:
            if (other.mode_class == "eager" and other.phase == setting.phase
                    and other.batch_size == setting.batch_size and other.precision == setting.precision):
                cell = self.cells.get((other, framework))
                return cell.best if cell is not None else None
        return None

    def speedup(self, setting: Setting, framework: str) -> float | None:
        """A graph or compiled cell's time against the same framework's eager one (eager time / its
        time), within one run only, and None where it fell back to eager (``same_run_ratio``)."""
        if setting.mode_class == "eager":
            return None
        cell = self.cells.get((setting, framework))
        eager = self.eager_of(setting, framework)
        if cell is None or cell.best is None or eager is None:
            return None
        return same_run_ratio(cell.best, eager)

    def ratio_to_fastest(self, setting: Setting, framework: str) -> float | None:
        """How many times slower than the row's quickest cell (its time / the quickest's time, 1.0 for
        the quickest itself), only where both come from the same run (``same_run_ratio``)."""
        cell = self.cells.get((setting, framework))
        if cell is None or cell.best is None:
            return None
        timed = [c.best for (s, _), c in self.cells.items() if s == setting and c.best is not None]
        quickest = min(timed, key=lambda r: r["median_s"])
        return same_run_ratio(quickest, cell.best)


def workload_table(res: Results, hardware_key: str, workload: str) -> ResultsTable:
    hardware = res.hardware_by_key(hardware_key)
    records = res.latest_records(hardware_key, workload)
    frameworks = res.measured_frameworks(hardware_key)
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
                cells[(setting, fw)] = Cell(fw, status, mine, public_text(reason))
            elif not res.has_mode_class(hardware_key, fw, setting.mode_class):
                cells[(setting, fw)] = Cell(fw, NOT_APPLICABLE, [], None)
            else:
                cells[(setting, fw)] = Cell(fw, "not_measured", [], None)
        mark_fastest([cells[(setting, fw)] for fw in frameworks], hardware)
    runs = sorted({r["run"] for r in records}, key=lambda rid: (res.run_by_id[rid].started_at, rid))
    return ResultsTable(hardware, workload, frameworks, settings, cells, runs, res.unmeasured_frameworks(hardware_key))


def mark_fastest(row: list[Cell], hardware: Hardware) -> None:
    """Mark the row's fastest cell, only where a reader can trust the mark: two cells or more timed,
    not on quick runs (``Hardware.badges``), its 95% interval clear of every other cell's (no mark
    where one of them has no interval), and not a compiling mode that ran eagerly."""
    timed = [(cell, cell.best) for cell in row if cell.best is not None]
    if len(timed) < 2 or not hardware.badges:
        return
    timed.sort(key=lambda pair: pair[1]["median_s"])
    winner, best = timed[0]
    if fell_back(best) or best.get("contended") or best["ci_high_s"] is None:
        return
    lows = [r["ci_low_s"] for _, r in timed[1:]]
    if any(low is None or low <= best["ci_high_s"] for low in lows):
        return
    winner.fastest = winner.decisive = True


# --- the headline -----------------------------------------------------------------

@dataclass
class HeadlineRow:
    workload: str
    setting: Setting  # the batch size shown, the headline precision, mode class of the first timed cell
    cells: dict[str, Cell]  # framework -> its fastest mode of the setting (one record), or what stopped it


@dataclass
class Headline:
    """The home page's table: one row per workload, one column per framework measured on ``hardware``."""

    hardware: Hardware
    precision: str
    frameworks: list[str]
    rows: list[HeadlineRow]
    unmeasured: list[str]  # frameworks tried on this machine that no complete run measured


def headline_hardware(res: Results) -> Hardware | None:
    """The machine the headline shows: the first full-size GPU group with a publishable cell (never a
    quick run, never a CPU smoke test: ``Hardware.headlines``)."""
    return next((hw for hw in res.hardware if hw.headlines and res.latest_records(hw.key)), None)


def headline_precision(res: Results, hardware_key: str) -> str | None:
    """The precision most (framework, workload) pairs measured a training step in, ties to the first
    of PRECISION_ORDER (FP32): the one setting in which the most frameworks can be set side by side."""
    pairs: dict[str, set] = {}
    for r in res.latest_records(hardware_key):
        if r["phase"] == "train" and r["status"] == "ok" and not fell_back(r):
            pairs.setdefault(r["precision"], set()).add((r["framework"], r["workload"]))
    if not pairs:
        return None
    rank = {p: i for i, p in enumerate(PRECISION_ORDER)}
    return min(pairs, key=lambda p: (-len(pairs[p]), rank.get(p, len(rank)), p))


def headline_table(res: Results) -> Headline | None:
    """Each workload's training step at the headline precision, each framework in its fastest mode.

    Why this setting: frameworks do not share their modes (JAX has only jit, PyTorch no graph mode),
    so a fixed "FP32 eager" row would leave JAX out of every line ("does not apply"), and a
    "compiled" row would leave out a framework whose compiler fell back to eager. Each framework is
    shown at its best instead, its mode named in the cell: what a user of it would run. The phase
    is training (the step users wait for), the precision the one most frameworks measured
    (``headline_precision``), the batch size the one most frameworks ran the workload at (ties to
    the larger). A compiled cell that ran eagerly does not count as a mode of its own. The full
    tables, every mode in its own row, are one click away on the machine's page."""
    hw = headline_hardware(res)
    if hw is None:
        return None
    precision = headline_precision(res, hw.key)
    if precision is None:
        return Headline(hw, "", res.measured_frameworks(hw.key), [], res.unmeasured_frameworks(hw.key))
    frameworks = res.measured_frameworks(hw.key)
    rows = []
    for workload in res.workloads_on(hw.key):
        mine = [r for r in res.latest_records(hw.key, workload) if r["phase"] == "train" and r["precision"] == precision]
        timed = [r for r in mine if r["status"] == "ok" and not fell_back(r)]
        if not timed:
            continue
        batches: dict[int, set] = {}
        for r in timed:
            batches.setdefault(r["batch_size"], set()).add(r["framework"])
        batch = max(batches, key=lambda b: (len(batches[b]), b))
        cells: dict[str, Cell] = {}
        for fw in frameworks:
            ok = [r for r in timed if r["framework"] == fw and r["batch_size"] == batch]
            if ok:
                best = min(ok, key=lambda r: r["median_s"])
                cells[fw] = Cell(fw, "ok", [best])
                continue
            failed = [r for r in mine if r["framework"] == fw and r["batch_size"] == batch and r["status"] != "ok"]
            if failed:
                cells[fw] = Cell(fw, failed[0]["status"], failed[:1], public_text(failed[0]["reason"]))
            else:
                cells[fw] = Cell(fw, "not_measured", [], None)
        mark_fastest(list(cells.values()), hw)
        first = min(timed, key=lambda r: r["median_s"])
        rows.append(HeadlineRow(workload, Setting.of("train", batch, precision, first["mode_class"]), cells))
    return Headline(hw, precision, frameworks, rows, res.unmeasured_frameworks(hw.key))


# --- HTML -----------------------------------------------------------------------

def setting_label(setting: Setting, lang: str) -> tuple[str, str]:
    """('training step, batch 128', 'FP32 · compiled') in the page's language."""
    first = t("bench.setting.phase_batch", lang, phase=t(f"bench.phase.{setting.phase}", lang), batch=setting.batch_size)
    second = f"{t_or(f'bench.precision.{setting.precision}', lang, setting.precision)} · " \
             f"{t_or(f'bench.mode_class.{setting.mode_class}', lang, setting.mode_class)}"
    return first, second


@dataclass
class Line:
    text: str
    warn: bool = False


@dataclass
class Part:
    """One record of a cell as a page writes it: a bold head, marks, small lines below."""

    head: str
    lines: list[Line] = field(default_factory=list)
    tag: str | None = None  # "fastest"
    mark: str | None = None  # which run, where a table draws on several
    reason: Markup | None = None  # a failed record's reason (``reasons.reason_html``: escaped, paths cut)


@dataclass
class CellView:
    """What the cell macro (``benchmarks/_cell.html.j2``) writes: plain text, escaped by the template."""

    css: str
    parts: list[Part] = field(default_factory=list)


def _ok_lines(record: dict, lang: str, show_mode: bool, show_version: bool) -> list[Line]:
    median = record["median_s"]
    lines = []
    if show_mode:
        lines.append(Line(mode_word(record, lang)))
    if show_version and record.get("version"):
        lines.append(Line(t("bench.cell.version", lang, version=record["version"])))
    if record.get("path"):
        lines.append(Line(t("bench.cell.path", lang, path=path_text(record["path"], lang))))
    if record["ci_low_s"] is not None and record["ci_high_s"] is not None:
        lines.append(Line(t("bench.cell.ci", lang, interval=fmt_interval(record["ci_low_s"], record["ci_high_s"], lang, median))))
    if record["throughput"] is not None:
        lines.append(Line(fmt_rate(record["throughput"], record["throughput_unit"], lang)))
    memory = memory_figure(record)
    if memory is not None:
        key = "bench.cell.memory_cpu" if record["device_kind"] == "cpu" else "bench.cell.memory"
        lines.append(Line(t(key, lang, memory=fmt_bytes(memory, lang))))
    else:
        lines.append(Line(t("bench.publish.memory_not_measured", lang)))
    if record["first_step_s"] is not None:
        lines.append(Line(t("bench.cell.first_step", lang, time=fmt_time(record["first_step_s"], lang))))
    if record["peak_share"] is not None:
        lines.append(Line(t("bench.cell.peak_share", lang, share=fmt_share(record["peak_share"], lang),
                            precision=record["precision"].upper())))
    if record["unstable"]:
        lines.append(Line(t("bench.cell.unstable", lang), warn=True))
    if fell_back(record):
        lines.append(Line(t("bench.publish.fell_back", lang), warn=True))
    return lines


def cell_view(cell: Cell, lang: str, run_marks: dict[str, str] | None = None, show_version: bool = False,
              speedup: float | None = None, show_mode: bool | None = None) -> CellView:
    """A cell as a page shows it. ``speedup``: its time against the same framework's eager time in the
    same run; ``show_mode``: name the mode (by default, where it is not eager). A mode the framework
    does not have shows nothing."""
    marks = run_marks or {}
    if cell.status == NOT_APPLICABLE:
        return CellView("bx-not-applicable")
    if cell.status == "ok":
        parts = []
        for record in cell.records:
            if record["status"] != "ok":
                head = f"{mode_word(record, lang)}: {t('bench.status.' + record['status'], lang)}"
                parts.append(Part(head, reason=reason_html(record["reason"], lang)))
                continue
            named = record["mode_class"] != "eager" if show_mode is None else show_mode
            lines = _ok_lines(record, lang, named, show_version)
            if speedup is not None and record is cell.best:
                lines.insert(1 if named else 0, Line(t("bench.publish.speedup", lang, ratio=f"{speedup:.2f}")))
            tag = t("bench.cell.fastest", lang) if cell.fastest and record is cell.best else None
            parts.append(Part(fmt_time(record["median_s"], lang), lines, tag, marks.get(record["run"])))
        return CellView("bx-ok bx-best" if cell.fastest else "bx-ok", parts)
    mark = marks.get(cell.records[0]["run"]) if cell.records else None
    return CellView(f"bx-{cell.status.replace('_', '-')}",
                    [Part(t(f"bench.status.{cell.status}", lang), mark=mark, reason=reason_html(cell.reason, lang))])


def cell_html(cell: Cell, lang: str, run_marks: dict[str, str] | None = None, show_version: bool = False,
              speedup: float | None = None) -> str:
    """One ``<td>``, written by the cell macro (``cell_view``)."""
    return str(_cell_macro()(cell_view(cell, lang, run_marks, show_version, speedup)))


def _cell_macro():
    return jinja_env().get_template("benchmarks/_cell.html.j2").module.cell


def unmeasured_line(frameworks: list[str], names: dict[str, str], lang: str) -> str:
    """The one neutral line for frameworks no complete run measured on a machine (plain text)."""
    return t("bench.publish.unmeasured", lang, names=t("bench.publish.list_sep", lang).join(names.get(fw, fw) for fw in frameworks))


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
        cells = "".join(cell_html(table.cells[(setting, fw)], lang, marks, len(versions[fw]) > 1, table.speedup(setting, fw))
                        for fw in table.frameworks)
        rows.append(f"<tr><th>{escape(first)}<br><small>{escape(second)}</small></th>{cells}</tr>")
    # Left out of the search index (data-search-exclude): figures and repeated status words, a
    # fifth of the index, that no reader searches for; the headings above each table stay in it.
    out = [f'<div class="bx-table" id="table-{escape(table.id)}" data-search-exclude><table>',
           f"<thead><tr><th>{escape(t('bench.table.setting', lang))}</th>{head}</tr></thead>",
           "<tbody>" + "".join(rows) + "</tbody></table>"]
    foot = []
    if table.unmeasured:
        foot.append(escape(unmeasured_line(table.unmeasured, names, lang)))
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
            cell = table.cells[(setting, fw)]
            if (measured_only and not cell.records) or not cell.applies:
                continue
            base = {"hardware": table.hardware.key, "device": table.hardware.name, "workload": table.workload,
                    "phase": setting.phase, "batch_size": setting.batch_size, "precision": setting.precision,
                    "framework": fw}
            if not cell.records:
                writer.writerow({**base, "mode": setting.mode_class, "status": cell.status, "reason": cell.reason or ""})
                continue
            for r in cell.records:
                writer.writerow(_record_row(base, cell, r))


def _record_row(base: dict, cell: Cell, r: dict) -> dict:
    return {
        **base, "mode": r["mode"], "version": r["version"], "status": r["status"], "reason": public_text(r["reason"]),
        "fastest": bool(cell.fastest and r is cell.best), "median_ms": ms(r["median_s"]),
        "ci95_low_ms": ms(r["ci_low_s"]), "ci95_high_ms": ms(r["ci_high_s"]), "iqr_ms": ms(r["iqr_s"]),
        "n_samples": r["n_samples"], "unstable": r["unstable"], "throughput": r["throughput"],
        "throughput_unit": r["throughput_unit"], "tflops": r["tflops"], "peak_share": r["peak_share"],
        "peak_memory_bytes": memory_figure(r), "peak_memory_kind": r["peak_memory_kind"],
        "first_step_s": r["first_step_s"], "params": r["params"], "flops_per_step": r["flops_per_step"],
        "path": public_text(r["path"]), "run": r["run"],
    }


def headline_csv(headline: Headline) -> str:
    """The headline's cells, one line each, in the long format of the tables' CSV."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in headline.rows:
        for fw in headline.frameworks:
            cell = row.cells[fw]
            base = {"hardware": headline.hardware.key, "device": headline.hardware.name, "workload": row.workload,
                    "phase": row.setting.phase, "batch_size": row.setting.batch_size,
                    "precision": row.setting.precision, "framework": fw}
            if not cell.records:
                writer.writerow({**base, "status": cell.status, "reason": cell.reason or ""})
            for r in cell.records:
                writer.writerow(_record_row(base, cell, r))
    return buffer.getvalue()
