"""The bookkeeping of one ``dispatch`` call: claim, check at the real instant, record outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .._core._errors import (
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from .._core._models import Debt, Debtor
from .._core._timezones import UTC, ensure_aware
from .._planning._plan import Message
from .._planning._ports import SendResult
from .._planning._stops import SendCheck, Verdict, VerdictKind
from ..events import ConsentRevoked, Event, MessageFailed, MessageSent
from ..policy._contacts import Contact
from ._outbox import OutboxItem, OutboxState
from ._report import DispatchError, DispatchReport, log

if TYPE_CHECKING:
    from ._base import DispatcherBase

__all__ = ["Run"]

_HOLD = timedelta(milliseconds=1)


class Run:
    """The bookkeeping of one ``dispatch`` call."""

    def __init__(
        self,
        dispatcher: DispatcherBase,
        now: datetime,
        history: Iterable[Event],
        debtors: Iterable[Debtor],
        debts: Iterable[Debt],
    ) -> None:
        ensure_aware(now, "now")
        self.d = dispatcher
        self.outbox = dispatcher.outbox
        self.now = now.astimezone(UTC)
        self.started = dispatcher.clock()
        self.check = SendCheck(
            planner=dispatcher.planner,
            history=history,
            debtors=debtors,
            debts=debts,
            now=self.now,
            policy=dispatcher.check_policy,
            margin=timedelta(seconds=dispatcher.send_margin),
        )
        # The outbox is a source of truth for contacts made: what it sent counts toward caps,
        # gaps and one message per day even if the caller did not store the events.
        self.since = self.check.since
        self.check.add_contacts(self.outbox.contacts(self.since))
        self.sent: list[str] = []
        self.failed: list[str] = []
        self.unknown: list[str] = []
        self.rescheduled: list[str] = []
        self.skipped: dict[str, str] = {}
        self.expired: dict[str, str] = {}
        self.held: dict[str, str] = {}
        self.fallbacks: dict[str, str] = {}
        self.events: list[Event] = []

    def instant(self) -> datetime:
        """The real instant: the call's ``as_of`` plus the time elapsed on the clock since."""
        return self.now + timedelta(seconds=max(0.0, self.d.clock() - self.started))

    def prepare(self, item: OutboxItem) -> Message | None:
        """The message to hand to its channel, or ``None`` when the row is settled here."""
        message = item.message
        if item.stale:
            self.outbox.mark_unknown(
                item.id,
                f"worker {item.worker} died or lost its lease during the attempt: "
                "the provider may have accepted it",
            )
            self.unknown.append(item.id)
            log.warning("message %s is unknown: its attempt was interrupted", item.id)
            return None
        if message.channel not in self.d.channels:
            error = f"no channel configured for {message.channel.value}"
            self.outbox.mark_failed(item.id, error, permanent=True)
            self.failed.append(item.id)
            self.events.append(self._failed(message, error, self.instant()))
            log.warning("message %s failed: %s", item.id, error)
            return None
        return message

    def begin(self, item: OutboxItem, message: Message) -> tuple[datetime, Contact | None] | None:
        """Check ``message`` at the real instant, right before its provider call, and mark the
        attempt as started. Returns the instant and the contact counted for it, or ``None``
        when it must not be sent now (settled, left for later, or no longer ours)."""
        for _ in range(3):
            at = self.instant()
            known: int | None = None
            if self.check.policy:
                # Another worker may have reached the debtor since this call started.
                fresh = self.outbox.contacts(self.since, debtor_id=message.debtor_id)
                self.check.add_contacts(fresh, message)
                known = sum(1 for e in fresh if e.message_id != message.id)
            verdict = self.check.check(message, at)
            if verdict.kind is not VerdictKind.SEND:
                self.settle(item, message, verdict)
                return None
            if self.outbox.begin_attempt(
                item.id,
                self.d.worker,
                at=at,
                contacts_since=self.since if known is not None else None,
                known_contacts=known,
            ):
                return at, self.check.record(message, at)
            row = self.outbox.get(item.id)
            if (
                row is None
                or row.state is not OutboxState.SENDING
                or row.worker != self.d.worker
                or row.lease_until is None
                or row.lease_until <= at
            ):
                log.warning("message %s: lease lost or lapsed, not sent here", item.id)
                return None
        log.warning("message %s: other workers keep contacting the debtor; left", item.id)
        return None

    def settle(self, item: OutboxItem, message: Message, verdict: Verdict) -> None:
        """Record a message the send-time check did not let go out now."""
        reason = verdict.reason
        if verdict.kind is VerdictKind.STOP:
            self.outbox.mark_failed(item.id, reason, permanent=False)
            self.failed.append(item.id)
            self.skipped[item.id] = reason
            log.info("message %s %s", item.id, reason)
        elif verdict.kind is VerdictKind.EXPIRED:
            self.outbox.mark_expired(item.id, reason)
            self.expired[item.id] = reason
            log.info("message %s %s", item.id, reason)
        elif verdict.kind is VerdictKind.LATER:
            assert verdict.at is not None
            # Not a failed attempt: the claim's count is given back.
            self.outbox.reschedule(item.id, verdict.at, item.attempts - int(item.counted))
            self.rescheduled.append(item.id)
            log.info("message %s waits until %s: %s", item.id, verdict.at.isoformat(), reason)
        else:
            later = max(item.next_attempt_at, self.now + _HOLD)
            self.outbox.reschedule(item.id, later, item.attempts - int(item.counted))
            self.held[item.id] = reason
            log.warning("message %s %s", item.id, reason)

    def succeeded(self, message: Message, result: SendResult, at: datetime) -> None:
        # The fact first: if recording it fails, the report (in a DispatchError) still has it.
        self.sent.append(message.id)
        self.events.append(
            MessageSent(
                at=at,
                message_id=message.id,
                debtor_id=message.debtor_id,
                channel=message.channel,
                debt_ids=message.debt_ids,
            )
        )
        self.outbox.mark_sent(message.id, result, at=at)
        log.debug("message %s sent as %s", message.id, result.provider_id)

    def errored(
        self,
        item: OutboxItem,
        message: Message,
        exc: Exception,
        at: datetime,
        contact: Contact | None,
    ) -> None:
        if isinstance(exc, RetryableError):
            self._retryable(item, message, exc, at, contact)
        elif isinstance(exc, PermanentError):
            self.check.forget(message, contact)
            self._permanent(message, exc, at)
        else:
            # Not our error family: a bug in a channel. It may have sent: never re-send blindly,
            # and keep counting it as a contact.
            error = f"unexpected {type(exc).__name__} from the {message.channel.value} channel"
            self.outbox.mark_unknown(message.id, error)
            self.unknown.append(message.id)
            log.error("message %s is unknown: %s", message.id, error, exc_info=exc)

    def _retryable(
        self,
        item: OutboxItem,
        message: Message,
        exc: RetryableError,
        at: datetime,
        contact: Contact | None,
    ) -> None:
        if exc.may_have_sent:
            self.outbox.mark_unknown(item.id, str(exc))
            self.unknown.append(item.id)
            log.warning("message %s is unknown: %s", item.id, exc)
            return
        self.check.forget(message, contact)
        if item.attempts >= self.d.max_attempts:
            error = f"gave up after {item.attempts} attempts: {exc}"
            self.outbox.mark_failed(item.id, error, permanent=False)
            self.failed.append(item.id)
            self.events.append(self._failed(message, error, at))
            log.warning("message %s failed: %s", item.id, error)
        else:
            delay = self.d.backoff(item.attempts, exc.retry_after)
            self.outbox.reschedule(item.id, at + timedelta(seconds=delay), item.attempts)
            self.rescheduled.append(item.id)
            log.info("message %s retried in %.1f s: %s", item.id, delay, exc)

    def _permanent(self, message: Message, exc: PermanentError, at: datetime) -> None:
        error = str(exc)
        if isinstance(exc, NotOnChannelError):
            replacement = self.d._fallback(message, exc, self)
            if isinstance(replacement, Message):
                self.outbox.add([replacement])
                self.fallbacks[message.id] = replacement.id
                error += f" (falling back to {replacement.channel.value}: {replacement.id})"
            else:
                error += f" ({replacement})"
        self.outbox.mark_failed(message.id, error, permanent=True)
        self.failed.append(message.id)
        self.events.append(self._failed(message, error, at))
        log.warning("message %s failed: %s", message.id, error)
        if isinstance(exc, OptedOutError):
            if exc.debtor_id is None:
                exc.debtor_id = message.debtor_id
            if exc.channel is None:
                exc.channel = message.channel
            event = ConsentRevoked.from_opt_out(exc, at=at)
            self.events.append(event)
            self.check.add_contacts([event], message)

    def _failed(self, message: Message, error: str, at: datetime) -> MessageFailed:
        return MessageFailed(
            at=at,
            message_id=message.id,
            debtor_id=message.debtor_id,
            channel=message.channel,
            error=error,
        )

    def report(self) -> DispatchReport:
        report = DispatchReport(
            sent=tuple(self.sent),
            failed=tuple(self.failed),
            unknown=tuple(self.unknown),
            rescheduled=tuple(self.rescheduled),
            skipped=self.skipped,
            fallbacks=self.fallbacks,
            events=tuple(self.events),
            expired=self.expired,
            held=self.held,
        )
        if len(report) or report.held:
            log.info(
                "dispatch: %d sent, %d failed (%d stopped), %d expired, %d unknown, "
                "%d retried later, %d held",
                len(report.sent),
                len(report.failed),
                len(report.skipped),
                len(report.expired),
                len(report.unknown),
                len(report.rescheduled),
                len(report.held),
            )
        return report

    def broken(self, exc: Exception) -> DispatchError:
        """The typed error for a call that stopped part-way, carrying what it did."""
        report = self.report()
        return DispatchError(
            f"dispatch stopped part-way ({type(exc).__name__}: {exc}); {len(report.sent)} "
            "message(s) were sent before: store the events of error.report",
            report=report,
        )
