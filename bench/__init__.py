"""Deep Learning Frameworks Compared: data layer, benchmark harness and site macros."""

__version__ = "0.1.0"
