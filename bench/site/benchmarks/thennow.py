"""Then and now: published tables of 2016 beside today's measurements of the same networks.

For each reference file (``data/reference/*.yaml``) and each of its rows (a
network at a batch size), every column that names a framework of today
(``today``: Torch -> PyTorch) is set beside the latest training-step cell of that
framework, network and batch size on each GPU the runs measured: the FP32 eager
cell (the closest to 2016's single-precision runs) and the fastest cell in any
precision and mode. The speed-up is the 2016 time over today's. CPU runs are not
set beside 2016's GPU figures. A cell not measured says so; nothing is guessed.

2016's figures time a forward and a backward pass; today's training step also
includes the optimizer's update (a small share for these networks). The page
says so next to the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bench.data.reference import ReferenceColumn, ReferenceFile, ReferenceRow

from .cells import Hardware, Results, mode_word
from .reasons import reason_html
from .text import fmt_interval, fmt_ratio, fmt_time, t, t_or

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


def _speedup(then_ms: float | None, record: dict | None, lang: str) -> str:
    if then_ms is None or record is None or record["status"] != "ok":
        return t("bench.none", lang)
    return fmt_ratio(then_ms / 1e3 / record["median_s"], lang)


def _today_cell(record: dict | None, lang: str, with_setting: bool) -> str:
    if record is None:
        return f'<span class="bx-not-measured">{escape(t("bench.status.not_measured", lang))}</span>'
    if record["status"] != "ok":
        label = escape(t(f"bench.status.{record['status']}", lang))
        return f"<b>{label}</b>{reason_html(record['reason'], lang)}"
    parts = [f"<b>{escape(fmt_time(record['median_s'], lang))}</b>"]
    small = []
    if with_setting:
        small.append(f"{t_or('bench.precision.' + record['precision'], lang, record['precision'])} · "
                     f"{mode_word(record, lang)}")
    if record["ci_low_s"] is not None and record["ci_high_s"] is not None:
        small.append(t("bench.cell.ci", lang, interval=fmt_interval(record["ci_low_s"], record["ci_high_s"], lang, record["median_s"])))
    if record.get("version"):
        small.append(t("bench.cell.version", lang, version=record["version"]))
    return parts[0] + ("<br><small>" + "<br>".join(escape(s) for s in small) + "</small>" if small else "")


def published_table_html(res: Results, ref: ReferenceFile, lang: str) -> str:
    """The source's table as published: networks by columns, milliseconds."""
    head = "".join(f"<th>{escape(c.label)}" + (f"<br><small>{escape(c.version)}</small>" if c.version else "")
                   + (f' <a href="{escape(str(c.source))}" title="{escape(t("bench.ref.column_source", lang))}">↗</a>' if c.source else "")
                   + "</th>" for c in ref.columns)
    rows = []
    for row in ref.rows:
        cells = "".join(
            f"<td>{row.values[c.id]:g} ms</td>" if c.id in row.values
            else f'<td class="bx-not-measured">{escape(t("bench.ref.not_in_source", lang))}</td>'
            for c in ref.columns)
        batch = t("bench.ref.batch", lang, batch=row.batch_size)
        rows.append(f"<tr><th>{escape(row.label)}<br><small>{escape(batch)}"
                    + (f" · {escape(row.input)}" if row.input else "") + f"</small></th>{cells}</tr>")
    return (f'<div class="bx-table bx-ref" id="ref-{escape(ref.id)}"><table><thead><tr><th>{escape(t("bench.ref.network", lang))}</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def comparison_table_html(res: Results, ref: ReferenceFile, lang: str) -> str:
    """2016 beside today, one line per network and 2016 column."""
    gpus = gpu_hardware(res)
    head = [t("bench.ref.network", lang), t("bench.ref.then", lang)]
    for hw in gpus:
        head += [t("bench.ref.today_fp32", lang, hardware=hw.name), t("bench.ref.speedup", lang),
                 t("bench.ref.today_best", lang, hardware=hw.name), t("bench.ref.speedup", lang)]
    if not gpus:
        head += [t("bench.ref.today", lang)]
    rows = []
    for pair in pairs(res, ref):
        then = f"{pair.then_ms:g} ms" if pair.then_ms is not None else t("bench.ref.not_in_source", lang)
        label = f"<th>{escape(pair.row.label)}<br><small>{escape(t('bench.ref.batch', lang, batch=pair.row.batch_size))}</small></th>"
        then_cell = f"<td><b>{escape(then)}</b><br><small>{escape(pair.column.label)}</small></td>"
        cells = []
        if pair.column.today is None:
            cells.append(f'<td colspan="{max(1, 4 * len(gpus))}" class="bx-not-available">'
                         f"{escape(t('bench.ref.no_successor', lang, name=res.framework_name(pair.column.framework)))}</td>")
        elif res.workload_names and pair.row.workload not in res.workload_names:
            cells.append(f'<td colspan="{max(1, 4 * len(gpus))}" class="bx-not-measured">'
                         f"{escape(t('bench.ref.no_workload', lang))}</td>")
        elif not gpus:
            cells.append(f'<td class="bx-not-measured">{escape(t("bench.ref.no_gpu_yet", lang))}</td>')
        else:
            name = res.framework_name(pair.column.today)
            for today in pair.today:
                cells.append(f"<td><small>{escape(name)}</small><br>{_today_cell(today.record, lang, False)}</td>")
                cells.append(f"<td>{escape(_speedup(pair.then_ms, today.record, lang))}</td>")
                cells.append(f"<td>{_today_cell(today.best, lang, True)}</td>")
                cells.append(f"<td>{escape(_speedup(pair.then_ms, today.best, lang))}</td>")
        rows.append(f"<tr>{label}{then_cell}{''.join(cells)}</tr>")
    thead = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (f'<div class="bx-table bx-thennow" id="thennow-{escape(ref.id)}"><table><thead><tr>{thead}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def comparison_csv(res: Results, ref: ReferenceFile) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["reference", "network", "workload", "batch_size", "column", "framework_then", "then_ms",
                     "framework_today", "hardware", "fp32_eager_status", "fp32_eager_median_ms", "fp32_eager_version",
                     "speedup_fp32_eager", "best_precision", "best_mode", "best_median_ms", "speedup_best"])
    for pair in pairs(res, ref):
        base = [ref.id, pair.row.label, pair.row.workload, pair.row.batch_size, pair.column.label,
                pair.column.framework, pair.then_ms, pair.column.today or ""]
        if not pair.today:
            writer.writerow(base + ["", "not_measured" if pair.column.today else "", "", "", "", "", "", "", ""])
            continue
        for today in pair.today:
            rec, best = today.record, today.best
            ok = rec if rec and rec["status"] == "ok" else None
            writer.writerow(base + [
                today.hardware.name, rec["status"] if rec else "not_measured",
                round(ok["median_s"] * 1e3, 6) if ok else "", rec["version"] if rec else "",
                round(pair.then_ms / 1e3 / ok["median_s"], 4) if ok and pair.then_ms else "",
                best["precision"] if best else "", best["mode"] if best else "",
                round(best["median_s"] * 1e3, 6) if best else "",
                round(pair.then_ms / 1e3 / best["median_s"], 4) if best and pair.then_ms else "",
            ])
    return buffer.getvalue()
