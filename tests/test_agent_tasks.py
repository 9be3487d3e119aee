"""Calls as agent tasks (issue 18): inside the call windows and caps, outcomes counted back.

The property is checked against the law's text, not the policy code: Chile (Ley 19.496 art. 37
with CPC art. 59, as SERNAC reads them) allows at most one call or visit a week, Monday to
Saturday 08:00-20:00, not on holidays; the US (12 CFR 1006.14(b)(2)) allows no call for seven
days after a telephone conversation (its day is day one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import Cadence, Planner, Step, agent_tasks, written_messages
from dunning.events import CallAttempted, parse_event

SCL = ZoneInfo("America/Santiago")
AS_OF = datetime(2026, 11, 23, 7, tzinfo=SCL)  # a Monday
CL_HOLIDAYS = holidays.country_holidays("CL", years=range(2026, 2028))


def chile_debtor():
    return debtor("d1", phone="+56961234567", channels=("sms", "whatsapp", "email", "call"))


def call_planner(offsets, every=None):
    steps = [
        Step(
            o,
            channels=["call"],
            repeat_every_days=every,
            until_offset_days=None if every is None else o + 40,
        )
        for o in offsets
    ]
    return Planner(Cadence("calls", steps), creditor=CREDITOR, follow_ups=None)


def test_calls_become_tasks_and_written_messages_stay_for_the_dispatcher():
    steps = [Step(1, channels=["call"]), Step(3, channels=["sms"])]
    planner = Planner(Cadence("mixed", steps), creditor=CREDITOR, follow_ups=None)
    d = chile_debtor()
    plan = planner.plan([d], [debt("x1", due=date(2026, 11, 22))], as_of=AS_OF, horizon_days=7)
    [task] = agent_tasks(plan, planner, [d])
    assert task.channel.value == "call" and task.to == "+56961234567"
    assert task.not_before.astimezone(SCL).hour >= 8
    assert task.not_after.astimezone(SCL).hour <= 20
    assert [m.channel.value for m in written_messages(plan)] == ["sms"]
    assert task.id in {m.id for m in plan.messages}


def test_tasks_are_ordered_by_time_then_stage_then_amount():
    planner = call_planner([1])
    ds = [
        debtor(f"d{i}", phone=f"+5696123456{i}", channels=("call",), timezone="America/Santiago")
        for i in range(3)
    ]
    debts = [
        debt("a", "d0", due=date(2026, 11, 22), amount="1000"),
        debt("b", "d1", due=date(2026, 11, 22), amount="90000"),
        debt("c", "d2", due=date(2026, 11, 22), amount="5000"),
    ]
    plan = planner.plan(ds, debts, as_of=AS_OF, horizon_days=2)
    tasks = agent_tasks(plan, planner, ds)
    assert [t.debt_ids for t in tasks] == [("b",), ("c",), ("a",)]
    assert [t.priority for t in tasks] == [0, 1, 2]


def test_an_attempt_counts_toward_the_weekly_call_cap():
    planner = call_planner([1, 3])
    d = chile_debtor()
    debts = [debt("x1", due=date(2026, 11, 22))]
    free = agent_tasks(planner.plan([d], debts, as_of=AS_OF, horizon_days=1), planner, [d])
    assert len(free) == 1
    attempt = CallAttempted(
        at=AS_OF - timedelta(days=2), task_id="t-0", debtor_id="d1", outcome="no_answer"
    )
    plan = planner.plan([d], debts, as_of=AS_OF, horizon_days=3, history=[attempt])
    assert agent_tasks(plan, planner, [d]) == ()
    assert {s.code.value for s in plan.skipped} <= {"cap_reached", "min_gap"}


def test_a_conversation_on_the_phone_pauses_us_calls_for_seven_days():
    ny = ZoneInfo("America/New_York")
    d = debtor(
        "u1",
        country="US",
        timezone="America/New_York",
        phone="+12125550123",
        channels=("call",),
        subdivision="NY",
    )
    planner = call_planner([0], every=1)
    talk = CallAttempted(
        at=datetime(2026, 11, 23, 12, tzinfo=ny),
        task_id="t-1",
        debtor_id="u1",
        debt_ids=("x1",),
        outcome="right_party_contact",
    )
    plan = planner.plan(
        [d],
        [debt("x1", "u1", due=date(2026, 11, 20), currency="USD", amount="100")],
        as_of=datetime(2026, 11, 23, 13, tzinfo=ny),
        horizon_days=14,
        history=[talk],
    )
    days = [t.not_before.astimezone(ny).date() for t in agent_tasks(plan, planner, [d])]
    assert days, "calls resume after the pause"
    assert all(day >= date(2026, 11, 30) for day in days), days


def test_call_attempts_round_trip_through_parse_event():
    event = parse_event(
        {
            "kind": "call_attempted",
            "at": "2026-11-23T15:00:00Z",
            "task_id": "msg_1",
            "debtor_id": "d1",
            "outcome": "voicemail",
            "agent": "jo",
        }
    )
    assert isinstance(event, CallAttempted) and event.outcome == "voicemail"


_OFFSET = st.integers(min_value=-5, max_value=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    offsets=st.lists(_OFFSET, min_size=1, max_size=4, unique=True),
    every=st.none() | st.integers(min_value=1, max_value=4),
    attempts=st.lists(st.integers(min_value=-10, max_value=-1), max_size=3),
    start_hour=st.integers(min_value=0, max_value=23),
)
def test_planned_call_tasks_never_exceed_chiles_caps_or_windows(
    offsets, every, attempts, start_hour
):
    planner = call_planner(offsets, every)
    d = chile_debtor()
    as_of = AS_OF.replace(hour=start_hour)
    history = [
        CallAttempted(
            at=as_of + timedelta(days=a), task_id=f"t{i}", debtor_id="d1", outcome="no_answer"
        )
        for i, a in enumerate(attempts)
    ]
    plan = planner.plan(
        [d], [debt("x1", due=date(2026, 11, 24))], as_of=as_of, horizon_days=21, history=history
    )
    tasks = agent_tasks(plan, planner, [d])
    event(f"{min(len(tasks), 3)} tasks")
    for t in tasks:
        lo, hi = t.not_before.astimezone(SCL), t.not_after.astimezone(SCL)
        assert lo.date() == hi.date() or hi.time() == datetime.min.time()
        assert lo.weekday() != 6 and lo.date() not in CL_HOLIDAYS
        assert lo.hour >= 8 and (hi.hour, hi.minute) <= (20, 0)
        assert t.not_before >= as_of
    # A week is any 7 consecutive local dates: no other call within 6 days of a planned one.
    past = [a.at.astimezone(SCL).date() for a in history]
    planned = [t.not_before.astimezone(SCL).date() for t in tasks]
    for i, day in enumerate(planned):
        others = past + planned[:i] + planned[i + 1 :]
        assert all(abs((day - x).days) >= 7 for x in others), (planned, past)
