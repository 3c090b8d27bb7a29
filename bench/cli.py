"""``python -m bench <verb>``: the project's command line.

Verbs: ``run`` (measure), ``list`` (workloads and frameworks), ``check``
(validate data files), ``env`` (the environment a run would record),
``schema`` (write the JSON Schemas of the data files).
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
