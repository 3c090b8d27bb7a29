"""Helpers of the site tests: a copy of the site's sources, built with another data folder.

A build never touches the repository: ``make_project`` copies mkdocs.yml and
docs/ into a temporary folder (the hook writes its generated pages there) and
links bench/ (the hook and the macros module) and data/ into it. The data the
build reads is chosen with BENCH_DATA_DIR, the option tests use to point the
site at another data folder.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SCHEMA_LINE = "# yaml-language-server: $schema={}\n"

# Hostile contributor text, put into a copy of the data: none of it may reach a page.
HOSTILE_SUMMARY = ' <script>alert("summary")</script> <img src=x onerror="alert(1)"> **still bold**'
HOSTILE_RATIONALE = (
    "\n\n[a javascript link](javascript:alert(2)) and "
    '<a href="javascript:alert(3)" onclick="alert(4)">a raw one</a> '
    "<iframe src=\"https://example.org/\"></iframe> <b onmouseover=\"alert(5)\">hover</b>\n"
)
NEW_FRAMEWORK = "testnet"  # added to the data copy with one entry and one ratings file, no code


@dataclass
class Build:
    project: Path
    data: Path
    site: Path
    returncode: int
    output: str


def make_project(root: Path) -> Path:
    project = root / "project"
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    (project / "bench").symlink_to(REPO / "bench", target_is_directory=True)
    (project / "data").symlink_to(REPO / "data", target_is_directory=True)  # mkdocs.yml watches data/
    return project


def run_build(project: Path, data: Path, site: Path) -> Build:
    env = dict(os.environ, BENCH_DATA_DIR=str(data), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        check=False, cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    return Build(project, data, site, result.returncode, result.stdout + result.stderr)


def copy_data(dest: Path) -> Path:
    shutil.copytree(REPO / "data", dest, ignore=shutil.ignore_patterns("runs"))
    if (REPO / "data" / "runs").is_dir():
        shutil.copytree(REPO / "data" / "runs", dest / "runs")
    return dest


def dump_yaml(path: Path, data: dict, schema: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(SCHEMA_LINE.format(schema) + text, encoding="utf-8")


def current_ratings(data: Path) -> Path:
    """The ratings file the tests alter: PyTorch's, or the first current one."""
    preferred = data / "ratings" / "current" / "pytorch.yaml"
    return preferred if preferred.exists() else min((data / "ratings" / "current").glob("*.yaml"))


def add_hostile_text_and_framework(data: Path) -> None:
    path = current_ratings(data)
    ratings = yaml.safe_load(path.read_text(encoding="utf-8"))
    modeling = ratings["areas"]["modeling"]
    modeling["summary"]["en"] += HOSTILE_SUMMARY
    modeling["summary"]["zh"] += HOSTILE_SUMMARY
    modeling["rationale"]["en"] += HOSTILE_RATIONALE
    modeling["rationale"]["zh"] += HOSTILE_RATIONALE
    dump_yaml(path, ratings, "../../schema/ratings.schema.json")

    frameworks_path = data / "frameworks.yaml"
    frameworks = yaml.safe_load(frameworks_path.read_text(encoding="utf-8"))
    entry = copy.deepcopy(next(f for f in frameworks["frameworks"] if f["id"] == ratings["framework"]))
    entry.update(id=NEW_FRAMEWORK, name="TestNet", status="active")
    for key in ("status_since", "successor", "status_note"):
        entry.pop(key, None)
    frameworks["frameworks"].append(entry)
    dump_yaml(frameworks_path, frameworks, "schema/frameworks.schema.json")
    ratings["framework"] = NEW_FRAMEWORK
    dump_yaml(data / "ratings" / "current" / f"{NEW_FRAMEWORK}.yaml", ratings, "../../schema/ratings.schema.json")
