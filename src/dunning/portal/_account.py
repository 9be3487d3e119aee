"""A debtor's account as the portal shows it, read from history the way the planner reads it.

Balances, promises, reported payments, disputes and accepted plans come from the planner's own
per-debt facts (``_planning._commitments``), and consent per channel from the contact policy's
log (``policy._contacts``), so the page never tells the debtor something the next plan ignores.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor, DebtStatus
from .._core._money import Money
from .._planning._commitments import DebtEvent, DebtFacts, add_debt_event, add_plan
from ..events import (
    AgentHandoff,
    ConsentGranted,
    ConsentRevoked,
    DisputeClosed,
    DisputeOpened,
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PaymentReported,
    PromiseToPay,
)
from ..policy._contacts import DebtorLog

__all__ = ["Account", "DebtLine", "account"]

# Channels a debtor can choose in the preferences, in the order shown.
CHANNELS = (ChannelKind.WHATSAPP, ChannelKind.SMS, ChannelKind.EMAIL, ChannelKind.CALL)


@dataclass(frozen=True, slots=True)
class DebtLine:
    """One debt on the page: what is left to pay and what is going on with it."""

    debt: Debt
    balance: Money
    days_overdue: int  # 0 when not yet due (or due today)
    status: str  # paid, disputed, in_plan, promised, reported, overdue, due_today, current
    until: date | None = None  # the promise's or the report's date

    @property
    def open(self) -> bool:
        """Something is left to pay and the debt is chased (open, not disputed)."""
        return self.balance.amount > 0 and self.status not in ("paid", "disputed")


@dataclass(frozen=True, slots=True)
class Account:
    """Everything one page needs about one debtor at ``today`` (their local date)."""

    debtor: Debtor
    today: date
    lines: tuple[DebtLine, ...]
    events: tuple[Event, ...]  # newest first
    consents: dict[ChannelKind, bool]  # channels the debtor has an address for

    @property
    def open_lines(self) -> list[DebtLine]:
        """Debts with something to pay that are not disputed."""
        return [line for line in self.lines if line.open]

    def totals(self, *, overdue: bool = False) -> list[Money]:
        """The balance left (or only the overdue part), one amount per currency."""
        sums: dict[str, Money] = {}
        for line in self.lines:
            if line.balance.amount <= 0 or (overdue and line.days_overdue <= 0):
                continue
            currency = line.balance.currency
            sums[currency] = sums.get(currency, Money.zero(currency)) + line.balance
        return [sums[c] for c in sorted(sums)]


def account(
    debtor: Debtor,
    debts: Sequence[Debt],
    history: Sequence[Event],
    *,
    as_of: datetime,
    needs_consent: Collection[ChannelKind] = (),
) -> Account:
    """The account of ``debtor`` at ``as_of``: only their own debts and events count.

    A channel is on when consent was granted last, off when it was revoked last, and, when the
    history says nothing, on unless it is one of ``needs_consent`` (the contact policy's
    channels that need a recorded consent: the planner would not use them either).
    """
    today = as_of.astimezone(debtor.zone).date()
    mine = [d for d in debts if d.debtor_id == debtor.id and d.status is not DebtStatus.DRAFT]
    owner = {d.id: debtor.id for d in mine}
    facts: dict[str, DebtFacts] = {}
    events: list[Event] = []
    for row, event in enumerate(history):
        if event.at > as_of:
            continue
        if isinstance(event, DebtEvent):
            if event.debt_id not in owner:
                continue
            add_debt_event(facts, event, row)
        elif getattr(event, "debtor_id", None) != debtor.id:
            continue
        elif isinstance(event, PaymentPlanAccepted):
            add_plan(facts, event, row, owner)
        events.append(event)
    lines = tuple(_line(debt, facts.get(debt.id), today) for debt in mine)
    log = DebtorLog.build(debtor, (e for e in events if isinstance(e, ConsentEvent)))
    consents: dict[ChannelKind, bool] = {}
    for channel in CHANNELS:
        if debtor.address_for(channel):
            state = log.consent_state(channel, as_of)[0]
            consents[channel] = channel not in needs_consent if state is None else state
    shown = sorted((e for e in events if isinstance(e, SHOWN)), key=lambda e: e.at, reverse=True)
    return Account(debtor, today, lines, tuple(shown), consents)


ConsentEvent = ConsentGranted | ConsentRevoked
SHOWN = (
    PaymentReceived,
    PromiseToPay,
    PaymentReported,
    PaymentPlanAccepted,
    DisputeOpened,
    DisputeClosed,
    MessageSent,
    AgentHandoff,
    ConsentRevoked,
    ConsentGranted,
)


def _line(debt: Debt, fact: DebtFacts | None, today: date) -> DebtLine:
    balance = debt.balance
    if fact is not None and fact.paid is not None and fact.paid.currency == balance.currency:
        left = balance.amount - fact.paid.amount
        balance = Money(left if left > 0 else Decimal(0), balance.currency)
    overdue = (today - debt.due_date).days if debt.due_date and debt.due_date < today else 0
    until: date | None = None
    if debt.status is not DebtStatus.OPEN or balance.amount <= 0:
        status = "paid"
    elif fact is not None and fact.dispute_open is not None:
        status = "disputed"
    elif fact is not None and isinstance(fact.commitment, PaymentPlanAccepted):
        status = "in_plan"
    elif (
        fact is not None
        and isinstance(fact.commitment, PromiseToPay)
        and fact.commitment.promised_date >= today
    ):
        status, until = "promised", fact.commitment.promised_date
    elif fact is not None and fact.reported is not None and fact.reported.pause_until >= today:
        status, until = "reported", fact.reported.pause_until
    elif overdue > 0:
        status = "overdue"
    elif debt.due_date == today:
        status = "due_today"
    else:
        status = "current"
    return DebtLine(debt, balance, overdue, status, until)
