"""Chile: Ley 19.496 art. 37 (Ley 21.320) — Mon–Sat 08:00–20:00 except holidays, 1 call or visit
and 2 written messages (2 days apart) per rolling week, stop on legal action."""

from __future__ import annotations

from datetime import date

import pytest
from common import codes, debt, debtor, local, plan, reply, sent

from dunning import Step
from dunning.events import LegalActionStarted
from dunning.policy import Basis, for_country

SCL = "America/Santiago"
POLICY = for_country("CL")
ANA = debtor("CL", SCL)


def at(*args: int):
    return local(SCL, *args)


# --------------------------------------------------------------------------- hours and days


@pytest.mark.parametrize(
    ("channel", "when", "expected"),
    [
        pytest.param("email", at(2026, 11, 23, 7, 59), ["outside_hours"], id="Monday 07:59"),
        pytest.param("email", at(2026, 11, 23, 8, 0), [], id="Monday 08:00"),
        pytest.param("email", at(2026, 11, 23, 19, 59), [], id="Monday 19:59"),
        pytest.param("email", at(2026, 11, 23, 20, 0), ["outside_hours"], id="Monday 20:00"),
        pytest.param("sms", at(2026, 11, 28, 10, 0), [], id="Saturday 10:00"),
        pytest.param("email", at(2026, 11, 22, 10, 0), ["closed_day"], id="Sunday 10:00"),
        pytest.param("call", at(2026, 11, 22, 10, 0), ["closed_day"], id="Sunday call"),
        pytest.param("email", at(2026, 12, 8, 10, 0), ["holiday"], id="Inmaculada Concepcion"),
        pytest.param("call", at(2026, 12, 8, 10, 0), ["holiday"], id="Inmaculada call"),
        pytest.param("email", at(2026, 9, 18, 10, 0), ["holiday"], id="Fiestas Patrias"),
        pytest.param("visit", at(2026, 9, 19, 10, 0), ["holiday"], id="Glorias del Ejercito"),
        pytest.param("letter", at(2026, 10, 31, 10, 0), ["holiday"], id="Saturday holiday"),
    ],
)
def test_contact_is_allowed_monday_to_saturday_eight_to_eight_except_holidays(
    channel, when, expected
):
    assert codes(POLICY.check(ANA, channel, as_of=when)) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(at(2026, 11, 22, 10, 0), at(2026, 11, 23, 8, 0), id="Sunday to Monday"),
        pytest.param(at(2026, 11, 28, 19, 0), at(2026, 11, 28, 19, 0), id="already allowed"),
        pytest.param(at(2026, 11, 28, 20, 0), at(2026, 11, 30, 8, 0), id="Saturday night"),
        pytest.param(at(2026, 12, 7, 20, 30), at(2026, 12, 9, 8, 0), id="over 8 December"),
        pytest.param(at(2026, 9, 17, 21, 0), at(2026, 9, 21, 8, 0), id="over Fiestas Patrias"),
    ],
)
def test_next_allowed_is_the_next_working_day_at_eight(after, expected):
    assert POLICY.next_allowed(ANA, "email", as_of=after) == expected


def test_the_window_for_written_channels_is_a_prudent_extension_of_the_call_window():
    voice, written = POLICY.hours
    assert voice.source.basis is Basis.LAW
    assert (written.source.basis, written.source.confidence) == (Basis.PRUDENT, "low")
    assert [str(w) for w in voice.windows] == [str(w) for w in written.windows]


# --------------------------------------------------------------------------- caps

MON, TUE, WED, THU, FRI, SAT = (at(2026, 11, d, 10, 0) for d in (23, 24, 25, 26, 27, 28))
NEXT_MON, NEXT_TUE = at(2026, 11, 30, 10, 0), at(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(
    ("history", "channel", "when", "expected"),
    [
        pytest.param([sent(MON, "email")], "email", TUE, ["min_gap"], id="next day: min gap"),
        pytest.param(
            [sent(MON, "email")], "sms", WED, ["min_gap"], id="dates two apart: one whole day"
        ),
        pytest.param([sent(MON, "email")], "sms", THU, [], id="two whole days between"),
        pytest.param(
            [sent(MON, "email"), sent(WED, "sms")],
            "whatsapp",
            FRI,
            ["cap_reached"],
            id="third written in a week",
        ),
        pytest.param(
            [sent(MON, "email"), sent(WED, "sms")],
            "email",
            SAT,
            ["cap_reached"],
            id="third on Saturday",
        ),
        pytest.param(
            [sent(MON, "email"), sent(WED, "sms")],
            "email",
            NEXT_MON,
            [],
            id="a week after the first",
        ),
        pytest.param(
            [sent(THU, "email"), sent(SAT, "email")],
            "email",
            NEXT_TUE,
            ["cap_reached"],
            id="rolling week spans a calendar week",
        ),
        pytest.param(
            [sent(MON, "email"), sent(WED, "email")],
            "call",
            THU,
            [],
            id="written cap does not limit calls",
        ),
        pytest.param([sent(MON, "call")], "call", SAT, ["cap_reached"], id="second call"),
        pytest.param([sent(MON, "call")], "visit", TUE, ["cap_reached"], id="visit after call"),
        pytest.param([sent(MON, "call")], "call", NEXT_MON, [], id="call a week later"),
        pytest.param(
            [sent(MON, "call")], "email", MON, [], id="a call leaves the written cap alone"
        ),
        pytest.param([reply(MON, "whatsapp")], "whatsapp", MON, [], id="replies do not count"),
    ],
)
def test_the_weekly_caps_count_any_seven_consecutive_days(history, channel, when, expected):
    assert codes(POLICY.check(ANA, channel, as_of=when, history=history)) == expected


def test_next_allowed_waits_out_the_gap_and_the_weekly_cap():
    # "separación de, al menos, dos días": two whole days between (Código Civil art. 48), so
    # after Monday the next written contact is Thursday (the prudent reading).
    assert POLICY.next_allowed(ANA, "email", as_of=MON, history=[sent(MON, "email")]) == at(
        2026, 11, 26, 8
    )
    two = [sent(MON, "email"), sent(THU, "email")]
    assert POLICY.next_allowed(ANA, "email", as_of=THU, history=two) == at(2026, 11, 30, 8)


def test_the_two_whole_days_reading_is_a_separate_prudent_rule_counsel_can_drop():
    law, prudent = POLICY.caps[1:]
    assert (law.min_gap_days, law.source.basis) == (2, Basis.LAW)
    assert (prudent.min_gap_days, prudent.source.basis) == (3, Basis.PRUDENT)
    relaxed = POLICY.model_copy(update={"caps": POLICY.caps[:2]})
    assert relaxed.check(ANA, "sms", as_of=WED, history=[sent(MON, "email")]) == []


# --------------------------------------------------------------------------- consent and stops


def test_whatsapp_needs_an_opt_in_but_sms_and_email_do_not():
    nobody = debtor("CL", SCL, channels=())
    assert codes(POLICY.check(nobody, "whatsapp", as_of=MON)) == ["no_consent"]
    assert POLICY.check(nobody, "sms", as_of=MON) == []
    assert POLICY.check(nobody, "email", as_of=MON) == []


def test_legal_action_stops_extrajudicial_collection_citing_article_37():
    history = [LegalActionStarted(at=at(2026, 11, 20, 9), debtor_id="d")]
    [violation] = POLICY.check(ANA, "email", as_of=MON, history=history)
    assert violation.code == "legal_action"
    assert violation.source.citation.startswith("Ley 19.496 art. 37")


# --------------------------------------------------------------------------- planner


@pytest.mark.parametrize(
    ("due", "code", "moved_to"),
    [
        pytest.param(date(2026, 11, 22), "closed_day", at(2026, 11, 23, 8), id="Sunday"),
        pytest.param(date(2026, 12, 8), "holiday", at(2026, 12, 9, 8), id="8 December"),
        pytest.param(date(2026, 9, 18), "holiday", at(2026, 9, 21, 8), id="18 September"),
    ],
)
def test_a_step_on_a_closed_day_moves_to_eight_on_the_next_working_day(due, code, moved_to):
    as_of = at(due.year, due.month, due.day, 9)
    result = plan([ANA], [debt(due=due, currency="CLP")], as_of=as_of, horizon=4)
    [skip] = result.skipped
    [message] = result.messages
    assert (skip.code.value, skip.on, skip.moved_to) == (code, due, moved_to)
    assert skip.source is not None and skip.source.citation.startswith("Ley 19.496 art. 37")
    assert message.local_send_at == moved_to
    assert message.local_send_at.isoformat().endswith("08:00:00-03:00")
    assert skip.message_id == message.id


def test_the_planner_spaces_daily_steps_two_days_apart_and_two_a_week():
    daily = [Step(k, channels=("email",)) for k in range(7)]
    result = plan(
        [ANA],
        [debt(due=date(2026, 11, 23), currency="CLP")],
        as_of=at(2026, 11, 23, 9),
        horizon=7,
        steps=daily,
    )
    assert [m.local_send_at for m in result.messages] == [at(2026, 11, 23, 10), at(2026, 11, 26, 8)]
    assert [(s.on.day, s.code.value) for s in result.skipped] == [
        (24, "min_gap"),
        (25, "cap_reached"),
        (27, "cap_reached"),
        (28, "cap_reached"),
        (29, "closed_day"),
    ]
