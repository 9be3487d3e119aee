"""Property tests for payment plans: whatever the total, currency, count and date, the money adds
up to the minor unit and every due date is a business day.

The checks are written from the rules in docs/payment-plans.md, the ISO 4217 table (read here
from its XML, not through ``dunning``) and the ``holidays`` package, not with the module's own
helpers.
"""

from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import pairwise

import holidays
from dateutil.relativedelta import relativedelta
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dunning import Debt, Money, Stage
from dunning.conversation import PaymentPlan, PlanRules, offer_plans
from dunning.policy import for_country

# ISO 4217 list one: currency code -> minor units, for every currency that has them.
ISO_4217 = {
    entry.findtext("Ccy"): int(entry.findtext("CcyMnrUnts") or "")
    for entry in ET.fromstring(resources.files("iso4217").joinpath("table.xml").read_bytes()).iter(
        "CcyNtry"
    )
    if entry.findtext("Ccy") and (entry.findtext("CcyMnrUnts") or "").isdigit()
}
CURRENCIES = sorted(ISO_4217)
COUNTRIES = ("CL", "MX", "CO", "PE", "BR", "AR", "US")
PROPERTY_SETTINGS = settings(max_examples=250, deadline=None)
DISCOUNT_STAGES = (Stage.PRE_DUE, Stage.DUE, Stage.EARLY, Stage.MID, Stage.LATE, Stage.SEVERE)

units_st = st.one_of(
    st.integers(1, 30),
    st.integers(1, 10**9),
    st.integers(10**15, 10**20),
)
dates_st = st.dates(date(2000, 1, 1), date(2070, 12, 31))
calendar_st = st.one_of(
    st.none(),
    st.tuples(st.just("country"), st.sampled_from(COUNTRIES)),
    st.tuples(st.just("policy"), st.sampled_from(COUNTRIES)),
)


def places(currency: str) -> int:
    return ISO_4217[currency]


@cache
def national_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def money(units: int, currency: str) -> Money:
    return Money(Decimal(units).scaleb(-places(currency)), currency)


def units_of(amount: Money) -> int:
    exponent = amount.amount.as_tuple().exponent
    assert exponent == -places(amount.currency), f"{amount} is not quantised to minor units"
    return int(amount.amount.scaleb(places(amount.currency)))


def calendar_kwargs(cal: tuple[str, str] | None) -> dict[str, object]:
    if cal is None:
        return {}
    kind, country = cal
    return {"country": country} if kind == "country" else {"policy": for_country(country)}


def is_business_day(day: date, cal: tuple[str, str] | None) -> bool:
    if day.weekday() >= 5:
        return False
    return cal is None or day not in national_holidays(cal[1], day.year)


def check_money(plan: PaymentPlan, units: int) -> list[int]:
    parts = [units_of(i.amount) for i in plan.installments]
    assert sum(parts) == units_of(plan.total)
    assert units_of(plan.original_total) - units_of(plan.discount) == units_of(plan.total)
    assert all(p > 0 for p in parts)
    if plan.kind == "installments":
        assert units_of(plan.original_total) == units
        n = len(parts)
        # The rule: every installment is units // n, the first also takes units % n.
        assert parts[1:] == [units // n] * (n - 1)
        assert parts[0] == units // n + units % n
        assert plan.down_payment == plan.installments[0].amount
    return parts


def check_dates(plan: PaymentPlan, as_of: date, rules: PlanRules, cal: tuple[str, str] | None):
    first = as_of + timedelta(days=rules.first_due_in_days)
    days = [i.due_date for i in plan.installments]
    assert all(a < b for a, b in pairwise(days)), days
    for k, day in enumerate(days):
        nominal = first + rules.interval * k
        assert is_business_day(day, cal), (day, cal)
        assert nominal <= day, (nominal, day)
        # Moved only past the non-business days that follow the nominal date.
        assert all(
            not is_business_day(nominal + timedelta(d), cal) for d in range((day - nominal).days)
        ), (nominal, day)


@PROPERTY_SETTINGS
@given(
    units=units_st,
    currency=st.sampled_from(CURRENCIES),
    count=st.integers(1, 24),
    as_of=dates_st,
    cal=calendar_st,
)
@example(units=1, currency="CLP", count=1, as_of=date(2026, 12, 18), cal=("country", "CL"))
@example(units=100_000, currency="CLP", count=3, as_of=date(2026, 9, 11), cal=("policy", "CL"))
@example(units=10**20, currency="KWD", count=24, as_of=date(2031, 1, 31), cal=None)
@example(units=23, currency="USD", count=24, as_of=date(2024, 1, 31), cal=("country", "US"))
def test_installments_add_up_exactly_and_fall_on_business_days(units, currency, count, as_of, cal):
    rules = PlanRules(installment_counts=(count,) if count > 1 else (), min_down_payment=Decimal(0))
    plans = offer_plans(
        [Debt(id="F-1", debtor_id="c-1", amount=money(units, currency))],
        rules,
        as_of=as_of,
        **calendar_kwargs(cal),
    )  # type: ignore[arg-type]
    full, *rest = plans
    assert (full.kind, full.count, full.discount) == ("full", 1, Money.zero(currency))
    assert check_money(full, units) == [units]
    # A count is offered exactly when every installment gets at least one minor unit.
    assert [p.count for p in rest] == ([count] if 1 < count <= units else [])
    for plan in plans:
        check_money(plan, units)
        check_dates(plan, as_of, rules, cal)
        assert plan.currency == currency


@PROPERTY_SETTINGS
@given(
    amounts=st.lists(st.integers(1, 10**12), min_size=1, max_size=5),
    currency=st.sampled_from(["CLP", "COP", "MXN", "BRL", "USD", "PEN", "ARS", "KWD"]),
    counts=st.lists(st.integers(2, 24), min_size=1, max_size=4),
    as_of=dates_st,
    due_offsets=st.lists(st.integers(-400, 60), min_size=5, max_size=5),
    rate=st.decimals(min_value=0, max_value=Decimal("0.99"), places=4),
    cal=calendar_st,
)
def test_offers_are_deterministic_and_discounts_only_for_paying_in_full(
    amounts, currency, counts, as_of, due_offsets, rate, cal
):
    debts = [
        Debt(
            id=f"F-{i}",
            debtor_id="c-1",
            amount=money(u, currency),
            due_date=as_of - timedelta(days=due_offsets[i]),
        )
        for i, u in enumerate(amounts)
    ]
    stage = Stage.for_days_past_due(max(due_offsets[: len(amounts)]))
    # Every other stage has a larger discount that must not apply.
    others = {s: Decimal("0.5") for s in DISCOUNT_STAGES if s is not stage}
    rules = PlanRules(installment_counts=counts, full_payment_discounts={**others, stage: rate})
    kwargs = calendar_kwargs(cal)
    plans = offer_plans(debts, rules, as_of=as_of, **kwargs)  # type: ignore[arg-type]
    again = offer_plans(list(reversed(debts)), rules, as_of=as_of, **kwargs)  # type: ignore[arg-type]
    assert plans == again
    assert len({p.id for p in plans}) == len(plans)

    units = sum(amounts)
    full = plans[0]
    expected_off = units * rate.as_integer_ratio()[0] // rate.as_integer_ratio()[1]
    assert units_of(full.discount) == expected_off
    assert full.stage is stage
    assert check_money(full, units) == [units - expected_off]
    for plan in plans[1:]:
        assert plan.discount == Money.zero(currency)
        check_money(plan, units)
        check_dates(plan, as_of, rules, cal)
    counts_offered = [p.count for p in plans[1:]]
    assert counts_offered == sorted(
        c for c in set(counts) if c <= units and (units // c + units % c) * 10 >= units
    )


@PROPERTY_SETTINGS
@given(first=dates_st, count=st.integers(2, 24))
def test_monthly_nominal_dates_keep_the_day_of_the_first_due_date(first, count):
    rules = PlanRules(installment_counts=(count,), first_due_in_days=0, min_down_payment=0)
    plan = offer_plans(
        [Debt(id="F-1", debtor_id="c-1", amount=Money(10**6, "CLP"))], rules, as_of=first
    )[1]
    for k, item in enumerate(plan.installments):
        month = first + relativedelta(months=k)
        last_day = calendar.monthrange(month.year, month.month)[1]
        nominal = month.replace(day=min(first.day, last_day))
        # Only weekends apply here: a move is at most two days.
        assert nominal <= item.due_date <= nominal + timedelta(days=2)
