"""The fake framework needs no inputs and no loss."""
