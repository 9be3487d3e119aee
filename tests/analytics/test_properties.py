"""Invariants over random portfolios, checked against sums worked out here from the debts and
payments themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dunning import Debt, Money
from dunning.analytics import Buckets, EventLog, aging, roll_rate_matrix, roll_rates
from dunning.events import PaymentReceived

AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)

debt_specs = st.lists(
    st.tuples(
        st.sampled_from(["CLP", "MXN", "BHD"]),
        st.integers(min_value=1, max_value=10**9),  # amount in minor units
        st.one_of(st.none(), st.integers(min_value=-200, max_value=200)),  # due offset
        st.lists(st.tuples(st.integers(0, 10**9), st.integers(-100, 30)), max_size=3),  # payments
    ),
    min_size=1,
    max_size=12,
)
edges = st.lists(st.integers(1, 400), min_size=1, max_size=6, unique=True).map(
    lambda e: tuple(sorted(e))
)


def build(specs):
    debts, events = [], []
    for i, (currency, minor, offset, payments) in enumerate(specs):
        units = {"CLP": 0, "MXN": 2, "BHD": 3}[currency]
        amount = Decimal(minor).scaleb(-units)
        due = None if offset is None else AS_OF.date() + timedelta(days=offset)
        debts.append(
            Debt(id=f"x{i}", debtor_id=f"p{i}", amount=Money(amount, currency), due_date=due)
        )
        for k, (pay_minor, day) in enumerate(payments):
            if pay_minor:
                events.append(
                    PaymentReceived(
                        at=AS_OF + timedelta(days=day, minutes=k),
                        debt_id=f"x{i}",
                        amount=Money(Decimal(pay_minor).scaleb(-units), currency),
                    )
                )
    return debts, events


@settings(max_examples=60, deadline=None)
@given(debt_specs, edges)
def test_aging_buckets_reconcile_exactly_to_the_outstanding_balance(specs, bucket_edges):
    debts, events = build(specs)
    table = aging(EventLog(events, debts=debts), as_of=AS_OF, buckets=Buckets(bucket_edges))
    expected: dict[str, Decimal] = {}
    count: dict[str, int] = {}
    for debt in debts:
        paid = sum(
            (e.amount.amount for e in events if e.debt_id == debt.id and e.at <= AS_OF), Decimal(0)
        )
        left = max(Decimal(0), debt.amount.amount - paid)
        if left:
            expected[debt.amount.currency] = expected.get(debt.amount.currency, Decimal(0)) + left
            count[debt.amount.currency] = count.get(debt.amount.currency, 0) + 1
    got = {c: sum(rows.outstanding, Decimal(0)) for c, rows in table.groupby("currency")}
    assert got == expected
    assert {c: int(rows.debts.sum()) for c, rows in table.groupby("currency")} == count
    # each balance sits in the bucket its days past due say: the first edge at or above them
    by_bucket: dict[tuple[str, str], Decimal] = {}
    for debt in debts:
        paid = sum(
            (e.amount.amount for e in events if e.debt_id == debt.id and e.at <= AS_OF), Decimal(0)
        )
        left = max(Decimal(0), debt.amount.amount - paid)
        if not left:
            continue
        dpd = 0 if debt.due_date is None else (AS_OF.date() - debt.due_date).days
        if dpd <= 0:
            label = "current"
        else:
            above = [e for e in bucket_edges if e >= dpd]
            if above:
                lower = [e for e in bucket_edges if e < above[0]]
                label = f"{(lower[-1] if lower else 0) + 1}-{above[0]}"
            else:
                label = f"{bucket_edges[-1]}+"
        key = (debt.amount.currency, label)
        by_bucket[key] = by_bucket.get(key, Decimal(0)) + left
    shown = {
        (r["currency"], r["bucket"]): r["outstanding"]
        for r in table.to_dict("records")
        if r["debts"]
    }
    assert shown == by_bucket


@settings(max_examples=40, deadline=None)
@given(debt_specs)
def test_roll_rate_rows_are_distributions(specs):
    debts, events = build(specs)
    log = EventLog(events, debts=debts)
    rolls = roll_rates(
        log, snapshots=[AS_OF - timedelta(days=30), AS_OF, AS_OF + timedelta(days=30)]
    )
    matrix = roll_rate_matrix(rolls)
    for label, row in matrix.iterrows():
        total = float(row.sum())
        assert total == 0 or abs(total - 1) < 1e-9, label
    # every debt open at a snapshot appears once per pair
    assert int(rolls.debts.sum()) == sum(
        1
        for t in (AS_OF - timedelta(days=30), AS_OF)
        for d in debts
        if d.amount.amount
        - sum((e.amount.amount for e in events if e.debt_id == d.id and e.at <= t), Decimal(0))
        > 0
    )
