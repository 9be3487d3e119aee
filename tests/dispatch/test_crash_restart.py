"""SIGKILL the dispatching process mid-batch, restart it, and check that nothing was sent twice.

The test process runs the fake Twilio (with ~5% ``429`` throttling) and an SQLite outbox file of
600 messages; ``crash_worker.py`` dispatches that outbox in a child process. Five runs are killed
with ``SIGKILL``: odd runs by the test a few milliseconds after the server accepted a random number
of further messages (the kill lands anywhere: in a claim, between acceptance and the local
record...), even runs by the server itself right after it accepted a message and before it answers
(the worst case: the provider has it, the outbox cannot know). A last run finishes the work after
the leases of the killed runs expired. The server's log and the outbox are the judges: no message
accepted twice, every message either ``sent`` (accepted exactly once) or ``unknown`` (reported for
reconciliation, never re-sent, never counted as sent), and how many unknowns the kills left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from dispatch_messages import T0, messages
from fake_providers import (
    FakeProviders,
    Fault,
    Recorded,
    callback_message_id,
    drop,
    twilio_error,
)

from dunning import OutboxState, SQLiteOutbox

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL (POSIX)")

WORKER = Path(__file__).with_name("crash_worker.py")
N = 600
KILLS = 5
BATCH = 5  # the worker's batch_size: a kill leaves at most this many claimed rows behind
LEASE = 2.0


class KillingTwilio(FakeProviders):
    """The fake Twilio with ~5% throttling, which can SIGKILL its client right after accepting."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.throttled = 0
        self.victim: int | None = None
        self.kill_at = 0
        self.killed_after_accept: list[str] = []
        report = self._server.handle_error

        def handle_error(request: object, client_address: object) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed client: expected
                report(request, client_address)

        self._server.handle_error = handle_error  # type: ignore[method-assign]

    def arm(self, pid: int, kill_at: int) -> None:
        """Kill ``pid`` when it gets the ``kill_at``-th acceptance, before it sees the answer."""
        with self._lock:
            self.victim, self.kill_at = pid, kill_at

    def disarm(self) -> None:
        with self._lock:
            self.victim = None

    def _answer(self, request: Recorded) -> Fault:
        with self._lock:
            if self.rng.random() < 0.05:
                self.requests.append(request)
                self.throttled += 1
                return twilio_error(
                    20429, "Too Many Requests", status=429, headers={"Retry-After": "1"}
                )
        answer = super()._answer(request)
        with self._lock:
            if (
                answer.status == 201
                and self.victim is not None
                and len(self.accepted) >= self.kill_at
            ):
                os.kill(self.victim, signal.SIGKILL)
                self.victim = None
                self.killed_after_accept.append(callback_message_id(request))
                return drop()
        return answer


def run_worker(
    server: KillingTwilio, db: Path, run: int, log: Path, *, kill_after: int | None, by_server: bool
) -> int:
    """One dispatching process; killed once ``kill_after`` more messages were accepted."""
    now = T0 + timedelta(hours=run)  # later than every lease of the earlier runs
    target = len(server.accepted) + (kill_after or 0)
    with log.open("ab") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                str(db),
                server.url,
                str(now.timestamp()),
                str(BATCH),
                str(LEASE),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        if kill_after is not None and by_server:
            server.arm(proc.pid, target)
        deadline = time.monotonic() + 60
        while proc.poll() is None:
            assert time.monotonic() < deadline, "the worker hung"
            if kill_after is not None and not by_server and len(server.accepted) >= target:
                time.sleep(random.uniform(0, 0.005))
                proc.kill()
                proc.wait()
                break
            time.sleep(0.001)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when an assertion above failed
            proc.kill()
        proc.wait()
        server.disarm()
    return proc.returncode


def test_sigkilled_dispatchers_never_send_a_message_twice_nor_drop_one(tmp_path):
    rng = random.Random(4)
    db = tmp_path / "outbox.db"
    log = tmp_path / "worker.log"
    batch = [m.model_copy(update={"to": f"+5697{i:07d}"}) for i, m in enumerate(messages(N))]
    with SQLiteOutbox(db) as box:
        assert box.add(batch) == N
    server = KillingTwilio(seed=4).start()
    try:
        codes = []
        for run in range(KILLS):
            by_server = run % 2 == 0
            code = run_worker(
                server, db, run, log, kill_after=rng.randint(40, 90), by_server=by_server
            )
            codes.append(code)
        codes.append(run_worker(server, db, KILLS, log, kill_after=None, by_server=False))
        accepted = Counter(callback_message_id(r) for r in server.accepted)
        killed_after_accept = list(server.killed_after_accept)
        throttled = server.throttled
    finally:
        server.stop()
    assert codes == [-signal.SIGKILL] * KILLS + [0], log.read_text()[-3000:]

    with SQLiteOutbox(db) as box:
        rows = {item.id: item for item in box.items()}
    states = Counter(r.state for r in rows.values())
    sent = {i for i, r in rows.items() if r.state == OutboxState.SENT}
    unknown = {i for i, r in rows.items() if r.state == OutboxState.UNKNOWN}
    unknown_accepted = unknown & set(accepted)
    print(
        f"\n{KILLS} kills ({len(killed_after_accept)} by the server right after accepting), "
        f"{throttled} throttled; {len(accepted)} accepted by the server, {len(sent)} sent, "
        f"{len(unknown)} unknown ({len(unknown_accepted)} of them accepted, "
        f"{len(unknown) - len(unknown_accepted)} never reached it)"
    )

    # No message accepted twice, by the server's log.
    assert len(server.accepted) == len(accepted) and max(accepted.values()) == 1
    # None dropped: every message is sent or unknown; none left pending, sending or failed.
    assert len(rows) == N and set(states) <= {OutboxState.SENT, OutboxState.UNKNOWN}, states
    assert len(sent) + len(unknown) == N
    # Sent means the server accepted it (exactly once, above); the outbox has its sid.
    assert sent <= set(accepted)
    assert all((rows[i].provider_id or "").startswith("SM") for i in sent)
    # Accepted but not recorded → unknown, never counted as sent and never re-sent.
    assert set(accepted) - sent == unknown_accepted
    assert set(killed_after_accept) <= unknown_accepted
    assert len(killed_after_accept) == (KILLS + 1) // 2
    for i in unknown:
        assert "during the attempt" in (rows[i].last_error or ""), rows[i].last_error
    # Sends are sequential and the attempt is marked just before the provider call: each kill
    # leaves at most one row unknown (the one in flight); the rest of its batch is sent later.
    assert len(unknown) <= KILLS
    assert len(unknown) >= len(killed_after_accept)
