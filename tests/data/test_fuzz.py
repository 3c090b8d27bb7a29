"""A seeded mutation fuzzer over every kind of committed data file.

Each kind (frameworks, areas, a ratings file of each edition, a reference table,
a committed run and a fixture run) is mutated a few dozen times: keys deleted or
repeated, values of another type, NaN and infinities, negative and huge numbers,
Markdown payloads after a line break, control, invisible and bidirectional
characters, very long strings, deep nesting, truncation and flipped bytes. Every
mutant is checked the way ``bench check FILE`` checks it (``load_file``), and:

- nothing but a list of problems comes back (an exception fails the test);
- every problem names the mutated file and a line of at least 1, on one line;
- a mutant that is accepted obeys the rules, judged by a predicate written
  independently of the models (``violations``): a check that lets a bad value
  through fails here even if no test of that value was written.

The seeds are fixed, so a failure is reproducible: the test id names kind and
seed, and the message names the mutation.
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.data import load_file
from bench.site.benchmarks.sandbox import data_copy

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
MUTANTS = 45  # per kind and seed: 7 kinds x 45 = 315 mutants


def smallest(folder: Path, pattern: str) -> Path:
    return min(folder.glob(pattern), key=lambda p: p.stat().st_size)


KINDS: dict[str, tuple[Path, str]] = {
    # kind: (the committed file, where its copy lies in the scratch data tree)
    "frameworks": (DATA / "frameworks.yaml", "frameworks.yaml"),
    "areas": (DATA / "areas.yaml", "areas.yaml"),
    "ratings-2016": (smallest(DATA / "ratings" / "2016", "*.yaml"), "ratings/2016/{name}"),
    "ratings-current": (smallest(DATA / "ratings" / "current", "*.yaml"), "ratings/current/{name}"),
    "reference": (smallest(DATA / "reference", "*.yaml"), "reference/{name}"),
    "run": (smallest(DATA / "runs", "*.json"), "runs/{name}"),
    "fixture-run": (REPO / "tests" / "fixtures" / "runs" / "2026-01-12T08-00-00Z_cpu.json", "runs/20260112T080000Z_cpu.json"),
}


# --- the independent predicate: what no accepted file may hold -----------------------------

MULTILINE_KEYS = {"rationale", "why", "method", "note", "reason"}
ID_KEYS = {"id", "framework", "workload", "today"}
SAFE_ID = re.compile(r"[a-z0-9]([a-z0-9_-]*[a-z0-9])?")
NEVER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
VISIBLE = re.compile("[^\\s\u200b\u200c\u200d\u2060\ufeff]")
POSITIVE_KEYS = {"median_s", "samples_s", "count", "batch_size", "cores_logical", "cores_physical"}


def violations(value: Any, path: tuple[Any, ...] = ()) -> list[str]:
    """What in a parsed document breaks the rules every accepted file obeys (empty: nothing)."""
    found: list[str] = []
    if len(path) > 64:
        return [f"{path[:3]}...: nested {len(path)} deep"]
    keys = {str(p) for p in path}
    if isinstance(value, dict):
        for key, item in value.items():
            found += violations(key, path + ("<key>",)) if isinstance(key, str) else []
            found += violations(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += violations(item, path + (index,))
            if path and path[-1] in POSITIVE_KEYS and isinstance(item, (int, float)) and item <= 0:
                found.append(f"{path}: {item} is not above 0")
    elif isinstance(value, str):
        multiline = bool(keys & MULTILINE_KEYS)
        if NEVER.search(value) or (not multiline and re.search("[\t\n\r]", value.rstrip("\n"))):
            found.append(f"{path}: control character in {value[:40]!r}")
        if value and not VISIBLE.search(value):
            found.append(f"{path}: invisible-only text {value!r}")
        if not value and "settings" not in keys:
            found.append(f"{path}: empty text")
        if len(value) > 10_000:
            found.append(f"{path}: {len(value)} characters")
        if path and path[-1] in ID_KEYS and (not SAFE_ID.fullmatch(value) or value == "index"):
            found.append(f"{path}: unsafe id {value[:40]!r}")
    elif isinstance(value, float) and not math.isfinite(value):
        found.append(f"{path}: {value}")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if path and path[-1] in POSITIVE_KEYS and value <= 0:
            found.append(f"{path}: {value} is not above 0")
        if path and str(path[-1]).endswith("_s") and value < 0:
            found.append(f"{path}: negative time {value}")
    return found


class _NoDuplicates(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        if len(keys) != len(set(map(repr, keys))):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({k for k, _ in pairs}) != len(pairs):
        raise ValueError("duplicate key")
    return dict(pairs)


def plain_parse(text: str, is_json: bool) -> Any:
    """The file as a plain parser reads it (NaN allowed, so that the predicate sees it)."""
    if is_json:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    return yaml.load(text, Loader=_NoDuplicates)  # a SafeLoader subclass


# --- mutations -------------------------------------------------------------------------------

PAYLOAD = "\n# x {: tabindex=1 autofocus onfocus=alert(1) }\n"
STRANGE_STRINGS = [
    "x" + PAYLOAD, "PyTorch\x00", "a\x1b[2Jb", "\u200b\u200b", "\u202eevil", "x" * 20_000, "", " ", "a\rb",
    "javascript:alert(1)", "https://pytorch.org@evil.example/", "a b/../c", "index", "<script>alert(1)</script>",
]
STRANGE_VALUES: list[Any] = [
    None, 0, -1, -0.5, 1.5, 10**30, 1e308, float("nan"), float("inf"), float("-inf"), True, [], {}, ["x"], {"k": "v"}, "12",
]


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _places(item, path + (index,))
    return out


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def mutate(rng: random.Random, text: str, is_json: bool) -> tuple[str, str]:
    """One mutant of ``text`` and a word on what was done."""
    first, _, body = text.partition("\n") if not is_json else ("", "", text)
    # Values are what the rules are about: strings and numbers are mutated most often.
    kind = rng.choice(["delete", "duplicate", "type", "string", "string", "string", "number", "number", "deep", "truncate",
                       "flip", "rename"])
    if kind == "truncate":
        return text[: rng.randrange(len(text))], "truncated"
    if kind == "flip":
        raw = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return raw.decode("utf-8", errors="surrogateescape").encode("utf-8", errors="surrogateescape").decode(
            "utf-8", errors="replace"), "bytes flipped"
    if kind == "duplicate":
        lines = text.split("\n")
        pattern = r'^\s*"[a-z_]+": [^\[{]*,$' if is_json else r"^\s*(- )?[a-z_0-9]+: \S"
        candidates = [i for i, line in enumerate(lines) if re.match(pattern, line)]
        if candidates:
            at = rng.choice(candidates)
            repeat = lines[at].replace("- ", "  ", 1) if not is_json else lines[at]
            lines.insert(at + 1, repeat)
            return "\n".join(lines), f"line {at + 1} repeated"
        kind = "delete"
    doc = json.loads(text) if is_json else yaml.safe_load(body)
    places = [p for p in _places(doc) if p]
    wanted = {"string": str, "number": (int, float)}.get(kind)
    if wanted is not None:
        # a value of that type where there is one (a mapping key otherwise)
        places = [p for p in places if isinstance(_parent(doc, p)[p[-1]], wanted)] or places
    where = rng.choice(places)
    parent = _parent(doc, where)
    key = where[-1]
    marker = None
    if kind == "delete":
        del parent[key]
    elif kind == "rename" and isinstance(parent, dict):
        parent[f"{key}_x"] = parent.pop(key)
    elif kind == "string":
        old = parent[key]
        new = rng.choice(STRANGE_STRINGS)
        parent[key] = old + new if isinstance(old, str) and rng.random() < 0.5 else new
    elif kind == "number":
        parent[key] = rng.choice([-1, -1e-9, 0, 10**40, 1e308, float("nan"), float("inf"), float("-inf"), 0.0])
    elif kind == "deep":
        marker = "DEEP-MARKER"
        parent[key] = marker
    else:
        parent[key] = rng.choice(STRANGE_VALUES)
    if is_json:
        out = json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=True)
        if marker:
            out = out.replace(f'"{marker}"', _deep(rng.choice([10, 70, 5000])))
    else:
        out = first + "\n" + yaml.safe_dump(doc, allow_unicode=rng.random() < 0.5, sort_keys=False, width=1000)
        if marker:
            out = out.replace(marker, _deep(rng.choice([10, 40, 3000])))
    return out, f"{kind} at {where}"


# --- the test --------------------------------------------------------------------------------


def scratch_tree(root: Path) -> None:
    """A copy of data/ without runs (each mutant is checked on its own)."""
    data_copy(root.parent, [])
    if root.name != "data":
        (root.parent / "data").rename(root)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("seed", [11])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_mutants_are_refused_with_a_line_or_obey_the_rules(tmp_path, kind, seed):
    source, place = KINDS[kind]
    root = tmp_path / "data"
    scratch_tree(root)
    path = root / place.format(name=source.name)
    text = source.read_text(encoding="utf-8")
    is_json = source.suffix == ".json"
    rng = random.Random(f"{kind}-{seed}")
    accepted = refused = 0
    for number in range(MUTANTS):
        mutant, what = mutate(rng, text, is_json)
        path.write_text(mutant, encoding="utf-8", errors="surrogateescape")
        obj, problems = load_file(path)  # any exception fails the test, with the mutation in the traceback
        where = f"{kind} seed {seed} mutant {number} ({what})"
        if problems:
            refused += 1
            for problem in problems:
                assert problem.path == path, (where, str(problem))
                assert problem.line is not None and problem.line >= 1, (where, str(problem))
                assert problem.message and "\n" not in str(problem), (where, str(problem))
            continue
        accepted += 1
        assert obj is not None, where
        try:
            parsed = plain_parse(mutant, is_json)
        except (ValueError, yaml.YAMLError, RecursionError) as exc:
            pytest.fail(f"{where}: accepted, but a plain parser refuses it: {exc}")
        bad = violations(parsed)
        assert not bad, (where, bad[:3])
    assert refused, f"{kind}: no mutant was refused; the fuzzer is not mutating"
    assert accepted + refused == MUTANTS


def test_the_predicate_catches_what_it_must():
    """The independent predicate is itself a check that could fail: show it does."""
    assert violations({"name": "a\nb"}) and violations({"why": {"en": "a\x1bb"}}) and violations({"x": float("nan")})
    assert violations({"id": "index"}) and violations({"workload": "a b/../c"}) and violations({"median_s": -1.0})
    assert violations({"name": "\u200b"}) and violations({"name": "a\u202eb"}) and violations({"count": 0})
    assert violations(_nest(70))
    assert not violations({"rationale": {"en": "one\n\ntwo\tthree"}, "name": "PyTorch", "median_s": 0.5, "settings": {"v": ""}})


def _nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value

