"""Every workload in JAX: the spec's parameters layer by layer, and FLOPs counted from the traced program."""

from __future__ import annotations

import pytest
from workload_helpers import WORKLOAD_IDS

from bench.harness.workloads import REGISTRY

pytestmark = pytest.mark.slow  # runs a framework (CPU, tiny shapes)

# Full-size models allocate their weights: the quick size of every workload, the full size of two.
CASES = [(wid, True) for wid in WORKLOAD_IDS] + [(wid, False) for wid in ("resnet50", "lstm")]


@pytest.mark.parametrize(("wid", "quick"), CASES, ids=[f"{w}-{'quick' if q else 'full'}" for w, q in CASES])
def test_layers_and_flops_match_the_spec(jax_env, wid, quick):
    """Per layer (by the spec's name, the module path): trainable parameters; in all: FLOPs of the jaxpr."""
    from flax import nnx

    from bench.harness.workloads import jax_support, parity_jax

    w = REGISTRY[wid]
    model = jax_support.build(w, quick=quick)

    def params(module) -> int:
        return sum(int(x.size) for x in jax_env.tree.leaves(nnx.state(module, nnx.Param)))

    spec = w.layers(quick)
    assert {layer.name: params(jax_support.submodule(model, layer.name)) for layer in spec} == {
        layer.name: layer.params for layer in spec}
    assert params(model) == w.params(quick)
    example = w.example(1, quick)
    assert parity_jax.forward_flops(model, jax_support.to_inputs(w, example)) == w.flops(1, quick, "forward")
