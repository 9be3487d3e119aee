"""Collections metrics over an :class:`~dunning.analytics.EventLog`, as pandas DataFrames.

Every metric cites the published definition it follows (the sources are listed in
``docs/analytics.md``). Conventions shared by all of them:

* **Money is exact.** Amounts are :class:`~decimal.Decimal` objects in the currency's own minor
  units, in a column named for the amount, next to a ``currency`` column; totals are never summed
  across currencies (every money table has ``currency`` among its keys).
* **Ratios** (rates, days, indexes) are ``float``, computed from exact sums; a ratio whose
  denominator is zero is ``None`` (``NaN`` in the frame).
* **Days.** A debt is ``n`` days past due on a date when that date is ``n`` days after its
  ``due_date``; the date of an instant is its date in UTC; ``as_of`` is the decision instant and
  balances are taken at it (payments with ``at <= as_of`` count).
* **Grouping.** ``by`` takes a column name or a list of them: ``currency``, ``country``,
  ``locale``, ``debtor_id``, ``kind``, any key of the debtors' ``attributes``, an experiment arm
  (``arm:<experiment>``) and, for message metrics, ``channel``, ``template``, ``stage``,
  ``segment`` (those come from the outbox; ``None`` when the log has only events).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._core._errors import InputError
from .._core._timezones import ensure_aware
from ..events import (
    MessageDelivered,
    MessageFailed,
    MessageRead,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from ._log import EventLog

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

from ._aging import By, _end_of, _frame, _group, _keys, _ratio

__all__ = ["contact_rates", "funnel", "promise_rates", "promises"]


# --- messages: funnel and contact -----------------------------------------------------------


def _message_units(log: EventLog) -> list[dict[str, Any]]:
    """One unit per message attempted (sent or failed), with its outcomes."""
    planned = {p.message_id: p for p in log.planned}
    delivered: set[str] = set()
    read: set[str] = set()
    units: dict[str, dict[str, Any]] = {}
    for event in log.events:
        if isinstance(event, MessageSent | MessageFailed) and event.message_id not in units:
            plan = planned.get(event.message_id)
            units[event.message_id] = {
                **log.debtor_dimensions(event.debtor_id),
                "message_id": event.message_id,
                "channel": event.channel.value,
                "template": plan.template if plan else None,
                "stage": plan.stage if plan else None,
                "segment": plan.segment if plan else None,
                "debt_ids": getattr(event, "debt_ids", ()) or (plan.debt_ids if plan else ()),
                "at": event.at,
                "sent": isinstance(event, MessageSent),
            }
            if plan is not None and plan.locale:
                units[event.message_id]["locale"] = plan.locale
        elif isinstance(event, MessageSent):
            units[event.message_id]["sent"] = True
        elif isinstance(event, MessageDelivered):
            delivered.add(event.message_id)
        elif isinstance(event, MessageRead):
            read.add(event.message_id)
    for mid, unit in units.items():
        unit["read"] = mid in read
        unit["delivered"] = mid in delivered or unit["read"]
    return list(units.values())


def _within(log: EventLog, unit: dict[str, Any], kind: type[Any], window: timedelta) -> bool:
    """Whether an event of ``kind`` follows the message ``unit`` within ``window``: a reply from
    its debtor, or a promise/payment on one of its debts (all the debtor's when it names none).
    Bisects the log's per-key index, so a funnel costs O(messages × log(events))."""
    start, end = unit["at"], unit["at"] + window
    if kind is ReplyReceived:
        keys: Iterable[str] = (unit["debtor_id"],)
    else:
        keys = unit["debt_ids"] or [d.id for d in log.debts_of(unit["debtor_id"])]
    for key in keys:
        found = log.events_of(kind, key)
        i = bisect_left(found, start, key=lambda e: e.at)
        if i < len(found) and found[i].at <= end:
            return True
    return False


def funnel(log: EventLog, *, by: By = "channel", within_days: int = 7) -> pd.DataFrame:
    """The message funnel: planned → sent → delivered → read → replied → promised → paid, each
    later stage counted within ``within_days`` of the message (a reply from the debtor, a
    promise or a payment on one of the message's debts). ``planned`` counts the outbox rows
    (equal to ``sent`` when the log has no outbox); rates are each stage ÷ ``sent``.

    Columns: ``*by, planned, sent, delivered, read, replied, promised, paid`` and
    ``<stage>_rate`` for the stages after ``sent``.
    """
    keys = _keys(by)
    window = timedelta(days=within_days)
    units = _message_units(log)
    planned_units = [
        {
            **log.debtor_dimensions(p.debtor_id),
            "channel": p.channel.value,
            "template": p.template,
            "stage": p.stage,
            "segment": p.segment,
            **({"locale": p.locale} if p.locale else {}),
        }
        for p in log.planned
    ]
    planned_counts = {k: len(v) for k, v in _group(planned_units, keys).items()}
    stages = ("delivered", "read", "replied", "promised", "paid")
    rows = []
    groups = _group(units, keys)
    for key in sorted(set(groups) | set(planned_counts), key=lambda k: tuple(map(str, k))):
        members = [u for u in groups.get(key, []) if u["sent"]]
        counts = {
            "sent": len(members),
            "delivered": sum(u["delivered"] for u in members),
            "read": sum(u["read"] for u in members),
            "replied": sum(_within(log, u, ReplyReceived, window) for u in members),
            "promised": sum(_within(log, u, PromiseToPay, window) for u in members),
            "paid": sum(_within(log, u, PaymentReceived, window) for u in members),
        }
        row = dict(zip(keys, key, strict=True))
        row["planned"] = planned_counts.get(key, counts["sent"]) if log.planned else counts["sent"]
        row.update(counts)
        for stage in stages:
            row[f"{stage}_rate"] = _ratio(counts[stage], counts["sent"])
        rows.append(row)
    columns = [*keys, "planned", "sent", *stages, *(f"{s}_rate" for s in stages)]
    return _frame(rows, columns)


def contact_rates(log: EventLog, *, by: By = "channel", within_days: int = 3) -> pd.DataFrame:
    """Contact rate = messages that reached the debtor (delivered or read) ÷ attempts (sent or
    failed) — OpsDog's contact rate with attempts as the stated denominator. Reply rate =
    delivered messages answered by the debtor within ``within_days`` ÷ delivered messages
    (a reply is a right-party, two-way contact, callcentrehelper.com's right-party contact
    with delivered messages as the stated denominator).

    Columns: ``*by, attempts, delivered, contact_rate, replied, reply_rate``.
    """
    keys = _keys(by)
    window = timedelta(days=within_days)
    rows = []
    for key, members in _group(_message_units(log), keys).items():
        reached = [u for u in members if u["delivered"]]
        replied = sum(_within(log, u, ReplyReceived, window) for u in reached)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "attempts": len(members),
                "delivered": len(reached),
                "contact_rate": _ratio(len(reached), len(members)),
                "replied": replied,
                "reply_rate": _ratio(replied, len(reached)),
            }
        )
    return _frame(rows, [*keys, "attempts", "delivered", "contact_rate", "replied", "reply_rate"])


# --- promises -------------------------------------------------------------------------------


def promises(
    log: EventLog,
    *,
    as_of: datetime,
    grace_days: int = 0,
    min_share: Decimal | int | str = 1,
) -> pd.DataFrame:
    """Every promise to pay with its status at ``as_of``, following Oracle Banking Collections'
    promise statuses: **kept** when the payments on the debt after the promise and through its
    date plus ``grace_days`` reach ``min_share`` of the promised amount (``1``: all of it; a
    lower share counts partial payments as kept); **cancelled** when a newer promise on the same
    debt replaced it before that; **pending** while its date plus grace has not passed;
    **broken** otherwise. A promise without an amount promises the balance when it was made.

    Columns: ``debt_id, debtor_id, at, promised_date, due, currency, promised, paid, status``
    and the debt's grouping columns.
    """
    ensure_aware(as_of, "as_of")
    share = Decimal(str(min_share))
    if not 0 < share <= 1:
        raise InputError("min_share must be in (0, 1]", field="min_share", value=min_share)
    if grace_days < 0:
        raise InputError("grace_days must be 0 or more", field="grace_days", value=grace_days)
    made = [e for e in log.events if isinstance(e, PromiseToPay)]
    rows = []
    for promise in made:
        debt = log.debt(promise.debt_id)
        if debt is None:
            continue
        due = promise.promised_date + timedelta(days=grace_days)
        deadline = _end_of(due)
        same_debt = log.events_of(PromiseToPay, promise.debt_id)
        position = next(i for i, p in enumerate(same_debt) if p is promise)
        later = same_debt[position + 1 :]
        successor = later[0] if later and later[0].at <= deadline else None
        until = min(deadline, successor.at) if successor else deadline
        amount = (
            promise.amount.amount
            if promise.amount is not None
            else log.balance(debt.id, at=promise.at)
        )
        paid = log.paid(debt.id, after=promise.at, until=min(until, as_of))
        if amount > 0 and paid >= amount * share:
            status = "kept"
        elif successor is not None and successor.at <= as_of:
            status = "cancelled"
        elif as_of <= deadline:
            status = "pending"
        else:
            status = "broken"
        rows.append(
            {
                **log.dimensions(debt),
                "at": promise.at,
                "promised_date": promise.promised_date,
                "due": due,
                "promised": amount,
                "paid": paid,
                "status": status,
            }
        )
    base = ["debt_id", "debtor_id", "at", "promised_date", "due", "currency", "promised", "paid"]
    extra = sorted({k for r in rows for k in r} - {*base, "status"})
    return _frame(rows, [*base, "status", *extra])


def promise_rates(
    log: EventLog,
    *,
    as_of: datetime,
    grace_days: int = 0,
    min_share: Decimal | int | str = 1,
    by: By = None,
) -> pd.DataFrame:
    """Promise-to-pay rate = promises ÷ two-way contacts (the debtors' replies), and promise
    kept rate = kept ÷ promises that came due (kept + broken), as Oracle Banking Collections'
    KPIs define them; statuses from :func:`promises`.

    Columns: ``*by, contacts, promises, ptp_rate, kept, broken, pending, cancelled,
    kept_rate``.
    """
    keys = _keys(by)
    table = promises(log, as_of=as_of, grace_days=grace_days, min_share=min_share)
    units: list[dict[str, Any]] = [{**rec, "unit": "promise"} for rec in table.to_dict("records")]
    for event in log.events:
        if isinstance(event, ReplyReceived) and event.at <= as_of:
            units.append({**log.debtor_dimensions(event.debtor_id), "unit": "contact"})
    rows = []
    for key, members in _group(units, keys).items():
        made = [u for u in members if u["unit"] == "promise"]
        count = {
            s: sum(u["status"] == s for u in made)
            for s in ("kept", "broken", "pending", "cancelled")
        }
        contacts = sum(u["unit"] == "contact" for u in members)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "contacts": contacts,
                "promises": len(made),
                "ptp_rate": _ratio(len(made), contacts),
                **count,
                "kept_rate": _ratio(count["kept"], count["kept"] + count["broken"]),
            }
        )
    columns = [
        *keys,
        "contacts",
        "promises",
        "ptp_rate",
        "kept",
        "broken",
        "pending",
        "cancelled",
        "kept_rate",
    ]
    return _frame(rows, columns)
