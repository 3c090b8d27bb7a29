"""bench/harness/memory.py: the host peak above the baseline, reset after warm-up."""

import sys

import pytest

from bench.harness.memory import HostPeak

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_peak_counts_what_was_allocated_after_the_reset_only():
    peak = HostPeak()
    warmup = bytearray(64 * 2**20)  # during warm-up: freed before the reset, not counted
    warmup[::4096] = b"x" * len(warmup[::4096])
    del warmup
    peak.reset()
    block = bytearray(32 * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touch every page
    measured = peak.read()
    assert measured is not None
    assert 24 * 2**20 <= measured <= 48 * 2**20
    del block


def test_no_reset_no_figure():
    assert HostPeak().read() is None


def test_no_growth_is_not_measured_never_zero():
    peak = HostPeak()
    held = bytearray(32 * 2**20)  # what an allocator keeps from an earlier cell
    held[::4096] = b"x" * len(held[::4096])
    peak.baseline += len(held) * 2  # a baseline above anything this cell reaches
    peak.reset()
    assert peak.read() is None
    del held
