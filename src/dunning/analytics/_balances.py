"""Balance metrics: cure and roll rates, recovery curves, DSO, ADD, CEI, cost and opt-outs
(see _metrics for the sources)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._core._errors import CurrencyError, InputError
from .._core._kinds import ChannelKind
from .._core._models import Debt
from .._core._money import Money
from .._core._timezones import ensure_aware
from ..events import (
    AgentHandoff,
    ComplaintReceived,
    ConsentRevoked,
    MessageSent,
    PaymentReceived,
)
from ._log import EventLog

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from ._aging import Buckets, By, _dpd, _end_of, _frame, _group, _keys, _ratio, _start_of, _state

__all__ = [
    "collection_effectiveness_index",
    "cost_per_recovered",
    "cure_rates",
    "dso",
    "opt_out_rates",
    "recovery_curves",
    "roll_rate_matrix",
    "roll_rates",
]


# --- cure and roll --------------------------------------------------------------------------


def cure_rates(log: EventLog, *, start: datetime, window_days: int, by: By = None) -> pd.DataFrame:
    """Cure rate = debts delinquent at ``start`` (past due with a balance) that are back to
    current — nothing past due left, i.e. paid in full — within ``window_days`` ÷ debts
    delinquent at ``start`` (diversification.com; symend.com). Self-cure rate: the cured debts
    whose debtor had no contact from the collector in the window (no message sent, no hand-off
    to an agent) ÷ delinquent debts.

    Columns: ``*by, delinquent, cured, cure_rate, self_cured, self_cure_rate``.
    """
    ensure_aware(start, "start")
    end = start + timedelta(days=window_days)
    keys = _keys(by)
    contacted: dict[str, list[datetime]] = defaultdict(list)
    for event in log.events:
        if isinstance(event, MessageSent | AgentHandoff) and start < event.at <= end:
            contacted[event.debtor_id].append(event.at)
    units = []
    for debt in log.debts:
        if _dpd(debt, start.date()) < 1 or log.balance(debt.id, at=start) == 0:
            continue
        cured = log.balance(debt.id, at=end) == 0
        cured_at = None
        if cured:
            running = debt.amount.amount - log.paid(debt.id, until=start)
            for payment in log.payments(debt.id):
                if start < payment.at <= end:
                    running -= payment.amount.amount
                    if running <= 0:
                        cured_at = payment.at
                        break
        self_cured = cured_at is not None and not any(
            t <= cured_at for t in contacted.get(debt.debtor_id, ())
        )
        units.append({**log.dimensions(debt), "cured": cured, "self_cured": self_cured})
    rows = []
    for key, members in _group(units, keys).items():
        cured_n = sum(u["cured"] for u in members)
        self_n = sum(u["self_cured"] for u in members)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "delinquent": len(members),
                "cured": cured_n,
                "cure_rate": _ratio(cured_n, len(members)),
                "self_cured": self_n,
                "self_cure_rate": _ratio(self_n, len(members)),
            }
        )
    return _frame(rows, [*keys, "delinquent", "cured", "cure_rate", "self_cured", "self_cure_rate"])


def roll_rates(
    log: EventLog,
    *,
    snapshots: Sequence[datetime],
    buckets: Buckets | None = None,
    by: By = None,
) -> pd.DataFrame:
    """The roll-rate transition matrix between aging buckets over consecutive snapshots
    (Investopedia, "Roll rate"): for each debt open at a snapshot, the bucket it is in at the
    next one (``paid`` when nothing is left). ``count_share`` is the share of the debts in
    ``from_bucket`` (of the same group and currency) that moved to ``to_bucket``;
    ``balance_share`` the same by balance at the earlier snapshot. A move to a younger bucket
    is a cure. Pairs of snapshots are pooled.

    Columns: ``*by, currency, from_bucket, to_bucket, debts, balance, count_share,
    balance_share``; :func:`roll_rate_matrix` pivots them.
    """
    buckets = buckets or Buckets()
    times = sorted(ensure_aware(t, "snapshots") for t in snapshots)
    if len(times) < 2:
        raise InputError("roll rates need at least two snapshots", field="snapshots")
    keys = (*(k for k in _keys(by) if k != "currency"), "currency")
    dims = {d.id: log.dimensions(d) for d in log.debts}
    moves: dict[tuple[Any, ...], list[Decimal]] = defaultdict(list)
    for before, after in itertools.pairwise(times):
        for debt in log.debts:
            origin, balance = _state(log, debt, before, buckets)
            if origin == "paid":
                continue
            target, _ = _state(log, debt, after, buckets)
            group = tuple(dims[debt.id].get(k) for k in keys)
            moves[(group, origin, target)].append(balance)
    totals: dict[tuple[Any, ...], tuple[int, Decimal]] = {}
    for (group, origin, _), balances in moves.items():
        n, b = totals.get((group, origin), (0, Decimal(0)))
        totals[(group, origin)] = (n + len(balances), b + sum(balances, Decimal(0)))
    order = {label: i for i, label in enumerate((*buckets.labels, "paid"))}
    rows = []
    for (group, origin, target), balances in sorted(
        moves.items(),
        key=lambda kv: (tuple(map(str, kv[0][0])), order[kv[0][1]], order[kv[0][2]]),
    ):
        n, b = totals[(group, origin)]
        total = sum(balances, Decimal(0))
        rows.append(
            {
                **dict(zip(keys, group, strict=True)),
                "from_bucket": origin,
                "to_bucket": target,
                "debts": len(balances),
                "balance": total,
                "count_share": _ratio(len(balances), n),
                "balance_share": _ratio(total, b),
            }
        )
    columns = [*keys, "from_bucket", "to_bucket", "debts", "balance"]
    return _frame(rows, [*columns, "count_share", "balance_share"])


def roll_rate_matrix(
    rolls: pd.DataFrame,
    *,
    value: str = "count_share",
    currency: str | None = None,
    buckets: Buckets | None = None,
) -> pd.DataFrame:
    """Pivot :func:`roll_rates` into a from × to matrix whose rows sum to 1 (an empty row is
    all 0). ``count_share`` pools the currencies (debts are counted); ``balance_share`` needs
    one ``currency`` (balances in different currencies do not add up)."""
    labels = (*(buckets or Buckets()).labels, "paid")
    frame = rolls if currency is None else rolls[rolls.currency == currency]
    if value == "count_share":
        weights = frame.debts.astype(float)
    elif value == "balance_share":
        if frame.currency.nunique() > 1:
            raise CurrencyError(
                "balance shares need one currency: pass currency=", field="currency"
            )
        weights = frame.balance.map(float)
    else:
        raise InputError(
            "value must be 'count_share' or 'balance_share'", field="value", value=value
        )
    table = frame.assign(weight=weights).pivot_table(
        index="from_bucket", columns="to_bucket", values="weight", aggfunc="sum", fill_value=0
    )
    table = table.reindex(
        index=[b for b in labels if b != "paid"], columns=list(labels), fill_value=0
    ).astype(float)
    totals = table.sum(axis=1)
    return table.div(totals.where(totals > 0, 1.0), axis=0)


# --- recovery -------------------------------------------------------------------------------


def recovery_curves(
    log: EventLog,
    *,
    as_of: datetime,
    days: Sequence[int] = (7, 14, 30, 60, 90),
    by: By = None,
) -> pd.DataFrame:
    """Liquidation curves by cohort (insidearm.com): a debt is placed the day after its due date
    with its balance then; ``collected`` is what was paid from placement through ``d`` days
    after it, and ``rate`` = collected ÷ placed (vcc.live's recovery rate for the cohort). The
    cohort is the placement month; a point at ``d`` days counts only the debts placed at least
    ``d`` days before ``as_of``.

    Columns: ``*by, currency, cohort, days, debts, placed, collected, rate``.
    """
    ensure_aware(as_of, "as_of")
    keys = tuple(k for k in _keys(by) if k not in {"currency", "cohort"})
    units = []
    for debt in log.debts:
        if debt.due_date is None:
            continue
        placed_on = debt.due_date + timedelta(days=1)
        if placed_on > as_of.date():
            continue
        start = _start_of(placed_on)
        placed = log.balance(debt.id, at=start - timedelta(microseconds=1))
        if placed == 0:
            continue
        units.append(
            {
                **log.dimensions(debt),
                "cohort": f"{placed_on:%Y-%m}",
                "placed_on": placed_on,
                "start": start,
                "placed": placed,
            }
        )
    rows = []
    for key, members in _group(units, (*keys, "currency", "cohort")).items():
        for d in days:
            matured = [u for u in members if u["placed_on"] + timedelta(days=d) <= as_of.date()]
            if not matured:
                continue
            placed = sum((u["placed"] for u in matured), Decimal(0))
            collected = sum(
                (
                    min(
                        u["placed"],
                        log.paid(
                            u["debt_id"],
                            after=u["start"] - timedelta(microseconds=1),
                            until=_end_of(u["placed_on"] + timedelta(days=d)),
                        ),
                    )
                    for u in matured
                ),
                Decimal(0),
            )
            rows.append(
                {
                    **dict(zip((*keys, "currency", "cohort"), key, strict=True)),
                    "days": d,
                    "debts": len(matured),
                    "placed": placed,
                    "collected": collected,
                    "rate": _ratio(collected, placed),
                }
            )
    return _frame(
        rows, [*keys, "currency", "cohort", "days", "debts", "placed", "collected", "rate"]
    )


# --- DSO, ADD, CEI --------------------------------------------------------------------------


def _sales(debts: Sequence[Debt], first: date, last: date) -> Decimal:
    """Credit sales: debts issued from ``first`` through ``last`` (debts without ``issued_on``
    are not sales of any period)."""
    return sum(
        (
            d.amount.amount
            for d in debts
            if d.issued_on is not None and first <= d.issued_on <= last
        ),
        Decimal(0),
    )


def _receivables(log: EventLog, debts: Sequence[Debt], at: datetime) -> tuple[Decimal, Decimal]:
    """(total, current) receivables at ``at``: current = not yet due."""
    total = current = Decimal(0)
    for debt in debts:
        balance = log.balance(debt.id, at=at)
        total += balance
        if _dpd(debt, at.date()) <= 0:
            current += balance
    return total, current


def _month_back(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _countback(
    debts: Sequence[Debt], as_of: datetime, receivables: Decimal, months: int
) -> float | None:
    today = as_of.date()
    remaining = receivables
    days = Decimal(0)
    for back in range(months):
        first = _month_back(today, back)
        last = today if back == 0 else _month_back(today, back - 1) - timedelta(days=1)
        length = (last - first).days + 1
        sales = _sales(debts, first, last)
        if remaining <= 0:
            break
        if sales >= remaining:
            days += Decimal(length) * remaining / sales
            remaining = Decimal(0)
            break
        days += length
        remaining -= sales
    return None if remaining > 0 else float(days)


def _debt_groups(
    log: EventLog, by: By
) -> tuple[tuple[str, ...], dict[tuple[Any, ...], list[Debt]]]:
    keys = (*(k for k in _keys(by) if k != "currency"), "currency")
    units = [{**log.dimensions(d), "debt": d} for d in log.debts]
    return keys, {k: [u["debt"] for u in v] for k, v in _group(units, keys).items() if v}


def dso(
    log: EventLog,
    *,
    as_of: datetime,
    period_days: int = 90,
    countback_months: int = 24,
    by: By = None,
) -> pd.DataFrame:
    """Days sales outstanding and its relatives, per group and currency, at ``as_of``:

    * ``dso`` (Credit Research Foundation): receivables ÷ credit sales of the last
      ``period_days`` days × ``period_days``;
    * ``countback_dso`` (Oracle HFM, Upflow): from the receivables, subtract the current month's
      credit sales (the month so far counts its days through ``as_of``) and count its days,
      then the month before, and so on; the month whose sales exhaust the balance adds the
      fraction ``balance left ÷ its sales`` of its days (``None`` when ``countback_months`` do
      not exhaust it);
    * ``best_possible_dso`` (creditguru.com, money-zine.com): current (not yet due)
      receivables ÷ credit sales × ``period_days``;
    * ``average_days_delinquent`` (ADD) (creditguru.com; CRF): ``dso − best_possible_dso``.

    Credit sales are the debts issued (``issued_on``) in the period.

    Columns: ``*by, currency, receivables, current_receivables, sales, dso, countback_dso,
    best_possible_dso, average_days_delinquent``.
    """
    ensure_aware(as_of, "as_of")
    first = as_of.date() - timedelta(days=period_days - 1)
    keys, groups = _debt_groups(log, by)
    rows = []
    for key, debts in groups.items():
        total, current = _receivables(log, debts, as_of)
        sales = _sales(debts, first, as_of.date())
        simple = None if not sales else float(total / sales * period_days)
        best = None if not sales else float(current / sales * period_days)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "receivables": total,
                "current_receivables": current,
                "sales": sales,
                "dso": simple,
                "countback_dso": _countback(debts, as_of, total, countback_months),
                "best_possible_dso": best,
                "average_days_delinquent": None
                if simple is None or best is None
                else simple - best,
            }
        )
    return _frame(
        rows,
        [
            *keys,
            "receivables",
            "current_receivables",
            "sales",
            "dso",
            "countback_dso",
            "best_possible_dso",
            "average_days_delinquent",
        ],
    )


def collection_effectiveness_index(
    log: EventLog, *, start: datetime, end: datetime, months: int | None = None, by: By = None
) -> pd.DataFrame:
    """Collection Effectiveness Index (Credit Research Foundation, via the Credit Management
    Association): ``[B + S/N − E] ÷ [B + S/N − C] × 100`` with ``B`` the receivables at
    ``start``, ``S`` the credit sales after ``start`` through ``end``, ``N`` the months in the
    period (default: calendar months from ``start`` to ``end``, at least 1), ``E`` the total
    and ``C`` the current (not yet due) receivables at ``end``.

    Columns: ``*by, currency, beginning, sales, months, ending_total, ending_current, cei``.
    """
    ensure_aware(start, "start")
    ensure_aware(end, "end")
    if end <= start:
        raise InputError("end must be after start", field="end", value=end)
    n = (
        months
        if months is not None
        else max(1, (end.year - start.year) * 12 + end.month - start.month)
    )
    keys, groups = _debt_groups(log, by)
    rows = []
    for key, debts in groups.items():
        beginning, _ = _receivables(log, debts, start)
        sales = _sales(debts, start.date() + timedelta(days=1), end.date())
        ending, current = _receivables(log, debts, end)
        base = beginning + sales / n
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "beginning": beginning,
                "sales": sales,
                "months": n,
                "ending_total": ending,
                "ending_current": current,
                "cei": _ratio((base - ending) * 100, base - current),
            }
        )
    return _frame(
        rows, [*keys, "beginning", "sales", "months", "ending_total", "ending_current", "cei"]
    )


# --- cost, opt-outs, complaints --------------------------------------------------------------


def cost_per_recovered(
    log: EventLog,
    *,
    prices: Mapping[ChannelKind | str, Money],
    start: datetime,
    end: datetime,
    by: By = None,
) -> pd.DataFrame:
    """Cost per amount recovered: the messages sent after ``start`` through ``end`` priced by
    channel (``prices``, one currency: ``cost_currency``) ÷ the payments received in the same
    period. Rows are per group and the currency of the debtors' debts (``currency``), so that
    the messages and the recoveries of the same debtors meet; the ratio is given only where
    ``currency`` is the prices' currency (amounts in different currencies are not divided).
    Messages on a channel without a price raise.

    Columns: ``*by, currency, messages, cost, cost_currency, recovered, cost_per_recovered``.
    """
    ensure_aware(start, "start")
    ensure_aware(end, "end")
    table = {ChannelKind(k): v for k, v in prices.items()}
    currencies = {m.currency for m in table.values()}
    if len(currencies) != 1:
        raise CurrencyError("prices must all be in one currency", field="prices")
    (price_currency,) = currencies
    keys = tuple(k for k in _keys(by) if k != "currency")
    units: list[dict[str, Any]] = []
    for event in log.events:
        if not start < event.at <= end:
            continue
        if isinstance(event, MessageSent):
            if event.channel not in table:
                raise InputError(
                    f"no price for channel {event.channel.value!r}",
                    field="prices",
                    value=event.channel,
                )
            units.append(
                {
                    **log.debtor_dimensions(event.debtor_id),
                    "channel": event.channel.value,
                    "cost": table[event.channel].amount,
                    "recovered": Decimal(0),
                }
            )
        elif isinstance(event, PaymentReceived):
            debt = log.debt(event.debt_id)
            dims = log.dimensions(debt) if debt else {}
            units.append(
                {**dims, "currency": event.amount.currency, "recovered": event.amount.amount}
            )
    rows = []
    for key, members in _group(units, (*keys, "currency")).items():
        cost = sum((u.get("cost", Decimal(0)) for u in members), Decimal(0))
        recovered = sum((u["recovered"] for u in members), Decimal(0))
        currency = key[-1]
        rows.append(
            {
                **dict(zip((*keys, "currency"), key, strict=True)),
                "messages": sum("cost" in u for u in members),
                "cost": cost,
                "cost_currency": price_currency,
                "recovered": recovered,
                "cost_per_recovered": _ratio(cost, recovered)
                if currency == price_currency
                else None,
            }
        )
    return _frame(
        rows,
        [*keys, "currency", "messages", "cost", "cost_currency", "recovered", "cost_per_recovered"],
    )


def opt_out_rates(log: EventLog, *, by: By = None) -> pd.DataFrame:
    """Opt-out rate = contacted debtors who then revoked consent ÷ contacted debtors; complaint
    rate = contacted debtors who then complained (:class:`~dunning.events.ComplaintReceived`)
    ÷ contacted debtors. "Contacted" means at least one message sent; only revocations and
    complaints at or after the first message count. Grouped by ``channel``, the unit is a
    debtor on a channel, and a revocation of every channel counts for each.

    Columns: ``*by, contacted, opted_out, opt_out_rate, complained, complaint_rate``.
    """
    keys = _keys(by)
    per_channel = "channel" in keys
    first: dict[tuple[str, str | None], datetime] = {}
    for event in log.events:
        if isinstance(event, MessageSent):
            unit = (event.debtor_id, event.channel.value if per_channel else None)
            first.setdefault(unit, event.at)
    units = []
    for (debtor_id, channel), since in first.items():
        opted = any(
            e.at >= since and (channel is None or e.channel is None or e.channel.value == channel)
            for e in log.events_of(ConsentRevoked, debtor_id)
        )
        complained = any(
            e.at >= since and (channel is None or e.channel is None or e.channel.value == channel)
            for e in log.events_of(ComplaintReceived, debtor_id)
        )
        units.append(
            {
                **log.debtor_dimensions(debtor_id),
                "channel": channel,
                "opted": opted,
                "complained": complained,
            }
        )
    rows = []
    for key, members in _group(units, keys).items():
        opted_n = sum(u["opted"] for u in members)
        complained_n = sum(u["complained"] for u in members)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "contacted": len(members),
                "opted_out": opted_n,
                "opt_out_rate": _ratio(opted_n, len(members)),
                "complained": complained_n,
                "complaint_rate": _ratio(complained_n, len(members)),
            }
        )
    return _frame(
        rows, [*keys, "contacted", "opted_out", "opt_out_rate", "complained", "complaint_rate"]
    )
