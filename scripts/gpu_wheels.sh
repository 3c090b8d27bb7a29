#!/usr/bin/env bash
# Fetch, on a machine with PyPI, the wheels that the GPU machine lacks for the harness's
# parent process (pydantic and its needs; numpy, psutil, nvidia-ml-py and PyYAML are there),
# into .whl/ for scripts/gpu_run.sh. The GPU machine's python3 is CPython 3.12 on x86-64.
#   scripts/gpu_wheels.sh [PYTHON_VERSION]   (default 3.12)
set -euo pipefail
cd "$(dirname "$0")/.."
py="${1:-3.12}"
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version "$py" --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl \
  pydantic==2.14.3 pydantic-core==2.50.4 annotated-types==0.8.0 typing-inspection==0.4.5 typing-extensions==4.16.0
ls -l .whl
