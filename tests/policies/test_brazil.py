"""Brazil: CDC arts. 42, 42-A, 71 (no federal hours: market practice Mon–Fri 08:00–20:00,
Sat 08:00–14:00, not on Sundays or holidays) and São Paulo's Lei 15.426/2014 (the same window
as law, with the state's own holidays)."""

from __future__ import annotations

from datetime import date, time

import pytest
from common import codes, debt, debtor, local, plan

from dunning import ChannelKind, Step
from dunning.policy import Basis, for_country

SP = "America/Sao_Paulo"
NATIONAL = for_country("BR")
SAO_PAULO = for_country("BR", "SP")
IN_SP = debtor("BR", SP, subdivision="SP")
IN_BR = debtor("BR", SP)


def at(*args: int):
    return local(SP, *args)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param(at(2026, 11, 23, 7, 59), ["outside_hours"], id="Monday 07:59"),
        pytest.param(at(2026, 11, 23, 8, 0), [], id="Monday 08:00"),
        pytest.param(at(2026, 11, 23, 19, 59), [], id="Monday 19:59"),
        pytest.param(at(2026, 11, 23, 20, 0), ["outside_hours"], id="Monday 20:00"),
        pytest.param(at(2026, 11, 28, 8, 0), [], id="Saturday 08:00"),
        pytest.param(at(2026, 11, 28, 13, 59), [], id="Saturday 13:59"),
        pytest.param(at(2026, 11, 28, 14, 0), ["outside_hours"], id="Saturday 14:00"),
        pytest.param(at(2026, 11, 29, 10, 0), ["closed_day"], id="Sunday"),
        pytest.param(at(2026, 11, 20, 10, 0), ["holiday"], id="Consciencia Negra (national)"),
        pytest.param(at(2026, 9, 7, 10, 0), ["holiday"], id="Independencia"),
    ],
)
@pytest.mark.parametrize("channel", ["call", "whatsapp", "email"])
def test_sao_paulo_allows_weekdays_eight_to_eight_and_saturday_mornings(channel, when, expected):
    assert codes(SAO_PAULO.check(IN_SP, channel, as_of=when)) == expected


@pytest.mark.parametrize(
    ("policy", "who", "expected"),
    [
        pytest.param(SAO_PAULO, IN_SP, ["holiday"], id="BR-SP calendar"),
        pytest.param(NATIONAL, IN_BR, [], id="national calendar"),
    ],
)
def test_the_sao_paulo_state_holiday_closes_only_under_the_sao_paulo_calendar(
    policy, who, expected
):
    revolution_day = at(2026, 7, 9, 10, 0)  # Revolução Constitucionalista, a Thursday
    assert codes(policy.check(who, "sms", as_of=revolution_day)) == expected
    assert (date(2026, 7, 9) in policy.holiday_dates(2026)) == bool(expected)


def test_sao_paulo_rules_for_calls_are_law_and_for_messages_prudent():
    practice, voice, written = SAO_PAULO.hours
    assert practice.source.basis is Basis.PRUDENT
    assert voice.source.citation == "Lei estadual SP 15.426/2014 art. 2"
    assert (voice.source.basis, written.source.basis) == (Basis.LAW, Basis.PRUDENT)
    assert [r.source.basis for r in NATIONAL.hours] == [Basis.PRUDENT]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        pytest.param(at(2026, 11, 28, 14, 0), at(2026, 11, 30, 8, 0), id="Saturday 14:00"),
        pytest.param(at(2026, 7, 8, 20, 0), at(2026, 7, 10, 8, 0), id="over 9 July"),
        pytest.param(at(2026, 11, 19, 20, 0), at(2026, 11, 21, 8, 0), id="over 20 November"),
    ],
)
def test_next_allowed_in_sao_paulo_skips_saturday_afternoons_and_holidays(after, expected):
    assert SAO_PAULO.next_allowed(IN_SP, "call", as_of=after) == expected


def test_a_debtor_of_unknown_zone_gets_the_hours_open_from_noronha_to_acre():
    anywhere = debtor("BR", None)
    assert {"America/Noronha", "America/Rio_Branco"} <= set(anywhere.zones)
    # Saturday: 08:00 in Acre (UTC-5) is 10:00 in São Paulo; 14:00 in Noronha (UTC-2) is 13:00.
    assert NATIONAL.next_allowed(anywhere, "sms", as_of=at(2026, 11, 28, 8)) == at(2026, 11, 28, 10)
    assert NATIONAL.check(anywhere, "sms", as_of=at(2026, 11, 28, 12, 59)) == []
    assert codes(NATIONAL.check(anywhere, "sms", as_of=at(2026, 11, 28, 13, 0))) == [
        "outside_hours"
    ]


def test_every_collection_message_names_the_supplier():
    for policy in (NATIONAL, SAO_PAULO):
        rule = policy.content[0]
        assert rule.element == "creditor_identification"
        assert rule.source.citation == "CDC (Lei 8.078/1990) art. 42-A"
        assert not rule.first_contact_only
        assert set(rule.creditor_fields) == {"name", "address", "tax_id"}


def test_sao_paulo_asks_for_the_amounts_itemised():
    rule, recording = SAO_PAULO.content[1:]
    assert rule.element == "amount_itemisation"
    assert rule.source.citation.startswith("Lei estadual SP 14.953/2013")
    assert recording.element == "call_recording_notice"
    assert recording.channels == frozenset({ChannelKind.CALL})
    assert NATIONAL.content[1:] == ()


def test_rio_asks_for_itemised_amounts_and_announced_call_recording():
    # Lei RJ 6.854/2014 as summarised in the December 2026 audit: itemise the original amount and
    # each addition; record collection calls and say so. Prudent, low confidence: text not seen.
    rio = for_country("BR", "RJ")
    elements = {rule.element: rule for rule in rio.content}
    assert {"creditor_identification", "amount_itemisation", "call_recording_notice"} <= set(
        elements
    )
    assert "6.854/2014" in elements["amount_itemisation"].source.citation
    assert elements["amount_itemisation"].source.basis.value == "prudent"
    assert elements["call_recording_notice"].channels == frozenset({ChannelKind.CALL})


def test_a_municipal_holiday_can_be_added_by_the_operator():
    municipal = SAO_PAULO.with_holidays({date(2026, 11, 24): "feriado municipal (exemplo)"})
    assert SAO_PAULO.check(IN_SP, "sms", as_of=at(2026, 11, 24, 10)) == []
    assert codes(municipal.check(IN_SP, "sms", as_of=at(2026, 11, 24, 10))) == ["holiday"]


# --------------------------------------------------------------------------- planner


def test_the_planner_uses_the_sao_paulo_calendar_for_a_debtor_in_sao_paulo():
    in_sp, in_br = (
        debtor("BR", SP, subdivision="SP", id="sp"),
        debtor("BR", SP, id="br", subdivision="MG"),
    )
    due = date(2026, 7, 9)
    debts = [
        debt("a", due=due, currency="BRL", debtor_id="sp"),
        debt("b", due=due, currency="BRL", debtor_id="br"),
    ]
    result = plan([in_sp, in_br], debts, as_of=at(2026, 7, 9, 6), horizon=2)
    sends = {m.debtor_id: m.local_send_at for m in result.messages}
    assert sends == {"sp": at(2026, 7, 10, 8), "br": at(2026, 7, 9, 10)}
    [skip] = result.skipped
    assert (skip.debtor_id, skip.code.value, skip.moved_to) == ("sp", "holiday", at(2026, 7, 10, 8))


def test_a_saturday_afternoon_step_in_sao_paulo_moves_to_monday_morning():
    late = Step(0, channels=("email",), preferred_local_time=time(14, 0))
    result = plan(
        [IN_SP],
        [debt(due=date(2026, 11, 28), currency="BRL")],
        as_of=at(2026, 11, 28, 6),
        horizon=3,
        steps=[late],
    )
    [skip] = result.skipped
    assert (skip.code.value, skip.moved_to) == ("outside_hours", at(2026, 11, 30, 8))
    assert [m.local_send_at for m in result.messages] == [at(2026, 11, 30, 8)]
