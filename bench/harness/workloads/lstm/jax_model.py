"""The lstm language model in JAX: the shared recurrent LM; the cell comes from the config."""

from ..recurrent_lm.jax_model import build

__all__ = ["build"]
