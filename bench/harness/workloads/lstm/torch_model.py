"""The lstm language model in PyTorch: the shared recurrent LM; the cell comes from the config."""

from ..recurrent_lm.torch_model import build

__all__ = ["build"]
