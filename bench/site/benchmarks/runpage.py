"""One run's page, as view models: its machine, software, settings, the command that reproduces it, and every cell.

Python works out what the page says (``RunView``, ``CellRow``, ``Setting``); the
templates under ``templates/benchmarks/`` (``run.html.j2``, ``run_cells.html.j2``)
write the markup, escaped. The cells table lists every result of the run in the
run's own order, whatever its status, with the reason of each cell that did not
run, how many worker processes measured it, a mark where the machine was busy
(``contended``) and why a cell has no interval; the same table is written as CSV,
and the raw run file is offered for download beside the page.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from bench.data.runs import V2_INTERVAL_NOTE, CellStatus, Precision, Run
from bench.site.render import jinja_env

from .cells import STATUS_ORDER, RunInfo
from .reasons import path_text, reason_html, recorded
from .text import fmt_bytes, fmt_date, fmt_duration, fmt_interval, fmt_time, ms, t, t_or

TEMPLATES = "benchmarks"


def template(name: str):
    return jinja_env().get_template(f"{TEMPLATES}/{name}")


def words(lang: str):
    """The benchmark words of ``lang`` for a template: ``t("bench.run.cells", count=3)``."""
    return functools.partial(t, lang=lang)


# --- settings -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One recorded setting: a value shown as code, or the settings nested under it."""

    key: str
    code: str = ""
    children: tuple[Setting, ...] = ()
    prose: bool = False  # a sentence (it holds spaces): plain text reads better than code


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)


def settings_tree(values: dict[str, Any]) -> tuple[Setting, ...]:
    """Settings in the order the harness recorded them: mappings nest, a list of mappings is numbered,
    anything else (a list of numbers included) is one value."""
    return tuple(_setting(str(key), value) for key, value in values.items())


def _setting(key: str, value: Any) -> Setting:
    if isinstance(value, dict) and value:
        return Setting(key, children=settings_tree(value))
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        return Setting(key, children=tuple(_setting(f"{index + 1}.", item) for index, item in enumerate(value)))
    # a path of the measuring machine (a compile cache, an output folder) is cut to its last name
    return Setting(key, code=recorded(_value(value)), prose=isinstance(value, str) and " " in value.strip())


def settings_html(settings: dict[str, Any], lang: str, memo: dict[str, Markup] | None = None) -> Markup:
    """The run's settings as recorded: keys and values are data, the same in both languages.

    ``memo``: the lists already made in this build, by content; runs of one harness
    version record the same settings, and the JSON key costs a fraction of a list."""
    if not settings:
        return Markup("<p>{}</p>").format(t("bench.none", lang))
    memo = {} if memo is None else memo
    key = json.dumps(settings, ensure_ascii=False)
    if key not in memo:
        memo[key] = template("_run_parts.html.j2").module.settings(settings_tree(settings))
    return memo[key]


# --- the page's facts -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FrameworkView:
    name: str
    available: bool
    version: str = ""
    python: str = ""  # the worker's Python version, where the run recorded a version (not a path)
    built: str = ""
    loaded: str = ""
    import_time: str = ""
    reason: Markup | None = None  # why it could not be imported, in the page's language (``reasons``)
    settings: Markup | None = None  # its settings as set (``frameworks_settings``)


@dataclass(frozen=True)
class WithdrawalView:
    date: str
    reason: Markup  # contributor Markdown, sanitized
    pull_request: int | None
    pull_url: str | None


@dataclass(frozen=True)
class RunView:
    """What a run's page says, in one language; links are relative to the page that shows it."""

    id: str
    file: str
    title: str
    started: str
    finished: str
    duration: str
    complete: bool
    harness_version: str
    commit: str | None
    commit_url: str | None
    dirty: bool
    schema_version: int
    stored_version: int
    hardware: str
    hardware_label: str
    hardware_href: str | None
    raw_href: str
    csv_href: str
    command: str
    device: Any
    host: Any
    device_memory: str
    host_memory: str
    peaks: str
    os: str
    frameworks: tuple[FrameworkView, ...]
    cells_total: int
    status_counts: tuple[tuple[str, int], ...]
    contended: int
    unstable: int
    notes: tuple[str, ...]
    withdrawal: WithdrawalView | None


_VERSION = re.compile(r"\d+(?:\.\d+)*\S*")


def _pair(cuda: str | None, cudnn: str | None) -> str:
    return " / ".join(x for x in (f"CUDA {cuda}" if cuda else "", f"cuDNN {cudnn}" if cudnn else "") if x)


def frameworks_settings(run: Run, memo: dict[str, Markup] | None = None) -> dict[str, Markup]:
    """Each framework's settings as set, as HTML: the same in both languages, made once per run (``settings_html``)."""
    return {fw.id: settings_html(fw.settings, "en", memo) for fw in run.frameworks if fw.available and fw.settings}


def frameworks_view(run: Run, lang: str, names: dict[str, str], settings: dict[str, Markup]) -> tuple[FrameworkView, ...]:
    out = []
    for fw in run.frameworks:
        name = names.get(fw.id, fw.id)
        if not fw.available:
            out.append(FrameworkView(name, False, reason=reason_html(fw.reason, lang)))
            continue
        python = fw.python if fw.python and _VERSION.fullmatch(fw.python) else ""  # never a path of the measuring machine
        out.append(FrameworkView(name, True, version=fw.version or "", python=python,
                                 built=_pair(fw.build_cuda, fw.build_cudnn), loaded=_pair(fw.loaded_cuda, fw.loaded_cudnn),
                                 import_time=fmt_time(fw.import_time_s, lang), settings=settings.get(fw.id)))
    return tuple(out)


def status_counts(run: Run) -> Counter:
    return Counter(r.status.value for r in run.results)


def run_view(info: RunInfo, lang: str, *, title: str, names: dict[str, str], repo_url: str | None,
             raw_href: str, csv_href: str, hardware_label: str, hardware_href: str | None,
             withdrawal: WithdrawalView | None, parts: RunParts) -> RunView:
    run = info.run
    d, h = run.device, run.host
    commit = run.harness.git_commit
    return RunView(
        id=info.id, file=info.file, title=title,
        started=fmt_date(run.started_at, lang), finished=fmt_date(run.finished_at, lang),
        duration=fmt_duration((run.finished_at - run.started_at).total_seconds(), lang) if run.finished_at else "",
        complete=run.complete, harness_version=run.harness.version, commit=commit,
        commit_url=f"{repo_url.rstrip('/')}/commit/{commit}" if commit and repo_url else None,
        dirty=bool(run.harness.git_dirty), schema_version=run.schema_version, stored_version=run.stored_schema_version,
        hardware=info.hardware.name, hardware_label=hardware_label, hardware_href=hardware_href,
        raw_href=raw_href, csv_href=csv_href, command=recorded(run.command), device=d, host=h,
        device_memory=fmt_bytes(d.memory_bytes, lang) if d.memory_bytes else "",
        host_memory=fmt_bytes(h.memory_bytes, lang) if h.memory_bytes else "",
        peaks=", ".join(f"{p.value.upper()} {v:g} TFLOP/s" for p, v in d.peak_tflops.items()),
        os=" ".join(x for x in (h.os, h.kernel) if x),
        frameworks=frameworks_view(run, lang, names, parts.framework_settings),
        cells_total=len(run.results), status_counts=parts.status_counts, contended=parts.contended, unstable=parts.unstable,
        notes=tuple(interval_note(note, lang) for note in parts.notes), withdrawal=withdrawal)


# --- why a cell has no interval -------------------------------------------------------------------

_NOTES = (
    (re.compile(r"no 95% interval: one process, fewer than the (?P<need>\d+) an interval needs"), "bench.run.note.one_process"),
    (re.compile(r"no 95% interval: (?P<n>\d+) processes, fewer than the (?P<need>\d+) an interval needs"),
     "bench.run.note.processes"),
    (re.compile(r"no 95% interval: a process has (?P<n>\d+) sample\(s\), fewer than (?P<need>\d+)"), "bench.run.note.samples"),
)


def interval_note(note: str, lang: str) -> str:
    """The harness's ``ci95_note`` in ``lang``: its known sentences are translated, any other is shown as recorded."""
    if note == V2_INTERVAL_NOTE:
        return t("bench.run.note.v2", lang)
    for pattern, key in _NOTES:
        if match := pattern.fullmatch(note):
            return t(key, lang, **match.groupdict())
    return note


def distinct_notes(run: Run) -> list[str]:
    """The run's ``ci95_note`` texts, each once, in the order of the cells: a cell points at its note by number."""
    return list(dict.fromkeys(r.ci95_note for r in run.results if r.status is CellStatus.ok and r.ci95_s is None and r.ci95_note))


# --- the cells table ------------------------------------------------------------------------------

@dataclass(slots=True)
class CellRow:
    """One row of the cells table: the same in both languages (its words are filled in by ``localize_cells``)."""

    workload: str
    framework: str
    words: str  # phase.precision.mode: their words, filled in together
    path: int  # the number of its path in ``CellsTable.paths``; 0: none recorded
    batch: int
    status: str
    layout: str = ""  # the memory layout, where the run recorded it
    reason: int = 0  # the number of its reason in ``CellsTable.reasons``
    median: str = ""
    interval: str = ""
    note: int | None = None  # the number of the note that says why there is no interval
    unstable: bool = False
    contended: bool = False
    processes: int = 0
    samples: int = 0

    @property
    def head_key(self) -> tuple:
        """What the row's head shows: the same in every run that measured this cell."""
        return (self.workload, self.framework, self.words, self.path, self.batch, self.layout)


def _protect(text: str) -> str:
    """Recorded text never reads as a word to fill in: ``⟦`` gets an invisible joiner after it."""
    return text.replace("⟦", "⟦\u2060")


def cell_rows(run: Run, names: dict[str, str], workloads: dict[str, str],
              texts: dict[str, dict[str, int]] | None = None) -> list[CellRow]:
    """The rows of ``run``'s cells table (hundreds per run, every run of the site: kept lean).

    ``texts``: ``{"reasons": {...}, "paths": {...}}``, each recorded text numbered as first met;
    the rows refer to them by number, and ``localize_cells`` writes each in the page's language."""
    texts = texts if texts is not None else {"reasons": {}, "paths": {}}
    reasons, paths = texts.setdefault("reasons", {}), texts.setdefault("paths", {})
    notes = {note: number for number, note in enumerate(distinct_notes(run), 1)}
    ok = CellStatus.ok
    rows = []
    for r in run.results:
        path = paths.setdefault(r.path, len(paths) + 1) if r.path else 0
        row = CellRow(_protect(workloads.get(r.workload, r.workload)), _protect(names.get(r.framework, r.framework)),
                      f"{r.phase._value_}.{r.precision._value_}.{r.mode}", path, r.batch_size,
                      r.status._value_, layout=_protect(r.layout or ""), contended=r.contended)
        if r.status is not ok:
            row.reason = reasons.setdefault(r.reason, len(reasons) + 1) if r.reason else 0
        else:
            row.median = fmt_time(r.median_s, "en")
            if r.ci95_s:
                row.interval = fmt_interval(r.ci95_s[0], r.ci95_s[1], "en", r.median_s)
            else:
                row.note = notes.get(r.ci95_note)
            row.unstable, row.processes, row.samples = r.unstable, len(r.processes) or 1, len(r.samples_s)
        rows.append(row)
    return rows


@dataclass(frozen=True)
class CellsTable:
    """A run's cells table, the same in both languages but for its words (``localize_cells`` fills them in)."""

    parts: list[str]  # text, key, text, key, ..., text: the table cut at its ``⟦key⟧`` words
    reasons: tuple[str, ...]  # ``⟦reason.N⟧``: the Nth recorded reason
    paths: tuple[str, ...]  # ``⟦path.N⟧``: the Nth recorded path


def cells_table(run: Run, names: dict[str, str], workloads: dict[str, str],
                heads: dict[tuple, Markup] | None = None) -> CellsTable:
    """The cells table of ``run``, rendered once for both languages.

    ``heads``: the rows' heads rendered so far in this build, by content (``CellRow.head_key``);
    every run of a machine measures the same cells, and a head costs most of a row."""
    texts: dict[str, dict[str, int]] = {"reasons": {}, "paths": {}}
    heads = {} if heads is None else heads
    rows = cell_rows(run, names, workloads, texts)
    head = template("_run_cell_head.html.j2").module.head
    lines = []
    for row in rows:
        key = row.head_key
        made = heads.get(key)
        if made is None:
            made = heads[key] = head(row)
        lines.append((made, row.contended, row.status, row.median, row.unstable, row.interval, row.note,
                      row.processes, row.samples, row.reason))
    html = template("run_cells.html.j2").render(rows=lines)
    return CellsTable(split_words(html), tuple(texts["reasons"]), tuple(texts["paths"]))


CELL_HEAD = {"cell": "bench.run.cell", "result": "bench.run.result", "processes": "bench.run.processes"}
"""The cells table's columns: what was measured, its median and interval (or its status and reason), the processes (samples)."""


@functools.cache
def _labels(lang: str) -> dict[str, str]:
    """The escaped words of the cells table in ``lang``: looked up once, not once per cell."""
    words = {f"status.{s}": escape(t(f"bench.status.{s}", lang)) for s in STATUS_ORDER}
    words |= {f"phase.{p}": escape(t(f"bench.phase.{p}", lang)) for p in ("train", "forward")}
    words |= {f"precision.{p.value}": escape(t_or(f"bench.precision.{p.value}", lang, p.value)) for p in Precision}
    words |= {f"head.{column}": escape(t(key, lang)) for column, key in CELL_HEAD.items()}
    words |= {word: escape(t(f"bench.run.{word}", lang)) for word in ("batch", "contended", "no_interval")}
    return words


def _mode(mode: str, lang: str, labels: dict[str, dict[str, str]]) -> str:
    return escape(labels.get(mode, {}).get(lang) or t_or(f"bench.mode.{mode}", lang, mode))


_WORD = re.compile(r"⟦([^⟧]+)⟧")


def split_words(skeleton: str) -> list[str]:
    """``skeleton`` cut at its words: text, key, text, key, ..., text (cut once per run, filled once per language)."""
    return _WORD.split(skeleton)


def localize_cells(table: CellsTable, lang: str, mode_labels: dict[str, dict[str, str]] | None = None) -> str:
    """Fill in the words; a mode's from ``mode_labels`` (as the run describes its modes), else the site's own;
    a reason or a path in ``lang`` (``reasons``: translated, the machine's paths cut, the rest collapsed).

    A key that is not a word (recorded text, protected by ``_protect``) is left as it was."""
    parts = list(table.parts)
    words = _labels(lang)
    labels = mode_labels or {}
    filled: dict[str, str] = {}  # a table repeats the same few dozen keys: each is worked out once

    def fill(key: str) -> str | None:
        kind, _, rest = key.partition(".")
        if kind == "cell":  # phase.precision.mode
            phase, precision, mode = rest.split(".")
            return " · ".join((words[f"phase.{phase}"], words[f"precision.{precision}"], _mode(mode, lang, labels)))
        if kind == "batch":
            return f"{words['batch']} {int(rest)}"
        if kind == "reason":
            return str(reason_html(table.reasons[int(rest) - 1], lang))
        if kind == "path":
            return escape(path_text(table.paths[int(rest) - 1], lang))
        if kind == "mode":
            return _mode(rest, lang, labels)
        return words.get(key)

    for key in set(parts[1::2]):
        try:
            text = fill(key)
        except (KeyError, ValueError, IndexError):
            text = None
        filled[key] = f"⟦{key}⟧" if text is None else text
    parts[1::2] = map(filled.__getitem__, parts[1::2])
    return "".join(parts)


@dataclass(frozen=True)
class RunParts:
    """What a run's page shows the same in both languages: made once per run and build."""

    cells: CellsTable
    settings: Markup
    framework_settings: dict[str, Markup]
    notes: tuple[str, ...]  # why cells have no interval, as recorded (``interval_note`` translates them)
    status_counts: tuple[tuple[str, int], ...]
    contended: int
    unstable: int


def run_parts(run: Run, names: dict[str, str], workloads: dict[str, str], lists: dict[str, Markup],
              heads: dict[tuple, Markup] | None = None) -> RunParts:
    """``lists``: the settings lists made so far in this build (``settings_html``); ``heads``: the cells
    table's row heads made so far (``cells_table``)."""
    counts = status_counts(run)
    return RunParts(cells=cells_table(run, names, workloads, heads), settings=settings_html(run.settings, "en", lists),
                    framework_settings=frameworks_settings(run, lists), notes=tuple(distinct_notes(run)),
                    status_counts=tuple((s, counts[s]) for s in STATUS_ORDER if counts.get(s)),
                    contended=sum(1 for r in run.results if r.contended), unstable=sum(1 for r in run.results if r.unstable))


RUN_CSV_COLUMNS = ["framework", "workload", "phase", "precision", "mode", "path", "batch_size", "status", "reason",
                   "median_ms", "ci95_low_ms", "ci95_high_ms", "n_samples", "unstable", "n_processes", "contended"]
"""The run page's table as CSV; every other field, and every sample, is in the raw run file beside it."""


def cells_csv(run: Run) -> str:
    """The cells table of the run page, one line per cell, in milliseconds."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RUN_CSV_COLUMNS)
    writer.writerows(
        (r.framework, r.workload, r.phase._value_, r.precision._value_, r.mode, r.path, r.batch_size,
         r.status._value_, recorded(r.reason), ms(r.median_s), ms(r.ci95_s[0]) if r.ci95_s else None,
         ms(r.ci95_s[1]) if r.ci95_s else None, len(r.samples_s), r.unstable, len(r.processes), r.contended)
        for r in run.results)
    return buffer.getvalue()
