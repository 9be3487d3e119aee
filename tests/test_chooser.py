"""``Planner(chooser=...)``: a chooser steers channel and hour, it never makes a send unlawful.

The lawfulness checks are the independent ones of ``test_properties`` (written from the
policy's data, not the planner's code), run on the same random portfolios, policies, zones and
dates, with a hostile chooser that answers 03:00, a channel outside the options, instants on
other days, or a lawful option, at random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor, local
from dunning import (
    Cadence,
    ChannelKind,
    Choice,
    Chooser,
    InputError,
    Planner,
    Step,
    default_strategy,
)
from test_properties import (
    PROPERTY_SETTINGS,
    Scenario,
    check_consent_is_respected,
    check_every_message_is_inside_allowed_hours,
    check_every_message_passes_policy_check,
    check_no_frequency_cap_is_exceeded,
    check_one_message_per_local_day_inside_the_horizon,
    check_stop_conditions_hold,
    scenarios,
)


@dataclass
class Hostile:
    """Answers whatever ``rnd`` says: 03:00 local, a channel outside the options, another
    day, no answer, or a lawful option. Records every question."""

    rnd: random.Random
    asked: list[Choice] = field(default_factory=list)

    def choose(self, choice: Choice) -> tuple[ChannelKind, datetime] | None:
        self.asked.append(choice)
        zone = choice.debtor.zone
        offered = {o.channel for o in choice.options}
        outside = [c for c in ChannelKind if c not in offered] or [ChannelKind.CALL]
        kind = self.rnd.randrange(6)
        if kind == 0:
            return self.rnd.choice(list(ChannelKind)), datetime.combine(
                choice.day, time(3), tzinfo=zone
            )
        if kind == 1:
            return self.rnd.choice(outside), choice.at
        if kind == 2:
            return choice.channel, choice.at + timedelta(days=self.rnd.choice((-3, -1, 1, 5)))
        if kind == 3:
            return None
        option = self.rnd.choice(choice.options)
        span = (option.end - option.start).total_seconds()
        return option.channel, option.start + timedelta(seconds=self.rnd.uniform(0, span))


LAWFUL = (
    check_every_message_is_inside_allowed_hours,
    check_no_frequency_cap_is_exceeded,
    check_every_message_passes_policy_check,
    check_consent_is_respected,
    check_stop_conditions_hold,
    check_one_message_per_local_day_inside_the_horizon,
)
# Not here: check_the_dispatcher_accepts_every_planned_message_at_its_planned_instant. A hostile
# chooser may pick an instant seconds before a window closes; the plan is lawful, but the
# dispatcher, checking again at the real instant of its provider call, may find the window shut
# and let the message expire: the safe side. The optimizer proposes whole hours (or a window's
# opening), never the last seconds of a window.


def _with(scenario: Scenario, chooser: Chooser | None) -> Planner:
    planner = scenario.planner().replace(chooser=chooser)
    scenario._cache["plan"] = (planner, scenario.plan(planner))
    return planner


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_a_hostile_chooser_cannot_make_a_plan_unlawful(
    scenario: Scenario, rnd: random.Random
) -> None:
    hostile = Hostile(rnd)
    _with(scenario, hostile)
    for check in LAWFUL:
        check(scenario)
    for choice in hostile.asked:
        # The planner's own channel may have no span that day (it then moves on, as ever).
        assert choice.options
        for option in choice.options:
            assert option.start < option.end
            assert option.end.astimezone(choice.debtor.zone).date() >= choice.day


@PROPERTY_SETTINGS
@given(scenarios())
def test_no_answer_and_the_default_answer_change_nothing(scenario: Scenario) -> None:
    """A chooser answering ``None``, or the planner's own channel and instant, leaves the plan
    as it is without a chooser (``chooser=None`` is today's planner, bit for bit)."""
    plain = scenario.plan(scenario.planner())

    class Silent:
        def choose(self, choice: Choice) -> None:
            return None

    class Echo:
        def choose(self, choice: Choice) -> tuple[ChannelKind, datetime]:
            return choice.channel, choice.at

    for chooser in (Silent(), Echo()):
        other = scenario.plan(scenario.planner().replace(chooser=chooser))
        assert other.messages == plain.messages
        assert other.skipped == plain.skipped


def _ana_plan(chooser: Chooser | None):
    planner = Planner(
        Cadence("one", [Step(0)]), creditor=CREDITOR, chooser=chooser, follow_ups=None
    )
    return planner.plan(
        [debtor(phone="+56961234567")],
        [debt(due=date(2026, 11, 25))],
        as_of=local("America/Santiago", 2026, 11, 25, 7),
    )


def test_a_chooser_picks_among_the_lawful_options() -> None:
    class Late:
        def choose(self, choice: Choice) -> tuple[ChannelKind, datetime]:
            email = [o for o in choice.options if o.channel is ChannelKind.EMAIL]
            return ChannelKind.EMAIL, email[-1].end - timedelta(hours=1)

    plain = _ana_plan(None).messages[0]
    chosen = _ana_plan(Late()).messages[0]
    assert plain.channel is ChannelKind.WHATSAPP
    assert (chosen.channel, chosen.id) == (ChannelKind.EMAIL, plain.id)
    assert chosen.local_send_at > plain.local_send_at
    assert "chosen by Late" in " ".join(chosen.explain)


def test_the_options_are_the_policy_windows() -> None:
    seen: list[Choice] = []

    class Look:
        def choose(self, choice: Choice) -> None:
            seen.append(choice)

    _ana_plan(Look())
    (choice,) = seen
    assert [o.channel for o in choice.options] == [
        ChannelKind.WHATSAPP,
        ChannelKind.SMS,
        ChannelKind.EMAIL,
    ]
    # Chile, a Wednesday: messages 08:00-20:00 (Ley 21.320), nothing before the plan starts.
    zone = choice.debtor.zone
    spans = {
        (o.start.astimezone(zone).time(), o.end.astimezone(zone).time()) for o in choice.options
    }
    assert spans == {(time(8), time(20))}


def test_a_chooser_without_choose_is_refused() -> None:
    with pytest.raises(InputError, match="chooser"):
        Planner(default_strategy(), creditor=CREDITOR, chooser=object())  # type: ignore[arg-type]
