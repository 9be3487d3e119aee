"""Many messages, two dispatchers at once, and a faulty fake Twilio: no id is sent twice."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from datetime import timedelta

import httpx
from dispatch_messages import T0, messages
from fake_providers import (
    FakeProviders,
    Fault,
    Recorded,
    drop,
    twilio_error,
    twilio_sms,
)

from dunning import Dispatcher, Message, OutboxState, SQLiteOutbox
from dunning.channels import SendResult


class CountingChannel:
    """Accepts everything and counts the sends per message id (thread-safe)."""

    kind = "sms"

    def __init__(self) -> None:
        self.sends: Counter[str] = Counter()
        self._lock = threading.Lock()

    def send(self, message: Message) -> SendResult:
        with self._lock:
            self.sends[message.id] += 1
        time.sleep(0.0001)  # a provider takes time: lets the other worker claim meanwhile
        return SendResult(message_id=message.id, channel="sms", provider_id=None, status="accepted")


def test_two_dispatchers_on_one_outbox_never_send_an_id_twice(tmp_path):
    path = tmp_path / "outbox.db"
    channel = CountingChannel()
    batch = messages(2000)
    reports = []
    errors = []
    start = threading.Barrier(2)

    def worker(name: str) -> None:
        try:
            with SQLiteOutbox(path) as box:
                d = Dispatcher(
                    {"sms": channel}, box, batch_size=25, worker=name, check_policy=False
                )
                d.add(batch)  # both add the same plan: still one row per id
                start.wait(10)
                while report := d.dispatch(as_of=T0):
                    reports.append((name, report))
        except BaseException as exc:  # pragma: no cover - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(channel.sends) == 2000 and max(channel.sends.values()) == 1
    by_worker = Counter(name for name, r in reports for _ in r.sent)
    assert sum(by_worker.values()) == 2000
    assert len(by_worker) == 2  # both really worked
    with SQLiteOutbox(path) as box:
        assert len(box.items(OutboxState.SENT)) == 2000 and len(box.items()) == 2000


class FlakyTwilio(FakeProviders):
    """The fake server with ~10% transient faults: 429 with ``Retry-After`` (nothing sent) and,
    now and then, a connection dropped *after* the message was accepted."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.throttled = 0
        self.dropped_after_accept = 0

    def _answer(self, request: Recorded) -> Fault:
        with self._lock:
            roll = self.rng.random()
        if roll < 0.09:
            with self._lock:
                self.requests.append(request)
                self.throttled += 1
            return twilio_error(
                20429, "Too Many Requests", status=429, headers={"Retry-After": "1"}
            )
        answer = super()._answer(request)
        if roll < 0.1 and answer.status == 201:
            with self._lock:
                self.dropped_after_accept += 1
            return drop()
        return answer


def test_a_thousand_messages_through_a_faulty_fake_twilio_are_accepted_once_each(tmp_path):
    server = FlakyTwilio(seed=2026).start()
    try:
        batch = [m.model_copy(update={"to": f"+5696{i:07d}"}) for i, m in enumerate(messages(1000))]
        with (
            httpx.Client(base_url=server.url, timeout=httpx.Timeout(2.0, read=1.0)) as client,
            SQLiteOutbox(tmp_path / "outbox.db") as box,
        ):
            sms = twilio_sms(client, server.url)
            d = Dispatcher(
                {"sms": sms},
                box,
                max_attempts=10,
                backoff_base=0.5,
                backoff_cap=2,
                rng=random.Random(1),
                check_policy=False,
            )
            d.add(batch)
            now, rounds = T0, 0
            sent, unknown, failed = set(), set(), set()
            while box.items(OutboxState.PENDING) and rounds < 30:
                report = d.dispatch(as_of=now)
                sent.update(report.sent)
                unknown.update(report.unknown)
                failed.update(report.failed)
                now += timedelta(seconds=3)
                rounds += 1
        accepted = Counter(r.form["To"] for r in server.accepted)
        assert server.throttled > 50 and server.dropped_after_accept > 0
        assert len(accepted) == 1000 and max(accepted.values()) == 1  # 0 duplicates
        assert failed == set()
        assert len(sent) + len(unknown) == 1000 and sent.isdisjoint(unknown)
        assert len(unknown) == server.dropped_after_accept  # reported for reconciliation
    finally:
        server.stop()
