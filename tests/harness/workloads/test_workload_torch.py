"""Every workload in PyTorch: the spec's parameters, layer shapes and FLOPs (training: test_workload_parity)."""

from __future__ import annotations

import pytest
from torch.utils.flop_counter import FlopCounterMode
from workload_helpers import WORKLOAD_IDS, torch_layer_table

from bench.harness.workloads import REGISTRY

pytestmark = pytest.mark.slow  # runs a framework (CPU, tiny shapes)


def _build(torch, w, quick: bool, device: str = "cpu"):
    from bench.harness.workloads import torch_support

    torch.manual_seed(0)
    with torch.device(device):
        return torch_support.build(w, quick=quick)


@pytest.mark.parametrize("quick", [True, False], ids=["quick", "full"])
@pytest.mark.parametrize("wid", WORKLOAD_IDS)
def test_parameters_match_the_spec_layer_by_layer(torch_env, wid, quick):
    w = REGISTRY[wid]
    model = _build(torch_env, w, quick, device="meta")
    for layer in w.layers(quick):
        module = model.get_submodule(layer.name)
        assert sum(p.numel() for p in module.parameters() if p.requires_grad) == layer.params, layer.name
    assert sum(p.numel() for p in model.parameters() if p.requires_grad) == w.params(quick)


# The full-size recurrent networks unroll 64 steps in Python on the meta device (seconds each);
# their quick size checks the same formula, and their full-size parameters are checked above.
SHAPE_CASES = [(wid, True) for wid in WORKLOAD_IDS] + [
    (wid, False) for wid in WORKLOAD_IDS if REGISTRY[wid].family != "recurrent"]


@pytest.mark.parametrize(("wid", "quick"), SHAPE_CASES, ids=[f"{w}-{'quick' if q else 'full'}" for w, q in SHAPE_CASES])
def test_layers_and_flops_match_the_spec(torch_env, wid, quick):
    """Per layer: trainable parameters and output shape; in all: FLOPs as torch's FlopCounterMode counts them.

    On the meta device (shapes only, no memory, no compute), so the full size costs nothing, and
    the LSTM decomposes into the matrix products the counter sees (the fused CPU/cuDNN LSTM kernel
    is invisible to it).
    """
    w = REGISTRY[wid]
    model = _build(torch_env, w, quick, device="meta")
    example = w.example(2, quick)
    spec = w.layers(quick)
    inputs = {k: example[k] for k in w.input_names}
    table = torch_layer_table(torch_env, model, inputs, [layer.name for layer in spec], device="meta")
    assert table == {layer.name: (layer.params, layer.out_shape) for layer in spec}
    assert sum(p.numel() for p in model.parameters() if p.requires_grad) == w.params(quick)

    with FlopCounterMode(display=False) as counter:
        model(**{k: torch_env.as_tensor(v, device="meta") for k, v in inputs.items()})
    assert counter.get_total_flops() == w.flops(2, quick, "forward")


@pytest.mark.parametrize("wid", ["alexnet", "vgg11", "googlenet", "resnet50", "c3d_small", "transformer"])
def test_training_flops_match_a_counted_forward_and_backward(torch_env, wid):
    """FlopCounterMode over a forward and backward step: the first layer's input gradient is never computed.

    On the meta device; the optimizer update has no matrix products, so the counter sees none there.
    The recurrent networks are left out: their backward also skips the gradient of the zero initial
    state (2 x batch x gates x hidden^2 per layer, one time step of the sequence), which the spec
    does not model.
    """
    from bench.harness.workloads import torch_support

    w = REGISTRY[wid]
    model = _build(torch_env, w, True, device="meta")
    example = w.example(2, True)
    inputs = torch_support.to_inputs(w, example, device="meta")
    with FlopCounterMode(display=False) as counter:
        logits = model(**inputs)
        logits.float().sum().backward()
    assert counter.get_total_flops() == w.flops(2, True, "train")
