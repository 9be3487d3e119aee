"""A promise or plan with a date at either end of the calendar plans without error (issue 12):
"te pago el 31/12/9999" once made ``Planner.plan`` raise ``OverflowError`` for the whole
portfolio. The other debtor's plan must come out as if the extreme event were not there."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor, local
from dunning import Cadence, FollowUps, Money, Planner, SkipCode, Step
from dunning.events import PaymentPlanAccepted, PlanInstallment, PromiseToPay

SCL = "America/Santiago"
MONDAY = local(SCL, 2026, 11, 23, 8, 0)
DAILY = Cadence("daily", [Step(0, repeat_every_days=1, until_offset_days=120)])
EXTREMES = (
    st.sampled_from([date.max, date.max.replace(day=30), date.min, date.min.replace(day=2)])
    | st.dates()
)


def portfolio(history: list[object]) -> list[tuple[str, str, date, str]]:
    planner = Planner(DAILY, creditor=CREDITOR, follow_ups=FollowUps())
    result = planner.plan(
        [debtor("d1"), debtor("d2")],
        [debt("x1", "d1", due=date(2026, 11, 10)), debt("x2", "d2", due=date(2026, 11, 10))],
        as_of=MONDAY,
        horizon_days=10,
        history=history,  # type: ignore[arg-type]
    )
    return [(m.debtor_id, m.id, m.local_date, m.stage.value) for m in result.messages]


def others(rows: list[tuple[str, str, date, str]]) -> list[tuple[str, str, date, str]]:
    return [row for row in rows if row[0] == "d2"]


def test_a_promise_for_the_last_day_of_the_calendar_pauses_its_debt_and_no_other():
    promise = PromiseToPay(at=local(SCL, 2026, 11, 20, 16, 0), debt_id="x1", promised_date=date.max)
    planner = Planner(DAILY, creditor=CREDITOR, follow_ups=FollowUps())
    result = planner.plan(
        [debtor("d1"), debtor("d2")],
        [debt("x1", "d1", due=date(2026, 11, 10)), debt("x2", "d2", due=date(2026, 11, 10))],
        as_of=MONDAY,
        horizon_days=10,
        history=[promise],
    )
    assert {m.debtor_id for m in result.messages} == {"d2"}
    paused = [s for s in result.skipped if s.code is SkipCode.PROMISE_ACTIVE]
    assert paused and all("9999-12-31" in s.reason for s in paused)


@settings(max_examples=40, deadline=None)
@given(promised=EXTREMES, amount=st.none() | st.sampled_from(["1", "45000"]))
def test_any_promised_date_leaves_the_rest_of_the_portfolio_as_it_was(promised, amount):
    promise = PromiseToPay(
        at=local(SCL, 2026, 11, 20, 16, 0),
        debt_id="x1",
        promised_date=promised,
        amount=Money(amount, "CLP") if amount else None,
    )
    assert others(portfolio([promise])) == others(portfolio([]))


@settings(max_examples=40, deadline=None)
@given(dues=st.lists(EXTREMES, min_size=1, max_size=3))
def test_any_installment_dates_leave_the_rest_of_the_portfolio_as_it_was(dues):
    plan = PaymentPlanAccepted(
        at=local(SCL, 2026, 11, 20, 16, 0),
        debtor_id="d1",
        plan_id="p-1",
        debt_ids=("x1",),
        installments=tuple(
            PlanInstallment(number=n, due_date=due, amount=Money("15000", "CLP"))
            for n, due in enumerate(dues, 1)
        ),
    )
    assert others(portfolio([plan])) == others(portfolio([]))
