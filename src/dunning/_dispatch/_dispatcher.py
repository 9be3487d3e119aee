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
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from .._core._errors import InputError
from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor
from .._planning._plan import Message, Plan
from .._planning._ports import AsyncChannel, Channel
from ..events import Event
from ._base import DEFAULT_FALLBACK, DispatcherBase
from ._outbox import Outbox, OutboxItem, OutboxState
from ._rate import RateLimit
from ._report import DispatchError, DispatchReport
from ._sqlite_outbox import SQLiteOutbox

if TYPE_CHECKING:
    from .._planning._planner import Planner

__all__ = [
    "AsyncDispatcher",
    "DispatchError",
    "DispatchReport",
    "Dispatcher",
    "Outbox",
    "OutboxItem",
    "OutboxState",
    "RateLimit",
    "SQLiteOutbox",
]


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


class Dispatcher(DispatcherBase):
    """Sends due outbox messages through ``channels``, each message id at most once.

    ``dispatch(as_of=..., ...)`` claims due rows, checks each one at send time, sends, and records
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
        fallback: Sequence[ChannelKind | str] | None = DEFAULT_FALLBACK,
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


class AsyncDispatcher(DispatcherBase):
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
        fallback: Sequence[ChannelKind | str] | None = DEFAULT_FALLBACK,
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
