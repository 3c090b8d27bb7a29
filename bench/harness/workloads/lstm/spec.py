"""The lstm language model: the shared recurrent LM (../recurrent_lm) with its cell chosen."""

from ..recurrent_lm.spec import make

WORKLOAD = make("lstm")
