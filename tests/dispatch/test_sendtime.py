"""Send-time compliance: one test per problem of issue 10's "Why", showing it fixed.

Every test drives the dispatcher as a user would (a planner, the debtors, an outbox) under a
simulated wall clock: ``dispatch(now)`` plus the time its injected ``clock`` says has passed
(rate-limit sleeps and provider latency move it). Channels log the instant each message reached
them; the assertions read that log, not the dispatcher's report.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dispatch_messages import T0

from dunning import (
    Cadence,
    Consent,
    Creditor,
    Dispatcher,
    DispatchError,
    InputError,
    Message,
    OutboxError,
    OutboxFullError,
    OutboxReadOnlyError,
    OutboxState,
    Planner,
    RateLimit,
    SQLiteOutbox,
    Step,
    default_strategy,
)
from dunning.channels import MemoryChannel, SendResult
from dunning.channels._memory import sample_message
from dunning.events import MessageSent
from dunning.policy._contacts import DebtorLog

sys.path.insert(0, str(Path(__file__).parents[1]))
import itertools

from builders import CREDITOR, debt, debtor

SANTIAGO = "America/Santiago"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class World:
    """A wall clock shared by the dispatcher (``clock``/``sleep``) and the channels."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def clock(self) -> float:
        return (self.t - EPOCH).total_seconds()

    def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


class Logged(MemoryChannel):
    """Logs ``(message id, debtor id, instant)`` as each message reaches the provider."""

    def __init__(self, kind: str, world: World, *, hook: Any = None, raw: dict | None = None):
        super().__init__(kind, allow_unrendered=True)  # timing, not text
        self.world = world
        self.log: list[tuple[str, str, datetime]] = []
        self.hook = hook
        self.raw = raw

    def send(self, message: Message) -> SendResult:
        self.log.append((message.id, message.debtor_id, self.world.t))
        if self.hook is not None:
            self.hook(len(self.log))
        result = super().send(message)
        return result.model_copy(update={"raw": self.raw}) if self.raw else result


def ana(**kw: Any) -> Any:
    return debtor("c-1", phone="+56961234567", email="ana@example.cl", **kw)


def planner(strategy: Any = None) -> Planner:
    return Planner(strategy or default_strategy(), creditor=CREDITOR)


def local(at: datetime, zone: str = SANTIAGO) -> datetime:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo(zone))


# --- "A backlog is sent at once" ------------------------------------------------------------


def test_a_backlog_after_an_outage_obeys_one_per_day_caps_and_gaps(tmp_path):
    """A daily SMS cadence with a 5-day grace: after a 4-day outage, several planned messages
    are still valid at once. Chile allows 2 written messages per 7 days, 2 days apart."""
    people = [ana()]
    debts = [debt("F-1", "c-1", due=date(2026, 11, 23)), debt("F-2", "c-1", due=date(2026, 11, 25))]
    strategy = Cadence(
        "daily",
        [Step(-2, channels=("sms",), repeat_every_days=1, until_offset_days=20)],
        grace_days=5,
    )
    p = planner(strategy)
    as_of = datetime(2026, 11, 20, 10, tzinfo=UTC)
    plan = p.plan(people, debts, as_of=as_of, horizon_days=14)
    assert len(plan) >= 4  # several messages, planned apart as the law asks
    world = World(as_of)
    sms = Logged("sms", world)
    d = Dispatcher(
        {"sms": sms},
        SQLiteOutbox(tmp_path / "o.db"),
        planner=p,
        clock=world.clock,
        sleep=world.sleep,
    )
    d.add(plan)
    # The worker is down until Saturday 28 Nov 12:00 UTC, then runs hourly for a week. The
    # caller never stores the events (the outbox's own sent rows must count).
    world.t = datetime(2026, 11, 28, 12, tzinfo=UTC)
    first = d.dispatch(as_of=world.t, debtors=people, debts=debts)
    assert len(first.sent) == 1  # one message, not the whole backlog
    assert first.skipped or first.expired  # the rest is stopped or expired, with reasons
    for _ in range(24 * 7):
        world.t += timedelta(hours=1)
        d.dispatch(as_of=world.t, debtors=people, debts=debts)
    days = sorted(local(at).date() for _, _, at in sms.log)
    assert len(days) == len(set(days)), days  # one message per local day
    for day in days:
        week = [x for x in days if day <= x <= day + timedelta(days=6)]
        assert len(week) <= 2, days  # at most 2 written contacts in any 7 days
    assert all((b - a).days >= 2 for a, b in itertools.pairwise(days)), days


def test_sends_earlier_in_the_same_call_count(outbox):
    """Two messages for one debtor due on one day (the second one re-planned with new facts,
    so a new id): one call sends the first and stops the second."""
    world = World(T0)
    sms = Logged("sms", world)
    d = Dispatcher({"sms": sms}, outbox, planner=planner(), clock=world.clock, sleep=world.sleep)
    first = sample_message("sms")
    second = first.model_copy(update={"id": "m-sms-2"})
    report = d.dispatch(as_of=T0, messages=[first, second], debtors=[ana()])
    assert report.sent == ("m-sms-1",)
    assert report.skipped["m-sms-2"].startswith("stopped: already_contacted: message m-sms-1")
    assert [m for m, _, _ in sms.log] == ["m-sms-1"]


def test_the_outbox_counts_what_it_sent_even_if_the_events_were_not_stored(tmp_path):
    path = tmp_path / "o.db"
    first, second = sample_message("sms"), sample_message("sms").model_copy(update={"id": "m-2"})
    d1 = Dispatcher(
        {"sms": MemoryChannel("sms")}, SQLiteOutbox(path), planner=planner(), clock=lambda: 0.0
    )
    assert d1.dispatch(as_of=T0, messages=[first], debtors=[ana()]).sent == ("m-sms-1",)
    # Another worker, later that day, with no history at all.
    d2 = Dispatcher({"sms": MemoryChannel("sms")}, SQLiteOutbox(path), planner=planner())
    report = d2.dispatch(as_of=T0 + timedelta(hours=2), messages=[second], debtors=[ana()])
    assert report.sent == () and "already_contacted" in report.skipped["m-2"]
    [contact] = SQLiteOutbox(path).contacts(T0 - timedelta(days=1))
    assert contact == MessageSent(
        at=T0, message_id="m-sms-1", debtor_id="c-1", channel="sms", debt_ids=("F-1001",)
    )


# --- "Stale messages go out" ----------------------------------------------------------------


def test_a_due_today_message_is_never_sent_a_week_later(outbox):
    message = sample_message("sms")  # "hoy vence tu cuenta", planned for Monday 23 Nov
    assert message.valid_until == datetime(2026, 11, 24, 3, tzinfo=UTC)  # midnight in Santiago
    sms = MemoryChannel("sms")
    d = Dispatcher({"sms": sms}, outbox, planner=planner())
    report = d.dispatch(
        as_of=datetime(2026, 11, 30, 13, tzinfo=UTC), messages=[message], debtors=[ana()]
    )
    assert report.sent == () and sms.attempts == []
    assert report.expired == {
        message.id: "expired: valid until 2026-11-24T03:00:00+00:00, not sent by then"
    }
    assert outbox.get(message.id).state == OutboxState.EXPIRED


def test_a_pt_br_due_tomorrow_message_expires_and_the_next_plan_decides_again(outbox):
    joao = debtor(
        "b-1",
        "BR",
        timezone="America/Sao_Paulo",
        phone="+5511961234567",
        email="joao@example.com.br",
        locale="pt_BR",
    )
    debts = [debt("B-1", "b-1", due=date(2026, 11, 24), amount="300.00", currency="BRL")]
    # Brazil's CDC art. 42-A: every message names the supplier's address and CNPJ.
    loja = Creditor(name="Loja Sul", tax_id="12.345.678/0001-95", address="Rua A, 1, São Paulo")
    p = Planner(default_strategy(), creditor=loja)
    plan = p.plan([joao], debts, as_of=datetime(2026, 11, 23, 9, tzinfo=UTC))
    [message] = plan.messages
    assert message.stage.value == "pre_due" and message.local_date == date(2026, 11, 23)
    email = MemoryChannel(message.channel)
    d = Dispatcher({message.channel: email}, outbox, planner=p)
    d.add(plan)
    late = datetime(2026, 12, 6, 13, tzinfo=UTC)  # 13 days late
    report = d.dispatch(as_of=late, debtors=[joao], debts=debts)
    assert list(report.expired) == [message.id] and email.attempts == []
    # The next plan decides again, with fresh text and a new id.
    again = p.plan([joao], debts, as_of=late, horizon_days=3)
    assert message.id not in {m.id for m in again}
    assert all(m.stage.value != "pre_due" for m in again)


def test_a_strategy_can_grant_a_longer_grace():
    p = planner(Cadence("gentle", [Step(0, channels=("email",))], grace_days=2))
    plan = p.plan(
        [ana()],
        [debt("F-1", "c-1", due=date(2026, 11, 23))],
        as_of=datetime(2026, 11, 23, 9, tzinfo=UTC),
    )
    [message] = plan.messages
    assert message.valid_until == datetime(2026, 11, 26, 3, tzinfo=UTC)


def test_concurrent_async_sends_of_one_call_count_each_other(outbox):
    import asyncio

    from dunning import AsyncDispatcher
    from dunning.channels import AsyncMemoryChannel

    sms = AsyncMemoryChannel("sms")
    d = AsyncDispatcher({"sms": sms}, outbox, planner=planner(), concurrency=8,
                        clock=lambda: 0.0)  # fmt: skip
    base = sample_message("sms")
    same_day = [base.model_copy(update={"id": f"m-{i}"}) for i in range(6)]
    report = asyncio.run(d.dispatch(as_of=T0, messages=same_day, debtors=[ana()]))
    assert len(sms.sent) == 1 and len(report.sent) == 1 and len(report.skipped) == 5


def test_the_async_dispatcher_raises_a_typed_error_with_its_partial_report(tmp_path):
    import asyncio

    from dunning import AsyncDispatcher
    from dunning.channels import AsyncMemoryChannel

    box = SQLiteOutbox(tmp_path / "o.db")
    people = [debtor(f"c-{i}", phone="+56961234567") for i in range(3)]
    base = sample_message("sms")
    box.add([base.model_copy(update={"id": f"m-{i}", "debtor_id": f"c-{i}"}) for i in range(3)])

    class Breaking(AsyncMemoryChannel):
        async def send(self, message: Message) -> SendResult:
            result = await super().send(message)
            if message.id == "m-1":
                box._db.execute("PRAGMA query_only = 1")  # the outbox cannot be written now
            return result

    d = AsyncDispatcher({"sms": Breaking("sms")}, box, planner=planner(), concurrency=1,
                        clock=lambda: 0.0)  # fmt: skip
    with pytest.raises(DispatchError) as info:
        asyncio.run(d.dispatch(as_of=T0, debtors=people))
    assert isinstance(info.value.__cause__, OutboxReadOnlyError)
    assert info.value.report.sent == ("m-0", "m-1")
    assert [e.message_id for e in info.value.report.events] == ["m-0", "m-1"]


# --- "The check happens at the wrong instant" -----------------------------------------------


def thirty_messages(
    send_at: datetime = datetime(2026, 11, 23, 22, 50, tzinfo=UTC),
) -> tuple[list[Message], list[Any]]:
    base = sample_message("sms")
    people = [debtor(f"c-{i}", phone="+56961234567", email=None) for i in range(30)]
    messages = [
        base.model_copy(update={"id": f"m-{i}", "debtor_id": f"c-{i}", "send_at": send_at})
        for i in range(30)
    ]
    return messages, people


@pytest.mark.parametrize(("start", "margin", "sent"), [((59, 56), 0, 4), ((59, 30), 5, 25)])
def test_rate_limit_waits_never_carry_a_send_past_the_window_end(outbox, start, margin, sent):
    """30 SMS at 1/s from 19:59:56 (or :30) in Santiago, where the window closes at 20:00."""
    messages, people = thirty_messages()
    now = datetime(2026, 11, 23, 22, *start, tzinfo=UTC)  # 19:MM:SS in Santiago
    world = World(now)
    sms = Logged("sms", world)
    d = Dispatcher(
        {"sms": sms},
        outbox,
        planner=planner(),
        send_margin=margin,
        rate_limits={"sms": RateLimit(per_second=1)},
        batch_size=10,
        clock=world.clock,
        sleep=world.sleep,
    )
    report = d.dispatch(as_of=now, messages=messages, debtors=people)
    assert all(local(at).hour < 20 for _, _, at in sms.log)  # none at or after 20:00
    assert all(
        local(at) + timedelta(seconds=margin) < local(at).replace(hour=20, minute=0, second=0)
        for _, _, at in sms.log
    )
    assert len(sms.log) == sent and len(report.expired) == 30 - sent
    assert all("no allowed time before it expires" in r for r in report.expired.values())
    # MessageSent.at is the real send time, as the channel saw it.
    assert [e.at for e in report.events] == [at for _, _, at in sms.log]


def test_leases_start_at_claim_time_so_a_healthy_second_worker_finds_nothing_unknown(tmp_path):
    path = tmp_path / "o.db"
    now = datetime(2026, 11, 23, 13, tzinfo=UTC)  # 10:00 in Santiago
    messages, people = thirty_messages(now)
    world = World(now)
    second: list[Any] = []

    def run_second(count: int) -> None:
        if count == 28:  # 27 s into the first worker's call, past its call's now + lease
            other = Dispatcher(
                {"sms": MemoryChannel("sms")},
                SQLiteOutbox(path),
                planner=planner(),
                clock=world.clock,
                worker="w2",
            )
            second.append(other.dispatch(as_of=world.t, debtors=people))

    sms = Logged("sms", world, hook=run_second)
    d = Dispatcher(
        {"sms": sms},
        SQLiteOutbox(path),
        planner=planner(),
        lease_seconds=20,
        rate_limits={"sms": RateLimit(per_second=1)},
        batch_size=10,
        clock=world.clock,
        sleep=world.sleep,
        worker="w1",
    )
    report = d.dispatch(as_of=now, messages=messages, debtors=people)
    [other] = second
    assert other.unknown == () and other.sent == ()
    assert len(report.sent) == 30 and report.unknown == ()
    assert {i.state for i in SQLiteOutbox(path).items()} == {OutboxState.SENT}


def test_begin_attempt_refuses_a_row_whose_lease_lapsed(outbox):
    outbox.add([sample_message("sms")])
    outbox.claim(as_of=T0, limit=1, lease_seconds=60, worker="w1")
    assert not outbox.begin_attempt("m-sms-1", "w1", at=T0 + timedelta(seconds=60))
    [item] = outbox.claim(as_of=T0 + timedelta(seconds=61), limit=1, lease_seconds=60, worker="w2")
    assert not item.stale  # never handed to the provider: safe to send, not "unknown"
    assert outbox.begin_attempt("m-sms-1", "w2", at=T0 + timedelta(seconds=62))


def test_a_policy_message_cannot_be_sent_without_the_facts_to_check_it(outbox):
    with pytest.raises(InputError, match="check_policy=False") as info:
        Dispatcher({"sms": MemoryChannel("sms")}, outbox)
    assert info.value.field == "planner"
    sms = MemoryChannel("sms")
    d = Dispatcher({"sms": sms}, outbox, planner=planner())
    report = d.dispatch(as_of=T0, messages=[sample_message("sms")])  # debtors not given
    assert "m-sms-1" in report.held and sms.attempts == []
    assert outbox.get("m-sms-1").state == OutboxState.PENDING
    assert d.dispatch(as_of=T0 + timedelta(minutes=5), debtors=[ana()]).sent == ("m-sms-1",)


def test_without_a_planner_a_revoked_consent_on_the_debtor_still_stops_the_send(outbox):
    revoked = Consent(
        channel="sms",
        granted_at=datetime(2025, 1, 1, tzinfo=UTC),
        source="form",
        revoked_at=T0 - timedelta(days=1),
    )
    sms = MemoryChannel("sms")
    d = Dispatcher({"sms": sms}, outbox, check_policy=False)  # the documented opt-out
    report = d.dispatch(
        as_of=T0,
        messages=[sample_message("sms")],
        debtors=[ana().model_copy(update={"consents": (revoked,)})],
    )
    assert report.skipped == {"m-sms-1": "stopped: opted_out: the debtor revoked consent for sms"}
    assert sms.attempts == []


# --- "Facts are lost on failure" ------------------------------------------------------------


def test_a_full_disk_mid_call_raises_a_typed_error_with_the_sends_that_happened(tmp_path):
    path = tmp_path / "o.db"
    box = SQLiteOutbox(path)
    first = sample_message("sms")
    others = [first.model_copy(update={"id": f"m-{i}", "debtor_id": f"c-{i}"}) for i in (2, 3)]
    people = [ana(), *(debtor(f"c-{i}", phone="+56961234567") for i in (2, 3))]
    box.add([first, *others])
    pages = box._db.execute("PRAGMA page_count").fetchone()[0]

    def fill_disk(count: int) -> None:
        if count == 2:  # the second send is accepted, then the disk is full
            box._db.execute(f"PRAGMA max_page_count = {pages}")

    sms = Logged("sms", World(T0), hook=fill_disk, raw={"padding": "x" * 20_000})
    d = Dispatcher({"sms": sms}, box, planner=planner(), clock=lambda: 0.0)
    with pytest.raises(DispatchError) as info:
        d.dispatch(as_of=T0, debtors=people)
    error = info.value
    assert isinstance(error.__cause__, OutboxFullError)
    assert "disk" in str(error.__cause__) and "full" in str(error.__cause__)
    sent = [e.message_id for e in error.report.events if isinstance(e, MessageSent)]
    assert sent == [m for m, _, _ in sms.log] == ["m-2", "m-3"]  # both sends are reported
    assert error.report.sent == ("m-2", "m-3")
    # The send whose record failed is still a contact for the outbox.
    box._db.execute("PRAGMA max_page_count = 1073741823")
    assert sent[-1] in {c.message_id for c in box.contacts(T0 - timedelta(days=1))}
    # Once the lease ends, the claimed row never handed to the provider is sent normally and
    # the one whose record failed is unknown (it may have been sent: it was).
    after = {
        i.id: i.stale
        for i in box.claim(
            as_of=T0 + timedelta(seconds=301), limit=10, lease_seconds=60, worker="w2"
        )
    }
    assert after == {"m-3": True, "m-sms-1": False}


def test_a_read_only_outbox_says_so_at_once(tmp_path):
    box = SQLiteOutbox(tmp_path / "o.db")
    box.add([sample_message("sms")])
    box._db.execute("PRAGMA query_only = 1")
    start = time.monotonic()
    with pytest.raises(OutboxReadOnlyError, match="cannot write") as info:
        box.mark_failed("m-sms-1", "x", permanent=True)
    assert time.monotonic() - start < 1
    assert isinstance(info.value.__cause__, sqlite3.Error) and info.value.path.endswith("o.db")


def test_an_outbox_that_cannot_be_opened_fails_fast_with_a_typed_error(tmp_path):
    start = time.monotonic()
    with pytest.raises(OutboxError, match="unable to open"):
        SQLiteOutbox(tmp_path / "missing" / "o.db")
    assert time.monotonic() - start < 1


def test_opening_an_outbox_does_not_retry_errors_other_than_busy(tmp_path, monkeypatch):
    box = SQLiteOutbox(tmp_path / "o.db")

    class ReadOnly:
        def execute(self, sql: str, *args: Any) -> Any:
            error = sqlite3.OperationalError("attempt to write a readonly database")
            error.sqlite_errorname = "SQLITE_READONLY"
            raise error

    box._db = ReadOnly()  # type: ignore[assignment]
    start = time.monotonic()
    with pytest.raises(sqlite3.OperationalError):
        box._wal(timeout=30)
    assert time.monotonic() - start < 1  # no 30 s busy loop


# --- "It gets slow as history grows" --------------------------------------------------------


def test_each_debtor_log_is_built_once_per_call(outbox, monkeypatch):
    builds: list[str] = []
    real = DebtorLog.build.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, debtor: Any, events: Any) -> DebtorLog:
        builds.append(debtor.id)
        return real(cls, debtor, events)

    monkeypatch.setattr(DebtorLog, "build", classmethod(counting))
    base = sample_message("sms")
    messages = [
        base.model_copy(update={"id": f"m-{i}", "debtor_id": f"c-{i % 5}"}) for i in range(50)
    ]
    people = [debtor(f"c-{i}", phone="+56961234567") for i in range(5)]
    history = [
        MessageSent(
            at=T0 - timedelta(days=k), message_id=f"h-{i}-{k}", debtor_id=f"c-{i}", channel="email"
        )
        for i in range(5)
        for k in range(10, 40)
    ]
    d = Dispatcher({"sms": MemoryChannel("sms")}, outbox, planner=planner(), clock=lambda: 0.0)
    report = d.dispatch(as_of=T0, messages=messages, debtors=people, history=history)
    assert len(report.sent) == 5 and len(report.skipped) == 45  # one per debtor per day
    assert sorted(builds) == [f"c-{i}" for i in range(5)]  # once each, not once per message


def test_two_concurrent_workers_never_reach_one_debtor_twice_a_day(tmp_path):
    """Three messages per debtor valid the same day, two worker threads on one outbox: the
    outbox's attempt mark refuses a send to a debtor another worker reached since the check."""
    import threading

    path = tmp_path / "o.db"
    base = sample_message("sms")
    people = [debtor(f"c-{i}", phone="+56961234567") for i in range(40)]
    SQLiteOutbox(path).add(
        base.model_copy(update={"id": f"m-{i}-{k}", "debtor_id": f"c-{i}"})
        for i in range(40)
        for k in range(3)
    )
    sms = MemoryChannel("sms")
    lock = threading.Lock()

    class Shared(MemoryChannel):
        def send(self, message: Message) -> SendResult:
            with lock:
                return sms.send(message)

    def work(name: str) -> None:
        d = Dispatcher({"sms": Shared("sms")}, SQLiteOutbox(path), planner=planner(),
                       batch_size=3, worker=name)  # fmt: skip
        d.dispatch(as_of=T0, debtors=people)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    per_debtor = sorted(m.debtor_id for m in sms.sent)
    assert per_debtor == sorted(p.id for p in people)  # each debtor exactly once


def test_begin_attempt_refuses_when_the_debtor_got_a_contact_since_the_check(outbox):
    """The race the attempt mark closes: worker 2 checked the debtor (no contact yet), then
    worker 1 started a send to the same debtor before worker 2 marked its own attempt."""
    base = sample_message("sms")
    outbox.add([base.model_copy(update={"id": "a"}), base.model_copy(update={"id": "b"})])
    outbox.claim(as_of=T0, limit=1, lease_seconds=60, worker="w1")
    outbox.claim(as_of=T0, limit=1, lease_seconds=60, worker="w2")
    since = T0 - timedelta(days=9)
    known = len(outbox.contacts(since, debtor_id="c-1"))  # worker 2 looks: nothing yet
    assert known == 0
    assert outbox.begin_attempt("a", "w1", at=T0, contacts_since=since, known_contacts=0)
    assert not outbox.begin_attempt("b", "w2", at=T0, contacts_since=since, known_contacts=known)
    # Worker 2 looks again, sees worker 1's send and its check stops the message.
    assert [c.message_id for c in outbox.contacts(since, debtor_id="c-1")] == ["a"]


def test_a_number_registered_after_planning_is_not_texted_at_send_time(outbox):
    """The planner's channel bars (workplace, do-not-contact registers) are the dispatcher's
    too: São Paulo's PROCON register, as the operator's copy says at the instant of the send."""

    class Register:
        def __init__(self) -> None:
            self.rows: dict[str, date] = {}

        def registered_at(self, address: str) -> date | None:
            return self.rows.get(address)

    register = Register()
    loja = Creditor(name="Loja Sul", tax_id="12.345.678/0001-95", address="Rua A, 1, São Paulo")
    p = Planner(default_strategy(), creditor=loja, registers={"procon_sp": register})
    maria = debtor("s-1", "BR", timezone="America/Sao_Paulo", subdivision="SP",
                   phone="+5511987654321", email=None, channels=("sms",))  # fmt: skip
    debts = [debt("S-1", "s-1", due=date(2026, 11, 24), amount="90.00", currency="BRL")]
    plan = p.plan([maria], debts, as_of=datetime(2026, 11, 24, 9, tzinfo=UTC))
    [message] = plan.messages
    assert message.channel.value == "sms"
    register.rows["+5511987654321"] = date(2026, 10, 1)  # the operator's copy is refreshed
    sms = MemoryChannel("sms")
    d = Dispatcher({"sms": sms}, outbox, planner=p)
    report = d.dispatch(as_of=message.send_at, messages=plan, debtors=[maria], debts=debts)
    assert report.skipped[message.id].startswith("stopped: suppressed: +5511987654321 is in")
    assert sms.attempts == []


def test_holding_a_row_gives_back_only_the_attempt_its_claim_counted(outbox):
    outbox.add([sample_message("sms")])
    outbox.claim(
        as_of=T0, limit=1, lease_seconds=60, worker="dead-worker"
    )  # counted one attempt, then the worker died
    d = Dispatcher({"sms": MemoryChannel("sms")}, outbox, planner=planner(), clock=lambda: 0.0)
    report = d.dispatch(
        as_of=T0 + timedelta(seconds=61)
    )  # the lapsed claim is retaken: not counted
    assert "m-sms-1" in report.held
    assert outbox.get("m-sms-1").attempts == 1  # the dead worker's attempt is still counted
