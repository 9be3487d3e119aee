"""A Planner is a frozen configuration: variants come from replace(), never from assignment."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from tests.builders import CREDITOR, UTC, debt, debtor

from dunning import Cadence, InputError, Planner, Segment, Step, default_strategy
from dunning.policy import ContactPolicy, HoursRule, Source, Window

AS_OF = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _portfolio():
    people = [
        debtor("d1", phone="+56961234567"),
        debtor("d2", "MX", timezone="America/Mexico_City", phone="+525512345678"),
    ]
    owed = [debt("i1", "d1", due=date(2026, 11, 10)), debt("i2", "d2", due=date(2026, 11, 12))]
    return people, owed


def _plan(planner: Planner):
    people, owed = _portfolio()
    return planner.plan(people, owed, as_of=AS_OF, horizon_days=21)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("strategy", Cadence("other", [Step(0, channels=["sms"])])),
        ("creditor", CREDITOR),
        ("house_rules", None),
        ("max_shift_days", -5),
        ("templates", None),
        ("follow_ups", None),
        ("policies", {}),
        ("registers", {}),
        ("extra_holidays", None),
        ("_cadence", None),
        ("anything_new", 1),
    ],
)
def test_no_setting_can_be_reassigned(name, value):
    planner = Planner(default_strategy(), creditor=CREDITOR)
    with pytest.raises(AttributeError, match="immutable"):
        setattr(planner, name, value)
    with pytest.raises(AttributeError):
        delattr(planner, "max_shift_days")
    assert planner.max_shift_days == 3


def test_replace_makes_a_validated_variant_and_keeps_the_original():
    planner = Planner(default_strategy(), creditor=CREDITOR, max_shift_days=2)
    before = _plan(planner)
    wider = planner.replace(max_shift_days=9)
    assert (planner.max_shift_days, wider.max_shift_days) == (2, 9)
    assert wider.creditor is planner.creditor and wider.strategy is planner.strategy
    with pytest.raises(InputError, match="max_shift_days"):
        planner.replace(max_shift_days=-5)
    with pytest.raises(TypeError):
        planner.replace(max_shift=9)  # type: ignore[call-arg]
    assert _plan(planner) == before  # the original plans as before


def test_a_replaced_strategy_is_the_one_used():
    only_sms = Cadence("sms only", [Step(d, channels=["sms"]) for d in range(0, 40, 5)])
    planner = Planner(default_strategy(), creditor=CREDITOR)
    variant = planner.replace(strategy=only_sms)
    messages = _plan(variant).messages
    assert messages and {m.channel.value for m in messages} == {"sms"}
    assert {m.channel.value for m in _plan(planner).messages} != {"sms"}


def _hours(start: str, end: str) -> ContactPolicy:
    window = Window(days="mon-sun", start=start, end=end)
    rule = HoursRule(
        channels=None, windows=(window,), source=Source(citation="ours", basis="house")
    )
    return ContactPolicy(name="house", hours=(rule,))


def test_changing_what_was_passed_in_later_changes_nothing():
    people, owed = _portfolio()
    house = {"CL": _hours("11:00", "12:00")}
    segments = [Segment("all", cadence=default_strategy())]
    planner = Planner(segments, creditor=CREDITOR, house_rules=house, policies={})
    before = planner.plan(people, owed, as_of=AS_OF, horizon_days=21)
    house["CL"] = _hours("19:00", "20:00")
    segments.clear()
    after = planner.plan(people, owed, as_of=AS_OF, horizon_days=21)
    assert after == before
    mine = [m for m in after.messages if m.debtor_id == "d1"]
    assert mine and all(time(11) <= m.local_send_at.time() < time(12) for m in mine)


def test_settings_are_read_only_views():
    planner = Planner(
        default_strategy(), creditor=CREDITOR, policies={"cl": ContactPolicy(name="x")}
    )
    assert set(planner.policies) == {"CL"}
    with pytest.raises(TypeError):
        planner.policies["MX"] = ContactPolicy(name="y")  # type: ignore[index]
    with pytest.raises(TypeError):
        planner.registers["x"] = object()  # type: ignore[index]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"strategy": 42}, "strategy"),
        ({"strategy": "default"}, "strategy"),
        ({"strategy": []}, "strategy"),
        ({"templates": "my-templates"}, "templates"),
        ({"max_shift_days": True}, "max_shift_days"),
    ],
)
def test_bad_settings_are_typed_errors(kwargs, field):
    settings = {"strategy": default_strategy(), **kwargs}
    with pytest.raises(InputError) as info:
        Planner(settings.pop("strategy"), creditor=CREDITOR, **settings)
    assert info.value.field == field
