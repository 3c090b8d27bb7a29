"""Harness tests: a tiny stand-in registry and a fake framework live in ``helpers/``.

The helpers are put on ``sys.path`` here and on ``PYTHONPATH`` for the worker processes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent / "helpers"
if str(HELPERS) not in sys.path:
    sys.path.insert(0, str(HELPERS))


@pytest.fixture
def helpers_on_path(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Worker processes import the helpers too."""
    current = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(HELPERS), current) if p))
    return HELPERS


@pytest.fixture
def fake_framework(monkeypatch: pytest.MonkeyPatch, helpers_on_path: Path):
    """The fake framework registered for the duration of one test."""
    from fakes import FAKE, MISSING

    from bench.harness import frameworks

    monkeypatch.setitem(frameworks.FRAMEWORKS, "fake", FAKE)
    monkeypatch.setitem(frameworks.FRAMEWORKS, "missing", MISSING)
    return FAKE
