"""Fixtures of the benchmark-page tests: the fixture runs (tests/fixtures/runs) in a copy of data/.

The fixture runs are made by hand for the tests: two GPU runs and a CPU run of
schema version 2, a GPU run of schema version 1 (milliseconds), every status
(ok, out of memory, unsupported, error), a framework that could not be
imported, and a change between runs larger than its intervals.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchfixtures import FIXTURE_RUNS

from bench.site.benchmarks.sandbox import data_copy


@pytest.fixture(scope="session")
def fixture_data(tmp_path_factory) -> Path:
    """A copy of data/ whose runs/ holds exactly the fixture runs."""
    return data_copy(tmp_path_factory.mktemp("bench-fixture"), FIXTURE_RUNS)


@pytest.fixture(scope="session")
def empty_data(tmp_path_factory) -> Path:
    """A copy of data/ with no runs at all."""
    return data_copy(tmp_path_factory.mktemp("bench-empty"), [])


@pytest.fixture(scope="session")
def bench_dataset(fixture_data):
    from bench.data import load_dataset

    return load_dataset(fixture_data)


@pytest.fixture(scope="session")
def res(bench_dataset):
    from bench.site.benchmarks.cells import build_results

    return build_results(bench_dataset)


@pytest.fixture(scope="session")
def empty_res(empty_data):
    from bench.data import load_dataset
    from bench.site.benchmarks.cells import build_results

    return build_results(load_dataset(empty_data))


@pytest.fixture(params=["en", "zh"])
def lang(request) -> str:
    return request.param
