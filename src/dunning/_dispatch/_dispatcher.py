"""The dispatchers: send each planned message at most once, through an outbox that survives crashes.

A message goes through the outbox states ``pending`` → ``sending`` (claimed, with a lease and
the worker's name) → ``sent`` / ``failed`` / ``unknown`` (see :mod:`dunning._dispatch._outbox`). A
retryable failure puts it back to ``pending`` with a later ``next_attempt_at`` (exponential
backoff with full jitter, at least the provider's ``retry_after``) until ``max_attempts``.
Neither WhatsApp nor Twilio takes an idempotency key, so a send that may have reached the
provider (``may_have_sent``, or a row whose worker died after starting the attempt) is marked
``unknown``: never re-sent automatically, never counted as sent, and reported for
reconciliation (:meth:`Dispatcher.reconcile` settles it from status callbacks).

Every check happens at the real instant of each provider call (the ``as_of`` of the call plus the
time elapsed on ``clock``): validity (a message past its ``valid_until`` is ``expired``), the stop
conditions and, with a ``planner`` and the ``debtors``, the whole contact policy, counting
history, what the outbox already sent and the earlier sends of the same call (see
:mod:`dunning._planning._stops`). ``check_policy=False`` is the documented opt-out for messages
that are not subject to a contact policy (tests, internal notices): only validity and the stops
apply.

>>> from datetime import UTC, datetime, timedelta
>>> from dunning.channels import MemoryChannel
>>> from dunning.channels._memory import sample_message
>>> message = sample_message("sms")
>>> outbox = SQLiteOutbox(":memory:")
>>> outbox.add([message, message])  # idempotent on the message id
1
>>> dispatcher = Dispatcher({"sms": MemoryChannel("sms")}, outbox, check_policy=False)
>>> report = dispatcher.dispatch(as_of=message.send_at + timedelta(minutes=1))
>>> report.sent, [type(e).__name__ for e in report.events]
(('m-sms-1',), ['MessageSent'])
>>> dispatcher.dispatch(as_of=message.send_at + timedelta(hours=1)).sent  # never twice
()
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .._core._errors import (
    ChannelError,
    DunningError,
    InputError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor
from .._core._timezones import UTC, ensure_aware
from .._planning._plan import Message, Plan
from .._planning._ports import AsyncChannel, Channel, SendResult
from .._planning._stops import SendCheck, Verdict, VerdictKind
from ..events import (
    ConsentRevoked,
    Event,
    MessageDelivered,
    MessageFailed,
    MessageRead,
    MessageSent,
)
from ..policy._contacts import Contact
from ._outbox import Outbox, OutboxItem, OutboxState, SQLiteOutbox

if TYPE_CHECKING:
    from .._planning._planner import Planner

__all__ = [
    "AsyncDispatcher",
    "DispatchReport",
    "Dispatcher",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "RateLimit",
    "SQLiteOutbox",
]

log = logging.getLogger("dunning.dispatch")
"""The dispatchers log here: message ids, states and reasons; never addresses, text or secrets."""

_DEFAULT_FALLBACK = (ChannelKind.WHATSAPP, ChannelKind.SMS, ChannelKind.EMAIL)


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: on average at most ``per_second`` sends, in bursts of up to ``burst``.

    Limits hold per dispatcher (per process); give each of ``n`` workers ``1/n`` of the
    provider's limit. Typical starting points: WhatsApp Cloud API 80 messages/s per business
    number; Twilio long codes 1 segment/s in the US (more abroad), toll-free 3/s, short codes 100/s.

    >>> RateLimit(per_second=1, burst=5)
    RateLimit(per_second=1, burst=5)
    """

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.per_second, int | float) or not self.per_second > 0:
            raise InputError("per_second must be > 0", field="per_second", value=self.per_second)
        if not isinstance(self.burst, int) or self.burst < 1:
            raise InputError("burst must be an integer >= 1", field="burst", value=self.burst)


class _Bucket:
    """Reserves send slots: ``reserve()`` takes a token and says how long to wait for it, so
    concurrent senders are spaced out without a lock (tokens may go negative: a queue)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self.tokens = float(limit.burst)
        self.stamp: float | None = None

    def reserve(self) -> float:
        now = self.clock()
        if self.stamp is not None:
            gained = (now - self.stamp) * self.limit.per_second
            self.tokens = min(float(self.limit.burst), self.tokens + gained)
        self.stamp = now
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.limit.per_second


@dataclass
class DispatchReport:
    """What one ``dispatch`` call did, by message id, and the events it produced.

    ``skipped`` maps ids stopped at send time to their reason (``"stopped: paid: ..."``);
    they are also ``failed`` in the outbox. ``expired`` maps ids whose validity ended before
    they could be sent to the reason (outbox state ``expired``; the next plan decides again).
    ``held`` maps ids left ``pending`` because the facts to check them were not given (their
    debtor). ``unknown`` ids may have reached the provider: reconcile them (status callbacks,
    the provider's logs, a human). ``fallbacks`` maps a message that could not use its channel
    to the message that replaces it on the next allowed channel. ``events`` carry the real send
    times.
    """

    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    rescheduled: tuple[str, ...] = ()
    skipped: Mapping[str, str] = field(default_factory=dict)
    fallbacks: Mapping[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    expired: Mapping[str, str] = field(default_factory=dict)
    held: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return (
            len(self.sent)
            + len(self.failed)
            + len(self.unknown)
            + len(self.rescheduled)
            + len(self.expired)
        )


class DispatchError(DunningError):
    """A ``dispatch()`` call stopped part-way (the outbox failed, a bug): ``report`` is what it
    did before, including the ``MessageSent`` events of the sends that happened. Store those
    events; the cause is ``__cause__``. Sends the outbox could not record stay ``sending`` with
    their attempt started, become ``unknown`` when their lease ends, and count as contacts."""

    def __init__(self, message: str, *, report: DispatchReport) -> None:
        super().__init__(message)
        self.report = report


class _Base:
    """What the sync and asyncio dispatchers share: configuration, the send-time check,
    fallback, and how each outcome is recorded."""

    def __init__(
        self,
        channels: Mapping[ChannelKind | str, Any],
        outbox: Outbox,
        *,
        planner: Planner | None = None,
        check_policy: bool = True,
        send_margin: float = 5.0,
        max_attempts: int = 5,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        lease_seconds: float = 300.0,
        batch_size: int = 100,
        rate_limits: Mapping[ChannelKind | str, RateLimit | float] | None = None,
        fallback: Sequence[ChannelKind | str] | None = _DEFAULT_FALLBACK,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        if max_attempts < 1:
            raise InputError("max_attempts must be >= 1", field="max_attempts", value=max_attempts)
        if batch_size < 1:
            raise InputError("batch_size must be >= 1", field="batch_size", value=batch_size)
        if check_policy and planner is None:
            raise InputError(
                "a dispatcher checks each message against its debtor's contact policy at send "
                "time: pass planner= (and debtors= to dispatch()), or check_policy=False to send "
                "messages that no contact policy applies to",
                field="planner",
                value=None,
            )
        if send_margin < 0:
            raise InputError("send_margin must be >= 0", field="send_margin", value=send_margin)
        self.channels = {ChannelKind(k): v for k, v in channels.items()}
        self.outbox = outbox
        self.planner = planner
        self.check_policy = check_policy
        self.send_margin = send_margin
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.lease_seconds = lease_seconds
        self.batch_size = batch_size
        self.rate_limits = {
            ChannelKind(k): v if isinstance(v, RateLimit) else RateLimit(per_second=float(v))
            for k, v in (rate_limits or {}).items()
        }
        for kind, limit in self.rate_limits.items():
            # Every row of a batch must be attempted before its lease ends, or another worker
            # takes it over (safely, but the batch is wasted).
            if batch_size / limit.per_second > lease_seconds / 2:
                raise InputError(
                    f"a batch of {batch_size} at {limit.per_second}/s on {kind.value} takes "
                    f"longer than half the {lease_seconds:g} s lease: lower batch_size or "
                    "raise lease_seconds",
                    field="batch_size",
                    value=batch_size,
                )
        self.fallback = tuple(ChannelKind(k) for k in (fallback or ()))
        self.clock = clock
        self._buckets = {k: _Bucket(v, clock) for k, v in self.rate_limits.items()}
        self.rng = rng or random.Random()
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    def __repr__(self) -> str:
        kinds = ", ".join(sorted(k.value for k in self.channels))
        return f"{type(self).__name__}([{kinds}], {self.outbox!r}, worker={self.worker!r})"

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

    def reconcile(self, events: Iterable[Event]) -> dict[str, OutboxState]:
        """Settle ``unknown`` rows from what the providers reported later.

        A ``MessageSent``, ``MessageDelivered`` or ``MessageRead`` (from a status webhook, which
        carries the message id) proves the provider took it: ``sent``. A ``MessageFailed`` from
        the provider means it did not deliver it: ``failed``. Rows in any other state are left
        alone. Returns the rows changed, with their new state.
        """
        changed: dict[str, OutboxState] = {}
        for event in events:
            if isinstance(event, MessageSent | MessageDelivered | MessageRead):
                state, note = OutboxState.SENT, f"reconciled: provider reported {event.kind}"
            elif isinstance(event, MessageFailed):
                state, note = OutboxState.FAILED, f"reconciled: provider failed it: {event.error}"
            else:
                continue
            if self.outbox.resolve(event.message_id, state, note):
                changed[event.message_id] = state
                log.info("message %s reconciled as %s", event.message_id, state.value)
        return changed

    def _start(
        self,
        now: datetime | None,
        messages: Plan | Iterable[Message] | None,
        history: Iterable[Event],
        debtors: Iterable[Debtor],
        debts: Iterable[Debt],
    ) -> _Run:
        run = _Run(self, datetime.now(UTC) if now is None else now, history, debtors, debts)
        if messages is not None:
            self.add(messages)
        return run

    def _batches(self, run: _Run, limit: int | None) -> Iterator[list[OutboxItem]]:
        """Claimed batches of rows due at the call's ``as_of`` until none is left or ``limit``
        rows were taken; each lease starts at the instant of its claim."""
        done = 0
        while limit is None or done < limit:
            size = self.batch_size if limit is None else min(self.batch_size, limit - done)
            batch = self.outbox.claim(
                as_of=run.instant(),
                limit=size,
                lease_seconds=self.lease_seconds,
                worker=self.worker,
                due=run.now,
            )
            if not batch:
                return
            done += len(batch)
            yield batch

    def _bucket(self, kind: ChannelKind) -> float:
        bucket = self._buckets.get(kind)
        return 0.0 if bucket is None else bucket.reserve()

    def _fallback(self, message: Message, exc: ChannelError, run: _Run) -> Message | str:
        """The replacement of ``message`` on the next allowed channel, or why there is none."""
        if message.channel not in self.fallback:
            return f"no fallback configured after {message.channel.value}"
        if self.planner is None:
            return "no fallback without a planner (it checks consent and hours on the new channel)"
        debtor = run.check.debtors.get(message.debtor_id)
        if debtor is None:
            return "no fallback: pass the debtors to dispatch() to fall back"
        reasons = []
        for kind in self.fallback[self.fallback.index(message.channel) + 1 :]:
            if kind not in self.channels:
                reasons.append(f"{kind.value}: no channel configured")
                continue
            to = debtor.address_for(kind)
            if not to:
                reasons.append(f"{kind.value}: no address")
                continue
            candidate = message.model_copy(
                update={
                    "id": f"{message.id}~{kind.value}",
                    "channel": kind,
                    "to": to,
                    "content": None,
                    "explain": (
                        *message.explain,
                        f"fell back from {message.channel.value} to {kind.value} at send "
                        f"time: {exc.detail}",
                    ),
                }
            )
            verdict = run.check.check(candidate, run.instant())
            if verdict.kind is not VerdictKind.SEND:
                reasons.append(f"{kind.value}: {verdict.reason}")
                continue
            if message.content is not None or self.planner.templates is not None:
                from ..templates import render

                engine = self.planner.templates
                creditor = self.planner.creditor
                try:
                    content = (
                        engine.render_message(candidate, debtor, creditor)
                        if engine is not None
                        else render(candidate, debtor=debtor, creditor=creditor)
                    )
                except DunningError as error:
                    reasons.append(f"{kind.value}: could not render: {error}")
                    continue
                candidate = candidate.model_copy(update={"content": content})
            return candidate
        return "no fallback: " + ("; ".join(reasons) or "no channel after this one")


_HOLD = timedelta(milliseconds=1)


class _Run:
    """The bookkeeping of one ``dispatch`` call."""

    def __init__(
        self,
        dispatcher: _Base,
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


_DISPATCH_DOC = """

    Each message is checked at the real instant of its provider call — the ``now`` given to
    ``dispatch`` (default: the current time) plus the time elapsed since on ``clock`` (rate-limit
    waits included) —, and ``MessageSent.at`` is that instant:

    * past its ``valid_until`` (by default the end of its planned local day) → ``expired``,
      never sent; the next plan decides again, with fresh text;
    * stopped (payment in full, open dispute, legal action, revoked consent, a reported payment
      being verified, an active promise or an accepted payment plan for a cadence message) or,
      with ``check_policy`` (the default), against the debtor's contact policy (hours with
      ``send_margin`` seconds to spare, holidays, caps, minimum gaps, one message per local day,
      required consent), counting history, the outbox's own sent rows and earlier sends of the
      same call → ``failed``, with the reason in ``report.skipped``; outside the hours with an
      allowed time left before it expires → ``pending`` until then;
    * with ``check_policy``, a message whose debtor is not in ``debtors`` → left ``pending``,
      reason in ``report.held`` (never sent unchecked);
    * accepted → ``sent`` and a ``MessageSent``;
    * :class:`~dunning.RetryableError` → retried on a later call after
      ``min(backoff_cap, backoff_base * 2**attempts)`` seconds with full jitter (at least the
      error's ``retry_after``), then ``failed`` with a ``MessageFailed`` after ``max_attempts``;
      if it ``may_have_sent``, ``unknown`` instead (never re-sent automatically);
    * :class:`~dunning.PermanentError` → ``failed`` and a ``MessageFailed``
      (:class:`~dunning.OptedOutError` also gives its ``ConsentRevoked``);
      :class:`~dunning.NotOnChannelError` also queues a replacement on the next channel of
      ``fallback`` that is configured, has an address and passes the send-time check (this needs
      the ``planner`` and the ``debtors``; the new id is ``<id>~<channel>``);
    * a row whose worker died after starting the attempt → ``unknown``, not re-sent; one whose
      worker died before starting it is simply sent.

    ``check_policy=False`` is the explicit opt-out for messages no contact policy applies to:
    then no ``planner`` is needed and only validity and the stops are checked. Leases start at
    the instant of each claim, and a row whose lease lapsed is never handed to the provider.
    ``rate_limits`` caps sends per channel (:class:`RateLimit`, or a number of messages per
    second). A message is attempted at most once per ``dispatch`` call. ``rng`` makes the
    jitter reproducible in tests; ``clock`` (monotonic seconds) and ``sleep`` make time
    injectable. If the outbox (or anything else) fails part-way, ``dispatch`` raises
    :class:`~dunning.DispatchError`, whose ``report`` holds what the call did, sends included.
"""


class Dispatcher(_Base):
    """Sends due outbox messages through ``channels``, each message id at most once.

    ``dispatch(now, ...)`` claims due rows, checks each one at send time, sends, and records
    the outcome:
    """

    __doc__ = (__doc__ or "") + _DISPATCH_DOC

    def __init__(
        self,
        channels: Mapping[ChannelKind | str, Channel],
        outbox: Outbox,
        *,
        planner: Planner | None = None,
        check_policy: bool = True,
        send_margin: float = 5.0,
        max_attempts: int = 5,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        lease_seconds: float = 300.0,
        batch_size: int = 100,
        rate_limits: Mapping[ChannelKind | str, RateLimit | float] | None = None,
        fallback: Sequence[ChannelKind | str] | None = _DEFAULT_FALLBACK,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        super().__init__(
            channels,
            outbox,
            planner=planner,
            check_policy=check_policy,
            send_margin=send_margin,
            max_attempts=max_attempts,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            lease_seconds=lease_seconds,
            batch_size=batch_size,
            rate_limits=rate_limits,
            fallback=fallback,
            clock=clock,
            rng=rng,
            worker=worker,
        )
        self.sleep = sleep

    def dispatch(
        self,
        *,
        as_of: datetime | None = None,
        messages: Plan | Iterable[Message] | None = None,
        history: Iterable[Event] = (),
        debtors: Iterable[Debtor] = (),
        debts: Iterable[Debt] = (),
        limit: int | None = None,
    ) -> DispatchReport:
        """Send what is due ``as_of`` (aware; default: the current time) and report it.

        ``messages`` (a plan, or messages) are added to the outbox first. ``history``,
        ``debtors`` and ``debts`` are the current facts used for the send-time check.
        Balances are computed like the planner does (``debt.outstanding`` minus the payments in
        ``history``); without ``debts``, payments are compared with the balance printed on the
        message, so pass only the payments received since planning. Raises
        :class:`~dunning.DispatchError` (with the partial report) if it fails part-way.
        """
        run = self._start(as_of, messages, history, debtors, debts)
        try:
            for batch in self._batches(run, limit):
                for item in batch:
                    message = run.prepare(item)
                    if message is None:
                        continue
                    wait = self._bucket(message.channel)
                    if wait > 0:
                        self.sleep(wait)
                    started = run.begin(item, message)
                    if started is None:
                        continue
                    at, contact = started
                    try:
                        result = self.channels[message.channel].send(message)
                    except Exception as exc:
                        run.errored(item, message, exc, at, contact)
                    else:
                        run.succeeded(message, result, at)
        except Exception as exc:
            raise run.broken(exc) from exc
        return run.report()


class AsyncDispatcher(_Base):
    """The asyncio twin of :class:`Dispatcher`: same outbox, rules and report, with
    :class:`~dunning.channels.AsyncChannel` adapters and up to ``concurrency`` sends in flight.

    Outbox calls are made from the event loop (SQLite's are local and short); the rate limiter
    spaces sends with ``asyncio.sleep``. A send is counted as a contact from its check on, so
    concurrent sends of one call never break a cap together. Outcomes:
    """

    __doc__ = (__doc__ or "") + _DISPATCH_DOC

    def __init__(
        self,
        channels: Mapping[ChannelKind | str, AsyncChannel],
        outbox: Outbox,
        *,
        planner: Planner | None = None,
        check_policy: bool = True,
        send_margin: float = 5.0,
        concurrency: int = 10,
        max_attempts: int = 5,
        backoff_base: float = 30.0,
        backoff_cap: float = 3600.0,
        lease_seconds: float = 300.0,
        batch_size: int = 100,
        rate_limits: Mapping[ChannelKind | str, RateLimit | float] | None = None,
        fallback: Sequence[ChannelKind | str] | None = _DEFAULT_FALLBACK,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        if concurrency < 1:
            raise InputError("concurrency must be >= 1", field="concurrency", value=concurrency)
        super().__init__(
            channels,
            outbox,
            planner=planner,
            check_policy=check_policy,
            send_margin=send_margin,
            max_attempts=max_attempts,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            lease_seconds=lease_seconds,
            batch_size=batch_size,
            rate_limits=rate_limits,
            fallback=fallback,
            clock=clock,
            rng=rng,
            worker=worker,
        )
        self.concurrency = concurrency
        self.sleep = sleep

    async def dispatch(
        self,
        *,
        as_of: datetime | None = None,
        messages: Plan | Iterable[Message] | None = None,
        history: Iterable[Event] = (),
        debtors: Iterable[Debtor] = (),
        debts: Iterable[Debt] = (),
        limit: int | None = None,
    ) -> DispatchReport:
        """Send what is due ``as_of`` (aware; default: the current time), ``concurrency`` at
        a time; see :meth:`Dispatcher.dispatch` for the arguments."""
        run = self._start(as_of, messages, history, debtors, debts)
        gate = asyncio.Semaphore(self.concurrency)

        async def attempt(item: OutboxItem, message: Message) -> None:
            wait = self._bucket(message.channel)
            if wait > 0:
                await self.sleep(wait)
            async with gate:
                # Check and count in one step of the event loop: no other send interleaves.
                started = run.begin(item, message)
                if started is None:
                    return
                at, contact = started
                try:
                    result = await self.channels[message.channel].send(message)
                except Exception as exc:
                    run.errored(item, message, exc, at, contact)
                else:
                    run.succeeded(message, result, at)

        try:
            for batch in self._batches(run, limit):
                ready = [(item, run.prepare(item)) for item in batch]
                outcomes = await asyncio.gather(
                    *(attempt(i, m) for i, m in ready if m is not None), return_exceptions=True
                )
                for outcome in outcomes:  # every attempt has settled: now raise
                    if isinstance(outcome, BaseException):
                        raise outcome
        except Exception as exc:
            raise run.broken(exc) from exc
        return run.report()
