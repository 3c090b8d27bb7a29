"""The GPT-2-small-shaped decoder: spec.py (framework-neutral) and one model file per framework."""
