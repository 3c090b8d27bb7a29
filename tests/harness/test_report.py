"""bench/harness/report.py: the progress lines and the summary table."""

import io

from bench.harness.matrix import Cell
from bench.harness.report import Progress, summary_table


def _result(workload, status="ok", reason=None, framework="pytorch"):
    r = {"framework": framework, "workload": workload, "phase": "train", "precision": "fp32", "mode": "eager", "batch_size": 4,
         "status": status}
    if status == "ok":
        r.update(median_s=0.0125, iqr_s=0.00025, throughput=320.0, throughput_unit="images/s", tflops=0.5,
                 peak_memory_bytes=64 * 2**20, first_step_s=1.5)
    else:
        r["reason"] = reason
    return r


def test_summary_table_rows_and_reasons():
    doc = {"results": [_result("alexnet"), _result("lstm", "oom", "OutOfMemoryError: CUDA out of memory")]
           + [_result(w, "error", "not installed: tensorflow cannot be imported", "tensorflow") for w in ("alexnet", "lstm")]}
    table = summary_table(doc)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["framework", "workload", "phase"]
    alexnet = next(line for line in lines if "alexnet" in line and "pytorch" in line)
    assert "12.50" in alexnet and "2.0" in alexnet and "320.0" in alexnet and "64" in alexnet and "1.50" in alexnet
    assert not any(line.startswith("tensorflow") for line in lines)  # not-installed cells are counted, not listed
    assert "  2 x tensorflow error: not installed: tensorflow cannot be imported" in lines
    assert "  1 x pytorch oom: OutOfMemoryError: CUDA out of memory" in lines


def test_progress_says_which_cell_and_how_many_left():
    stream = io.StringIO()
    progress = Progress(3, stream=stream)
    cell = Cell("pytorch", "alexnet", "train", "fp32", "eager", 4)
    progress.start(cell)
    progress.done(cell, _result("alexnet"))
    text = stream.getvalue()
    assert "1/3 pytorch alexnet train fp32 eager b4 ..." in text
    assert "1/3 pytorch alexnet train fp32 eager b4: ok 12.50 ms, 320.0 images/s, first step 1.50 s (2 left)" in text
    assert text.startswith("[0:00:00]")
