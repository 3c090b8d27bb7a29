"""JSON Schemas for the data files, generated from the models.

The schemas are committed under ``data/schema/`` so that an editor (via the
``# yaml-language-server: $schema=...`` first line) checks a file while it is
typed. ``tests/data/test_schema.py`` fails when the committed ones are stale;
``python -m bench schema`` writes them anew.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .glossary import GlossaryFile
from .hardware import HardwareFile
from .models import AreasFile, FrameworksFile, RatingsFile
from .reference import ReferenceFile
from .releases import ReleasesFile
from .runs import Run
from .scenarios import ScenariosFile
from .withdrawals import WithdrawalsFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "frameworks": FrameworksFile,
    "areas": AreasFile,
    "ratings": RatingsFile,
    "reference": ReferenceFile,
    "run": Run,
    "withdrawals": WithdrawalsFile,
    "releases": ReleasesFile,
    "glossary": GlossaryFile,
    "scenarios": ScenariosFile,
    "hardware": HardwareFile,
}


def render(name: str) -> str:
    schema = SCHEMAS[name].model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / f"{name}.schema.json"
        text = render(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
