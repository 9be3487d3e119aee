"""The demo portfolio played forward: what ``dunning report`` shows when it has no log of yours.

Every day the planner plans the sample portfolio (an A/B test of two cadences with a 10 %
holdout) and renders the messages with the built-in templates; the memory channel takes them,
and a seeded simulator answers: deliveries, reads, replies, promises, payments (in full or in
part, more likely after a message was read and around a promise's date), opt-outs and the odd
complaint. Same seed, same log.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from .._core._kinds import ChannelKind
from .._core._money import Money, minor_units
from .._planning._planner import Planner
from .._planning._strategy import Cadence, Step, default_strategy
from ..analytics import EventLog, Experiment
from ..channels import MemoryChannel
from ..events import (
    ComplaintReceived,
    ConsentRevoked,
    Event,
    MessageDelivered,
    MessageRead,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from ..templates import TemplateEngine
from ._sample import sample_portfolio

__all__ = ["DEMO_EXPERIMENT", "played_forward"]

DEMO_EXPERIMENT = Experiment("early-reminder", {"champion": 1, "challenger": 1}, holdout=0.1)


def _half(amount: Decimal, currency: str) -> Decimal:
    step = Decimal(1).scaleb(-minor_units(currency))
    return (amount / 2).quantize(step, rounding=ROUND_DOWN)


def played_forward(weeks: int = 4, *, seed: int = 11, as_of: datetime | None = None) -> EventLog:
    """The sample portfolio after ``weeks`` of daily planning and simulated answers.

    >>> log = played_forward(1)
    >>> any(e.kind == "payment_received" for e in log.events), len(log.debtors) >= 24
    (True, True)
    """
    sample = sample_portfolio(as_of)
    rng = random.Random(seed)
    start = sample.as_of
    events: list[Event] = list(sample.history)
    events += DEMO_EXPERIMENT.assign(sample.debtors, at=start - timedelta(hours=1))
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
    debtors, debts = DEMO_EXPERIMENT.treated(sample.debtors, sample.debts)
    channels: dict[ChannelKind, MemoryChannel] = {kind: MemoryChannel(kind) for kind in ChannelKind}
    by_id = {d.id: d for d in sample.debts}
    paid: dict[str, Decimal] = {}
    for e in events:
        if isinstance(e, PaymentReceived):
            paid[e.debt_id] = paid.get(e.debt_id, Decimal(0)) + e.amount.amount
    promised: dict[str, datetime] = {}
    last_read: dict[str, datetime] = {}
    sent_ids: set[str] = set()

    def pay(debt_id: str, at: datetime, *, part: bool) -> None:
        debt = by_id[debt_id]
        left = debt.amount.amount - paid.get(debt_id, Decimal(0))
        if left <= 0:
            return
        amount = _half(left, debt.amount.currency) if part else left
        if amount <= 0:
            amount = left
        paid[debt_id] = paid.get(debt_id, Decimal(0)) + amount
        events.append(
            PaymentReceived(at=at, debt_id=debt_id, amount=Money(amount, debt.amount.currency))
        )

    for day in range(weeks * 7):
        now = start + timedelta(days=day)
        plan = planner.plan(debtors, debts, as_of=now, horizon_days=1, history=events)
        for message in plan.messages:
            if message.id in sent_ids or message.send_at >= now + timedelta(days=1):
                continue
            sent_ids.add(message.id)
            channels[message.channel].send(message)
            at = message.send_at
            args = {
                "message_id": message.id,
                "debtor_id": message.debtor_id,
                "channel": message.channel,
            }
            events.append(MessageSent(at=at, debt_ids=message.debt_ids, **args))
            if rng.random() < 0.08:
                continue  # never delivered
            events.append(MessageDelivered(at=at + timedelta(minutes=1), **args))
            if rng.random() < (0.35 if message.channel == ChannelKind.EMAIL else 0.7):
                read_at = at + timedelta(minutes=rng.randrange(5, 240))
                events.append(MessageRead(at=read_at, **args))
                last_read[message.debtor_id] = read_at
            if rng.random() < 0.18:
                reply_at = at + timedelta(hours=rng.randrange(1, 6))
                events.append(
                    ReplyReceived(
                        at=reply_at, debtor_id=message.debtor_id, channel=message.channel, text="ok"
                    )
                )
                if rng.random() < 0.5 and message.debt_ids:
                    by = reply_at.date() + timedelta(days=rng.randrange(1, 6))
                    events.append(
                        PromiseToPay(
                            at=reply_at + timedelta(minutes=1),
                            debt_id=message.debt_ids[0],
                            promised_date=by,
                        )
                    )
                    promised[message.debt_ids[0]] = datetime.combine(by, reply_at.timetz())
            if rng.random() < 0.01:
                events.append(
                    ConsentRevoked(
                        at=at + timedelta(hours=2),
                        debtor_id=message.debtor_id,
                        channel=message.channel,
                    )
                )
            elif rng.random() < 0.004:
                events.append(
                    ComplaintReceived(
                        at=at + timedelta(hours=3),
                        debtor_id=message.debtor_id,
                        channel=message.channel,
                        text="too many messages",
                    )
                )
        # payments at the end of the day: around promises, after reads, and some on their own
        evening = now + timedelta(hours=8)
        for debt in sample.debts:
            if debt.amount.amount - paid.get(debt.id, Decimal(0)) <= 0:
                continue
            due = promised.get(debt.id)
            chance = 0.01
            if due is not None and abs((due - evening).days) <= 1:
                chance = 0.45
            elif debt.debtor_id in last_read and evening - last_read[debt.debtor_id] < timedelta(
                days=2
            ):
                chance = 0.08
            if rng.random() < chance:
                pay(
                    debt.id,
                    evening - timedelta(minutes=rng.randrange(0, 300)),
                    part=rng.random() < 0.25,
                )
    return EventLog(events, debts=sample.debts, debtors=sample.debtors)
