"""Mexico: CONDUSEF's 2014 rules for collection agencies — 07:00–22:00 in the debtor's own time
zone, every day; identification at first contact; no frequency cap in force."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from common import codes, debt, debtor, local, plan, sent

from dunning import Debtor, Step
from dunning.policy import Basis, for_country

TIJUANA = "America/Tijuana"
CDMX = "America/Mexico_City"
POLICY = for_country("MX")
IN_TIJUANA = debtor("MX", TIJUANA)
IN_CDMX = debtor("MX", CDMX)
ZONE_UNKNOWN = debtor("MX", None)


@pytest.mark.parametrize(
    ("tijuana_time", "in_tijuana", "in_cdmx"),
    [
        # November: Tijuana UTC-8, Mexico City UTC-6 (no DST since 2022).
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 22, 30),
            ["outside_hours"],
            ["outside_hours"],
            id="Nov 22:30 TJ = 00:30 CDMX",
        ),
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 21, 30),
            [],
            ["outside_hours"],
            id="Nov 21:30 TJ = 23:30 CDMX",
        ),
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 20, 30),
            [],
            ["outside_hours"],
            id="Nov 20:30 TJ = 22:30 CDMX",
        ),
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 6, 30),
            ["outside_hours"],
            [],
            id="Nov 06:30 TJ = 08:30 CDMX",
        ),
        # July: Tijuana keeps US daylight saving (UTC-7), Mexico City does not.
        pytest.param(
            local(TIJUANA, 2026, 7, 15, 22, 30),
            ["outside_hours"],
            ["outside_hours"],
            id="Jul 22:30 TJ = 23:30 CDMX",
        ),
        pytest.param(
            local(TIJUANA, 2026, 7, 15, 21, 30),
            [],
            ["outside_hours"],
            id="Jul 21:30 TJ = 22:30 CDMX",
        ),
        pytest.param(local(TIJUANA, 2026, 7, 15, 20, 30), [], [], id="Jul 20:30 TJ = 21:30 CDMX"),
    ],
)
def test_the_same_instant_is_judged_on_each_debtors_own_clock(tijuana_time, in_tijuana, in_cdmx):
    assert codes(POLICY.check(IN_TIJUANA, "sms", as_of=tijuana_time)) == in_tijuana
    assert codes(POLICY.check(IN_CDMX, "sms", as_of=tijuana_time)) == in_cdmx


@pytest.mark.parametrize(
    ("channel", "when", "expected"),
    [
        pytest.param("call", local(CDMX, 2026, 11, 25, 6, 59), ["outside_hours"], id="06:59"),
        pytest.param("call", local(CDMX, 2026, 11, 25, 7, 0), [], id="07:00"),
        pytest.param("email", local(CDMX, 2026, 11, 25, 21, 59), [], id="21:59"),
        pytest.param("email", local(CDMX, 2026, 11, 25, 22, 0), ["outside_hours"], id="22:00"),
        pytest.param("sms", local(CDMX, 2026, 11, 29, 10, 0), [], id="Sunday"),
        pytest.param("call", local(CDMX, 2026, 11, 16, 10, 0), [], id="Revolution Day"),
    ],
)
def test_every_day_is_open_from_seven_to_ten_in_mexico_city(channel, when, expected):
    assert codes(POLICY.check(IN_CDMX, channel, as_of=when)) == expected


def test_a_tijuana_phone_number_puts_the_debtor_on_tijuana_time():
    by_phone = Debtor(id="d", name="Ana", country="MX", phone="+52 664 123 4567")
    assert by_phone.zones == (TIJUANA,)
    assert codes(POLICY.check(by_phone, "sms", as_of=local(TIJUANA, 2026, 11, 25, 22, 30))) == [
        "outside_hours"
    ]
    assert POLICY.check(by_phone, "sms", as_of=local(TIJUANA, 2026, 11, 25, 21, 30)) == []


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 22, 30),
            local(TIJUANA, 2026, 11, 26, 7),
            id="Tijuana night",
        ),
        pytest.param(
            local(TIJUANA, 2026, 11, 25, 21, 30),
            local(TIJUANA, 2026, 11, 25, 21, 30),
            id="Tijuana 21:30 is allowed",
        ),
    ],
)
def test_next_allowed_for_a_tijuana_debtor_runs_on_tijuana_time(after, expected):
    assert POLICY.next_allowed(IN_TIJUANA, "sms", as_of=after) == expected


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        # Cancún (UTC-5) closes at 21:00 Mexico City time; Tijuana opens at 09:00 in November.
        pytest.param(local(CDMX, 2026, 11, 25, 7), local(CDMX, 2026, 11, 25, 9), id="November"),
        pytest.param(local(CDMX, 2026, 11, 25, 21), local(CDMX, 2026, 11, 26, 9), id="evening"),
        pytest.param(local(CDMX, 2026, 7, 15, 7), local(CDMX, 2026, 7, 15, 8), id="July"),
    ],
)
def test_a_debtor_of_unknown_zone_gets_only_hours_open_in_every_mexican_zone(after, expected):
    assert TIJUANA in ZONE_UNKNOWN.zones and "America/Cancun" in ZONE_UNKNOWN.zones
    assert POLICY.next_allowed(ZONE_UNKNOWN, "email", as_of=after) == expected
    assert codes(POLICY.check(ZONE_UNKNOWN, "email", as_of=local(CDMX, 2026, 11, 25, 21))) == [
        "outside_hours"
    ]


def test_no_frequency_cap_applies():
    noon = local(CDMX, 2026, 11, 25, 12)
    history = [sent(noon.replace(hour=h), "call", "x1") for h in range(7, 12)]
    assert POLICY.caps == ()
    assert POLICY.check(IN_CDMX, "call", as_of=noon, history=history) == []


def test_whatsapp_needs_an_opt_in_and_other_channels_do_not():
    nobody = debtor("MX", CDMX, channels=())
    noon = local(CDMX, 2026, 11, 25, 12)
    assert codes(POLICY.check(nobody, "whatsapp", as_of=noon)) == ["no_consent"]
    assert POLICY.check(nobody, "sms", as_of=noon) == []


def test_the_first_contact_must_identify_the_agency_and_the_lender():
    first, every = POLICY.content
    assert (first.element, first.first_contact_only) == ("creditor_identification", True)
    assert first.source.citation.startswith("CONDUSEF")
    # The duty to identify fully is read prudently as every contact (audit, December 2026).
    assert (every.element, every.first_contact_only) == ("creditor_identification", False)
    assert every.source.basis.value == "prudent"
    assert every.creditor_fields == ("name",)


def test_only_the_call_window_is_law_and_its_extension_to_messages_is_prudent():
    voice, written = POLICY.hours
    assert (voice.source.basis, written.source.basis) == (Basis.LAW, Basis.PRUDENT)
    assert not voice.closed_on_holidays and not written.closed_on_holidays


# --------------------------------------------------------------------------- planner


def test_the_planner_sends_at_ten_on_each_debtors_own_clock():
    tj, cdmx = debtor("MX", TIJUANA, id="tj"), debtor("MX", CDMX, id="cdmx")
    debts = [
        debt("a", due=date(2026, 11, 25), currency="MXN", debtor_id="tj"),
        debt("b", due=date(2026, 11, 25), currency="MXN", debtor_id="cdmx"),
    ]
    result = plan([tj, cdmx], debts, as_of=local(TIJUANA, 2026, 11, 25, 0))
    sends = {m.debtor_id: m.send_at for m in result.messages}
    assert sends == {"tj": local(TIJUANA, 2026, 11, 25, 10), "cdmx": local(CDMX, 2026, 11, 25, 10)}
    assert sends["tj"] - sends["cdmx"] == timedelta(hours=2)


def test_a_step_wanted_at_half_past_ten_at_night_moves_to_seven_next_morning_in_tijuana():
    late = Step(0, channels=("email",), preferred_local_time=time(22, 30))
    result = plan(
        [IN_TIJUANA],
        [debt(due=date(2026, 11, 25), currency="MXN")],
        as_of=local(TIJUANA, 2026, 11, 25, 6),
        horizon=2,
        steps=[late],
    )
    [skip] = result.skipped
    [message] = result.messages
    assert (skip.code.value, skip.moved_to) == ("outside_hours", local(TIJUANA, 2026, 11, 26, 7))
    assert message.local_send_at.isoformat() == "2026-11-26T07:00:00-08:00"
