"""Colombia: Ley 2300 de 2023 — only authorised channels; Mon–Fri 07:00–19:00, Sat 08:00–15:00,
never on Sundays or festivos; after a direct (two-way) contact, once a day, one channel a week."""

from __future__ import annotations

from datetime import date, time

import pytest
from common import EVERY_CHANNEL, codes, debt, debtor, local, plan, reply, sent

from dunning import Step
from dunning.events import ConsentGranted
from dunning.policy import for_country

BOG = "America/Bogota"
POLICY = for_country("CO")
ANA = debtor("CO", BOG)


def at(*args: int):
    return local(BOG, *args)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(at(2026, 11, 23, 6, 59), ["outside_hours"], id="Monday 06:59"),
        pytest.param(at(2026, 11, 23, 7, 0), [], id="Monday 07:00"),
        pytest.param(at(2026, 11, 23, 18, 59), [], id="Monday 18:59"),
        pytest.param(at(2026, 11, 23, 19, 0), ["outside_hours"], id="Monday 19:00"),
        pytest.param(at(2026, 11, 28, 7, 59), ["outside_hours"], id="Saturday 07:59"),
        pytest.param(at(2026, 11, 28, 8, 0), [], id="Saturday 08:00"),
        pytest.param(at(2026, 11, 28, 14, 0), [], id="Saturday 14:00"),
        pytest.param(at(2026, 11, 28, 14, 59), [], id="Saturday 14:59"),
        pytest.param(at(2026, 11, 28, 15, 0), ["outside_hours"], id="Saturday 15:00"),
        pytest.param(at(2026, 11, 28, 16, 30), ["outside_hours"], id="Saturday 16:30"),
        pytest.param(at(2026, 11, 29, 10, 0), ["closed_day"], id="Sunday"),
        pytest.param(at(2026, 12, 8, 10, 0), ["holiday"], id="Inmaculada Concepcion"),
        pytest.param(at(2026, 7, 13, 10, 0), ["holiday"], id="Chiquinquira (Ley 2578)"),
        pytest.param(at(2026, 11, 16, 10, 0), ["holiday"], id="Cartagena, Emiliani Monday"),
    ],
)
@pytest.mark.parametrize("channel", ["call", "whatsapp", "email"])
def test_contact_hours_days_and_festivos_hold_for_every_channel(channel, when, expected):
    assert codes(POLICY.check(ANA, channel, as_of=when)) == expected


@pytest.mark.parametrize("channel", [c.value for c in EVERY_CHANNEL])
def test_without_an_authorisation_no_channel_may_be_used(channel):
    nobody = debtor("CO", BOG, channels=())
    violations = POLICY.check(nobody, channel, as_of=at(2026, 11, 23, 10))
    assert codes(violations)[0] == "no_consent"
    assert violations[0].source.citation.startswith("Ley 2300 de 2023 art. 2")
    assert POLICY.next_allowed(nobody, channel, as_of=at(2026, 11, 23, 10)) is None


@pytest.mark.parametrize("when", [at(2026, 11, 23, 10), at(2026, 11, 28, 9)])
def test_no_visit_is_planned_while_reports_conflict_on_whether_they_are_banned(when):
    # Ley 2300 art. 3: reports disagree on home and workplace visits; the prudent default
    # allows none, labelled so that counsel can replace it.
    [violation] = POLICY.check(ANA, "visit", as_of=when)
    assert violation.code == "closed_day"
    assert violation.source is not None and violation.source.basis.value == "prudent"
    assert POLICY.next_allowed(ANA, "visit", as_of=when) is None
    assert codes(POLICY.check(ANA, "call", as_of=when)) == []


def test_an_authorisation_recorded_as_an_event_opens_that_channel_only():
    nobody = debtor("CO", BOG, channels=())
    history = [ConsentGranted(at=at(2026, 11, 20, 9), debtor_id="d", channel="sms")]
    assert POLICY.check(nobody, "sms", as_of=at(2026, 11, 23, 10), history=history) == []
    assert codes(POLICY.check(nobody, "email", as_of=at(2026, 11, 23, 10), history=history)) == [
        "no_consent"
    ]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(at(2026, 11, 28, 15, 0), at(2026, 11, 30, 7, 0), id="Saturday 15:00"),
        pytest.param(at(2026, 12, 7, 19, 0), at(2026, 12, 9, 7, 0), id="over 8 December"),
        pytest.param(at(2026, 11, 27, 20, 0), at(2026, 11, 28, 8, 0), id="Friday night"),
    ],
)
def test_next_allowed_skips_evenings_sundays_and_festivos(after, expected):
    assert POLICY.next_allowed(ANA, "sms", as_of=after) == expected


# --------------------------------------------------------------------------- after a direct contact

MON_10, MON_15 = at(2026, 11, 23, 10), at(2026, 11, 23, 15)
TUE_10 = at(2026, 11, 24, 10)
TUE_9, TUE_11, WED = at(2026, 11, 24, 9), at(2026, 11, 24, 11), at(2026, 11, 25, 10)
SAT, NEXT_MON = at(2026, 11, 28, 10), at(2026, 11, 30, 10)


@pytest.mark.parametrize(
    ("history", "channel", "when", "expected"),
    [
        pytest.param(
            [reply(MON_10, "whatsapp")],
            "whatsapp",
            MON_15,
            ["cap_reached"],
            id="second contact the same day",
        ),
        pytest.param(
            [reply(MON_10, "whatsapp")],
            "sms",
            WED,
            ["cap_reached"],
            id="another channel the same week",
        ),
        pytest.param(
            [reply(MON_10, "whatsapp")],
            "call",
            SAT,
            ["cap_reached"],
            id="a call on Saturday of that week",
        ),
        pytest.param(
            [reply(MON_10, "whatsapp")], "whatsapp", WED, [], id="the same channel two days later"
        ),
        pytest.param(
            [reply(MON_10, "whatsapp")], "sms", NEXT_MON, [], id="another channel a week later"
        ),
        pytest.param(
            [sent(MON_10, "sms")],
            "call",
            TUE_10,
            [],
            id="unanswered messages: no weekly channel limit",
        ),
        pytest.param(
            [sent(MON_10, "sms")],
            "call",
            MON_15,
            ["cap_reached"],
            id="before any reply still one a day (prudent SFC reading)",
        ),
    ],
)
def test_a_two_way_contact_starts_the_daily_and_weekly_limits(history, channel, when, expected):
    assert codes(POLICY.check(ANA, channel, as_of=when, history=history)) == expected


def test_after_a_two_way_contact_a_later_day_still_allows_only_one_contact():
    # Rule gap: Ley 2300 art. 3 — once a direct contact is made, "no more than once a day"
    # (contact-law.md §3). The 1-per-1-day cap with after_two_way_contact only binds on the day
    # of the reply itself, so on Tuesday a second WhatsApp message is allowed.
    history = [reply(MON_10, "whatsapp"), sent(TUE_9, "whatsapp")]
    assert codes(POLICY.check(ANA, "whatsapp", as_of=TUE_11, history=history)) == ["cap_reached"]


def test_channels_used_before_the_two_way_contact_do_not_count_toward_the_one_channel_week():
    # Engine over-reach: the week of one channel runs from the direct contact ("caps that start
    # after a direct contact count from it", DESIGN.md), yet an unanswered SMS sent the day
    # before the WhatsApp reply blocks every follow-up, even on WhatsApp, for a week.
    history = [sent(MON_10, "sms"), reply(TUE_9, "whatsapp")]
    assert POLICY.check(ANA, "whatsapp", as_of=WED, history=history) == []


# --------------------------------------------------------------------------- planner


def test_the_planner_skips_every_step_of_a_debtor_who_authorised_no_channel():
    nobody = debtor("CO", BOG, channels=(), phone="+57 301 234 5678")
    steps = [Step(k, channels=("whatsapp", "sms", "email")) for k in (0, 1, 2)]
    result = plan(
        [nobody],
        [debt(due=date(2026, 11, 24), currency="COP")],
        as_of=at(2026, 11, 24, 6),
        horizon=3,
        steps=steps,
    )
    assert result.messages == ()
    assert [s.code.value for s in result.skipped] == ["no_consent"] * 3


def test_a_step_after_three_on_saturday_moves_to_monday_at_seven():
    late = Step(0, channels=("email",), preferred_local_time=time(16, 0))
    result = plan(
        [ANA],
        [debt(due=date(2026, 11, 28), currency="COP")],
        as_of=at(2026, 11, 28, 6),
        horizon=3,
        steps=[late],
    )
    [skip] = result.skipped
    [message] = result.messages
    assert (skip.code.value, skip.moved_to) == ("outside_hours", at(2026, 11, 30, 7))
    assert message.local_send_at == at(2026, 11, 30, 7)


@pytest.mark.parametrize(("channel", "sent_on"), [("sms", WED), ("email", None)])
def test_after_a_reply_the_planner_keeps_to_the_channel_of_the_week(channel, sent_on):
    ana = debtor("CO", BOG, channels=("sms", "email"), phone="+57 301 234 5678")
    result = plan(
        [ana],
        [debt(due=date(2026, 11, 25), currency="COP")],
        as_of=at(2026, 11, 25, 6),
        horizon=7,
        channels=(channel,),
        history=[reply(MON_10, "sms")],
    )
    assert [m.send_at for m in result.messages] == ([sent_on] if sent_on else [])
    if sent_on is None:
        assert [s.code.value for s in result.skipped] == ["cap_reached"]
