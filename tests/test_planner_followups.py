"""Follow-ups: what the planner sends after a promise to pay, a reported payment or an accepted
payment plan (docs/planner.md, "Promises, reported payments and payment plans")."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from builders import CREDITOR, debt, debtor, local
from dunning import (
    Cadence,
    ContactPolicy,
    FollowUps,
    Money,
    Planner,
    PortfolioError,
    SkipCode,
    Stage,
    Step,
)
from dunning.events import (
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PaymentReported,
    PlanInstallment,
    PromiseToPay,
)
from dunning.policy import HoursRule, Source, Window
from dunning.templates import TemplateEngine

SCL = "America/Santiago"
# Monday 23 Nov 2026, 08:00 in Santiago. Friday is the 27th, Saturday the 28th.
MONDAY = local(SCL, 2026, 11, 23, 8, 0)
FRIDAY = date(2026, 11, 27)
# Monday to Saturday 09:00-20:00, no caps: the follow-up rules alone decide.
MON_SAT = ContactPolicy(
    name="mon-sat",
    hours=(
        HoursRule(
            channels=None,
            windows=(Window(days="mon-sat", start="09:00", end="20:00"),),
            source=Source(citation="house hours", basis="house"),
        ),
    ),
)
DAILY = Cadence("daily", [Step(0, repeat_every_days=1, until_offset_days=120)])


def plan(history, *, as_of=MONDAY, horizon=5, debts=None, strategy=DAILY, **kw):
    kw.setdefault("policies", {"CL": MON_SAT})
    planner = Planner(strategy, creditor=CREDITOR, **kw)
    return planner.plan(
        [debtor()],
        debts or [debt(due=date(2026, 11, 10))],
        as_of=as_of,
        horizon_days=horizon,
        history=list(history),
    )


def sent(p):
    return [(m.local_date, m.stage) for m in p.messages]


def promise(on=FRIDAY, *, at=None, amount=None, debt_id="x1"):
    return PromiseToPay(
        at=at or local(SCL, 2026, 11, 20, 16, 0),
        debt_id=debt_id,
        promised_date=on,
        amount=Money(amount, "CLP") if amount else None,
    )


def paid(amount, at, debt_id="x1"):
    return PaymentReceived(at=at, debt_id=debt_id, amount=Money(amount, "CLP"))


# --------------------------------------------------------------------------- promises


def test_a_promise_silences_the_cadence_until_its_day_and_reminds_on_it():
    p = plan([promise()])
    assert sent(p) == [(FRIDAY, Stage.PROMISE_REMINDER)]
    [m] = p.messages
    assert m.local_send_at == local(SCL, 2026, 11, 27, 10, 0)  # the cadence's send time
    assert (m.template, m.cadence, m.debt_ids) == ("promise_reminder", "follow_ups", ("x1",))
    assert (m.promise.date, m.promise.amount, m.promise.plan_id) == (FRIDAY, None, None)
    stopped = [s for s in p.skipped if s.stage is Stage.EARLY]
    assert [s.on for s in stopped] == [date(2026, 11, d) for d in range(23, 28)]
    assert {s.code for s in stopped} == {SkipCode.PROMISE_ACTIVE}
    assert all(s.source is not None and "dunning default" in s.source.citation for s in stopped)


def test_the_reminder_starts_at_the_window_when_the_preferred_time_is_before_it():
    p = plan([promise()], follow_ups=FollowUps(preferred_local_time=time(7, 0)))
    [m] = p.messages
    assert m.local_send_at == local(SCL, 2026, 11, 27, 9, 0)


def test_whether_a_promise_is_broken_is_left_to_a_plan_made_after_its_day():
    p = plan([promise()], horizon=6)
    # Saturday's cadence step goes out: the promise covers the cadence through Friday only.
    assert sent(p) == [(FRIDAY, Stage.PROMISE_REMINDER), (date(2026, 11, 28), Stage.EARLY)]
    [undecided] = [s for s in p.skipped if s.stage is Stage.BROKEN_PROMISE]
    assert (undecided.on, undecided.code) == (date(2026, 11, 28), SkipCode.PROMISE_ACTIVE)
    assert "known after 2026-11-27" in undecided.reason


def test_a_broken_promise_is_noticed_the_next_day_and_then_the_cadence_resumes():
    saturday = local(SCL, 2026, 11, 28, 8, 0)
    p = plan([promise()], as_of=saturday, horizon=3)
    # Saturday: the notice (the cadence step of the day merges into it); Sunday is closed, so
    # Sunday's step moves to Monday, where it merges with Monday's.
    assert sent(p) == [
        (date(2026, 11, 28), Stage.BROKEN_PROMISE),
        (date(2026, 11, 30), Stage.EARLY),
    ]
    notice = p.messages[0]
    assert notice.promise is not None and notice.promise.date == FRIDAY
    assert notice.explain[0] == "debt x1: promise to pay by 2026-11-27 (broken_promise)"


def test_a_broken_notice_on_a_closed_day_moves_to_the_next_allowed_one_with_its_reason():
    p = plan([promise(date(2026, 11, 28))], as_of=local(SCL, 2026, 11, 29, 8, 0), horizon=2)
    assert sent(p) == [(date(2026, 11, 30), Stage.BROKEN_PROMISE)]
    [moved] = [s for s in p.skipped if s.stage is Stage.BROKEN_PROMISE]
    assert (moved.on, moved.code, moved.moved) == (date(2026, 11, 29), SkipCode.CLOSED_DAY, True)
    assert moved.message_id == p.messages[0].id


@pytest.mark.parametrize(
    ("payments", "broken"),
    [
        ([], True),
        ([("15000", 21)], True),  # part of the promised amount
        ([("20000", 19)], True),  # before the promise: it does not count toward it
        ([("20000", 25)], False),  # the promised amount
        ([("12000", 24), ("8000", 28)], False),  # in two parts, the second a day late
    ],
)
def test_a_promise_with_an_amount_is_kept_by_the_payments_since_it_was_made(payments, broken):
    history = [promise(amount="20000")] + [
        paid(amount, local(SCL, 2026, 11, day, 7, 0)) for amount, day in payments
    ]
    p = plan(history, as_of=local(SCL, 2026, 11, 28, 8, 0), horizon=1)
    assert [m.stage for m in p.messages] == [Stage.BROKEN_PROMISE if broken else Stage.EARLY]
    if broken:
        assert p.messages[0].promise.amount == Money("20000", "CLP")


def test_a_promise_without_an_amount_is_kept_only_by_payment_in_full():
    history = [promise(), paid("44000", local(SCL, 2026, 11, 27, 12, 0))]
    p = plan(history, as_of=local(SCL, 2026, 11, 28, 8, 0), horizon=1)
    assert sent(p) == [(date(2026, 11, 28), Stage.BROKEN_PROMISE)]
    full = [promise(), paid("45000", local(SCL, 2026, 11, 27, 12, 0))]
    p = plan(full, as_of=local(SCL, 2026, 11, 28, 8, 0), horizon=1)
    # The day's cadence step and the broken-promise notice are both stopped by the payment.
    assert p.messages == ()
    assert [(s.stage, s.code) for s in p.skipped] == [
        (Stage.BROKEN_PROMISE, SkipCode.PAID),
        (Stage.EARLY, SkipCode.PAID),
    ]


def test_a_newer_promise_supersedes_an_older_one():
    older = promise(date(2026, 11, 24), at=local(SCL, 2026, 11, 18, 9, 0))
    newer = promise(FRIDAY, at=local(SCL, 2026, 11, 20, 9, 0))
    p = plan([newer, older], horizon=5)
    assert sent(p) == [(FRIDAY, Stage.PROMISE_REMINDER)]
    assert not any(
        s.on == date(2026, 11, 25) and s.stage is Stage.BROKEN_PROMISE for s in p.skipped
    )


def test_a_promise_made_on_its_own_day_gets_no_reminder():
    p = plan([promise(date(2026, 11, 23), at=local(SCL, 2026, 11, 23, 7, 0))], horizon=1)
    assert p.messages == ()
    assert [s.code for s in p.skipped] == [SkipCode.PROMISE_ACTIVE]


def test_payment_in_full_stops_the_follow_ups():
    p = plan([promise(), paid("45000", local(SCL, 2026, 11, 22, 9, 0))])
    assert p.messages == ()
    assert {s.code for s in p.skipped} == {SkipCode.PAID}
    assert any(s.stage is Stage.PROMISE_REMINDER for s in p.skipped)


def test_a_reminder_follows_the_policy_and_never_moves_past_its_date():
    # The real Chilean policy: written messages at least 2 days apart. A message on Thursday
    # leaves Friday's reminder nowhere to go by Friday: it is dropped, not sent late.
    thursday = MessageSent(
        at=local(SCL, 2026, 11, 26, 11, 0), message_id="m-0", debtor_id="d1", channel="email"
    )
    p = plan([promise(), thursday], policies={}, horizon=5)
    assert p.messages == ()
    [dropped] = [s for s in p.skipped if s.stage is Stage.PROMISE_REMINDER]
    assert (dropped.on, dropped.code, dropped.moved) == (FRIDAY, SkipCode.MIN_GAP, False)
    assert "by 2026-11-27" in dropped.reason
    assert "19.496" in dropped.source.citation


def test_follow_ups_can_be_configured_or_turned_off():
    assert plan([promise()], follow_ups=None).messages == ()
    assert plan([promise()], follow_ups=FollowUps(promise_reminder=False)).messages == ()
    p = plan(
        [promise()], follow_ups=FollowUps(channels=("email",), preferred_local_time=time(18, 30))
    )
    [m] = p.messages
    assert (m.channel.value, m.local_send_at.time()) == ("email", time(18, 30))
    late = plan(
        [promise()],
        as_of=local(SCL, 2026, 11, 28, 8, 0),
        horizon=1,
        follow_ups=FollowUps(broken_promise=False),
    )
    assert sent(late) == [(date(2026, 11, 28), Stage.EARLY)]


# --------------------------------------------------------------------------- reported payments


def test_a_reported_payment_pauses_the_cadence_and_the_follow_ups():
    reported = PaymentReported(
        at=local(SCL, 2026, 11, 22, 12, 0),
        debt_id="x1",
        pause_until=date(2026, 11, 27),
        paid_on=date(2026, 11, 21),
    )
    p = plan([promise(), reported], horizon=6)
    assert sent(p) == [(date(2026, 11, 28), Stage.EARLY)]
    paused = [s for s in p.skipped if s.code is SkipCode.PAYMENT_REPORTED]
    assert [s.on for s in paused] == [date(2026, 11, d) for d in (23, 24, 25, 26, 27, 27)]
    assert any(s.stage is Stage.PROMISE_REMINDER for s in paused)
    assert all("dunning default" in s.source.citation for s in paused)
    assert "through 2026-11-27" in paused[0].reason


# --------------------------------------------------------------------------- payment plans

INSTALLMENTS = (
    PlanInstallment(number=1, due_date=date(2026, 12, 4), amount=Money("15000", "CLP")),
    PlanInstallment(number=2, due_date=date(2026, 12, 18), amount=Money("15000", "CLP")),
    PlanInstallment(number=3, due_date=date(2027, 1, 8), amount=Money("15000", "CLP")),
)


def accepted(plan_id="p-1", *, at=None, debt_ids=("x1",), installments=INSTALLMENTS):
    return PaymentPlanAccepted(
        at=at or local(SCL, 2026, 11, 20, 16, 0),
        debtor_id="d1",
        plan_id=plan_id,
        debt_ids=debt_ids,
        installments=installments,
    )


def test_a_plan_replaces_the_cadence_with_a_reminder_before_each_installment():
    p = plan([accepted()], horizon=48)  # through 9 January, the last broken-promise day
    assert sent(p) == [
        (date(2026, 12, 2), Stage.PROMISE_REMINDER),
        (date(2026, 12, 16), Stage.PROMISE_REMINDER),
        (date(2027, 1, 6), Stage.PROMISE_REMINDER),
    ]
    terms = [
        (m.promise.installment, m.promise.installments, m.promise.amount, m.promise.date)
        for m in p.messages
    ]
    assert terms == [(i.number, 3, i.amount, i.due_date) for i in INSTALLMENTS]
    replaced = [s for s in p.skipped if s.stage in (Stage.EARLY, Stage.MID, Stage.LATE)]
    assert len(replaced) == 48
    assert {s.code for s in replaced} == {SkipCode.PAYMENT_PLAN}
    # After the last installment's broken-promise day, an unpaid plan gives way to the cadence.
    last = plan([accepted()], as_of=local(SCL, 2027, 1, 11, 8, 0), horizon=1)
    assert [m.stage for m in last.messages] == [Stage.LATE]


def test_the_reminder_lead_time_is_configurable():
    p = plan([accepted()], horizon=14, follow_ups=FollowUps(installment_reminder_days=0))
    assert sent(p) == [(date(2026, 12, 4), Stage.PROMISE_REMINDER)]


def test_a_missed_installment_gets_a_broken_promise_notice():
    saturday = local(SCL, 2026, 12, 5, 8, 0)
    p = plan([accepted()], as_of=saturday, horizon=1)
    assert sent(p) == [(date(2026, 12, 5), Stage.BROKEN_PROMISE)]
    assert p.messages[0].promise.installment == 1
    partly = plan(
        [accepted(), paid("10000", local(SCL, 2026, 12, 3, 9, 0))], as_of=saturday, horizon=1
    )
    assert sent(partly) == [(date(2026, 12, 5), Stage.BROKEN_PROMISE)]
    kept = plan(
        [accepted(), paid("15000", local(SCL, 2026, 12, 3, 9, 0))], as_of=saturday, horizon=1
    )
    assert (kept.messages, [s.code for s in kept.skipped]) == ((), [SkipCode.PAYMENT_PLAN])


def test_paying_ahead_skips_the_reminders_it_covers():
    ahead = paid("30000", local(SCL, 2026, 11, 21, 9, 0))
    p = plan([accepted(), ahead], horizon=48)
    assert sent(p) == [(date(2027, 1, 6), Stage.PROMISE_REMINDER)]


def test_a_plan_paid_in_full_ends_every_message():
    # A settlement: 45,000 in three installments of 10,000 for a 45,000 debt.
    tens = tuple(i.model_copy(update={"amount": Money("10000", "CLP")}) for i in INSTALLMENTS)
    history = [accepted(installments=tens), paid("30000", local(SCL, 2026, 11, 22, 9, 0))]
    p = plan(history, horizon=60)
    assert p.messages == ()
    assert {s.code for s in p.skipped} == {SkipCode.PAYMENT_PLAN}
    assert "paid in full" in p.skipped[0].reason


def test_a_plan_over_two_debts_reminds_once_for_both():
    debts = [debt("x1", due=date(2026, 11, 10)), debt("x2", due=date(2026, 11, 12))]
    p = plan([accepted(debt_ids=("x1", "x2"))], debts=debts, horizon=14)
    [m] = p.messages
    assert (m.local_date, m.debt_ids) == (date(2026, 12, 2), ("x1", "x2"))


def test_a_later_plan_supersedes_an_earlier_one_and_a_promise():
    first = accepted("p-1", at=local(SCL, 2026, 11, 18, 9, 0))
    short = (PlanInstallment(number=1, due_date=date(2026, 12, 11), amount=Money("45000", "CLP")),)
    second = accepted("p-2", at=local(SCL, 2026, 11, 20, 9, 0), installments=short)
    p = plan(
        [second, first, promise(date(2026, 11, 24), at=local(SCL, 2026, 11, 19, 9, 0))], horizon=20
    )
    assert sent(p) == [(date(2026, 12, 9), Stage.PROMISE_REMINDER)]
    assert p.messages[0].promise.plan_id == "p-2"


def test_a_plan_for_another_debtors_debt_is_refused():
    other = debtor("d2")
    bad = accepted(debt_ids=("x2",))
    with pytest.raises(PortfolioError, match="covers debt 'x2' of debtor 'd2'"):
        Planner(DAILY, creditor=CREDITOR).plan(
            [debtor(), other], [debt(), debt("x2", debtor_id="d2")], as_of=MONDAY, history=[bad]
        )


# --------------------------------------------------------------------------- ids and content


def test_follow_up_ids_are_stable_and_name_the_event_they_follow():
    history = [accepted(), promise(debt_id="x2", at=local(SCL, 2026, 11, 20, 8, 0))]
    debts = [debt("x1", due=date(2026, 11, 10)), debt("x2", due=date(2026, 11, 10))]
    a = plan(history, debts=debts, horizon=30)
    b = plan(history[::-1], debts=debts[::-1], horizon=30)
    later = plan(history, debts=debts, horizon=30, as_of=MONDAY + timedelta(hours=1))
    assert (
        [m.id for m in a.messages] == [m.id for m in b.messages] == [m.id for m in later.messages]
    )
    assert len({m.id for m in a.messages}) == len(a.messages)
    one, other = (plan([accepted(i)], horizon=14).messages for i in ("p-1", "p-9"))
    assert [m.local_date for m in one] == [m.local_date for m in other]
    assert one[0].id != other[0].id


def test_a_promise_reminder_renders_the_promised_date_in_es_cl():
    p = plan([promise(amount="20000")], templates=TemplateEngine())
    [m] = p.messages
    assert m.content is not None
    assert "acordamos el pago de $20.000 de tu cuenta x1 para hoy, 27 de noviembre" in (
        m.content.text
    )


def test_an_installment_reminder_renders_its_amount_and_date():
    p = plan([accepted()], templates=TemplateEngine(), horizon=14)
    [m] = p.messages
    assert m.content is not None
    assert "$15.000" in m.content.text
    assert "4 de diciembre" in m.content.text
