"""One run: its machine, software, settings, the command that reproduces it, and every cell.

The blocks here are HTML (escaped); ``pages.py`` puts them under headings. The
cells table lists every result of the run in the run's own order, whatever its
status, with the reason of each cell that did not run; the same table is
written as CSV, and the raw run file is offered for download beside the page.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from html import escape
from typing import Any

from bench.data.runs import CellStatus, Precision, Run

from .cells import STATUS_ORDER, RunInfo
from .reasons import path_text, reason_html, recorded, strip_paths
from .text import LANGUAGES, fmt_bytes, fmt_date, fmt_duration, fmt_interval, fmt_time, ms, t, t_or


def _table(rows: list[tuple[str, str]], css: str = "bx-facts") -> str:
    """A two-column table of label and (already escaped) value; rows without a value are left out."""
    body = "".join(f'<tr><th scope="row">{escape(label)}</th><td>{value}</td></tr>' for label, value in rows if value != "")
    return f'<div class="{css}"><table><tbody>{body}</tbody></table></div>'


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def summary_html(info: RunInfo, lang: str, stored_version: int | None, repo_url: str | None) -> str:
    run = info.run
    duration = ""
    if run.finished_at:
        duration = fmt_duration((run.finished_at - run.started_at).total_seconds(), lang)
    commit = run.harness.git_commit or ""
    commit_html = _code(commit[:12]) if commit else escape(t("bench.none", lang))
    if commit and repo_url:
        commit_html = f'<a href="{escape(repo_url.rstrip("/"))}/commit/{escape(commit)}">{_code(commit[:12])}</a>'
    if run.harness.git_dirty:
        commit_html += " " + escape(t("bench.run.dirty", lang))
    status = t("bench.run.complete", lang) if run.complete else t("bench.run.incomplete", lang)
    schema = str(run.schema_version)
    if stored_version is not None and stored_version != run.schema_version:
        schema = t("bench.run.migrated", lang, stored=stored_version, current=run.schema_version)
    rows = [
        (t("bench.run.started", lang), escape(fmt_date(run.started_at, lang))),
        (t("bench.run.finished", lang), escape(fmt_date(run.finished_at, lang)) if run.finished_at else escape(t("bench.none", lang))),
        (t("bench.run.duration", lang), escape(duration)),
        (t("bench.run.state", lang), f'<span class="{"bx-ok" if run.complete else "bx-warn"}">{escape(status)}</span>'),
        (t("bench.run.harness", lang), escape(run.harness.version) + " · " + commit_html),
        (t("bench.run.schema", lang), escape(schema)),
        (t("bench.run.hardware_group", lang), escape(info.hardware.name)),
    ]
    return _table(rows)


def machine_html(run: Run, lang: str) -> str:
    d, h = run.device, run.host
    peaks = ", ".join(f"{p.value.upper()} {v:g} TFLOP/s" for p, v in d.peak_tflops.items())
    device = [
        (t("bench.run.device_kind", lang), escape(d.kind)),
        (t("bench.run.device_name", lang), escape(d.name)),
        (t("bench.run.device_count", lang), escape(str(d.count))),
        (t("bench.run.device_memory", lang), escape(fmt_bytes(d.memory_bytes, lang)) if d.memory_bytes else ""),
        (t("bench.run.driver", lang), escape(d.driver or "")),
        ("CUDA", escape(d.cuda or "")),
        ("cuDNN", escape(d.cudnn or "")),
        (t("bench.run.peaks", lang), escape(peaks)),
    ]
    host = [
        (t("bench.run.os", lang), escape(" ".join(x for x in (h.os, h.kernel) if x))),
        (t("bench.run.machine", lang), escape(h.machine or "")),
        (t("bench.run.cpu", lang), escape(h.cpu or "")),
        (t("bench.run.cores", lang), escape(t("bench.run.cores_value", lang, logical=h.cores_logical, physical=h.cores_physical))
         if h.cores_logical else ""),
        (t("bench.run.memory", lang), escape(fmt_bytes(h.memory_bytes, lang)) if h.memory_bytes else ""),
        ("Python", escape(h.python)),
    ]
    return (f'<div class="bx-pair"><div><p><b>{escape(t("bench.run.device", lang))}</b></p>{_table(device)}</div>'
            f'<div><p><b>{escape(t("bench.run.host", lang))}</b></p>{_table(host)}</div></div>')


def frameworks_html(run: Run, lang: str, names: dict[str, str]) -> str:
    head = [t("bench.run.framework", lang), t("bench.chart.version", lang), t("bench.run.built_with", lang),
            t("bench.run.loaded", lang), t("bench.chart.import", lang), t("bench.run.fw_settings", lang)]
    rows = []
    for fw in run.frameworks:
        name = escape(names.get(fw.id, fw.id))
        if not fw.available:
            rows.append(f'<tr><th scope="row">{name}</th><td colspan="{len(head) - 1}" class="bx-not-available">'
                        f"<b>{escape(t('bench.status.not_available', lang))}</b>{reason_html(fw.reason, lang)}</td></tr>")
            continue
        built = " / ".join(x for x in (f"CUDA {fw.build_cuda}" if fw.build_cuda else "", f"cuDNN {fw.build_cudnn}" if fw.build_cudnn else "") if x)
        loaded = " / ".join(x for x in (f"CUDA {fw.loaded_cuda}" if fw.loaded_cuda else "", f"cuDNN {fw.loaded_cudnn}" if fw.loaded_cudnn else "") if x)
        settings = "<br>".join(f"{_code(k)} = {_code(_value(v))}" for k, v in sorted(fw.settings.items()))
        version = escape(fw.version or "")
        if fw.python and strip_paths(fw.python) == fw.python:  # a version; an interpreter's path is not shown
            version += f"<br><small>Python {escape(fw.python)}</small>"
        rows.append(f'<tr><th scope="row">{name}</th><td>{version}</td><td>{escape(built) or "–"}</td>'
                    f'<td>{escape(loaded) or "–"}</td><td>{escape(fmt_time(fw.import_time_s, lang))}</td>'
                    f'<td>{settings or "–"}</td></tr>')
    thead = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return f'<div class="bx-table"><table><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _setting_value(value: Any, depth: int = 0) -> str:
    """A setting as HTML: mappings as nested tables (two levels), everything else as code."""
    if isinstance(value, dict) and value and depth < 2:
        return _table([(str(k), _setting_value(v, depth + 1)) for k, v in value.items()], "bx-facts bx-nested")
    return _code(_value(value))


def settings_html(run: Run, lang: str) -> str:
    """The run's settings as recorded: keys and values are data, the same in both languages."""
    if not run.settings:
        return f"<p>{escape(t('bench.none', lang))}</p>"
    return _table([(k, _setting_value(v)) for k, v in sorted(run.settings.items())])


def status_counts(run: Run) -> Counter:
    return Counter(r.status.value for r in run.results)


def statuses_html(run: Run, lang: str) -> str:
    counts = status_counts(run)
    parts = [f'<span class="bx-count bx-{s}">{escape(t("bench.status." + s, lang))}: {counts[s]}</span>'
             for s in STATUS_ORDER if counts.get(s)]
    total = t("bench.run.cells", lang, count=len(run.results))
    return f'<p class="bx-counts">{escape(total)} · ' + " · ".join(parts) + "</p>" if parts else f"<p>{escape(total)}</p>"


CELL_HEAD = ("bench.run.framework", "bench.run.workload", "bench.run.phase", "bench.run.precision", "bench.chart.mode",
             "bench.run.batch", "bench.chart.status", "bench.chart.median", "bench.chart.interval")
"""The run page's cells table: each cell's settings, status, and its median with the interval (or its reason).
Every other figure is in the raw run file; the latest results and the history set them side by side."""


@functools.cache
def _labels(lang: str) -> dict[str, str]:
    """The escaped words of the cells table in ``lang``: looked up once, not once per cell."""
    words = {f"status.{s}": escape(t(f"bench.status.{s}", lang)) for s in STATUS_ORDER}
    words |= {f"phase.{p}": escape(t(f"bench.phase.{p}", lang)) for p in ("train", "forward")}
    words |= {f"precision.{p.value}": escape(t_or(f"bench.precision.{p.value}", lang, p.value)) for p in Precision}
    words["head"] = "".join(f'<th scope="col">{escape(t(key, lang))}</th>' for key in CELL_HEAD)
    return words


def cells_figures(run: Run) -> list[tuple[str, ...] | None]:
    """Per cell, its figures as escaped text (the same in both languages; the throughput's unit apart)."""
    out: list[tuple[str, ...] | None] = []
    for r in run.results:
        if r.status is not CellStatus.ok:
            out.append(None)
            continue
        median = fmt_time(r.median_s, "en") + (" ⚠" if r.unstable else "")
        ci = fmt_interval(r.ci95_s[0], r.ci95_s[1], "en", r.median_s) if r.ci95_s else "–"
        out.append((escape(median), escape(ci)))
    return out


def cells_skeleton(run: Run, names: dict[str, str], workloads: dict[str, str],
                   figures: list[tuple[str, ...] | None] | None = None) -> str:
    """The cells table with its words as ``⟦key⟧`` (``localize_cells`` fills them in per language).

    A run's table is the same in both languages but for a few words per row: built once, filled twice."""
    figures = figures if figures is not None else cells_figures(run)
    rows = []
    for r, numbers in zip(run.results, figures):
        status = r.status.value
        if numbers is not None:
            median, ci = numbers
            tail = f'<td class="bx-ok">⟦status.ok⟧</td><td>{median}</td><td>{ci}</td>'
        else:
            tail = (f'<td class="bx-{status}"><b>⟦status.{status}⟧</b></td>'
                    f'<td colspan="2">{_in_each_language(reason_html, r.reason)}</td>')
        path = f" ({_in_each_language(lambda text, lang: escape(path_text(text, lang)), r.path)})" if r.path else ""
        rows.append(f"<tr><td>{escape(names.get(r.framework, r.framework))}</td>"
                    f"<td>{escape(workloads.get(r.workload, r.workload))}</td><td>⟦phase.{r.phase.value}⟧</td>"
                    f"<td>⟦precision.{r.precision.value}⟧</td><td>⟦mode.{r.mode}⟧{path}</td>"
                    f"<td>{r.batch_size}</td>{tail}</tr>")
    return (f'<div class="bx-table bx-cells"><table><thead><tr>⟦head⟧</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _protect(text: str) -> str:
    """Recorded text never reads as a word to fill in."""
    return text.replace("⟦", "&#10214;")


def _in_each_language(render: Callable[[str | None, str], str], text: str | None) -> str:
    """``render(text, lang)`` for every language, each between ``⟦lang:xx⟧`` and ``⟦/lang⟧``: ``localize_cells`` keeps one."""
    return "".join(f"⟦lang:{lang}⟧{_protect(str(render(text, lang)))}⟦/lang⟧" for lang in LANGUAGES)


_WORD = re.compile(r"⟦([^⟧]+)⟧")
_IN_LANGUAGE = re.compile(r"⟦lang:(\w+)⟧(.*?)⟦/lang⟧", re.DOTALL)


def localize_cells(skeleton: str, lang: str, mode_labels: dict[str, dict[str, str]] | None = None) -> str:
    """Fill in the words; a mode's from ``mode_labels`` (as the run describes its modes), else the site's own."""
    words = _labels(lang)
    labels = mode_labels or {}
    skeleton = _IN_LANGUAGE.sub(lambda m: m.group(2) if m.group(1) == lang else "", skeleton)

    def word(match: re.Match) -> str:
        key = match.group(1)
        if key.startswith("mode."):
            mode = key.removeprefix("mode.")
            return escape(labels.get(mode, {}).get(lang) or t_or(f"bench.mode.{mode}", lang, mode))
        return words[key]

    return _WORD.sub(word, skeleton)


RUN_CSV_COLUMNS = ["framework", "workload", "phase", "precision", "mode", "path", "batch_size", "status", "reason",
                   "median_ms", "ci95_low_ms", "ci95_high_ms", "n_samples", "unstable"]
"""The run page's table as CSV; every other field, and every sample, is in the raw run file beside it."""


def cells_csv(run: Run) -> str:
    """The cells table of the run page, one line per cell, in milliseconds."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RUN_CSV_COLUMNS)
    writer.writerows(
        (r.framework, r.workload, r.phase._value_, r.precision._value_, r.mode, r.path, r.batch_size,
         r.status._value_, recorded(r.reason), ms(r.median_s), ms(r.ci95_s[0]) if r.ci95_s else None,
         ms(r.ci95_s[1]) if r.ci95_s else None, len(r.samples_s), r.unstable)
        for r in run.results)
    return buffer.getvalue()
