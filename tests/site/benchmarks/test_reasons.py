"""Harness messages on a page: every one the harness can write has words in both languages, no path survives.

The messages are not listed by hand: they are read from the harness's source
(every ``"reason"`` of a dict or set in one, every ``Unsupported``/``WorkerDied`` message and
what the adapters and model files return as a cell's path), each f-string
filled with sample values (an interpreter's path among them), and parsed back.
A message added to the harness without a pattern here fails this test.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from bench.site import strings
from bench.site.benchmarks import reasons
from bench.site.benchmarks.reasons import parse_path, parse_reason, path_text, reason_html, reason_text, strip_paths
from bench.site.benchmarks.runpage import CellsTable, localize_cells, split_words

ROOT = Path(__file__).resolve().parents[3]
HARNESS = ROOT / "bench" / "harness"
MACHINE_PATH = re.compile(r"(?:/(?:usr|home|opt|work|tmp|root|var|private|Users)/|[A-Za-z]:\\)")

SAMPLES = {
    # what an f-string's fields hold, by their source text; an interpreter's path where the harness names one
    "opt.python": "/home/alice/.venv/bin/python3",
    "package": "tensorflow", "name or package": "TensorFlow", "name or framework": "PyTorch",
    "type(exc).__name__": "RuntimeError", "exc": "cannot open /usr/lib/x86_64-linux-gnu/libcuda.so.1",
    "first_line(str(exc))": "CUDA error at /opt/src/kernel.cu:12", "exc.strerror or exc": "No such file or directory",
    "cell.mode": "compile", "', '.join(modes)": "eager, compile", "timeout_s:.0f": "600",
    "message": "worker killed by signal SIGKILL (last output: File \"/home/alice/run.py\", line 3)",
    "what": "killed by signal SIGKILL", "tail": "File \"/home/alice/bench/worker.py\", line 9, in main",
    "len(failed)": "1", "len(answers)": "3", "bad.get('status', 'error')": "oom",
    "bad.get('reason') or 'no reason given'": "OutOfMemoryError: CUDA out of memory",
    "worker.hello.get('reason')": "worker did not start: worker exited with code 1",
    "jax.__version__": "0.7.2", "torch.__version__": "2.9.0", "tf.__version__": "2.20.0", "device": "gpu",
    "torch.version.cuda": "12.8", "build.get('cuda_version')": "12.5.1", "keras.backend.backend()": "jax",
    "code": "1", "signal.Signals(-code).name": "SIGKILL", "-code": "9",
    "graphs": "3", "'s' if graphs > 1 else ''": "s", "len(reasons)": "4", "first or 'no reason recorded'": "Attempted to wrap RNN, GRU, or LSTM",
    "first": "Attempted to inline function marked as skipped", "backend": "FLASH_ATTENTION",
}


def _sample(node: ast.expr) -> list[str]:
    """The texts an expression can give, with SAMPLES in its fields; [] where it only passes one on."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        out = ""
        for part in node.values:
            if isinstance(part, ast.Constant):
                out += part.value
            else:
                source = ast.unparse(part.value) + (f":{ast.unparse(part.format_spec)[2:-1]}" if part.format_spec else "")
                assert source in SAMPLES, f"no sample for the field {{{source}}} of {ast.unparse(node)}"
                out += SAMPLES[source]
        return [out]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _sample(node.left) or [""] for b in _sample(node.right) or [""]]
    if isinstance(node, ast.IfExp):
        return _sample(node.body) + _sample(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in _sample(value)]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "rstrip":
        return [text.rstrip(ast.literal_eval(node.args[0])) for text in _sample(node.func.value)]
    return []  # a name, a lookup: a reason recorded elsewhere, passed on


def _harness_messages() -> tuple[set[str], set[str]]:
    """(reasons, paths) the harness's source can write, as samples."""
    found_reasons: set[str] = set()
    found_paths: set[str] = set()
    sources = [*HARNESS.glob("*.py"), *HARNESS.glob("frameworks/*.py"), *HARNESS.glob("workloads/*/*_model.py")]
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value == "reason":
                        found_reasons.update(_sample(value))
            elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                                                      and target.slice.value == "reason" for target in node.targets):
                found_reasons.update(_sample(node.value))  # result["reason"] = ...
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Unsupported", "WorkerDied") and node.args:
                found_reasons.update(_sample(node.args[0]))
            elif isinstance(node, ast.FunctionDef) and node.name == "_death":  # "worker " + what + its last output
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Assign) and any(getattr(t, "id", None) == "what" for t in inner.targets):
                        found_reasons.update(f"worker {text}" for text in _sample(inner.value))
                        found_reasons.update(f"worker {text} (last output: {SAMPLES['tail']})" for text in _sample(inner.value))
            elif isinstance(node, ast.FunctionDef):
                kind = ({"unsupported_precision": found_reasons, "_import_framework": found_reasons}
                        | {"compile_path": found_paths, "describe_path": found_paths}).get(node.name)
                for inner in ast.walk(node) if kind is not None else ():
                    if isinstance(inner, ast.Return) and inner.value is not None:
                        values = inner.value.elts if isinstance(inner.value, ast.Tuple) else [inner.value]
                        for value in values:
                            kind.update(_sample(value))
    return found_reasons - {""}, found_paths - {""}


HARNESS_REASONS, HARNESS_PATHS = _harness_messages()


def test_the_harness_source_was_read():
    # a floor, so that an extraction that silently finds nothing cannot pass the tests below
    assert len(HARNESS_REASONS) >= 20 and len(HARNESS_PATHS) >= 6
    assert "TF32 is a tensor-core format of NVIDIA GPUs; on a CPU the cell would repeat fp32" in HARNESS_REASONS
    assert any(text.startswith("cannot start /home/alice/") for text in HARNESS_REASONS)
    assert {"no reason given", "unavailable"} <= HARNESS_REASONS
    assert any(text.startswith("1 of 3 processes did not measure (oom: ") for text in HARNESS_REASONS)


@pytest.mark.parametrize("text", sorted(HARNESS_REASONS))
def test_every_reason_the_harness_writes_has_a_key(text):
    message = parse_reason(text)
    assert message is not None and message.key is not None, text
    for lang in ("en", "zh"):
        shown = str(reason_html(text, lang))
        assert not MACHINE_PATH.search(shown), shown
        assert reason_text(text, lang) and not MACHINE_PATH.search(reason_text(text, lang))


@pytest.mark.parametrize("text", sorted(HARNESS_PATHS))
def test_every_path_the_harness_writes_has_a_key(text):
    assert all(part.key is not None for part in parse_path(text)), text
    assert path_text(text, "zh") != path_text(text, "en")


def test_committed_runs_show_no_raw_reason_and_no_machine_path():
    texts = set()
    for run in (ROOT / "data" / "runs").glob("**/*.json"):
        doc = json.loads(run.read_text(encoding="utf-8"))
        texts |= {(fw.get("reason"), None) for fw in doc.get("frameworks", [])}
        texts |= {(r.get("reason"), r.get("path")) for r in doc.get("results", [])}
    reasons_seen = {reason for reason, _ in texts if reason}
    for reason in reasons_seen:
        assert parse_reason(reason).key is not None, reason
        assert not MACHINE_PATH.search(str(reason_html(reason, "zh"))), reason
    for _, path in texts:
        assert all(part.key is not None for part in parse_path(path)), path


def test_zh_words_replace_the_english_and_keep_the_package():
    text = "not installed: tensorflow cannot be imported by /opt/torch/.venv/bin/python3"
    assert reason_text(text, "zh") == "测量所用的环境中没有安装 tensorflow"
    assert "/opt/" not in str(reason_html(text, "en"))


def test_an_exception_is_translated_with_its_text_collapsed_and_escaped():
    html = str(reason_html('RuntimeError: bad <script>alert(1)</script> in /home/bob/model.py', "zh"))
    assert html.startswith('<small class="bx-reason">框架抛出了 RuntimeError</small><details class="bx-raw">')
    assert "<summary>原始信息</summary>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "…/model.py" in html and "/home/" not in html
    assert "<div" not in html  # it sits in tables kept out of search by a <div data-search-exclude>


def test_an_unknown_reason_is_only_a_collapsed_raw_line():
    html = str(reason_html("jax is not installed in this environment", "zh"))
    assert html == ('<details class="bx-raw"><summary>原始信息</summary>'
                    "<code>jax is not installed in this environment</code></details>")
    assert reason_text("jax is not installed in this environment", "zh").startswith("原始信息：")
    assert reason_html(None, "en") == reason_html("  ", "zh") == ""


def test_a_reason_inside_a_reason_is_translated_and_its_raw_part_kept():
    text = ("worker restart failed: worker did not start: worker exited with code 1 "
            "(last output: ImportError: libcudnn.so.9 at /usr/lib/x)")
    assert reason_text(text, "zh") == "测量进程无法重启：测量进程未能启动：测量进程异常退出，退出码 1"
    assert parse_reason(text).raw_all == "ImportError: libcudnn.so.9 at …/x"
    assert reason_text("2 of 3 processes did not measure (oom: OutOfMemoryError: CUDA out of memory)", "zh") == \
        "3 个进程中有 2 个没有完成测量（内存不足：框架抛出了 OutOfMemoryError）"


@pytest.mark.parametrize(("text", "expected"), [
    ("cannot be imported by /opt/torch/.venv/bin/python3", "cannot be imported by …/python3"),
    (r"C:\Users\bob\env\python.exe failed", "…\\python.exe failed"),
    ("~/venv/bin/python and /tmp/", "…/python and …/"),
    ("see https://pytorch.org/docs/stable/x.html at 12 images/s, 1/2 done", None),
])
def test_strip_paths(text, expected):
    assert strip_paths(text) == (text if expected is None else expected)


def test_every_pattern_has_its_words_in_both_languages():
    defined = strings.load_strings()
    names = [reasons.KEY + name for name, _, _ in reasons.REASON_PATTERNS]
    names += [reasons.PATH_KEY + name for name, _, _ in reasons.PATH_PATTERNS]
    names += ["bench.reason.raw_summary", "bench.reason.raw_line", "bench.reason.see_raw", "bench.path.no_reason"]
    assert [name for name in names if name not in defined] == []


def test_the_run_page_keeps_the_words_of_its_language_only():
    reason = "TF32 is a tensor-core format of NVIDIA GPUs; on a CPU the cell would repeat fp32"
    table = CellsTable(split_words("<td>⟦reason.1⟧</td>"), (reason,), ())
    zh, en = localize_cells(table, "zh"), localize_cells(table, "en")
    assert "张量核心" in zh and "tensor-core" not in zh
    assert "tensor-core" in en and "张量核心" not in en and "⟦" not in en + zh


def test_no_machine_path_reaches_a_table_a_csv_or_a_run_page(tmp_path):
    """Reasons naming the machine's files, through the whole pipeline: run file, results, tables, CSV files."""
    from benchfixtures import CPU, FIXTURE_RUNS, GPU

    from bench.data import load_dataset
    from bench.site.benchmarks import runpage
    from bench.site.benchmarks.cells import build_results
    from bench.site.benchmarks.sandbox import data_copy
    from bench.site.benchmarks.tables import table_html, tables_csv, workload_table

    runs = []
    for path in FIXTURE_RUNS:
        text = path.read_text(encoding="utf-8")
        text = text.replace("jax is not installed in this environment",
                            "not installed: jax cannot be imported by /home/alice/.venv/bin/python3")
        text = text.replace("InductorError: <lambda> failed in codegen (see the run log)",
                            "InductorError: <lambda> failed in /usr/lib/python3/site-packages/torch/_inductor/codegen.py")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        runs.append(tmp_path / path.name)
    dataset = load_dataset(data_copy(tmp_path / "work", runs))
    res = build_results(dataset)
    shown = []
    for hardware in (GPU, CPU):
        tables = [workload_table(res, hardware, workload) for workload in res.workloads_on(hardware)]
        shown.append(tables_csv(tables))
        shown += [table_html(table, lang, {}, None) for table in tables for lang in ("en", "zh")]
    for run in dataset.runs.values():
        shown.append(runpage.cells_csv(run))
        table = runpage.cells_table(run, {}, {})
        shown += [runpage.localize_cells(table, lang) for lang in ("en", "zh")]
        shown += [f"{fw.reason or ''} {fw.python}" for lang in ("en", "zh")
                  for fw in runpage.frameworks_view(run, lang, {}, runpage.frameworks_settings(run))]
    text = "\n".join(shown)
    assert "…/codegen.py" in text and "测量所用的环境中没有安装 jax" in text  # the reasons are there...
    assert not MACHINE_PATH.search(text)  # ...their paths are not
