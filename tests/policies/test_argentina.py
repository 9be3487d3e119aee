"""Argentina: no national collection hours in law. Ley 26.951 exempts contact about a contract made
"in reasonable form and hours"; the prudent window is Mon–Fri 09:00–20:00 and Sat 09:00–13:00,
never on Sundays or national holidays (including the yearly bridge days)."""

from __future__ import annotations

from datetime import date

import pytest
from common import codes, debt, debtor, local, plan

from dunning.policy import Basis, Source, for_country

BA = "America/Argentina/Buenos_Aires"
POLICY = for_country("AR")
ANA = debtor("AR", BA)


def at(*args: int):
    return local(BA, *args)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(at(2026, 11, 24, 8, 59), ["outside_hours"], id="Tuesday 08:59"),
        pytest.param(at(2026, 11, 24, 9, 0), [], id="Tuesday 09:00"),
        pytest.param(at(2026, 11, 24, 19, 59), [], id="Tuesday 19:59"),
        pytest.param(at(2026, 11, 24, 20, 0), ["outside_hours"], id="Tuesday 20:00"),
        pytest.param(at(2026, 11, 28, 8, 59), ["outside_hours"], id="Saturday 08:59"),
        pytest.param(at(2026, 11, 28, 9, 0), [], id="Saturday 09:00"),
        pytest.param(at(2026, 11, 28, 12, 59), [], id="Saturday 12:59"),
        pytest.param(at(2026, 11, 28, 13, 0), ["outside_hours"], id="Saturday 13:00"),
        pytest.param(at(2026, 11, 29, 10, 0), ["closed_day"], id="Sunday"),
        pytest.param(at(2026, 11, 23, 10, 0), ["holiday"], id="Soberania Nacional"),
        pytest.param(at(2026, 7, 9, 10, 0), ["holiday"], id="Independencia"),
        pytest.param(at(2026, 7, 10, 10, 0), ["holiday"], id="bridge day"),
        pytest.param(at(2026, 12, 7, 10, 0), ["holiday"], id="December bridge day"),
    ],
)
@pytest.mark.parametrize("channel", ["call", "sms", "email"])
def test_contact_follows_the_prudent_window(channel, when, expected):
    assert codes(POLICY.check(ANA, channel, as_of=when)) == expected


def test_the_window_is_a_prudent_low_confidence_default_citing_ley_26951():
    [rule] = POLICY.hours
    assert rule.source.basis is Basis.PRUDENT
    assert rule.source.confidence == "low"
    assert rule.source.citation.startswith("Ley 26.951")
    assert POLICY.caps == ()


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(at(2026, 11, 28, 13, 0), at(2026, 11, 30, 9, 0), id="Saturday 13:00"),
        pytest.param(at(2026, 11, 20, 20, 0), at(2026, 11, 21, 9, 0), id="Friday night"),
        pytest.param(at(2026, 12, 4, 20, 0), at(2026, 12, 5, 9, 0), id="before the bridge"),
        pytest.param(at(2026, 12, 5, 13, 0), at(2026, 12, 9, 9, 0), id="over 7 and 8 December"),
    ],
)
def test_next_allowed_follows_the_prudent_window(after, expected):
    assert POLICY.next_allowed(ANA, "sms", as_of=after) == expected


# --------------------------------------------------------------------------- operator holidays

DECREE = {date(2026, 11, 25): "Asueto por decreto (ejemplo)"}


def test_an_operator_added_holiday_closes_the_day():
    closed = POLICY.with_holidays(DECREE)
    wednesday = at(2026, 11, 25, 10)
    assert POLICY.check(ANA, "sms", as_of=wednesday) == []
    [violation] = closed.check(ANA, "sms", as_of=wednesday)
    assert violation.code == "holiday"
    assert "Asueto por decreto" in violation.reason
    assert closed.next_allowed(ANA, "sms", as_of=wednesday) == at(2026, 11, 26, 9)


def test_operator_holidays_carry_the_operators_source():
    decree = Source(citation="Decreto 123/2026 (example)", basis="regulator")
    closed = POLICY.with_holidays(DECREE, source=decree)
    assert closed.holidays[-1].source == decree
    assert closed.holiday_dates(2026)[date(2026, 11, 25)] == "Asueto por decreto (ejemplo)"
    assert POLICY.with_holidays(DECREE).holidays[-1].source.basis is Basis.HOUSE


def test_the_planner_moves_a_step_off_an_operator_holiday():
    closed = POLICY.with_holidays(DECREE)
    result = plan(
        [ANA],
        [debt(due=date(2026, 11, 25), currency="ARS")],
        as_of=at(2026, 11, 25, 6),
        horizon=2,
        policies={"AR": closed},
    )
    [skip] = result.skipped
    [message] = result.messages
    assert (skip.code.value, skip.moved_to) == ("holiday", at(2026, 11, 26, 9))
    assert message.local_send_at == at(2026, 11, 26, 9)


def test_without_the_override_the_planner_sends_that_day():
    in_caba = debtor("AR", BA, subdivision="C")
    result = plan(
        [in_caba], [debt(due=date(2026, 11, 25), currency="ARS")], as_of=at(2026, 11, 25, 6)
    )
    assert [m.local_send_at for m in result.messages] == [at(2026, 11, 25, 10)]


def test_a_debtor_of_unknown_province_is_not_contacted_on_any_provinces_holiday():
    # 25 Nov is a provincial holiday in Tierra del Fuego (Día del Genocidio Selk'nam, Ley
    # provincial 1.362): a debtor who may live there is not contacted that day.
    result = plan([ANA], [debt(due=date(2026, 11, 25), currency="ARS")], as_of=at(2026, 11, 25, 6))
    assert [s.code.value for s in result.skipped] == ["holiday"]
    assert result.messages == ()
