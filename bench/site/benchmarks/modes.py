"""Execution modes as the run files describe them: which table row (class) a mode stands in, its
words in both languages, and which modes each framework has.

The harness records every framework's modes in the run (``settings.modes``, from its framework
registry), so a new framework or mode needs nothing here. Run files written before the registry
recorded only a sentence per mode; their four modes keep the classes and words they had then
(``LEGACY_CLASS`` and the ``bench.mode.*`` strings). Everything read here is untrusted: a value of
the wrong type, or a class outside ``MODE_CLASS_ORDER``, is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MODE_CLASS_ORDER = ("eager", "graph", "compiled")
LEGACY_CLASS = {"eager": "eager", "function": "graph", "compile": "compiled", "xla": "compiled"}
"""The classes of the modes of run files that do not describe their modes (written before the registry)."""
LANGS = ("en", "zh")


def described(settings: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """framework -> mode -> {"class": ..., "label": {lang: text}} from a run's ``settings.modes``."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    modes = settings.get("modes") if isinstance(settings, Mapping) else None
    if not isinstance(modes, Mapping):
        return out
    for fw, per_mode in modes.items():
        if not isinstance(fw, str) or not isinstance(per_mode, Mapping):
            continue
        mine = out.setdefault(fw, {})
        for mode, about in per_mode.items():
            if not isinstance(mode, str):
                continue
            entry: dict[str, Any] = {"class": LEGACY_CLASS.get(mode, mode), "label": {}}
            if isinstance(about, Mapping):
                if about.get("class") in MODE_CLASS_ORDER:
                    entry["class"] = about["class"]
                label = about.get("label")
                if isinstance(label, Mapping):
                    entry["label"] = {lang: label[lang] for lang in LANGS if isinstance(label.get(lang), str)}
            mine[mode] = entry
    return out


def mode_class(modes: Mapping[str, Mapping[str, Mapping[str, Any]]], framework: str, mode: str) -> str:
    """The table row class of a cell's mode: as its run describes it, else as before the registry, else its own."""
    entry = modes.get(framework, {}).get(mode)
    return entry["class"] if entry else LEGACY_CLASS.get(mode, mode)
