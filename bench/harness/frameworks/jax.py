"""JAX adapter (Flax NNX models, optax): builds one cell's step. Imported only inside the JAX worker.

Mode: ``jit``. The model is split once into its graph, its parameters and the rest of its state
(batch-norm statistics, dropout keys); the training step (forward, loss, gradient, the optimizer the
workload declares, in optax) is one ``jax.jit`` function of those, with the parameters, the state and the optimizer
state donated (updated in place); the forward phase is a jitted forward of the model in eval mode.
Timing waits for the step's outputs (``block_until_ready``); the first step traces, compiles and runs.

Settings made explicit (JAX leans to speed by default): fp32 cells set
``jax_default_matmul_precision`` to ``float32`` (otherwise float32 matrix products and convolutions
may run as TF32 on recent NVIDIA GPUs), tf32 cells to ``tensorfloat32``; bf16 cells compute in
bfloat16 over float32 parameters. GPU memory is allocated on demand
(``XLA_PYTHON_CLIENT_PREALLOCATE=false``, set by the runner from the registry), as the other two do.
Peak memory on a GPU: ``peak_bytes_in_use`` of ``device.memory_stats()``; JAX cannot reset it, so a
cell reports it only where the cell itself raised it (otherwise not measured). On the CPU: the
resident set, as for the other frameworks.
"""

from __future__ import annotations

import gc
import os

import jax
import jax.numpy as jnp
import optax
from flax import nnx

from ..adapter import Bundle, Prepared, Unsupported, joined, unsupported_precision
from ..matrix import Cell
from ..memory import HostPeak
from ..workloads import optimizer_settings
from ..workloads.base import Optimizer, optimizer_of

IMPORT = "jax"
MATMUL_PRECISION = {"fp32": "float32", "tf32": "tensorfloat32", "bf16": "default"}
GPU_PEAK_KIND = "jax device.memory_stats()['peak_bytes_in_use'] (XLA BFC allocator, in use)"


def setup(device: str) -> dict:
    """Once per worker: pick the backend, check the device, return version, build and settings."""
    import flax

    jax.config.update("jax_platforms", "cuda" if device == "cuda" else "cpu")
    try:
        devices = jax.devices()
    except RuntimeError as exc:
        raise Unsupported(f"jax {jax.__version__} sees no {device} device: {exc}") from None
    settings = {
        "jaxlib": jax.lib.__version__ if hasattr(jax.lib, "__version__") else None,
        "flax": flax.__version__,
        "optax": optax.__version__,
        "optimizer": optimizer_settings("optax"),
        "train step": "jax.jit, parameters, model state and optimizer state donated",
        "forward phase": "jax.jit of the model in eval mode",
        "matmul precision": "float32 for fp32 cells, tensorfloat32 for tf32 cells (jax_default_matmul_precision)",
        "bf16": "bfloat16 compute (Flax dtype) over float32 parameters (param_dtype)",
        "memory": f"XLA_PYTHON_CLIENT_PREALLOCATE={os.environ.get('XLA_PYTHON_CLIENT_PREALLOCATE', 'default (75%)')}",
        "backend": jax.default_backend(),
        # XLA's CPU backend has no thread-count option: it sizes its pool by the CPUs the worker may
        # use, which the worker restricts (worker.set_threads); at one thread Eigen is single-threaded too
        "threads": {"XLA_FLAGS": os.environ.get("XLA_FLAGS", ""), "requested_intra_op": os.environ.get("BENCH_THREADS"),
                    "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None},
    }
    info = {"version": jax.__version__, "settings": settings}
    if device == "cuda":
        settings["device_name"] = devices[0].device_kind
        settings["platform_version"] = getattr(devices[0].client, "platform_version", None)
    return info


def is_oom(exc: BaseException) -> bool:
    text = str(exc)
    return "RESOURCE_EXHAUSTED" in text or "Out of memory" in text


def unsupported(cell: Cell, device: str) -> str | None:
    return unsupported_precision(cell, device)


def make_optimizer(spec: Optimizer) -> optax.GradientTransformation:
    """The workload's optimizer in optax, ``clip_by_global_norm`` first where the spec clips.

    optax's ``sgd`` momentum is PyTorch's (no dampening); its ``adamw`` adds epsilon after the bias
    correction and multiplies the decay by the learning rate, as PyTorch does, and the decay mask
    keeps it to parameters with two or more dimensions.
    """
    if spec.kind == "sgd":
        tx = optax.sgd(spec.lr, momentum=spec.momentum or None)
    else:
        tx = optax.adamw(spec.lr, b1=spec.betas[0], b2=spec.betas[1], eps=spec.eps, weight_decay=spec.weight_decay,
                         mask=lambda params: jax.tree.map(lambda p: p.ndim >= 2, params))
    if spec.clip_global_norm is not None:
        tx = optax.chain(optax.clip_by_global_norm(spec.clip_global_norm), tx)
    return tx


def _gpu_peak(dev) -> tuple:
    """reset/read of the device's peak, or None where the backend gives no memory statistics."""
    if dev.memory_stats() is None:
        return None
    baseline = {"peak": 0}

    def reset() -> None:
        baseline["peak"] = int(dev.memory_stats().get("peak_bytes_in_use", 0))

    def read() -> int | None:
        peak = int(dev.memory_stats().get("peak_bytes_in_use", 0))
        return peak if peak > baseline["peak"] else None  # an earlier cell's peak, not this one's

    return reset, read


def prepare(cell: Cell, bundle: Bundle, device: str) -> Prepared:
    jax.config.update("jax_default_matmul_precision", MATMUL_PRECISION[cell.precision])
    dev = jax.devices()[0]
    host_peak = HostPeak() if device == "cpu" else None
    workload = bundle.workload
    dtype = jnp.bfloat16 if cell.precision == "bf16" else jnp.float32
    with jax.default_device(dev):
        model = bundle.build(dict(bundle.config), dtype=dtype, param_dtype=jnp.float32, seed=0)
    params_count = sum(int(x.size) for x in jax.tree.leaves(nnx.state(model, nnx.Param)))
    example = {name: jax.device_put(value, dev) for name, value in bundle.example(cell.batch_size).items()}
    inputs = bundle.support.to_inputs(workload, example)
    loss_of = bundle.support.loss
    last: dict[str, object] = {}

    if cell.phase == "train":
        model.train()
        graphdef, params, rest = nnx.split(model, nnx.Param, ...)
        optimizer = make_optimizer(optimizer_of(workload))
        opt_state = optimizer.init(params)

        def train_step(params, rest, opt_state, inputs, example):
            m = nnx.merge(graphdef, params, rest)
            loss, grads = nnx.value_and_grad(lambda m: loss_of(workload, m(**inputs), example))(m)
            updates, opt_state = optimizer.update(grads, opt_state, params)
            # the new batch-norm statistics and dropout keys are the rest of the model's state
            return optax.apply_updates(params, updates), nnx.state(m, nnx.Not(nnx.Param)), opt_state, loss

        # The step takes and returns a flat list of arrays: flattening Flax's state objects on every
        # call would add Python work to each step. Committed to the device, as the step's outputs
        # are, so that the second step reuses the first's compilation.
        leaves, treedef = jax.tree.flatten(jax.device_put((params, rest, opt_state), dev))

        def flat_step(leaves, inputs, example):
            params, rest, opt_state, loss = train_step(*jax.tree.unflatten(treedef, leaves), inputs, example)
            return jax.tree.leaves((params, rest, opt_state)), loss

        jitted = jax.jit(flat_step, donate_argnums=0)
        state = {"leaves": leaves}

        def step() -> None:
            state["leaves"], last["out"] = jitted(state["leaves"], inputs, example)

    else:
        model.eval()
        graphdef, state_all = nnx.split(model)
        leaves, treedef = jax.tree.flatten(jax.device_put(state_all, dev))  # a flat list: see the training step

        def forward(leaves, inputs):
            return nnx.merge(graphdef, jax.tree.unflatten(treedef, leaves))(**inputs)

        jitted = jax.jit(forward)

        def step() -> None:
            last["out"] = jitted(leaves, inputs)

    def sync() -> None:
        if "out" in last:
            jax.block_until_ready(last["out"])

    peak = _gpu_peak(dev) if device == "cuda" else None
    if device == "cpu":
        reset_peak, read_peak, peak_kind = host_peak.reset, host_peak.read, host_peak.kind
    elif peak is not None:
        (reset_peak, read_peak), peak_kind = peak, GPU_PEAK_KIND
    else:
        reset_peak, read_peak, peak_kind = (lambda: None), (lambda: None), None

    inside = bundle.model_path(model, cell, device)

    def close() -> None:
        nonlocal model, jitted
        # The step's compiled program goes with its function. JAX's caches are kept: the parameters'
        # initialisers compile once per shape (40 s for GoogLeNet's on a 2-core CPU, threefry), and
        # the next cell of the same network reuses them; no cell's step is compiled before its first step.
        model = jitted = None
        last.clear()
        gc.collect()

    return Prepared(
        step=step,
        sync=sync,
        reset_peak=reset_peak,
        read_peak=read_peak,
        peak_memory_kind=peak_kind,
        params=params_count,
        describe_path=lambda: joined(inside),
        close=close,
        model=model,
        layout=bundle.support.layout_of(inputs) if hasattr(bundle.support, "layout_of") else None,
    )
