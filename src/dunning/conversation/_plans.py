"""Payment plan offers: pay in full (with a discount by stage) or in installments, to the cent.

:func:`offer_plans` turns the open debts of one debtor into a list of :class:`PaymentPlan`
offers under :class:`PlanRules`. Three rules make the offers predictable:

* **Exact money.** The total is split in integer minor units of its currency (CLP 0 decimals,
  MXN 2, KWD 3). Installments always add up to the total exactly; when the total does not divide
  evenly, the **first installment (the down payment) absorbs the remainder** and every later
  installment is equal. A count that would leave an installment at zero is not offered.
* **Business days.** A due date never falls on a Saturday, a Sunday or a holiday (of the
  ``policy`` given, or of the ``holidays`` package for ``country``); such a date **moves forward
  to the next business day**. Dates are computed from nominal dates (first due date plus *k*
  intervals, month-end safe), so moving one date never shifts the others.
* **Discounts only for paying in full**, by the collection stage of the oldest debt; no interest
  and no fees are ever added.

Accepting an offer is a fact: :meth:`PaymentPlan.accept` gives the
:class:`~dunning.events.PaymentPlanAccepted` event to append to the history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import holidays as _holidays
from dateutil.relativedelta import relativedelta
from pydantic import ConfigDict, Field, field_serializer, field_validator, model_validator

from .._core._base import Model
from .._core._errors import CurrencyError, InputError, PaymentPlanError
from .._core._incentive import IncentiveOffer, incentive_discount
from .._core._kinds import Stage
from .._core._models import Debt, DebtStatus
from .._core._money import Money, minor_units, refuse_float
from .._core._timezones import ensure_date
from ..events import PaymentPlanAccepted, PlanInstallment

if TYPE_CHECKING:
    from ..policy import ContactPolicy

__all__ = ["PaymentPlan", "PlanRules", "offer_plans"]

PlanKind = Literal["full", "installments"]

_DISCOUNT_STAGES = frozenset(
    {Stage.PRE_DUE, Stage.DUE, Stage.EARLY, Stage.MID, Stage.LATE, Stage.SEVERE}
)
_MIN_INTERVAL_DAYS = 7
_INTERVAL_PARTS = ("years", "months", "weeks", "days")
_MAX_MOVE_DAYS = 31
# Anchors to measure an interval from: the first and last day of every month of a leap year
# and of a common year, where month arithmetic is at its shortest.
_ANCHORS = tuple(
    d
    for year in (2023, 2024)
    for month in range(1, 13)
    for d in (date(year, month, 1), date(year, month, 1) + relativedelta(day=31))
)


def _no_float(value: Any, field: str) -> Any:
    return refuse_float(value, field, error=PaymentPlanError, example="0.10")


def _fraction(value: Decimal, field: str) -> Decimal:
    if not (value.is_finite() and 0 <= value < 1):
        raise PaymentPlanError(
            f"{value} is not a fraction in [0, 1) (0.10 means 10%)", field=field, value=value
        )
    return value


class PlanRules(Model):
    """What a creditor is willing to offer. Every default is conservative.

    * ``installment_counts``: the installment counts to offer (each 2 or more; paying at once is
      the separate "full" offer). Kept sorted and unique.
    * ``min_down_payment``: the first installment must be at least this fraction of the total
      (``Decimal("0.10")`` = 10%); counts whose first installment is smaller are not offered.
    * ``min_installment``: the smallest installment allowed, one ``Money`` per currency (a single
      ``Money`` works too); counts with a smaller installment are not offered. A currency with no
      entry has no minimum.
    * ``interval``: time between nominal due dates, a ``dateutil.relativedelta`` of at least 7
      days (monthly by default; a ``timedelta`` or ``{"months": 1}`` works too). Month-end
      safe: due dates are ``first + k * interval``, so Jan 31 gives Feb 28 then Mar 31.
    * ``first_due_in_days``: days from ``as_of`` to the first due date (before moving it to a
      business day). The full payment is due that day too.
    * ``full_payment_discounts``: discount on paying in full, by the :class:`~dunning.Stage` of
      the oldest debt (``{Stage.LATE: Decimal("0.10")}``); none by default. Installment plans
      never get a discount.
    * ``max_months``: when set, the last nominal due date must be within this many months of
      ``as_of``; longer plans are not offered.

    No interest and no fees are ever added: the debtor pays what is outstanding, or less.

    >>> rules = PlanRules(installment_counts=(6, 3), full_payment_discounts={"late": "0.1"})
    >>> rules.installment_counts, rules.full_payment_discounts
    ((3, 6), {<Stage.LATE: 'late'>: Decimal('0.1')})
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    installment_counts: tuple[int, ...] = (2, 3, 6)
    min_down_payment: Decimal = Decimal("0.10")
    min_installment: tuple[Money, ...] = ()
    interval: relativedelta = Field(default_factory=lambda: relativedelta(months=1))
    first_due_in_days: int = Field(default=7, ge=0, le=366)
    full_payment_discounts: dict[Stage, Decimal] = Field(default_factory=dict)
    max_months: int | None = Field(default=None, ge=1)

    @field_validator("installment_counts", mode="before")
    @classmethod
    def _counts(cls, value: Any) -> Any:
        if isinstance(value, int):
            value = (value,)
        return value

    @field_validator("installment_counts")
    @classmethod
    def _check_counts(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        for i, count in enumerate(value):
            if not 2 <= count <= 360:
                raise PaymentPlanError(
                    f"an installment count must be between 2 and 360, got {count} "
                    "(paying at once is the 'full' offer, always made)",
                    field=str(i),  # Model prefixes the field name
                    value=count,
                )
        return tuple(sorted(set(value)))

    @field_validator("min_down_payment", mode="before")
    @classmethod
    def _down_before(cls, value: Any) -> Any:
        return _no_float(value, "min_down_payment")

    @field_validator("min_down_payment")
    @classmethod
    def _down(cls, value: Decimal) -> Decimal:
        return _fraction(value, "min_down_payment")

    @field_validator("min_installment", mode="before")
    @classmethod
    def _min_before(cls, value: Any) -> Any:
        if isinstance(value, Money | Mapping):
            return (value,)
        return value

    @field_validator("min_installment")
    @classmethod
    def _min(cls, value: tuple[Money, ...]) -> tuple[Money, ...]:
        seen: set[str] = set()
        for i, money in enumerate(value):
            if money.amount <= 0:
                raise PaymentPlanError(
                    f"a minimum installment must be positive, got {money}",
                    field=str(i),
                    value=money,
                )
            if money.currency in seen:
                raise PaymentPlanError(
                    f"two minimum installments in {money.currency}",
                    field=str(i),
                    value=money,
                )
            seen.add(money.currency)
        return value

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> relativedelta:
        if isinstance(value, timedelta):
            value = relativedelta(days=value.days)
        elif (
            isinstance(value, Mapping)
            and set(value) <= set(_INTERVAL_PARTS)
            and all(type(v) is int for v in value.values())
        ):
            value = relativedelta(**value)
        if not isinstance(value, relativedelta):
            raise PaymentPlanError(
                f"interval must be a dateutil relativedelta (or a mapping of "
                f"{', '.join(_INTERVAL_PARTS)}), got {value!r}",
                field="interval",
                value=value,
            )
        absolute = (value.year, value.month, value.day, value.weekday, value.hour, value.minute)
        if any(part is not None for part in absolute) or value.leapdays:
            raise PaymentPlanError(
                f"interval {value!r} sets an absolute date part; use relative ones only "
                "(months=1, weeks=2, days=15)",
                field="interval",
                value=value,
            )
        if value.hours or value.minutes or value.seconds or value.microseconds:
            raise PaymentPlanError(
                f"interval {value!r} has a time part; due dates are whole days",
                field="interval",
                value=value,
            )
        shortest = min((anchor + value - anchor).days for anchor in _ANCHORS)
        if shortest < _MIN_INTERVAL_DAYS:
            raise PaymentPlanError(
                f"interval {value!r} can be {shortest} days; it must be at least "
                f"{_MIN_INTERVAL_DAYS} days so that moved due dates stay in order",
                field="interval",
                value=value,
            )
        return value.normalized()

    @field_validator("full_payment_discounts", mode="before")
    @classmethod
    def _discounts_before(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: _no_float(v, str(getattr(k, "value", k))) for k, v in value.items()}
        return value

    @field_validator("full_payment_discounts")
    @classmethod
    def _discounts(cls, value: dict[Stage, Decimal]) -> dict[Stage, Decimal]:
        for stage, rate in value.items():
            field = stage.value
            if stage not in _DISCOUNT_STAGES:
                raise PaymentPlanError(
                    f"stage {stage.value!r} never comes from days past due; use one of "
                    f"{', '.join(sorted(s.value for s in _DISCOUNT_STAGES))}",
                    field=field,
                    value=stage,
                )
            _fraction(rate, field)
        return value

    @field_serializer("interval")
    def _dump_interval(self, value: relativedelta) -> dict[str, int]:
        return {part: getattr(value, part) for part in ("years", "months", "days")}

    def min_installment_in(self, currency: str) -> Money | None:
        """The minimum installment for ``currency``, or ``None`` when there is none."""
        for money in self.min_installment:
            if money.currency == currency.upper():
                return money
        return None


class PaymentPlan(Model):
    """One offer: pay ``total`` in full, or in ``installments`` that add up to it exactly.

    ``original_total`` is what the debts have outstanding; ``discount`` is what paying in full
    saves (zero for installment plans); ``total = original_total - discount``. ``down_payment``
    is installment 1 of an installment plan (``None`` for a full payment). ``id`` is a hash of
    the debtor, debts, kind, count, ``as_of`` and the terms: the same offer always has the same
    id. ``stage`` is the collection stage of the oldest debt at ``as_of`` (``None`` when no
    debt has a due date).

    Build plans with :func:`offer_plans`; building one by hand checks the same invariants.
    """

    id: str = Field(min_length=1)
    debtor_id: str = Field(min_length=1)
    debt_ids: tuple[str, ...] = Field(min_length=1)
    kind: PlanKind
    as_of: date
    stage: Stage | None = None
    original_total: Money
    discount: Money
    total: Money
    down_payment: Money | None = None
    installments: tuple[PlanInstallment, ...] = Field(min_length=1)
    incentives: tuple[str, ...] = ()
    """Ids of the :class:`~dunning.IncentiveOffer` s whose discount this plan applies."""
    valid_until: date | None = None
    """With an incentive: the last date the plan may be accepted with its discount."""

    @model_validator(mode="after")
    def _consistent(self) -> PaymentPlan:
        currency = self.original_total.currency
        amounts = [self.discount, self.total, *(i.amount for i in self.installments)]
        if self.down_payment is not None:
            amounts.append(self.down_payment)
        for money in amounts:
            if money.currency != currency:
                raise PaymentPlanError(
                    f"{money} is not in the plan's currency {currency}",
                    field="installments",
                    value=money,
                )
        if self.total.amount <= 0 or self.discount.amount < 0:
            raise PaymentPlanError(
                f"total {self.total} must be positive and discount {self.discount} not negative",
                field="total",
                value=self.total,
            )
        if self.original_total - self.discount != self.total:
            raise PaymentPlanError(
                f"total {self.total} is not {self.original_total} minus {self.discount}",
                field="total",
                value=self.total,
            )
        _check_installments(self)
        return self

    @property
    def currency(self) -> str:
        """The plan's currency."""
        return self.total.currency

    @property
    def count(self) -> int:
        """Number of payments (1 for a full payment)."""
        return len(self.installments)

    @property
    def first_due(self) -> date:
        """Due date of the first (or only) payment."""
        return self.installments[0].due_date

    @property
    def last_due(self) -> date:
        """Due date of the last payment."""
        return self.installments[-1].due_date

    @property
    def summary(self) -> str:
        """One line in English for logs (amounts as ``"33333 CLP"``, dates ISO).

        >>> from datetime import date
        >>> from dunning import Debt, Money
        >>> debt = Debt(id="F-1", debtor_id="c-1", amount=Money("10000", "CLP"),
        ...             due_date=date(2026, 10, 1))
        >>> for plan in offer_plans([debt], PlanRules(installment_counts=(3,)),
        ...                         as_of=date(2026, 11, 2)):
        ...     print(plan.summary)
        10000 CLP in full by 2026-11-09
        10000 CLP in 3 monthly installments: 3334 CLP on 2026-11-09, then 3333 CLP until 2027-01-11
        """
        if self.kind == "full":
            text = f"{self.total} in full by {self.first_due.isoformat()}"
            if self.discount:
                why = f", stage {self.stage.value}" if self.stage else ""
                if self.incentives:
                    why = ", incentive"
                text += f" ({self.discount} off {self.original_total}{why})"
            return text
        first, rest = self.installments[0], self.installments[1:]
        then = (
            f"then {rest[0].amount}"
            if all(i.amount == rest[0].amount for i in rest)
            else f"then {len(rest)} more"
        )
        return (
            f"{self.total} in {self.count} {_cadence_word(self)}installments: "
            f"{first.amount} on {first.due_date.isoformat()}, {then} until "
            f"{self.last_due.isoformat()}"
            + (f" ({self.discount} off {self.original_total}, incentive)" if self.discount else "")
        )

    def accept(self, *, at: datetime, zone: ZoneInfo | None = None) -> PaymentPlanAccepted:
        """The event recording that the debtor accepted this plan at ``at`` (aware datetime).

        Append it to the history: from then on reminders follow the plan's installments.

        >>> from datetime import date, datetime, timezone
        >>> from dunning import Debt, Money
        >>> debt = Debt(id="F-1", debtor_id="c-1", amount=Money("900.00", "MXN"),
        ...             due_date=date(2026, 10, 1))
        >>> plan = offer_plans([debt], as_of=date(2026, 11, 2))[1]
        >>> event = plan.accept(at=datetime(2026, 11, 2, 15, tzinfo=timezone.utc))
        >>> event.kind, event.plan_id == plan.id, [str(i.amount) for i in event.installments]
        ('payment_plan_accepted', True, ['450.00 MXN', '450.00 MXN'])

        A plan with an incentive's discount (:attr:`valid_until`) may be accepted through that
        local date only (in ``zone``, the debtor's; without one ``at``'s own offset); later it
        raises :class:`~dunning.PaymentPlanError` and the plans must be offered again.
        """
        if isinstance(at, datetime) and self.valid_until is not None:
            day = (at.astimezone(zone) if zone is not None and at.tzinfo else at).date()
            if day > self.valid_until:
                raise PaymentPlanError(
                    f"the discount of plan {self.id} ended on {self.valid_until}; accepted on "
                    f"{day}: offer the plans again",
                    field="at",
                    value=at,
                )
        return PaymentPlanAccepted(
            at=at,
            debtor_id=self.debtor_id,
            plan_id=self.id,
            debt_ids=self.debt_ids,
            installments=self.installments,
        )

    def __repr__(self) -> str:
        return (
            f"PaymentPlan(id={self.id!r}, kind={self.kind!r}, count={self.count}, "
            f"total={self.total!r}, discount={self.discount!r}, "
            f"first_due={self.first_due.isoformat()!r}, last_due={self.last_due.isoformat()!r})"
        )


def _cadence_word(plan: PaymentPlan) -> str:
    return "monthly " if plan.count > 1 and _is_monthly(plan) else ""


def _is_monthly(plan: PaymentPlan) -> bool:
    dates = [i.due_date for i in plan.installments]
    return all(27 <= (b - a).days <= 35 for a, b in pairwise(dates))


def _check_installments(plan: PaymentPlan) -> None:
    items = plan.installments
    if [i.number for i in items] != list(range(1, len(items) + 1)):
        raise PaymentPlanError(
            "installments must be numbered 1, 2, 3, ... in order",
            field="installments",
            value=[i.number for i in items],
        )
    for i, (a, b) in enumerate(pairwise(items), start=1):
        if b.due_date <= a.due_date:
            raise PaymentPlanError(
                f"installment {b.number} is due {b.due_date} but {a.number} on {a.due_date}: "
                "due dates must strictly increase",
                field=f"installments.{i}.due_date",
                value=b.due_date,
            )
    for i, item in enumerate(items):
        if item.amount.amount <= 0:
            raise PaymentPlanError(
                f"installment {item.number} is {item.amount}; every installment must be positive",
                field=f"installments.{i}.amount",
                value=item.amount,
            )
    paid = sum((i.amount.amount for i in items), Decimal(0))
    if paid != plan.total.amount:
        raise PaymentPlanError(
            f"installments add up to {paid} but the total is {plan.total}",
            field="installments",
            value=paid,
        )
    if plan.kind == "full":
        if len(items) != 1 or plan.down_payment is not None:
            raise PaymentPlanError(
                "a full payment has exactly one installment and no down payment",
                field="installments",
                value=len(items),
            )
    elif (
        len(items) < 2
        or plan.down_payment != items[0].amount
        or (plan.discount and not plan.incentives)
    ):
        raise PaymentPlanError(
            "an installment plan has 2 or more installments, its down payment is installment 1 "
            "and it has no discount but an incentive's",
            field="down_payment",
            value=plan.down_payment,
        )


# --------------------------------------------------------------------------- offering


def offer_plans(
    debts: Iterable[Debt],
    rules: PlanRules | None = None,
    *,
    as_of: date,
    policy: ContactPolicy | None = None,
    country: str | None = None,
    incentives: Iterable[IncentiveOffer] = (),
) -> list[PaymentPlan]:
    """Every plan ``rules`` allow for ``debts`` (open, one debtor, one currency) at ``as_of``.

    The first offer is always paying the outstanding total in full, less the discount that
    ``rules.full_payment_discounts`` gives the stage of the oldest debt (days past due of the
    earliest ``due_date`` at ``as_of``; the discount is rounded down to the minor unit). Then one
    installment plan per count in ``rules.installment_counts`` that passes the minimum down
    payment, the minimum installment and ``max_months``, shortest first.

    Due dates skip Saturdays, Sundays and the holidays of ``policy`` (or of the ``holidays``
    package for ``country``; pass one or neither): a date that is not a business day moves
    forward to the next one. Errors are :class:`~dunning.PaymentPlanError` naming the debt and
    field.

    100,000 CLP (no decimals) in 3: the first installment takes the remainder.

    >>> from datetime import date
    >>> from dunning import Debt, Money
    >>> debt = Debt(id="F-1", debtor_id="c-1", amount=Money("100000", "CLP"),
    ...             due_date=date(2026, 8, 1))
    >>> plans = offer_plans([debt], PlanRules(installment_counts=(3,)), as_of=date(2026, 9, 11),
    ...                     country="CL")
    >>> [(str(i.amount), i.due_date.isoformat()) for i in plans[1].installments]
    [('33334 CLP', '2026-09-21'), ('33333 CLP', '2026-10-19'), ('33333 CLP', '2026-11-18')]

    The first nominal date, 2026-09-18, is Chile's Independence Day (a Friday, then Army Day
    and Sunday), so it moves to Monday 21. Later dates are still counted from the 18th: Sunday
    October 18 moves to Monday 19, Wednesday November 18 stays. With 41 days past due and a
    discount for the ``mid`` stage, paying in full costs less:

    >>> rules = PlanRules(full_payment_discounts={"mid": "0.15"})
    >>> full = offer_plans([debt], rules, as_of=date(2026, 9, 11))[0]
    >>> full.stage.value, str(full.total), str(full.discount)
    ('mid', '85000 CLP', '15000 CLP')

    ``incentives`` are the offers messages made (``Message.incentives``). One still in force on
    ``as_of`` (``as_of <= until``) for a debt of the plan is honoured: its discount is computed
    again on the debt's balance now (exact, rounded down, never below one minor unit) and a
    debt takes its best offer. The full payment gets the larger of the stage discount and the
    incentives' (never both); when an offer asks for payment in full by its date, the payment
    is due by then (the last business day up to it, or ``as_of``). Offers for ``"any"`` plan
    also take their discount off every installment plan (split as usual). A plan with an
    incentive names it in ``incentives`` and may be accepted through ``valid_until`` only.

    >>> from dunning import Incentive
    >>> offer = Incentive(percent="10", until=date(2026, 9, 15), applies_to="any").offer(
    ...     debt_id="F-1", due_date=debt.due_date, outstanding=debt.balance)
    >>> for p in offer_plans([debt], PlanRules(installment_counts=(3,)), as_of=date(2026, 9, 11),
    ...                      country="CL", incentives=[offer]):
    ...     print(p.summary, "| accept by", p.valid_until)
    90000 CLP in full by 2026-09-21 (10000 CLP off 100000 CLP, incentive) | accept by 2026-09-15
    90000 CLP in 3 monthly installments: 30000 CLP on 2026-09-21, then 30000 CLP until
    2026-11-18 (10000 CLP off 100000 CLP, incentive) | accept by 2026-09-15
    """
    rules = PlanRules() if rules is None else rules
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise PaymentPlanError(
            f"as_of must be a date (not a datetime), got {as_of!r}", field="as_of", value=as_of
        )
    try:
        ensure_date(as_of, "as_of")
    except InputError as exc:
        raise PaymentPlanError(exc.detail, field="as_of", value=as_of) from None
    if policy is not None and country is not None:
        raise PaymentPlanError(
            "pass policy or country, not both (the policy already has its holiday calendar)",
            field="country",
            value=country,
        )
    items = tuple(debts)
    debtor_id, currency, units = _check_debts(items)
    is_holiday = _holiday_test(policy, country)
    stage = _stage(items, as_of)
    debt_ids = tuple(sorted(d.id for d in items))
    original = _money(units, currency)

    first = as_of + timedelta(days=rules.first_due_in_days)
    plans: list[PaymentPlan] = []

    rate = Decimal(0) if stage is None else rules.full_payment_discounts.get(stage, Decimal(0))
    num, den = rate.as_integer_ratio()
    off = units * num // den
    dates = _due_dates(first, rules.interval, 1, is_holiday)
    full_offers = _honoured(items, incentives, as_of, ("full", "any"))
    any_offers = _honoured(items, incentives, as_of, ("any",))
    full_terms: tuple[tuple[str, ...], date | None] = ((), None)
    incentive_off = sum((_units(o_off) for _, o_off in full_offers), 0)
    if full_offers and incentive_off > off:
        off = incentive_off
        until = min(o.until for o, _ in full_offers)
        full_terms = (tuple(sorted(o.id for o, _ in full_offers)), until)
        if any(o.applies_to == "full" for o, _ in full_offers) and dates[0] > until:
            dates = [_business_day_back(until, as_of, is_holiday)]
    plans.append(
        _plan(
            debtor_id=debtor_id,
            debt_ids=debt_ids,
            kind="full",
            as_of=as_of,
            stage=stage,
            original=original,
            discount=_money(off, currency),
            amounts=[units - off],
            dates=dates,
            incentives=full_terms[0],
            valid_until=full_terms[1],
        )
    )
    plan_off = sum((_units(o_off) for _, o_off in any_offers), 0)
    plan_terms: tuple[tuple[str, ...], date | None] = ((), None)
    if any_offers and plan_off:
        plan_terms = (
            tuple(sorted(o.id for o, _ in any_offers)),
            min(o.until for o, _ in any_offers),
        )

    minimum = rules.min_installment_in(currency)
    min_units = _units(minimum) if minimum is not None else 1
    down_num, down_den = rules.min_down_payment.as_integer_ratio()
    limit = as_of + relativedelta(months=rules.max_months) if rules.max_months else None
    payable = units - plan_off
    for count in rules.installment_counts:
        amounts = _split(payable, count)
        if amounts[-1] < max(min_units, 1):
            continue
        if amounts[0] * down_den < payable * down_num:
            continue
        if limit is not None and first + rules.interval * (count - 1) > limit:
            continue
        plans.append(
            _plan(
                debtor_id=debtor_id,
                debt_ids=debt_ids,
                kind="installments",
                as_of=as_of,
                stage=stage,
                original=original,
                discount=_money(plan_off, currency),
                amounts=amounts,
                dates=_due_dates(first, rules.interval, count, is_holiday),
                incentives=plan_terms[0],
                valid_until=plan_terms[1],
            )
        )
    return plans


def _honoured(
    debts: tuple[Debt, ...],
    offers: Iterable[IncentiveOffer],
    as_of: date,
    kinds: tuple[str, ...],
) -> list[tuple[IncentiveOffer, Money]]:
    """Per debt, the best offer in force on ``as_of`` of ``kinds``, with its discount computed
    on the debt's balance now (largest discount first, then the smallest id)."""
    by_debt = {d.id: d for d in debts}
    best: dict[str, tuple[IncentiveOffer, Money]] = {}
    for offer in offers:
        if not isinstance(offer, IncentiveOffer):
            raise PaymentPlanError(
                f"expected an IncentiveOffer, got {type(offer).__name__}",
                field="incentives",
                value=offer,
            )
        debt = by_debt.get(offer.debt_id)
        if debt is None or offer.applies_to not in kinds or as_of > offer.until:
            continue
        try:
            off = incentive_discount(debt.balance, percent=offer.percent, amount=offer.amount)
        except CurrencyError as exc:
            raise PaymentPlanError(exc.detail, field="incentives", value=offer) from None
        held = best.get(debt.id)
        if held is None or (off.amount, held[0].id) > (held[1].amount, offer.id):
            best[debt.id] = (offer, off)
    return [best[k] for k in sorted(best) if best[k][1].amount > 0]


def _business_day_back(day: date, floor: date, is_holiday: HolidayTest) -> date:
    """``day``, or the last business day before it, but never before ``floor``."""
    while day > floor and (day.weekday() >= 5 or is_holiday(day)):
        day -= timedelta(days=1)
    return max(day, floor)


def _split(units: int, count: int) -> list[int]:
    """Split ``units`` (integer minor units) into ``count`` parts that add up to it exactly.

    Every part is ``units // count`` except the first, which also takes the remainder.

    >>> _split(100_000, 3)
    [33334, 33333, 33333]
    >>> _split(7, 7), _split(1, 1)
    ([1, 1, 1, 1, 1, 1, 1], [1])
    """
    if count < 1:
        raise PaymentPlanError(f"cannot split into {count} parts", field="count", value=count)
    base, remainder = divmod(units, count)
    return [base + remainder] + [base] * (count - 1)


def _plan(
    *,
    debtor_id: str,
    debt_ids: tuple[str, ...],
    kind: PlanKind,
    as_of: date,
    stage: Stage | None,
    original: Money,
    discount: Money,
    amounts: list[int],
    dates: list[date],
    incentives: tuple[str, ...] = (),
    valid_until: date | None = None,
) -> PaymentPlan:
    currency = original.currency
    installments = tuple(
        PlanInstallment(number=n, due_date=day, amount=_money(units, currency))
        for n, (units, day) in enumerate(zip(amounts, dates, strict=True), start=1)
    )
    terms = [[i.due_date.isoformat(), str(i.amount.amount)] for i in installments]
    parts: list[Any] = [debtor_id, list(debt_ids), kind, len(amounts), as_of.isoformat()]
    parts += [currency, terms]
    if incentives:  # plans without one keep the ids they always had
        parts.append(list(incentives))
    key = json.dumps(parts, separators=(",", ":"))
    return PaymentPlan(
        id="plan_" + hashlib.sha256(key.encode()).hexdigest()[:24],
        debtor_id=debtor_id,
        debt_ids=debt_ids,
        kind=kind,
        as_of=as_of,
        stage=stage,
        original_total=original,
        discount=discount,
        total=original - discount,
        down_payment=installments[0].amount if kind == "installments" else None,
        installments=installments,
        incentives=incentives,
        valid_until=valid_until,
    )


def _check_debts(debts: tuple[Debt, ...]) -> tuple[str, str, int]:
    if not debts:
        raise PaymentPlanError("no debts to offer a plan for", field="debts", value=[])
    for i, debt in enumerate(debts):
        if not isinstance(debt, Debt):
            raise PaymentPlanError(
                f"expected a Debt, got {type(debt).__name__}", field=f"debts.{i}", value=debt
            )
    seen: set[str] = set()
    first = debts[0]
    currency = first.balance.currency
    units = 0
    for i, debt in enumerate(debts):
        if debt.id in seen:
            raise PaymentPlanError(
                f"debt {debt.id!r} is given twice", field=f"debts.{i}.id", value=debt.id
            )
        seen.add(debt.id)
        if debt.status is not DebtStatus.OPEN:
            raise PaymentPlanError(
                f"debt {debt.id!r} is {debt.status.value}; only open debts can be in a plan",
                field=f"debts.{i}.status",
                value=debt.status,
            )
        if debt.debtor_id != first.debtor_id:
            raise PaymentPlanError(
                f"debt {debt.id!r} belongs to debtor {debt.debtor_id!r} but debt {first.id!r} "
                f"to {first.debtor_id!r}; a plan covers one debtor",
                field=f"debts.{i}.debtor_id",
                value=debt.debtor_id,
            )
        if debt.balance.currency != currency:
            raise PaymentPlanError(
                f"debt {debt.id!r} is in {debt.balance.currency} but debt {first.id!r} in "
                f"{currency}; a plan has one currency",
                field=f"debts.{i}.outstanding",
                value=debt.balance,
            )
        if debt.balance.amount <= 0:
            raise PaymentPlanError(
                f"debt {debt.id!r} has nothing outstanding ({debt.balance})",
                field=f"debts.{i}.outstanding",
                value=debt.balance,
            )
        units += _units(debt.balance)
    return first.debtor_id, currency, units


def _units(money: Money) -> int:
    """``money`` in integer minor units (exact: Money holds no more decimals than that)."""
    # scaleb only moves the exponent: exact for every amount Money can hold (28 digits).
    return int(money.amount.scaleb(money.minor_units))


def _money(units: int, currency: str) -> Money:
    """``units`` minor units of ``currency`` as Money (exact, no rounding)."""
    places = minor_units(currency)
    sign = 1 if units < 0 else 0
    digits = tuple(int(c) for c in str(abs(units)))
    return Money(Decimal((sign, digits, -places)), currency)


def _stage(debts: tuple[Debt, ...], as_of: date) -> Stage | None:
    due = [d.due_date for d in debts if d.due_date is not None]
    if not due:
        return None
    return Stage.for_days_past_due((as_of - min(due)).days)


HolidayTest = Callable[[date], bool]


def _holiday_test(policy: ContactPolicy | None, country: str | None) -> HolidayTest:
    if policy is not None:
        cache: dict[int, frozenset[date]] = {}

        def in_policy(day: date) -> bool:
            if day.year not in cache:
                cache[day.year] = frozenset(policy.holiday_dates(day.year))
            return day in cache[day.year]

        return in_policy
    if country is not None:
        code = country.upper()
        try:
            _country_holidays(code, 2000)
        except (NotImplementedError, KeyError, AttributeError):
            raise PaymentPlanError(
                f"the holidays package has no calendar for country {country!r}",
                field="country",
                value=country,
            ) from None
        return lambda day: day in _country_holidays(code, day.year)
    return lambda day: False


@lru_cache(maxsize=512)
def _country_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(_holidays.country_holidays(country, years=year))


def _due_dates(
    first: date, interval: relativedelta, count: int, is_holiday: HolidayTest
) -> list[date]:
    """Nominal dates ``first + k * interval``, each moved forward to a business day."""
    out: list[date] = []
    for k in range(count):
        day = first + interval * k
        if out and day <= out[-1]:
            day = out[-1] + timedelta(days=1)
        out.append(_business_day(day, is_holiday))
    return out


def _business_day(day: date, is_holiday: HolidayTest) -> date:
    start = day
    while day.weekday() >= 5 or is_holiday(day):
        day += timedelta(days=1)
        if (day - start).days > _MAX_MOVE_DAYS:
            raise PaymentPlanError(
                f"no business day within {_MAX_MOVE_DAYS} days after {start}: check the holiday "
                "calendar",
                field="policy",
                value=start,
            )
    return day
