"""PyTorch adapter: builds one cell's step. Imported only inside the PyTorch worker.

Modes: ``eager``, and ``compile`` = ``torch.compile`` of the whole step
(default inductor backend): forward, loss, ``backward()`` and the optimizer
update, the same scope as TensorFlow's ``tf.function`` and JAX's ``jax.jit``
compile. Dynamo breaks the graph at ``backward()`` (AOTAutograd compiles the
backward graph) and compiles the optimizer step as its own graph; the cell's
``path`` counts the graphs and names the breaks (``nn.LSTM`` is not traced
while ``torch._dynamo.config.allow_rnn`` is off).

Layout: convnets on a GPU under bf16 run ``channels_last`` (NHWC in memory),
as PyTorch's performance guide recommends for tensor cores; the model and the
inputs are converted when the cell is prepared, so no transpose is timed.
Inductor turns convolutions to channels_last by itself, so without this,
compile-over-eager would mix compilation with a layout change. Elsewhere
images stay NCHW; the layout is recorded per cell.

Threads: ``--threads N`` of the run sets ``torch.set_num_threads(N)`` and one
inter-op thread (``set_num_interop_threads(1)``), as for every framework.

Settings made explicit (the defaults differ between frameworks):
TF32 off for fp32 and bf16 cells and on for tf32 cells, for matmul, cuDNN
convolutions and cuDNN RNNs; ``cudnn.benchmark`` on (autotuning, as
TensorFlow does by default); memory is allocated on demand by the caching
allocator (PyTorch never preallocates).
"""

from __future__ import annotations

import contextlib
import gc
import os

import torch

from ..adapter import Bundle, Prepared, Unsupported, joined, threads, unsupported_precision
from ..matrix import Cell
from ..memory import HostPeak
from ..workloads import optimizer_settings
from ..workloads.base import Optimizer, optimizer_of

IMPORT = "torch"
CUDA_PEAK_KIND = "torch.cuda.max_memory_allocated (caching allocator: live tensors, not the reserved pool)"


def _cudnn_compiled() -> str | None:
    try:
        major, minor, patch = torch.backends.cudnn._cudnn.getCompileVersion()
        return f"{major}.{minor}.{patch}"
    except Exception:  # noqa: BLE001
        return None


def _cudnn_loaded() -> str | None:
    try:
        version = torch.backends.cudnn.version()
    except Exception:  # noqa: BLE001
        return None
    if not version:
        return None
    # cuDNN 9 encodes major*10000 + minor*100 + patch; cuDNN 8: major*1000 + minor*100 + patch
    major = version // 10000 if version >= 90000 else version // 1000
    rest = version % 10000 if version >= 90000 else version % 1000
    return f"{major}.{rest // 100}.{rest % 100}"


def _cuda_loaded() -> str | None:
    try:
        version = torch.cuda.cudart().cudaRuntimeGetVersion()
        return f"{version // 1000}.{(version % 1000) // 10}"
    except Exception:  # noqa: BLE001
        return None


def set_tf32(enabled: bool) -> dict[str, str]:
    """TF32 for matmul, cuDNN convolutions and cuDNN RNNs, through the 2.9+ API where present."""
    matmul = torch.backends.cuda.matmul
    if hasattr(matmul, "fp32_precision"):
        value = "tf32" if enabled else "ieee"
        matmul.fp32_precision = value
        torch.backends.cudnn.conv.fp32_precision = value
        torch.backends.cudnn.rnn.fp32_precision = value
        return {"cuda.matmul": value, "cudnn.conv": value, "cudnn.rnn": value}
    matmul.allow_tf32 = enabled
    torch.backends.cudnn.allow_tf32 = enabled
    return {"cuda.matmul.allow_tf32": str(enabled), "cudnn.allow_tf32": str(enabled)}


def compile_path() -> str:
    """What torch.compile made of the model, from Dynamo's counters (read after the first step)."""
    counters = torch._dynamo.utils.counters
    graphs = counters["stats"].get("unique_graphs", 0)
    reasons = list(counters.get("graph_break", {})) + list(counters.get("unimplemented", {}))
    first = reasons[0].strip().splitlines()[0] if reasons else ""
    if graphs == 0:
        return f"torch.compile captured no graph: the model ran eagerly ({first or 'no reason recorded'})"
    if not reasons:
        return f"torch.compile (inductor): {graphs} graph{'s' if graphs > 1 else ''}, no graph breaks"
    return f"torch.compile (inductor): {graphs} graph(s) and {len(reasons)} graph break(s) run eagerly (first: {first})"


def make_optimizer(spec: Optimizer, model: torch.nn.Module, device: torch.device) -> torch.optim.Optimizer:
    """The workload's optimizer over ``model``'s trainable parameters.

    AdamW decays only parameters with two or more dimensions (a second parameter group without
    decay); on a GPU it takes PyTorch's fused kernel (one launch for all parameters).
    """
    params = [p for p in model.parameters() if p.requires_grad]
    if spec.kind == "sgd":
        return torch.optim.SGD(params, lr=spec.lr, momentum=spec.momentum)
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": spec.weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=spec.lr, betas=spec.betas, eps=spec.eps, fused=device.type == "cuda")


def clip_gradients(spec: Optimizer, model: torch.nn.Module) -> None:
    """Rescale all gradients together to the spec's global norm, when it declares one."""
    if spec.clip_global_norm is not None:
        torch.nn.utils.clip_grad_norm_(model.parameters(), spec.clip_global_norm)


def setup(device: str) -> dict:
    """Once per worker: check the device, set the defaults, return version, build and settings."""
    wanted = threads()
    if wanted:
        torch.set_num_threads(wanted)
        with contextlib.suppress(RuntimeError):  # refused once inter-op work has started: the reading below says
            torch.set_num_interop_threads(1)
    info = {
        "version": torch.__version__,
        "build_cuda": torch.version.cuda,
        "build_cudnn": _cudnn_compiled() if torch.version.cuda else None,
        "settings": {
            "threads": {"intra_op": torch.get_num_threads(), "inter_op": torch.get_num_interop_threads()},
            "optimizer": optimizer_settings("torch.optim"),
            "forward phase": "model.eval() under torch.no_grad()",
            "bf16": "torch.autocast(dtype=torch.bfloat16) around forward and loss",
            "compile scope": "the whole training step: forward, loss, backward and optimizer update",
            "layout": "channels_last for convnets on a GPU under bf16, NCHW otherwise",
            "torch.compile cache": os.environ.get("TORCHINDUCTOR_CACHE_DIR", "default location"),
        },
    }
    if device == "cuda":
        if not torch.cuda.is_available():
            raise Unsupported(f"torch {torch.__version__} sees no CUDA device (built with CUDA {torch.version.cuda})")
        torch.backends.cudnn.benchmark = True
        info["loaded_cuda"] = _cuda_loaded()
        info["loaded_cudnn"] = _cudnn_loaded()
        info["settings"].update(
            {
                "cudnn.benchmark": True,
                "tf32": "off for fp32 and bf16 cells, on for tf32 cells (matmul, cuDNN conv and RNN)",
                "memory": "caching allocator, allocates on demand (no preallocation)",
                "device_name": torch.cuda.get_device_name(0),
            }
        )
    return info


def is_oom(exc: BaseException) -> bool:
    if isinstance(exc, torch.OutOfMemoryError):
        return True
    # the CPU allocator raises a plain RuntimeError
    return isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc)


def unsupported(cell: Cell, device: str) -> str | None:
    return unsupported_precision(cell, device)


def prepare(cell: Cell, bundle: Bundle, device: str) -> Prepared:
    dev = torch.device(device)
    if dev.type == "cuda":
        set_tf32(cell.precision == "tf32")
    host_peak = HostPeak() if dev.type == "cpu" else None
    torch.manual_seed(0)
    if cell.mode == "compile":
        torch._dynamo.reset()
        torch._dynamo.utils.counters.clear()

    with dev:  # parameters are created (and initialised) on the device: a large model builds in a blink on a GPU
        model = bundle.build(dict(bundle.config)).to(dev)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    # every array on the device once: to_inputs() and loss() then copy nothing per step
    example = {name: torch.as_tensor(value, device=dev) for name, value in bundle.example(cell.batch_size).items()}
    inputs = bundle.support.to_inputs(bundle.workload, example)
    layout = image_layout(inputs, dev, cell.precision)
    if layout == "channels_last":
        model = model.to(memory_format=torch.channels_last)
        inputs = {k: v.contiguous(memory_format=torch.channels_last) if v.dim() == 4 else v for k, v in inputs.items()}
    loss_of = bundle.support.loss
    workload = bundle.workload
    forward = model
    autocast = (
        (lambda: torch.autocast(device_type=dev.type, dtype=torch.bfloat16))
        if cell.precision == "bf16"
        else contextlib.nullcontext
    )

    if cell.phase == "train":
        model.train()
        spec = optimizer_of(workload)
        optimizer = make_optimizer(spec, model, dev)

        def train_step() -> None:
            optimizer.zero_grad(set_to_none=True)
            with autocast():
                loss = loss_of(workload, forward(**inputs), example)
            loss.backward()
            clip_gradients(spec, model)
            optimizer.step()

        step = torch.compile(train_step) if cell.mode == "compile" else train_step

    else:
        model.eval()
        optimizer = None

        def forward_step() -> None:
            with torch.no_grad(), autocast():
                forward(**inputs)

        step = torch.compile(forward_step) if cell.mode == "compile" else forward_step

    if dev.type == "cuda":
        sync = torch.cuda.synchronize

        def reset_peak() -> None:
            torch.cuda.reset_peak_memory_stats(dev)

        def read_peak() -> int | None:
            return int(torch.cuda.max_memory_allocated(dev))

        peak_kind = CUDA_PEAK_KIND
    else:

        def sync() -> None:
            return None

        reset_peak, read_peak, peak_kind = host_peak.reset, host_peak.read, host_peak.kind

    inside = bundle.model_path(model, cell, device)

    def describe_path() -> str | None:
        return joined(inside, compile_path() if cell.mode == "compile" else None)

    def close() -> None:
        nonlocal model, forward, optimizer, step
        model = forward = optimizer = step = None
        if cell.mode == "compile":
            torch._dynamo.reset()
        gc.collect()
        if dev.type == "cuda":
            torch.cuda.empty_cache()

    return Prepared(
        step=step,
        sync=sync,
        reset_peak=reset_peak,
        read_peak=read_peak,
        peak_memory_kind=peak_kind,
        params=params,
        describe_path=describe_path,
        close=close,
        model=model,
        layout=layout,
    )


def image_layout(inputs: dict, dev: torch.device, precision: str) -> str | None:
    """``channels_last`` for image batches (4-D inputs) on a GPU under bf16, ``NCHW`` for other image cells, else None."""
    if not any(isinstance(v, torch.Tensor) and v.dim() == 4 for v in inputs.values()):
        return None
    return "channels_last" if dev.type == "cuda" and precision == "bf16" else "NCHW"
