"""Planner semantics, one rule per test (country rules live in tests/policies/)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from builders import CREDITOR, UTC, debt, debtor, local
from dunning import (
    Cadence,
    ContactPolicy,
    Debt,
    Money,
    NaiveDatetimeError,
    Planner,
    PortfolioError,
    Segment,
    SkipCode,
    Step,
    default_strategy,
)
from dunning.events import (
    ConsentRevoked,
    DisputeClosed,
    DisputeOpened,
    LegalActionStarted,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
)
from dunning.policy import HoursRule, Source, Window

SCL = "America/Santiago"
# Wednesday 25 Nov 2026, 09:00 in Santiago (UTC-3).
AS_OF = local(SCL, 2026, 11, 25, 9, 0)


def plan(debtors, debts, *, strategy=None, as_of=AS_OF, horizon=1, history=(), **kw):
    planner = Planner(strategy or Cadence("one", [Step(0)]), creditor=CREDITOR, **kw)
    return planner.plan(debtors, debts, as_of=as_of, horizon_days=horizon, history=list(history))


def codes(p):
    return [s.code for s in p.skipped]


def test_a_due_step_becomes_one_message_at_the_preferred_local_time():
    p = plan([debtor()], [debt()])
    [m] = p.messages
    assert m.local_send_at == local(SCL, 2026, 11, 25, 10, 0)
    assert m.send_at.tzinfo == UTC
    # No phone: WhatsApp and SMS have no address, so the preference list falls back to e-mail.
    assert (m.channel.value, m.stage.value, m.template, m.to) == (
        "email",
        "due",
        "due",
        "a@example.com",
    )


def test_debts_due_the_same_day_merge_into_one_message_with_a_total():
    p = plan([debtor()], [debt("x1", amount="1000"), debt("x2", amount="2500")])
    [m] = p.messages
    assert m.debt_ids == ("x1", "x2")
    assert m.totals == (Money("3500", "CLP"),)


def test_channel_falls_back_in_preference_order_when_consent_or_address_is_missing():
    d = debtor(channels=("email",), phone="+56961234567")
    p = plan([d], [debt()], strategy=Cadence("c", [Step(0, channels=["whatsapp", "sms", "email"])]))
    [m] = p.messages
    assert m.channel.value == "sms"  # whatsapp needs opt-in everywhere; Chile needs none for sms
    assert any("whatsapp not used" in line for line in m.explain)


def test_no_usable_channel_is_a_skip_with_every_reason():
    d = debtor(email=None, channels=())
    p = plan([d], [debt()], strategy=Cadence("c", [Step(0, channels=["whatsapp", "email"])]))
    assert p.messages == ()
    [s] = p.skipped
    assert s.code is SkipCode.NO_ADDRESS
    assert "whatsapp" in s.reason
    assert "email" in s.reason


def test_an_opt_out_of_one_channel_falls_back_and_an_opt_out_of_all_stops():
    d = debtor(phone="+56961234567")
    strategy = Cadence("c", [Step(0, channels=["whatsapp", "sms"])])
    revoked = ConsentRevoked(at=AS_OF - timedelta(days=1), debtor_id="d1", channel="whatsapp")
    [m] = plan([d], [debt()], strategy=strategy, history=[revoked]).messages
    assert m.channel.value == "sms"
    everything = ConsentRevoked(at=AS_OF - timedelta(days=1), debtor_id="d1", channel=None)
    p = plan([d], [debt()], strategy=strategy, history=[everything])
    assert p.messages == ()
    assert codes(p) == [SkipCode.OPTED_OUT]


def test_full_payment_stops_and_partial_payment_lowers_the_balance_without_moving_the_cadence():
    paid = PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="x1", amount=Money("45000", "CLP"))
    p = plan([debtor()], [debt()], history=[paid])
    assert p.messages == ()
    assert codes(p) == [SkipCode.PAID]
    part = PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="x1", amount=Money("5000", "CLP"))
    [m] = plan([debtor()], [debt()], history=[part]).messages
    assert m.debts[0].outstanding == Money("40000", "CLP")
    assert m.stage.value == "due"


def test_payment_in_another_currency_is_an_error():
    bad = PaymentReceived(at=AS_OF, debt_id="x1", amount=Money("5", "USD"))
    with pytest.raises(PortfolioError, match="USD"):
        plan([debtor()], [debt()], history=[bad])


def test_a_promise_pauses_reminders_until_the_day_after_its_date():
    promise = PromiseToPay(
        at=AS_OF - timedelta(days=2), debt_id="x1", promised_date=date(2026, 11, 26)
    )
    strategy = Cadence("daily", [Step(0, repeat_every_days=1, until_offset_days=5)])
    # Follow-ups off: only the pause is under test here (see test_planner_followups.py).
    p = plan([debtor()], [debt()], strategy=strategy, history=[promise], horizon=3, follow_ups=None)
    assert [m.local_date for m in p.messages] == [date(2026, 11, 27)]
    assert [(s.on, s.code) for s in p.skipped] == [
        (date(2026, 11, 25), SkipCode.PROMISE_ACTIVE),
        (date(2026, 11, 26), SkipCode.PROMISE_ACTIVE),
    ]


def test_an_open_dispute_stops_and_a_closed_one_resumes():
    opened = DisputeOpened(at=AS_OF - timedelta(days=3), debt_id="x1", reason="not mine")
    assert codes(plan([debtor()], [debt()], history=[opened])) == [SkipCode.DISPUTED]
    closed = DisputeClosed(at=AS_OF - timedelta(days=1), debt_id="x1")
    assert len(plan([debtor()], [debt()], history=[opened, closed]).messages) == 1


def test_legal_action_stops_extrajudicial_collection_with_the_chilean_source():
    action = LegalActionStarted(at=AS_OF - timedelta(days=1), debtor_id="d1")
    p = plan([debtor()], [debt()], history=[action])
    [s] = p.skipped
    assert s.code is SkipCode.LEGAL_ACTION
    assert s.source is not None
    assert "Ley 19.496 art. 37" in s.source.citation


@pytest.mark.parametrize("status", ["draft", "cancelled", "written_off"])
def test_drafts_cancelled_and_written_off_debts_are_never_chased(status):
    p = plan([debtor()], [debt(status=status)])
    assert p.messages == ()
    assert codes(p) == [SkipCode.NOT_COLLECTABLE]


def test_a_debt_without_due_date_is_never_chased():
    p = plan([debtor()], [Debt(id="x1", debtor_id="d1", amount=Money("5", "CLP"))])
    assert p.messages == ()
    assert codes(p) == [SkipCode.NOT_COLLECTABLE]


def test_ids_are_stable_when_replanning_later_the_same_day_and_differ_by_day():
    first = plan([debtor()], [debt()])
    again = plan([debtor()], [debt()], as_of=AS_OF + timedelta(hours=3))
    assert [m.id for m in first.messages] == [m.id for m in again.messages]
    assert again.messages[0].local_send_at == AS_OF + timedelta(hours=3)
    tomorrow = plan([debtor()], [debt(due=date(2026, 11, 26))], as_of=AS_OF + timedelta(days=1))
    assert tomorrow.messages[0].id != first.messages[0].id


def test_nothing_is_planned_before_as_of():
    late = local(SCL, 2026, 11, 25, 15, 30)
    [m] = plan([debtor()], [debt()], as_of=late).messages
    assert m.local_send_at == late


def test_a_message_already_sent_today_blocks_a_second_one():
    sent = MessageSent(
        at=AS_OF - timedelta(hours=1), message_id="m0", debtor_id="d1", channel="sms"
    )
    p = plan([debtor()], [debt()], history=[sent])
    assert p.messages == ()
    assert codes(p) == [SkipCode.ALREADY_CONTACTED]


def test_the_same_message_reported_twice_counts_once_against_a_cap():
    # Chile: two written messages a week. The dispatcher's MessageSent and the provider's
    # "sent" status webhook both say message m0 went out: one contact, not two.
    def sent(message_id: str, hours: int) -> MessageSent:
        return MessageSent(
            at=AS_OF - timedelta(days=3, hours=hours),
            message_id=message_id,
            debtor_id="d1",
            channel="sms",
        )

    twice = plan([debtor()], [debt()], history=[sent("m0", 2), sent("m0", 1)])
    assert len(twice.messages) == 1
    two = plan([debtor()], [debt()], history=[sent("m0", 2), sent("m1", 1)])
    assert two.messages == () and codes(two) == [SkipCode.CAP_REACHED]


def test_a_step_after_the_window_closes_moves_to_the_next_allowed_window_start():
    strategy = Cadence("late", [Step(0, preferred_local_time=time(21, 0))])
    p = plan([debtor()], [debt()], strategy=strategy, horizon=2)
    [m] = p.messages
    assert m.local_send_at == local(SCL, 2026, 11, 26, 8, 0)
    [s] = p.skipped
    assert s.code is SkipCode.OUTSIDE_HOURS
    assert s.moved
    assert s.message_id == m.id


def test_a_step_held_back_past_the_horizon_is_sent_by_the_next_days_plan():
    sunday = local(SCL, 2026, 11, 22, 9, 0)
    d = debt(due=date(2026, 11, 22))
    p1 = plan([debtor()], [d], as_of=sunday)
    assert p1.messages == ()
    assert codes(p1) == [SkipCode.CLOSED_DAY]
    p2 = plan([debtor()], [d], as_of=sunday + timedelta(days=1))
    [m] = p2.messages
    assert m.local_send_at == local(SCL, 2026, 11, 23, 9, 0)
    assert p2.skipped[0].moved
    assert p2.skipped[0].code is SkipCode.CLOSED_DAY


def test_a_step_whose_day_passed_is_not_sent_late_unless_catch_up_allows_it():
    d = debt(due=date(2026, 11, 24))  # Tuesday, a working day: it should have gone out then
    assert plan([debtor()], [d]).messages == ()
    catch_up = Cadence("c", [Step(0)], catch_up_days=2)
    [m] = plan([debtor()], [d], strategy=catch_up).messages
    assert m.local_date == date(2026, 11, 25)
    assert any("caught up" in line for line in m.explain)


def test_house_rules_can_only_tighten():
    house = ContactPolicy(
        name="house",
        hours=(
            HoursRule(
                channels=None,
                windows=(Window(days="mon-fri", start="11:00", end="12:00"),),
                source=Source(citation="our rule", basis="house"),
            ),
        ),
    )
    [m] = plan([debtor()], [debt()], house_rules=house).messages
    assert m.local_send_at == local(SCL, 2026, 11, 25, 11, 0)


def test_a_replacement_policy_still_gets_the_whatsapp_opt_in_rule():
    open_all_day = ContactPolicy(name="free")
    d = debtor(channels=("email",), phone="+56961234567")
    strategy = Cadence("c", [Step(0, channels=["whatsapp"])])
    p = plan([d], [debt()], strategy=strategy, policies={"CL": open_all_day})
    assert codes(p) == [SkipCode.NO_CONSENT]


def test_segments_pick_the_first_match_and_unmatched_debts_are_reported():
    small = Segment(
        "small",
        cadence=Cadence("s", [Step(0, template="soft")]),
        amount=(None, 10_000),
        currency="CLP",
    )
    big = Segment("big", cadence=Cadence("b", [Step(0, template="firm")]), amount=(10_001, None))
    d2 = debtor("d2")
    p = Planner([small, big], creditor=CREDITOR).plan(
        [debtor(), d2],
        [debt("x1", amount="5000"), debt("x2", debtor_id="d2", amount="50000")],
        as_of=AS_OF,
    )
    assert {(m.debtor_id, m.template, m.segment) for m in p.messages} == {
        ("d1", "soft", "small"),
        ("d2", "firm", "big"),
    }
    only_small = Planner([small], creditor=CREDITOR).plan(
        [d2], [debt("x2", debtor_id="d2", amount="50000")], as_of=AS_OF
    )
    assert codes(only_small) == [SkipCode.NO_SEGMENT]


def test_a_callable_segment_sees_days_past_due():
    seen = []

    def rule(ctx):
        seen.append(ctx.days_past_due)
        return ctx.days_past_due >= 0

    p = plan(
        [debtor()], [debt()], strategy=[Segment("due", cadence=Cadence("c", [Step(0)]), when=rule)]
    )
    assert len(p.messages) == 1
    assert 0 in seen


def test_the_default_strategy_follows_the_seed_guidance():
    p = plan(
        [debtor()],
        [debt(due=date(2026, 11, 26))],
        strategy=default_strategy(),
        policies={"CL": ContactPolicy(name="free")},
        horizon=14,
    )
    days = [(m.local_date - date(2026, 11, 26)).days for m in p.messages]
    assert days == [-1, 0, 1, 3, 7]


@pytest.mark.parametrize(
    ("preferred", "day", "expected_utc"),
    [
        # 02:30 does not exist on 8 Mar 2026 in New York: first instant after the gap, 03:00 EDT.
        (time(2, 30), date(2026, 3, 8), "2026-03-08T07:00:00+00:00"),
        # 01:30 happens twice on 1 Nov 2026: the earlier one, 01:30 EDT.
        (time(1, 30), date(2026, 11, 1), "2026-11-01T05:30:00+00:00"),
    ],
)
def test_daylight_saving_gaps_move_forward_and_overlaps_take_the_earlier_instant(
    preferred, day, expected_utc
):
    free = ContactPolicy(name="free")
    d = debtor(country="US", timezone="America/New_York")
    p = plan(
        [d],
        [debt(due=day, currency="USD", amount="10")],
        strategy=Cadence("c", [Step(0, preferred_local_time=preferred)]),
        policies={"US": free},
        as_of=local("America/New_York", *day.timetuple()[:3], 0, 0),
    )
    [m] = p.messages
    assert m.send_at.isoformat() == expected_utc


def test_bad_input_raises_errors_that_say_where():
    with pytest.raises(PortfolioError, match="unknown debtor 'ghost'") as info:
        plan([debtor()], [debt(), debt("x2", debtor_id="ghost")])
    assert info.value.row == 1
    with pytest.raises(PortfolioError, match="duplicate debt id"):
        plan([debtor()], [debt(), debt()])
    with pytest.raises(PortfolioError, match="duplicate debtor id"):
        plan([debtor(), debtor()], [debt()])
    with pytest.raises(NaiveDatetimeError, match="as_of"):
        plan([debtor()], [debt()], as_of=AS_OF.replace(tzinfo=None))
    with pytest.raises(PortfolioError, match="policies="):
        plan([debtor(country="ES", timezone="Europe/Madrid")], [debt(currency="EUR")])


def test_planner_repr_and_plan_summary_are_readable():
    planner = Planner(default_strategy(), creditor=CREDITOR)
    assert "default" in repr(planner)
    p = plan([debtor()], [debt()])
    assert "messages=1" in repr(p)
    assert sum(v for k, v in p.summary().items() if k.startswith("message:")) == 1


def test_planned_objects_are_valid_models():
    """The planner builds its output without re-validating; a round trip proves it is valid."""
    from dunning import Message, Plan, Skip
    from dunning._cli._sample import sample_portfolio

    sample = sample_portfolio()
    p = Planner(default_strategy(), creditor=sample.creditor).plan(
        sample.debtors, sample.debts, as_of=sample.as_of, horizon_days=7, history=sample.history
    )
    assert p.messages
    assert p.skipped
    for m in p.messages:
        assert Message.model_validate(m.model_dump()) == m
    for s in p.skipped:
        assert Skip.model_validate(s.model_dump()) == s
    assert Plan.model_validate(p.model_dump()) == p


def test_a_step_that_finds_no_slot_reports_the_lasting_reason_first():
    sunday = local(SCL, 2026, 11, 22, 9, 0)
    revoked = ConsentRevoked(at=local(SCL, 2026, 11, 22, 18, 0), debtor_id="d1", channel="whatsapp")
    d = debtor(phone="+56961234567")
    p = plan(
        [d],
        [debt(due=date(2026, 11, 22))],
        as_of=sunday,
        horizon=3,
        strategy=Cadence("c", [Step(0, channels=["whatsapp"])]),
        history=[revoked],
    )
    assert p.messages == ()
    assert codes(p) == [SkipCode.OPTED_OUT]
