"""Payment plan offers: one example per rule (docs/payment-plans.md states the rules)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from dunning import Debt, DebtStatus, InputError, Money, NaiveDatetimeError, Stage
from dunning.conversation import PaymentPlan, PaymentPlanError, PlanRules, offer_plans
from dunning.events import PaymentPlanAccepted, PlanInstallment, parse_event
from dunning.policy import for_country

ROOT = Path(__file__).resolve().parents[2]


def debt(
    id: str = "F-1",
    amount: str = "100000",
    currency: str = "CLP",
    *,
    due: date | None = date(2026, 8, 1),
    debtor_id: str = "c-1",
    **kw: object,
) -> Debt:
    return Debt(id=id, debtor_id=debtor_id, amount=Money(amount, currency), due_date=due, **kw)  # type: ignore[arg-type]


def amounts(plan: PaymentPlan) -> list[str]:
    return [str(i.amount.amount) for i in plan.installments]


def dates(plan: PaymentPlan) -> list[date]:
    return [i.due_date for i in plan.installments]


def by_count(plans: list[PaymentPlan]) -> dict[int, PaymentPlan]:
    return {p.count: p for p in plans if p.kind == "installments"}


# --------------------------------------------------------------------------- amounts


def test_the_first_installment_absorbs_the_remainder_in_pesos():
    plans = offer_plans([debt()], PlanRules(installment_counts=(3,)), as_of=date(2026, 11, 2))
    assert amounts(plans[1]) == ["33334", "33333", "33333"]
    assert plans[1].down_payment == Money("33334", "CLP")


def test_the_remainder_is_counted_in_cents_for_two_decimal_currencies():
    plans = offer_plans(
        [debt(amount="1000.00", currency="MXN")],
        PlanRules(installment_counts=(3, 6)),
        as_of=date(2026, 11, 2),
    )
    assert amounts(by_count(plans)[3]) == ["333.34", "333.33", "333.33"]
    assert amounts(by_count(plans)[6]) == [
        "166.70",
        "166.66",
        "166.66",
        "166.66",
        "166.66",
        "166.66",
    ]


def test_three_decimal_currencies_split_in_fils():
    plan = by_count(
        offer_plans(
            [debt(amount="10.000", currency="KWD")],
            PlanRules(installment_counts=(3,)),
            as_of=date(2026, 11, 2),
        )
    )[3]
    assert amounts(plan) == ["3.334", "3.333", "3.333"]


def test_installments_add_up_to_the_sum_of_the_outstanding_amounts():
    debts = [debt("F-1", "30000", outstanding=Money("12345", "CLP")), debt("F-2", "20000")]
    plans = offer_plans(debts, PlanRules(installment_counts=(2, 3, 6)), as_of=date(2026, 11, 2))
    assert {p.original_total for p in plans} == {Money("32345", "CLP")}
    for plan in plans:
        assert sum(Decimal(a) for a in amounts(plan)) == Decimal(32345)
    assert plans[0].debt_ids == ("F-1", "F-2")


def test_an_even_split_has_equal_installments():
    plan = by_count(offer_plans([debt(amount="90000")], as_of=date(2026, 11, 2)))[3]
    assert amounts(plan) == ["30000", "30000", "30000"]


def test_counts_that_would_leave_an_installment_at_zero_are_not_offered():
    plans = offer_plans(
        [debt(amount="2")], PlanRules(installment_counts=(2, 3)), as_of=date(2026, 11, 2)
    )
    assert [(p.kind, p.count) for p in plans] == [("full", 1), ("installments", 2)]


def test_one_minor_unit_can_only_be_paid_in_full():
    plans = offer_plans([debt(amount="0.01", currency="USD")], as_of=date(2026, 11, 2))
    assert [(p.kind, amounts(p)) for p in plans] == [("full", ["0.01"])]


# --------------------------------------------------------------------------- rules


def test_a_minimum_down_payment_excludes_counts_with_a_smaller_first_installment():
    rules = PlanRules(installment_counts=(2, 3, 6, 12), min_down_payment=Decimal("0.15"))
    plans = offer_plans([debt()], rules, as_of=date(2026, 11, 2))
    # 1/6 = 16.7% passes, 1/12 = 8.3% does not.
    assert sorted(by_count(plans)) == [2, 3, 6]


def test_the_minimum_down_payment_is_compared_exactly():
    # 1/4 of 100,000 is exactly 25%: allowed at 0.25, refused just above.
    at = date(2026, 11, 2)
    assert 4 in by_count(
        offer_plans(
            [debt()], PlanRules(installment_counts=(4,), min_down_payment=Decimal("0.25")), as_of=at
        )
    )
    assert 4 not in by_count(
        offer_plans(
            [debt()],
            PlanRules(installment_counts=(4,), min_down_payment=Decimal("0.2500001")),
            as_of=at,
        )
    )


def test_a_minimum_installment_excludes_counts_with_smaller_installments():
    rules = PlanRules(min_installment=Money("20000", "CLP"))
    assert sorted(by_count(offer_plans([debt()], rules, as_of=date(2026, 11, 2)))) == [2, 3]


def test_a_minimum_installment_in_another_currency_does_not_apply():
    rules = PlanRules(min_installment=[Money("20000", "CLP"), Money("1000.00", "MXN")])
    plans = offer_plans([debt(amount="3000.00", currency="MXN")], rules, as_of=date(2026, 11, 2))
    assert sorted(by_count(plans)) == [2, 3]
    assert rules.min_installment_in("usd") is None


def test_max_months_excludes_plans_that_end_later():
    rules = PlanRules(installment_counts=(3, 6), max_months=4)
    assert sorted(by_count(offer_plans([debt()], rules, as_of=date(2026, 11, 2)))) == [3]


def test_no_interest_or_fee_is_added_to_installment_plans():
    for plan in offer_plans([debt()], as_of=date(2026, 11, 2))[1:]:
        assert plan.total == plan.original_total == Money("100000", "CLP")
        assert plan.discount == Money("0", "CLP")


# --------------------------------------------------------------------------- discounts


@pytest.mark.parametrize(
    ("as_of", "stage", "total"),
    [
        (date(2026, 7, 30), Stage.PRE_DUE, "100000"),
        (date(2026, 8, 20), Stage.EARLY, "100000"),
        (date(2026, 10, 15), Stage.LATE, "90000"),
        (date(2027, 1, 5), Stage.SEVERE, "80000"),
    ],
)
def test_paying_in_full_gets_the_discount_of_the_stage(as_of, stage, total):
    rules = PlanRules(
        full_payment_discounts={Stage.LATE: Decimal("0.10"), Stage.SEVERE: Decimal("0.20")}
    )
    plans = offer_plans([debt()], rules, as_of=as_of)
    full = plans[0]
    assert (full.kind, full.stage, full.total) == ("full", stage, Money(total, "CLP"))
    assert full.discount == full.original_total - full.total
    assert all(p.total == Money("100000", "CLP") for p in plans[1:])


def test_the_stage_comes_from_the_oldest_debt():
    debts = [
        debt("new", due=date(2026, 10, 20)),
        debt("old", due=date(2026, 7, 1)),
        debt("undated", due=None),
    ]
    rules = PlanRules(full_payment_discounts={"severe": "0.2"})
    full = offer_plans(debts, rules, as_of=date(2026, 11, 2))[0]
    assert full.stage is Stage.SEVERE
    assert full.discount == Money("60000", "CLP")


def test_no_due_date_means_no_stage_and_no_discount():
    rules = PlanRules(full_payment_discounts={"pre_due": "0.05"})
    full = offer_plans([debt(due=None)], rules, as_of=date(2026, 11, 2))[0]
    assert full.stage is None and not full.discount


def test_the_discount_is_rounded_down_to_the_minor_unit():
    rules = PlanRules(full_payment_discounts={"late": "0.10"})
    full = offer_plans([debt(amount="999.99", currency="USD")], rules, as_of=date(2026, 10, 15))[0]
    assert (full.discount, full.total) == (Money("99.99", "USD"), Money("900.00", "USD"))


# --------------------------------------------------------------------------- due dates


def test_monthly_due_dates_are_month_end_safe():
    rules = PlanRules(installment_counts=(4,), first_due_in_days=7)
    plan = by_count(offer_plans([debt()], rules, as_of=date(2031, 1, 24)))[4]
    assert dates(plan) == [
        date(2031, 1, 31),
        date(2031, 2, 28),
        date(2031, 3, 31),
        date(2031, 4, 30),
    ]


def test_a_leap_february_keeps_its_29th():
    rules = PlanRules(installment_counts=(3,), first_due_in_days=0)
    plan = by_count(offer_plans([debt()], rules, as_of=date(2036, 1, 31)))[3]
    assert dates(plan) == [date(2036, 1, 31), date(2036, 2, 29), date(2036, 3, 31)]


def test_a_weekend_due_date_moves_to_monday_without_shifting_the_others():
    # Nominal dates 2026-01-31 (Saturday), 2026-02-28 (Saturday), 2026-03-31 (Tuesday).
    rules = PlanRules(installment_counts=(3,), first_due_in_days=0)
    plan = by_count(offer_plans([debt()], rules, as_of=date(2026, 1, 31)))[3]
    assert dates(plan) == [date(2026, 2, 2), date(2026, 3, 2), date(2026, 3, 31)]


def test_christmas_moves_to_the_next_business_day_with_a_country():
    # 2026-12-25 is a Friday: the next business day is Monday 28.
    rules = PlanRules(installment_counts=(2,), first_due_in_days=0)
    with_country = offer_plans([debt()], rules, as_of=date(2026, 12, 25), country="CL")
    assert [dates(p)[0] for p in with_country] == [date(2026, 12, 28)] * 2
    assert dates(with_country[1])[1] == date(2027, 1, 25)
    without = offer_plans([debt()], rules, as_of=date(2026, 12, 25))
    assert dates(without[0]) == [date(2026, 12, 25)]


def test_fiestas_patrias_move_with_the_policy_calendar():
    # Friday 18 and Saturday 19 September 2026 are holidays in Chile, then a Sunday.
    rules = PlanRules(installment_counts=(2,), first_due_in_days=0)
    plans = offer_plans([debt()], rules, as_of=date(2026, 9, 18), policy=for_country("CL"))
    assert dates(plans[1]) == [date(2026, 9, 21), date(2026, 10, 19)]


def test_operator_holidays_of_the_policy_are_skipped_too():
    policy = for_country("MX").with_holidays({date(2026, 11, 9): "Cierre contable"})
    plan = offer_plans([debt(currency="MXN")], as_of=date(2026, 11, 2), policy=policy)[0]
    assert plan.first_due == date(2026, 11, 10)


def test_weekly_intervals_and_due_dates_strictly_increase():
    rules = PlanRules(installment_counts=(4,), interval=relativedelta(weeks=1), first_due_in_days=0)
    plan = by_count(offer_plans([debt()], rules, as_of=date(2026, 12, 18), country="CL"))[4]
    # Friday 25 December moves to Monday 28; the others stay on Fridays.
    assert dates(plan) == [
        date(2026, 12, 18),
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 8),
    ]


# --------------------------------------------------------------------------- ids and events


def test_the_same_offer_has_the_same_id_and_different_offers_do_not():
    at = date(2026, 11, 2)
    first = offer_plans([debt("A"), debt("B")], as_of=at)
    again = offer_plans([debt("B"), debt("A")], as_of=at)
    assert [p.id for p in first] == [p.id for p in again]
    assert len({p.id for p in first}) == len(first)
    assert first[0].id != offer_plans([debt("A"), debt("B")], as_of=at + timedelta(days=1))[0].id
    assert first[0].id != offer_plans([debt("A")], as_of=at)[0].id
    assert all(re.fullmatch(r"plan_[0-9a-f]{24}", p.id) for p in first)


def test_accepting_a_plan_gives_the_event_with_its_installments():
    plan = offer_plans([debt()], as_of=date(2026, 11, 2))[2]
    at = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)
    event = plan.accept(at=at)
    assert isinstance(event, PaymentPlanAccepted)
    assert (event.at, event.debtor_id, event.plan_id, event.debt_ids) == (
        at,
        "c-1",
        plan.id,
        ("F-1",),
    )
    assert event.installments == plan.installments
    assert parse_event(event.model_dump(mode="json")) == event


def test_accepting_needs_an_aware_datetime():
    plan = offer_plans([debt()], as_of=date(2026, 11, 2))[0]
    with pytest.raises(NaiveDatetimeError):
        plan.accept(at=datetime(2026, 11, 2, 15))


def test_plans_survive_a_round_trip_and_repr_says_what_they_are():
    for plan in offer_plans([debt()], as_of=date(2026, 11, 2)):
        assert PaymentPlan.model_validate(plan.model_dump()) == plan
        assert PaymentPlan.model_validate_json(plan.model_dump_json()) == plan
    plan = offer_plans([debt()], PlanRules(installment_counts=(3,)), as_of=date(2026, 11, 2))[1]
    assert repr(plan) == (
        f"PaymentPlan(id={plan.id!r}, kind='installments', count=3, "
        "total=Money('100000', 'CLP'), discount=Money('0', 'CLP'), "
        "first_due='2026-11-09', last_due='2027-01-11')"
    )
    assert plan.summary == (
        "100000 CLP in 3 monthly installments: 33334 CLP on 2026-11-09, "
        "then 33333 CLP until 2027-01-11"
    )


def test_the_full_offer_summary_shows_the_discount():
    rules = PlanRules(full_payment_discounts={"late": "0.1"})
    full = offer_plans([debt()], rules, as_of=date(2026, 10, 15))[0]
    assert full.summary == "90000 CLP in full by 2026-10-22 (10000 CLP off 100000 CLP, stage late)"


def test_a_hand_built_plan_must_add_up():
    plan = offer_plans([debt()], PlanRules(installment_counts=(2,)), as_of=date(2026, 11, 2))[1]
    data = plan.model_dump()
    data["installments"][1]["amount"] = Money("49999", "CLP")
    with pytest.raises(PaymentPlanError, match="add up to 99999"):
        PaymentPlan.model_validate(data)
    data = plan.model_dump()
    data["installments"] = [
        PlanInstallment(number=1, due_date=date(2026, 12, 1), amount=Money("50000", "CLP")),
        PlanInstallment(number=2, due_date=date(2026, 12, 1), amount=Money("50000", "CLP")),
    ]
    with pytest.raises(PaymentPlanError, match="strictly increase") as info:
        PaymentPlan.model_validate(data)
    assert info.value.field == "installments.1.due_date"


# --------------------------------------------------------------------------- errors


def test_a_paid_debt_is_refused_by_id_and_field():
    debts = [debt("F-1"), debt("F-2", status=DebtStatus.PAID)]
    with pytest.raises(PaymentPlanError, match="'F-2' is paid") as info:
        offer_plans(debts, as_of=date(2026, 11, 2))
    assert (info.value.field, info.value.value) == ("debts.1.status", DebtStatus.PAID)


def test_debts_of_two_debtors_are_refused():
    with pytest.raises(PaymentPlanError, match="belongs to debtor 'c-2'") as info:
        offer_plans([debt("F-1"), debt("F-2", debtor_id="c-2")], as_of=date(2026, 11, 2))
    assert (info.value.field, info.value.value) == ("debts.1.debtor_id", "c-2")


def test_debts_in_two_currencies_are_refused():
    with pytest.raises(PaymentPlanError, match="'F-2' is in USD but debt 'F-1' in CLP") as info:
        offer_plans([debt("F-1"), debt("F-2", "10.00", "USD")], as_of=date(2026, 11, 2))
    assert info.value.field == "debts.1.outstanding"
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)


def test_nothing_outstanding_is_refused():
    with pytest.raises(PaymentPlanError, match="nothing outstanding") as info:
        offer_plans([debt(outstanding=Money("0", "CLP"))], as_of=date(2026, 11, 2))
    assert info.value.field == "debts.0.outstanding"
    with pytest.raises(PaymentPlanError, match="no debts") as info:
        offer_plans([], as_of=date(2026, 11, 2))
    assert info.value.field == "debts"


def test_a_debt_given_twice_is_refused():
    with pytest.raises(PaymentPlanError, match="given twice"):
        offer_plans([debt(), debt()], as_of=date(2026, 11, 2))


def test_as_of_must_be_a_date_and_the_calendar_unambiguous():
    with pytest.raises(PaymentPlanError, match="not a datetime") as info:
        offer_plans([debt()], as_of=datetime(2026, 11, 2, tzinfo=UTC))
    assert info.value.field == "as_of"
    with pytest.raises(PaymentPlanError, match="not both"):
        offer_plans([debt()], as_of=date(2026, 11, 2), policy=for_country("CL"), country="CL")
    with pytest.raises(PaymentPlanError, match="no calendar for country 'XX'"):
        offer_plans([debt()], as_of=date(2026, 11, 2), country="XX")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"installment_counts": (1, 3)}, "installment_counts.0"),
        ({"min_down_payment": 0.1}, "min_down_payment"),
        ({"min_down_payment": Decimal("1")}, "min_down_payment"),
        ({"min_down_payment": Decimal("-0.1")}, "min_down_payment"),
        ({"full_payment_discounts": {"late": 0.1}}, "full_payment_discounts.late"),
        ({"full_payment_discounts": {"late": "1"}}, "full_payment_discounts.late"),
        ({"full_payment_discounts": {"thanks": "0.1"}}, "full_payment_discounts.thanks"),
        ({"interval": relativedelta(days=3)}, "interval"),
        ({"interval": relativedelta(months=1, days=-25)}, "interval"),
        ({"interval": relativedelta(day=31)}, "interval"),
        ({"interval": "monthly"}, "interval"),
        ({"interval": {"months": 1, "days": 0.5}}, "interval"),
        ({"min_installment": [Money("1", "CLP"), Money("2", "CLP")]}, "min_installment.1"),
        ({"min_installment": Money("0", "CLP")}, "min_installment.0"),
    ],
)
def test_rules_that_make_no_sense_are_refused(kwargs, field):
    with pytest.raises(PaymentPlanError) as info:
        PlanRules(**kwargs)
    assert info.value.field == field


def test_rules_normalise_counts_and_accept_a_timedelta_interval():
    rules = PlanRules(installment_counts=(6, 2, 6), interval=timedelta(days=14))
    assert rules.installment_counts == (2, 6)
    assert rules.interval == relativedelta(days=14)
    assert PlanRules().interval == relativedelta(months=1)
    assert PlanRules().full_payment_discounts == {}


def test_an_unknown_field_is_refused():
    with pytest.raises(InputError, match="annual_rate"):
        PlanRules(annual_rate=Decimal("0.3"))  # type: ignore[call-arg]


def test_rules_survive_a_json_round_trip():
    rules = PlanRules(
        installment_counts=(3, 12),
        interval=relativedelta(weeks=2),
        min_installment=Money("5000", "CLP"),
        full_payment_discounts={"late": "0.1"},
        max_months=12,
    )
    data = rules.model_dump(mode="json")
    assert data["interval"] == {"years": 0, "months": 0, "days": 14}
    assert PlanRules.model_validate_json(rules.model_dump_json()) == rules
    assert PlanRules(interval={"months": 2}).interval == relativedelta(months=2)


# --------------------------------------------------------------------------- docs


def test_python_code_in_the_payment_plans_page_runs(capsys):
    page = ROOT / "docs" / "payment-plans.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)
    assert capsys.readouterr().out
