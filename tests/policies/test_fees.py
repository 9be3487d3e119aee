"""Chile's collection fees (Ley 19.496 art. 37, as amended by Ley 21.320), from the law's text.

The law: extrajudicial collection costs may not exceed 9% of the overdue amount up to 10 UF, 6% of
the part from 10 to 50 UF and 3% of the part above 50 UF; none in the first 20 days of arrears;
one free useful notice within the first 15 days after each unpaid due date (without it the cap
drops by 0.2 UF, per the project's reference notes). The examples are computed by hand with a UF
of $39.000 (a round value for arithmetic, not the day's UF).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunning import DunningError, Money
from dunning.events import MessageSent
from dunning.policy import (
    CHILE_COLLECTION_FEES,
    COLOMBIA_INTEREST_CAP,
    capped_interest,
    collection_fee,
    free_notice_given,
)

UF = Money("39000", "CLP")
DUE = date(2026, 10, 1)
SCL = ZoneInfo("America/Santiago")


def fee(overdue, *, days=30, notice=True, **kw):
    return collection_fee(
        CHILE_COLLECTION_FEES,
        debt_id="F-1",
        due_date=DUE,
        overdue=Money(overdue, "CLP"),
        on=DUE + timedelta(days=days),
        unit_value=kw.pop("unit_value", UF),
        free_notice_given=notice,
        **kw,
    )


@pytest.mark.parametrize(
    ("overdue", "expected"),
    [
        # 200.000 < 10 UF (390.000): 9% of 200.000
        ("200000", "18000"),
        # exactly 10 UF: 9% of 390.000
        ("390000", "35100"),
        # 1.000.000: 9% of 390.000 + 6% of 610.000 = 35.100 + 36.600
        ("1000000", "71700"),
        # exactly 50 UF (1.950.000): 35.100 + 6% of 1.560.000 = 35.100 + 93.600
        ("1950000", "128700"),
        # 3.000.000: 35.100 + 93.600 + 3% of 1.050.000 (31.500)
        ("3000000", "160200"),
    ],
)
def test_the_tiers_are_progressive(overdue, expected):
    charge = fee(overdue)
    assert charge.amount == Money(expected, "CLP") == charge.cap
    assert sum((line.amount for line in charge.lines), Money.zero("CLP")) == charge.amount


def test_the_tiers_are_itemised():
    charge = fee("1000000")
    assert [(line.description, line.base, line.amount) for line in charge.lines] == [
        ("9% of the first 10 CLF", Money("390000", "CLP"), Money("35100", "CLP")),
        ("6% of the part above 10 CLF", Money("610000", "CLP"), Money("36600", "CLP")),
    ]
    assert charge.itemise and charge.source.citation.startswith("Ley 19.496 art. 37")


def test_no_fee_in_the_first_20_days_of_arrears():
    assert fee("200000", days=20).amount == Money("0", "CLP")
    assert "first 20 days" in fee("200000", days=20).reason
    assert fee("200000", days=21).amount == Money("18000", "CLP")
    assert fee("200000", days=0).amount == Money("0", "CLP")


def test_without_the_free_notice_in_15_days_the_cap_drops_by_0_2_uf():
    # 18.000 - 0,2 UF (7.800) = 10.200
    assert fee("200000", notice=False).amount == Money("10200", "CLP")
    # never below zero: 9% of 50.000 = 4.500 < 7.800
    assert fee("50000", notice=False).amount == Money("0", "CLP")


def test_the_free_notice_must_fall_in_the_15_days_after_the_due_date():
    def sent(day, debt_ids=("F-1",)):
        return MessageSent(
            at=datetime.combine(day, datetime.min.time(), SCL) + timedelta(hours=12),
            message_id=f"m-{day}",
            debtor_id="c-1",
            channel="sms",
            debt_ids=debt_ids,
        )

    def given_(*sends):
        return free_notice_given(
            CHILE_COLLECTION_FEES, sends, debt_id="F-1", due_date=DUE, zone=SCL
        )

    assert given_(sent(DUE + timedelta(days=15)))
    assert given_(sent(DUE + timedelta(days=1)))
    assert not given_(sent(DUE))  # the due date is not "after" it
    assert not given_(sent(DUE + timedelta(days=16)))
    assert not given_(sent(DUE + timedelta(days=5), ("F-2",)))  # about another debt
    assert given_(sent(DUE + timedelta(days=5), ()))  # a message for every debt
    assert not given_()


def test_rounding_is_down_so_the_cap_is_never_passed_by_a_peso():
    # 9% of 123.457 = 11.111,13 -> 11.111
    assert fee("123457").amount == Money("11111", "CLP")


def test_a_requested_fee_is_capped_and_a_charge_is_made_once():
    assert fee("200000", requested=Money("50000", "CLP")).amount == Money("18000", "CLP")
    first = fee("200000", requested=Money("5000", "CLP"))
    assert first.amount == Money("5000", "CLP") and first.id == "fee:F-1:2026-10-01"
    # Asked again (another day, a larger balance): the charge already made is returned.
    again = fee("900000", days=40, charged=[first])
    assert again == first


def test_hostile_input_is_a_typed_error():
    with pytest.raises(DunningError):
        fee("200000", unit_value=Money("0", "CLP"))
    with pytest.raises(DunningError):
        fee("200000", unit_value=Money("39000", "USD"))
    with pytest.raises(DunningError):
        fee("200000", requested=Money("-1", "CLP"))


def independent_cap(overdue: Decimal, uf: Decimal, notice: bool) -> Decimal:
    """The art. 37 cap written from the law's numbers, without the rule data or the code."""
    ten, fifty = 10 * uf, 50 * uf
    cap = (
        Decimal("0.09") * min(overdue, ten)
        + Decimal("0.06") * min(max(overdue - ten, Decimal(0)), fifty - ten)
        + Decimal("0.03") * max(overdue - fifty, Decimal(0))
    )
    if not notice:
        cap -= Decimal("0.2") * uf
    return max(cap, Decimal(0))


@settings(max_examples=300, deadline=None)
@given(
    overdue=st.integers(min_value=0, max_value=10**10),
    uf=st.integers(min_value=30000, max_value=45000),
    days=st.integers(min_value=0, max_value=400),
    notice=st.booleans(),
    requested=st.none() | st.integers(min_value=0, max_value=10**9),
)
def test_a_fee_is_never_above_the_cap(overdue, uf, days, notice, requested):
    charge = fee(
        str(overdue),
        days=days,
        notice=notice,
        unit_value=Money(uf, "CLP"),
        requested=None if requested is None else Money(requested, "CLP"),
    )
    cap = independent_cap(Decimal(overdue), Decimal(uf), notice) if days > 20 else Decimal(0)
    assert charge.amount.amount <= cap
    if requested is None:
        assert cap - charge.amount.amount < 1  # only the rounding down to whole pesos


@settings(max_examples=100, deadline=None)
@given(
    days=st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=20),
    balances=st.lists(st.integers(min_value=1, max_value=10**8), min_size=1, max_size=20),
    dues=st.lists(st.sampled_from([DUE, DUE + timedelta(days=30)]), min_size=1, max_size=20),
)
def test_a_fee_is_never_charged_twice_for_the_same_obligation(days, balances, dues):
    ledger: list = []
    for day, balance, due in zip(days, balances, dues, strict=False):
        charge = collection_fee(
            CHILE_COLLECTION_FEES,
            debt_id="F-1",
            due_date=due,
            overdue=Money(balance, "CLP"),
            on=due + timedelta(days=day),
            unit_value=UF,
            free_notice_given=True,
            charged=ledger,
        )
        if charge.amount and charge not in ledger:
            ledger.append(charge)
    ids = [c.id for c in ledger]
    assert len(ids) == len(set(ids)) <= 2
    for c in ledger:
        assert c.amount.amount <= independent_cap(Decimal(max(balances)), UF.amount, True)


def test_the_reason_is_explained():
    assert fee("200000", notice=False).reason == (
        "cap by tiers, less 0.2 CLF: no free notice within 15 days of the due date: at most "
        "10200 CLP"
    )
    assert CHILE_COLLECTION_FEES.source.verified is not None


# -- Colombia: moratory interest at most 1.5 times the certified interés bancario corriente -----

COP = "COP"


def interest(start, end, *, ibc="0.2", requested=None, charged=(), principal="1000000"):
    return capped_interest(
        COLOMBIA_INTEREST_CAP,
        debt_id="F-9",
        principal=Money(principal, COP),
        start=start,
        end=end,
        certified_rate=Decimal(ibc),
        requested_rate=None if requested is None else Decimal(requested),
        charged=charged,
    )


def test_interest_cap_is_one_and_a_half_times_the_certified_rate():
    # IBC 18.29% (certified for Aug 2020) -> 27.435% EA, which the SFC published as 27.44%.
    year = interest(date(2026, 1, 1), date(2027, 1, 1), ibc="0.1829")
    assert year.cap_rate == Decimal("0.27435")
    # A whole year at the cap: 1.000.000 x 27,435% = 274.350,00
    assert year.amount == Money("274350.00", COP)
    # Asked for 40%: capped. Asked for 12%: 120.000,00 in a year.
    assert interest(date(2026, 1, 1), date(2027, 1, 1), requested="0.40").rate == Decimal("0.30")
    low = interest(date(2026, 1, 1), date(2027, 1, 1), requested="0.12")
    assert low.amount == Money("120000.00", COP)


def test_interest_is_never_charged_twice_for_the_same_days():
    first = interest(date(2026, 1, 1), date(2026, 2, 1))
    assert interest(date(2026, 1, 1), date(2026, 2, 1), charged=[first]) == first
    overlap = interest(date(2026, 1, 15), date(2026, 3, 1), charged=[first])
    assert (overlap.start, overlap.end) == (date(2026, 2, 1), date(2026, 3, 1))
    assert "already charged" in overlap.reason
    inside = interest(date(2026, 1, 5), date(2026, 1, 20), charged=[first])
    assert inside.amount == Money("0.00", COP)


def test_bad_rates_are_typed_errors():
    with pytest.raises(DunningError):
        interest(date(2026, 1, 1), date(2026, 2, 1), ibc="-0.1")
    with pytest.raises(DunningError):
        interest(date(2026, 2, 1), date(2026, 1, 1))


_DAYS = st.integers(min_value=0, max_value=365)


@settings(max_examples=200, deadline=None)
@given(
    periods=st.lists(st.tuples(_DAYS, _DAYS), min_size=1, max_size=8),
    ibc=st.decimals(min_value="0", max_value="0.6", places=4),
    requested=st.none() | st.decimals(min_value="0", max_value="1", places=4),
    principal=st.integers(min_value=0, max_value=10**12),
)
def test_interest_never_above_the_cap_nor_twice(periods, ibc, requested, principal):
    base = date(2026, 1, 1)
    ledger: list = []
    for a, b in periods:
        lo, hi = sorted((a, b))
        charge = capped_interest(
            COLOMBIA_INTEREST_CAP,
            debt_id="F-9",
            principal=Money(principal, COP),
            start=base + timedelta(days=lo),
            end=base + timedelta(days=hi),
            certified_rate=ibc,
            requested_rate=requested,
            charged=ledger,
        )
        cap = Decimal("1.5") * ibc
        assert charge.rate <= cap
        days = (charge.end - charge.start).days
        # (1 + r) ** t - 1 <= r * t for t <= 1 (Bernoulli): a bound independent of the code.
        assert charge.amount.amount <= Decimal(principal) * cap * days / 365
        if charge not in ledger:
            ledger.append(charge)
    charged_days = [
        c.start + timedelta(days=i) for c in ledger for i in range((c.end - c.start).days)
    ]
    assert len(charged_days) == len(set(charged_days))


def test_the_default_cadence_gives_the_free_notice_within_15_days_in_chile():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent))
    from builders import CREDITOR, debt, debtor
    from dunning import Planner, default_strategy

    planner = Planner(default_strategy(), creditor=CREDITOR)
    result = planner.plan(
        [debtor("d1")],
        [debt("x1", due=DUE)],
        as_of=datetime(2026, 9, 30, 9, tzinfo=SCL),
        horizon_days=20,
    )
    sends = [
        MessageSent(
            at=m.send_at,
            message_id=m.id,
            debtor_id=m.debtor_id,
            channel=m.channel,
            debt_ids=m.debt_ids,
        )
        for m in result.messages
    ]
    assert free_notice_given(CHILE_COLLECTION_FEES, sends, debt_id="x1", due_date=DUE, zone=SCL)
    # Only the reminders before and on the due date: no notice "after" it, the cap drops.
    early = [s for s in sends if s.at.astimezone(SCL).date() <= DUE]
    assert early
    assert not free_notice_given(CHILE_COLLECTION_FEES, early, debt_id="x1", due_date=DUE, zone=SCL)
