"""Loading and cross-checking everything under ``data/``.

``load_dataset`` is the one entry point: it reads every file once, validates
each against its model, applies the rules that span files, and returns either
a ``Dataset`` or the full list of problems (never only the first one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .hardware import HardwareFile, hardware_rules
from .models import EDITIONS, AreasFile, FrameworksFile, RatingsFile
from .problems import validation_problems
from .reference import ReferenceFile
from .runs import RUN_SCHEMA_VERSION, Run, RunVersionError, migrate
from .scenarios import ScenariosFile, scenarios_rules
from .yamlsafe import DataFileError, Document, parse_yaml, read_text

M = TypeVar("M", bound=BaseModel)

SCHEMA_POINTERS = {
    "frameworks": "schema/frameworks.schema.json",
    "areas": "schema/areas.schema.json",
    "ratings": "../../schema/ratings.schema.json",
    "reference": "../schema/reference.schema.json",
    "scenarios": "schema/scenarios.schema.json",
    "hardware": "schema/hardware.schema.json",
}


class DataError(Exception):
    """The data under ``data/`` is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[DataFileError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Dataset:
    root: Path
    frameworks: FrameworksFile
    areas: AreasFile
    ratings: dict[str, dict[str, RatingsFile]]  # edition -> framework id -> file
    runs: dict[str, Run] = field(default_factory=dict)  # file name -> run
    reference: dict[str, ReferenceFile] = field(default_factory=dict)  # id -> published table (data/reference/)
    sources: dict[str, Path] = field(default_factory=dict)  # what was read, for error messages
    scenarios: ScenariosFile | None = None  # the decision guide (data/scenarios.yaml), when there is one
    hardware: HardwareFile | None = None  # the hardware support matrix (data/hardware.yaml), when there is one

    def framework(self, framework_id: str):
        return next(f for f in self.frameworks.frameworks if f.id == framework_id)


def _check_pointer(doc_text: str, path: Path, expected: str) -> DataFileError | None:
    first = doc_text.splitlines()[0] if doc_text else ""
    want = f"# yaml-language-server: $schema={expected}"
    if first.strip() != want:
        return DataFileError(path, 1, f"first line must be '{want}' so editors check the file as it is typed")
    return None


def _load_model(
    path: Path, model: type[M], pointer: str | None, problems: list[DataFileError]
) -> tuple[M | None, Document | None]:
    """Read, parse and validate one YAML file; append its problems."""
    try:
        text = read_text(path)
        doc = parse_yaml(text, path)
    except DataFileError as exc:
        problems.append(exc)
        return None, None
    if pointer is not None and (bad := _check_pointer(text, path, pointer)):
        problems.append(bad)
    if not isinstance(doc.data, dict):
        problems.append(DataFileError(path, 1, "the file must hold a mapping of fields"))
        return None, doc
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        problems.extend(validation_problems(exc, doc, path))
        return None, doc


_CURRENT_RUN = re.compile(rf'^\s*\{{\s*"schema_version"\s*:\s*{RUN_SCHEMA_VERSION}\s*,')


def load_run(path: Path) -> Run:
    """Read one run JSON file, migrating an older schema; raise DataError naming the file.

    A file of the current schema (``schema_version`` first, as the harness writes it) is
    validated straight from its text, several times faster than through ``json.loads``: a
    site build reads every run. Any problem takes the slow path, which names it.
    """
    try:
        text = read_text(path)
    except DataFileError as exc:
        raise DataError([exc]) from None
    if _CURRENT_RUN.match(text):
        try:
            return Run.model_validate_json(text)
        except ValidationError:
            pass  # report it the usual way, below
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([DataFileError(path, exc.lineno, f"invalid JSON: {exc.msg}")]) from None
    if not isinstance(raw, dict):
        raise DataError([DataFileError(path, 1, "a run file must hold a JSON object")])
    try:
        migrated = migrate(raw)
    except RunVersionError as exc:
        raise DataError([DataFileError(path, 1, str(exc))]) from None
    try:
        return Run.model_validate(migrated)
    except ValidationError as exc:
        raise DataError(validation_problems(exc, None, path)) from None


def load_file(path: Path, data_root: Path | None = None) -> tuple[Any, list[DataFileError]]:
    """Validate one data file on its own (the kind is told by where it lies)."""
    problems: list[DataFileError] = []
    kind = classify(path, data_root)
    if kind == "runs":
        try:
            return load_run(path), []
        except DataError as exc:
            return None, exc.problems
    if kind is None:
        return None, [DataFileError(path, 1, "not a known kind of data file (frameworks.yaml, areas.yaml, ratings/<edition>/<id>.yaml, reference/<id>.yaml, scenarios.yaml, hardware.yaml, runs/*.json)")]
    model = {"frameworks": FrameworksFile, "areas": AreasFile, "ratings": RatingsFile, "reference": ReferenceFile,
             "scenarios": ScenariosFile, "hardware": HardwareFile}[kind]
    obj, _ = _load_model(path, model, SCHEMA_POINTERS[kind], problems)
    return obj, problems


def classify(path: Path, data_root: Path | None = None) -> str | None:
    parts = path.parts
    if path.name == "frameworks.yaml":
        return "frameworks"
    if path.name == "areas.yaml":
        return "areas"
    if path.name in ("scenarios.yaml", "hardware.yaml"):
        return path.stem
    if len(parts) >= 3 and parts[-3] == "ratings" and path.suffix == ".yaml":
        return "ratings"
    if len(parts) >= 2 and parts[-2] == "runs" and path.suffix == ".json":
        return "runs"
    if len(parts) >= 2 and parts[-2] == "reference" and path.suffix == ".yaml":
        return "reference"
    return None


def ratings_rules(path: Path, ratings: RatingsFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: a ratings file names a known framework, its own file name and folder."""
    problems = []
    line = doc.line_of(("framework",))
    if ratings.framework != path.stem:
        problems.append(DataFileError(path, line, f"framework '{ratings.framework}' does not match the file name '{path.name}'"))
    if ratings.framework not in known:
        problems.append(DataFileError(path, line, f"unknown framework '{ratings.framework}' (not in data/frameworks.yaml)"))
    if ratings.edition != path.parent.name:
        problems.append(
            DataFileError(path, doc.line_of(("edition",)), f"edition '{ratings.edition}' does not match the folder '{path.parent.name}'")
        )
    return problems


def reference_rules(path: Path, ref: ReferenceFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: a reference file is named by its id and cites known frameworks."""
    problems = []
    if ref.id != path.stem:
        problems.append(DataFileError(path, doc.line_of(("id",)), f"id '{ref.id}' does not match the file name '{path.name}'"))
    for index, column in enumerate(ref.columns):
        for key in ("framework", "today"):
            value = getattr(column, key)
            if value is not None and value not in known:
                line = doc.line_of(("columns", index, key))
                problems.append(DataFileError(path, line, f"columns[{index}].{key}: unknown framework '{value}' (not in data/frameworks.yaml)"))
    return problems


def _load_folder(
    folder: Path,
    kind: str,
    model: type[M],
    rules: Callable[[Path, M, set[str], Document], list[DataFileError]],
    known: set[str] | None,
    problems: list[DataFileError],
) -> list[M]:
    """Every YAML file of one folder that passes its model and the cross-file ``rules``.

    ``known`` is None when frameworks.yaml itself failed: the rules that need
    it are then skipped rather than reported against every file.
    """
    loaded = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".yaml":
            problems.append(DataFileError(path, 1, f"{kind} files end in .yaml"))
            continue
        obj, doc = _load_model(path, model, SCHEMA_POINTERS[kind], problems)
        if obj is None or doc is None:
            continue
        file_problems = rules(path, obj, known, doc) if known is not None else []
        problems.extend(file_problems)
        if not file_problems:
            loaded.append(obj)
    return loaded


def _load_optional(
    path: Path,
    model: type[M],
    rules: Callable[[Path, M, set[str], Document], list[DataFileError]],
    known: set[str] | None,
    problems: list[DataFileError],
) -> M | None:
    """A top-level file the site can do without (scenarios.yaml, hardware.yaml): None when absent."""
    if not path.exists():
        return None
    obj, doc = _load_model(path, model, SCHEMA_POINTERS[path.stem], problems)
    if obj is None or doc is None or known is None:
        return None
    file_problems = rules(path, obj, known, doc)
    problems.extend(file_problems)
    return None if file_problems else obj


def load_dataset(root: Path | str = "data", *, with_runs: bool = True) -> Dataset:
    """Load and validate all of ``data/``; raise DataError with every problem."""
    root = Path(root)
    problems: list[DataFileError] = []
    fw_path = root / "frameworks.yaml"
    frameworks, fw_doc = _load_model(fw_path, FrameworksFile, SCHEMA_POINTERS["frameworks"], problems)
    areas, _ = _load_model(root / "areas.yaml", AreasFile, SCHEMA_POINTERS["areas"], problems)
    known: set[str] = set()
    if frameworks and fw_doc:
        for index, fw in enumerate(frameworks.frameworks):
            if fw.id in known:
                problems.append(DataFileError(fw_path, fw_doc.line_of(("frameworks", index, "id")), f"duplicate framework id '{fw.id}'"))
            known.add(fw.id)
        for index, fw in enumerate(frameworks.frameworks):
            if fw.successor and fw.successor.framework and fw.successor.framework not in known:
                line = fw_doc.line_of(("frameworks", index, "successor", "framework"))
                problems.append(DataFileError(fw_path, line, f"unknown successor framework '{fw.successor.framework}'"))

    ratings: dict[str, dict[str, RatingsFile]] = {edition: {} for edition in EDITIONS}
    ratings_dir = root / "ratings"
    if ratings_dir.is_dir():
        for entry in sorted(ratings_dir.iterdir()):
            if not entry.is_dir():
                problems.append(DataFileError(entry, 1, "ratings/ holds only edition folders (2016, current)"))
                continue
            if entry.name not in EDITIONS:
                problems.append(DataFileError(entry, 1, f"unknown edition folder '{entry.name}' (expected one of {', '.join(EDITIONS)})"))
                continue
            for rf in _load_folder(entry, "ratings", RatingsFile, ratings_rules, known if frameworks else None, problems):
                ratings[entry.name][rf.framework] = rf
    else:
        problems.append(DataFileError(ratings_dir, 1, "missing ratings folder"))

    reference: dict[str, ReferenceFile] = {}
    reference_dir = root / "reference"
    if reference_dir.is_dir():
        for ref in _load_folder(reference_dir, "reference", ReferenceFile, reference_rules, known if frameworks else None, problems):
            reference[ref.id] = ref

    rated = set(ratings["current"]) if frameworks else None
    hardware = _load_optional(root / "hardware.yaml", HardwareFile, hardware_rules, known if frameworks else None, problems)
    scenarios = _load_optional(root / "scenarios.yaml", ScenariosFile, scenarios_rules, rated, problems)

    runs: dict[str, Run] = {}
    runs_dir = root / "runs"
    if with_runs and runs_dir.is_dir():
        for path in sorted(runs_dir.glob("*.json")):
            try:
                runs[path.name] = load_run(path)
            except DataError as exc:
                problems.extend(exc.problems)

    if problems or frameworks is None or areas is None:
        raise DataError(problems)
    return Dataset(root=root, frameworks=frameworks, areas=areas, ratings=ratings, runs=runs, reference=reference,
                   scenarios=scenarios, hardware=hardware)

