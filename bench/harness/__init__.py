"""The benchmark harness: workloads x frameworks, timing, environment capture."""
