"""The dispatcher: send each planned message at most once, through an outbox that survives crashes.

A message goes through the outbox states ``pending`` → ``sending`` (claimed, with a lease and
the worker's name) → ``sent`` / ``failed`` / ``unknown``. A retryable failure puts it back to
``pending`` with a later ``next_attempt_at`` (exponential backoff with full jitter, at least the
provider's ``retry_after``) until ``max_attempts``. Neither WhatsApp nor Twilio takes an
idempotency key, so a send that may have reached the provider (``may_have_sent``, or a
``sending`` row whose lease expired because its worker died) is marked ``unknown``: never
re-sent automatically, never counted as sent, and reported for reconciliation.

>>> from datetime import UTC, datetime, timedelta
>>> from dunning.channels import MemoryChannel
>>> from dunning.channels._memory import sample_message
>>> message = sample_message("sms")
>>> outbox = SQLiteOutbox(":memory:")
>>> outbox.add([message, message])  # idempotent on the message id
1
>>> dispatcher = Dispatcher({"sms": MemoryChannel("sms")}, outbox)
>>> report = dispatcher.dispatch(message.send_at + timedelta(minutes=1))
>>> report.sent, [type(e).__name__ for e in report.events]
(('m-sms-1',), ['MessageSent'])
>>> dispatcher.dispatch(message.send_at + timedelta(hours=1)).sent  # never twice
()
"""

from __future__ import annotations

import os
import random
import socket
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ._errors import (
    InputError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from ._models import ChannelKind, Debt, Debtor, DebtStatus
from ._plan import Message, Plan
from ._timezones import ensure_aware
from .events import (
    ConsentGranted,
    ConsentRevoked,
    DisputeClosed,
    DisputeOpened,
    Event,
    LegalActionStarted,
    MessageFailed,
    MessageSent,
    PaymentReceived,
)

if TYPE_CHECKING:
    from ._planner import Planner
    from .channels import Channel, SendResult

__all__ = [
    "DispatchReport",
    "Dispatcher",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "SQLiteOutbox",
]


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
        """Take up to ``limit`` due rows (``pending`` with ``next_attempt_at <= now``, or
        ``sending`` with an expired lease, flagged ``stale``) and mark them ``sending``."""
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
                    f"SELECT id, {_COLUMNS} FROM dunning_outbox "
                    "WHERE (state = 'pending' AND next_attempt_at <= ?) "
                    "OR (state = 'sending' AND lease_until <= ?) "
                    "ORDER BY next_attempt_at, id LIMIT ?",
                    (at, at, limit),
                ).fetchall()
                items = []
                for row in rows:
                    stale = row[2] == OutboxState.SENDING
                    attempts = row[3] if stale else row[3] + 1
                    self._db.execute(
                        "UPDATE dunning_outbox SET state = 'sending', attempts = ?, "
                        "lease_until = ?, worker = ?, updated_at = ? WHERE id = ?",
                        (attempts, at + lease_seconds, worker, at, row[0]),
                    )
                    item = self._item(row[1:], stale=stale)
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
            "lease_until = NULL, worker = NULL WHERE id = ?",
            (_ts(at), attempts, id),
        )

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


@dataclass
class DispatchReport:
    """What one :meth:`Dispatcher.dispatch` call did, by message id, and the events it produced.

    ``skipped`` maps ids stopped at send time to their reason (``"stopped: paid"``...); they
    are also ``failed`` in the outbox. ``unknown`` ids may have reached the provider: reconcile
    them (status callbacks, the provider's logs, a human).
    """

    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    rescheduled: tuple[str, ...] = ()
    skipped: Mapping[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()

    def __len__(self) -> int:
        return len(self.sent) + len(self.failed) + len(self.unknown) + len(self.rescheduled)


@dataclass
class _Facts:
    paid: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    dispute: dict[str, tuple[datetime, bool]] = field(default_factory=dict)
    legal: set[str] = field(default_factory=set)
    consent: dict[tuple[str, ChannelKind | None], tuple[datetime, bool]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, history: Iterable[Event]) -> _Facts:
        facts = cls()
        for event in history:
            if isinstance(event, PaymentReceived):
                facts.paid[event.debt_id] += event.amount.amount
            elif isinstance(event, DisputeOpened | DisputeClosed):
                last = facts.dispute.get(event.debt_id)
                opened = isinstance(event, DisputeOpened)
                if last is None or (event.at, opened) >= last:
                    facts.dispute[event.debt_id] = (event.at, opened)
            elif isinstance(event, LegalActionStarted):
                facts.legal.add(event.debtor_id)
            elif isinstance(event, ConsentRevoked | ConsentGranted):
                key = (event.debtor_id, event.channel)
                revoked = isinstance(event, ConsentRevoked)
                last_c = facts.consent.get(key)
                if last_c is None or (event.at, revoked) >= last_c:
                    facts.consent[key] = (event.at, revoked)
        return facts

    def revoked(self, debtor_id: str, channel: ChannelKind) -> bool:
        """The latest consent fact for this channel (or for every channel) is a revocation."""
        states = [self.consent.get((debtor_id, c)) for c in (None, channel)]
        latest = max((s for s in states if s is not None), default=None)
        return latest is not None and latest[1]


class Dispatcher:
    """Sends due outbox messages through ``channels``, each message id at most once.

    ``dispatch(now, ...)`` claims due rows, re-checks the stop conditions at send time (payment
    in full, open dispute, legal action, revoked consent; and, with a ``planner`` and the
    debtors, the whole contact policy at ``now``), sends, and records the outcome:

    * accepted → ``sent`` and a ``MessageSent``;
    * :class:`~dunning.RetryableError` → retried on a later call after
      ``min(backoff_cap, backoff_base * 2**attempts)`` seconds with full jitter (at least the
      error's ``retry_after``), then ``failed`` with a ``MessageFailed`` after ``max_attempts``;
      if it ``may_have_sent``, ``unknown`` instead (never re-sent automatically);
    * :class:`~dunning.PermanentError` → ``failed`` and a ``MessageFailed``
      (:class:`~dunning.OptedOutError` also gives its ``ConsentRevoked``;
      :class:`~dunning.NotOnChannelError` is recorded with a note to re-plan on another channel);
    * a ``sending`` row whose lease expired (its worker died) → ``unknown``, not re-sent.

    A message is attempted at most once per ``dispatch`` call. ``rng`` makes the jitter
    reproducible in tests. The clock is the ``now`` argument: the dispatcher never reads it.
    """

    def __init__(
        self,
        channels: Mapping[ChannelKind | str, Channel],
        outbox: Outbox,
        *,
        planner: Planner | None = None,
        max_attempts: int = 5,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        lease_seconds: float = 300.0,
        batch_size: int = 100,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        if max_attempts < 1:
            raise InputError("max_attempts must be >= 1", field="max_attempts", value=max_attempts)
        self.channels = {ChannelKind(k): v for k, v in channels.items()}
        self.outbox = outbox
        self.planner = planner
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.lease_seconds = lease_seconds
        self.batch_size = batch_size
        self.rng = rng or random.Random()
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    def __repr__(self) -> str:
        kinds = ", ".join(sorted(k.value for k in self.channels))
        return f"Dispatcher([{kinds}], {self.outbox!r}, worker={self.worker!r})"

    def add(self, messages: Plan | Iterable[Message]) -> int:
        """Put the messages of a plan (or any messages) in the outbox; returns how many were
        new. Re-adding a planned message is a no-op."""
        return self.outbox.add(messages.messages if isinstance(messages, Plan) else messages)

    def backoff(self, attempts: int, retry_after: float | None = None) -> float:
        """Seconds before the next try after ``attempts`` failed ones: full jitter, never less
        than ``retry_after``, never zero (so a retry is never made within the same call)."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0))
        delay = self.rng.uniform(0, ceiling)
        return max(delay, retry_after or 0.0, 0.001)

    def dispatch(
        self,
        now: datetime,
        *,
        history: Iterable[Event] = (),
        debtors: Iterable[Debtor] = (),
        debts: Iterable[Debt] = (),
        limit: int | None = None,
    ) -> DispatchReport:
        """Send what is due at ``now`` (aware) and report what happened.

        ``history``, ``debtors`` and ``debts`` are the current facts used for the send-time
        re-check. Balances are computed like the planner does (``debt.outstanding`` minus the
        payments in ``history``); without ``debts``, payments are compared with the balance
        printed on the message, so pass only the payments received since planning.
        """
        ensure_aware(now, "now")
        history = tuple(history)
        facts = _Facts.of(history)
        debtor_by_id = {d.id: d for d in debtors}
        debt_by_id = {d.id: d for d in debts}
        sent: list[str] = []
        failed: list[str] = []
        unknown: list[str] = []
        rescheduled: list[str] = []
        skipped: dict[str, str] = {}
        events: list[Event] = []
        done = 0
        while limit is None or done < limit:
            size = self.batch_size if limit is None else min(self.batch_size, limit - done)
            batch = self.outbox.claim(now, size, self.lease_seconds, self.worker)
            if not batch:
                break
            done += len(batch)
            for item in batch:
                message = item.message
                if item.stale:
                    self.outbox.mark_unknown(
                        item.id,
                        f"lease of worker {item.worker} expired while sending: "
                        "the provider may have accepted it",
                    )
                    unknown.append(item.id)
                    continue
                reason = self._stop_reason(message, now, facts, debtor_by_id, debt_by_id, history)
                if reason is not None:
                    self.outbox.mark_failed(item.id, reason, permanent=False)
                    failed.append(item.id)
                    skipped[item.id] = reason
                    continue
                channel = self.channels.get(message.channel)
                if channel is None:
                    error = f"no channel configured for {message.channel.value}"
                    self.outbox.mark_failed(item.id, error, permanent=True)
                    failed.append(item.id)
                    events.append(self._failed(message, now, error))
                    continue
                try:
                    result = channel.send(message)
                except RetryableError as exc:
                    if exc.may_have_sent:
                        self.outbox.mark_unknown(item.id, str(exc))
                        unknown.append(item.id)
                    elif item.attempts >= self.max_attempts:
                        error = f"gave up after {item.attempts} attempts: {exc}"
                        self.outbox.mark_failed(item.id, error, permanent=False)
                        failed.append(item.id)
                        events.append(self._failed(message, now, error))
                    else:
                        delay = self.backoff(item.attempts, exc.retry_after)
                        self.outbox.reschedule(
                            item.id, now + timedelta(seconds=delay), item.attempts
                        )
                        rescheduled.append(item.id)
                    continue
                except PermanentError as exc:
                    error = str(exc)
                    if isinstance(exc, NotOnChannelError):
                        error += " (re-plan this debtor on another channel)"
                    self.outbox.mark_failed(item.id, error, permanent=True)
                    failed.append(item.id)
                    events.append(self._failed(message, now, error))
                    if isinstance(exc, OptedOutError):
                        if exc.debtor_id is None:
                            exc.debtor_id = message.debtor_id
                        if exc.channel is None:
                            exc.channel = message.channel
                        events.append(exc.to_event(now))
                    continue
                self.outbox.mark_sent(item.id, result)
                sent.append(item.id)
                events.append(
                    MessageSent(
                        at=now,
                        message_id=message.id,
                        debtor_id=message.debtor_id,
                        channel=message.channel,
                        debt_ids=message.debt_ids,
                    )
                )
        return DispatchReport(
            sent=tuple(sent),
            failed=tuple(failed),
            unknown=tuple(unknown),
            rescheduled=tuple(rescheduled),
            skipped=skipped,
            events=tuple(events),
        )

    @staticmethod
    def _failed(message: Message, now: datetime, error: str) -> MessageFailed:
        return MessageFailed(
            at=now,
            message_id=message.id,
            debtor_id=message.debtor_id,
            channel=message.channel,
            error=error,
        )

    def _stop_reason(
        self,
        message: Message,
        now: datetime,
        facts: _Facts,
        debtors: Mapping[str, Debtor],
        debts: Mapping[str, Debt],
        history: Sequence[Event],
    ) -> str | None:
        if message.debtor_id in facts.legal:
            return "stopped: legal_action"
        if facts.revoked(message.debtor_id, message.channel):
            return f"stopped: consent revoked for {message.channel.value}"
        lines = {line.debt_id: line for line in message.debts}
        for debt_id in message.debt_ids:
            dispute = facts.dispute.get(debt_id)
            if dispute is not None and dispute[1]:
                return f"stopped: disputed (debt {debt_id})"
            debt = debts.get(debt_id)
            if debt is not None:
                if debt.status == DebtStatus.PAID:
                    return f"stopped: paid (debt {debt_id})"
                if debt.status != DebtStatus.OPEN:
                    return f"stopped: not_collectable (debt {debt_id} is {debt.status.value})"
                balance = (debt.outstanding or debt.amount).amount
            elif debt_id in lines:
                balance = lines[debt_id].outstanding.amount
            else:
                continue
            if balance - facts.paid.get(debt_id, Decimal(0)) <= 0:
                return f"stopped: paid (debt {debt_id})"
        debtor = debtors.get(message.debtor_id)
        if self.planner is not None and debtor is not None:
            from .policy._engine import check

            violations = check(
                self.planner.policy_for(debtor),
                debtor,
                message.channel,
                now,
                history,
                debt_ids=message.debt_ids,
            )
            if violations:
                return "stopped: " + "; ".join(str(v) for v in violations)
        return None
