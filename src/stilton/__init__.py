"""Stilton: a self-hostable Python package index that inspects what it serves."""

__all__ = ["__version__"]

__version__ = "0.1.0"
