"""Exported names report their public module.

``dunning.Money``, not ``dunning._core._money.Money``.

Tracebacks, reprs, docs and pickles then name the import path users write. Each public package
calls :func:`publish` at the end of its ``__init__``; a name exported by two public modules keeps
the first one that publishes it (``dunning.policy.ContactPolicy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import FunctionType
from typing import Any

__all__ = ["HOME", "publish"]

#: Where each published object is defined (its private module), for tools that need the source
#: module's namespace, such as the docs test running docstring examples.
HOME: dict[object, str] = {}


def _private(module: str) -> bool:
    return any(part.startswith("_") for part in module.split("."))


def publish(namespace: Mapping[str, Any]) -> None:
    """Set ``__module__`` of every class and function in ``namespace["__all__"]`` that is defined
    in a private module to the public module ``namespace["__name__"]``."""
    public = namespace["__name__"]
    for name in namespace["__all__"]:
        obj = namespace[name]
        if not isinstance(obj, (type, FunctionType)):
            continue
        if obj.__name__ != name or not _private(getattr(obj, "__module__", "") or ""):
            continue
        home = obj.__module__
        try:
            obj.__module__ = public
            HOME[obj] = home
        except (AttributeError, TypeError):  # pragma: no cover - builtins and extension types
            continue
