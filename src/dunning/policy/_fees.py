"""Collection fees as cited policy data, and a calculator that never exceeds the law's cap.

A :class:`CollectionFeeRule` is data: progressive tiers of the overdue amount (in a unit of
account, such as Chile's UF), when fees may start, the free notice the law requires first, and
the source of each number. :func:`collection_fee` turns a rule and the facts of one overdue
obligation into a :class:`FeeCharge`: exact :class:`~dunning.Money`, rounded **down** to the
currency's minor units (rounding up could pass the cap by a peso), itemised per tier, and charged
at most once per obligation (the charge's ``id`` names the debt and the due date it is for).

>>> from datetime import date
>>> from dunning import Money
>>> fee = collection_fee(CHILE_COLLECTION_FEES, debt_id="F-1", due_date=date(2026, 10, 1),
...                      overdue=Money("200000", "CLP"), on=date(2026, 10, 22),
...                      unit_value=Money("39000", "CLP"), free_notice_given=True)
>>> fee.amount, fee.id
(Money('18000', 'CLP'), 'fee:F-1:2026-10-01')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Context, Decimal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from .._core._base import Model
from .._core._errors import CurrencyError, InputError
from .._core._money import Money
from ..events import ChargeApplied, MessageSent
from ._rules import Basis, Source

__all__ = [
    "CHILE_COLLECTION_FEES",
    "COLOMBIA_INTEREST_CAP",
    "CollectionFeeRule",
    "FeeCharge",
    "FeeLine",
    "FeeTier",
    "InterestCapRule",
    "InterestCharge",
    "capped_interest",
    "collection_fee",
    "free_notice_given",
]


class FeeTier(Model):
    """``rate`` of the part of the overdue amount up to ``up_to`` units (``None``: no limit)
    above the previous tier's limit."""

    up_to: Decimal | None = Field(default=None, gt=0)
    rate: Decimal = Field(ge=0, le=1)


class CollectionFeeRule(Model):
    """The most a creditor may charge for extrajudicial collection of one overdue obligation.

    * ``tiers``: progressive (marginal) rates of the overdue amount, in ``unit`` (an ISO 4217
      code; ``CLF`` is Chile's Unidad de Fomento), limits increasing, the last without limit;
    * ``starts_after_days``: no fee for the first that many days past due;
    * ``free_notice_days`` / ``missed_notice_reduction``: the law asks for one free useful
      notice within that many days of the due date; without it the cap drops by the reduction
      (in ``unit``; never below zero);
    * ``itemise``: the law wants the fee shown apart from the debt in collection messages;
    * ``source``: where the numbers come from.
    """

    country: str = Field(min_length=2, max_length=2)
    unit: str = Field(min_length=3, max_length=3)
    tiers: tuple[FeeTier, ...] = Field(min_length=1)
    starts_after_days: int = Field(ge=0)
    free_notice_days: int | None = Field(default=None, ge=0)
    missed_notice_reduction: Decimal = Field(default=Decimal(0), ge=0)
    itemise: bool = True
    source: Source

    @model_validator(mode="after")
    def _ordered(self) -> CollectionFeeRule:
        limits = [t.up_to for t in self.tiers]
        if limits[-1] is not None or any(x is None for x in limits[:-1]):
            raise InputError("only the last fee tier is unlimited", field="tiers", value=limits)
        bounded = [x for x in limits if x is not None]
        if bounded != sorted(set(bounded)):
            raise InputError("fee tier limits must increase", field="tiers", value=limits)
        return self


CHILE_COLLECTION_FEES = CollectionFeeRule(
    country="CL",
    unit="CLF",
    tiers=(
        FeeTier(up_to=Decimal(10), rate=Decimal("0.09")),
        FeeTier(up_to=Decimal(50), rate=Decimal("0.06")),
        FeeTier(up_to=None, rate=Decimal("0.03")),
    ),
    starts_after_days=20,
    free_notice_days=15,
    missed_notice_reduction=Decimal("0.2"),
    itemise=True,
    source=Source(
        citation="Ley 19.496 art. 37 (as amended by Ley 21.320): extrajudicial collection costs "
        "at most 9% of the overdue amount up to 10 UF, 6% of the part from 10 to 50 UF, 3% of "
        "the part above 50 UF; none in the first 20 days of arrears; one free useful notice "
        "within 15 days of each unpaid due date",
        basis=Basis.LAW,
        confidence="medium",
        verified=date(2026, 12, 4),
        note="20 and 15 days: high confidence (SERNAC, fullcob.cl quoting art. 37); the tier "
        "wording and the 0.2 UF reduction when the free notice is missed: medium (secondary "
        "sources); 'after 20 days' read as from day 21 past due, the prudent reading",
    ),
)


class FeeLine(Model):
    """One tier's part of a fee: ``rate`` of ``base`` (the overdue amount in the tier)."""

    description: str
    base: Money
    rate: Decimal
    amount: Money


class FeeCharge(Model):
    """The collection fee for one overdue obligation: ``amount`` (never above ``cap``),
    itemised in ``lines``; ``id`` is ``fee:<debt_id>:<due_date>`` (one charge per obligation);
    ``reason`` says why it is what it is."""

    id: str
    debt_id: str
    due_date: date
    amount: Money
    cap: Money
    lines: tuple[FeeLine, ...] = ()
    reason: str
    itemise: bool
    source: Source

    def applied(self, *, at: datetime) -> ChargeApplied:
        """The event recording this fee as charged at ``at``: append it to the history (its
        ``charge_id`` is :attr:`id`, so recording it twice charges once) and messages about
        the debt itemise it.

        >>> from datetime import UTC, datetime
        >>> fee = collection_fee(CHILE_COLLECTION_FEES, debt_id="F-1", due_date=date(2026, 10, 1),
        ...                      overdue=Money("200000", "CLP"), on=date(2026, 10, 22),
        ...                      unit_value=Money("39000", "CLP"), free_notice_given=True)
        >>> fee.applied(at=datetime(2026, 10, 22, 12, tzinfo=UTC)).charge_id
        'fee:F-1:2026-10-01'
        """
        return ChargeApplied(
            at=at,
            debt_id=self.debt_id,
            charge_id=self.id,
            charge="collection_fee",
            amount=self.amount,
            description=self.reason,
        )


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _floor(amount: Decimal, currency: str) -> Money:
    return Money.rounded(amount, currency, rounding=ROUND_FLOOR)


def collection_fee(
    rule: CollectionFeeRule,
    *,
    debt_id: str,
    due_date: date,
    overdue: Money,
    on: date,
    unit_value: Money,
    free_notice_given: bool,
    requested: Money | None = None,
    charged: Iterable[FeeCharge] = (),
) -> FeeCharge:
    """The fee that may be charged on local date ``on`` for the obligation ``debt_id`` due on
    ``due_date`` with ``overdue`` unpaid.

    ``unit_value`` is the value of one ``rule.unit`` in ``overdue``'s currency on the day (the
    UF in pesos: the operator supplies it). ``requested`` is what the creditor would charge
    (``None``: the cap). ``charged`` are the charges already made: when one has this
    obligation's id it is returned unchanged, so calling again never charges twice.
    """
    fee_id = f"fee:{debt_id}:{due_date.isoformat()}"
    for earlier in charged:
        if earlier.id == fee_id:
            return earlier
    currency = overdue.currency
    if unit_value.currency != currency or (
        requested is not None and requested.currency != currency
    ):
        raise CurrencyError(
            f"the overdue amount is in {currency}; the unit value and the requested fee must be "
            "too",
            field="unit_value",
            value=unit_value,
        )
    if unit_value.amount <= 0:
        raise InputError("the unit value must be positive", field="unit_value", value=unit_value)
    zero = Money.zero(currency)
    days = (on - due_date).days

    def charge(amount: Money, cap: Money, lines: tuple[FeeLine, ...], reason: str) -> FeeCharge:
        return FeeCharge(
            id=fee_id,
            debt_id=debt_id,
            due_date=due_date,
            amount=amount,
            cap=cap,
            lines=lines,
            reason=reason,
            itemise=rule.itemise,
            source=rule.source,
        )

    if days <= rule.starts_after_days:
        return charge(
            zero,
            zero,
            (),
            f"{days} days past due: no collection fee in the first {rule.starts_after_days} days",
        )
    if overdue.amount <= 0:
        return charge(zero, zero, (), "nothing is overdue")
    lines: list[FeeLine] = []
    exact = Decimal(0)
    lower = Decimal(0)
    for tier in rule.tiers:
        upper = None if tier.up_to is None else tier.up_to * unit_value.amount
        top = overdue.amount if upper is None else min(overdue.amount, upper)
        if top <= lower:
            break
        part = top - lower
        exact += part * tier.rate
        pct = _num(tier.rate * 100)
        if lower:
            label = f"{pct}% of the part above {_num(lower / unit_value.amount)} {rule.unit}"
        elif tier.up_to is not None:
            label = f"{pct}% of the first {_num(tier.up_to)} {rule.unit}"
        else:
            label = f"{pct}%"
        lines.append(
            FeeLine(
                description=label,
                base=Money(part, currency),
                rate=tier.rate,
                amount=_floor(part * tier.rate, currency),
            )
        )
        lower = top
    why = "cap by tiers"
    if rule.free_notice_days is not None and not free_notice_given:
        exact -= rule.missed_notice_reduction * unit_value.amount
        why += (
            f", less {_num(rule.missed_notice_reduction)} {rule.unit}: no free notice within "
            f"{rule.free_notice_days} days of the due date"
        )
    cap = _floor(max(exact, Decimal(0)), currency)
    amount = cap if requested is None or requested > cap else requested
    if amount.amount < 0:
        raise InputError("a fee cannot be negative", field="requested", value=requested)
    return charge(amount, cap, tuple(lines), f"{why}: at most {cap.amount} {currency}")


def free_notice_given(
    rule: CollectionFeeRule,
    sends: Iterable[MessageSent],
    *,
    debt_id: str,
    due_date: date,
    zone: ZoneInfo,
) -> bool:
    """Whether a message about ``debt_id`` went out on one of the ``rule.free_notice_days``
    local dates after ``due_date`` (the due date itself is not "after"); a message without
    ``debt_ids`` counts for every debt. Messages are free: the library charges nothing for them.

    >>> from datetime import UTC, datetime
    >>> sent = MessageSent(at=datetime(2026, 10, 16, 15, tzinfo=UTC), message_id="m",
    ...                    debtor_id="c-1", channel="sms", debt_ids=("F-1",))
    >>> free_notice_given(CHILE_COLLECTION_FEES, [sent], debt_id="F-1",
    ...                   due_date=date(2026, 10, 1), zone=ZoneInfo("America/Santiago"))
    True
    """
    if rule.free_notice_days is None:
        return True
    first, last = due_date + timedelta(days=1), due_date + timedelta(days=rule.free_notice_days)
    for sent in sends:
        if sent.debt_ids and debt_id not in sent.debt_ids:
            continue
        if first <= sent.at.astimezone(zone).date() <= last:
            return True
    return False


class InterestCapRule(Model):
    """The highest interest rate the law allows: ``multiple`` times a reference rate an
    authority certifies for each period (an effective annual rate the operator supplies, since
    it changes every month), applied to moratory interest."""

    country: str = Field(min_length=2, max_length=2)
    multiple: Decimal = Field(gt=0)
    reference: str = Field(min_length=1)
    days_in_year: int = Field(default=365, ge=360, le=366)
    source: Source


COLOMBIA_INTEREST_CAP = InterestCapRule(
    country="CO",
    multiple=Decimal("1.5"),
    reference="interés bancario corriente certified by the Superintendencia Financiera for the "
    "credit type and period (effective annual)",
    source=Source(
        citation="Código de Comercio art. 884 (remuneratory and moratory interest at most 1.5 "
        "times the interés bancario corriente); Código Penal art. 305 (usury above it)",
        basis=Basis.LAW,
        confidence="medium",
        verified=date(2026, 12, 4),
        note="read in the Superintendencia Financiera's monthly certifications as reported by "
        "the press (e.g. IBC 18.29% -> cap 27.44% EA, Aug 2020); the operator supplies each "
        "period's certified rate",
    ),
)


class InterestCharge(Model):
    """Moratory interest on ``principal`` for the local dates ``start`` (inclusive) to ``end``
    (exclusive), at ``rate`` (effective annual, never above ``cap_rate``); ``id`` names the
    debt and the period."""

    id: str
    debt_id: str
    start: date
    end: date
    rate: Decimal
    cap_rate: Decimal
    amount: Money
    reason: str
    source: Source

    def applied(self, *, at: datetime) -> ChargeApplied:
        """The event recording this interest as charged at ``at`` (``charge_id`` is :attr:`id`,
        one per debt and period: recording it twice charges once)."""
        return ChargeApplied(
            at=at,
            debt_id=self.debt_id,
            charge_id=self.id,
            charge="interest",
            amount=self.amount,
            description=self.reason,
            start=self.start,
            end=self.end,
        )


_POWER = Context(prec=40, rounding=ROUND_FLOOR)


def capped_interest(
    rule: InterestCapRule,
    *,
    debt_id: str,
    principal: Money,
    start: date,
    end: date,
    certified_rate: Decimal,
    requested_rate: Decimal | None = None,
    charged: Iterable[InterestCharge] = (),
) -> InterestCharge:
    """Moratory interest for ``debt_id`` over ``[start, end)`` at ``requested_rate`` (effective
    annual; ``None``: the cap), never above ``rule.multiple`` × ``certified_rate``, compounded
    per day on ``rule.days_in_year`` and rounded down to minor units.

    Days an earlier charge in ``charged`` already covers are not charged again: the period
    starts after the last of them (an identical call returns the earlier charge itself).

    >>> rule = COLOMBIA_INTEREST_CAP
    >>> c = capped_interest(rule, debt_id="F-1", principal=Money("1000000", "COP"),
    ...                     start=date(2026, 1, 1), end=date(2027, 1, 1),
    ...                     certified_rate=Decimal("0.2"))
    >>> c.rate, c.amount
    (Decimal('0.30'), Money('300000.00', 'COP'))
    """
    if not isinstance(certified_rate, Decimal) or not certified_rate >= 0:
        raise InputError(
            "certified_rate must be a non-negative Decimal",
            field="certified_rate",
            value=certified_rate,
        )
    if requested_rate is not None and (
        not isinstance(requested_rate, Decimal) or not requested_rate >= 0
    ):
        raise InputError(
            "requested_rate must be a non-negative Decimal",
            field="requested_rate",
            value=requested_rate,
        )
    if end < start:
        raise InputError("the period ends before it starts", field="end", value=end)
    fee_id = f"interest:{debt_id}:{start.isoformat()}:{end.isoformat()}"
    spans = []
    for earlier in charged:
        if earlier.debt_id != debt_id:
            continue
        if earlier.id == fee_id:
            return earlier
        if earlier.end > earlier.start:
            spans.append((earlier.start, earlier.end))
    spans.sort()
    lo, hi = start, end
    for s_start, s_end in spans:  # skip what earlier charges cover from the start on
        if s_start <= lo < s_end:
            lo = s_end
    for s_start, _ in spans:  # and stop where a later one begins
        if lo < s_start < hi:
            hi = s_start
    lo = min(lo, end)
    hi = max(hi, lo)
    cap_rate = rule.multiple * certified_rate
    rate = cap_rate if requested_rate is None or requested_rate > cap_rate else requested_rate
    days = (hi - lo).days
    # (1 + EA) ** (days / year) - 1, computed rounding down so the cap is never passed.
    factor = _POWER.power(Decimal(1) + rate, _POWER.divide(Decimal(days), rule.days_in_year))
    exact = principal.amount * (factor - 1) if principal.amount > 0 else Decimal(0)
    amount = _floor(max(exact, Decimal(0)), principal.currency)
    reason = (
        f"{days} days at {_num(rate * 100)}% effective annual (cap {_num(rule.multiple)} x "
        f"{_num(certified_rate * 100)}% = {_num(cap_rate * 100)}%)"
    )
    if (lo, hi) != (start, end):
        reason += f"; only {lo} to {hi}: the other days were already charged"
    return InterestCharge(
        id=fee_id,
        debt_id=debt_id,
        start=lo,
        end=hi,
        rate=rate,
        cap_rate=cap_rate,
        amount=amount,
        reason=reason,
        source=rule.source,
    )
