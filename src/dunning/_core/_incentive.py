"""Incentives: a discount or coupon offered in a message and honoured when the debtor pays.

An :class:`Incentive` is a term of a cadence step (``Step(0, incentive=Incentive(...))``): a
``percent`` off or a fixed ``amount`` off the outstanding balance, valid through a local date
(``until``, or ``until_offset_days`` after each debt's due date, like a step's offset), on a
condition (``applies_to``: paying in full, or any payment plan). The planner resolves it for
each debt a message carries into an :class:`IncentiveOffer` with exact amounts; templates show
it, and :func:`~dunning.conversation.offer_plans` applies it to plans offered within its window.

Money stays exact: a percentage of a balance is rounded **down** to the currency's minor unit
(the debtor is never promised a discount the creditor did not mean), and a discount never takes
a balance below one minor unit (a plan always has something to pay). Floats are refused.

>>> from datetime import date
>>> on_time = Incentive(percent=Decimal("5"), until_offset_days=0, code="PUNTUAL5")
>>> offer = on_time.offer(debt_id="F-1", due_date=date(2026, 11, 30),
...                       outstanding=Money("45990", "CLP"))
>>> offer.until, offer.discount, offer.pay
(datetime.date(2026, 11, 30), Money('2299', 'CLP'), Money('43691', 'CLP'))
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ._base import Model
from ._errors import CurrencyError, InputError
from ._money import Money, refuse_float

__all__ = ["Incentive", "IncentiveOffer", "incentive_discount"]

AppliesTo = Literal["full", "any"]


def incentive_discount(
    outstanding: Money, *, percent: Decimal | None, amount: Money | None
) -> Money:
    """What ``percent`` (of 100) or ``amount`` takes off ``outstanding``: exact, rounded down
    to the minor unit, never more than the balance less one minor unit (zero for no balance).

    >>> incentive_discount(Money("10.01", "USD"), percent=Decimal("10"), amount=None)
    Money('1.00', 'USD')
    >>> incentive_discount(Money("5", "USD"), percent=None, amount=Money("20", "USD"))
    Money('4.99', 'USD')
    """
    currency = outstanding.currency
    if outstanding.amount <= 0:
        return Money.zero(currency)
    if amount is not None:
        if amount.currency != currency:
            raise CurrencyError(
                f"the incentive is in {amount.currency}, the balance in {currency}",
                field="amount",
                value=amount,
            )
        off = amount
    else:
        assert percent is not None
        off = Money.rounded(outstanding.amount * percent / 100, currency, rounding=ROUND_FLOOR)
    one = Money(Decimal(1).scaleb(-outstanding.minor_units), currency)
    return min(off, outstanding - one)


class Incentive(Model):
    """A discount offered in a step's message: ``percent`` (of 100: ``Decimal("5")`` is 5%) or
    ``amount`` (exact :class:`~dunning.Money`), one of the two.

    * ``until``: the last local date it holds; or ``until_offset_days``: that many days after
      each debt's due date (``0``: pay by the due date; negative: before it); one of the two.
    * ``applies_to``: ``"full"`` (paying the whole balance, the default) or ``"any"`` (every
      payment plan offered in the window, installments too).
    * ``code``: a coupon code to show; ``label``: a short name for logs and explanations.
    """

    percent: Decimal | None = Field(default=None, gt=0, lt=100)
    amount: Money | None = None
    until: date | None = None
    until_offset_days: int | None = Field(default=None, ge=-366, le=366)
    applies_to: AppliesTo = "full"
    code: str | None = Field(default=None, min_length=1, max_length=40)
    label: str | None = Field(default=None, min_length=1, max_length=80)

    @field_validator("percent", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        return refuse_float(value, "percent")

    @model_validator(mode="after")
    def _one_of_each(self) -> Incentive:
        if (self.percent is None) == (self.amount is None):
            raise InputError(
                "an incentive is a percent or an amount, one of the two",
                field="percent",
                value=(self.percent, self.amount),
            )
        if self.amount is not None and self.amount.amount <= 0:
            raise InputError(
                "an incentive amount must be positive", field="amount", value=self.amount
            )
        if (self.until is None) == (self.until_offset_days is None):
            raise InputError(
                "an incentive holds until a date or a number of days after the due date, "
                "one of the two",
                field="until",
                value=(self.until, self.until_offset_days),
            )
        return self

    def deadline(self, due_date: date) -> date:
        """The last local date the incentive holds for a debt due on ``due_date``."""
        if self.until is not None:
            return self.until
        assert self.until_offset_days is not None
        return due_date + timedelta(days=self.until_offset_days)

    def offer(self, *, debt_id: str, due_date: date, outstanding: Money) -> IncentiveOffer:
        """The incentive for one debt with ``outstanding`` unpaid: exact amounts, last date."""
        off = incentive_discount(outstanding, percent=self.percent, amount=self.amount)
        return IncentiveOffer(
            debt_id=debt_id,
            until=self.deadline(due_date),
            percent=self.percent,
            amount=self.amount,
            applies_to=self.applies_to,
            code=self.code,
            label=self.label,
            outstanding=outstanding,
            discount=off,
            pay=outstanding - off,
        )


class IncentiveOffer(Model):
    """An incentive as offered for one debt in one message: ``discount`` off ``outstanding``
    (so ``pay``) if paid by the end of the local date ``until`` on the condition
    ``applies_to``. ``id`` names the debt, the date and the terms (the same offer, the same id).
    Templates see these as ``incentives``; pass them to ``offer_plans(incentives=...)``."""

    debt_id: str = Field(min_length=1)
    until: date
    percent: Decimal | None = None
    amount: Money | None = None
    applies_to: AppliesTo = "full"
    code: str | None = None
    label: str | None = None
    outstanding: Money
    discount: Money
    pay: Money

    @property
    def id(self) -> str:
        terms = f"{self.percent}%" if self.percent is not None else str(self.amount)
        return f"incentive:{self.debt_id}:{self.until.isoformat()}:{terms}:{self.applies_to}"

    @model_validator(mode="after")
    def _exact(self) -> IncentiveOffer:
        if self.outstanding - self.discount != self.pay or self.discount.amount < 0:
            raise InputError(
                f"an offer of {self.discount} off {self.outstanding} must leave {self.pay}",
                field="pay",
                value=self.pay,
            )
        return self
