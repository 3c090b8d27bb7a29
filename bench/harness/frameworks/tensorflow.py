"""TensorFlow adapter (Keras 3 models): builds one cell's step. Imported only inside the TensorFlow worker.

Modes: ``eager`` (a ``GradientTape`` step run op by op), ``function``
(the same step under ``tf.function``) and ``xla`` (``tf.function(jit_compile=True)``).
Keras picks its cuDNN RNN kernel on a GPU when the layer's conditions hold,
and that kernel is not compiled by XLA: such cells say so in their ``path``.

Settings made explicit (the defaults differ between frameworks):
TF32 (on by default in TensorFlow) off for fp32 and bf16 cells and on for
tf32 cells; GPU memory growth on (no preallocation of the whole device);
cuDNN autotuning left at TensorFlow's default (on), and recorded.
"""

from __future__ import annotations

import gc
import os

import keras
import numpy as np
import tensorflow as tf

from ..adapter import Bundle, Prepared, Unsupported, joined, threads, unsupported_precision
from ..matrix import Cell
from ..memory import HostPeak
from ..workloads import optimizer_settings
from ..workloads.base import Optimizer, optimizer_of

IMPORT = "tensorflow"
GPU_PEAK_KIND = "tf.config.experimental.get_memory_info('GPU:0')['peak'] (BFC allocator, in use)"


def setup(device: str) -> dict:
    """Once per worker: check the device, set the defaults, return version, build and settings."""
    if keras.backend.backend() != "tensorflow":
        raise Unsupported(f"Keras runs on the {keras.backend.backend()} backend; set KERAS_BACKEND=tensorflow")
    wanted = threads()
    if wanted:  # before TensorFlow's runtime starts; the worker set TF_NUM_INTRAOP/INTEROP_THREADS as well
        try:
            tf.config.threading.set_intra_op_parallelism_threads(wanted)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except RuntimeError:  # the runtime has started: the environment variables hold, and the reading below says
            pass
    build = tf.sysconfig.get_build_info()
    gpus = tf.config.list_physical_devices("GPU")
    settings = {
        "keras": keras.__version__,
        "optimizer": optimizer_settings("keras.optimizers"),
        "forward phase": "model(inputs, training=False)",
        "bf16": "keras.mixed_precision policy mixed_bfloat16 while the model is built",
        "threads": {
            "intra_op": tf.config.threading.get_intra_op_parallelism_threads() or "default (all cores)",
            "inter_op": tf.config.threading.get_inter_op_parallelism_threads() or "default",
        },
    }
    if device == "cuda":
        if not gpus:
            raise Unsupported(f"TensorFlow {tf.__version__} sees no GPU (built with CUDA {build.get('cuda_version')})")
        for gpu in gpus:
            tf.config.experimental.set_memory_growth(gpu, True)
        settings.update(
            {
                "memory_growth": True,
                "tf32": "off for fp32 and bf16 cells, on for tf32 cells",
                "cudnn autotune": os.environ.get("TF_CUDNN_USE_AUTOTUNE", "1 (default, on)"),
            }
        )
    else:
        tf.config.set_visible_devices([], "GPU")  # CPU cells stay on the CPU
    return {
        "version": tf.__version__,
        "build_cuda": build.get("cuda_version") or None,
        "build_cudnn": build.get("cudnn_version") or None,
        # TensorFlow loads the CUDA and cuDNN it was built for (it refuses others at start-up)
        "loaded_cuda": (build.get("cuda_version") or None) if device == "cuda" else None,
        "loaded_cudnn": (build.get("cudnn_version") or None) if device == "cuda" else None,
        "settings": settings,
    }


def is_oom(exc: BaseException) -> bool:
    return isinstance(exc, tf.errors.ResourceExhaustedError)


def unsupported(cell: Cell, device: str) -> str | None:
    return unsupported_precision(cell, device)


def make_optimizer(spec: Optimizer, variables: list) -> keras.optimizers.Optimizer:
    """The workload's optimizer, built over ``variables``.

    Clipping is Keras' ``global_clipnorm`` (all gradients rescaled together). AdamW's decay is
    excluded from variables with fewer than two dimensions. Keras adds epsilon to sqrt(v) before
    v's bias correction (PyTorch and optax after it): with epsilon 1e-8 an update differs by about
    epsilon / |gradient| of itself, nothing a step's cost or the parity tests' tolerance sees.
    """
    if spec.kind == "sgd":
        optimizer = keras.optimizers.SGD(learning_rate=spec.lr, momentum=spec.momentum,
                                         global_clipnorm=spec.clip_global_norm)
    else:
        optimizer = keras.optimizers.AdamW(learning_rate=spec.lr, weight_decay=spec.weight_decay, beta_1=spec.betas[0],
                                           beta_2=spec.betas[1], epsilon=spec.eps, global_clipnorm=spec.clip_global_norm)
        optimizer.exclude_from_weight_decay(var_list=[v for v in variables if len(v.shape) < 2])
    optimizer.build(variables)
    return optimizer


def _params(model: keras.Model) -> int:
    return int(sum(np.prod(v.shape) for v in model.trainable_weights))


def prepare(cell: Cell, bundle: Bundle, device: str) -> Prepared:
    keras.backend.clear_session()
    tf.config.experimental.enable_tensor_float_32_execution(cell.precision == "tf32")
    keras.utils.set_random_seed(0)
    host_peak = HostPeak() if device == "cpu" else None
    tf_device = "/GPU:0" if device == "cuda" else "/CPU:0"
    workload = bundle.workload

    keras.mixed_precision.set_global_policy("mixed_bfloat16" if cell.precision == "bf16" else "float32")
    try:
        with tf.device(tf_device):
            model = bundle.build(dict(bundle.config))
            example = {name: tf.constant(value) for name, value in bundle.example(cell.batch_size).items()}
            inputs = bundle.support.to_inputs(workload, example)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    loss_of = bundle.support.loss

    if cell.phase == "train":
        variables = model.trainable_variables
        optimizer = make_optimizer(optimizer_of(workload), variables)

        def run(inputs, example):
            with tf.GradientTape() as tape:
                loss = loss_of(workload, model(inputs, training=True), example)
            grads = tape.gradient(loss, variables)
            optimizer.apply_gradients(zip(grads, variables))
            return loss

    else:
        optimizer = None

        def run(inputs, example):
            return model(inputs, training=False)

    if cell.mode == "function":
        run = tf.function(run)
    elif cell.mode == "xla":
        run = tf.function(run, jit_compile=True)

    def step() -> None:
        with tf.device(tf_device):
            run(inputs, example)

    sync = tf.test.experimental.sync_devices
    if device == "cuda":

        def reset_peak() -> None:
            tf.config.experimental.reset_memory_stats("GPU:0")

        def read_peak() -> int | None:
            return int(tf.config.experimental.get_memory_info("GPU:0")["peak"])

        peak_kind = GPU_PEAK_KIND
    else:
        reset_peak, read_peak, peak_kind = host_peak.reset, host_peak.read, host_peak.kind

    inside = bundle.model_path(model, cell, device)

    def describe_path() -> str | None:
        if cell.mode == "xla" and device == "cuda" and workload.family == "recurrent":
            return "Keras takes its cuDNN RNN kernel on a GPU where the layer allows it; that op is not XLA-compiled"
        return joined(inside)

    def close() -> None:
        nonlocal model, optimizer, run
        model = optimizer = run = None
        keras.backend.clear_session()
        gc.collect()

    return Prepared(
        step=step,
        sync=sync,
        reset_peak=reset_peak,
        read_peak=read_peak,
        peak_memory_kind=peak_kind,
        params=_params(model),
        describe_path=describe_path,
        close=close,
        model=model,
        layout=bundle.support.layout_of(inputs) if hasattr(bundle.support, "layout_of") else None,
    )
