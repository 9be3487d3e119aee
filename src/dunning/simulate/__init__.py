"""Simulation: test a strategy on synthetic debtors before real debtors see it.

:func:`synthetic_portfolio` draws debtors and debts in several markets with hidden propensities
(ability and willingness to pay, attention hours, preferred channel, payday) calibrated by
:class:`Calibration` to published effect sizes; :func:`simulate` plays them forward day by day
through the real :class:`~dunning.Planner` and dispatcher with memory channels, emitting the
events production records (so :mod:`dunning.analytics` reads them unchanged), with
``bot=True`` answering replies with the real WhatsApp bot; :func:`compare`
runs several strategies on one portfolio with common random numbers and reports each arm with
confidence intervals. Needs the ``analytics`` extra. Guide: ``docs/simulation.md``.

>>> p = synthetic_portfolio(3, seed=2)
>>> sorted(p.propensities) == sorted(d.id for d in p.debtors)
True
"""

from __future__ import annotations

from ._compare import Comparison, compare, on_time
from ._loop import REPLIES, Simulation, simulate
from ._population import (
    DEFAULT_MARKETS,
    Calibration,
    Market,
    Propensity,
    SyntheticPortfolio,
    collectability,
    portfolio_from,
    synthetic_portfolio,
)

__all__ = [
    "DEFAULT_MARKETS",
    "REPLIES",
    "Calibration",
    "Comparison",
    "Market",
    "Propensity",
    "Simulation",
    "SyntheticPortfolio",
    "collectability",
    "compare",
    "on_time",
    "portfolio_from",
    "simulate",
    "synthetic_portfolio",
]

from .._core._public import publish as _publish

_publish(globals())
