"""Recurrent language models: embedding -> two recurrent layers -> projection to the vocabulary.

One definition, four cells (the workloads rnn_tanh, lstm, gru and bilstm). Sizes follow the
"medium" Penn Treebank model of Zaremba et al. 2014 in spirit (10k vocabulary), rounded to
powers of two for the accelerator.
"""

from __future__ import annotations

from ..analytic import dense, embedding, recurrent
from ..base import Layer, Workload

FULL = {"vocab": 10000, "embed": 512, "hidden": 512, "layers": 2, "seq_len": 64}
QUICK = {"vocab": 50, "embed": 16, "hidden": 16, "layers": 2, "seq_len": 8}

CELL_NOTES = {
    "rnn_tanh": (
        "tanh RNN",
        ("a plain tanh RNN (one trainable bias per layer: PyTorch's bias_hh is frozen at zero, Keras SimpleRNN has "
        "one bias)"),
    ),
    "lstm": (
        "LSTM",
        ("an LSTM (gates i, f, g, o in both frameworks; one trainable bias per layer: PyTorch's bias_hh is frozen at "
        "zero, Keras has one bias)"),
    ),
    "gru": (
        "GRU",
        ("a GRU with the reset gate applied after the recurrent product (PyTorch's definition; Keras "
        "reset_after=True), two biases per layer in both"),
    ),
    "bilstm": (
        "Bidirectional LSTM",
        ("a bidirectional LSTM (outputs of both directions concatenated; one trainable bias per layer and "
        "direction); the backward direction sees later tokens, so this is a compute workload shaped as a language "
        "model, not a usable one"),
    ),
}


def describe(cfg: dict) -> list[Layer]:
    rnn = recurrent("rnn", cfg["cell"], cfg["embed"], cfg["hidden"], cfg["seq_len"], cfg["layers"],
                    cfg["bidirectional"])
    return [embedding("embed", cfg["vocab"], cfg["embed"], cfg["seq_len"]), rnn,
            dense("proj", rnn.out_shape[-1], cfg["vocab"], lead=(cfg["seq_len"],))]


def make(workload_id: str) -> Workload:
    cell = "lstm" if workload_id == "bilstm" else workload_id
    extra = {"cell": cell, "bidirectional": workload_id == "bilstm"}
    name, note = CELL_NOTES[workload_id]
    return Workload(
        id=workload_id,
        name=f"{name} LM",
        family="recurrent",
        task="lm",
        variant=(f"A word-level language model: embedding, two layers of {note}, and a dense projection to a "
                 f"10,000-word vocabulary; sequences of 64 tokens, zero initial state, no dropout."),
        reference="https://arxiv.org/abs/1409.2329",
        unit="sequences/s",
        batch_size=64,
        quick_batch_size=4,
        full_config={**FULL, **extra},
        quick_config={**QUICK, **extra},
        describe=describe,
    )
