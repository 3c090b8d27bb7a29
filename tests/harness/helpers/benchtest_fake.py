"""A fake framework adapter for the runner's tests: each workload id is a behaviour.

Registered in the parent by the tests (``FRAMEWORKS["fake"]``); imported by the worker.
Its "framework" is the standard library's ``json``, always installed.
"""

from __future__ import annotations

import ctypes
import os
import time

from bench.harness.adapter import Prepared, Unsupported

IMPORT = "json"


class FakeOutOfMemory(Exception):
    pass


def setup(device: str) -> dict:
    return {"version": "0.0-fake", "settings": {"fake": True}}


def is_oom(exc: BaseException) -> bool:
    return isinstance(exc, FakeOutOfMemory)


def unsupported(cell, device: str):
    return "the fake does not do bf16" if cell.precision == "bf16" else None


def prepare(cell, bundle, device: str) -> Prepared:
    behaviour = cell.workload
    if behaviour == "segfault":
        ctypes.string_at(0)
    if behaviour == "exit":
        os._exit(3)
    if behaviour == "hang":
        time.sleep(3600)
    if behaviour == "oom":
        raise FakeOutOfMemory("fake device out of memory")
    if behaviour == "hostoom":
        raise MemoryError()  # what Python raises when the host has no memory left
    if behaviour == "boom":
        raise ValueError("a bug in the model\nsecond line")
    if behaviour == "nope":
        raise Unsupported("the fake cannot build this")
    pause = float(os.environ.get("BENCHTEST_SLOW_S", "2")) if behaviour == "slow" else 0.001

    return Prepared(
        step=lambda: time.sleep(pause),
        sync=lambda: None,
        reset_peak=lambda: None,
        read_peak=lambda: 1234,
        peak_memory_kind="fake",
        params=7,
        describe_path=lambda: "fake path",
    )
