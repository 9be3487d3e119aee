"""The command line (``dunning ...``) and its built-in demo portfolio."""

from ._main import main

__all__ = ["main"]
