"""What the sync and asyncio dispatchers share: configuration, backoff, reconciliation, claimed
batches, rate-limit slots and the fallback to the next channel."""

from __future__ import annotations

import os
import random
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .._core._errors import ChannelError, DunningError, InputError
from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor
from .._core._timezones import UTC
from .._planning._charges import charges_gap
from .._planning._occurrence import rendered_gap
from .._planning._plan import Message, Plan
from .._planning._stops import VerdictKind
from ..events import Event, MessageDelivered, MessageFailed, MessageRead, MessageSent
from ._outbox import Outbox, OutboxItem, OutboxState
from ._rate import RateLimit, _Bucket
from ._report import log
from ._run import Run

if TYPE_CHECKING:
    from .._planning._planner import Planner

__all__ = ["DEFAULT_FALLBACK", "DispatcherBase"]

DEFAULT_FALLBACK = (ChannelKind.WHATSAPP, ChannelKind.SMS, ChannelKind.EMAIL)


class DispatcherBase:
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
        fallback: Sequence[ChannelKind | str] | None = DEFAULT_FALLBACK,
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
        new. Re-adding a planned message is a no-op.

        With a planner that renders (``templates=``), a message without content is refused
        (:class:`~dunning.InputError`, nothing added): a ``Planner(render_days=N)`` leaves the
        messages sent after its next run unrendered, and a channel would refuse each of them
        at its send time. Add the messages sent before the next run, and plan again then.
        """
        items = list(messages.messages if isinstance(messages, Plan) else messages)
        if self.planner is not None and self.planner.templates is not None:
            bare = [m.id for m in items if m.content is None]
            if bare:
                raise InputError(
                    f"{len(bare)} message(s) have no rendered content (the first: {bare[0]}): "
                    "a Planner with render_days renders only the messages sent within that many "
                    "days of as_of; add those, and plan again before the others are due",
                    field="messages",
                    value=bare[:10],
                )
        return self.outbox.add(items)

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
    ) -> Run:
        run = Run(self, datetime.now(UTC) if now is None else now, history, debtors, debts)
        if messages is not None:
            self.add(messages)
        return run

    def _batches(self, run: Run, limit: int | None) -> Iterator[list[OutboxItem]]:
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

    def _fallback(self, message: Message, exc: ChannelError, run: Run) -> Message | str:
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
            # What the law asks every message on the new channel to show, as the planner checks
            # it: creditor data to print (the planner plans nothing on a channel without it)...
            policy = self.planner.policy_for(debtor)
            gap = self.planner._content_gap(policy, kind)
            if gap is not None:
                reasons.append(f"{kind.value}: {gap[0]}")
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
                # ...and the rendered text must show it, and the charges where they must be.
                absent = rendered_gap(policy, creditor, content) or charges_gap(
                    policy, creditor, candidate, content
                )
                if absent is not None:
                    reasons.append(f"{kind.value}: the text {absent[0]}")
                    continue
                candidate = candidate.model_copy(update={"content": content})
            return candidate
        return "no fallback: " + ("; ".join(reasons) or "no channel after this one")
