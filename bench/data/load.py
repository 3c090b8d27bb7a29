"""Loading and cross-checking everything under ``data/``.

``load_dataset`` is the one entry point: it reads every file once, validates
each against its model, applies the rules that span files, and returns either
a ``Dataset`` or the full list of problems (never only the first one).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .glossary import GlossaryFile, glossary_rules
from .hardware import HardwareFile, hardware_rules
from .jsonsafe import json_lines, parse_json
from .models import EDITIONS, AreasFile, FrameworksFile, RatingsFile, text_problem
from .problems import validation_problems
from .reference import ReferenceFile
from .releases import ReleasesFile, release_rules
from .rubric import level_problems
from .runs import Run, RunVersionError, migrate, run_file_name_problem
from .scenarios import ScenariosFile, scenarios_rules
from .withdrawals import Withdrawal, WithdrawalsFile
from .yamlsafe import DataFileError, Document, parse_yaml, read_text

M = TypeVar("M", bound=BaseModel)

SCHEMA_POINTERS = {
    "frameworks": "schema/frameworks.schema.json",
    "areas": "schema/areas.schema.json",
    "ratings": "../../schema/ratings.schema.json",
    "reference": "../schema/reference.schema.json",
    "withdrawals": "schema/withdrawals.schema.json",
    "releases": "schema/releases.schema.json",
    "glossary": "schema/glossary.schema.json",
    "scenarios": "schema/scenarios.schema.json",
    "hardware": "schema/hardware.schema.json",
}
OPTIONAL_FILES = {"releases.yaml": ("releases", ReleasesFile, release_rules), "glossary.yaml": ("glossary", GlossaryFile, glossary_rules)}
"""Top-level files a data tree may lack: their kind, model and rules that span files."""


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
    withdrawals: dict[str, Withdrawal] = field(default_factory=dict)  # run file name -> why it is no longer shown
    releases: ReleasesFile | None = None  # latest release per framework (data/releases.yaml)
    glossary: GlossaryFile | None = None  # terms and their Chinese renderings (data/glossary.yaml)
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


RUN_MAX_BYTES = 32 * 1024 * 1024
"""Largest run file read; a full matrix of cells with their raw samples is a few MB."""


def load_run(path: Path) -> Run:
    """Read one run JSON file, migrating an older schema; raise DataError naming the file.

    A valid file costs one C parse (whose hooks refuse duplicate keys and NaN) and one
    validation of the parsed document; the line of each value is worked out only when
    a problem must be named.
    """
    try:
        text = read_text(path, RUN_MAX_BYTES)
        raw = parse_json(text, path)
    except DataFileError as exc:
        raise DataError([exc]) from None
    if not isinstance(raw, dict):
        raise DataError([DataFileError(path, 1, "a run file must hold a JSON object")])
    try:
        migrated = migrate(raw)
    except RunVersionError as exc:
        line = Document(path, raw, json_lines(text, path)).line_of(exc.loc)
        raise DataError([DataFileError(path, line, str(exc))]) from None
    try:
        run = Run.model_validate(migrated)
    except ValidationError as exc:
        doc = Document(path, raw, json_lines(text, path))
        raise DataError(validation_problems(exc, doc, path)) from None
    run._stored_version = raw["schema_version"]  # migrate() accepted it: a positive integer
    return run


def load_file(path: Path, data_root: Path | None = None) -> tuple[Any, list[DataFileError]]:
    """Validate one data file on its own.

    The kind is told by where the file lies; a ``.json`` file named explicitly is a
    run wherever it lies (the harness writes runs outside ``data/``), and only in a
    ``runs/`` folder must it be named as a run of ``data/runs/``.
    """
    problems: list[DataFileError] = []
    kind = classify(path, data_root)
    if kind is None and path.suffix == ".json" and not path.name.endswith(".schema.json"):
        kind = "run"
    if kind in ("runs", "run"):
        if kind == "runs" and (bad := run_file_name_problem(path.name)):
            problems.append(DataFileError(path, 1, bad))
        try:
            return load_run(path), problems
        except DataError as exc:
            return None, problems + exc.problems
    if kind is None:
        return None, [DataFileError(path, 1, "not a known kind of data file (frameworks.yaml, areas.yaml, ratings/<edition>/<id>.yaml, reference/<id>.yaml, withdrawals.yaml, releases.yaml, glossary.yaml, scenarios.yaml, hardware.yaml, a run's .json)")]
    model = MODELS[kind]
    obj, _ = _load_model(path, model, SCHEMA_POINTERS[kind], problems)
    return obj, problems


def classify(path: Path, data_root: Path | None = None) -> str | None:
    parts = path.parts
    if path.name == "frameworks.yaml":
        return "frameworks"
    if path.name == "areas.yaml":
        return "areas"
    if path.name == "withdrawals.yaml":
        return "withdrawals"
    if path.name in OPTIONAL_FILES:
        return OPTIONAL_FILES[path.name][0]
    if path.name in ("scenarios.yaml", "hardware.yaml"):
        return path.stem
    if len(parts) >= 3 and parts[-3] == "ratings" and path.suffix == ".yaml":
        return "ratings"
    if len(parts) >= 2 and parts[-2] == "runs" and path.suffix == ".json":
        return "runs"
    if len(parts) >= 2 and parts[-2] == "reference" and path.suffix == ".yaml":
        return "reference"
    return None


MODELS: dict[str, type[BaseModel]] = {"frameworks": FrameworksFile, "areas": AreasFile, "ratings": RatingsFile,
                                      "reference": ReferenceFile, "withdrawals": WithdrawalsFile,
                                      "scenarios": ScenariosFile, "hardware": HardwareFile,
                                      **{kind: model for kind, model, _ in OPTIONAL_FILES.values()}}
"""The model of each kind of YAML data file (``classify``)."""


def withdrawals_rules(path: Path, withdrawals: WithdrawalsFile, runs_dir: Path, doc: Document) -> list[DataFileError]:
    """Rules that span files: each entry names a run file that exists, once."""
    problems = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(withdrawals.withdrawals):
        line = doc.line_of(("withdrawals", index, "run"))
        if entry.run in seen:
            problems.append(DataFileError(path, line, f"withdrawals[{index}].run: '{entry.run}' is already withdrawn "
                                                      f"(line {seen[entry.run]})"))
            continue
        seen[entry.run] = line
        if not (runs_dir / entry.run).is_file():
            problems.append(DataFileError(path, line, f"withdrawals[{index}].run: no run file runs/{entry.run}"))
    return problems


def ratings_rules(path: Path, ratings: RatingsFile, known: set[str], doc: Document) -> list[DataFileError]:
    """Rules that span files: a ratings file names a known framework, its own file name and folder, and its rubric levels."""
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
    problems.extend(level_problems(path, ratings, doc))
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


TOP_LEVEL = {
    "frameworks.yaml": "file", "areas.yaml": "file", "withdrawals.yaml": "file", "releases.yaml": "file",
    "glossary.yaml": "file", "scenarios.yaml": "file", "hardware.yaml": "file",
    "ratings": "folder", "reference": "folder", "runs": "folder", "schema": "folder",
}
"""What ``data/`` holds; anything else there is reported, not ignored."""


def _entries(folder: Path, problems: list[DataFileError]) -> list[tuple[Path, bool]]:
    """The entries of ``folder`` that may be read, each with whether it is a folder.

    Looked at without following links: a symbolic link, a FIFO, a socket or a
    device is reported here and never opened, and so is a name that could not be
    printed on one line or read in its stored order.
    """
    out = []
    for path in sorted(folder.iterdir()):
        bad_name = text_problem(path.name, multiline=False)
        if bad_name:
            problems.append(DataFileError(path, 1, f"file name: {bad_name}"))
            continue
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            problems.append(DataFileError(path, 1, f"cannot read: {exc.strerror}"))
            continue
        if stat.S_ISLNK(mode):
            problems.append(DataFileError(path, 1, "a symbolic link; data files and folders must be plain ones"))
        elif stat.S_ISDIR(mode):
            out.append((path, True))
        elif stat.S_ISREG(mode):
            out.append((path, False))
        else:
            problems.append(DataFileError(path, 1, "not a plain file (a FIFO, socket or device)"))
    return out


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
    for path, is_dir in _entries(folder, problems):
        if is_dir or path.suffix != ".yaml":
            problems.append(DataFileError(path, 1, f"{kind} files end in .yaml" + (" (no subfolders)" if is_dir else "")))
            continue
        obj, doc = _load_model(path, model, SCHEMA_POINTERS[kind], problems)
        if obj is None or doc is None:
            continue
        file_problems = rules(path, obj, known, doc) if known is not None else []
        problems.extend(file_problems)
        if not file_problems:
            loaded.append(obj)
    return loaded


def _check_layout(root: Path, problems: list[DataFileError]) -> dict[str, bool]:
    """Report what does not belong at the top of ``data/`` and in ``schema/``; say which folders may be read."""
    readable = {}
    for path, is_dir in _entries(root, problems):
        want = TOP_LEVEL.get(path.name)
        if want is None:
            expected = ", ".join(name + ("/" if kind == "folder" else "") for name, kind in TOP_LEVEL.items())
            problems.append(DataFileError(path, 1, f"unexpected in data/ (it holds {expected})"))
        elif (want == "folder") != is_dir:
            problems.append(DataFileError(path, 1, f"must be a {want}"))
        else:
            readable[path.name] = True
    if readable.get("schema"):
        from .schema import SCHEMAS  # the schemas import the models: not at module load

        names = {f"{name}.schema.json" for name in SCHEMAS}
        for path, _ in _entries(root / "schema", problems):
            if path.name not in names:
                problems.append(DataFileError(path, 1, f"schema/ holds only the generated schemas ({', '.join(sorted(names))})"))
    return readable


def _load_optional(
    path: Path,
    model: type[M],
    rules: Callable[[Path, M, set[str], Document], list[DataFileError]],
    known: set[str] | None,
    problems: list[DataFileError],
) -> M | None:
    """A top-level file the site can do without (scenarios.yaml, hardware.yaml): None when absent."""
    if not (path.exists() or path.is_symlink()):
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
    try:
        readable = _check_layout(root, problems)
    except OSError as exc:
        raise DataError([DataFileError(root, 1, f"cannot read the data folder: {exc.strerror}")]) from None
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
    if readable.get("ratings"):
        for entry, is_dir in _entries(ratings_dir, problems):
            if not is_dir:
                problems.append(DataFileError(entry, 1, "ratings/ holds only edition folders (2016, current)"))
                continue
            if entry.name not in EDITIONS:
                problems.append(DataFileError(entry, 1, f"unknown edition folder '{entry.name}' (expected one of {', '.join(EDITIONS)})"))
                continue
            for rf in _load_folder(entry, "ratings", RatingsFile, ratings_rules, known if frameworks else None, problems):
                ratings[entry.name][rf.framework] = rf
    elif not ratings_dir.is_symlink() and not ratings_dir.exists():
        problems.append(DataFileError(ratings_dir, 1, "missing ratings folder"))

    reference: dict[str, ReferenceFile] = {}
    if readable.get("reference"):
        for ref in _load_folder(root / "reference", "reference", ReferenceFile, reference_rules, known if frameworks else None, problems):
            reference[ref.id] = ref

    optional: dict[str, Any] = {}
    for name, (kind, model, rules) in OPTIONAL_FILES.items():
        if (root / name).exists() or (root / name).is_symlink():
            obj, doc = _load_model(root / name, model, SCHEMA_POINTERS[kind], problems)
            if obj is not None and doc is not None and frameworks:
                problems.extend(rules(root / name, obj, known, doc))
            optional[kind] = obj
    rated = set(ratings["current"]) if frameworks else None
    hardware = _load_optional(root / "hardware.yaml", HardwareFile, hardware_rules, known if frameworks else None, problems)
    scenarios = _load_optional(root / "scenarios.yaml", ScenariosFile, scenarios_rules, rated, problems)

    runs: dict[str, Run] = {}
    if with_runs and readable.get("runs"):
        for path, is_dir in _entries(root / "runs", problems):
            if is_dir or path.suffix != ".json":
                problems.append(DataFileError(path, 1, "runs/ holds only run files (<UTC timestamp>_<device>.json), no subfolders"))
                continue
            if bad := run_file_name_problem(path.name):
                problems.append(DataFileError(path, 1, bad))
                continue
            try:
                runs[path.name] = load_run(path)
            except DataError as exc:
                problems.extend(exc.problems)

    withdrawals: dict[str, Withdrawal] = {}
    withdrawals_path = root / "withdrawals.yaml"
    if withdrawals_path.exists() or withdrawals_path.is_symlink():  # optional: no file, no withdrawn run
        listed, doc = _load_model(withdrawals_path, WithdrawalsFile, SCHEMA_POINTERS["withdrawals"], problems)
        if listed is not None and doc is not None:
            file_problems = withdrawals_rules(withdrawals_path, listed, root / "runs", doc)
            problems.extend(file_problems)
            withdrawals = {entry.run: entry for entry in listed.withdrawals}

    if problems or frameworks is None or areas is None:
        raise DataError(problems)
    return Dataset(root=root, frameworks=frameworks, areas=areas, ratings=ratings, runs=runs, reference=reference,
                   withdrawals=withdrawals, scenarios=scenarios, hardware=hardware, **optional)

