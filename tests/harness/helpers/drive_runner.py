"""Run the harness's Runner on the fake framework in its own process (for the SIGINT test).

usage: python drive_runner.py OUT_DIR WORKLOAD[,WORKLOAD...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from fakes import fake_options, register_fake

from bench.harness.runner import Runner

register_fake()
options = fake_options(Path(sys.argv[1]), sys.argv[2].split(","))
runner = Runner(options)
print(runner.path, flush=True)
try:
    runner.run()
except KeyboardInterrupt:
    sys.exit(130)
