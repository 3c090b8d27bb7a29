"""The recurrent language model shared by rnn_tanh, lstm, gru and bilstm: only the cell differs."""
