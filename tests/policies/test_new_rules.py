"""Rules the December 2026 audit found missing, each tested from the law's own words.

* São Paulo's block register (Lei 13.226/2008 as amended by Lei 17.334/2021): collection calls and
  messages to a registered number are banned from 30 days after registration.
* State hours: Rio de Janeiro weekdays 09-19, Espírito Santo weekdays 08-19 (no Saturdays in
  either, as reported), Amazonas (Lei 4.644/2018) weekdays 08-18 (Saturday reported both ways),
  Alagoas (Lei 7.782/2016) calls and texts weekdays 08-20, Saturday 08-14.
* Chile's 2024 elections ran over Saturday 26 and Sunday 27 October (Ley 21.693); election days
  are holidays (Ley 18.700).
* Regulation F: no contact with a consumer represented by an attorney (1006.6(b)(2)); none at
  work when the employer forbids it (1006.6(b)(3)).
* TCPA: autodialed calls and texts need prior express consent (47 U.S.C. 227(b)(1)(A)(iii)).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from common import CREDITOR, codes, debt, debtor, local, plan

from dunning import Cadence, Consent, Debtor, InputError, Planner, SkipCode, Step
from dunning.policy import Basis, for_country, for_debtor
from dunning.policy.united_states import tcpa_consent

SP = "America/Sao_Paulo"
NY = "America/New_York"


class Register:
    """An operator's copy of a block register: number → date of registration."""

    def __init__(self, rows: dict[str, date | datetime]) -> None:
        self.rows = rows
        self.asked: list[str] = []

    def registered_at(self, address: str) -> date | datetime | None:
        self.asked.append(address)
        return self.rows.get(address)


PHONE = "+5511987654321"
IN_SP = debtor("BR", SP, subdivision="SP", phone=PHONE)


def _plan_sp(day: date, registers: dict[str, Register] | None, channels=("sms",)):
    return plan(
        [IN_SP],
        [debt(due=day, currency="BRL")],
        as_of=local(SP, day.year, day.month, day.day, 6),
        channels=channels,
        registers=registers,
    )


@pytest.mark.parametrize(
    ("day", "sent"),
    [
        pytest.param(date(2026, 10, 30), True, id="29 days after registration: still allowed"),
        pytest.param(date(2026, 10, 31), False, id="30 days after registration: banned"),
        pytest.param(date(2026, 11, 23), False, id="two months later: banned"),
    ],
)
def test_a_number_in_the_procon_sp_register_is_not_contacted_from_30_days_on(day, sent):
    register = Register({PHONE: date(2026, 10, 1)})
    result = _plan_sp(day, {"procon_sp": register})
    if sent:
        assert len(result.messages) == 1
    else:
        assert result.messages == ()
        [skip] = result.skipped
        assert skip.code is SkipCode.SUPPRESSED
        assert skip.source is not None and "13.226/2008" in skip.source.citation
    assert register.asked == [PHONE]


def test_the_register_does_not_cover_email():
    register = Register({PHONE: date(2026, 1, 1)})
    result = _plan_sp(date(2026, 11, 23), {"procon_sp": register}, channels=("sms", "email"))
    [message] = result.messages
    assert message.channel.value == "email"


def test_without_the_register_nothing_is_called_or_texted_in_sao_paulo():
    result = _plan_sp(date(2026, 11, 23), None)
    assert result.messages == ()
    [skip] = result.skipped
    assert skip.code is SkipCode.REGISTER_UNCHECKED
    assert "procon_sp" in skip.reason


def test_a_debtor_who_may_live_in_sao_paulo_needs_the_register_too():
    anywhere = debtor("BR", SP)
    rio = debtor("BR", SP, phone="+55 21 98765 4321")
    assert [r.name for r in for_debtor(anywhere).registers] == ["procon_sp"]
    assert for_debtor(rio).registers == ()


def test_a_register_lookup_must_have_the_method():
    with pytest.raises(InputError, match="registered_at"):
        Planner(Cadence("t", [Step(0)]), creditor=CREDITOR, registers={"procon_sp": {}})


# --------------------------------------------------------------------------- state hours


@pytest.mark.parametrize(
    ("state", "when", "expected"),
    [
        pytest.param("RJ", (2026, 11, 23, 8, 30), ["outside_hours"], id="RJ Monday 08:30"),
        pytest.param("RJ", (2026, 11, 23, 9, 0), [], id="RJ Monday 09:00"),
        pytest.param("RJ", (2026, 11, 23, 19, 0), ["outside_hours"], id="RJ Monday 19:00"),
        pytest.param("RJ", (2026, 11, 28, 10, 0), ["closed_day"], id="RJ Saturday"),
        pytest.param("ES", (2026, 11, 23, 19, 0), ["outside_hours"], id="ES Monday 19:00"),
        pytest.param("ES", (2026, 11, 23, 18, 59), [], id="ES Monday 18:59"),
        pytest.param("ES", (2026, 11, 28, 10, 0), ["closed_day"], id="ES Saturday"),
        pytest.param("AM", (2026, 11, 23, 18, 0), ["outside_hours"], id="AM Monday 18:00"),
        pytest.param("AM", (2026, 11, 23, 17, 59), [], id="AM Monday 17:59"),
        pytest.param("AM", (2026, 11, 28, 10, 0), ["closed_day"], id="AM Saturday (prudent)"),
        pytest.param("AL", (2026, 11, 28, 13, 59), [], id="AL Saturday 13:59"),
        pytest.param("AL", (2026, 11, 28, 14, 0), ["outside_hours"], id="AL Saturday 14:00"),
        pytest.param("AL", (2026, 11, 29, 10, 0), ["closed_day"], id="AL Sunday"),
    ],
)
def test_state_collection_hours(state, when, expected):
    zone = "America/Manaus" if state == "AM" else SP
    who = debtor("BR", zone, subdivision=state)
    assert codes(for_country("BR", state).check(who, "call", as_of=local(zone, *when))) == expected


@pytest.mark.parametrize("state", ["RJ", "ES"])
def test_reported_but_unseen_state_laws_are_prudent_and_low(state):
    extra = for_country("BR", state).hours[1:]
    assert [(r.source.basis, r.source.confidence) for r in extra] == [(Basis.PRUDENT, "low")]


# --------------------------------------------------------------------------- Chile elections


@pytest.mark.parametrize("day", [26, 27])
def test_chiles_two_day_elections_of_2024_close_both_days(day):
    zone = "America/Santiago"
    who = debtor("CL", zone, subdivision="RM")
    at = local(zone, 2024, 10, day, 10)
    assert "holiday" in codes(for_country("CL").check(who, "call", as_of=at))
    assert "Ley 21.693" in for_country("CL").holiday_dates(2024)[date(2024, 10, day)]


# --------------------------------------------------------------------------- Regulation F stops


def test_an_attorney_represented_debtor_is_not_contacted():
    who = Debtor(
        id="d", name="Ann", country="US", subdivision="NY", timezone=NY,
        email="ann@example.com", represented_by_attorney=True,
    )  # fmt: skip
    result = plan([who], [debt(due=date(2026, 11, 23), currency="USD")],
                  as_of=local(NY, 2026, 11, 23, 6))  # fmt: skip
    assert result.messages == ()
    [skip] = result.skipped
    assert skip.code is SkipCode.ATTORNEY
    assert skip.source is not None and "1006.6(b)(2)" in skip.source.citation


def test_no_text_to_a_work_number_when_the_employer_forbids_it():
    who = Debtor(
        id="d", name="Ann", country="US", subdivision="NY", timezone=NY,
        phone="+1 212 555 0100", phone_type="work", email="ann@example.com",
        workplace_contact_forbidden=True,
    )  # fmt: skip
    result = plan([who], [debt(due=date(2026, 11, 23), currency="USD")],
                  as_of=local(NY, 2026, 11, 23, 6), channels=("sms", "email"))  # fmt: skip
    [message] = result.messages
    assert message.channel.value == "email"
    assert any("sms not used" in line and "work" in line for line in message.explain)
    # A mobile is not a workplace: the text goes out.
    mobile = who.model_copy(update={"phone_type": "mobile"})
    result = plan([mobile], [debt(due=date(2026, 11, 23), currency="USD")],
                  as_of=local(NY, 2026, 11, 23, 6), channels=("sms", "email"))  # fmt: skip
    assert [m.channel.value for m in result.messages] == ["sms"]


# --------------------------------------------------------------------------- TCPA


def test_the_tcpa_recipe_asks_for_consent_before_a_dialer_texts():
    who = debtor("US", NY, subdivision="NY", phone="+1 212 555 0100", channels=("email",))
    policy = for_country("US", "NY").merge(tcpa_consent())
    at = local(NY, 2026, 11, 23, 10)
    [violation] = policy.check(who, "sms", as_of=at)
    assert violation.code == "no_consent"
    assert violation.source is not None and "227(b)(1)(A)(iii)" in violation.source.citation
    consented = who.model_copy(
        update={
            "consents": (
                Consent(channel="sms", granted_at=at - timedelta(days=30), source="loan form"),
            )
        }
    )
    assert policy.check(consented, "sms", as_of=at) == []
