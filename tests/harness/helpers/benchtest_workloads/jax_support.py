import jax.numpy as jnp
import optax


def to_inputs(workload, example):
    return {name: jnp.asarray(example[name]) for name in workload.input_names}


def loss(workload, logits, example):
    target = jnp.asarray(example[workload.target_name]).astype(jnp.int32)
    return optax.softmax_cross_entropy_with_integer_labels(logits.astype(jnp.float32), target).mean()
