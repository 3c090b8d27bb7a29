"""Names shared by the benchmark-page tests (conftest.py holds the fixtures)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
FIXTURE_RUNS = sorted((REPO / "tests" / "fixtures" / "runs").glob("*.json"))
GPU = "cuda-nvidia-h100-80gb-hbm3"
CPU = "cpu-amd-epyc-7763-64-core-processor"
V1_RUN = "2025-11-20T09-00-00Z_cuda"
