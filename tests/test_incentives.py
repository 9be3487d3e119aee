"""Incentives on steps (issue 18, seed 002): an on-time discount or coupon shown in the message
and honoured by ``offer_plans``: exact minor units, never below zero, never a float.

The property's checker computes the discount with integers of minor units from the offer's
terms (``units * percent // 100``, at most the balance less one unit), not with the library.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import (
    Cadence,
    Debt,
    DunningError,
    Incentive,
    IncentiveOffer,
    InputError,
    Money,
    PaymentPlanError,
    Planner,
    Stage,
    Step,
)
from dunning.conversation import PlanRules, offer_plans
from dunning.templates import TemplateEngine

AS_OF = datetime(2026, 11, 20, 12, tzinfo=UTC)  # a Friday
DUE = date(2026, 11, 26)
ON_TIME = Incentive(percent=Decimal("5"), until_offset_days=0, code="PUNTUAL5")


def planner(*steps, templates=None):
    return Planner(
        Cadence("offers", list(steps)), creditor=CREDITOR, follow_ups=None, templates=templates
    )


# -- the terms -------------------------------------------------------------------------------


def test_terms_are_checked():
    with pytest.raises(InputError):
        Incentive(percent=5.0, until_offset_days=0)  # a float
    with pytest.raises(InputError):
        Incentive(percent=Decimal("5"), amount=Money("100", "CLP"), until_offset_days=0)
    with pytest.raises(InputError):
        Incentive(until_offset_days=0)  # neither
    with pytest.raises(InputError):
        Incentive(percent=Decimal("5"))  # no end
    with pytest.raises(InputError):
        Incentive(percent=Decimal("5"), until=DUE, until_offset_days=0)  # two ends
    with pytest.raises(DunningError):
        Incentive(percent=Decimal("100"), until=DUE)
    with pytest.raises(DunningError):
        Incentive(amount=Money("0", "CLP"), until=DUE)


def test_an_offer_is_exact_and_never_takes_the_balance_to_zero():
    offer = ON_TIME.offer(debt_id="F-1", due_date=DUE, outstanding=Money("45990", "CLP"))
    # 5% of 45.990 = 2.299,5 -> 2.299 (rounded down: never more than the creditor meant)
    assert (offer.discount, offer.pay, offer.until) == (
        Money("2299", "CLP"),
        Money("43691", "CLP"),
        DUE,
    )
    big = Incentive(amount=Money("50.00", "USD"), until=DUE).offer(
        debt_id="F-1", due_date=DUE, outstanding=Money("20.00", "USD")
    )
    assert big.pay == Money("0.01", "USD") and big.discount == Money("19.99", "USD")
    with pytest.raises(DunningError):
        Incentive(amount=Money("5", "USD"), until=DUE).offer(
            debt_id="F-1", due_date=DUE, outstanding=Money("20", "CLP")
        )


# -- planned and shown -----------------------------------------------------------------------


def test_the_planner_offers_it_while_it_holds_and_says_why_not_after():
    p = planner(Step(-3, incentive=ON_TIME), Step(1, incentive=ON_TIME))
    plan = p.plan([debtor()], [debt(due=DUE)], as_of=AS_OF, horizon_days=10)
    before, after = plan.messages
    [offer] = before.incentives
    assert offer.debt_id == "x1" and offer.until == DUE and offer.pay == Money("42750", "CLP")
    assert after.incentives == ()
    assert any("incentive for x1 ended 2026-11-26" in line for line in after.explain)


def test_a_merged_message_carries_each_debts_own_offer():
    p = planner(Step(-3, incentive=ON_TIME))
    debts = [debt("a", due=DUE, amount="10000"), debt("b", due=DUE, amount="20001")]
    [message] = p.plan([debtor()], debts, as_of=AS_OF, horizon_days=10).messages
    assert [(o.debt_id, o.pay) for o in message.incentives] == [
        ("a", Money("9500", "CLP")),
        ("b", Money("19001", "CLP")),
    ]


@pytest.mark.parametrize(
    ("country", "zone", "currency", "phone", "expect"),
    [
        ("CL", "America/Santiago", "CLP", "+56961234567", ["$42.750", "26 de nov", "PUNTUAL5"]),
        ("MX", "America/Mexico_City", "MXN", "+525512345678", ["$42,750.00", "Clave: PUNTUAL5"]),
        ("CO", "America/Bogota", "COP", "+573001234567", ["42.750", "PUNTUAL5"]),
        ("US", "America/New_York", "USD", "+12125550123", ["$42,750.00", "November 26", "Code"]),
    ],
)  # fmt: skip
def test_every_channel_shows_the_offer_in_the_debtors_language(
    country, zone, currency, phone, expect
):
    engine = TemplateEngine()
    d = debtor("d1", country, timezone=zone, phone=phone, channels=("sms", "whatsapp", "email"))
    amount = "45000" if currency in ("CLP", "COP") else "45000.00"
    for channel in ("sms", "whatsapp", "email"):
        p = planner(Step(-3, incentive=ON_TIME, channels=[channel]), templates=engine)
        plan = p.plan(
            [d], [debt(due=DUE, amount=amount, currency=currency)], as_of=AS_OF, horizon_days=7
        )
        [m] = [m for m in plan.messages if m.incentives]
        for text in expect:
            assert text in m.content.text, (channel, m.content.text)


def test_brazilian_messages_show_the_offer_too():
    creditor = CREDITOR.model_copy(update={"address": "Rua A, 1, São Paulo"})
    p = Planner(
        Cadence("o", [Step(-3, incentive=ON_TIME, channels=["whatsapp"])]),
        creditor=creditor,
        follow_ups=None,
        templates=TemplateEngine(),
    )
    d = debtor("d1", "BR", timezone="America/Recife", phone="+5581987654321", subdivision="PE")
    plan = p.plan(
        [d], [debt(due=DUE, amount="450.00", currency="BRL")], as_of=AS_OF, horizon_days=7
    )
    [m] = plan.messages
    assert "Oferta: pague R$ 427,50 em vez de R$ 450,00" in m.content.text.replace("\xa0", " ")
    assert "Cupom: PUNTUAL5" in m.content.text


# -- honoured by offer_plans -------------------------------------------------------------------


def late_debt(amount="100000", currency="CLP"):
    return Debt(
        id="F-1", debtor_id="c-1", amount=Money(amount, currency), due_date=date(2026, 8, 1)
    )


def test_a_plan_offered_in_the_window_applies_the_discount_and_must_be_accepted_in_it():
    d = late_debt()
    offer = Incentive(percent=Decimal("10"), until=date(2026, 9, 16)).offer(
        debt_id="F-1", due_date=d.due_date, outstanding=d.balance
    )
    full, *rest = offer_plans([d], as_of=date(2026, 9, 11), country="CL", incentives=[offer])
    assert full.total == Money("90000", "CLP") and full.discount == Money("10000", "CLP")
    assert full.first_due == date(2026, 9, 16)  # pay in full by the offer's last day
    assert full.incentives == (offer.id,) and full.valid_until == date(2026, 9, 16)
    assert all(p.discount == Money("0", "CLP") and p.incentives == () for p in rest)
    full.accept(at=datetime(2026, 9, 16, 23, tzinfo=UTC))
    with pytest.raises(PaymentPlanError):
        full.accept(at=datetime(2026, 9, 17, 0, 1, tzinfo=UTC))
    # Out of the window: no discount.
    late = offer_plans([d], as_of=date(2026, 9, 17), country="CL", incentives=[offer])
    assert late[0].discount == Money("0", "CLP") and late[0].incentives == ()


def test_the_better_of_stage_discount_and_incentive_applies_never_both():
    d = late_debt()
    offer = Incentive(percent=Decimal("10"), until=date(2026, 9, 30)).offer(
        debt_id="F-1", due_date=d.due_date, outstanding=d.balance
    )
    rules = PlanRules(full_payment_discounts={"mid": "0.15"})
    [full, *_] = offer_plans([d], rules, as_of=date(2026, 9, 11), incentives=[offer])
    assert full.discount == Money("15000", "CLP") and full.incentives == ()
    rules = PlanRules(full_payment_discounts={"mid": "0.05"})
    [full, *_] = offer_plans([d], rules, as_of=date(2026, 9, 11), incentives=[offer])
    assert full.discount == Money("10000", "CLP") and full.incentives == (offer.id,)


def test_offers_for_other_debts_or_kinds_are_not_honoured():
    d = late_debt()
    other = Incentive(percent=Decimal("10"), until=date(2026, 9, 30)).offer(
        debt_id="F-2", due_date=d.due_date, outstanding=d.balance
    )
    assert offer_plans([d], as_of=date(2026, 9, 11), incentives=[other])[0].incentives == ()
    with pytest.raises(PaymentPlanError):
        offer_plans([d], as_of=date(2026, 9, 11), incentives=["10%"])


def _units(m: Money) -> int:
    return int(m.amount.scaleb(m.minor_units))


@settings(max_examples=200, deadline=None)
@given(
    currency=st.sampled_from(["CLP", "USD", "KWD", "COP"]),
    balance=st.integers(min_value=1, max_value=10**9),
    percent=st.none() | st.decimals(min_value="0.01", max_value="99.99", places=2),
    fixed=st.integers(min_value=1, max_value=10**9),
    any_plan=st.booleans(),
    days=st.integers(min_value=-3, max_value=10),
    counts=st.lists(st.integers(min_value=2, max_value=12), max_size=3),
)
def test_honoured_discounts_are_exact_never_below_zero_never_float(
    currency, balance, percent, fixed, any_plan, days, counts
):
    quantum = Decimal(1).scaleb(-Money.zero(currency).minor_units)
    d = Debt(
        id="F-1",
        debtor_id="c-1",
        amount=Money(Decimal(balance) * quantum, currency),
        due_date=date(2026, 8, 1),
    )
    terms = Incentive(
        percent=percent,
        amount=None if percent is not None else Money(Decimal(fixed) * quantum, currency),
        until=date(2026, 9, 11) + timedelta(days=days),
        applies_to="any" if any_plan else "full",
    )
    offer = terms.offer(debt_id="F-1", due_date=d.due_date, outstanding=d.balance)
    rules = PlanRules(installment_counts=tuple(sorted(set(counts))) or (2,), min_down_payment="0")
    plans = offer_plans([d], rules, as_of=date(2026, 9, 11), incentives=[offer])
    # Independent: integers of minor units.
    if percent is not None:
        p = Fraction(percent)
        expected = balance * p.numerator // (100 * p.denominator)
    else:
        expected = fixed
    expected = min(expected, balance - 1)
    in_window = days >= 0
    for plan in plans:
        applies = in_window and expected > 0 and (plan.kind == "full" or any_plan)
        want = expected if applies else 0
        assert _units(plan.discount) == want, (plan, expected)
        assert _units(plan.total) == balance - want >= 1
        assert sum(_units(i.amount) for i in plan.installments) == balance - want
        for m in (plan.total, plan.discount, *(i.amount for i in plan.installments)):
            assert isinstance(m.amount, Decimal) and m.amount.as_tuple().exponent == (
                -m.minor_units if m.amount else m.amount.as_tuple().exponent
            )
        assert plan.incentives == ((offer.id,) if applies else ())
        if applies and plan.kind == "full" and not any_plan:
            assert plan.first_due <= offer.until or plan.first_due == date(2026, 9, 11)


def test_an_offer_is_a_plain_value():
    offer = ON_TIME.offer(debt_id="F-1", due_date=DUE, outstanding=Money("45990", "CLP"))
    assert IncentiveOffer.model_validate(offer.model_dump()) == offer
    assert Stage.DUE.value == "due"
