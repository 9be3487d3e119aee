"""The SQLite outbox: idempotent adds, due claims, leases."""

from __future__ import annotations

from datetime import timedelta

from dispatch_messages import T0, messages

from dunning import Outbox, OutboxState, SQLiteOutbox
from dunning.channels import SendResult


def test_adding_the_same_messages_again_never_duplicates_them(outbox):
    batch = messages(3)
    assert outbox.add(batch) == 3
    assert outbox.add(batch + messages(1, start=3)) == 1
    assert [i.id for i in outbox.items()] == ["m-0", "m-1", "m-2", "m-3"]
    assert {i.state for i in outbox.items()} == {OutboxState.PENDING}
    assert isinstance(outbox, Outbox)


def test_a_row_keeps_the_message_and_its_bookkeeping(outbox):
    [message] = messages(1)
    outbox.add([message])
    item = outbox.get("m-0")
    assert item is not None
    assert item.message == message
    assert (item.attempts, item.next_attempt_at, item.provider_id) == (0, T0, None)
    assert outbox.get("nope") is None


def test_only_due_rows_are_claimed_and_a_claimed_row_is_not_claimed_again(outbox):
    outbox.add(messages(2))
    assert (
        outbox.claim(as_of=T0 - timedelta(seconds=1), limit=10, lease_seconds=60, worker="w") == []
    )
    claimed = outbox.claim(as_of=T0, limit=1, lease_seconds=60, worker="w1")
    assert [(i.id, i.state, i.attempts, i.worker) for i in claimed] == [
        ("m-0", OutboxState.SENDING, 1, "w1")
    ]
    assert [i.id for i in outbox.claim(as_of=T0, limit=10, lease_seconds=60, worker="w2")] == [
        "m-1"
    ]
    assert (
        outbox.claim(as_of=T0 + timedelta(seconds=59), limit=10, lease_seconds=60, worker="w3")
        == []
    )


def test_an_expired_lease_comes_back_flagged_stale_once_its_attempt_had_started(outbox):
    outbox.add(messages(2))
    outbox.claim(as_of=T0, limit=10, lease_seconds=60, worker="dead-worker")
    assert outbox.begin_attempt("m-0", "dead-worker")  # m-1 was never handed to the provider
    assert not outbox.begin_attempt("m-0", "dead-worker")  # once
    items = outbox.claim(as_of=T0 + timedelta(seconds=61), limit=10, lease_seconds=60, worker="w2")
    assert [(i.id, i.stale, i.worker, i.attempts) for i in items] == [
        ("m-0", True, "dead-worker", 1),
        ("m-1", False, "w2", 1),
    ]
    # The dead worker wakes up: the rows are not its own any more, it must not send.
    assert not outbox.begin_attempt("m-1", "dead-worker")
    assert outbox.begin_attempt("m-1", "w2")


def test_an_outbox_file_from_before_the_attempt_mark_is_upgraded(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE dunning_outbox (id TEXT PRIMARY KEY, debtor_id TEXT NOT NULL, "
        "channel TEXT NOT NULL, send_at REAL NOT NULL, message TEXT NOT NULL, "
        "state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, "
        "next_attempt_at REAL NOT NULL, lease_until REAL, worker TEXT, provider_id TEXT, "
        "result TEXT, last_error TEXT, updated_at REAL)"
    )
    db.commit()
    db.close()
    with SQLiteOutbox(path) as box:
        box.add(messages(1))
        box.claim(as_of=T0, limit=1, lease_seconds=60, worker="w")
        assert box.begin_attempt("m-0", "w", at=T0)
        # The columns added since (attempt_started, sent_at) work: the attempt is a contact.
        assert [c.message_id for c in box.contacts(T0)] == ["m-0"]


def test_marks_and_reschedule_move_the_state(outbox):
    outbox.add(messages(4))
    outbox.claim(as_of=T0, limit=10, lease_seconds=60, worker="w")
    outbox.mark_sent(
        "m-0", SendResult(message_id="m-0", channel="sms", provider_id="SM1", status="queued")
    )
    outbox.mark_failed("m-1", "bad number", permanent=True)
    outbox.mark_unknown("m-2", "timeout")
    outbox.reschedule("m-3", T0 + timedelta(minutes=5), 1)
    states = {i.id: (i.state.value, i.provider_id, i.last_error) for i in outbox.items()}
    assert states == {
        "m-0": ("sent", "SM1", None),
        "m-1": ("failed", None, "bad number"),
        "m-2": ("unknown", None, "timeout"),
        "m-3": ("pending", None, None),
    }
    assert [i.id for i in outbox.items("unknown")] == ["m-2"]
    assert (
        outbox.claim(as_of=T0 + timedelta(minutes=4), limit=10, lease_seconds=60, worker="w") == []
    )
    assert [
        i.id
        for i in outbox.claim(
            as_of=T0 + timedelta(minutes=5), limit=10, lease_seconds=60, worker="w"
        )
    ] == ["m-3"]


def test_two_instances_on_one_file_share_the_rows(tmp_path):
    path = tmp_path / "shared.db"
    with SQLiteOutbox(path) as a, SQLiteOutbox(path) as b:
        a.add(messages(5))
        assert b.add(messages(5)) == 0
        first = a.claim(as_of=T0, limit=3, lease_seconds=60, worker="a")
        second = b.claim(as_of=T0, limit=10, lease_seconds=60, worker="b")
        assert {i.id for i in first}.isdisjoint(i.id for i in second)
        assert len(first) + len(second) == 5
