"""What a debtor committed to, and the follow-ups it calls for (see docs/planner.md).

A :class:`~dunning.events.PromiseToPay` or an accepted
:class:`~dunning.events.PaymentPlanAccepted` is a *commitment*: it pauses or replaces a debt's
cadence and asks for a reminder before the money is due and a notice when it did not come. This
module holds the per-debt facts read from history and the date and money rules; placing the
resulting messages under the contact policy is ``_placement``'s job, as for any cadence step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from .._core._errors import PortfolioError
from .._core._money import Money, money_total
from ..events import (
    ChargeApplied,
    DisputeClosed,
    DisputeOpened,
    PaymentPlanAccepted,
    PaymentReceived,
    PaymentReported,
    PromiseToPay,
)
from ..policy import Basis, Source
from ..policy._columns import PaidColumns
from ._plan import PromiseTerms, SkipCode
from ._strategy import FollowUps, Stage

__all__ = [
    "PAYMENT_PLAN_SOURCE",
    "PAYMENT_REPORTED_SOURCE",
    "DebtEvent",
    "DebtFacts",
    "FollowUp",
    "add_debt_event",
    "add_paid",
    "add_plan",
    "commitment_stop",
    "follow_ups",
    "plan_paid",
]

PAYMENT_REPORTED_SOURCE = Source(
    citation="dunning default: no reminders while a payment the debtor reported is verified",
    basis=Basis.PRUDENT,
)
PAYMENT_PLAN_SOURCE = Source(
    citation="dunning default: an accepted payment plan replaces the cadence; reminders follow "
    "its installments",
    basis=Basis.PRUDENT,
)


@dataclass(slots=True)
class DebtFacts:
    """What history says about one debt (built once, in one pass over history)."""

    paid_at: list[datetime] = field(default_factory=list)
    """When each payment received came, in history order."""
    paid_amounts: list[Decimal] = field(default_factory=list)
    """How much each payment was, in :attr:`currency` (one currency: :meth:`add_payments`
    checks)."""
    currency: str | None = None
    """The payments' currency (``None``: no payment)."""
    promise: PromiseToPay | None = None
    reported: PaymentReported | None = None
    plan: PaymentPlanAccepted | None = None
    dispute_open: DisputeOpened | None = None
    dispute_at: datetime | None = None
    charges: dict[str, ChargeApplied] = field(default_factory=dict)
    """Fees and interest applied, by charge id: the earliest record of each id counts, once."""
    _paid: Money | None = None

    def add_payments(
        self,
        debt_id: str,
        at: Sequence[datetime],
        amounts: Sequence[Decimal],
        currency: str,
        row: int,
    ) -> None:
        """Record payments on the debt ``debt_id`` (times and amounts in ``currency``, in
        history order) after those recorded so far; a currency other than theirs is an error
        (``row``: the history's row, for it)."""
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise PortfolioError(
                f"payments for debt {debt_id!r} mix {self.currency} and {currency}",
                row=row,
                field="amount",
                value=Money._build(amount=amounts[0], currency=currency),
            )
        self.paid_at.extend(at)
        self.paid_amounts.extend(amounts)
        self._paid = None

    @property
    def paid(self) -> Money | None:
        """Every payment received on the debt, added up (``None``: no payment)."""
        if self._paid is None and self.currency is not None:
            self._paid = money_total(self.paid_amounts, self.currency)
        return self._paid

    @property
    def commitment(self) -> PromiseToPay | PaymentPlanAccepted | None:
        """The promise or plan in force: the later one supersedes the other (a plan on a tie)."""
        promise, plan = self.promise, self.plan
        if plan is not None and (promise is None or plan.at >= promise.at):
            return plan
        return promise

    def paid_since(self, at: datetime, currency: str) -> Money:
        """Payments received at or after ``at`` (all of them are before the plan's ``as_of``)."""
        total = Money.zero(currency)
        held = self.currency
        for when, amount in zip(self.paid_at, self.paid_amounts, strict=True):
            if when >= at:
                payment = Money._build(amount=amount, currency=held)
                if held != currency:
                    raise PortfolioError(
                        f"a payment in {held} against a commitment in {currency}",
                        field="amount",
                        value=payment,
                    )
                total = total + payment
        return total


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A follow-up wanted on local date ``day``. ``decided`` is False for a broken-promise notice
    whose promise is not over yet at ``as_of`` (reported as a skip, never sent)."""

    day: date
    stage: Stage
    tag: str
    terms: PromiseTerms
    about: str
    decided: bool = True


def plan_total(plan: PaymentPlanAccepted) -> Money:
    total = Money.zero(plan.installments[0].amount.currency)
    for inst in plan.installments:
        total = total + inst.amount
    return total


def plan_paid(plan: PaymentPlanAccepted, facts: Any) -> Money:
    """Payments received since ``plan`` was accepted, on every debt it covers."""
    currency = plan.installments[0].amount.currency
    paid = Money.zero(currency)
    for debt_id in plan.debt_ids:
        fact = facts.get(debt_id)
        if fact is not None:
            paid = paid + fact.paid_since(plan.at, currency)
    return paid


def _shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or ``None`` past either end of the calendar: a promise for
    9999-12-31 has no day after it, and that must not fail the plan of a whole portfolio.

    >>> _shift(date(2026, 11, 27), 1), _shift(date.max, 1), _shift(date.min, -3)
    (datetime.date(2026, 11, 28), None, None)
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _terms(
    day: date, amount: Money | None, plan: PaymentPlanAccepted | None = None, number: int = 0
) -> PromiseTerms:
    return PromiseTerms._build(
        date=day,
        amount=amount,
        plan_id=plan.plan_id if plan else None,
        installment=number if plan else None,
        installments=len(plan.installments) if plan else None,
    )


def follow_ups(
    fact: DebtFacts,
    settings: FollowUps,
    *,
    made_on: date,
    paid: Money | None,
    first: date,
    today: date,
    last: date,
) -> list[FollowUp]:
    """The follow-ups of ``fact``'s commitment on local dates ``first..last``.

    ``made_on`` is the commitment's local date, ``paid`` what was paid on a plan since it was
    accepted (``None`` for a promise), ``today`` the local date of ``as_of``.
    """
    commitment = fact.commitment
    out: list[FollowUp] = []

    def want(
        reminder_on: date | None, terms: PromiseTerms, tag: str, about: str, broken: bool
    ) -> None:
        # A reminder only for a commitment made before the reminder's day: not the same day.
        # A day past either end of the calendar (None) is outside every plan's horizon.
        if (
            settings.promise_reminder
            and reminder_on is not None
            and made_on < reminder_on
            and first <= reminder_on <= last
        ):
            out.append(
                FollowUp(reminder_on, Stage.PROMISE_REMINDER, f"{tag}:reminder", terms, about)
            )
        after = _shift(terms.date, 1)
        if settings.broken_promise and after is not None and first <= after <= last:
            # Whether a promise is kept is known only once its day is over.
            decided = today > terms.date
            if broken or not decided:
                out.append(
                    FollowUp(after, Stage.BROKEN_PROMISE, f"{tag}:broken", terms, about, decided)
                )

    if isinstance(commitment, PromiseToPay):
        amount = commitment.amount
        kept = amount is not None and fact.paid_since(commitment.at, amount.currency) >= amount
        want(
            # A promise already kept needs no reminder (as a plan installment already paid).
            None if kept else commitment.promised_date,
            _terms(commitment.promised_date, amount),
            f"promise:{commitment.promised_date}:{amount.amount if amount else ''}",
            f"promise to pay by {commitment.promised_date}",
            not kept,
        )
    elif isinstance(commitment, PaymentPlanAccepted):
        plan = commitment
        assert paid is not None
        installments = sorted(plan.installments, key=lambda i: (i.due_date, i.number))
        owed: dict[date, Money] = {}
        running = Money.zero(paid.currency)
        for inst in installments:
            running = running + inst.amount
            owed[inst.due_date] = running
        if paid >= running:
            return out  # paid in full: nothing more
        for inst in installments:
            if paid >= owed[inst.due_date]:
                continue  # paid through this installment: nothing to remind or regret
            want(
                _shift(inst.due_date, -settings.installment_reminder_days),
                _terms(inst.due_date, inst.amount, plan, inst.number),
                f"plan:{plan.plan_id}:{inst.number}",
                f"payment plan {plan.plan_id} installment {inst.number} of "
                f"{len(installments)}, due {inst.due_date}",
                True,
            )
    return out


def commitment_stop(
    fact: DebtFacts, debt_id: str, day: date, paid: Money | None
) -> tuple[SkipCode, str] | None:
    """Whether the commitment in force replaces a cadence step of its debt on ``day``.

    A promise pauses the cadence through its date; a plan replaces it through the day after its
    last installment (its last broken-promise day), and for good once the plan is paid in full.
    """
    commitment = fact.commitment
    if isinstance(commitment, PaymentPlanAccepted):
        plan = commitment
        assert paid is not None
        last = max(i.due_date for i in plan.installments)
        through = _shift(last, 1) or last  # the calendar's last day has no day after it
        if paid >= plan_total(plan):
            why = "is paid in full"
        elif day <= through:
            why = f"replaces the cadence through {through}"
        else:
            return None
        return (
            SkipCode.PAYMENT_PLAN,
            f"payment plan {plan.plan_id} for debt {debt_id}, accepted on {plan.at.date()}, " + why,
        )
    if commitment is not None and day <= commitment.promised_date:
        return (
            SkipCode.PROMISE_ACTIVE,
            f"the debtor promised to pay debt {debt_id} by {commitment.promised_date}",
        )
    return None


DebtEvent = (
    PaymentReceived | PaymentReported | PromiseToPay | DisputeOpened | DisputeClosed | ChargeApplied
)
"""The events about one debt that :func:`add_debt_event` reads."""


def add_debt_event(facts: dict[str, DebtFacts], event: DebtEvent, row: int) -> None:
    """Fold ``event`` (``row`` of the history, for errors) into its debt's facts."""
    debt_id = event.debt_id
    fact = _fact(facts, debt_id)
    if isinstance(event, PaymentReceived):  # the commonest by far: tested first
        # Added up when read (once per debt, not once per payment).
        amount = event.amount
        fact.add_payments(debt_id, (event.at,), (amount.amount,), amount.currency, row)
    elif isinstance(event, ChargeApplied):
        earlier = fact.charges.get(event.charge_id)
        if earlier is None or (event.at, event.amount.amount) < (earlier.at, earlier.amount.amount):
            fact.charges[event.charge_id] = event
    elif isinstance(event, PaymentReported):
        if fact.reported is None or (event.at, event.pause_until) >= (
            fact.reported.at,
            fact.reported.pause_until,
        ):
            fact.reported = event
    elif isinstance(event, PromiseToPay):
        if fact.promise is None or _promise_order(event) >= _promise_order(fact.promise):
            fact.promise = event
    elif (
        fact.dispute_at is None
        or event.at > fact.dispute_at
        or (
            # Opened and closed at the same instant: the dispute counts as open (the safe side).
            event.at == fact.dispute_at and isinstance(event, DisputeOpened)
        )
    ):
        fact.dispute_at = event.at
        fact.dispute_open = event if isinstance(event, DisputeOpened) else None


def add_paid(facts: dict[str, DebtFacts], paid: PaidColumns, row: int) -> None:
    """Fold the payments of ``paid`` (a history's columns) into their debts' facts, as
    :func:`add_debt_event` folds each (``row``, for errors): in history order, so of a debt's
    payments in two currencies the same one is named."""
    by_debt = paid.by_debt
    if all(currency is not None for _, _, currency in by_debt.values()):
        for debt_id, (times, amounts, currency) in by_debt.items():
            _fact(facts, debt_id).add_payments(debt_id, times, amounts, currency, row)  # type: ignore[arg-type]
        return
    for at, debt_id, amount, currency in zip(
        paid.at, paid.debt_id, paid.amount, paid.currency, strict=True
    ):
        _fact(facts, debt_id).add_payments(debt_id, (at,), (amount,), currency, row)


def _fact(facts: dict[str, DebtFacts], debt_id: str) -> DebtFacts:
    """The facts of ``debt_id`` in ``facts``, added when it has none yet."""
    fact = facts.get(debt_id)
    if fact is None:
        fact = facts[debt_id] = DebtFacts()
    return fact


def add_plan(
    facts: dict[str, DebtFacts], event: PaymentPlanAccepted, row: int, owner: Mapping[str, str]
) -> None:
    """Record an accepted plan on each of its debts that ``owner`` knows (debt id → debtor id);
    a debt of another debtor is an error."""
    currencies = {i.amount.currency for i in event.installments}
    if len(currencies) > 1:
        raise PortfolioError(
            f"payment plan {event.plan_id!r} mixes currencies {sorted(currencies)}",
            row=row,
            field="installments",
            value=event.installments,
        )
    for debt_id in event.debt_ids:
        if debt_id not in owner:
            continue
        if owner[debt_id] != event.debtor_id:
            raise PortfolioError(
                f"payment plan {event.plan_id!r} of debtor {event.debtor_id!r} covers debt "
                f"{debt_id!r} of debtor {owner[debt_id]!r}",
                row=row,
                field="debt_ids",
                value=event.debt_ids,
            )
        fact = _fact(facts, debt_id)
        if fact.plan is None or _plan_order(event) >= _plan_order(fact.plan):
            fact.plan = event


def _promise_order(event: PromiseToPay) -> tuple[Any, ...]:
    amount = event.amount
    return (event.at, event.promised_date, amount is not None, amount.amount if amount else 0)


def _plan_order(event: PaymentPlanAccepted) -> tuple[Any, ...]:
    return (
        event.at,
        event.plan_id,
        event.debt_ids,
        tuple((i.due_date, i.number, i.amount.amount) for i in event.installments),
    )
