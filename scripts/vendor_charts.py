#!/usr/bin/env python3
"""Vendor the chart library: Vega, Vega-Lite and vega-embed in one file, served by the site itself.

    .venv/bin/python scripts/vendor_charts.py          # write the bundle and its record
    .venv/bin/python scripts/vendor_charts.py --check  # exit 1 if they are missing or stale

The bundle comes from vl-convert-python (``vl_convert.javascript_bundle``), the
package that already pins Vega, Vega-Lite and vega-embed for the build: no
network, no npm. Its Vega-Lite must be the version whose schema altair writes
(``altair.SCHEMA_VERSION``), or specs made at build time could use features the
browser's library lacks; the script refuses a mismatch.

Written to ``docs/assets/javascripts/vendor/``:
  vega-bundle.min.js    the library (defines window.vegaEmbed, window.vega, window.vegaLite)
  vega-bundle.json      versions, size and SHA-256 of the bundle (the record of what is vendored)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "assets" / "javascripts" / "vendor"
BUNDLE = VENDOR / "vega-bundle.min.js"
RECORD = VENDOR / "vega-bundle.json"
HEADER = "/* Vega {vega}, Vega-Lite {vega_lite}, vega-embed {vega_embed}: BSD-3-Clause, (c) the Vega authors and the University of Washington Interactive Data Lab. Bundled by vl-convert-python {vl_convert} (scripts/vendor_charts.py). */\n"


def wanted_vega_lite() -> tuple[str, str]:
    """(minor, full) Vega-Lite version of altair's schema: ('6.4', '6.4.1')."""
    import altair

    full = altair.SCHEMA_VERSION.lstrip("v")
    return ".".join(full.split(".")[:2]), full


def build() -> tuple[str, dict]:
    import altair
    import vl_convert as vlc

    minor, full = wanted_vega_lite()
    available = vlc.get_vegalite_versions()
    if minor not in available:
        raise SystemExit(f"vl-convert-python {vlc.__version__} has no Vega-Lite {minor} (it has {', '.join(available)}); "
                         f"altair {altair.__version__} writes Vega-Lite {full} specs. Align the pins in pyproject.toml.")
    body = vlc.javascript_bundle(vl_version=minor)
    found = set(re.findall(r'"(6\.\d+\.\d+|5\.\d+\.\d+)"', body))
    if full not in found:
        raise SystemExit(f"the bundle does not carry Vega-Lite {full} (found version strings {sorted(found)})")
    versions = {"vega": vlc.get_vega_version(), "vega_lite": full, "vega_embed": vlc.get_vega_embed_version(),
                "vl_convert": vlc.__version__}
    text = HEADER.format(**versions) + body
    if not text.endswith("\n"):
        text += "\n"
    data = text.encode("utf-8")
    record = {
        "file": BUNDLE.name,
        "source": "vl_convert.javascript_bundle (vl-convert-python)",
        **versions,
        "altair": altair.__version__,
        "altair_schema": altair.SCHEMA_VERSION,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "license": "BSD-3-Clause (Vega, Vega-Lite, vega-embed)",
    }
    return text, record


def record_text(record: dict) -> str:
    return json.dumps(record, indent=2) + "\n"


def check() -> list[str]:
    """Problems with the vendored files (empty when current). Cheap: no bundle is built."""
    import altair
    import vl_convert as vlc

    problems = []
    if not BUNDLE.exists() or not RECORD.exists():
        return [f"missing {BUNDLE.relative_to(ROOT)} or {RECORD.relative_to(ROOT)}: run scripts/vendor_charts.py"]
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    data = BUNDLE.read_bytes()
    if hashlib.sha256(data).hexdigest() != record.get("sha256"):
        problems.append(f"{BUNDLE.name} does not match the SHA-256 in {RECORD.name}")
    _, full = wanted_vega_lite()
    if record.get("vega_lite") != full:
        problems.append(f"vendored Vega-Lite {record.get('vega_lite')} but altair {altair.__version__} writes {full}")
    if record.get("vl_convert") != vlc.__version__:
        problems.append(f"vendored from vl-convert-python {record.get('vl_convert')}, installed {vlc.__version__}")
    if f'"{full}"' not in data.decode("utf-8", "replace"):
        problems.append(f"{BUNDLE.name} does not carry Vega-Lite {full}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the vendored files are current")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    text, record = build()
    VENDOR.mkdir(parents=True, exist_ok=True)
    BUNDLE.write_text(text, encoding="utf-8")
    RECORD.write_text(record_text(record), encoding="utf-8")
    print(f"wrote {BUNDLE.relative_to(ROOT)} ({record['bytes']:,} bytes: Vega {record['vega']}, "
          f"Vega-Lite {record['vega_lite']}, vega-embed {record['vega_embed']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
