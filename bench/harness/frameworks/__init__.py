"""The frameworks the harness measures: the ONE place they are registered.

A framework is one ``Framework`` entry here, plus its adapter module in this
folder, one model file per workload folder (``<workload>/<model_module>.py``)
and one extra in ``pyproject.toml``. The runner, the command line, the worker
and the run file derive everything else from the entry: which modes exist and
what each means, how each precision is applied, which environment variables
the worker needs. The run file records the modes (with their class and their
words in both languages), so the site needs no list of frameworks or modes.

Importing this module imports no framework: each entry names the adapter
module that the worker process imports, and the worker alone imports the
framework itself. Ids are those of ``data/frameworks.yaml``.

An adapter module (``pytorch.py``, ``tensorflow.py``, ``jax.py``) provides:

- ``setup(device) -> dict``: set the defaults that differ between frameworks
  (TF32, autotuning, memory growth) and return them as set, with the
  version and the CUDA/cuDNN the framework was built with and loaded.
- ``unsupported(cell, device) -> str | None``: why this framework cannot run a
  cell of one of its own modes here (the worker has already refused modes the
  entry does not list).
- ``prepare(cell, bundle, device) -> Prepared``: build the model and the step for one cell.
- ``is_oom(exc) -> bool``: whether an exception is the framework's out-of-memory error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MODE_CLASSES = ("eager", "graph", "compiled")
"""How the site groups modes into table rows: op by op; a traced graph run by the framework's
own executor; a graph compiled to fused kernels (torch.compile, XLA, jax.jit)."""

PRECISIONS = ("fp32", "tf32", "bf16")


@dataclass(frozen=True)
class Mode:
    """One execution mode, as the framework's users meet it."""

    id: str  # "eager", "compile", "jit"...: the run file's ``mode``
    mode_class: str  # one of MODE_CLASSES
    label: Mapping[str, str]  # short name for tables, {"en": ..., "zh": ...}
    notes: Mapping[str, str]  # what the mode runs, {"en": ..., "zh": ...}

    def __post_init__(self) -> None:
        if self.mode_class not in MODE_CLASSES:
            raise ValueError(f"mode {self.id}: class {self.mode_class!r} is not one of {MODE_CLASSES}")
        for what, text in (("label", self.label), ("notes", self.notes)):
            if set(text) != {"en", "zh"}:
                raise ValueError(f"mode {self.id}: {what} needs exactly 'en' and 'zh'")

    def record(self) -> dict:
        """What a run file says about the mode (``settings.modes.<framework>.<mode>``)."""
        return {"class": self.mode_class, "label": dict(self.label), "notes": dict(self.notes)}


@dataclass(frozen=True)
class Framework:
    id: str
    names: Mapping[str, str]  # {"en": "PyTorch", "zh": "PyTorch"}
    package: str  # what to import to use it (and whose import is timed)
    adapter: str  # module the worker imports
    modes: Mapping[str, Mode]  # by id, in the order a run measures them
    model_module: str  # file name (no .py) of its model in each workload folder, with build(cfg)
    """A dotted path instead is a module of its own (``{workload}`` is replaced by the workload id)."""
    support_module: str  # module of the workload registry with to_inputs() and loss() (or a dotted path)
    precisions: Mapping[str, str]  # precision -> how the adapter applies it (recorded in the run file)
    extra: str  # the pyproject.toml extra that installs it
    env: Mapping[str, str] = field(default_factory=dict)
    """Environment variables of its worker, set where the caller has not set them; ``{scratch}`` is the
    run's scratch folder (removed after the run)."""
    version_attr: str = "__version__"  # the package's version attribute (the worker's version probe)

    def __post_init__(self) -> None:
        if not self.modes:
            raise ValueError(f"framework {self.id}: no mode")
        for key, mode in self.modes.items():
            if key != mode.id:
                raise ValueError(f"framework {self.id}: mode key {key!r} != its id {mode.id!r}")
        if set(self.names) != {"en", "zh"}:
            raise ValueError(f"framework {self.id}: names need exactly 'en' and 'zh'")
        unknown = set(self.precisions) - set(PRECISIONS)
        if unknown:
            raise ValueError(f"framework {self.id}: unknown precision(s) {sorted(unknown)}")

    @property
    def name(self) -> str:
        return self.names["en"]

    @property
    def mode_notes(self) -> dict[str, str]:
        return {m.id: m.notes["en"] for m in self.modes.values()}

    def modes_record(self) -> dict[str, dict]:
        return {m.id: m.record() for m in self.modes.values()}

    def model_path(self, registry: str, workload_id: str) -> str:
        """Import path of a workload's model for this framework: ``<registry>.<workload>.<model_module>``."""
        if "." in self.model_module:
            return self.model_module.format(workload=workload_id)
        return f"{registry}.{workload_id}.{self.model_module}"


def _m(mode_id: str, mode_class: str, label_en: str, label_zh: str, notes_en: str, notes_zh: str) -> Mode:
    return Mode(mode_id, mode_class, {"en": label_en, "zh": label_zh}, {"en": notes_en, "zh": notes_zh})


def _by_id(*modes: Mode) -> dict[str, Mode]:
    return {m.id: m for m in modes}


FRAMEWORKS: dict[str, Framework] = {}


def register(framework: Framework) -> Framework:
    """Add a framework (a test registers a fake one this way); an id registered twice is refused."""
    if framework.id in FRAMEWORKS:
        raise ValueError(f"framework '{framework.id}' is registered already")
    FRAMEWORKS[framework.id] = framework
    return framework


register(Framework(
    id="pytorch",
    names={"en": "PyTorch", "zh": "PyTorch"},
    package="torch",
    adapter="bench.harness.frameworks.pytorch",
    modes=_by_id(
        _m("eager", "eager", "eager", "即时执行", "eager execution", "即时执行（逐个算子）"),
        _m("compile", "compiled", "torch.compile", "torch.compile",
           "torch.compile(model) with the default inductor backend; loss, backward and optimizer step called as usual",
           "torch.compile(model)，默认 inductor 后端；损失、反向传播和优化器更新照常调用"),
    ),
    model_module="torch_model",
    support_module="torch_support",
    precisions={
        "fp32": "TF32 off for matmul, cuDNN convolutions and RNNs",
        "tf32": "TF32 on for matmul, cuDNN convolutions and RNNs (GPU only)",
        "bf16": "torch.autocast(dtype=torch.bfloat16) around forward and loss; fp32 parameters",
    },
    extra="torch",
    # a fresh cache per run: every torch.compile cell's first step is a cold compile
    env={"TORCHINDUCTOR_CACHE_DIR": "{scratch}/cache/inductor", "TRITON_CACHE_DIR": "{scratch}/cache/triton"},
))

register(Framework(
    id="tensorflow",
    names={"en": "TensorFlow", "zh": "TensorFlow"},
    package="tensorflow",
    adapter="bench.harness.frameworks.tensorflow",
    modes=_by_id(
        _m("eager", "eager", "eager", "即时执行", "eager execution of a GradientTape step on a Keras 3 model",
           "在 Keras 3 模型上以即时执行方式运行 GradientTape 训练步"),
        _m("function", "graph", "tf.function", "tf.function", "the same step under tf.function (graph, no XLA)",
           "同一训练步放在 tf.function 中（图模式，不用 XLA）"),
        _m("xla", "compiled", "XLA (jit_compile)", "XLA（jit_compile）",
           "the same step under tf.function(jit_compile=True)", "同一训练步放在 tf.function(jit_compile=True) 中"),
    ),
    model_module="keras_model",
    support_module="keras_support",
    precisions={
        "fp32": "tf.config.experimental.enable_tensor_float_32_execution(False)",
        "tf32": "tf.config.experimental.enable_tensor_float_32_execution(True) (GPU only)",
        "bf16": "keras.mixed_precision policy mixed_bfloat16 while the model is built; fp32 variables",
    },
    extra="tensorflow",
    env={"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "2"},
))

register(Framework(
    id="jax",
    names={"en": "JAX", "zh": "JAX"},
    package="jax",
    adapter="bench.harness.frameworks.jax",
    modes=_by_id(
        _m("jit", "compiled", "jax.jit", "jax.jit",
           "Flax NNX model; the whole training step (forward, loss, gradient, optax update) under jax.jit with "
           "donated buffers, the forward phase under jax.jit",
           "Flax NNX 模型；整个训练步（前向、损失、梯度、optax 更新）放在 jax.jit 中并捐赠缓冲区，前向阶段同样 jax.jit"),
    ),
    model_module="jax_model",
    support_module="jax_support",
    precisions={
        "fp32": "jax.default_matmul_precision('float32'): full-precision matrix products and convolutions",
        "tf32": "jax.default_matmul_precision('tensorfloat32') (GPU only)",
        "bf16": "bfloat16 compute (the model's dtype) over float32 parameters (param_dtype); loss in float32",
    },
    extra="jax",
    # allocate on demand, as PyTorch and TensorFlow (memory growth) do here, instead of taking 75% up front
    env={"XLA_PYTHON_CLIENT_PREALLOCATE": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
))


def get(framework_id: str) -> Framework:
    try:
        return FRAMEWORKS[framework_id]
    except KeyError:
        raise KeyError(f"unknown framework '{framework_id}' (known: {', '.join(FRAMEWORKS)})") from None
