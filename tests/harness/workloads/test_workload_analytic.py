"""The analytic formulas, against counts worked out by hand."""

from __future__ import annotations

from bench.harness.workloads import analytic as a


def test_conv_output_sizes_floor_and_ceil():
    assert a.conv_out(224, 11, 4, 2) == 55  # AlexNet conv1
    assert a.conv_out(112, 3, 2, ceil=True) == 56 and a.conv_out(112, 3, 2) == 55  # GoogLeNet's ceil-mode pool
    assert a.conv_out(7, 3, 2, ceil=True) == 3


def test_conv_counts():
    layer = a.conv("c", 3, 64, 11, (224, 224), 4, 2)
    assert layer.out_shape == (64, 55, 55)
    assert layer.params == 64 * 3 * 11 * 11 + 64
    assert layer.flops == 2 * 55 * 55 * 64 * 3 * 11 * 11
    layer3d = a.conv("c", 3, 8, 3, (16, 112, 112), 1, 1, bias=False)
    assert layer3d.kind == "conv3d" and layer3d.out_shape == (8, 16, 112, 112)
    assert layer3d.params == 8 * 3 * 27 and layer3d.flops == 2 * 16 * 112 * 112 * 8 * 3 * 27


def test_dense_and_attention_counts():
    assert a.dense("d", 10, 4, lead=(7,)).flops == 2 * 7 * 10 * 4
    att = a.attention("a", 8, q_len=5, kv_len=3)
    assert att.params == 4 * 8 * 8 + 4 * 8
    assert att.flops == 2 * 5 * 8 * 8 * 2 + 2 * 3 * 8 * 8 * 2 + 2 * 5 * 3 * 8 * 2


def test_recurrent_counts_per_step_layer_and_direction():
    # LSTM, I=3, H=2, T=5, two layers: 2*4H*(I+H) per step; second layer's input is H
    lstm = a.recurrent("r", "lstm", 3, 2, 5, 2, bidirectional=False)
    assert lstm.flops == 5 * 2 * 8 * (3 + 2) + 5 * 2 * 8 * (2 + 2)
    assert lstm.params == (8 * 5 + 8) + (8 * 4 + 8)
    gru = a.recurrent("r", "gru", 3, 2, 5, 1, bidirectional=False)
    assert gru.params == 6 * 5 + 2 * 6 and gru.flops == 5 * 2 * 6 * 5
    rnn = a.recurrent("r", "rnn_tanh", 3, 2, 5, 1, bidirectional=False)
    assert rnn.params == 2 * 5 + 2 and rnn.flops == 5 * 2 * 2 * 5
    bi = a.recurrent("r", "lstm", 3, 2, 5, 2, bidirectional=True)
    assert bi.out_shape == (5, 4)
    assert bi.params == 2 * (8 * 5 + 8) + 2 * (8 * 6 + 8)  # layer 2 sees both directions: 2H inputs
