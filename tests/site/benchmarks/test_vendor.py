"""The vendored chart library: present, recorded, and the Vega-Lite that altair writes."""

from __future__ import annotations

import json
import subprocess
import sys

import altair
from benchfixtures import REPO

VENDOR = REPO / "docs" / "assets" / "javascripts" / "vendor"


def test_vendored_bundle_is_current():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "vendor_charts.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_record_names_the_versions():
    record = json.loads((VENDOR / "vega-bundle.json").read_text(encoding="utf-8"))
    assert record["vega_lite"] == altair.SCHEMA_VERSION.lstrip("v")
    assert record["bytes"] == (VENDOR / "vega-bundle.min.js").stat().st_size
    assert {"vega", "vega_embed", "vl_convert", "sha256"} <= set(record)


def test_chart_script_loads_nothing_from_outside():
    script = (REPO / "docs" / "assets" / "javascripts" / "charts.js").read_text(encoding="utf-8")
    assert "http://" not in script and "https://" not in script
    assert "document$" in script and "data-md-color-scheme" in script
