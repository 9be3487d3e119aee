"""The outbox: where planned messages wait, and the record that makes each send happen once.

A row goes ``pending`` → ``sending`` (claimed by a worker, with a lease) → ``sent`` / ``failed``
/ ``unknown``. Just before the provider call the worker marks the row ``attempt_started``: a row
whose lease expired *without* that mark was never handed to the provider (its worker died
before), so it is claimed again like a pending one; a row *with* it may have reached the
provider and comes back ``stale``, to be marked ``unknown`` and reconciled, never re-sent.

>>> from datetime import timedelta
>>> from dunning.channels._memory import sample_message
>>> outbox = SQLiteOutbox(":memory:")
>>> message = sample_message("sms")
>>> outbox.add([message])
1
>>> [item] = outbox.claim(message.send_at, 10, 60, "worker-1")
>>> outbox.begin_attempt(item.id, "worker-1")  # the row is ours: call the provider now
True
>>> outbox.claim(message.send_at + timedelta(seconds=61), 10, 60, "worker-2")[0].stale
True
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ._errors import InputError
from ._plan import Message
from ._timezones import ensure_aware

if TYPE_CHECKING:
    from .channels import SendResult

__all__ = ["Outbox", "OutboxItem", "OutboxState", "SQLiteOutbox"]


class OutboxState(StrEnum):
    """Where a message stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OutboxItem:
    """One outbox row. ``stale`` is true when :meth:`Outbox.claim` took it from a ``sending``
    row whose lease had expired: its worker died after claiming it, perhaps after the provider
    accepted it, so it must not be sent again."""

    message: Message
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    lease_until: datetime | None = None
    worker: str | None = None
    provider_id: str | None = None
    last_error: str | None = None
    stale: bool = False

    @property
    def id(self) -> str:
        """The message id (the outbox key)."""
        return self.message.id


@runtime_checkable
class Outbox(Protocol):
    """Where the dispatcher keeps messages between planning and sending.

    Implement it on your own database to keep the outbox next to your data;
    :class:`SQLiteOutbox` is the embedded default. ``claim`` must be atomic across processes:
    two workers never get the same row while its lease runs.
    """

    def add(self, messages: Iterable[Message]) -> int:
        """Store new messages as ``pending``; ids already present are left as they are.
        Returns how many were new."""
        ...

    def claim(
        self, now: datetime, limit: int, lease_seconds: float, worker: str
    ) -> list[OutboxItem]:
        """Take up to ``limit`` due rows and mark them ``sending`` for ``worker``: ``pending``
        ones with ``next_attempt_at <= now``, and ``sending`` ones whose lease expired — flagged
        ``stale`` when their attempt had started (see :meth:`begin_attempt`)."""
        ...

    def begin_attempt(self, id: str, worker: str) -> bool:
        """Mark the row claimed by ``worker`` as handed to the provider, just before the call.

        Returns ``False`` (and changes nothing) when the row is no longer ``worker``'s — its
        lease expired and another worker claimed it —, in which case the caller must not send.
        """
        ...

    def mark_sent(self, id: str, result: SendResult) -> None:
        """The provider accepted the message."""
        ...

    def mark_failed(self, id: str, error: str, permanent: bool) -> None:
        """The message will not be sent (``permanent``: the provider refused it; otherwise
        the dispatcher gave up or stopped it)."""
        ...

    def mark_unknown(self, id: str, error: str) -> None:
        """The provider may or may not have the message: reconcile, never re-send blindly."""
        ...

    def reschedule(self, id: str, at: datetime, attempts: int) -> None:
        """Back to ``pending``, due again at ``at``."""
        ...

    def resolve(self, id: str, state: OutboxState | str, note: str) -> bool:
        """Settle an ``unknown`` row as ``sent`` or ``failed`` (from a status callback or a
        person), or put it back to ``pending`` when the provider is known not to have it.
        Returns ``False`` when the row is not ``unknown``."""
        ...

    def get(self, id: str) -> OutboxItem | None:
        """The row of message ``id``, if stored."""
        ...

    def items(self, state: OutboxState | str | None = None) -> list[OutboxItem]:
        """Every row (or those in ``state``), by due time."""
        ...


def _ts(value: datetime) -> float:
    ensure_aware(value, "now")
    return value.timestamp()


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS dunning_outbox (
    id TEXT PRIMARY KEY,
    debtor_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    send_at REAL NOT NULL,
    message TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    lease_until REAL,
    worker TEXT,
    attempt_started REAL,
    provider_id TEXT,
    result TEXT,
    last_error TEXT,
    updated_at REAL
);
CREATE INDEX IF NOT EXISTS dunning_outbox_due ON dunning_outbox (state, next_attempt_at);
"""

_COLUMNS = "message, state, attempts, next_attempt_at, lease_until, worker, provider_id, last_error"


class SQLiteOutbox:
    """The embedded outbox: one SQLite file (WAL), shared safely by threads and processes.

    Claims run in ``BEGIN IMMEDIATE`` transactions, so two dispatchers on the same file never
    claim the same row. Give each thread or process its own ``SQLiteOutbox`` (one instance is
    also safe to share: calls are serialised by a lock). ``":memory:"`` works for one instance.

    >>> from dunning.channels._memory import sample_message
    >>> outbox = SQLiteOutbox(":memory:")
    >>> outbox.add([sample_message("sms")]), outbox.add([sample_message("sms")])
    (1, 0)
    >>> [(i.id, i.state.value) for i in outbox.items()]
    [('m-sms-1', 'pending')]
    """

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        with self._lock:
            if self.path != ":memory:":
                self._wal(timeout)
            self._db.execute("PRAGMA synchronous=NORMAL")
            # In one write transaction: a concurrent "CREATE ... IF NOT EXISTS" would otherwise
            # upgrade a read lock to a write lock, which SQLite refuses without waiting.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                columns = {row[1] for row in self._db.execute("PRAGMA table_info(dunning_outbox)")}
                if "attempt_started" not in columns:  # an outbox made by dunning 0.1.0
                    self._db.execute("ALTER TABLE dunning_outbox ADD COLUMN attempt_started REAL")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _wal(self, timeout: float) -> None:
        # Switching a new file to WAL takes an exclusive lock without the busy handler when
        # another connection opens it at the same moment: retry until ``timeout``.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def __repr__(self) -> str:
        return f"SQLiteOutbox({self.path!r})"

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteOutbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _item(row: Sequence[object], *, stale: bool = False) -> OutboxItem:
        message, state, attempts, next_at, lease, worker, provider_id, error = row
        return OutboxItem(
            message=Message.model_validate_json(str(message)),
            state=OutboxState(str(state)),
            attempts=int(attempts),  # type: ignore[call-overload]
            next_attempt_at=_dt(float(next_at)) or datetime.min,  # type: ignore[arg-type]
            lease_until=_dt(lease),  # type: ignore[arg-type]
            worker=worker,  # type: ignore[arg-type]
            provider_id=provider_id,  # type: ignore[arg-type]
            last_error=error,  # type: ignore[arg-type]
            stale=stale,
        )

    def _write(self, sql: str, params: Sequence[object]) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    def add(self, messages: Iterable[Message]) -> int:
        """Insert ``messages`` as ``pending`` (``INSERT OR IGNORE``: re-adding is a no-op)."""
        rows = [
            (
                m.id,
                m.debtor_id,
                m.channel.value,
                _ts(m.send_at),
                m.model_dump_json(),
                _ts(m.send_at),
            )
            for m in messages
        ]
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR IGNORE INTO dunning_outbox "
                    "(id, debtor_id, channel, send_at, message, next_attempt_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return self._db.total_changes - before

    def claim(
        self, now: datetime, limit: int, lease_seconds: float, worker: str
    ) -> list[OutboxItem]:
        """Atomically take up to ``limit`` due rows and mark them ``sending`` for ``worker``."""
        at = _ts(now)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                rows = self._db.execute(
                    f"SELECT id, attempt_started, {_COLUMNS} FROM dunning_outbox "
                    "WHERE (state = 'pending' AND next_attempt_at <= ?) "
                    "OR (state = 'sending' AND lease_until <= ?) "
                    "ORDER BY next_attempt_at, id LIMIT ?",
                    (at, at, limit),
                ).fetchall()
                items = []
                for row in rows:
                    # A lapsed claim whose attempt never started is safe to take again.
                    lapsed = row[3] == OutboxState.SENDING
                    stale = lapsed and row[1] is not None
                    # A lapsed claim was counted when it was first claimed.
                    attempts = row[4] if lapsed else row[4] + 1
                    self._db.execute(
                        "UPDATE dunning_outbox SET state = 'sending', attempts = ?, "
                        "lease_until = ?, worker = ?, updated_at = ? WHERE id = ?",
                        (attempts, at + lease_seconds, worker, at, row[0]),
                    )
                    item = self._item(row[2:], stale=stale)
                    items.append(
                        OutboxItem(
                            message=item.message,
                            state=OutboxState.SENDING,
                            attempts=attempts,
                            next_attempt_at=item.next_attempt_at,
                            lease_until=_dt(at + lease_seconds),
                            worker=item.worker if stale else worker,
                            last_error=item.last_error,
                            stale=stale,
                        )
                    )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return items

    def begin_attempt(self, id: str, worker: str) -> bool:
        """Mark ``worker``'s claimed row as handed to the provider (``False``: not ours)."""
        cursor = self._write(
            "UPDATE dunning_outbox SET attempt_started = ? "
            "WHERE id = ? AND state = 'sending' AND worker = ? AND attempt_started IS NULL",
            (time.time(), id, worker),
        )
        return cursor.rowcount == 1

    def mark_sent(self, id: str, result: SendResult) -> None:
        """Record the provider's acceptance (its id and answer)."""
        self._write(
            "UPDATE dunning_outbox SET state = 'sent', provider_id = ?, result = ?, "
            "lease_until = NULL WHERE id = ?",
            (result.provider_id, result.model_dump_json(), id),
        )

    def mark_failed(self, id: str, error: str, permanent: bool) -> None:
        """Record that the message will not be sent, and why."""
        del permanent  # the reason says it; kept for outboxes that store it
        self._write(
            "UPDATE dunning_outbox SET state = 'failed', last_error = ?, lease_until = NULL "
            "WHERE id = ?",
            (error, id),
        )

    def mark_unknown(self, id: str, error: str) -> None:
        """Record that the provider may have the message: reconcile it."""
        self._write(
            "UPDATE dunning_outbox SET state = 'unknown', last_error = ?, lease_until = NULL "
            "WHERE id = ?",
            (error, id),
        )

    def reschedule(self, id: str, at: datetime, attempts: int) -> None:
        """Put the message back to ``pending``, due at ``at``."""
        self._write(
            "UPDATE dunning_outbox SET state = 'pending', next_attempt_at = ?, attempts = ?, "
            "lease_until = NULL, worker = NULL, attempt_started = NULL WHERE id = ?",
            (_ts(at), attempts, id),
        )

    def resolve(self, id: str, state: OutboxState | str, note: str) -> bool:
        """Settle an ``unknown`` row: ``sent``, ``failed``, or back to ``pending`` to be sent
        (only when the provider is known not to have it). ``False`` if it was not unknown."""
        target = OutboxState(state)
        if target not in (OutboxState.SENT, OutboxState.FAILED, OutboxState.PENDING):
            raise InputError(
                "an unknown message resolves to sent, failed or pending",
                field="state",
                value=target.value,
            )
        cursor = self._write(
            "UPDATE dunning_outbox SET state = ?, last_error = ?, attempt_started = NULL, "
            "worker = NULL WHERE id = ? AND state = 'unknown'",
            (target.value, note, id),
        )
        return cursor.rowcount == 1

    def set_last_error(self, id: str, error: str) -> None:
        """Keep the reason of the last failed attempt (used before a reschedule)."""
        self._write("UPDATE dunning_outbox SET last_error = ? WHERE id = ?", (error, id))

    def get(self, id: str) -> OutboxItem | None:
        """The row of message ``id``, or ``None``."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM dunning_outbox WHERE id = ?", (id,)
            ).fetchone()
        return None if row is None else self._item(row)

    def items(self, state: OutboxState | str | None = None) -> list[OutboxItem]:
        """Every row, or those in ``state``, by due time then id."""
        sql = f"SELECT {_COLUMNS} FROM dunning_outbox"
        params: tuple[object, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            params = (OutboxState(state).value,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY next_attempt_at, id", params).fetchall()
        return [self._item(r) for r in rows]
