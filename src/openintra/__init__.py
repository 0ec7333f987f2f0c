"""openintra: a self-hostable implementation of the 42 Intra API v2."""

__version__ = "0.1.0"
