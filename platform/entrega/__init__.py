"""Entrega: a platform for delivery units at the centre of government."""

__version__ = "0.1.0"
