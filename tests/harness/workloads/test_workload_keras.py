"""Every workload in Keras: the spec's parameters, layer shapes and FLOPs (training: test_workload_parity)."""

from __future__ import annotations

import numpy as np
import pytest
from workload_helpers import WORKLOAD_IDS, keras_flops, keras_layer_table

from bench.harness.workloads import REGISTRY

pytestmark = pytest.mark.slow  # runs a framework (CPU, tiny shapes)


def _build(keras, w, quick: bool):
    from bench.harness.workloads import keras_support

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    return keras_support.build(w, quick=quick)


# Full-size Keras models allocate their weights (VGG-11: 0.5 GB, seconds of initialisation):
# the quick size of every workload, and the full size of the mid-sized ones.
CASES = [(wid, True) for wid in WORKLOAD_IDS] + [(wid, False) for wid in ("googlenet", "resnet50", "c3d_small", "lstm")]


@pytest.mark.parametrize(("wid", "quick"), CASES, ids=[f"{w}-{'quick' if q else 'full'}" for w, q in CASES])
def test_layers_and_flops_match_the_spec(keras_env, wid, quick):
    """Per layer: trainable parameters and output shape; in all: FLOPs counted from the Keras layers themselves."""
    w = REGISTRY[wid]
    model = _build(keras_env, w, quick)
    spec = w.layers(quick)
    assert keras_layer_table(model, [layer.name for layer in spec]) == {
        layer.name: (layer.params, layer.out_shape) for layer in spec}
    assert sum(int(np.prod(v.shape)) for v in model.trainable_variables) == w.params(quick)
    assert keras_flops(model) == w.flops(1, quick, "forward")


@pytest.mark.parametrize("wid", [w for w in WORKLOAD_IDS if REGISTRY[w].family in ("convnet", "convnet3d")])
def test_images_arrive_channels_last_so_no_transpose_is_timed(keras_env, wid):
    """Inspected, not timed: the model's input is NHWC / NDHWC and nothing transposes it before the first convolution."""
    from bench.harness.workloads import keras_support

    w = REGISTRY[wid]
    model = _build(keras_env, w, True)
    first_conv = next(i for i, layer in enumerate(model.layers) if type(layer).__name__ in ("Conv2D", "Conv3D"))
    assert not any(type(layer).__name__ == "Permute" for layer in model.layers[:first_conv])
    example = w.example(2, True)
    inputs = keras_support.to_inputs(w, example)
    (name,) = w.input_names
    assert tuple(inputs[name].shape) == (2, *example[name].shape[2:], example[name].shape[1])
    assert keras_support.layout_of(inputs) == ("NHWC" if w.family == "convnet" else "NDHWC")
