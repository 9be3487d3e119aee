"""Fees and interest in messages (issue 18): applied once by id, itemised apart from the debt.

Chile's art. 37 (as amended by Ley 21.062) asks each collection action to inform the interest
and collection costs; São Paulo's Lei 14.953/2013 the original amount and each addition. The
calculators (``dunning.policy``) give each charge an id naming its obligation or period; a
:class:`~dunning.events.ChargeApplied` records it, and the planner counts an id once however
often it is recorded. The property's checker computes the art. 37 cap from the law's numbers.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import Cadence, Money, Planner, PortfolioError, Step
from dunning.events import ChargeApplied, MessageSent, parse_event
from dunning.policy import (
    CHILE_COLLECTION_FEES,
    COLOMBIA_INTEREST_CAP,
    capped_interest,
    collection_fee,
)
from dunning.templates import TemplateEngine

UF = Money("39000", "CLP")
DUE = date(2026, 10, 1)
AS_OF = datetime(2026, 10, 26, 12, tzinfo=UTC)  # a Monday, 25 days past due
ENGINE = TemplateEngine()


def planner(channel="whatsapp"):
    return Planner(
        Cadence("late", [Step(25, channels=[channel])]),
        creditor=CREDITOR,
        follow_ups=None,
        templates=ENGINE,
    )


def chile_fee(overdue="1000000", on=date(2026, 10, 25)):
    return collection_fee(
        CHILE_COLLECTION_FEES,
        debt_id="x1",
        due_date=DUE,
        overdue=Money(overdue, "CLP"),
        on=on,
        unit_value=UF,
        free_notice_given=True,
    )


def test_a_fee_recorded_every_hour_is_charged_and_shown_once():
    fee = chile_fee()
    assert fee.amount == Money("71700", "CLP")  # 9% of 390.000 + 6% of 610.000
    history = [fee.applied(at=AS_OF - timedelta(hours=h)) for h in range(1, 25)]
    plan = planner().plan(
        [debtor(phone="+56961234567")],
        [debt(due=DUE, amount="1000000")],
        as_of=AS_OF,
        history=history,
    )
    [m] = plan.messages
    [line] = m.debts
    assert [c.id for c in line.charges] == ["fee:x1:2026-10-01"]
    assert line.total_due == Money("1071700", "CLP")
    text = m.content.text
    assert "Detalle: capital $1.000.000; gastos de cobranza $71.700; total $1.071.700." in text


def test_every_channel_itemises_and_sms_too():
    history = [chile_fee().applied(at=AS_OF - timedelta(hours=1))]
    for channel in ("sms", "whatsapp", "email"):
        d = debtor(phone="+56961234567", channels=(channel,))
        [m] = (
            planner(channel)
            .plan([d], [debt(due=DUE, amount="1000000")], as_of=AS_OF, history=history)
            .messages
        )
        assert "gastos de cobranza $71.700" in m.content.text, channel


def test_interest_and_fees_are_itemised_apart_in_colombia():
    start, end = date(2026, 10, 2), date(2026, 10, 26)
    interest = capped_interest(
        COLOMBIA_INTEREST_CAP,
        debt_id="x1",
        principal=Money("1000000", "COP"),
        start=start,
        end=end,
        certified_rate=Decimal("0.1829"),
    )
    d = debtor("d1", "CO", timezone="America/Bogota", phone="+573001234567", channels=("whatsapp",))
    plan = planner().plan(
        [d],
        [debt(due=DUE, amount="1000000", currency="COP")],
        as_of=AS_OF,
        history=[interest.applied(at=AS_OF - timedelta(hours=2))],
    )
    [m] = plan.messages
    assert m.debts[0].charges[0].kind == "interest"
    assert "Detalle: capital $1.000.000; intereses $" in m.content.text.replace("\xa0", " ")
    total = m.debts[0].outstanding + interest.amount
    assert m.debts[0].total_due == total


def test_english_and_portuguese_wording():
    fee = ChargeApplied(
        at=AS_OF - timedelta(hours=1),
        debt_id="x1",
        charge_id="fee:x1:2026-10-01",
        charge="collection_fee",
        amount=Money("7.00", "USD"),
    )
    us = debtor("d1", "US", timezone="America/New_York", phone="+12125550123")
    [m] = (
        planner()
        .plan(
            [us],
            [debt(due=DUE, amount="300.00", currency="USD")],
            as_of=AS_OF,
            history=[fee],
        )
        .messages
    )
    assert "Breakdown: principal $300.00; collection costs $7.00; total $307.00." in (
        m.content.text
    )


def test_charges_are_typed_and_round_trip():
    event = parse_event(
        {
            "kind": "charge_applied",
            "at": "2026-10-25T12:00:00Z",
            "debt_id": "x1",
            "charge_id": "fee:x1:2026-10-01",
            "charge": "collection_fee",
            "amount": {"amount": "71700", "currency": "CLP"},
        }
    )
    assert isinstance(event, ChargeApplied)
    wrong = event.model_copy(update={"amount": Money("10", "USD")})
    with pytest.raises(PortfolioError):
        planner().plan(
            [debtor(phone="+56961234567")], [debt(due=DUE)], as_of=AS_OF, history=[wrong]
        )


@settings(max_examples=60, deadline=None)
@given(
    balances=st.lists(st.integers(min_value=1000, max_value=10**8), min_size=1, max_size=6),
    days=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6),
    copies=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**16),
    notice_on=st.none() | st.integers(min_value=0, max_value=20),
)
def test_a_fee_in_a_message_is_never_above_the_cap_nor_counted_twice(
    balances, days, copies, seed, notice_on
):
    """A job charges the fee on random days with random balances, recording each result
    ``copies`` times, in any order; the message shows each obligation's fee once, within the
    art. 37 cap (from the law's numbers) for the largest balance it was computed on."""
    sends = []
    if notice_on is not None:
        sends.append(
            MessageSent(
                at=datetime.combine(DUE + timedelta(days=notice_on), datetime.min.time(), UTC)
                + timedelta(hours=15),
                message_id="m0",
                debtor_id="d1",
                channel="sms",
                debt_ids=("x1",),
            )
        )
    notice = notice_on is not None and 1 <= notice_on <= 15
    history: list = list(sends)
    ledger: list = []
    for balance, day in zip(balances, days, strict=False):
        fee = collection_fee(
            CHILE_COLLECTION_FEES,
            debt_id="x1",
            due_date=DUE,
            overdue=Money(balance, "CLP"),
            on=DUE + timedelta(days=day),
            unit_value=UF,
            free_notice_given=notice,
            charged=ledger,
        )
        if fee.amount:
            ledger.append(fee)
            history += [fee.applied(at=AS_OF - timedelta(days=1, hours=k)) for k in range(copies)]
    random.Random(seed).shuffle(history)
    plan = planner().plan(
        [debtor(phone="+56961234567")],
        [debt(due=DUE, amount=str(max(balances)))],
        as_of=AS_OF,
        history=history,
    )
    assert plan.messages
    for m in plan.messages:
        for line in m.debts:
            ids = [c.id for c in line.charges]
            assert len(ids) == len(set(ids)) <= 1
            fees = sum((c.amount.amount for c in line.charges), Decimal(0))
            assert fees <= _art37_cap(Decimal(max(balances)), UF.amount, notice)
            assert line.total_due.amount == line.outstanding.amount + fees


def _art37_cap(overdue: Decimal, uf: Decimal, notice: bool) -> Decimal:
    ten, fifty = 10 * uf, 50 * uf
    cap = (
        Decimal("0.09") * min(overdue, ten)
        + Decimal("0.06") * min(max(overdue - ten, Decimal(0)), fifty - ten)
        + Decimal("0.03") * max(overdue - fifty, Decimal(0))
    )
    return max(cap - (0 if notice else Decimal("0.2") * uf), Decimal(0))


def _interest(start, end, debt_id="x1"):
    return capped_interest(
        COLOMBIA_INTEREST_CAP,
        debt_id=debt_id,
        principal=Money("1000000", "COP"),
        start=start,
        end=end,
        certified_rate=Decimal("0.1829"),
    )


def _colombian_plan(history):
    d = debtor("d1", "CO", timezone="America/Bogota", phone="+573001234567", channels=("whatsapp",))
    return planner().plan(
        [d], [debt(due=DUE, amount="1000000", currency="COP")], as_of=AS_OF, history=history
    )


def test_interest_for_days_already_charged_is_not_counted_again():
    october = _interest(date(2026, 10, 2), date(2026, 10, 20))
    # A job that forgot to pass charged=[october]: its period overlaps October's days.
    overlapping = _interest(date(2026, 10, 10), date(2026, 10, 26))
    rest = _interest(date(2026, 10, 20), date(2026, 10, 26))
    at = AS_OF - timedelta(hours=3)
    history = [
        october.applied(at=at),
        overlapping.applied(at=at + timedelta(minutes=1)),
        rest.applied(at=at + timedelta(minutes=2)),
    ]
    [m] = _colombian_plan(history).messages
    assert [c.id for c in m.debts[0].charges] == sorted([october.id, rest.id])
    assert any(f"charge {overlapping.id} not counted" in line for line in m.explain)


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 30), st.integers(0, 500)),
        min_size=1,
        max_size=6,
    ),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_no_day_of_interest_is_counted_twice(spans, seed):
    """Interest computed for random, possibly overlapping periods and recorded in any order:
    the periods a message counts never share a day."""
    start0 = date(2026, 9, 1)
    events = []
    for k, (offset, length, minutes) in enumerate(spans):
        charge = _interest(
            start0 + timedelta(days=offset), start0 + timedelta(days=offset + length)
        )
        events.append(charge.applied(at=AS_OF - timedelta(days=1, minutes=minutes + k)))
    random.Random(seed).shuffle(events)
    by_id = {e.charge_id: e for e in events}
    [m] = _colombian_plan(events).messages
    days: list[date] = []
    for c in m.debts[0].charges:
        e = by_id[c.id]
        days += [e.start + timedelta(days=i) for i in range((e.end - e.start).days)]
    assert len(days) == len(set(days))
    assert m.debts[0].total_due.amount == m.debts[0].outstanding.amount + sum(
        c.amount.amount for c in m.debts[0].charges
    )


def test_a_template_that_hides_the_charges_is_not_sent_where_the_law_wants_them(tmp_path):
    for locale in ("es_CL", "en_US"):
        folder = tmp_path / locale
        folder.mkdir()
        # Names the creditor and the debt, but not the fee applied to it.
        (folder / "early.whatsapp.j2").write_text(
            "{{ creditor.name }}: {{ debt.reference }} {{ debt.outstanding|money }}"
        )
    engine = TemplateEngine([tmp_path])
    hiding = Planner(
        Cadence("late", [Step(25, channels=["whatsapp"])]),
        creditor=CREDITOR,
        follow_ups=None,
        templates=engine,
    )
    history = [chile_fee().applied(at=AS_OF - timedelta(hours=1))]
    chile = hiding.plan(
        [debtor(phone="+56961234567")],
        [debt(due=DUE, amount="1000000")],
        as_of=AS_OF,
        history=history,
    )
    assert chile.messages == ()
    [skip] = chile.skipped
    assert skip.code.value == "missing_required_content"
    assert "collection costs of 71700 CLP" in skip.reason and "Ley 21.062" in skip.reason
    # Without the charge the same template goes out; in the US no rule asks for itemisation.
    assert hiding.plan(
        [debtor(phone="+56961234567")], [debt(due=DUE, amount="1000000")], as_of=AS_OF
    ).messages
    fee = history[0].model_copy(update={"amount": Money("7.00", "USD")})
    us = debtor("d1", "US", timezone="America/New_York", phone="+12125550123")
    assert hiding.plan(
        [us], [debt(due=DUE, amount="300.00", currency="USD")], as_of=AS_OF, history=[fee]
    ).messages
