#!/usr/bin/env bash
# One benchmark run on a lent GPU machine (an H100 or H200 with PyTorch and JAX, no TensorFlow,
# no network), sized to end within about 9 minutes. Writes the run file and a log under
# $OUT (default: data/runs) and prints a compact table of every cell as well.
#
#   bash scripts/gpu_run.sh            # on the GPU machine, from the repository root
#   bash scripts/gpu_run.sh --device cpu --quick --workloads alexnet,lstm   # a dry run here
#
# What it does, in order (worst case about 560 s, inside the 600 s a device command may take):
#  1. scripts/bench_overhead.py on AlexNet (full shapes, batch 128, fp32 training step): the
#     harness's median against a bare timing loop, goal <= 1.01 on a GPU, for PyTorch and for
#     JAX's jitted step (at most 45 s each).
#  2. python -m bench run over every JAX cell (jit), then every PyTorch cell (every registered
#     workload, GPT-2 included, x train/forward x bf16/tf32/fp32; eager, then torch.compile) at
#     each workload's default batch size (GPT-2: 16 x 1,024 tokens), training step before
#     forward, bf16 before tf32 before fp32. Every framework's worker runs under this script's
#     python ($PYTHON); pass --python FRAMEWORK=PATH to give one its own.
#     TensorFlow cells are in the matrix too and say "not installed". The matrix runs in 5 rounds
#     of fresh workers (--repeats 5); each process takes 10 samples, each the mean of a block of
#     steps lasting at least 10 ms (capped at 5 s per process); no cell starts
#     after 360 s (--time-budget) and none runs past 120 s (--cell-timeout). Cold torch.compile
#     cells take tens of seconds each, so the budget may cut the last compile cells: the file
#     then says which were not run (complete: false, settings.stopped and cells_not_run).
#  3. bench check on the run file, then a compact table of every cell on stdout.
# Files under $OUT: runs/<UTC timestamp>_<gpu>.json (the run file), gpu_run.log, overhead.txt, overhead_jax.txt
# (without $OUT: the run file in data/runs/, the logs in a temporary folder).
#
# The tree copied to that machine has no .git: give the harness's commit as BENCH_GIT_COMMIT=<40 hex> (e.g.
# `BENCH_GIT_COMMIT=$(git rev-parse HEAD)` where the command is composed), or the run file says it is not recorded.
#
# The parent process needs pydantic, which that machine lacks: carry .whl/ (made by
# scripts/gpu_wheels.sh) and this script installs it into /tmp/site first.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -n "${OUT:-}" ]; then out="$OUT/runs"; logs="$OUT"      # bench check knows a run file by its runs/ folder
else out=data/runs; logs=$(mktemp -d); fi                        # logs kept out of data/
mkdir -p "$out" "$logs"
py="${PYTHON:-python3}"
export PYTHONUNBUFFERED=1

if ! "$py" -c "import pydantic" 2>/dev/null; then
  if compgen -G ".whl/*.whl" >/dev/null; then
    "$py" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 3
    export PYTHONPATH="/tmp/site${PYTHONPATH:+:$PYTHONPATH}"
  else
    echo "gpu_run.sh: pydantic is missing and there is no .whl/ to install it from (run scripts/gpu_wheels.sh, carry .whl)" >&2
    exit 3
  fi
fi
"$py" -c "import pydantic, numpy, psutil, yaml" || { echo "gpu_run.sh: the parent's packages are missing" >&2; exit 3; }
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv 2>/dev/null || true

# --device cuda unless the caller says otherwise (a CPU dry run passes --device cpu --quick)
device=cuda
for arg in "$@"; do case "$arg" in cpu|--device=cpu) device=cpu ;; esac; done
overhead=(--device "$device" --workload alexnet --rounds 6 --samples 10)
[ "$device" = cuda ] && overhead+=(--full)
timeout 45 "$py" scripts/bench_overhead.py "${overhead[@]}" 2>&1 | tee "$logs/overhead.txt" | tail -5
timeout 45 "$py" scripts/bench_overhead.py --framework jax "${overhead[@]}" 2>&1 | tee "$logs/overhead_jax.txt" | tail -5

args=(--device cuda --frameworks jax,pytorch,tensorflow --phase train,forward --precision bf16,tf32,fp32
      --max-time 5 --samples 10 --repeats 5 --warmup 3 --cell-timeout 120 --time-budget 360)
commit="${BENCH_GIT_COMMIT:-$(git rev-parse HEAD 2>/dev/null)}"
if [ -n "$commit" ]; then args+=(--git-commit "$commit")
else echo "gpu_run.sh: no .git and no BENCH_GIT_COMMIT: the run will not record the harness's commit" >&2; fi
start=$(date +%s)
"$py" -m bench run "${args[@]}" --out "$out" "$@" 2>&1 | tee "$logs/gpu_run.log"
status=${PIPESTATUS[0]}
echo "gpu_run.sh: bench run exited $status after $(( $(date +%s) - start )) s"

run_file=$(ls -t "$out"/*.json 2>/dev/null | head -1)
if [ -n "$run_file" ]; then
  "$py" -m bench check "$run_file" || status=1
  # compact: one line per cell, for reading in a terminal tail if the files do not come back
  "$py" - "$run_file" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
print(f"# {sys.argv[1]}: complete={doc['complete']} device={doc['device'].get('name')} cells={len(doc['results'])}"
      f" stopped={doc['settings'].get('stopped', '-')}")
print("fw,workload,phase,prec,mode,batch,status,median_ms,iqr_pct,throughput,tflops,peak_share,peak_gib,first_s")
skipped = {}
for r in doc["results"]:
    if r["status"] != "ok":
        key = f"{r['framework']} {r['status']}: {r.get('reason', '')[:140]}"
        skipped[key] = skipped.get(key, 0) + 1
        if (r.get("reason") or "").startswith("not installed"):
            continue
    f = lambda v, fmt: "" if v is None else format(v, fmt)
    med = r.get("median_s")
    print(",".join([r["framework"][:2], r["workload"], r["phase"], r["precision"], r["mode"], str(r["batch_size"]), r["status"],
                    f(med and med * 1e3, ".3f"), f(med and r["iqr_s"] / med * 100, ".1f"), f(r.get("throughput"), ".1f"),
                    f(r.get("tflops"), ".2f"), f(r.get("peak_share"), ".3f"),
                    f(r.get("peak_memory_bytes") and r["peak_memory_bytes"] / 2**30, ".2f"), f(r.get("first_step_s"), ".2f")]))
for key, count in skipped.items():
    print(f"# {count} x {key}")
PY
fi
exit "$status"
