"""Compacting a debtor's history: leave out the events no later plan can read.

A plan at ``as_of`` reads sent messages only from a few days before ``as_of`` on (its lookback
for held-back and caught-up steps, plus each frequency cap's reach); older ones matter only by
their id (a later record of the same message counts once, on its first day). Replies matter
near the plan's days, and the earliest one on each channel starts a cap that is in force "from
then on" (Colombia's). Everything else — payments, promises, plans, disputes, charges, consent,
holds, legal action, calls, delivery statuses — is kept whatever its age. The planner's own
reading of history (``DebtorLog.build(since=...)``) rests on the same facts; the property test in
``tests/test_compact.py`` plans random portfolios with the whole and the compacted history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from .._core._errors import CurrencyError
from .._core._money import money_sum
from ..events import (
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from ..policy._columns import EventColumns
from ..policy._compiled import CompiledPolicy

__all__ = ["compact_events", "cut_for"]


def cut_for(cp: CompiledPolicy, lookback_days: int, today: date) -> datetime | None:
    """The instant before which a debtor's sent messages and replies (but the first on each
    channel) can change no plan from ``today`` (the debtor's local date of ``as_of``) on, under
    ``cp``; ``None`` when no such instant is representable (nothing is left out)."""
    span = max(
        (
            cap.active_days_after_contact or 0
            for caps in cp.caps.values()
            for cap in caps
            if cap.after_two_way_contact
        ),
        default=0,
    )
    # A day of margin on each side: the planner indexes from ``today - (lookback + reach + 1)``,
    # a cap counted from a two-way contact reads replies ``span`` days before its windows, and
    # an instant before midnight UTC of the day before a local date is before that date in
    # every zone.
    try:
        first = today - timedelta(days=lookback_days + cp.cap_reach_days + span + 2)
        return datetime.combine(first - timedelta(days=1), time(0), UTC)
    except OverflowError:
        return None


def compact_events(events: Iterable[Event], cut: datetime | None) -> list[Event]:
    """``events`` (one debtor's history) less the sent messages and replies before ``cut``
    that no plan reads: a sent message is kept when a record of the same message id is kept,
    a reply when it is the earliest on its channel. Order is kept."""
    if cut is None:
        return list(events)
    history = _unread_left_out(events, cut) if isinstance(events, EventColumns) else list(events)
    kept_ids = {e.message_id for e in history if isinstance(e, MessageSent) and e.at >= cut}
    first_reply: dict[object, ReplyReceived] = {}
    for event in history:
        if isinstance(event, ReplyReceived):
            known = first_reply.get(event.channel)
            if known is None or event.at < known.at:
                first_reply[event.channel] = event
    earliest = {id(e) for e in first_reply.values()}
    folded = _folded_payments(history, cut)
    out: list[Event] = []
    for event in history:
        if event.at < cut:
            if isinstance(event, MessageSent) and event.message_id not in kept_ids:
                continue
            if isinstance(event, ReplyReceived) and id(event) not in earliest:
                continue
            if id(event) in folded:
                replacement = folded[id(event)]
                if replacement is not None:
                    out.append(replacement)
                continue
        out.append(event)
    return out


def _unread_left_out(columns: EventColumns, cut: datetime) -> list[Event]:
    """The events of ``columns`` but the messages sent and replies that :func:`compact_events`
    leaves out whatever the rest (those are never made): a message before ``cut`` whose id no
    message from ``cut`` on has, a reply before ``cut`` but the earliest on its channel. What
    the rest decides (ids kept, earliest replies, payments folded) reads only what is kept."""
    sent, replies = columns.sent, columns.replies
    kept_ids = {i for at, i in zip(sent.at, sent.message_id, strict=True) if at >= cut}
    kept_ids.update(
        e.message_id for e in columns.others if isinstance(e, MessageSent) and e.at >= cut
    )
    keep_sent = [at >= cut or i in kept_ids for at, i in zip(sent.at, sent.message_id, strict=True)]
    earliest: dict[object, int] = {}
    for index, (at, channel) in enumerate(zip(replies.at, replies.channel, strict=True)):
        known = earliest.get(channel)
        if known is None or at < replies.at[known]:
            earliest[channel] = index
    first = set(earliest.values())
    keep_replies = [at >= cut or i in first for i, at in enumerate(replies.at)]
    return list(columns.where(keep_sent, keep_replies))


def _folded_payments(history: list[Event], cut: datetime) -> dict[int, PaymentReceived | None]:
    """Old payments added up, per debt: for each payment left out (by ``id``), ``None``, and for
    the last of its debt's the one payment that replaces them all.

    A plan reads a debt's payments as their sum (what is still owed), as what came after a
    promise or plan was made (all of these are kept, and a payment folded here is older than
    every one of them: later ones are later still), and one by one for a thank-you on the day
    the debt was paid in full (within the plan's lookback: after ``cut``). So payments before
    ``cut`` and before the debt's first commitment fold into one at the time of the last of
    them, unless one is a reversal (a negative amount: the running total would not only grow),
    their currencies differ (the plan reports that), or their sum is not exact.
    """
    committed: dict[str, datetime] = {}
    for event in history:
        if isinstance(event, PromiseToPay):
            debts: tuple[str, ...] = (event.debt_id,)
        elif isinstance(event, PaymentPlanAccepted):
            debts = event.debt_ids
        else:
            continue
        for debt_id in debts:
            if debt_id not in committed or event.at < committed[debt_id]:
                committed[debt_id] = event.at
    old: dict[str, list[PaymentReceived]] = {}
    for event in history:
        if isinstance(event, PaymentReceived) and event.at < cut:
            first = committed.get(event.debt_id)
            if first is None or event.at < first:
                old.setdefault(event.debt_id, []).append(event)
    out: dict[int, PaymentReceived | None] = {}
    for debt_id, payments in old.items():
        if len(payments) < 2 or any(p.amount.amount < 0 for p in payments):
            continue
        try:
            total = money_sum([p.amount for p in payments])
        except CurrencyError:  # mixed currencies or a sum past Decimal's precision
            continue
        last = max(payments, key=lambda p: p.at)
        for payment in payments:
            out[id(payment)] = None
        out[id(last)] = PaymentReceived(at=last.at, debt_id=debt_id, amount=total)
    return out
