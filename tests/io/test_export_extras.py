"""Charges, incentives and coupons in plan exports (records, CSV, JSON, Parquet, pandas): the
nested lists as canonical JSON cells with exact decimal strings and integer minor units, their
sums as exact decimals, never a float. Expectations come from the plan's own messages and from
the currencies' ISO 4217 exponents written here, not from the exporter."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from builders import CREDITOR, debt, debtor
from dunning import Cadence, Incentive, Money, Plan, Planner, Step, Thanks
from dunning.events import PaymentReceived
from dunning.policy import CHILE_COLLECTION_FEES, collection_fee
from dunning.templates import TemplateEngine

EXPONENT = {"CLP": 0, "USD": 2}  # ISO 4217 minor units of the currencies used here
AS_OF = datetime(2026, 10, 26, 12, tzinfo=UTC)  # a Monday, 25 days past due
DUE = date(2026, 10, 1)
ENGINE = TemplateEngine()
NEW = ("charges", "charges_total", "incentives", "discount", "coupon")


def _no_float(text: str) -> None:
    raise AssertionError(f"a float in the export: {text}")


@pytest.fixture(scope="module")
def plan() -> Plan:
    offer = Incentive(percent=Decimal("3.33"), until_offset_days=40, applies_to="any", code="PAGA3")
    late = Planner(
        Cadence("late", [Step(25, channels=["email"], incentive=offer)]),
        creditor=CREDITOR,
        follow_ups=None,
        templates=ENGINE,
    )
    fee = collection_fee(
        CHILE_COLLECTION_FEES,
        debt_id="x1",
        due_date=DUE,
        overdue=Money("1000000", "CLP"),
        on=date(2026, 10, 25),
        unit_value=Money("39000", "CLP"),
        free_notice_given=True,
    )
    a = late.plan(
        [debtor("d1"), debtor("d2", "US", subdivision="NY", timezone="America/New_York")],
        [
            debt("x1", due=DUE, amount="1000000"),
            debt("u1", "d2", due=DUE, amount="1234.57", currency="USD"),
        ],
        as_of=AS_OF,
        history=[fee.applied(at=AS_OF - timedelta(hours=1))],
    )
    paid_at = datetime(2026, 11, 25, 18, tzinfo=UTC)
    thanks = Planner(
        Cadence("none", [Step(60, channels=["email"])]),
        creditor=CREDITOR,
        follow_ups=None,
        templates=ENGINE,
        thanks=Thanks(coupon="GRACIAS10", channels=["email"]),
    )
    b = thanks.plan(
        [debtor("d3")],
        [debt("y1", "d3", due=date(2026, 11, 24), amount="45000")],
        as_of=paid_at + timedelta(hours=1),
        horizon_days=3,
        history=[PaymentReceived(at=paid_at, debt_id="y1", amount=Money("45000", "CLP"))],
    )
    both = Plan(
        as_of=AS_OF,
        horizon_days=7,
        messages=a.messages + b.messages,
        skipped=a.skipped + b.skipped,
    )
    charged = [m for m in both.messages if any(line.charges for line in m.debts)]
    offered = [m for m in both.messages if m.incentives]
    coupons = [m for m in both.messages if m.coupon]
    assert (
        charged
        and coupons
        and {o.outstanding.currency for m in offered for o in m.incentives}
        == {
            "CLP",
            "USD",
        }
    ), both.messages
    return both


def _money(money: Money) -> dict[str, object]:
    minor = money.amount * 10 ** EXPONENT[money.currency]
    assert minor == int(minor)
    return {"amount": str(money.amount), "currency": money.currency, "minor": int(minor)}


def _expected(plan: Plan) -> dict[str, dict[str, object]]:
    """By message id: the new columns, from the message's own charges, offers and coupon."""
    out: dict[str, dict[str, object]] = {}
    for m in plan.messages:
        charges = [
            {"debt_id": line.debt_id, "id": c.id, "kind": c.kind, "description": c.description}
            | _money(c.amount)
            for line in m.debts
            for c in line.charges
        ]
        offers = [
            {
                "id": o.id,
                "debt_id": o.debt_id,
                "until": o.until.isoformat(),
                "applies_to": o.applies_to,
                "percent": None if o.percent is None else str(o.percent),
                "fixed": None if o.amount is None else _money(o.amount),
                "code": o.code,
                "outstanding": _money(o.outstanding),
                "discount": _money(o.discount),
                "pay": _money(o.pay),
            }
            for o in m.incentives
        ]
        out[m.id] = {
            "charges": charges,
            "charges_total": sum(
                (c.amount.amount for line in m.debts for c in line.charges), Decimal(0)
            )
            if charges
            else None,
            "incentives": offers,
            "discount": sum((o.discount.amount for o in m.incentives), Decimal(0))
            if offers
            else None,
            "coupon": m.coupon,
        }
    return out


def test_the_known_amounts_are_exact(plan: Plan) -> None:
    rows = {r["message_id"]: r for r in plan.to_records() if r["kind"] == "message"}
    usd = next(r for r in rows.values() if r["currency"] == "USD")
    [offer] = json.loads(usd["incentives"])
    # 3.33% of 1234.57 USD = 41.111181, rounded down to the cent.
    assert offer["discount"] == {"amount": "41.11", "currency": "USD", "minor": 4111}
    assert offer["pay"] == {"amount": "1193.46", "currency": "USD", "minor": 119346}
    assert usd["discount"] == Decimal("41.11") and offer["code"] == "PAGA3"
    clp = next(r for r in rows.values() if r["charges"])
    [fee] = json.loads(clp["charges"])
    assert fee["minor"] == 71700 and fee["amount"] == "71700" and fee["kind"] == "collection_fee"
    assert clp["charges_total"] == Decimal("71700")
    assert [r["coupon"] for r in rows.values() if r["coupon"]] == ["GRACIAS10"]


def test_records_and_csv_round_trip(plan: Plan) -> None:
    expected = _expected(plan)
    buffer = io.StringIO()
    plan.to_csv(buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(rows[0])[-len(NEW) :] == list(NEW)
    for row in rows:
        if row["kind"] != "message":
            assert all(row[c] == "" for c in NEW)
            continue
        want = expected[row["message_id"]]
        assert json.loads(row["charges"] or "[]", parse_float=_no_float) == want["charges"]
        assert json.loads(row["incentives"] or "[]", parse_float=_no_float) == want["incentives"]
        for column in ("charges_total", "discount"):
            assert (Decimal(row[column]) if row[column] else None) == want[column]
        assert (row["coupon"] or None) == want["coupon"]


def test_json_round_trip_has_arrays_and_no_floats(plan: Plan) -> None:
    expected = _expected(plan)
    document = json.loads(plan.to_json(), parse_float=_no_float)
    for row in document["rows"]:
        if row["kind"] != "message":
            assert row["charges"] == row["incentives"] == [] and row["coupon"] is None
            continue
        want = expected[row["message_id"]]
        assert row["charges"] == want["charges"] and row["incentives"] == want["incentives"]
        for column in ("charges_total", "discount"):
            assert (Decimal(row[column]) if row[column] is not None else None) == want[column]


def test_parquet_round_trip_keeps_decimals(plan: Plan, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    path = tmp_path / "plan.parquet"
    plan.to_parquet(path)
    table = pq.read_table(path)
    assert table.column_names[-len(NEW) :] == list(NEW)
    for column in ("charges_total", "discount"):
        assert pa.types.is_decimal(table.schema.field(column).type)
    expected = _expected(plan)
    for row in table.to_pylist():
        if row["kind"] != "message":
            continue
        want = expected[row["message_id"]]
        assert json.loads(row["charges"] or "[]") == want["charges"]
        assert json.loads(row["incentives"] or "[]") == want["incentives"]
        assert row["charges_total"] == want["charges_total"]  # Decimal == Decimal, exact
        assert row["discount"] == want["discount"] and row["coupon"] == want["coupon"]


def test_pandas_has_the_columns_as_exact_decimals(plan: Plan) -> None:
    pytest.importorskip("pandas")
    frame = plan.to_pandas()
    assert list(frame.columns[-len(NEW) :]) == list(NEW)
    values = [v for v in frame["discount"] if v is not None and v == v]
    assert values and all(isinstance(v, Decimal) for v in values)
