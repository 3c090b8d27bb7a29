"""``python -m bench <verb>``: the project's command line.

Verbs: ``run`` (measure), ``list`` (workloads and frameworks), ``check``
(validate data files), ``env`` (the environment a run would record),
``schema`` (write the JSON Schemas of the data files), ``releases`` (read
each rated framework's latest release from PyPI into data/releases.yaml).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _check(args: argparse.Namespace) -> int:
    from .check import main

    return main(args.paths, args.data, args.base)


def _schema(args: argparse.Namespace) -> int:
    from .data.schema import write_all

    for path in write_all(Path(args.out)):
        print(f"wrote {path}")
    return 0


def _releases(args: argparse.Namespace) -> int:
    from .data.load import load_file
    from .data.releases import RELEASES_FILE, ReleaseError, fetch_pypi, refresh, write

    path = Path(args.data) / RELEASES_FILE
    current, problems = load_file(path, Path(args.data))
    if problems or current is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        updated = refresh(current, fetch_pypi)
    except ReleaseError as exc:
        print(f"{path}: not changed, PyPI could not be read: {exc}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{path}: would write")
    else:
        write(path, updated)
    for release in updated.releases:
        print(f"{release.framework}: {release.package} {release.version}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="python -m bench", description="Deep Learning Frameworks Compared: measure, validate and inspect the data.")
    parser.add_argument("--version", action="version", version=f"bench {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    check = verbs.add_parser("check", help="validate data files (all of data/ when no path is given)",
                             description="Validate data files. Prints one 'file:line: message' per problem; exit 0 when valid, 1 otherwise.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check (default: all of --data)")
    check.add_argument("--data", default="data", help="the data folder (default: data)")
    check.add_argument("--base", metavar="REF",
                       help="also check the change from git ref REF (e.g. origin/main) in the repository of --data: "
                            "the 2016 edition and reference tables stay frozen, a stars change adds a history entry, "
                            "texts change in both languages, run files are never edited or deleted (withdrawn "
                            "instead), a rated framework stays listed; notes (on stderr) name what a maintainer "
                            "must review")
    check.set_defaults(func=_check)

    schema = verbs.add_parser("schema", help="write the JSON Schemas of the data files",
                              description="Write data/schema/*.schema.json from the models.")
    schema.add_argument("--out", default="data/schema", help="folder to write to (default: data/schema)")
    schema.set_defaults(func=_schema)

    releases = verbs.add_parser("releases", help="read each rated framework's latest release from PyPI into data/releases.yaml",
                                description="Read the latest release of every framework listed in data/releases.yaml from "
                                            "PyPI's JSON API and write the file anew (all or nothing).")
    releases.add_argument("--data", default="data", help="the data folder (default: data)")
    releases.add_argument("--dry-run", action="store_true", help="read PyPI but do not write the file")
    releases.set_defaults(func=_releases)

    from .harness import cli as harness_cli

    harness_cli.add_verbs(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
