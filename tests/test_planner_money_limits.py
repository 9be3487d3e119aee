"""An amount that cannot be computed exactly stops one debtor, never the whole plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dunning import (
    Creditor,
    Debt,
    Debtor,
    DebtorGroup,
    Money,
    Planner,
    SkipCode,
    default_strategy,
)
from dunning._core._money import MAX_DIGITS
from dunning.events import PaymentReceived

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
PLANNER = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))


def _people() -> tuple[list[Debtor], list[Debt]]:
    debtors = [Debtor(id=i, name="Ana", country="CL", email=f"{i}@example.cl") for i in "abc"]
    debts = [
        Debt(id=f"F-{i}", debtor_id=i, amount=Money("45000", "CLP"), due_date=date(2026, 11, 20))
        for i in "abc"
    ]
    return debtors, debts


@pytest.mark.parametrize("amounts", [["9" * MAX_DIGITS] * 2, ["-" + "9" * MAX_DIGITS]])
def test_payments_past_what_money_holds_skip_their_debtor_only(amounts: list[str]) -> None:
    debtors, debts = _people()
    # Two payments adding up past 38 digits; or a refund so large that the balance left does.
    history = [
        PaymentReceived(at=AS_OF - timedelta(days=1, minutes=i), debt_id="F-b",
                        amount=Money(amount, "CLP"))
        for i, amount in enumerate(amounts)
    ]  # fmt: skip
    plan = PLANNER.plan(debtors, debts, as_of=AS_OF, horizon_days=3, history=history)
    assert {m.debtor_id for m in plan.messages} == {"a", "c"}
    (skip,) = [s for s in plan.skipped if s.debtor_id == "b"]
    assert skip.code is SkipCode.NOT_COLLECTABLE and skip.debt_ids == ("F-b",)
    assert skip.reason.startswith("not planned: an amount of debtor 'b' cannot be computed")
    # The same through plan_stream, and the other debtors' plans are those without 'b'.
    groups = [
        DebtorGroup(d, [t], history if d.id == "b" else [])
        for d, t in zip(debtors, debts, strict=True)
    ]
    streamed = list(PLANNER.plan_stream(groups, as_of=AS_OF, horizon_days=3))
    assert [m.id for p in streamed for m in p.messages] == [m.id for m in plan.messages]
    alone = PLANNER.plan(debtors[::2], debts[::2], as_of=AS_OF, horizon_days=3)
    assert [m.id for m in alone.messages] == [m.id for m in plan.messages]


def test_what_was_planned_for_the_debtor_before_the_failure_is_taken_back() -> None:
    debtors, debts = _people()
    # E-b is skipped (cancelled) before F-b's payments fail to add up: only the two
    # "not planned" skips stay, one a debt.
    cancelled = Debt(id="E-b", debtor_id="b", amount=Money("900", "CLP"),
                     due_date=date(2026, 11, 20), status="cancelled")  # fmt: skip
    debts.insert(1, cancelled)
    huge = Money("9" * MAX_DIGITS, "CLP")
    history = [PaymentReceived(at=AS_OF - timedelta(hours=h), debt_id="F-b", amount=huge)
               for h in (1, 2)]  # fmt: skip
    plan = PLANNER.plan(debtors, debts, as_of=AS_OF, horizon_days=3, history=history)
    mine = [(s.debt_ids, s.code) for s in plan.skipped if s.debtor_id == "b"]
    assert mine == [(("E-b",), SkipCode.NOT_COLLECTABLE), (("F-b",), SkipCode.NOT_COLLECTABLE)]
    assert all(s.reason.startswith("not planned") for s in plan.skipped if s.debtor_id == "b")
