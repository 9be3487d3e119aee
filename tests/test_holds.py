"""Holds: "pause dunning for this customer (or invoice) until the 15th, because ..." (issue 18).

The invariant "a hold never leaks a message" is checked by :func:`covered`, written from the
definition of :class:`~dunning.events.Hold` in ``dunning.events`` (in force from ``at``, before
the local midnight that starts ``until``, until a release of the same id), never by calling the
planner's or the dispatcher's own evaluator.
"""

from __future__ import annotations

import random
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import (
    Cadence,
    Dispatcher,
    Message,
    Money,
    Planner,
    SkipCode,
    SQLiteOutbox,
    Step,
    Thanks,
    default_strategy,
)
from dunning.channels import MemoryChannel
from dunning.channels._memory import sample_message
from dunning.events import Event, Hold, HoldReleased, PaymentReceived, parse_event

SANTIAGO = ZoneInfo("America/Santiago")
AS_OF = datetime(2026, 11, 23, 9, tzinfo=SANTIAGO)  # a Monday
PLANNER = Planner(default_strategy(), creditor=CREDITOR, follow_ups=None)


def covered(
    message_debtor: str,
    debt_ids: tuple[str, ...],
    instant: datetime,
    zone: ZoneInfo,
    history: list[Event],
) -> list[str]:
    """Ids of the holds in force at ``instant`` that cover the message (independent checker)."""
    out = []
    for hold in history:
        if not isinstance(hold, Hold) or hold.debtor_id != message_debtor:
            continue
        if hold.debt_id is not None and hold.debt_id not in debt_ids:
            continue
        if instant < hold.at:
            continue
        if hold.until is not None and instant.astimezone(zone).date() >= hold.until:
            continue
        released = any(
            isinstance(r, HoldReleased)
            and r.hold_id == hold.hold_id
            and r.debtor_id == hold.debtor_id
            and hold.at < r.at <= instant
            for r in history
        )
        if not released:
            out.append(hold.hold_id)
    return out


def plan(history, debts=None, *, horizon=14):
    return PLANNER.plan(
        [debtor("d1")],
        debts or [debt("x1", due=date(2026, 11, 24))],
        as_of=AS_OF,
        horizon_days=horizon,
        history=history,
    )


def hold(**kw):
    kw.setdefault("at", AS_OF - timedelta(hours=1))
    kw.setdefault("hold_id", "h-1")
    kw.setdefault("debtor_id", "d1")
    kw.setdefault("reason", "customer travelling, asked to wait")
    return Hold(**kw)


# -- examples -------------------------------------------------------------------------------


def test_a_debtor_hold_skips_every_step_with_a_reason_and_source_naming_it():
    free = plan([])
    assert free.messages, "the example needs messages to hold"
    held = plan([hold(source="agent:jo")])
    assert held.messages == ()
    skips = [s for s in held.skipped if s.code is SkipCode.ON_HOLD]
    # Every step is stopped by the hold first (none is left to be moved or capped).
    assert skips == list(held.skipped) and len(skips) >= len(free.messages)
    skip = skips[0]
    assert skip.reason == (
        "hold h-1 on the debtor since 2026-11-23 until released: customer travelling, asked to wait"
    )
    assert skip.source is not None
    assert skip.source.citation == "hold h-1 recorded by agent:jo"
    assert skip.source.basis.value == "house"


def test_until_resumes_automatically_on_that_local_date():
    until = date(2026, 11, 30)
    held = plan([hold(until=until)])
    assert held.messages, "steps from the until date on go out again"
    assert all(m.local_date >= until for m in held.messages)
    assert any(s.code is SkipCode.ON_HOLD for s in held.skipped)
    assert all(s.on < until for s in held.skipped if s.code is SkipCode.ON_HOLD)


def test_a_release_ends_the_hold_at_its_instant():
    release = HoldReleased(
        at=datetime(2026, 11, 26, 0, tzinfo=SANTIAGO), hold_id="h-1", debtor_id="d1"
    )
    later = PLANNER.plan(
        [debtor("d1")],
        [debt("x1", due=date(2026, 11, 24))],
        as_of=datetime(2026, 11, 26, 9, tzinfo=SANTIAGO),
        horizon_days=14,
        history=[hold(), release],
    )
    unheld = PLANNER.plan(
        [debtor("d1")],
        [debt("x1", due=date(2026, 11, 24))],
        as_of=datetime(2026, 11, 26, 9, tzinfo=SANTIAGO),
        horizon_days=14,
    )
    assert [m.id for m in later.messages] == [m.id for m in unheld.messages]
    # A release of another id, or of the same id for another debtor, releases nothing.
    other = release.model_copy(update={"hold_id": "h-2"})
    assert plan([hold(), other]).messages == ()


def test_a_debt_hold_stops_only_that_debt_and_never_rides_in_a_merged_message():
    debts = [debt("x1", due=date(2026, 11, 24)), debt("x2", due=date(2026, 11, 24))]
    free = plan([], debts)
    assert any(m.debt_ids == ("x1", "x2") for m in free.messages)
    held = plan([hold(debt_id="x1", reason="invoice under review")], debts)
    assert held.messages
    assert all(m.debt_ids == ("x2",) for m in held.messages)
    assert all(
        "x1" not in line.debt_id for m in held.messages for line in m.debts
    )  # never listed either
    reasons = {s.reason for s in held.skipped if s.code is SkipCode.ON_HOLD}
    assert reasons == {"hold h-1 on debt x1 since 2026-11-23 until released: invoice under review"}


def test_a_hold_recorded_for_later_moves_the_steps_it_runs_into():
    # Recorded with a future instant (an agent scheduling a pause): steps before it go out.
    start = datetime(2026, 11, 27, 0, tzinfo=SANTIAGO)
    held = plan([hold(at=start, until=date(2026, 12, 10))])
    assert held.messages
    for m in held.messages:
        assert m.send_at < start or m.local_date >= date(2026, 12, 10)


def test_holds_round_trip_through_parse_event():
    event = parse_event(
        {
            "kind": "hold",
            "at": "2026-11-23T12:00:00Z",
            "hold_id": "h-9",
            "debtor_id": "d1",
            "debt_id": "x1",
            "reason": "lawyer letter",
            "until": "2026-12-15",
            "source": "crm",
        }
    )
    assert isinstance(event, Hold) and event.until == date(2026, 12, 15)
    released = parse_event(
        {"kind": "hold_released", "at": "2026-11-24T12:00:00Z", "hold_id": "h-9", "debtor_id": "d1"}
    )
    assert isinstance(released, HoldReleased)


def test_a_hold_needs_a_reason_and_an_id():
    import pytest

    from dunning import DunningError

    with pytest.raises(DunningError):
        parse_event(
            {
                "kind": "hold",
                "at": "2026-11-23T12:00:00Z",
                "hold_id": "h",
                "debtor_id": "d1",
                "reason": "",
            }
        )
    with pytest.raises(DunningError):
        parse_event(
            {
                "kind": "hold",
                "at": "2026-11-23T12:00:00Z",
                "hold_id": "",
                "debtor_id": "d1",
                "reason": "x",
            }
        )


# -- send time --------------------------------------------------------------------------------


def _dispatch(tmp_path, history, as_of):
    channel = MemoryChannel("sms")
    with SQLiteOutbox(tmp_path / f"outbox-{uuid.uuid4().hex}.db") as box:
        d = Dispatcher(
            {"sms": channel}, box, rng=random.Random(7), clock=lambda: 0.0, check_policy=False
        )
        d.add([sample_message("sms")])
        return d.dispatch(as_of=as_of, history=history)


def test_a_hold_recorded_after_planning_stops_the_send(tmp_path):
    message = sample_message("sms")
    t0 = message.send_at
    held = Hold(
        at=t0 - timedelta(minutes=5),
        hold_id="h-7",
        debtor_id=message.debtor_id,
        reason="complaint being handled",
        source="agent:mo",
    )
    report = _dispatch(tmp_path, [held], t0)
    assert report.sent == ()
    assert report.skipped == {
        message.id: "stopped: on_hold: hold h-7 on the debtor since "
        f"{held.at.astimezone(ZoneInfo(message.timezone)).date()} until released: complaint "
        "being handled"
    }
    # Released before the send: it goes.
    release = HoldReleased(at=t0 - timedelta(minutes=1), hold_id="h-7", debtor_id=message.debtor_id)
    assert _dispatch(tmp_path, [held, release], t0).sent == (message.id,)


# -- properties -------------------------------------------------------------------------------

_DAY = st.integers(min_value=-3, max_value=16)


@st.composite
def hold_histories(draw, debt_ids=("x1", "x2", "x3"), debtor_id="d1", base=AS_OF):
    history: list[Event] = []
    for n in range(draw(st.integers(min_value=0, max_value=4))):
        at = base + timedelta(days=draw(_DAY), hours=draw(st.integers(-12, 12)))
        until = draw(st.none() | _DAY.map(lambda d: base.date() + timedelta(days=d)))
        scope = draw(st.sampled_from((None, *debt_ids, "other")))
        who = draw(st.sampled_from((debtor_id, debtor_id, "someone-else")))
        history.append(
            Hold(at=at, hold_id=f"h{n}", debtor_id=who, debt_id=scope, reason=f"r{n}", until=until)
        )
        if draw(st.booleans()):
            released = at + timedelta(hours=draw(st.integers(-24, 24 * 10)))
            history.append(HoldReleased(at=released, hold_id=f"h{n}", debtor_id=who))
    return draw(st.permutations(history))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=hold_histories(), shift=st.integers(min_value=0, max_value=3))
def test_planned_messages_never_leak_through_a_hold(history, shift):
    debts = [
        debt("x1", due=date(2026, 11, 24)),
        debt("x2", due=date(2026, 11, 20)),
        debt("x3", due=date(2026, 11, 30)),
    ]
    result = PLANNER.replace(max_shift_days=shift).plan(
        [debtor("d1")], debts, as_of=AS_OF, horizon_days=14, history=history
    )
    for m in result.messages:
        assert covered(m.debtor_id, m.debt_ids, m.send_at, SANTIAGO, history) == [], m.explain
    ids = {e.hold_id for e in history if isinstance(e, Hold)}
    for skip in result.skipped:
        if skip.code is SkipCode.ON_HOLD:
            named = re.search(r"hold (h\d+) on ", skip.reason)
            assert named is not None and named.group(1) in ids, skip.reason
    # Same inputs, same plan: the order of history does not matter.
    again = PLANNER.replace(max_shift_days=shift).plan(
        [debtor("d1")], debts, as_of=AS_OF, horizon_days=14, history=list(reversed(history))
    )
    assert again == result


def _as_message(m: Message, debt_ids: tuple[str, ...]) -> Message:
    return m.model_copy(update={"debt_ids": debt_ids})


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    history=hold_histories(debt_ids=("F-1001",), debtor_id="c-1", base=sample_message().send_at),
    minutes=st.integers(min_value=-600, max_value=600),
)
def test_sent_messages_never_leak_through_a_hold(tmp_path, history, minutes):
    message = sample_message("sms")
    now = message.send_at + timedelta(minutes=minutes)
    if now < message.send_at:
        now = message.send_at
    if now >= message.expires_at:
        return
    report = _dispatch(tmp_path, history, now)
    held = covered(message.debtor_id, message.debt_ids, now, ZoneInfo(message.timezone), history)
    assert (report.sent == ()) == bool(held), (held, report)
    if held:
        assert report.skipped[message.id].startswith("stopped: on_hold: hold ")


def test_a_hold_at_the_same_instant_as_its_release_stays_in_force():
    at = AS_OF - timedelta(hours=1)
    history = [hold(at=at), HoldReleased(at=at, hold_id="h-1", debtor_id="d1")]
    assert plan(history).messages == ()
    assert covered("d1", ("x1",), AS_OF, SANTIAGO, history) == ["h-1"]


def test_checker_sanity():
    # The checker itself: a hold from 10:00 to the 30th covers the 29th, not the 30th.
    h = hold(at=datetime(2026, 11, 23, 10, tzinfo=SANTIAGO), until=date(2026, 11, 30))
    day = datetime.combine(date(2026, 11, 29), time(12), SANTIAGO)
    assert covered("d1", ("x1",), day, SANTIAGO, [h]) == ["h-1"]
    assert covered("d1", ("x1",), day + timedelta(days=1), SANTIAGO, [h]) == []
    assert covered("d1", ("x1",), datetime(2026, 11, 23, 9, tzinfo=UTC), SANTIAGO, [h]) == []


# Several debtors in zones with and without DST, decision instants around the changes (Chile 5 Apr
# and 6 Sep 2026; US and Mexico's border 8 Mar and 1 Nov 2026), calls and thank-yous as well as
# written reminders: no planned message of any kind is covered by a hold.
_PLACES = (
    ("CL", "America/Santiago", "+56961234567"),
    ("CL", "Pacific/Easter", "+56961234568"),
    ("US", "America/New_York", "+12125550123"),
    ("US", "America/Phoenix", "+16025550123"),
    ("MX", "America/Tijuana", "+526641234567"),
    ("MX", "America/Mexico_City", "+525512345678"),
)
_BASES = (
    datetime(2026, 4, 1, 9, tzinfo=UTC),
    datetime(2026, 9, 2, 9, tzinfo=UTC),
    datetime(2026, 3, 4, 15, tzinfo=UTC),
    datetime(2026, 10, 28, 15, tzinfo=UTC),
)
_CURRENCY = {"CL": "CLP", "US": "USD", "MX": "MXN"}
_MIXED = Planner(
    Cadence(
        "mixed",
        [Step(-1), Step(0, channels=["call"]), Step(2, repeat_every_days=2, until_offset_days=20)],
    ),
    creditor=CREDITOR,
    follow_ups=None,
    thanks=Thanks(),
)


@st.composite
def held_portfolios(draw):
    base = draw(st.sampled_from(_BASES)) + timedelta(hours=draw(st.integers(-72, 72)))
    debtors, debts, history = [], [], []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        country, zone, phone = draw(st.sampled_from(_PLACES))
        who = debtor(
            f"d{i}", country, timezone=zone, phone=phone, channels=("sms", "email", "call")
        )
        ids = tuple(f"d{i}-x{k}" for k in range(draw(st.integers(min_value=1, max_value=2))))
        for d in ids:
            due = base.date() + timedelta(days=draw(st.integers(-10, 5)))
            debts.append(debt(d, who.id, due=due, amount="300", currency=_CURRENCY[country]))
            if draw(st.integers(0, 3)) == 0:  # paid in full: a thank-you is due
                paid_at = base - timedelta(hours=draw(st.integers(1, 48)))
                history.append(
                    PaymentReceived(at=paid_at, debt_id=d, amount=Money("300", _CURRENCY[country]))
                )
        debtors.append(who)
        history += [
            e.model_copy(update={"hold_id": f"{who.id}-{e.hold_id}"})
            for e in draw(hold_histories(debt_ids=ids, debtor_id=who.id, base=base))
        ]
    return base, debtors, debts, draw(st.permutations(history))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=held_portfolios())
def test_no_message_of_any_kind_leaks_through_a_hold_across_zones_and_dst(portfolio):
    as_of, debtors, debts, history = portfolio
    result = _MIXED.plan(debtors, debts, as_of=as_of, horizon_days=14, history=history)
    zones = {d.id: ZoneInfo(d.timezone) for d in debtors}
    kinds = {(m.channel.value, m.stage.value) for m in result.messages}
    event("calls" if any(k[0] == "call" for k in kinds) else "no calls")
    event("thanks" if any(k[1] == "thanks" for k in kinds) else "no thanks")
    event("held" if any(s.code is SkipCode.ON_HOLD for s in result.skipped) else "nothing held")
    for m in result.messages:
        assert covered(m.debtor_id, m.debt_ids, m.send_at, zones[m.debtor_id], history) == [], (
            m.explain
        )
