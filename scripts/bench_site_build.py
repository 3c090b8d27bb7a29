#!/usr/bin/env python3
"""Time the site build against a plain mkdocs-material build of the same pages.

    .venv/bin/python scripts/bench_site_build.py [--repeat 5] [--json out.json]

"ours" is what `make build` runs: `python -m mkdocs build --strict` with this
repository's mkdocs.yml (hook, macros, data loaded and rendered). "plain" is
the same mkdocs.yml without the hook and the macros plugin, over a copy of
docs/ (the generated stubs included, so the page set and the navigation are the
same) from which every macro call has been stripped. Theme, i18n (both
languages), search with jieba, Markdown extensions and validation stay the same.

The two builds alternate, each in a fresh process, after one untimed warm-up
of each, so that a machine busy with something else slows both alike. Reports
the median and the spread of each, and the ratio of the medians (goal: at most
1.5). Each build writes to a temporary folder; site/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5
MACRO_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.DOTALL)


def load_config(path: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load  # resolves !ENV like mkdocs does

    with path.open(encoding="utf-8") as handle:
        return yaml_load(handle)


def build_ours_once(out: Path) -> None:
    """One build of ours, so that the stub pages under docs/ exist and are current."""
    run_build(ROOT / "mkdocs.yml", out)


def make_plain_project(work: Path) -> Path:
    """A copy of docs/ without macro calls, and mkdocs.yml without hook and macros."""
    from bench.site.data import site_data
    from bench.site.hooks import section_stubs
    from bench.site.render import data_dir
    from bench.site.stubs import fill_nav, stubs_for

    config = load_config(ROOT / "mkdocs.yml")
    docs = work / "docs"
    shutil.copytree(ROOT / config.get("docs_dir", "docs"), docs)
    for page in docs.rglob("*.md"):
        page.write_text(MACRO_SYNTAX.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")

    config["config_file_path"] = str(ROOT / "mkdocs.yml")
    data = site_data(data_dir(config))
    stubs = stubs_for(data) + section_stubs(data)
    del config["config_file_path"]
    fill_nav(config.get("nav"), stubs)  # the same navigation as the hook makes
    config.pop("hooks", None)
    config.get("extra", {}).pop("bench", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p) and p != "macros"]
    config["docs_dir"] = str(docs)
    config.pop("watch", None)
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(config: Path, out: Path) -> tuple[float, float]:
    """One build in a fresh process: (wall seconds, CPU seconds of that process)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)]
    cpu0, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu0
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"build failed ({' '.join(cmd)})")
    return elapsed, cpu


def summary(samples: list[float]) -> dict:
    q = statistics.quantiles(samples, n=4) if len(samples) >= 2 else [samples[0]] * 3
    return {"median_s": statistics.median(samples), "q1_s": q[0], "q3_s": q[2],
            "min_s": min(samples), "max_s": max(samples), "samples_s": samples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed builds of each kind (default 5)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-site-build-") as tmp:
        work = Path(tmp)
        build_ours_once(work / "warm-ours")  # untimed: writes the stubs, warms caches
        plain = make_plain_project(work / "plain")
        run_build(plain, work / "warm-plain")  # untimed
        wall: dict[str, list[float]] = {"ours": [], "plain": []}
        cpu: dict[str, list[float]] = {"ours": [], "plain": []}
        for i in range(args.repeat):
            order = ("ours", "plain") if i % 2 == 0 else ("plain", "ours")
            for kind in order:
                config = ROOT / "mkdocs.yml" if kind == "ours" else plain
                w, c = run_build(config, work / f"site-{kind}-{i}")
                wall[kind].append(w)
                cpu[kind].append(c)
            print(f"  run {i + 1}/{args.repeat}: ours {wall['ours'][-1]:.2f} s (cpu {cpu['ours'][-1]:.2f} s), "
                  f"plain {wall['plain'][-1]:.2f} s (cpu {cpu['plain'][-1]:.2f} s)", file=sys.stderr)

    report = {"repeat": args.repeat, "goal": GOAL, "cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]}
    print(f"mkdocs build --strict, {args.repeat} alternating runs each, a fresh process per build "
          f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}):")
    for measure, samples in (("wall", wall), ("cpu", cpu)):
        ours, plain_s = summary(samples["ours"]), summary(samples["plain"])
        ratio = ours["median_s"] / plain_s["median_s"]
        report[measure] = {"ours": ours, "plain": plain_s, "ratio": ratio}
        print(f"  {measure} time")
        for name, s in (("ours (hook + macros + data)", ours), ("plain material (macros stripped)", plain_s)):
            print(f"    {name:34s} median {s['median_s']:6.2f} s   IQR {s['q1_s']:.2f}-{s['q3_s']:.2f} s   "
                  f"min {s['min_s']:.2f} s")
        print(f"    ratio of medians: {ratio:.2f}x (goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if report["wall"]["ratio"] <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
