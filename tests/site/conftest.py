"""Fixtures of the site tests: the site, built once per session (see sitebuild.py)."""

from __future__ import annotations

import pytest
from sitebuild import Build, add_hostile_text_and_framework, copy_data, make_project, run_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    """The site built once per session from a copy of data/ with hostile text and one added framework."""
    root = tmp_path_factory.mktemp("site")
    data = copy_data(root / "data")
    add_hostile_text_and_framework(data)
    build = run_build(make_project(root), data, root / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def dataset(built_site):
    from bench.data import load_dataset

    return load_dataset(built_site.data)
