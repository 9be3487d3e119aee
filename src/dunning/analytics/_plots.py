"""Charts of the metrics (matplotlib, the ``analytics`` extra), each returning a
:class:`matplotlib.figure.Figure` drawn without a display (the Agg backend)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .._core._kinds import ChannelKind, SkipCode
from ..events import MessageSent
from ..policy import for_country
from ._aging import Buckets, aging
from ._balances import recovery_curves, roll_rate_matrix, roll_rates
from ._log import EventLog
from ._metrics import funnel

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["plot_aging", "plot_funnel", "plot_recovery", "plot_roll_rates", "plot_send_hours"]

_HOURS = {SkipCode.OUTSIDE_HOURS, SkipCode.CLOSED_DAY, SkipCode.HOLIDAY}


def _figure(width: float = 7.0, height: float = 3.6) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure, figure.add_subplot()


def plot_aging(log: EventLog, *, as_of: datetime, buckets: Buckets | None = None) -> Figure:
    """Outstanding balance per aging bucket, one bar series per currency (each on its own
    share-of-currency scale, since currencies do not add up)."""
    table = aging(log, as_of=as_of, buckets=buckets)
    figure, ax = _figure()
    labels = list((buckets or Buckets()).labels)
    currencies = sorted(set(table.currency))
    width = 0.8 / max(1, len(currencies))
    for i, currency in enumerate(currencies):
        rows = table[table.currency == currency].set_index("bucket").reindex(labels)
        total = sum(rows.outstanding)
        shares = [float(v / total * 100) if total else 0.0 for v in rows.outstanding]
        ax.bar([x + i * width for x in range(len(labels))], shares, width, label=currency)
    ax.set_xticks([x + width * (len(currencies) - 1) / 2 for x in range(len(labels))], labels)
    ax.set_ylabel("% of outstanding")
    ax.set_title(f"Aging at {as_of:%Y-%m-%d}")
    if currencies:
        ax.legend(fontsize="small", ncols=4)
    return figure


def plot_funnel(log: EventLog, *, within_days: int = 7) -> Figure:
    """The message funnel per channel, as counts at each stage."""
    table = funnel(log, by="channel", within_days=within_days)
    stages = ["sent", "delivered", "read", "replied", "promised", "paid"]
    figure, ax = _figure()
    width = 0.8 / max(1, len(table))
    for i, row in enumerate(table.to_dict("records")):
        ax.bar(
            [x + i * width for x in range(len(stages))],
            [row[s] for s in stages],
            width,
            label=row["channel"],
        )
    ax.set_xticks([x + width * (len(table) - 1) / 2 for x in range(len(stages))], stages)
    ax.set_ylabel("messages")
    ax.set_title(f"Funnel by channel (outcomes within {within_days} days)")
    if len(table):
        ax.legend(fontsize="small")
    return figure


def plot_roll_rates(
    log: EventLog, *, snapshots: list[datetime], buckets: Buckets | None = None
) -> Figure:
    """The roll-rate matrix as a heatmap (share of debts moving from a row's bucket to a
    column's)."""
    matrix = roll_rate_matrix(
        roll_rates(log, snapshots=snapshots, buckets=buckets), buckets=buckets
    )
    figure, ax = _figure(6.0, 4.2)
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(matrix.columns)), list(matrix.columns))
    ax.set_yticks(range(len(matrix.index)), list(matrix.index))
    ax.set_xlabel("to bucket")
    ax.set_ylabel("from bucket")
    for (r, c), value in zip(
        [(r, c) for r in range(len(matrix.index)) for c in range(len(matrix.columns))],
        matrix.to_numpy(dtype=float).ravel(),
        strict=True,
    ):
        if value:
            ax.text(
                c,
                r,
                f"{value:.0%}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 0.6 else "black",
            )
    figure.colorbar(image, ax=ax, shrink=0.8)
    ax.set_title("Roll rates between snapshots")
    return figure


def plot_recovery(
    log: EventLog, *, as_of: datetime, days: tuple[int, ...] = (1, 3, 7, 14, 21, 30, 60, 90)
) -> Figure:
    """Liquidation curves: share of the placed balance collected by days since placement, one
    line per placement cohort and currency."""
    table = recovery_curves(log, as_of=as_of, days=days)
    figure, ax = _figure()
    for (currency, cohort), rows in table.groupby(["currency", "cohort"]):
        ax.plot(
            list(rows.days), [r * 100 for r in rows.rate], marker="o", label=f"{cohort} {currency}"
        )
    ax.set_xlabel("days since placement")
    ax.set_ylabel("% of placed balance collected")
    ax.set_title("Recovery curves by cohort")
    if len(table):
        ax.legend(fontsize="x-small", ncols=3)
    return figure


def send_hours(log: EventLog) -> Counter[tuple[int, bool]]:
    """Messages sent by the debtor's local hour and whether that instant was inside the
    country's legal hours for the channel (the built-in policy's hours, holidays and closed
    days)."""
    counts: Counter[tuple[int, bool]] = Counter()
    policies: dict[tuple[str, str | None], Any] = {}
    for event in log.events:
        if not isinstance(event, MessageSent):
            continue
        debtor = log.debtor(event.debtor_id)
        if debtor is None:
            continue
        key = (debtor.country, debtor.subdivision)
        if key not in policies:
            policies[key] = for_country(debtor.country, debtor.subdivision)
        local = event.at.astimezone(debtor.zone)
        violations = policies[key].check(debtor, ChannelKind(event.channel), as_of=event.at)
        inside = not any(v.code in _HOURS for v in violations)
        counts[(local.hour, inside)] += 1
    return counts


def plot_send_hours(log: EventLog) -> Figure:
    """Sends by the debtor's local hour, split by whether they fell inside the legal contact
    windows of the debtor's country."""
    counts = send_hours(log)
    figure, ax = _figure()
    hours = list(range(24))
    inside = [counts.get((h, True), 0) for h in hours]
    outside = [counts.get((h, False), 0) for h in hours]
    ax.bar(hours, inside, color="#2f7d32", label="inside legal hours")
    ax.bar(hours, outside, bottom=inside, color="#c62828", label="outside legal hours")
    ax.set_xticks(hours[::2])
    ax.set_xlabel("debtor's local hour")
    ax.set_ylabel("messages sent")
    ax.set_title("Sends by local hour vs legal windows")
    ax.legend(fontsize="small")
    return figure
