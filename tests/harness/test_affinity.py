"""Pinning a worker to as many CPUs as its threads, each on its own physical core."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.harness.affinity import core_of, cpus_for

# Two cores with two hyper-threads each, numbered as Linux does: 0 and 2 share core 0, 1 and 3 core 1.
SIBLINGS = {0: (0, 0), 1: (0, 1), 2: (0, 0), 3: (0, 1)}


def test_threads_land_on_distinct_physical_cores():
    assert cpus_for(1, {0, 1, 2, 3}, SIBLINGS.get) == {0}
    assert cpus_for(2, {0, 1, 2, 3}, SIBLINGS.get) == {0, 1}  # not 0 and 2, one core's two hyper-threads


def test_no_pinning_where_the_threads_need_every_cpu_or_more_cores_than_exist():
    assert cpus_for(4, {0, 1, 2, 3}, SIBLINGS.get) is None
    assert cpus_for(3, {0, 1, 2, 3}, SIBLINGS.get) is None  # only two physical cores


def test_only_allowed_cpus_are_chosen_and_unknown_topology_counts_each_cpu():
    assert cpus_for(1, {2, 3}, SIBLINGS.get) == {2}
    assert cpus_for(2, {5, 7, 9}, lambda cpu: None) == {5, 7}


def test_topology_is_read_from_sysfs(tmp_path):
    topology = tmp_path / "cpu3" / "topology"
    topology.mkdir(parents=True)
    (topology / "physical_package_id").write_text("1\n")
    (topology / "core_id").write_text("6\n")
    assert core_of(3, tmp_path) == (1, 6)
    assert core_of(4, tmp_path) is None


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
                    reason="needs a machine with two CPUs or more")
def test_the_worker_keeps_itself_on_its_threads_on_a_cpu_only():
    code = ("import os; from bench.harness.worker import set_threads; set_threads(1, {!r}); "
            "print(len(os.sched_getaffinity(0)))")
    ran = {device: subprocess.run([sys.executable, "-c", code.format(device)], capture_output=True, text=True,
                                  check=True, timeout=60).stdout.strip() for device in ("cpu", "cuda")}
    assert ran["cpu"] == "1"
    assert int(ran["cuda"]) == len(os.sched_getaffinity(0))
