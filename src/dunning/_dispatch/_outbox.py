"""The outbox port: where planned messages wait, and the record that makes each send happen once.

A row goes ``pending`` → ``sending`` (claimed by a worker, with a lease) → ``sent`` / ``failed``
/ ``unknown`` / ``expired`` (its validity ended before it could be sent). Just before the
provider call the worker marks the row ``attempt_started``: a row whose lease expired *without*
that mark was never handed to the provider (its worker died before), so it is claimed again
like a pending one; a row *with* it may have reached the provider and comes back ``stale``, to
be marked ``unknown`` and reconciled, never re-sent. :class:`~dunning.SQLiteOutbox`
(:mod:`dunning._dispatch._sqlite_outbox`) implements it.

The outbox is also a record of contacts made: ``contacts()`` lists what it sent (or may have
sent) as ``MessageSent`` events, which the dispatchers count toward caps even when the caller
did not store the events of the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .._planning._plan import Message
from ..events import MessageSent

if TYPE_CHECKING:
    from .._planning._ports import SendResult

__all__ = ["Outbox", "OutboxItem", "OutboxState"]


class OutboxState(StrEnum):
    """Where a message stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"
    EXPIRED = "expired"


@dataclass(frozen=True)
class OutboxItem:
    """One outbox row. ``stale`` is true when :meth:`Outbox.claim` took it from a ``sending``
    row whose lease had expired: its worker died after claiming it, perhaps after the provider
    accepted it, so it must not be sent again. ``counted`` says whether this claim counted an
    attempt (a lapsed claim was counted when it was first made)."""

    message: Message
    state: OutboxState
    attempts: int
    next_attempt_at: datetime
    lease_until: datetime | None = None
    worker: str | None = None
    provider_id: str | None = None
    last_error: str | None = None
    stale: bool = False
    counted: bool = True

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
        self,
        *,
        as_of: datetime,
        limit: int,
        lease_seconds: float,
        worker: str,
        due: datetime | None = None,
    ) -> list[OutboxItem]:
        """Take up to ``limit`` due rows and mark them ``sending`` for ``worker`` with a lease
        until ``as_of + lease_seconds``: ``pending`` ones with ``next_attempt_at <= due`` (default
        ``as_of``), and ``sending`` ones whose lease expired by ``as_of`` — flagged ``stale`` when
        their attempt had started (see :meth:`begin_attempt`)."""
        ...

    def begin_attempt(
        self,
        id: str,
        worker: str,
        *,
        at: datetime | None = None,
        contacts_since: datetime | None = None,
        known_contacts: int | None = None,
    ) -> bool:
        """Mark the row claimed by ``worker`` as handed to the provider at ``at``, just before
        the call.

        Returns ``False`` (and changes nothing) when the row is no longer ``worker``'s — its
        lease lapsed by ``at``, or another worker claimed it —, in which case the caller must
        not send. With ``contacts_since``, it also returns ``False`` when the debtor has more
        than ``known_contacts`` other contacts since then in the outbox (another worker sent to
        the debtor after the caller checked): check again before sending.
        """
        ...

    def mark_sent(self, id: str, result: SendResult, *, at: datetime | None = None) -> None:
        """The provider accepted the message (at ``at``, the real send time)."""
        ...

    def mark_failed(self, id: str, error: str, permanent: bool) -> None:
        """The message will not be sent (``permanent``: the provider refused it; otherwise
        the dispatcher gave up or stopped it)."""
        ...

    def mark_unknown(self, id: str, error: str) -> None:
        """The provider may or may not have the message: reconcile, never re-send blindly."""
        ...

    def mark_expired(self, id: str, reason: str) -> None:
        """The message's validity ended before it could be sent: it never will be."""
        ...

    def reschedule(self, id: str, at: datetime, attempts: int) -> None:
        """Back to ``pending``, due again at ``at``."""
        ...

    def contacts(self, since: datetime, *, debtor_id: str | None = None) -> list[MessageSent]:
        """Contacts the outbox made (or may have made) at or after ``since``, as ``MessageSent``
        events at their send time: rows ``sent``, ``unknown``, and ``sending`` ones whose
        attempt started. Only ``debtor_id``'s when given."""
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
