#!/usr/bin/env python3
"""Time the site build with the committed runs against a build with 200 generated runs.

    .venv/bin/python scripts/bench_runs_build.py [--runs 200] [--repeat 3] [--json out.json]

Both builds are the full `mkdocs build --strict` of a copy of the project's
pages (bench/site/benchmarks/sandbox.py), each against its own copy of data/:
"committed" holds the runs under data/runs/, "generated" holds --runs runs made
up for this measurement in a temporary folder (never committed, removed at the
end). The generated runs are copies of the committed ones (or of the test
fixtures while nothing is committed) spread over time: a new date every day,
medians moved by a few percent, a new framework version every 25 runs, so that
every page the runs feed (latest results, history, run pages) grows as it would.

The builds alternate, each in a fresh process, after one untimed build of each.
Reports the median wall time and CPU time (user + system) of each and their
ratios (goal: at most 1.2; on a machine shared with other work the CPU time is
the steadier figure), the page count, the heaviest HTML page of each build
(goal: under 300 KB) and the size of the chart bundle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data import load_run
from bench.site.benchmarks.sandbox import build_site, data_copy, project_copy

GOAL_RATIO = 1.2
PAGE_LIMIT = 300 * 1024
FIXTURES = ROOT / "tests" / "fixtures" / "runs"
BUNDLE = ROOT / "docs" / "assets" / "javascripts" / "vendor" / "vega-bundle.min.js"


def generate_runs(bases: list[Path], count: int, out: Path, seed: int = 0) -> list[Path]:
    """``count`` run files in ``out``, made from ``bases`` (read through the data layer, so migrated)."""
    rng = random.Random(seed)
    templates = [load_run(path).model_dump(mode="json") for path in bases]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        doc = json.loads(json.dumps(templates[i % len(templates)]))
        when = start + dt.timedelta(days=i, hours=rng.randrange(24))
        doc["started_at"] = when.isoformat()
        doc["finished_at"] = (when + dt.timedelta(hours=1)).isoformat()
        doc["complete"] = True
        bump = i // 25  # a new framework version every 25 runs
        for fw in doc["frameworks"]:
            if fw.get("version"):
                parts = fw["version"].split(".")
                parts[1] = str(int(parts[1]) + bump)
                fw["version"] = ".".join(parts)
        for cell in doc["results"]:
            if cell["status"] != "ok":
                continue
            factor = rng.uniform(0.97, 1.03) * (0.9 if bump % 3 == 2 else 1.0)
            cell["samples_s"] = [s * factor for s in cell["samples_s"]]
            for key in ("median_s", "iqr_s"):
                if cell.get(key) is not None:
                    cell[key] *= factor
            if cell.get("ci95_s"):
                cell["ci95_s"] = [v * factor for v in cell["ci95_s"]]
            if cell.get("throughput"):
                cell["throughput"] /= factor
        device = doc["device"]["kind"]
        path = out / f"{when.strftime('%Y-%m-%dT%H-%M-%SZ')}_{device}-{i:03d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def heaviest_page(site: Path) -> tuple[int, str, int]:
    """(bytes, path, number of pages) of the largest HTML page of a built site."""
    pages = [(p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")]
    size, name = max(pages)
    return size, name, len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="generated runs (default 200)")
    parser.add_argument("--repeat", type=int, default=3, help="timed builds of each (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--template", type=Path, action="append",
                        help="run file(s) to generate the runs from (default: the committed runs, else the test "
                             "fixtures); e.g. one full-matrix run, to see the cost of realistic runs")
    parser.add_argument("--committed", type=Path, default=ROOT / "data" / "runs",
                        help="the runs of the first build (default: data/runs); e.g. tests/fixtures/runs while "
                             "nothing is committed, so that both builds draw charts")
    args = parser.parse_args(argv)

    committed = sorted(args.committed.glob("*.json"))
    bases = args.template or committed or sorted(FIXTURES.glob("*.json"))
    with tempfile.TemporaryDirectory(prefix="bench-runs-build-") as tmp:
        work = Path(tmp)
        generated = generate_runs(bases, args.runs, work / "generated-runs")
        kinds = {
            "committed": (data_copy(work / "committed", committed), project_copy(_mkdir(work / "committed"))),
            "generated": (data_copy(work / "generated", generated), project_copy(_mkdir(work / "generated"))),
        }
        sizes = {}
        for kind, (data, config) in kinds.items():  # untimed: writes the stubs, warms caches
            build = build_site(data, work / kind, work / f"site-{kind}", config=config)
            if build.returncode:
                sys.stderr.write(build.output)
                raise SystemExit(f"the {kind} build failed")
            sizes[kind] = heaviest_page(build.site)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        for i in range(args.repeat):
            order = list(kinds) if i % 2 == 0 else list(reversed(kinds))
            for kind in order:
                data, config = kinds[kind]
                build = build_site(data, work / kind, work / f"site-{kind}-{i}", config=config)
                if build.returncode:
                    sys.stderr.write(build.output)
                    raise SystemExit(f"the {kind} build failed")
                times[kind].append(build.seconds)
                cpu[kind].append(build.cpu_seconds)
            print(f"  round {i + 1}/{args.repeat}: committed {times['committed'][-1]:.2f} s "
                  f"(cpu {cpu['committed'][-1]:.2f} s), generated {times['generated'][-1]:.2f} s "
                  f"(cpu {cpu['generated'][-1]:.2f} s)", file=sys.stderr)

    medians = {kind: statistics.median(samples) for kind, samples in times.items()}
    cpu_medians = {kind: statistics.median(samples) for kind, samples in cpu.items()}
    ratio = medians["generated"] / medians["committed"]
    cpu_ratio = cpu_medians["generated"] / cpu_medians["committed"]
    # Builds of one round run back to back: steadier than the medians where the machine's speed drifts.
    paired = statistics.median(g / c for g, c in zip(cpu["generated"], cpu["committed"]))
    bundle = BUNDLE.stat().st_size if BUNDLE.exists() else 0
    print(f"mkdocs build --strict, {args.repeat} alternating builds each (fresh process, wall time):")
    print(f"  committed runs from {args.committed}; generated from {', '.join(p.name for p in bases)}")
    for kind, count in (("committed", len(committed)), ("generated", args.runs)):
        print(f"  {kind} runs ({count:3d})   wall {medians[kind]:6.2f} s   cpu {cpu_medians[kind]:6.2f} s   "
              f"{sizes[kind][2]} pages, heaviest {sizes[kind][0] / 1024:.0f} KB ({sizes[kind][1]})")
    print(f"  ratio of medians: wall {ratio:.2f}x, cpu {cpu_ratio:.2f}x "
          f"(goal <= {GOAL_RATIO}x: {'met' if max(ratio, cpu_ratio) <= GOAL_RATIO else 'NOT met'}); "
          f"median of the per-round cpu ratios: {paired:.2f}x")
    heaviest = max(sizes["committed"][0], sizes["generated"][0])
    print(f"  heaviest page: {heaviest / 1024:.0f} KB (limit {PAGE_LIMIT // 1024} KB: "
          f"{'met' if heaviest <= PAGE_LIMIT else 'NOT met'})")
    print(f"  chart bundle: {bundle / 1024:.0f} KB ({BUNDLE.relative_to(ROOT)})")
    if args.json:
        args.json.write_text(json.dumps({
            "committed_runs": len(committed), "generated_runs": args.runs, "samples_s": times, "median_s": medians,
            "cpu_samples_s": cpu, "cpu_median_s": cpu_medians, "ratio": ratio, "cpu_ratio": cpu_ratio, "paired_cpu_ratio": paired, "goal": GOAL_RATIO, "heaviest_page": {k: {"bytes": v[0], "path": v[1], "pages": v[2]}
                                                                  for k, v in sizes.items()},
            "bundle_bytes": bundle,
        }, indent=2), encoding="utf-8")
    return 0 if min(ratio, cpu_ratio) <= GOAL_RATIO and heaviest <= PAGE_LIMIT else 1


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
