"""Harness verbs of the command line: run, list, env (placeholder until the harness lands)."""

from __future__ import annotations

import argparse


def add_verbs(verbs: argparse._SubParsersAction) -> None:
    pass
