"""The SQLite outbox: one file (or ``:memory:``) shared safely by several workers and processes.

A row goes ``pending`` → ``sending`` (claimed by a worker, with a lease) → ``sent`` / ``failed``
/ ``unknown`` / ``expired`` (its validity ended before it could be sent). Just before the
provider call the worker marks the row ``attempt_started``: a row whose lease expired *without*
that mark was never handed to the provider (its worker died before), so it is claimed again
like a pending one; a row *with* it may have reached the provider and comes back ``stale``, to
be marked ``unknown`` and reconciled, never re-sent.

>>> from datetime import timedelta
>>> from dunning.channels._memory import sample_message
>>> outbox = SQLiteOutbox(":memory:")
>>> message = sample_message("sms")
>>> outbox.add([message])
1
>>> [item] = outbox.claim(as_of=message.send_at, limit=10, lease_seconds=60, worker="worker-1")
>>> outbox.begin_attempt(item.id, "worker-1", at=message.send_at)  # ours: call the provider
True
>>> later = message.send_at + timedelta(seconds=61)
>>> outbox.claim(as_of=later, limit=10, lease_seconds=60, worker="worker-2")[0].stale
True

The outbox is also a record of contacts made: :meth:`SQLiteOutbox.contacts` lists what it sent
(or may have sent) as ``MessageSent`` events, which the dispatchers count toward caps even when
the caller did not store the events of the report.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from .._core._errors import (
    InputError,
    OutboxBusyError,
    OutboxError,
    OutboxFullError,
    OutboxReadOnlyError,
)
from .._core._kinds import ChannelKind
from .._core._timezones import ensure_aware
from .._planning._plan import Message
from ..events import MessageSent
from ._outbox import OutboxItem, OutboxState

if TYPE_CHECKING:
    from .._planning._ports import SendResult

__all__ = ["SQLiteOutbox", "translate_sqlite"]


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
    updated_at REAL,
    sent_at REAL
);
CREATE INDEX IF NOT EXISTS dunning_outbox_due ON dunning_outbox (state, next_attempt_at);
"""
# Created after the columns an older outbox lacks are added.
_INDEXES = """
CREATE INDEX IF NOT EXISTS dunning_outbox_sent ON dunning_outbox (sent_at)
    WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS dunning_outbox_debtor ON dunning_outbox (debtor_id, sent_at)
    WHERE sent_at IS NOT NULL;
"""
_CONTACT_STATES = "state IN ('sending', 'sent', 'unknown')"

_T = TypeVar("_T")


def translate_sqlite(exc: sqlite3.Error, path: str, operation: str) -> OutboxError:
    """The library's error for a SQLite error: disk full, read-only, busy, or other."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return OutboxFullError(
            f"the disk or the database's size limit is full ({text}); free space and dispatch "
            "again: sends already made are in the report and, when recorded, in the outbox",
            path=path,
            operation=operation,
        )
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_PERM" or "readonly" in text:
        return OutboxReadOnlyError(
            f"cannot write ({text}): check the permissions of the file and its folder, and that "
            "the disk is not mounted read-only",
            path=path,
            operation=operation,
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return OutboxBusyError(
            f"another connection held the lock for too long ({text})",
            path=path,
            operation=operation,
        )
    return OutboxError(text, path=path, operation=operation)


def _busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


_COLUMNS = "message, state, attempts, next_attempt_at, lease_until, worker, provider_id, last_error"
_ADDED_COLUMNS = {"attempt_started": "REAL", "sent_at": "REAL"}  # missing in older outboxes


class SQLiteOutbox:
    """The embedded outbox: one SQLite file (WAL), shared safely by threads and processes.

    Claims run in ``BEGIN IMMEDIATE`` transactions, so two dispatchers on the same file never
    claim the same row. Give each thread or process its own ``SQLiteOutbox`` (one instance is
    also safe to share: calls are serialised by a lock). ``":memory:"`` works for one instance.
    ``timeout`` is how long a write waits for another connection's lock.

    SQLite's errors come out as the library's: :class:`~dunning.OutboxFullError` (disk full),
    :class:`~dunning.OutboxReadOnlyError` (a file or folder that cannot be written),
    :class:`~dunning.OutboxBusyError` (the lock was held past ``timeout``), else
    :class:`~dunning.OutboxError`; the driver's error is the ``__cause__``.

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
        with self._guard("open"):
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        with self._lock, self._guard("open"):
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
                for name, kind in _ADDED_COLUMNS.items():
                    if name not in columns:  # an outbox made by an older dunning
                        self._db.execute(f"ALTER TABLE dunning_outbox ADD COLUMN {name} {kind}")
                for statement in _INDEXES.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _guard(self, operation: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise translate_sqlite(exc, self.path, operation) from exc

    def _wal(self, timeout: float) -> None:
        # Switching a new file to WAL takes an exclusive lock without the busy handler when
        # another connection opens it at the same moment: retry that (only that) until
        # ``timeout``; any other error (read-only, disk full) is final at once.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() > deadline:
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

    def _write(self, operation: str, sql: str, params: Sequence[object]) -> sqlite3.Cursor:
        with self._lock, self._guard(operation):
            return self._db.execute(sql, params)

    def _transaction(self, operation: str, body: Callable[[], _T]) -> _T:
        """Run ``body`` in a ``BEGIN IMMEDIATE`` transaction (rolled back if it fails)."""
        with self._lock, self._guard(operation):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = body()
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

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

        def insert() -> int:
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO dunning_outbox "
                "(id, debtor_id, channel, send_at, message, next_attempt_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            return self._db.total_changes - before

        return self._transaction("add", insert)

    def claim(
        self,
        *,
        as_of: datetime,
        limit: int,
        lease_seconds: float,
        worker: str,
        due: datetime | None = None,
    ) -> list[OutboxItem]:
        """Atomically take up to ``limit`` due rows and mark them ``sending`` for ``worker``,
        leased until ``as_of + lease_seconds`` (``as_of`` is the instant of the claim)."""
        at = _ts(as_of)
        due_at = at if due is None else _ts(due)

        def take() -> list[OutboxItem]:
            rows = self._db.execute(
                f"SELECT id, attempt_started, {_COLUMNS} FROM dunning_outbox "
                "WHERE (state = 'pending' AND next_attempt_at <= ?) "
                "OR (state = 'sending' AND lease_until <= ?) "
                "ORDER BY next_attempt_at, id LIMIT ?",
                (due_at, at, limit),
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
                        counted=not lapsed,
                    )
                )
            return items

        return self._transaction("claim", take)

    def begin_attempt(
        self,
        id: str,
        worker: str,
        *,
        at: datetime | None = None,
        contacts_since: datetime | None = None,
        known_contacts: int | None = None,
    ) -> bool:
        """Mark ``worker``'s claimed row as handed to the provider at ``at`` (``False``: not
        ours, its lease lapsed, or the debtor got another contact since the caller looked)."""
        stamp = time.time() if at is None else _ts(at)
        sql = (
            "UPDATE dunning_outbox SET attempt_started = ?, sent_at = ? "
            "WHERE id = ? AND state = 'sending' AND worker = ? AND attempt_started IS NULL "
            "AND lease_until > ?"
        )
        params: list[object] = [stamp, stamp, id, worker, stamp if at is not None else -1.0]
        if contacts_since is not None:
            sql += (
                " AND (SELECT count(*) FROM dunning_outbox AS o WHERE o.debtor_id = "
                f"dunning_outbox.debtor_id AND o.id != dunning_outbox.id AND o.{_CONTACT_STATES}"
                " AND o.sent_at >= ?) <= ?"
            )
            params += [_ts(contacts_since), known_contacts or 0]
        cursor = self._write("begin_attempt", sql, params)
        return cursor.rowcount == 1

    def mark_sent(self, id: str, result: SendResult, *, at: datetime | None = None) -> None:
        """Record the provider's acceptance (its id and answer) and the real send time."""
        self._write(
            "mark_sent",
            "UPDATE dunning_outbox SET state = 'sent', provider_id = ?, result = ?, "
            "lease_until = NULL, sent_at = coalesce(?, attempt_started, ?) WHERE id = ?",
            (
                result.provider_id,
                result.model_dump_json(),
                None if at is None else _ts(at),
                time.time(),
                id,
            ),
        )

    def mark_failed(self, id: str, error: str, permanent: bool) -> None:
        """Record that the message will not be sent, and why."""
        del permanent  # the reason says it; kept for outboxes that store it
        self._write(
            "mark_failed",
            "UPDATE dunning_outbox SET state = 'failed', last_error = ?, lease_until = NULL, "
            "sent_at = NULL WHERE id = ?",
            (error, id),
        )

    def mark_unknown(self, id: str, error: str) -> None:
        """Record that the provider may have the message: reconcile it. It counts as a contact
        from its attempt on."""
        self._write(
            "mark_unknown",
            "UPDATE dunning_outbox SET state = 'unknown', last_error = ?, lease_until = NULL, "
            "sent_at = attempt_started WHERE id = ?",
            (error, id),
        )

    def mark_expired(self, id: str, reason: str) -> None:
        """Record that the message's validity ended before it could be sent."""
        self._write(
            "mark_expired",
            "UPDATE dunning_outbox SET state = 'expired', last_error = ?, lease_until = NULL, "
            "sent_at = NULL WHERE id = ?",
            (reason, id),
        )

    def reschedule(self, id: str, at: datetime, attempts: int) -> None:
        """Put the message back to ``pending``, due at ``at``."""
        self._write(
            "reschedule",
            "UPDATE dunning_outbox SET state = 'pending', next_attempt_at = ?, attempts = ?, "
            "lease_until = NULL, worker = NULL, attempt_started = NULL, sent_at = NULL "
            "WHERE id = ?",
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
            "resolve",
            "UPDATE dunning_outbox SET state = ?, last_error = ?, attempt_started = NULL, "
            "worker = NULL, sent_at = CASE WHEN ? = 'sent' THEN sent_at END "
            "WHERE id = ? AND state = 'unknown'",
            (target.value, note, target.value, id),
        )
        return cursor.rowcount == 1

    def set_last_error(self, id: str, error: str) -> None:
        """Keep the reason of the last failed attempt (used before a reschedule)."""
        self._write(
            "set_last_error", "UPDATE dunning_outbox SET last_error = ? WHERE id = ?", (error, id)
        )

    def contacts(self, since: datetime, *, debtor_id: str | None = None) -> list[MessageSent]:
        """Contacts made (or maybe made) at or after ``since``, as ``MessageSent`` events."""
        sql = (
            "SELECT id, debtor_id, channel, sent_at, json_extract(message, '$.debt_ids') "
            f"FROM dunning_outbox WHERE sent_at >= ? AND {_CONTACT_STATES}"
        )
        params: tuple[object, ...] = (_ts(since),)
        if debtor_id is not None:
            sql += " AND debtor_id = ?"
            params += (debtor_id,)
        with self._lock, self._guard("contacts"):
            rows = self._db.execute(sql, params).fetchall()
        return [
            MessageSent._build(
                kind="message_sent",
                at=datetime.fromtimestamp(sent_at, UTC),
                message_id=id,
                debtor_id=debtor,
                channel=ChannelKind(channel),
                debt_ids=tuple(json.loads(debts)) if debts else (),
            )
            for id, debtor, channel, sent_at, debts in rows
        ]

    def get(self, id: str) -> OutboxItem | None:
        """The row of message ``id``, or ``None``."""
        with self._lock, self._guard("get"):
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
        with self._lock, self._guard("items"):
            rows = self._db.execute(sql + " ORDER BY next_attempt_at, id", params).fetchall()
        return [self._item(r) for r in rows]
