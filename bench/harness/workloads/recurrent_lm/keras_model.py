"""The recurrent language model in Keras: Embedding -> SimpleRNN / LSTM / GRU (2 layers) -> Dense.

The two recurrent layers are named ``rnn.l0`` and ``rnn.l1``: together they are PyTorch's
two-layer module ``rnn``. Keras' defaults already match PyTorch's cells: tanh activation,
sigmoid gates, and for the GRU ``reset_after=True`` (PyTorch's formulation).
"""

from __future__ import annotations

import keras
from keras import layers

CELLS = {"rnn_tanh": layers.SimpleRNN, "lstm": layers.LSTM, "gru": layers.GRU}


def build(cfg: dict) -> keras.Model:
    tokens = keras.Input(shape=(cfg["seq_len"],), dtype="int64", name="tokens")
    x = layers.Embedding(cfg["vocab"], cfg["embed"], name="embed")(tokens)
    for i in range(cfg["layers"]):
        name = f"rnn.l{i}"
        kwargs = {"reset_after": True} if cfg["cell"] == "gru" else {}
        cell = CELLS[cfg["cell"]](cfg["hidden"], return_sequences=True, name=name, **kwargs)  # zero initial state
        if cfg["bidirectional"]:
            cell = layers.Bidirectional(cell, merge_mode="concat", name=name)  # [forward, backward] as PyTorch
        x = cell(x)
    logits = layers.Dense(cfg["vocab"], name="proj")(x)  # B x T x V
    return keras.Model({"tokens": tokens}, logits, name=f"{cfg['cell']}_lm")
