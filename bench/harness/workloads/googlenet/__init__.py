"""The googlenet workload: spec.py (framework-neutral), torch_model.py and keras_model.py side by side."""
