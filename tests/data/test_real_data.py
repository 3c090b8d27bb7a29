"""The committed data/ itself: valid, and every YAML file points to its schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.check import check
from bench.data import load_dataset
from bench.data.load import SCHEMA_POINTERS, classify
from bench.data.models import AREA_IDS, EDITIONS

DATA = Path(__file__).resolve().parents[2] / "data"
YAML_FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))

needs_current = pytest.mark.skipif(
    not any((DATA / "ratings" / "current").glob("*.yaml")),
    reason="data/ratings/current/ holds no ratings yet (the current edition is still being written)",
)


@needs_current
def test_committed_data_passes_the_check():
    problems = check([], DATA)
    assert problems == [], "\n".join(str(p) for p in problems)


@needs_current
def test_committed_data_loads():
    data = load_dataset(DATA)
    ids = {fw.id for fw in data.frameworks.frameworks}
    assert tuple(area.id for area in data.areas.areas) == AREA_IDS
    for edition in EDITIONS:
        assert data.ratings[edition], f"no ratings in data/ratings/{edition}/"
        assert set(data.ratings[edition]) <= ids


def test_there_are_yaml_files():
    assert {"frameworks.yaml", "areas.yaml"} <= set(YAML_FILES)


@pytest.mark.parametrize("rel", YAML_FILES)
def test_first_line_points_to_the_schema(rel):
    path = DATA / rel
    kind = classify(path)
    assert kind in SCHEMA_POINTERS, f"data/{rel} is not a known kind of data file"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_POINTERS[kind]}"
    schema = (path.parent / SCHEMA_POINTERS[kind]).resolve()
    assert schema.is_file(), f"data/{rel} points to {schema}, which does not exist"
    assert schema.parent == DATA / "schema"


# The 2016 edition follows the README of zer0n/deepframeworks as reposted in July
# 2016, which is its revision of 11 May 2016; later revisions say other things
# (TensorFlow on Windows, CNTK with Python), so no link may float to the latest one.
ORIGIN_REVISION = "634680cc385fd0bafabc952a9296fffb906968db"
ORIGIN_DATE = "2016-05-11"


def test_the_2016_edition_is_pinned_to_the_revision_it_was_taken_from():
    data = load_dataset(DATA, with_runs=False)
    links = []
    for ratings in data.ratings["2016"].values():
        for rating in ratings.areas.values():
            assert rating.reviewed.isoformat() == ORIGIN_DATE, ratings.framework
            links += [str(ev.url) for ev in rating.evidence if "zer0n/deepframeworks" in str(ev.url)]
    assert links, "the 2016 ratings cite the evaluation"
    prefix = f"https://github.com/zer0n/deepframeworks/blob/{ORIGIN_REVISION}/README.md"
    assert [link for link in links if not link.startswith(prefix)] == []

