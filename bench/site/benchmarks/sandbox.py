"""Build the site against another data folder, in a temporary copy of the project's pages.

The site's hook writes one stub page per framework, area, hardware and run under
``docs_dir``; a build against test fixtures or generated runs must not leave
its stubs in the working tree. ``build_site`` copies ``docs/`` into a work
folder, points a copy of mkdocs.yml at it (and at the data folder), and runs
``mkdocs build --strict`` in a fresh process, as ``make build`` does.
Used by the tests and by ``scripts/bench_runs_build.py``.
"""

from __future__ import annotations

import itertools
import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Build:
    returncode: int
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the build process (steadier on a shared machine)
    site: Path
    output: str  # stdout and stderr


def project_copy(work: Path, root: Path = ROOT, data_dir: Path | None = None) -> Path:
    """A copy of ``docs/`` and of mkdocs.yml under ``work``; returns the config's path.

    The copy reads ``data_dir`` (default: ``work/data``): the copy is plain YAML, without
    mkdocs.yml's ``!ENV`` tag, so BENCH_DATA_DIR does not reach it.
    """
    from mkdocs.utils.yaml import yaml_load  # resolves !ENV as mkdocs does

    with (root / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    # Stub pages copied along are rewritten, or removed when stale, by the hook itself.
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    config["docs_dir"] = str(docs)
    config["hooks"] = [str((root / hook).resolve()) for hook in config.get("hooks", [])]
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"]["module_name"] = str(root / plugin["macros"].get("module_name", "main"))
    config.pop("watch", None)
    _write_config(work / "mkdocs.yml", config, data_dir or work / "data")
    return work / "mkdocs.yml"


def _write_config(path: Path, config: dict, data_dir: Path) -> None:
    config.setdefault("extra", {}).setdefault("bench", {})["data_dir"] = str(Path(data_dir).resolve())
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def build_site(data_dir: Path, work: Path, site: Path | None = None, root: Path = ROOT,
               config: Path | None = None) -> Build:
    """``mkdocs build --strict`` of a copy of the project against ``data_dir``, in a fresh process.

    ``config``: a copy made by ``project_copy`` before; it is pointed at ``data_dir``."""
    if config is None:
        config = project_copy(work, root, data_dir)
    else:
        _write_config(config, yaml.safe_load(config.read_text(encoding="utf-8")), data_dir)
    site = site or work / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, check=False, cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Build(result.returncode, wall, cpu, site, result.stdout + result.stderr)


def data_copy(work: Path, runs: list[Path] | None, root: Path = ROOT) -> Path:
    """A copy of ``data/`` whose ``runs/`` holds exactly ``runs`` (none when empty or None)."""
    data = work / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(root / "data", data, ignore=shutil.ignore_patterns("runs"))
    (data / "runs").mkdir()
    for path in runs or []:
        shutil.copy2(path, data / "runs" / Path(path).name)
    drop_missing_withdrawals(data)
    return data


def drop_missing_withdrawals(data: Path) -> None:
    """Keep the entries of ``data/withdrawals.yaml`` whose run is in ``data/runs/``.

    A copy of the data with other runs (a sandbox, a test) must stay valid: the
    data layer refuses a withdrawal of a run that is not there."""
    path = data / "withdrawals.yaml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    listed = doc.get("withdrawals") or []
    kept = [entry for entry in listed if (data / "runs" / entry["run"]).is_file()]
    if len(kept) == len(listed):
        return
    lines = text.splitlines(keepends=True)
    header = "".join(itertools.takewhile(lambda line: line.startswith("#"), lines))  # schema pointer, comments
    body = yaml.safe_dump({**doc, "withdrawals": kept}, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + body, encoding="utf-8")
