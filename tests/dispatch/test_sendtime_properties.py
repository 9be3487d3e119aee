"""Properties: the law holds for what is actually sent, whatever the operation schedule.

Random portfolios across the seven markets are planned for 14 days (with the default strategy or
a random one, with or without a grace period) and dispatched under random operation schedules:
an hourly cron (or every few hours), a multi-day outage followed by a catch-up run, one late run,
two workers on one outbox (one of them running *inside* the other's provider call), rate limits
whose waits cross a window's end, provider latency and throttling, and a daily re-plan with the
stored events (or without them: the caller forgot to store them). Provider latency stays within
the dispatcher's ``send_margin`` (5 s): a send that takes longer than the margin can land after a
window closes, which no check made before the call can prevent.

The simulated world has one wall clock. Every channel records each message with the wall-clock
instant at which the provider call *returns* (after its latency): that log is the truth about
what was sent and when. An independent checker reads it and verifies, from the policy data of
the law (``for_debtor``: windows, holidays, caps, consent rules) and the raw history — never
with the library's evaluation code:

* hours and closed days (holidays, quiet periods) in every zone the debtor may be in;
* caps and minimum gaps, counting the history and every message sent;
* one message per debtor per local day, counting the history's contacts;
* consent (never after a revocation; a recorded grant where the law or platform asks for one)
  and legal action;
* no message sent at or after the end of its planned local day (plus the strategy's grace).

The oracles for hours, caps and consent are the independent ones of ``tests/test_properties.py``.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dunning import (
    Cadence,
    ChannelKind,
    Consent,
    Debtor,
    Dispatcher,
    Message,
    Planner,
    RateLimit,
    RetryableError,
    SQLiteOutbox,
    default_strategy,
)
from dunning.channels import MemoryChannel
from dunning.events import Event, LegalActionStarted, MessageSent
from dunning.policy import PLATFORM_RULES, ContactPolicy, for_debtor

sys.path.insert(0, str(Path(__file__).parents[1]))
from test_properties import (  # the independent oracles and portfolio strategies
    as_of_instants,
    cadences,
    cap_problems,
    consent_state,
    debtors,
    debts_of,
    histories,
    hours_problems,
    local_day,
)

CREDITOR_NAME = "X"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --------------------------------------------------------------------------- the simulated world


class World:
    """One wall clock for everything: dispatch calls, rate-limit sleeps, provider latency."""

    def __init__(self, start: datetime) -> None:
        self.t = start.astimezone(UTC)

    def monotonic(self) -> float:
        return (self.t - EPOCH).total_seconds()

    def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


class LoggedChannel(MemoryChannel):
    """A provider that takes ``latency`` seconds per call and logs each message it accepts
    with the wall-clock instant the call returned; it throttles when programmed to."""

    def __init__(
        self,
        kind: str,
        world: World,
        log: list[tuple[Message, datetime]],
        *,
        latency: float,
        throttle_every: int,
        during: Any = None,
    ) -> None:
        super().__init__(kind, allow_unrendered=True)  # timing, not text
        self.world = world
        self.log = log
        self.latency = latency
        self.throttle_every = throttle_every
        self.calls = 0
        self.during = during  # called once, inside the first provider call: a second worker

    def send(self, message: Message) -> Any:
        self.calls += 1
        if self.during is not None:
            during, self.during = self.during, None
            during()
        self.world.sleep(self.latency)
        if self.throttle_every and self.calls % self.throttle_every == 0:
            raise RetryableError("throttled", retry_after=600)
        result = super().send(message)
        self.log.append((message, self.world.t))
        return result


@dataclass
class Operation:
    """How the dispatchers are run: call instants per worker and the world's friction."""

    name: str
    calls: list[tuple[datetime, int]]  # (instant, worker 0 or 1)
    rate: float | None
    burst: int
    latency: float
    throttle_every: int
    nested: bool  # worker 1 also runs once inside worker 0's first provider call
    replan_daily: bool
    store_events: bool


@st.composite
def operations(draw: st.DrawFn, start: datetime) -> Operation:
    kind = draw(st.sampled_from(("cron", "outage", "late", "two_workers", "rate_limited")))
    every = draw(st.sampled_from((1, 1, 2, 3, 6)))
    end = start + timedelta(days=15)
    hours = int((end - start).total_seconds() // 3600)
    offset = timedelta(minutes=draw(st.integers(0, 59)))
    calls = [(start + offset + timedelta(hours=h), 0) for h in range(0, hours, every)]
    if kind == "outage":
        down = start + timedelta(hours=draw(st.integers(0, 24 * 8)))
        up = down + timedelta(hours=draw(st.integers(24, 24 * 5)))
        calls = [(t, w) for t, w in calls if not down <= t < up]
        calls.append((up + timedelta(minutes=draw(st.integers(0, 59))), 0))  # the catch-up run
    elif kind == "late":
        late = start + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
        calls = [(late, 0), *[c for c in calls if c[0] > late + timedelta(days=1)][:: every * 3]]
    elif kind == "two_workers":
        shift = timedelta(minutes=draw(st.integers(0, 59)))
        calls += [(t + shift, 1) for t, _ in calls]
    elif kind == "rate_limited":
        # Runs seconds to minutes before windows close (19:5x:ss, 20:5x:ss ... in UTC-3 to
        # UTC-5), so that rate-limit waits and provider latency cross a window's end.
        minute = draw(st.sampled_from((55, 59, 59)))
        second = draw(st.integers(0, 59) | st.sampled_from((56, 57, 58, 59)))
        calls = [
            (datetime.combine(start.date() + timedelta(days=d), time(h, minute, second), UTC), 0)
            for d in range(15)
            for h in (22, 23, 0, 1)
        ]
    calls.sort()
    rate = None
    if kind == "rate_limited" or draw(st.integers(0, 3)) == 0:
        rate = draw(st.sampled_from((1 / 60, 1 / 20, 0.2, 1.0)))
    return Operation(
        name=kind,
        calls=calls,
        rate=rate,
        burst=draw(st.integers(1, 3)),
        latency=draw(st.sampled_from((0.0, 0.5, 2.0))),
        throttle_every=draw(st.sampled_from((0, 0, 0, 3, 7))),
        nested=kind == "two_workers" and draw(st.booleans()),
        replan_daily=draw(st.booleans()),
        store_events=draw(st.booleans()),
    )


@dataclass
class Case:
    """A portfolio, its strategy and an operation schedule; ``repr`` says what was drawn."""

    strategy: Cadence
    debtors: tuple[Debtor, ...]
    debts: tuple[Any, ...]
    history: tuple[Event, ...]
    as_of: datetime
    operation: Operation
    log: list[tuple[Message, datetime]] = field(default_factory=list, repr=False)

    def __repr__(self) -> str:
        op = self.operation
        return (
            f"Case(as_of={self.as_of.isoformat()}, strategy={self.strategy.name!r} "
            f"(grace {self.strategy.grace_days}), debtors="
            f"{[(d.id, d.country, d.subdivision, d.zones) for d in self.debtors]}, "
            f"{len(self.debts)} debts, {len(self.history)} events, operation={op.name} "
            f"({len(op.calls)} calls, rate={op.rate}, burst={op.burst}, latency={op.latency}, "
            f"throttle_every={op.throttle_every}, nested={op.nested}, "
            f"replan_daily={op.replan_daily}, store_events={op.store_events}))"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@st.composite
def case_pairs(draw: st.DrawFn) -> tuple[Case, Case]:
    """One portfolio (the costly part to draw) run twice: with the default strategy and with a
    random one, each with its own grace period and operation schedule."""
    as_of = draw(as_of_instants())
    people = tuple(draw(debtors(i, as_of)) for i in range(draw(st.integers(1, 6))))
    if draw(st.booleans()):  # half the time, consent on every channel: more is sent
        granted = tuple(
            Consent(channel=c, granted_at=as_of - timedelta(days=400), source="test")
            for c in ChannelKind
        )
        people = tuple(p.model_copy(update={"consents": granted}) for p in people)
    debts = tuple(d for person in people for d in draw(debts_of(person, as_of)))
    history = tuple(draw(histories(people, debts, as_of)))
    pair = []
    for strategy in (default_strategy(), draw(cadences())):
        grace = draw(st.sampled_from((0, 0, 1, 2)))
        strategy = strategy.model_copy(update={"grace_days": grace})
        pair.append(Case(strategy, people, debts, history, as_of, draw(operations(as_of))))
    return pair[0], pair[1]


def run(case: Case) -> list[tuple[Message, datetime]]:
    """Plan for 14 days and dispatch under the case's operation schedule; the channels' log."""
    op = case.operation
    world = World(case.as_of)
    log: list[tuple[Message, datetime]] = []
    planner = Planner(case.strategy, creditor=_creditor())
    stored: list[Event] = list(case.history)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "outbox.db"
        boxes = [SQLiteOutbox(path), SQLiteOutbox(path)]
        workers: list[Dispatcher] = []

        def nested_call() -> None:
            report = workers[1].dispatch(as_of=world.t, **facts())
            if op.store_events:
                stored.extend(report.events)

        for index, box in enumerate(boxes):
            channels = {
                kind: LoggedChannel(
                    kind,
                    world,
                    log,
                    latency=op.latency,
                    throttle_every=op.throttle_every,
                    during=nested_call if op.nested and index == 0 else None,
                )
                for kind in ("sms", "whatsapp", "email")
            }
            limits = (
                {k: RateLimit(per_second=op.rate, burst=op.burst) for k in channels}
                if op.rate
                else None
            )
            workers.append(
                Dispatcher(
                    channels,
                    box,
                    planner=planner,
                    rate_limits=limits,
                    lease_seconds=10**6,
                    batch_size=5,
                    clock=world.monotonic,
                    sleep=world.sleep,
                    worker=f"w{index}",
                )
            )

        def facts() -> dict[str, Any]:
            return {
                "history": stored if op.store_events else case.history,
                "debtors": case.debtors,
                "debts": case.debts,
            }

        plan = planner.plan(
            case.debtors, case.debts, as_of=case.as_of, horizon_days=14, history=case.history
        )
        workers[0].add(plan)
        planned_day = case.as_of.date()
        for at, who in op.calls:
            world.t = max(world.t, at)
            if op.replan_daily and world.t.date() > planned_day:
                planned_day = world.t.date()
                workers[0].add(
                    planner.plan(
                        case.debtors,
                        case.debts,
                        as_of=world.t,
                        horizon_days=14,
                        history=stored if op.store_events else case.history,
                    )
                )
            report = workers[who].dispatch(as_of=world.t, **facts())
            if op.store_events:
                stored.extend(report.events)
        for box in boxes:
            box.close()
    return log


def _creditor() -> Any:
    from dunning import Creditor

    return Creditor(name=CREDITOR_NAME)


# --------------------------------------------------------------------------- the checker


def law_of(debtor: Debtor) -> tuple[ContactPolicy, frozenset[ChannelKind]]:
    """The law's policy data for the debtor (every subdivision they may be in), and the
    channels that need a recorded consent (the law's consent rules and the platform's)."""
    law = for_debtor(debtor)
    needs: set[ChannelKind] = set()
    for rule in (*law.consent, *PLATFORM_RULES.consent):
        needs |= set(rule.channels)
    return law, frozenset(needs)


def end_of_validity(message: Message, grace: int) -> datetime:
    """Midnight after the planned local date (plus grace) on the debtor's wall clock."""
    day = message.local_date + timedelta(days=1 + grace)
    zone = ZoneInfo(message.timezone)
    # A midnight inside a spring-forward gap does not exist: the first instant after it does.
    wall = datetime.combine(day, time(0), zone)
    as_utc = wall.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        as_utc = datetime.combine(day, time(0), zone).replace(fold=1).astimezone(UTC)
    return as_utc


def violations(case: Case, log: list[tuple[Message, datetime]]) -> list[str]:
    people = {d.id: d for d in case.debtors}
    problems: list[str] = []
    per_day: Counter[tuple[str, date]] = Counter()
    for fact in case.history:
        if isinstance(fact, MessageSent) and fact.debtor_id in people:
            per_day[(fact.debtor_id, local_day(fact.at, people[fact.debtor_id]))] += 1
    sent_by: dict[str, list[Message]] = {}
    sent_days: set[tuple[str, date]] = set()  # the history alone may break the rule: not ours
    ids = Counter(m.id for m, _ in log)
    problems += [f"{i} sent {n} times" for i, n in ids.items() if n > 1]
    for message, at in log:
        debtor = people[message.debtor_id]
        law, needs = law_of(debtor)
        what = f"{message.id} ({debtor.country}, {message.channel.value}) at {at.isoformat()}"
        for problem in hours_problems(law, debtor, message.channel, at):
            problems.append(f"{what}: {problem}")
        grace = case.strategy.grace_days if message.cadence == case.strategy.name else 0
        if at >= end_of_validity(message, grace):
            problems.append(f"{what}: sent after its planned day {message.local_date} (+{grace})")
        state = consent_state(debtor, case.history, message.channel, at)
        if state is False or (state is None and message.channel in needs):
            problems.append(f"{what}: consent is {state}")
        if any(
            isinstance(e, LegalActionStarted) and e.debtor_id == debtor.id and e.at <= at
            for e in case.history
        ):
            problems.append(f"{what}: after legal action")
        per_day[(debtor.id, local_day(at, debtor))] += 1
        sent_days.add((debtor.id, local_day(at, debtor)))
        sent_by.setdefault(debtor.id, []).append(message.model_copy(update={"send_at": at}))
    problems += [
        f"{d}: {n} contacts on {day}"
        for (d, day), n in per_day.items()
        if n > 1 and (d, day) in sent_days
    ]
    for debtor_id, sent in sent_by.items():
        debtor = people[debtor_id]
        law, _ = law_of(debtor)
        problems += cap_problems(law, debtor, case.history, sent)
    return problems


def explain(case: Case, log: list[tuple[Message, datetime]]) -> str:
    """The history and the channels' log, for a failing example."""
    lines = [f"history: {e!r}" for e in case.history]
    lines += [f"sent {m!r} at {at.isoformat()}" for m, at in log]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the properties


def check_what_is_sent_obeys_the_law(case: Case, label: str) -> None:
    log = run(case)
    event(f"{label}, {case.operation.name}: {'some' if log else 'no'} messages sent")
    assert violations(case, log) == [], explain(case, log)


def check_both_strategies(pair: tuple[Case, Case]) -> None:
    """Both cases of the pair, drawn from one portfolio (they were two tests, each drawing its
    own): the default strategy, then a random one."""
    default, random_strategy = pair
    check_what_is_sent_obeys_the_law(default, "default strategy")
    check_what_is_sent_obeys_the_law(random_strategy, "random strategy")


# Each example simulates two weeks of dispatch runs twice (about 70 ms of CPU): the default run
# checks 50 pairs, the slow step of .ci/run the full 150 of this property.
@settings(SETTINGS, max_examples=50)
@given(case_pairs())
def test_what_is_sent_obeys_the_law_with_the_default_and_random_strategies(
    pair: tuple[Case, Case],
) -> None:
    check_both_strategies(pair)


@pytest.mark.slow
@SETTINGS
@given(case_pairs())
def test_what_is_sent_obeys_the_law_with_the_default_and_random_strategies_150_pairs(
    pair: tuple[Case, Case],
) -> None:
    check_both_strategies(pair)


# The dispatcher-accepts-the-plan property draws the planner properties' portfolios: it is
# check_the_dispatcher_accepts_every_planned_message_at_its_planned_instant, run on their draw
# by tests/test_properties.py.
