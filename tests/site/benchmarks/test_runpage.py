"""A run's page, block by block (bench/site/benchmarks/runpage.py, pages/runs.py, templates/benchmarks/run*.j2).

The blocks are rendered for fixture runs and for copies of them changed in memory:
no commit, a contended cell, several processes, a note instead of an interval,
hostile settings. No site is built here (tests/site/benchmarks/test_site_pages.py does).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from benchfixtures import V1_RUN

from bench.data.runs import CellStatus
from bench.site.benchmarks import runpage
from bench.site.benchmarks.cells import RunInfo, results
from bench.site.benchmarks.outputs import PageFiles
from bench.site.benchmarks.pages import runs
from bench.site.benchmarks.text import strings
from bench.site.data import SiteData
from bench.site.render import TEMPLATES, PageContext

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def site_data(bench_dataset) -> SiteData:
    return SiteData.from_dataset(bench_dataset)


def blocks(site_data, res, info: RunInfo, lang: str) -> dict[str, str]:
    # a changed copy shares its id with the fixture: forget what the build state made of the fixture
    results(site_data).memo.get("run_parts", {}).pop(info.id, None)
    return runs.run_blocks(PageContext(data=site_data, lang=lang, repo_url="https://example.org/repo"), info,
                           PageFiles(None, lang))


def changed(res, run_id: str, **run_fields) -> RunInfo:
    """A fixture run with some of its fields changed (a copy: the fixture stays as it is)."""
    info = res.run_by_id[run_id]
    return RunInfo(info.id, info.file, info.run.model_copy(update=run_fields), info.hardware)


def latest(res) -> RunInfo:
    return res.paged[-1]


def row_of(cells_html: str, workload_name: str, mode_word: str) -> str:
    rows = re.findall(r"<tr[^>]*>.*?</tr>", cells_html, re.DOTALL)
    return next(row for row in rows if f"<b>{workload_name}</b>" in row and mode_word in row)


# --- the harness commit ----------------------------------------------------------------------------


def test_a_recorded_commit_is_linked_and_checked_out_in_the_command(site_data, res, lang):
    info = latest(res)
    assert info.run.harness.git_commit == COMMIT
    page = blocks(site_data, res, info, lang)
    assert f'<a href="https://example.org/repo/commit/{COMMIT}"><code>{COMMIT[:12]}</code></a>' in page["head"]
    assert f"git checkout {COMMIT}\n{info.run.command}" in page["reproduce"]
    assert "bx-no-commit" not in page["reproduce"]


@pytest.mark.parametrize("lang, missing", [("en", "commit not recorded"), ("zh", "未记录提交")])
def test_a_run_without_a_commit_says_so_and_prints_no_versioned_command(site_data, res, lang, missing):
    info = latest(res)
    info = changed(res, info.id, harness=info.run.harness.model_copy(update={"git_commit": None, "git_dirty": None}))
    page = blocks(site_data, res, info, lang)
    assert missing in page["head"] and "/commit/" not in page["head"]
    assert "git checkout" not in page["reproduce"] and 'class="admonition warning bx-no-commit"' in page["reproduce"]
    assert info.run.command in page["reproduce"]  # the command as recorded, under the warning


def test_uncommitted_changes_are_said_beside_the_commit(site_data, res):
    info = latest(res)
    info = changed(res, info.id, harness=info.run.harness.model_copy(update={"git_dirty": True}))
    page = blocks(site_data, res, info, "en")
    assert "(uncommitted changes)" in page["head"] and "uncommitted changes when this run was measured" in page["reproduce"]


# --- settings as a list ----------------------------------------------------------------------------


def test_settings_nest_as_recorded_and_keep_their_order():
    tree = runpage.settings_tree({"quick": False, "policy": {"samples": 5, "shape": [3, 224, 224]}, "empty": {},
                                  "note": "one process per cell", "rounds": [{"a": None}], "cache": None})
    assert [s.key for s in tree] == ["quick", "policy", "empty", "note", "rounds", "cache"]
    quick, policy, empty, note, rounds, cache = tree
    assert (quick.code, quick.children) == ("false", ())
    assert [(s.key, s.code) for s in policy.children] == [("samples", "5"), ("shape", "[3, 224, 224]")]
    assert (empty.code, empty.children) == ("{}", ())
    assert note.prose and not quick.prose
    assert rounds.children[0].key == "1." and rounds.children[0].children[0].code == "null"
    assert cache.code == "null"


def test_settings_are_a_definition_list_that_breaks_at_separators_and_escapes_everything(lang):
    html = str(runpage.settings_html({"max_block_steps": 10, "paths": {"<b>cache</b>": "cache/inductor/graphs"}}, lang))
    assert html.startswith('<dl class="bx-dl">') and html.count('<dl class="bx-dl">') == 2  # nested
    assert "<dt>max_<wbr>block_<wbr>steps</dt>" in html and "<code>10</code>" in html
    assert "<dt>&lt;b&gt;cache&lt;/<wbr>b&gt;</dt>" in html and "<b>" not in html
    assert "<code>cache/<wbr>inductor/<wbr>graphs</code>" in html
    assert "<table" not in html


def test_no_path_of_the_measuring_machine_is_shown_in_settings_or_the_command(site_data, res):
    info = latest(res)
    info = changed(res, info.id, command="python -m bench run --out /home/alice/runs",
                   settings={"compile cache": "/tmp/bench-run-0a1b/cache/inductor", "dirs": ["/opt/x/y", "z"]})
    page = blocks(site_data, res, info, "en")
    assert "python -m bench run --out …/runs" in page["reproduce"] and "/home/" not in page["reproduce"]
    assert "…/<wbr>inductor" in page["settings"] and "/tmp/" not in page["settings"] and "/opt/" not in page["settings"]


def test_a_run_without_settings_says_none(lang):
    assert str(runpage.settings_html({}, lang)) == "<p>–</p>"


def test_framework_settings_are_listed_under_the_software_table(site_data, res):
    info = latest(res)
    fw = info.run.frameworks[0]
    info = changed(res, info.id, frameworks=[fw.model_copy(update={"settings": {"threads": {"intra_op": 2}}})])
    software = blocks(site_data, res, info, "en")["software"]
    table, _, below = software.partition("</table>")
    assert "intra_op" not in table and "<dt>intra_<wbr>op</dt>" in below and "Settings as set" in below


# --- cells: processes, contention, intervals -------------------------------------------------------


def _cells(res, info: RunInfo, update) -> RunInfo:
    results = [update(r) if r.status.value == "ok" else r for r in info.run.results]
    return changed(res, info.id, results=results)


def test_each_cell_says_how_many_processes_and_samples_measured_it(site_data, res, lang):
    from bench.data.runs import Process

    def three(r):
        n = len(r.samples_s)
        return r.model_copy(update={"samples_s": r.samples_s * 3, "processes": [Process(samples=n)] * 3})

    info = _cells(res, latest(res), three)
    first = next(r for r in info.run.results if r.status.value == "ok")
    cells = blocks(site_data, res, info, lang)["cells"]
    head = "Processes (samples)" if lang == "en" else "进程数（样本数）"
    assert f'<th scope="col">{head}</th>' in cells
    assert f"<td>3 <small>({len(first.samples_s)})</small></td>" in cells  # first: already the copy, 3 x the samples


def test_a_contended_cell_is_marked_counted_and_explained(site_data, res, lang):
    info = latest(res)
    target = next(r for r in info.run.results if r.status.value == "ok")
    info = _cells(res, info, lambda r: r.model_copy(update={"contended": r is target}))
    cells = blocks(site_data, res, info, lang)["cells"]
    word = "contended" if lang == "en" else "机器繁忙"
    marked = re.findall(r'<tr class="bx-contended">.*?</tr>', cells, re.DOTALL)
    assert len(marked) == 1 and f"⚑ {word}" in marked[0]
    assert f"⚑ {word}: 1</span>" in cells  # the count above the table
    note = "never in the results tables" if lang == "en" else "不会进入结果表格"
    assert note in cells


def test_a_run_without_contention_has_no_mark(site_data, res):
    cells = blocks(site_data, res, latest(res), "en")["cells"]
    assert "⚑" not in cells and "bx-contended" not in cells


def test_a_cell_names_its_memory_layout_where_the_run_recorded_it(site_data, res):
    info = latest(res)
    target = next(r for r in info.run.results if r.status.value == "ok")
    info = _cells(res, info, lambda r: r.model_copy(update={"layout": "channels_last" if r is target else None}))
    cells = blocks(site_data, res, info, "en")["cells"]
    assert cells.count("channels_<wbr>last") == 1


def test_noisy_cells_are_marked_and_the_mark_explained(site_data, res, lang):
    info = _cells(res, latest(res), lambda r: r.model_copy(update={"iqr_s": r.median_s * 0.5}))
    cells = blocks(site_data, res, info, lang)["cells"]
    legend = "noisy: IQR above 10% of the median" if lang == "en" else "波动大：四分位距超过中位数的 10%"
    assert " ⚠<br>" in cells and f"<p>⚠ {legend}</p>" in cells
    quiet = _cells(res, latest(res), lambda r: r.model_copy(update={"iqr_s": 0.0}))
    assert "⚠" not in blocks(site_data, res, quiet, lang)["cells"]


def test_a_cell_without_an_interval_points_at_its_translated_note(site_data, res):
    note = "no 95% interval: one process, fewer than the 5 an interval needs"
    info = _cells(res, latest(res), lambda r: r.model_copy(update={"ci95_s": None, "ci95_note": note}))
    page = {lang: blocks(site_data, res, info, lang)["cells"] for lang in ("en", "zh")}
    assert "no interval<sup>1</sup>" in page["en"] and "无区间<sup>1</sup>" in page["zh"]
    assert "<li>measured in one process; an interval needs at least 5.</li>" in page["en"]
    assert "<li>只在一个进程中测量；计算区间至少需要 5 个进程。</li>" in page["zh"]


def test_interval_notes_the_harness_writes_are_translated_and_others_kept():
    from bench.data.runs import V2_INTERVAL_NOTE
    from bench.harness.stats import interval_refusal

    for note in (interval_refusal([5]), interval_refusal([5, 5]), interval_refusal([2] * 5), V2_INTERVAL_NOTE):
        assert note and runpage.interval_note(note, "zh") != note and "95%" not in runpage.interval_note(note, "en")
    assert runpage.interval_note("no 95% interval: <odd>", "zh") == "no 95% interval: <odd>"


def test_an_interval_is_shown_under_its_median(site_data, res):
    info = latest(res)
    low, high = 0.99, 1.01
    info = _cells(res, info, lambda r: r.model_copy(update={"ci95_s": (r.median_s * low, r.median_s * high)}))
    cell = next(r for r in info.run.results if r.status.value == "ok")
    cells = blocks(site_data, res, info, "en")["cells"]
    shown = f"{runpage.fmt_time(cell.median_s, 'en')}<br><small>{runpage.fmt_interval(*cell.ci95_s, 'en', cell.median_s)}</small>"
    assert shown in cells and "no interval" not in cells


def test_recorded_text_in_the_table_is_escaped_and_never_read_as_a_word(res):
    info = latest(res)
    bad = "⟦status.ok⟧ <script>alert(1)</script> in /opt/venv/lib/python3.11/site-packages/torch/x.py"
    results = [r.model_copy(update={"status": CellStatus.error, "reason": bad, "median_s": None, "samples_s": [],
                                    "layout": "⟦batch.1⟧"})
               for r in info.run.results]
    run = info.run.model_copy(update={"results": results})
    table = runpage.cells_table(run, {}, {})
    assert table.reasons == (bad,)  # recorded once, however many cells share it
    for lang in ("en", "zh"):
        html = runpage.localize_cells(table, lang)
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "⟦status.ok⟧ &lt;script&gt;" in html  # the recorded text as it was, collapsed under the status
        assert "/opt/venv" not in html and "…/x.py" in html  # no path of the measuring machine
        assert "⟦\u2060batch.<wbr>1⟧" in html  # a recorded layout is never read as a word


# --- the page as a whole ---------------------------------------------------------------------------


def test_the_stored_schema_version_comes_from_the_data_layer(site_data, res):
    old = res.run_by_id[V1_RUN]
    assert old.run.stored_schema_version == 1
    assert "schema version 1, read as version 3" in blocks(site_data, res, old, "en")["head"]
    assert "read as version" not in blocks(site_data, res, latest(res), "en")["head"]


def test_every_block_is_there_and_every_table_has_few_columns(site_data, res, lang):
    for info in res.paged:
        page = blocks(site_data, res, info, lang)
        assert set(page) == set(runs.runshell.BLOCKS) and all(page.values())
        for table in re.findall(r"<table.*?</table>", "".join(page.values()), re.DOTALL):
            head = re.search(r"<thead>.*?</thead>", table, re.DOTALL)
            assert head is None or head.group(0).count("<th ") <= 4, head.group(0)


def test_every_word_the_run_templates_use_is_defined():
    used = set()
    for path in (Path(TEMPLATES) / "benchmarks").glob("*.j2"):
        used |= set(re.findall(r't\("(bench\.[a-z_.]*[a-z_])"', path.read_text(encoding="utf-8")))  # whole keys
    assert "bench.run.commit_missing" in used
    assert sorted(key for key in used if key not in strings()) == []
    assert all(key in strings() for key in runpage.CELL_HEAD.values())
