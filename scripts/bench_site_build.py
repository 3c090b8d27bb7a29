#!/usr/bin/env python3
"""Time the site build against a plain mkdocs-material build of the same pages.

    .venv/bin/python scripts/bench_site_build.py [--repeat 5] [--json out.json]

"ours" is what `make build` runs: `python -m mkdocs build --strict` with this
repository's mkdocs.yml (hook, macros, data loaded and rendered). "plain" is
the same mkdocs.yml without the hooks and the macros plugin, over a copy of
docs/ as a build of ours leaves it (the generated stubs included, so the page
set and the navigation are the same) from which every macro call has been
stripped. Theme, i18n (both
languages), search with jieba, Markdown extensions and validation stay the same.

A third build, "static", splits the difference in two: the same
configuration as plain, over the pages exactly as the macros rendered them in
a build of ours (captured by a hook, front matter kept), the HTML blocks put
back by a ten-line hook the way ours does (render.unstash_html). It is what
the theme alone costs for our content (Markdown, search indexing with jieba,
page templates, files): ours / static is the cost of the macros, the data and
the hooks; static / plain the cost of the content they write.

The builds alternate, each in a fresh process, after one untimed warm-up of
each, so that a machine busy with something else slows all alike. Reports the
median and the spread of each, the ratios of the medians (goal: ours / plain
at most 1.5), and the median of the per-round ratios ours / plain, steadier
where the machine's speed drifts during the measurement. Each build writes to
a temporary folder; site/ is not touched.
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


def make_plain_project(work: Path, docs_source: Path, pages: Path | None = None,
                       hooks: list[str] | None = None) -> Path:
    """A copy of ``docs_source`` without macro calls, and mkdocs.yml without hooks and macros.

    ``docs_source``: a docs/ folder with the generated stub pages in it (a built copy).
    With ``pages`` (a folder of Markdown pages), those replace the pages of the copy
    instead of being stripped; ``hooks`` become the config's hooks.
    """
    from bench.site.data import site_data
    from bench.site.hooks import section_stubs
    from bench.site.render import data_dir
    from bench.site.stubs import fill_nav, stubs_for

    config = load_config(ROOT / "mkdocs.yml")
    docs = work / "docs"
    shutil.copytree(docs_source, docs)
    if pages is None:
        for page in docs.rglob("*.md"):
            page.write_text(MACRO_SYNTAX.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        shutil.copytree(pages, docs, dirs_exist_ok=True)

    config["config_file_path"] = str(ROOT / "mkdocs.yml")
    data = site_data(data_dir(config))
    stubs = stubs_for(data) + section_stubs(data)
    del config["config_file_path"]
    fill_nav(config.get("nav"), stubs)  # the same navigation as the hook makes
    config.pop("hooks", None)
    if hooks:
        config["hooks"] = hooks
    config.get("extra", {}).pop("bench", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p) and p != "macros"]
    config["docs_dir"] = str(docs)
    config.pop("watch", None)
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# A hook added to a build of ours: each page's Markdown as the macros left it (front
# matter put back), and the HTML blocks they set aside (render._stash), into BENCH_CAPTURE.
CAPTURE_HOOK = """
import json, os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

from bench.site import render

OUT = Path(os.environ["BENCH_CAPTURE"])
BLOCKS = {}


@event_priority(-100)  # after mkdocs-macros
def on_page_markdown(markdown, page, config, files):
    path = OUT / "pages" / page.file.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = f"---\\n{yaml.safe_dump(page.meta, allow_unicode=True)}---\\n\\n" if page.meta else ""
    path.write_text(meta + markdown, encoding="utf-8")
    BLOCKS.update(render._stash)
    return markdown


def on_post_build(config):
    (OUT / "blocks.json").write_text(json.dumps(BLOCKS), encoding="utf-8")
"""

# The static build's one hook: put the captured HTML blocks and heading texts back, as
# render.unstash_page does (the page's HTML, then its table of contents).
UNSTASH_HOOK = """
import json, re
from pathlib import Path

BLOCKS = json.loads((Path(__file__).parent / "blocks.json").read_text(encoding="utf-8"))
TOKEN = re.compile(r'<div class="bench-stash" data-key="[0-9a-f]+-\\d+"></div>|bslot[0-9a-f]+n\\d+e')


def unstash(html):
    return TOKEN.sub(lambda m: unstash(BLOCKS[m.group(0)]), html)


def on_page_content(html, page, config, files):
    items = list(page.toc or [])
    while items:
        item = items.pop()
        item.title = unstash(item.title)
        items.extend(item.children)
    return unstash(html)


# As the site's hook does (bench/site/hooks.py: localize_permalinks), so that both builds write the same pages.
PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def on_post_page(output, page, config):
    import html
    from bench.site import strings

    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.is_default_language_build or not page.file.dest_uri.startswith(f"{i18n.current_language}/"):
        return output
    title = html.escape(strings.translate("toc.permalink", i18n.current_language))
    return PERMALINK.sub(lambda m: m.group(1) + title + m.group(2), output)
"""


def capture_build(work: Path) -> Path:
    """A build of ours (a copy of the project, data/ as committed) that keeps what the macros rendered.

    Returns its folder: ``docs/`` (with the generated stubs), ``pages/`` (each page as the
    macros left it), ``blocks.json`` (the HTML blocks) and ``site/`` (the site it built)."""
    from bench.site.benchmarks.sandbox import project_copy

    config = project_copy(work, data_dir=ROOT / "data")
    hook = work / "capture_hook.py"
    hook.write_text(CAPTURE_HOOK, encoding="utf-8")
    conf = yaml.safe_load(config.read_text(encoding="utf-8"))
    conf["hooks"].append(str(hook))
    config.write_text(yaml.safe_dump(conf, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run_build(config, work / "site", env={"BENCH_CAPTURE": str(work)})
    return work


def make_static_project(work: Path, capture: Path) -> Path:
    """The pages as a build of ours rendered them, built with the plain configuration and one
    small hook that puts the HTML blocks back. The pages of the runs other than the latest,
    which our hook writes from the latest run's page, are not among them."""
    work.mkdir(parents=True)
    shutil.copy(capture / "blocks.json", work / "blocks.json")
    (work / "unstash_hook.py").write_text(UNSTASH_HOOK, encoding="utf-8")
    return make_plain_project(work, capture / "docs", pages=capture / "pages", hooks=[str(work / "unstash_hook.py")])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(config: Path, out: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """One build in a fresh process: (wall seconds, CPU seconds of that process)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
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
        capture = capture_build(work / "capture")
        configs = {"ours": ROOT / "mkdocs.yml", "static": make_static_project(work / "static", capture),
                   "plain": make_plain_project(work / "plain", capture / "docs")}
        for kind in ("static", "plain"):
            run_build(configs[kind], work / f"warm-{kind}")  # untimed
        wall: dict[str, list[float]] = {kind: [] for kind in configs}
        cpu: dict[str, list[float]] = {kind: [] for kind in configs}
        for i in range(args.repeat):
            order = list(configs) if i % 2 == 0 else list(reversed(configs))
            for kind in order:
                w, c = run_build(configs[kind], work / f"site-{kind}-{i}")
                wall[kind].append(w)
                cpu[kind].append(c)
            print(f"  run {i + 1}/{args.repeat}: " + ", ".join(
                f"{kind} {wall[kind][-1]:.2f} s (cpu {cpu[kind][-1]:.2f} s)" for kind in configs), file=sys.stderr)

    report = {"repeat": args.repeat, "goal": GOAL, "cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]}
    print(f"mkdocs build --strict, {args.repeat} alternating runs each, a fresh process per build "
          f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}):")
    names = {"ours": "ours (hook + macros + data)", "static": "static (our pages as rendered)",
             "plain": "plain material (macros stripped)"}
    for measure, samples in (("wall", wall), ("cpu", cpu)):
        stats = {kind: summary(samples[kind]) for kind in configs}
        med = {kind: stats[kind]["median_s"] for kind in configs}
        ratio = med["ours"] / med["plain"]
        # Within a round the builds run back to back: on a machine whose speed drifts, the
        # median of the per-round ratios is steadier than the ratio of the medians.
        paired = statistics.median(o / p for o, p in zip(samples["ours"], samples["plain"]))
        report[measure] = stats | {"ratio": ratio, "paired_ratio": paired, "ours_over_static": med["ours"] / med["static"],
                                   "static_over_plain": med["static"] / med["plain"]}
        print(f"  {measure} time")
        for kind, s in stats.items():
            print(f"    {names[kind]:34s} median {s['median_s']:6.2f} s   IQR {s['q1_s']:.2f}-{s['q3_s']:.2f} s   "
                  f"min {s['min_s']:.2f} s")
        print(f"    ratio of medians, ours / plain: {ratio:.2f}x (goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'}); "
              f"median of the per-round ratios: {paired:.2f}x")
        print(f"      of which content, static / plain: {med['static'] / med['plain']:.2f}x; "
              f"machinery, ours / static: {med['ours'] / med['static']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if report["wall"]["ratio"] <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
