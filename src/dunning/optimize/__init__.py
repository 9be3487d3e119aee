"""Optimisation: learn when and where to write, without ever leaving the legal windows.

:class:`Optimizer` is a :class:`~dunning.Chooser` for the planner: Thompson sampling over
channel × local hour, per context (country, a debtor attribute, the debtor), among only the
slots the debtor's policy allows. It learns from the events production records (reads, replies,
payments), is deterministic given its state and seed, and its state is plain JSON. Guide:
``docs/simulation.md`` (the optimiser section).

>>> from dunning import Creditor, Planner, default_strategy
>>> optimizer = Optimizer(seed=7)
>>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda"), chooser=optimizer)
>>> planner.chooser is optimizer
True
"""

from __future__ import annotations

from ._thompson import LEVELS, SIGNALS, Optimizer

__all__ = ["LEVELS", "SIGNALS", "Optimizer"]

from .._core._public import publish as _publish

_publish(globals())
