"""A thank-you after payment in full (issue 18): once, inside the windows, respecting consent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import InputError, Money, Planner, Stage, Thanks, default_strategy
from dunning.events import ConsentRevoked, Hold, MessageSent, PaymentReceived

SCL = ZoneInfo("America/Santiago")
PLANNER = Planner(default_strategy(), creditor=CREDITOR, follow_ups=None, thanks=Thanks())
PAID_AT = datetime(2026, 11, 25, 15, 0, tzinfo=SCL)  # a Wednesday


def paid(amount="45000", at=PAID_AT, debt_id="x1"):
    return PaymentReceived(at=at, debt_id=debt_id, amount=Money(amount, "CLP"))


def plan(history, *, as_of=PAID_AT + timedelta(hours=1), debts=None, planner=PLANNER, horizon=5):
    return planner.plan(
        [debtor("d1")],
        debts or [debt("x1", due=date(2026, 11, 24))],
        as_of=as_of,
        horizon_days=horizon,
        history=history,
    )


def thanks_of(p):
    return [m for m in p.messages if m.stage is Stage.THANKS]


def test_payment_in_full_is_thanked_once_after_the_payment_with_a_stable_id():
    p = plan([paid()])
    [m] = thanks_of(p)
    assert m.template == "thanks" and m.debt_ids == ("x1",)
    assert m.send_at >= PAID_AT
    assert m.local_date == date(2026, 11, 25)
    assert [x.stage for x in p.messages] == [Stage.THANKS]  # no reminder for a paid debt
    again = plan([paid()], as_of=PAID_AT + timedelta(hours=2))
    assert [x.id for x in thanks_of(again)] == [m.id]
    # Sent: the next days plan no second one.
    sent = MessageSent(
        at=m.send_at, message_id=m.id, debtor_id="d1", channel=m.channel, debt_ids=m.debt_ids
    )
    for days in range(1, 6):
        later = plan([paid(), sent], as_of=PAID_AT + timedelta(days=days))
        assert thanks_of(later) == []


def test_no_thanks_for_a_partial_payment_nor_without_the_option():
    assert thanks_of(plan([paid("44999")])) == []
    assert thanks_of(plan([paid()], planner=PLANNER.replace(thanks=None))) == []
    with pytest.raises(InputError):
        Planner(default_strategy(), creditor=CREDITOR, thanks="yes")  # type: ignore[arg-type]


def test_a_payment_after_hours_is_thanked_the_next_allowed_morning():
    late = datetime(2026, 11, 25, 21, 30, tzinfo=SCL)
    p = plan([paid(at=late)], as_of=late + timedelta(minutes=5))
    [m] = thanks_of(p)
    assert m.local_date == date(2026, 11, 26)
    assert m.local_send_at.hour >= 8


def test_thanks_respect_opt_outs_and_holds():
    revoked = ConsentRevoked(at=PAID_AT - timedelta(days=1), debtor_id="d1", channel=None)
    p = plan([paid(), revoked])
    assert thanks_of(p) == []
    [skip] = [s for s in p.skipped if s.stage is Stage.THANKS]
    assert "email: the debtor revoked consent for email" in skip.reason
    held = Hold(at=PAID_AT - timedelta(days=1), hold_id="h", debtor_id="d1", reason="asked")
    assert thanks_of(plan([paid(), held])) == []


def test_a_thank_you_never_rides_in_a_collection_message():
    debts = [debt("x1", due=date(2026, 11, 24)), debt("x2", due=date(2026, 11, 24))]
    p = plan([paid()], debts=debts, as_of=PAID_AT - timedelta(hours=6), horizon=7)
    [m] = thanks_of(p)
    assert m.debt_ids == ("x1",)
    assert all("x1" not in other.debt_ids for other in p.messages if other is not m)
    assert len({x.local_date for x in p.messages}) == len(p.messages)


def test_thanks_are_dropped_past_their_window_with_a_reason():
    # A payment recorded long after it happened: no thank-you weeks later.
    old = plan([paid(at=PAID_AT - timedelta(days=20))])
    assert thanks_of(old) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hours=st.lists(st.integers(min_value=0, max_value=24 * 8), min_size=1, max_size=3),
    amounts=st.lists(
        st.sampled_from([45000, 30000, 15000, 10000, 44999, 1]) | st.integers(1, 45000),
        min_size=1,
        max_size=3,
    ),
    start=st.integers(min_value=0, max_value=24 * 8),
)
def test_daily_plans_thank_each_paid_debt_at_most_once_and_only_after_payment(
    hours, amounts, start
):
    base = datetime(2026, 11, 20, 0, tzinfo=SCL)
    payments = [
        paid(str(a), at=base + timedelta(hours=h)) for h, a in zip(hours, amounts, strict=False)
    ]
    total = sum(int(p.amount.amount) for p in payments)
    completed = None
    running = 0
    for p in sorted(payments, key=lambda p: (p.at, p.amount.amount)):
        running += int(p.amount.amount)
        if running >= 45000:
            completed = p.at
            break
    history: list = []
    thanked = []
    as_of = base + timedelta(hours=start)
    for _ in range(12):  # one plan a day, each message sent as planned (a perfect dispatcher)
        known = [p for p in payments if p.at <= as_of]
        result = plan([*known, *history], as_of=as_of, horizon=1)
        for m in result.messages:
            if m.stage is Stage.THANKS:
                thanked.append(m)
            history.append(
                MessageSent(
                    at=m.send_at,
                    message_id=m.id,
                    debtor_id="d1",
                    channel=m.channel,
                    debt_ids=m.debt_ids,
                )
            )
        as_of += timedelta(days=1)
    assert len(thanked) <= 1
    event("thanked" if thanked else ("paid, not thanked" if completed else "not paid"))
    if thanked:
        assert total >= 45000 and completed is not None
        assert thanked[0].send_at >= completed
        assert thanked[0].local_date <= completed.astimezone(SCL).date() + timedelta(days=3)


def test_the_send_time_check_lets_a_thank_you_for_a_paid_debt_go():
    from dunning import Dispatcher, SQLiteOutbox
    from dunning.channels import MemoryChannel
    from dunning.templates import TemplateEngine

    # Channels send rendered messages only: plan with the built-in templates.
    [m] = thanks_of(plan([paid()], planner=PLANNER.replace(templates=TemplateEngine())))
    assert m.content is not None
    debts = [debt("x1", due=date(2026, 11, 24))]
    with SQLiteOutbox(":memory:") as box:
        d = Dispatcher({"email": MemoryChannel("email")}, box, planner=PLANNER, clock=lambda: 0.0)
        report = d.dispatch(
            as_of=m.send_at, messages=[m], history=[paid()], debtors=[debtor("d1")], debts=debts
        )
    assert report.sent == (m.id,), report
    # A reminder for the same paid debt is stopped as paid (the thank-you is the exception).
    reminder = m.model_copy(update={"id": "r-1", "stage": Stage.EARLY, "template": "early"})
    with SQLiteOutbox(":memory:") as box:
        d = Dispatcher({"email": MemoryChannel("email")}, box, planner=PLANNER, clock=lambda: 0.0)
        report = d.dispatch(
            as_of=m.send_at,
            messages=[reminder],
            history=[paid()],
            debtors=[debtor("d1")],
            debts=debts,
        )
    assert report.skipped["r-1"].startswith("stopped: paid:")


def test_a_thank_you_can_give_a_coupon_in_every_language_and_channel():
    from dunning.templates import TemplateEngine

    engine = TemplateEngine()
    places = [
        ("CL", "America/Santiago", "CLP", "+56961234567", "clave de descuento GRACIAS10"),
        ("MX", "America/Mexico_City", "MXN", "+525512345678", "clave de descuento GRACIAS10"),
        ("US", "America/New_York", "USD", "+12125550123", "here is a coupon: GRACIAS10"),
    ]
    for country, zone, currency, phone, words in places:
        for channel in ("sms", "whatsapp", "email"):
            p = PLANNER.replace(
                templates=engine, thanks=Thanks(coupon="GRACIAS10", channels=[channel])
            )
            d = debtor("d1", country, timezone=zone, phone=phone)
            pay = paid("450").model_copy(update={"amount": Money("450", currency)})
            plan = p.plan(
                [d],
                [debt("x1", due=date(2026, 11, 24), amount="450", currency=currency)],
                as_of=PAID_AT + timedelta(hours=1),
                horizon_days=3,
                history=[pay],
            )
            [m] = thanks_of(plan)
            assert m.coupon == "GRACIAS10" and words in m.content.text, (country, channel)
    # Without a coupon nothing is said about one.
    plain = PLANNER.replace(templates=engine)
    again = plain.plan(
        [debtor("d1")],
        [debt("x1", due=date(2026, 11, 24))],
        as_of=PAID_AT + timedelta(hours=1),
        history=[paid()],
    )
    [m] = thanks_of(again)
    assert m.coupon is None and "GRACIAS10" not in m.content.text


def test_a_payment_that_completed_the_debt_is_thanked_even_if_a_reversal_follows():
    # The thank-you follows the payment that brought the running total to the balance; the
    # planner's shortcut (no thanks while all payments together fall short) must not skip it
    # when a negative amount (a reversal) lowers the total afterwards.
    reversal = paid("-1000", at=PAID_AT + timedelta(minutes=30))
    [m] = thanks_of(plan([paid(), reversal]))
    assert m.debt_ids == ("x1",)
    assert thanks_of(plan([paid("44000"), reversal])) == []
