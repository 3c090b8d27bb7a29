"""The lstm language model in Keras: the shared recurrent LM; the cell comes from the config."""

from ..recurrent_lm.keras_model import build

__all__ = ["build"]
