"""The frameworks the harness measures: the one place they are registered.

Importing this module imports no framework: each entry names the adapter
module that the worker process imports, and the worker alone imports the
framework itself. Ids are those of ``data/frameworks.yaml``.

An adapter module (``pytorch.py``, ``tensorflow.py``) provides:

- ``IMPORT``: the module whose import is timed (``"torch"``).
- ``setup(device) -> dict``: set the defaults that differ between frameworks
  (TF32, autotuning, memory growth) and return them as set, with the
  version and the CUDA/cuDNN the framework was built with and loaded.
- ``prepare(cell, bundle) -> Prepared``: build the model and the step for one cell.
- ``is_oom(exc) -> bool``: whether an exception is the framework's out-of-memory error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    package: str  # what to import to use it (and whose import is timed)
    adapter: str  # module the worker imports
    modes: tuple[str, ...]  # execution modes, as the framework's users meet them
    model_module: str  # per-workload file with build(cfg)
    support_module: str  # per-registry file with to_inputs() and loss()
    mode_notes: dict[str, str]


FRAMEWORKS: dict[str, Framework] = {
    "pytorch": Framework(
        id="pytorch",
        name="PyTorch",
        package="torch",
        adapter="bench.harness.frameworks.pytorch",
        modes=("eager", "compile"),
        model_module="torch_model",
        support_module="torch_support",
        mode_notes={
            "eager": "eager execution",
            "compile": "torch.compile(model) with the default inductor backend; loss, backward and optimizer step called as usual",
        },
    ),
    "tensorflow": Framework(
        id="tensorflow",
        name="TensorFlow",
        package="tensorflow",
        adapter="bench.harness.frameworks.tensorflow",
        modes=("eager", "function", "xla"),
        model_module="keras_model",
        support_module="keras_support",
        mode_notes={
            "eager": "eager execution of a GradientTape step on a Keras 3 model",
            "function": "the same step under tf.function (graph, no XLA)",
            "xla": "the same step under tf.function(jit_compile=True)",
        },
    ),
}


def get(framework_id: str) -> Framework:
    try:
        return FRAMEWORKS[framework_id]
    except KeyError:
        raise KeyError(f"unknown framework '{framework_id}' (known: {', '.join(FRAMEWORKS)})") from None
