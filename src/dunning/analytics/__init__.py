"""Analytics and experiments: the numbers a collections team runs on.

Read the library's events (in memory, the outbox's SQLite file, a DataFrame, Parquet or a
JSON-lines log) joined to debts and debtors, and compute the published collections metrics as
pandas DataFrames with exact money; assign debtors to champion/challenger arms and read the
result. Needs the ``analytics`` extra (``pip install 'dunning[analytics]'``: pandas, and
matplotlib for the charts); ``import dunning`` never imports them. Definitions and sources:
``docs/analytics.md``; an A/B walk-through: ``docs/experiments.md``.

>>> from datetime import date, datetime, timezone
>>> from dunning import Debt, Money
>>> from dunning.analytics import EventLog, aging
>>> log = EventLog([], debts=[Debt(id="F-1", debtor_id="c-1", amount=Money("30000", "CLP"),
...                                due_date=date(2026, 10, 20))])
>>> table = aging(log, as_of=datetime(2026, 11, 23, 12, tzinfo=timezone.utc))
>>> table.loc[table.debts > 0, ["bucket", "outstanding"]].to_dict("records")
[{'bucket': '31-60', 'outstanding': Decimal('30000')}]
"""

from __future__ import annotations

from ._aging import Buckets, aging
from ._balances import (
    collection_effectiveness_index,
    cost_per_recovered,
    cure_rates,
    dso,
    opt_out_rates,
    recovery_curves,
    roll_rate_matrix,
    roll_rates,
)
from ._experiments import (
    Experiment,
    arm_results,
    bootstrap_interval,
    newcombe_interval,
    sample_size,
    wilson_interval,
)
from ._log import EventLog, PlannedMessage
from ._metrics import contact_rates, funnel, promise_rates, promises
from ._plots import plot_aging, plot_funnel, plot_recovery, plot_roll_rates, plot_send_hours
from ._report import report_html, report_sections, report_text

__all__ = [
    "Buckets",
    "EventLog",
    "Experiment",
    "PlannedMessage",
    "aging",
    "arm_results",
    "bootstrap_interval",
    "collection_effectiveness_index",
    "contact_rates",
    "cost_per_recovered",
    "cure_rates",
    "dso",
    "funnel",
    "newcombe_interval",
    "opt_out_rates",
    "plot_aging",
    "plot_funnel",
    "plot_recovery",
    "plot_roll_rates",
    "plot_send_hours",
    "promise_rates",
    "promises",
    "recovery_curves",
    "report_html",
    "report_sections",
    "report_text",
    "roll_rate_matrix",
    "roll_rates",
    "sample_size",
    "wilson_interval",
]

from .._core._public import publish as _publish

_publish(globals())
