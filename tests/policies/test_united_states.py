"""United States: Regulation F (12 CFR 1006) — 08:00–21:00 at the consumer's location (every
possible location when unsure), 7 calls in 7 days per debt, no call within 7 days of a
conversation; Massachusetts 940 CMR 7.04(1)(f): 2 calls or texts per 7 days per debt."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from common import codes, debt, debtor, local, plan, random_instants, reply, sent

from dunning import Step
from dunning.events import ConsentRevoked
from dunning.policy import for_country, for_debtor, for_phone_type

NY = "America/New_York"
LA = "America/Los_Angeles"
FEDERAL = for_country("US")
MASSACHUSETTS = for_country("US", "MA")
IN_NY = debtor("US", NY, phone="+1 212 555 0100")
IN_LA = debtor("US", LA)
ANYWHERE = debtor("US", None)
IN_MA = debtor("US", NY, subdivision="MA", phone="+1 617 555 0100")


def ny(*args: int):
    return local(NY, *args)


@pytest.mark.parametrize(
    ("who", "when", "expected"),
    [
        pytest.param(IN_NY, ny(2026, 11, 25, 7, 30), ["outside_hours"], id="NY 07:30"),
        pytest.param(IN_NY, ny(2026, 11, 25, 8, 0), [], id="NY 08:00"),
        pytest.param(IN_NY, ny(2026, 11, 25, 20, 59), [], id="NY 20:59"),
        pytest.param(IN_NY, ny(2026, 11, 25, 21, 0), ["outside_hours"], id="NY 21:00"),
        pytest.param(IN_NY, ny(2026, 11, 29, 10, 0), [], id="NY Sunday"),
        pytest.param(IN_NY, ny(2026, 11, 26, 10, 0), [], id="NY Thanksgiving"),
        pytest.param(IN_LA, local(LA, 2026, 11, 25, 7, 30), ["outside_hours"], id="LA 07:30"),
        pytest.param(IN_LA, local(LA, 2026, 11, 25, 8, 0), [], id="LA 08:00"),
        pytest.param(IN_LA, ny(2026, 11, 25, 10, 30), ["outside_hours"], id="10:30 NY is LA 07:30"),
        pytest.param(ANYWHERE, ny(2026, 11, 25, 12, 59), ["outside_hours"], id="any 12:59 EST"),
        pytest.param(ANYWHERE, ny(2026, 11, 25, 13, 0), [], id="any 13:00 EST"),
        pytest.param(ANYWHERE, ny(2026, 11, 25, 20, 59), [], id="any 20:59 EST"),
        pytest.param(ANYWHERE, ny(2026, 11, 25, 21, 0), ["outside_hours"], id="any 21:00 EST"),
        pytest.param(ANYWHERE, ny(2026, 7, 15, 13, 59), ["outside_hours"], id="any 13:59 EDT"),
        pytest.param(ANYWHERE, ny(2026, 7, 15, 14, 0), [], id="any 14:00 EDT"),
    ],
)
@pytest.mark.parametrize("channel", ["call", "sms", "email"])
def test_contact_before_eight_or_from_nine_pm_local_is_refused(channel, who, when, expected):
    assert codes(FEDERAL.check(who, channel, as_of=when)) == expected


def test_a_debtor_of_unknown_zone_is_contacted_only_when_every_us_zone_allows_it():
    assert {NY, LA, "Pacific/Honolulu", "America/Adak"} <= set(ANYWHERE.zones)
    singles = {zone: debtor("US", zone) for zone in ANYWHERE.zones}
    allowed = 0
    for when in random_instants("US anywhere", 300):
        if FEDERAL.check(ANYWHERE, "sms", as_of=when) == []:
            allowed += 1
            for zone, single in singles.items():
                assert FEDERAL.check(single, "sms", as_of=when) == [], (zone, when)
    assert allowed > 0


def test_an_area_code_pins_the_zone():
    assert IN_MA.zones == (NY,)
    assert FEDERAL.next_allowed(ANYWHERE, "sms", as_of=ny(2026, 11, 25, 7)) == ny(2026, 11, 25, 13)
    assert FEDERAL.next_allowed(IN_NY, "sms", as_of=ny(2026, 11, 25, 7)) == ny(2026, 11, 25, 8)


# --------------------------------------------------------------------------- calls

WED = ny(2026, 11, 25, 15)
WEEK_OF_CALLS = [sent(ny(2026, 11, 19 + min(k, 5), 9, k), "call", "x1") for k in range(7)]


@pytest.mark.parametrize(
    ("history", "channel", "when", "expected"),
    [
        pytest.param(WEEK_OF_CALLS, "call", WED, ["cap_reached"], id="8th call in 7 days"),
        pytest.param(WEEK_OF_CALLS[1:], "call", WED, [], id="7th call in 7 days"),
        pytest.param(WEEK_OF_CALLS, "call", ny(2026, 11, 26, 10), [], id="the next day"),
        pytest.param(WEEK_OF_CALLS, "sms", WED, [], id="texts are not calls"),
        pytest.param(
            [reply(ny(2026, 11, 23, 10), "call")],
            "call",
            ny(2026, 11, 23, 15),
            ["cap_reached"],
            id="call after a conversation the same day",
        ),
        pytest.param(
            [reply(ny(2026, 11, 23, 10), "call")],
            "call",
            ny(2026, 11, 29, 20),
            ["cap_reached"],
            id="day 7 after a conversation",
        ),
        pytest.param(
            [reply(ny(2026, 11, 23, 10), "call")],
            "call",
            ny(2026, 11, 30, 8),
            [],
            id="day 8 after a conversation",
        ),
        pytest.param(
            [reply(ny(2026, 11, 23, 10), "call")],
            "sms",
            ny(2026, 11, 23, 15),
            [],
            id="a text after a conversation",
        ),
        pytest.param(
            [reply(ny(2026, 11, 23, 10), "sms")],
            "call",
            ny(2026, 11, 23, 15),
            [],
            id="a call after a text reply",
        ),
    ],
)
def test_calls_follow_the_seven_in_seven_presumptions(history, channel, when, expected):
    assert codes(FEDERAL.check(IN_NY, channel, as_of=when, history=history)) == expected


def test_the_seven_call_cap_counts_per_debt():
    debts = [
        debt("x1", due=date(2026, 11, 25), currency="USD"),
        debt("x2", due=date(2026, 11, 25), currency="USD"),
    ]
    result = plan(
        [IN_NY], debts, as_of=ny(2026, 11, 25, 6), channels=("call",), history=WEEK_OF_CALLS
    )
    [message] = result.messages
    [skip] = result.skipped
    assert (message.debt_ids, message.local_send_at) == (("x2",), ny(2026, 11, 25, 10))
    assert (skip.debt_ids, skip.code.value) == (("x1",), "cap_reached")
    assert skip.source is not None and "1006.14(b)(2)(i)" in skip.source.citation


# --------------------------------------------------------------------------- Massachusetts

TWO_TEXTS = [sent(ny(2026, 11, 20, 10), "sms", "x1"), sent(ny(2026, 11, 23, 10), "sms", "x1")]


@pytest.mark.parametrize(
    ("policy", "channel", "when", "expected"),
    [
        pytest.param(MASSACHUSETTS, "sms", WED, ["cap_reached"], id="MA 3rd text"),
        pytest.param(MASSACHUSETTS, "call", WED, ["cap_reached"], id="MA call after 2 texts"),
        pytest.param(MASSACHUSETTS, "whatsapp", WED, ["cap_reached"], id="MA WhatsApp"),
        pytest.param(MASSACHUSETTS, "email", WED, [], id="MA e-mail"),
        pytest.param(
            MASSACHUSETTS, "sms", ny(2026, 11, 27, 10), [], id="MA a week after the first text"
        ),
        pytest.param(FEDERAL, "sms", WED, [], id="federal 3rd text"),
    ],
)
def test_massachusetts_allows_two_calls_or_texts_per_week(policy, channel, when, expected):
    # A mobile: the 2-per-30-days rule for other numbers does not bind.
    at_home = for_phone_type(policy, "mobile")
    assert codes(at_home.check(IN_MA, channel, as_of=when, history=TWO_TEXTS)) == expected


@pytest.mark.parametrize(
    ("phone_type", "expected"),
    [
        pytest.param("mobile", [], id="mobile: 2 per 7 days only"),
        pytest.param("home", [], id="home: 2 per 7 days only"),
        pytest.param("work", ["cap_reached"], id="work: 2 per 30 days"),
        pytest.param("other", ["cap_reached"], id="other: 2 per 30 days"),
        pytest.param(None, ["cap_reached"], id="unknown: 2 per 30 days (prudent)"),
    ],
)
def test_massachusetts_allows_two_per_thirty_days_at_other_numbers(phone_type, expected):
    # 940 CMR 7.04(1)(f): two texts on 20 and 23 Nov; a third on 1 Dec is more than 7 days after
    # the first but inside 30 days.
    who = IN_MA.model_copy(update={"phone_type": phone_type})
    policy = for_debtor(who)
    assert codes(
        policy.check(who, "sms", as_of=ny(2026, 12, 1, 10), history=TWO_TEXTS, debt_ids=["x1"])
    ) == (expected)


def test_the_massachusetts_cap_counts_per_debt_in_the_planner():
    debts = [
        debt("x1", due=date(2026, 11, 25), currency="USD"),
        debt("x2", due=date(2026, 11, 25), currency="USD"),
    ]
    result = plan([IN_MA], debts, as_of=ny(2026, 11, 25, 6), channels=("sms",), history=TWO_TEXTS)
    assert [m.debt_ids for m in result.messages] == [("x2",)]
    assert [(s.debt_ids, s.code.value) for s in result.skipped] == [(("x1",), "cap_reached")]
    assert "940 CMR 7.04(1)(f)" in result.skipped[0].source.citation


# --------------------------------------------------------------------------- opt-out and content


def test_an_opt_out_of_texts_stops_texts_citing_regulation_f():
    history = [ConsentRevoked(at=ny(2026, 11, 20, 10), debtor_id="d", channel="sms")]
    [violation] = FEDERAL.check(IN_NY, "sms", as_of=WED, history=history)
    assert violation.code == "opted_out"
    assert violation.source.citation.startswith("12 CFR 1006.14(h)")
    assert FEDERAL.check(IN_NY, "email", as_of=WED, history=history) == []


def test_every_text_and_email_must_offer_an_opt_out():
    rule, _ = FEDERAL.content
    assert rule.element == "opt_out"
    assert {c.value for c in rule.channels} == {"sms", "whatsapp", "email"}


# --------------------------------------------------------------------------- planner


def test_a_step_wanted_at_half_past_seven_goes_out_at_eight():
    early = Step(0, channels=("email",), preferred_local_time=time(7, 30))
    result = plan(
        [IN_NY],
        [debt(due=date(2026, 11, 25), currency="USD")],
        as_of=ny(2026, 11, 25, 6),
        steps=[early],
    )
    assert [m.local_send_at for m in result.messages] == [ny(2026, 11, 25, 8)]


def test_the_planner_waits_for_hawaii_when_the_zone_is_unknown():
    result = plan(
        [ANYWHERE], [debt(due=date(2026, 11, 25), currency="USD")], as_of=ny(2026, 11, 25, 6)
    )
    [message] = result.messages
    assert message.local_send_at == ny(2026, 11, 25, 13)
    assert message.send_at.astimezone(ZoneInfo("Pacific/Honolulu")).hour == 8
    assert any("time zone unknown" in line for line in message.explain)
