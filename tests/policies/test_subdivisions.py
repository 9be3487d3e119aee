"""State rules hold when the state is unknown, and under country-level overrides (audit of
December 2026).

Written from the laws: São Paulo's Lei 15.426/2014 closes collection on holidays and 9 July is a
state holiday there (Lei SP 9.497/1997); Massachusetts 940 CMR 7.04(1)(f) allows 2 calls or texts
per 7 days per debt; Chile's Ñuble region has 20 August (Ley 21.033, Chillán's founding); the
capital of São Paulo adds its anniversary, 25 January (Lei municipal 14.485/2007).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from common import CREDITOR, codes, debt, debtor, local, plan, sent

from dunning import Cadence, Creditor, Debtor, InputError, Planner, Step, UnknownCountryError
from dunning.policy import for_country, for_debtor

SP = "America/Sao_Paulo"
REVOLUTION_DAY = local(SP, 2026, 7, 9, 10)  # a Thursday, São Paulo state holiday


class _Nobody:
    """The Procon-SP block register, checked: nobody in it."""

    def registered_at(self, address: str) -> None:
        return None


def test_a_sao_paulo_phone_without_a_state_gets_the_sao_paulo_holiday():
    who = debtor("BR", None, phone="+55 11 98765 4321")
    assert who.subdivisions == ("SP",)
    assert codes(for_debtor(who).check(who, "sms", as_of=REVOLUTION_DAY)) == ["holiday"]
    result = plan(
        [who],
        [debt(due=date(2026, 7, 9), currency="BRL")],
        as_of=local(SP, 2026, 7, 9, 6),
        channels=("sms",),
        registers={"procon_sp": _Nobody()},
    )
    assert [s.code.value for s in result.skipped] == ["holiday"]
    assert result.messages == ()


def test_a_brazilian_debtor_of_unknown_state_gets_every_states_holidays():
    who = debtor("BR", SP)  # no phone, no subdivision: any state
    assert "SP" in who.subdivisions and len(who.subdivisions) >= 27
    policy = for_debtor(who)
    assert codes(policy.check(who, "email", as_of=REVOLUTION_DAY)) == ["holiday"]
    # Lei SP 15.426/2014 itself (calls) holds for a debtor who may be in São Paulo.
    assert "Lei estadual SP 15.426/2014 art. 2" in [r.source.citation for r in policy.hours]


def test_a_rio_phone_is_not_closed_by_sao_paulos_holiday():
    who = debtor("BR", SP, phone="+55 21 98765 4321")
    assert who.subdivisions == ("RJ",)
    assert codes(for_debtor(who).check(who, "email", as_of=REVOLUTION_DAY)) == []


def test_a_boston_phone_gets_the_massachusetts_cap():
    zone = "America/New_York"
    who = debtor("US", None, phone="+1 617 555 0100")
    assert who.subdivisions == ("MA",)
    monday = local(zone, 2026, 11, 16, 10)
    history = [sent(monday, "sms", "x1"), sent(monday + timedelta(days=2), "call", "x1")]
    third = monday + timedelta(days=4)
    violations = for_debtor(who).check(who, "sms", as_of=third, history=history, debt_ids=["x1"])
    assert "cap_reached" in codes(violations)
    assert any("940 CMR 7.04(1)(f)" in v.source.citation for v in violations if v.source)
    # The federal policy alone would allow it: texts are not capped by Regulation F.
    assert (
        codes(for_country("US").check(who, "sms", as_of=third, history=history, debt_ids=["x1"]))
        == []
    )


def test_a_chilean_debtor_of_unknown_region_is_not_contacted_on_a_regional_holiday():
    zone = "America/Santiago"
    nuble_day = local(zone, 2026, 8, 20, 10)  # Thursday: Ñuble's holiday only
    anywhere = debtor("CL", zone)
    in_santiago = debtor("CL", zone, subdivision="RM")
    assert codes(for_debtor(anywhere).check(anywhere, "email", as_of=nuble_day)) == ["holiday"]
    assert codes(for_debtor(in_santiago).check(in_santiago, "email", as_of=nuble_day)) == []


def test_a_country_level_override_keeps_the_state_law_and_holidays():
    municipal = {date(2026, 11, 24): "Feriado municipal (exemplo)"}
    overrides = {"BR": for_country("BR").with_holidays(municipal)}
    in_sp = debtor("BR", SP, subdivision="SP")
    policy = for_debtor(in_sp, overrides)
    assert codes(policy.check(in_sp, "sms", as_of=REVOLUTION_DAY)) == ["holiday"]  # state holiday
    assert codes(policy.check(in_sp, "sms", as_of=local(SP, 2026, 11, 24, 10))) == ["holiday"]
    assert "Lei estadual SP 15.426/2014 art. 2" in [r.source.citation for r in policy.hours]
    # The planner resolves debtors the same way.
    result = plan(
        [in_sp],
        [debt(due=date(2026, 7, 9), currency="BRL")],
        as_of=local(SP, 2026, 7, 9, 6),
        policies=overrides,
    )
    assert [s.code.value for s in result.skipped] == ["holiday"]


def test_a_subdivision_override_replaces_that_subdivisions_rules():
    counsel = for_country("BR").with_holidays({date(2026, 11, 24): "x"})
    in_sp = debtor("BR", SP, subdivision="SP")
    policy = for_debtor(in_sp, {"BR-SP": counsel})
    assert policy is counsel


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("SP", "SP"),
        ("sp", "SP"),
        ("BR-sp", "SP"),
        ("São Paulo", "SP"),
        ("sao paulo", "SP"),
        ("São Paulo Capital", "São Paulo Capital"),
        ("SÃO PAULO CAPITAL", "São Paulo Capital"),
    ],
)
def test_subdivision_names_are_matched_without_regard_to_case_or_accents(written, canonical):
    assert Debtor(id="d", name="A", country="BR", subdivision=written).subdivision == canonical
    assert for_country("BR", written).subdivision == canonical


def test_the_capital_of_sao_paulo_gets_the_state_law_and_the_citys_anniversary():
    who = debtor("BR", SP, subdivision="São Paulo Capital")
    policy = for_debtor(who)
    assert "Lei estadual SP 15.426/2014 art. 2" in [r.source.citation for r in policy.hours]
    anniversary = local(SP, 2027, 1, 25, 10)  # a Monday
    assert codes(policy.check(who, "call", as_of=anniversary)) == ["holiday"]
    assert codes(policy.check(who, "call", as_of=anniversary + timedelta(days=1))) == []
    in_state = debtor("BR", SP, subdivision="SP")
    assert codes(for_debtor(in_state).check(in_state, "call", as_of=anniversary)) == []


def test_unknown_subdivisions_are_refused_with_a_typed_error():
    with pytest.raises(InputError, match="Atlantis"):
        Debtor(id="d", name="A", country="BR", subdivision="Atlantis")
    with pytest.raises(UnknownCountryError):
        for_country("BR", "Atlantis")


def test_a_per_debtor_holiday_hook_closes_the_debtors_municipal_holiday():
    def municipal(who: Debtor) -> dict[date, str] | None:
        if who.attributes.get("city") == "Campinas":
            return {date(2026, 11, 24): "Feriado municipal de Campinas (exemplo)"}
        return None

    campinas = Debtor(
        id="c",
        name="A",
        country="BR",
        subdivision="SP",
        timezone=SP,
        email="a@example.com",
        attributes={"city": "Campinas"},
    )
    santos = Debtor(
        id="s",
        name="B",
        country="BR",
        subdivision="SP",
        timezone=SP,
        email="b@example.com",
        attributes={"city": "Santos"},
    )
    planner = Planner(
        Cadence("t", [Step(0, channels=("email",))]),
        creditor=CREDITOR,
        extra_holidays=municipal,
    )
    due = date(2026, 11, 24)
    result = planner.plan(
        [campinas, santos],
        [
            debt("a", due=due, currency="BRL", debtor_id="c"),
            debt("b", due=due, currency="BRL", debtor_id="s"),
        ],
        as_of=local(SP, 2026, 11, 24, 6),
    )
    assert [m.debtor_id for m in result.messages] == ["s"]
    [skip] = result.skipped
    assert (skip.debtor_id, skip.code.value) == ("c", "holiday")
    assert "Feriado municipal de Campinas" in skip.reason


def test_the_hook_must_be_callable():
    with pytest.raises(InputError):
        Planner(
            Cadence("t", [Step(0)]),
            creditor=Creditor(name="X"),
            extra_holidays={date(2026, 1, 2): "x"},
        )  # type: ignore[arg-type]
