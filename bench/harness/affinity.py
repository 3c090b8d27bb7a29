"""Which CPUs a worker may use: as many as its threads, each on its own physical core.

Standard library only: the worker pins itself before it imports a framework (whose
import time it measures), and XLA, which has no thread-count flag, sizes its CPU
pool by the CPUs the process may use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def core_of(cpu: int, sysfs: Path = Path("/sys/devices/system/cpu")) -> tuple[int, int] | None:
    """(package, core) of a logical CPU, from Linux's topology files; None where they are not readable."""
    try:
        topology = sysfs / f"cpu{cpu}" / "topology"
        return (int((topology / "physical_package_id").read_text()), int((topology / "core_id").read_text()))
    except (OSError, ValueError):
        return None


def cpus_for(threads: int, allowed: set[int], core_of: Any = core_of) -> set[int] | None:
    """``threads`` logical CPUs of ``allowed``, each on its own physical core; None when no pinning is needed.

    Hyper-threads of one core share its execution units: two threads on one core are not
    two cores' worth of work. Where the topology is unknown, each logical CPU counts as a core.
    None where ``threads`` would need every allowed CPU, or more physical cores than there are.
    """
    if threads >= len(allowed):
        return None
    firsts: dict[Any, int] = {}
    for cpu in sorted(allowed):
        firsts.setdefault(core_of(cpu) or ("cpu", cpu), cpu)
    if threads > len(firsts):
        return None
    return set(sorted(firsts.values())[:threads])


def pin_threads(threads: int) -> set[int] | None:
    """Keep this process (and the threads it starts) on ``threads`` CPUs of distinct cores; the CPUs, or None.

    Every framework then works on the same number of cores whatever its own pools do. It is what
    sizes XLA's CPU pool, which has no thread-count flag: XLA counts the CPUs the process may use.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpus = cpus_for(threads, os.sched_getaffinity(0))
    if cpus is not None:
        os.sched_setaffinity(0, cpus)
    return cpus
