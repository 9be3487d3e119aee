"""Peru: Ley 29571 art. 62(b) — no calls or visits 20:00–07:00, nor on Saturdays, Sundays or
holidays; the same window applied to messages (prudent); no frequency cap in force."""

from __future__ import annotations

from datetime import date

import pytest
from common import codes, debt, debtor, local, plan, sent

from dunning.policy import Basis, for_country

LIMA = "America/Lima"
POLICY = for_country("PE")
ANA = debtor("PE", LIMA)


def at(*args: int):
    return local(LIMA, *args)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(at(2026, 11, 23, 6, 59), ["outside_hours"], id="Monday 06:59"),
        # "entre las 20:00 horas y las 07:00 horas": 07:00 itself is banned (audit, Dec 2026).
        pytest.param(at(2026, 11, 23, 7, 0), ["outside_hours"], id="Monday 07:00"),
        pytest.param(at(2026, 11, 23, 7, 1), [], id="Monday 07:01"),
        pytest.param(at(2026, 11, 25, 19, 59), [], id="Wednesday 19:59"),
        pytest.param(at(2026, 11, 25, 20, 0), ["outside_hours"], id="Wednesday 20:00"),
        pytest.param(at(2026, 11, 27, 19, 59), [], id="Friday 19:59"),
        pytest.param(at(2026, 11, 28, 10, 0), ["closed_day"], id="Saturday"),
        pytest.param(at(2026, 11, 29, 10, 0), ["closed_day"], id="Sunday"),
        pytest.param(at(2026, 12, 8, 10, 0), ["holiday"], id="Inmaculada Concepcion"),
        pytest.param(at(2026, 12, 9, 10, 0), ["holiday"], id="Batalla de Ayacucho"),
        pytest.param(at(2026, 7, 28, 10, 0), ["holiday"], id="Fiestas Patrias"),
        pytest.param(at(2026, 8, 6, 10, 0), ["holiday"], id="Batalla de Junin"),
    ],
)
@pytest.mark.parametrize("channel", ["call", "visit", "sms", "email"])
def test_contact_is_allowed_on_weekdays_seven_to_eight_except_holidays(channel, when, expected):
    assert codes(POLICY.check(ANA, channel, as_of=when)) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(at(2026, 11, 27, 20, 0), at(2026, 11, 30, 7, 1), id="Friday 20:00"),
        pytest.param(at(2026, 11, 28, 9, 0), at(2026, 11, 30, 7, 1), id="Saturday"),
        pytest.param(at(2026, 12, 7, 20, 0), at(2026, 12, 10, 7, 1), id="over 8 and 9 December"),
        pytest.param(at(2026, 11, 25, 19, 59), at(2026, 11, 25, 19, 59), id="already allowed"),
    ],
)
def test_next_allowed_is_the_next_working_day_at_seven(after, expected):
    assert POLICY.next_allowed(ANA, "call", as_of=after) == expected


def test_calls_are_the_law_and_messages_follow_the_same_window_prudently():
    voice, written = POLICY.hours
    assert voice.source.citation.startswith("Ley 29571 art. 62(b)")
    assert (voice.source.basis, written.source.basis) == (Basis.LAW, Basis.PRUDENT)
    assert voice.closed_on_holidays and written.closed_on_holidays


def test_no_frequency_cap_applies():
    history = [sent(at(2026, 11, 25, h), "call", "x1") for h in range(8, 12)]
    assert POLICY.caps == ()
    assert POLICY.check(ANA, "call", as_of=at(2026, 11, 25, 12), history=history) == []


def test_whatsapp_needs_an_opt_in_and_sms_does_not():
    nobody = debtor("PE", LIMA, channels=())
    assert codes(POLICY.check(nobody, "whatsapp", as_of=at(2026, 11, 25, 12))) == ["no_consent"]
    assert POLICY.check(nobody, "sms", as_of=at(2026, 11, 25, 12)) == []


# --------------------------------------------------------------------------- planner


@pytest.mark.parametrize(
    ("due", "code", "moved_to"),
    [
        pytest.param(date(2026, 11, 28), "closed_day", at(2026, 11, 30, 7, 1), id="Saturday"),
        pytest.param(date(2026, 12, 8), "holiday", at(2026, 12, 10, 7, 1), id="8 December"),
    ],
)
def test_a_step_on_a_closed_day_moves_to_seven_on_the_next_working_day(due, code, moved_to):
    result = plan(
        [ANA], [debt(due=due, currency="PEN")], as_of=at(due.year, due.month, due.day, 6), horizon=3
    )
    [skip] = result.skipped
    [message] = result.messages
    assert (skip.code.value, skip.moved_to, skip.message_id) == (code, moved_to, message.id)
    assert message.local_send_at.isoformat() == moved_to.isoformat()


def test_a_step_at_the_preferred_ten_oclock_on_a_weekday_goes_out_as_planned():
    result = plan([ANA], [debt(due=date(2026, 11, 25), currency="PEN")], as_of=at(2026, 11, 25, 6))
    assert [m.local_send_at for m in result.messages] == [at(2026, 11, 25, 10)]
    assert result.skipped == ()
