"""The demo portfolio played forward: what ``dunning report`` shows when it has no log of yours.

The sample portfolio, with an A/B test of two cadences and a 10 % holdout, goes through
:func:`dunning.simulate.simulate`: every day the planner plans the treated debtors and renders
the messages with the built-in templates, the dispatcher sends them through memory channels,
and simulated debtors answer (deliveries, reads, replies read by the classifier, promises,
payments in full or in part, opt-outs and the odd complaint). Same seed, same log.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .._planning._planner import Planner
from .._planning._strategy import Cadence, Step, default_strategy
from ..analytics import EventLog, Experiment
from ..simulate import portfolio_from, simulate
from ..templates import TemplateEngine
from ._sample import sample_portfolio

__all__ = ["DEMO_EXPERIMENT", "played_forward"]

DEMO_EXPERIMENT = Experiment("early-reminder", {"champion": 1, "challenger": 1}, holdout=0.1)


def played_forward(weeks: int = 4, *, seed: int = 11, as_of: datetime | None = None) -> EventLog:
    """The sample portfolio after ``weeks`` of daily planning and simulated answers.

    >>> log = played_forward(1)
    >>> any(e.kind == "payment_received" for e in log.events), len(log.debtors) >= 24
    (True, True)
    """
    sample = sample_portfolio(as_of)
    start = sample.as_of
    history = [
        *sample.history,
        *DEMO_EXPERIMENT.assign(sample.debtors, at=start - timedelta(hours=1)),
    ]
    early = Cadence(
        "early",
        [
            Step(-3),
            Step(-1),
            Step(0),
            Step(2),
            Step(5),
            Step(10, repeat_every_days=5, until_offset_days=90),
        ],
    )
    planner = Planner(
        DEMO_EXPERIMENT.strategy({"champion": default_strategy(), "challenger": early}),
        creditor=sample.creditor,
        templates=TemplateEngine(),
    )
    treated, _ = DEMO_EXPERIMENT.treated(sample.debtors, sample.debts)
    portfolio = portfolio_from(
        sample.creditor, sample.debtors, sample.debts, as_of=start, history=history, seed=seed
    )
    run = simulate(portfolio, planner, days=weeks * 7, contact=[d.id for d in treated])
    return run.log
