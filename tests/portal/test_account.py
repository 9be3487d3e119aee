"""The account a page shows: only the debtor's own debts and events, balances net of payments
(checked against a sum written here, not the portal's code)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dunning import Debt, Money
from dunning.events import DisputeOpened, MessageSent, PaymentReceived, PromiseToPay
from dunning.portal._account import account

from .conftest import NOW, debtors

PEOPLE = debtors()


@st.composite
def portfolios(draw):
    debts = []
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        owner = draw(st.sampled_from(PEOPLE))
        debts.append(
            Debt(
                id=f"D-{i}",
                debtor_id=owner.id,
                amount=Money(draw(st.integers(min_value=1, max_value=10**6)), "CLP"),
                due_date=date(2026, 12, 4) + timedelta(days=draw(st.integers(-60, 30))),
                reference=f"REF-{owner.id}-{i}",
            )
        )
    events = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        debt = draw(st.sampled_from(debts))
        at = NOW - timedelta(hours=draw(st.integers(min_value=0, max_value=24 * 60)))
        kind = draw(st.sampled_from(["paid", "promise", "dispute", "sent"]))
        if kind == "paid":
            amount = Money(draw(st.integers(min_value=1, max_value=10**6)), "CLP")
            events.append(PaymentReceived(at=at, debt_id=debt.id, amount=amount))
        elif kind == "promise":
            events.append(PromiseToPay(at=at, debt_id=debt.id, promised_date=date(2026, 12, 20)))
        elif kind == "dispute":
            events.append(DisputeOpened(at=at, debt_id=debt.id))
        else:
            events.append(
                MessageSent(at=at, message_id=f"m-{at.timestamp()}", debtor_id=debt.debtor_id,
                            channel="sms", debt_ids=(debt.id,))
            )  # fmt: skip
    return debts, events


@given(portfolios(), st.sampled_from(PEOPLE))
def test_an_account_holds_only_its_debtor_and_balances_net_of_payments(portfolio, debtor):
    debts, events = portfolio
    acct = account(debtor, debts, events, as_of=NOW)
    mine = {d.id for d in debts if d.debtor_id == debtor.id}
    assert {line.debt.id for line in acct.lines} == mine
    for event in acct.events:
        owner = getattr(event, "debtor_id", None)
        if owner is None:
            owner = next(d.debtor_id for d in debts if d.id == event.debt_id)
        assert owner == debtor.id
    for line in acct.lines:
        paid = sum(
            (e.amount.amount for e in events
             if isinstance(e, PaymentReceived) and e.debt_id == line.debt.id),
            Decimal(0),
        )  # fmt: skip
        assert line.balance.amount == max(Decimal(0), line.debt.amount.amount - paid)
        assert (line.status == "paid") == (line.balance.amount == 0)
        due = line.debt.due_date
        assert line.days_overdue == max(0, (acct.today - due).days)
    expected = sum((line.balance.amount for line in acct.lines), Decimal(0))
    assert sum((m.amount for m in acct.totals()), Decimal(0)) == expected
