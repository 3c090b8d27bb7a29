"""What a person sees while a run goes: a progress line per cell (stderr), a summary table at the end (stdout).

Plain text, one line per event, so that it reads the same in a terminal, a
CI log and a file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO, Any

from .matrix import Cell


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.2f}"


def mib(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f}"


class Progress:
    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.total = total
        self.count = 0
        self.stream = stream or sys.stderr
        self.t0 = time.monotonic()

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def begin(self, path: Path) -> None:
        self._print(f"bench run: {self.total} cell(s), writing {path}")

    def note(self, text: str) -> None:
        self._print(f"[{_clock(time.monotonic() - self.t0)}] {text}")

    def start(self, cell: Cell) -> None:
        self._print(f"[{_clock(time.monotonic() - self.t0)}] {self.count + 1}/{self.total} {cell.label} ...")

    def done(self, cell: Cell, result: dict[str, Any]) -> None:
        self.count += 1
        left = self.total - self.count
        if result["status"] == "ok":
            outcome = f"ok {ms(result['median_s'])} ms, {result['throughput']:.1f} {result.get('throughput_unit', '/s')}"
            if result.get("first_step_s") is not None:
                outcome += f", first step {result['first_step_s']:.2f} s"
        else:
            outcome = f"{result['status']}: {result.get('reason', '')}"
        self._print(f"[{_clock(time.monotonic() - self.t0)}] {self.count}/{self.total} {cell.label}: {outcome} ({left} left)")

    def end(self, doc: dict[str, Any], path: Path, logs: Path | None = None) -> None:
        state = "complete" if doc["complete"] else "INCOMPLETE: " + doc["settings"].get("stopped", "")
        self._print(f"[{_clock(time.monotonic() - self.t0)}] run {state}; {len(doc['results'])} cell(s) in {path}")
        if logs is not None:
            self._print(f"worker logs: {logs}")
        print(summary_table(doc), flush=True)


COLUMNS = ("framework", "workload", "phase", "prec", "mode", "batch", "status", "median ms", "IQR %", "throughput", "TFLOP/s", "peak MiB", "1st step s")


def summary_table(doc: dict[str, Any]) -> str:
    """One row per cell, then the reason of every cell that is not ok."""
    rows = []
    for r in doc["results"]:
        if (r.get("reason") or "").startswith("not installed"):
            continue  # counted once below
        ok = r["status"] == "ok"
        iqr = f"{100 * r['iqr_s'] / r['median_s']:.1f}" if ok and r.get("median_s") else "-"
        rows.append(
            (
                r["framework"], r["workload"], r["phase"], r["precision"], r["mode"], str(r["batch_size"]), r["status"],
                ms(r.get("median_s")) if ok else "-",
                iqr,
                f"{r['throughput']:.1f}" if ok else "-",
                f"{r['tflops']:.3f}" if ok and r.get("tflops") is not None else "-",
                mib(r.get("peak_memory_bytes")) if ok else "-",
                f"{r['first_step_s']:.2f}" if r.get("first_step_s") is not None else "-",
            )
        )
    widths = [max(len(col), *(len(row[i]) for row in rows)) if rows else len(col) for i, col in enumerate(COLUMNS)]
    right = set(range(5, len(COLUMNS))) - {6}
    lines = []
    for row in [COLUMNS, *rows]:
        lines.append("  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    # reasons of the cells not measured, each told once with a count (a framework not installed...)
    reasons: dict[str, int] = {}
    for r in doc["results"]:
        if r["status"] != "ok":
            text = f"{r['framework']} {r['status']}: {r.get('reason', '')}"
            reasons[text] = reasons.get(text, 0) + 1
    if reasons:
        lines += ["", "cells not measured:"]
        lines += [f"  {count} x {text}" for text, count in reasons.items()]
    return "\n".join(lines)
