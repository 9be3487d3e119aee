"""The stop rules and the send-time check: one evaluator for the planner and the dispatchers.

The planner asks :func:`stop_for` whether a step of a debt is stopped on a local date; the
dispatchers ask :class:`SendCheck` whether a claimed message may go to its provider at the real
instant of the call. Both read the same facts the same way: debt facts folded from history by
``_commitments``, and a :class:`~dunning.policy._engine.DebtorLog` per debtor (consents, legal
action, contacts), evaluated with the debtor's compiled contact policy.

A :class:`SendCheck` is built once per ``dispatch()`` call, in one pass over the history and the
outbox's recent contacts (grouped by debtor, each debtor's log built on first use), and it
records each send as the call makes it: caps, minimum gaps and one-message-per-day count history,
what the outbox marked sent, and earlier sends of the same call. Its cost is linear in history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .._core._kinds import ChannelKind, Stage
from .._core._models import Debt, Debtor, DebtStatus
from .._core._money import Money
from .._core._timezones import get_zone, start_of_day
from ..events import Event, Hold, HoldReleased, MessageSent, PaymentPlanAccepted
from ..policy import Basis, ContactPolicy, Source, StopCondition, SuppressionList, Violation
from ..policy._compiled import CONSENT_EVENT_SOURCE, DEFAULT_STOP_SOURCE, CompiledPolicy, compiled
from ..policy._contacts import Contact, DebtorLog
from ._commitments import (
    PAYMENT_PLAN_SOURCE,
    PAYMENT_REPORTED_SOURCE,
    DebtEvent,
    DebtFacts,
    add_debt_event,
    add_plan,
    commitment_stop,
    plan_paid,
)
from ._plan import Message, SkipCode

if TYPE_CHECKING:
    from ._planner import Planner

__all__ = [
    "FOLLOW_UPS",
    "Holds",
    "SendCheck",
    "Stop",
    "Verdict",
    "attorney_stop",
    "channel_bar",
    "debt_stop",
    "legal_stop",
]

FOLLOW_UPS = frozenset({Stage.PROMISE_REMINDER, Stage.BROKEN_PROMISE, Stage.THANKS})
"""Stages that follow a commitment: a promise or a payment plan does not stop them."""

_TIME_CODES = frozenset({"outside_hours", "holiday", "closed_day", "quiet_period"})


@dataclass(frozen=True, slots=True)
class Stop:
    """Why a step or a message does not go out: a machine code, a reason, the rule's source."""

    code: SkipCode
    reason: str
    source: Source | None = None

    def __str__(self) -> str:
        return f"stopped: {self.code.value}: {self.reason}"


def _source(cp: CompiledPolicy | None, condition: StopCondition) -> Source:
    return cp.stop_source(condition) if cp is not None else DEFAULT_STOP_SOURCE


def legal_stop(log: DebtorLog, at: datetime, cp: CompiledPolicy | None) -> Stop | None:
    """Legal action started at or before ``at`` stops every extrajudicial message."""
    started = log.legal_action_at
    if started is None or started > at:
        return None
    return Stop(
        SkipCode.LEGAL_ACTION,
        f"legal action started {started.date()}: extrajudicial collection stops",
        _source(cp, StopCondition.LEGAL_ACTION),
    )


@dataclass(frozen=True, slots=True)
class _HoldSpan:
    hold: Hold
    end: datetime | None
    """When a release or a replacing hold with the same id ended it (``None``: not ended)."""


class Holds:
    """The holds of one debtor, folded from history in time order (the order of history does
    not matter): each :class:`~dunning.events.Hold` is in force from its ``at`` until the
    earliest of the start of its local ``until`` date, a :class:`~dunning.events.HoldReleased`
    with its id, or a later hold with its id (which replaces it).

    >>> from datetime import UTC, date, datetime
    >>> from zoneinfo import ZoneInfo
    >>> start = Hold(at=datetime(2026, 12, 1, 15, tzinfo=UTC), hold_id="h-1", debtor_id="c-1",
    ...              reason="travelling", until=date(2026, 12, 15))
    >>> holds = Holds([start])
    >>> stop = holds.stop(("F-1",), datetime(2026, 12, 2, 12, tzinfo=UTC), ZoneInfo("UTC"))
    >>> stop.code.value
    'on_hold'
    >>> holds.stop(("F-1",), datetime(2026, 12, 15, 0, tzinfo=UTC), ZoneInfo("UTC")) is None
    True
    """

    __slots__ = ("spans",)

    def __init__(self, events: Iterable[Hold | HoldReleased] = ()) -> None:
        by_id: dict[str, list[Hold | HoldReleased]] = defaultdict(list)
        for event in events:
            by_id[event.hold_id].append(event)
        self.spans: list[_HoldSpan] = []
        for hold_id in sorted(by_id):
            # A release and a hold at the same instant: the hold stays (the safe side).
            timeline = sorted(by_id[hold_id], key=_hold_order)
            current: Hold | None = None
            for event in timeline:
                if current is not None:
                    self.spans.append(_HoldSpan(current, event.at))
                current = event if isinstance(event, Hold) else None
            if current is not None:
                self.spans.append(_HoldSpan(current, None))

    def __bool__(self) -> bool:
        return bool(self.spans)

    def stop(self, debt_ids: Iterable[str], at: datetime, zone: ZoneInfo) -> Stop | None:
        """The first hold (by id) in force at instant ``at`` that covers the debtor or one of
        ``debt_ids``, as a :class:`Stop` naming it; ``None`` when none does."""
        if not self.spans:
            return None
        wanted = set(debt_ids)
        for span in self.spans:
            hold = span.hold
            if hold.at > at or (span.end is not None and at >= span.end):
                continue
            if hold.until is not None and at >= start_of_day(hold.until, zone):
                continue
            if hold.debt_id is not None and hold.debt_id not in wanted:
                continue
            scope = f"debt {hold.debt_id}" if hold.debt_id is not None else "the debtor"
            until = f" until {hold.until}" if hold.until is not None else " until released"
            return Stop(
                SkipCode.ON_HOLD,
                f"hold {hold.hold_id} on {scope} since {hold.at.astimezone(zone).date()}"
                f"{until}: {hold.reason}",
                Source(
                    citation=f"hold {hold.hold_id} recorded by {hold.source}",
                    basis=Basis.HOUSE,
                    note=hold.reason,
                ),
            )
        return None


def _hold_order(event: Hold | HoldReleased) -> tuple[object, ...]:
    if isinstance(event, Hold):
        return (event.at, 1, event.until or date.max, event.debt_id or "", event.reason)
    return (event.at, 0, date.max, "", "")


def attorney_stop(debtor: Debtor | None, cp: CompiledPolicy | None) -> Stop | None:
    """A debtor represented by an attorney is not contacted directly."""
    if debtor is None or not debtor.represented_by_attorney:
        return None
    return Stop(
        SkipCode.ATTORNEY,
        "the debtor is represented by an attorney: contact the attorney, not them",
        _source(cp, StopCondition.ATTORNEY),
    )


_PHONE_CHANNELS = frozenset({ChannelKind.CALL, ChannelKind.SMS, ChannelKind.WHATSAPP})


def channel_bar(
    registers: Mapping[str, SuppressionList],
    policy: ContactPolicy,
    cp: CompiledPolicy,
    debtor: Debtor,
    channel: ChannelKind,
    at: datetime,
    registered: dict[tuple[str, str], date | datetime | None],
) -> Violation | None:
    """A workplace ban or a do-not-contact register that closes ``channel`` at ``at``.

    ``registered`` caches register lookups (register name, address) for the caller's run.
    """
    if (
        debtor.workplace_contact_forbidden
        and debtor.phone_type == "work"
        and channel in _PHONE_CHANNELS
    ):
        return Violation(
            code="workplace",
            reason=f"the debtor's employer forbids collection contact at work and "
            f"{debtor.phone} is a work number",
            source=cp.stop_source(StopCondition.WORKPLACE),
        )
    for rule in policy.registers:
        if channel not in rule.channels:
            continue
        address = debtor.address_for(channel)
        if address is None:
            continue
        lookup = registers.get(rule.name)
        if lookup is None:
            if not rule.mandatory:
                continue
            return Violation(
                code="register_unchecked",
                reason=f"{rule.description} must be checked before contacting a debtor who "
                f"may live there; pass Planner(registers={{{rule.name!r}: ...}})",
                source=rule.source,
            )
        key = (rule.name, address)
        if key not in registered:
            registered[key] = lookup.registered_at(address)
        since = registered[key]
        if since is None:
            continue
        if isinstance(since, datetime):
            blocked = at >= since + timedelta(days=rule.lag_days)
            when = since.date()
        else:
            blocked = at.astimezone(debtor.zone).date() >= since + timedelta(days=rule.lag_days)
            when = since
        if blocked:
            return Violation(
                code="suppressed",
                reason=f"{address} is in {rule.description} since {when}; contact ends "
                f"{rule.lag_days} days after registration",
                source=rule.source,
            )
    return None


def debt_stop(
    fact: DebtFacts | None,
    debt_id: str,
    outstanding: Decimal | None,
    day: date,
    *,
    follow_up: bool,
    paid_on_plan: Money | None,
    cp: CompiledPolicy | None,
    status: DebtStatus | None = None,
) -> Stop | None:
    """Whether a message about debt ``debt_id`` is stopped on local date ``day``.

    ``outstanding`` is what is still owed (payments in history already taken off), ``None``
    when unknown; ``follow_up`` says the message follows a commitment (a promise or plan does
    not stop it); ``paid_on_plan`` is what was paid since the plan in force was accepted.
    """
    if status is not None and DebtStatus(status) is not DebtStatus.OPEN:
        status = DebtStatus(status)
        if status is DebtStatus.PAID:
            return Stop(
                SkipCode.PAID, f"debt {debt_id} is paid in full", _source(cp, StopCondition.PAID)
            )
        return Stop(SkipCode.NOT_COLLECTABLE, f"debt {debt_id} is {status.value}")
    if outstanding is not None and outstanding <= 0:
        return Stop(
            SkipCode.PAID, f"debt {debt_id} is paid in full", _source(cp, StopCondition.PAID)
        )
    if fact is None:
        return None
    if fact.dispute_open is not None:
        return Stop(
            SkipCode.DISPUTED,
            f"debt {debt_id} is disputed since {fact.dispute_open.at.date()}",
            _source(cp, StopCondition.DISPUTE),
        )
    if fact.reported is not None and day <= fact.reported.pause_until:
        return Stop(
            SkipCode.PAYMENT_REPORTED,
            f"the debtor reported paying debt {debt_id} on {fact.reported.at.date()}; "
            f"reminders pause through {fact.reported.pause_until} while it is verified",
            PAYMENT_REPORTED_SOURCE,
        )
    if not follow_up:
        found = commitment_stop(fact, debt_id, day, paid_on_plan)
        if found is not None:
            code, reason = found
            source = (
                PAYMENT_PLAN_SOURCE
                if code is SkipCode.PAYMENT_PLAN
                else _source(cp, StopCondition.PROMISE)
            )
            return Stop(code, reason, source)
    return None


def plan_paid_for(fact: DebtFacts | None, facts: Mapping[str, DebtFacts]) -> Money | None:
    """What was paid since the plan in force on a debt was accepted (``None``: no plan)."""
    plan = fact.commitment if fact is not None else None
    return plan_paid(plan, facts) if isinstance(plan, PaymentPlanAccepted) else None


class VerdictKind(StrEnum):
    """What the send-time check decided for a message at an instant."""

    SEND = "send"
    STOP = "stop"
    EXPIRED = "expired"
    LATER = "later"
    HOLD = "hold"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The send-time decision: ``send``; ``stop`` (``stop`` says why); ``expired``; ``later``
    (an allowed time comes before the message expires: ``at``); ``hold`` (the facts to check it
    are missing: it stays in the outbox)."""

    kind: VerdictKind
    reason: str = ""
    at: datetime | None = None
    stop: Stop | None = None


_SEND = Verdict(VerdictKind.SEND)


class SendCheck:
    """The send-time evaluator of one ``dispatch()`` call (see the module docstring).

    ``policy=False`` is the documented opt-out: only stops (payment, dispute, promise, plan,
    legal action, revoked consent) and validity are checked; hours, caps, gaps, one message per
    day and required consents are not. With ``policy=True`` a message whose debtor was not given
    is held, never sent unchecked. ``margin`` is how long before a window closes the last send
    may start (a provider call takes time, and the law holds for when the message arrives).
    """

    def __init__(
        self,
        *,
        planner: Planner | None,
        history: Iterable[Event],
        debtors: Iterable[Debtor],
        debts: Iterable[Debt],
        now: datetime,
        policy: bool = True,
        margin: timedelta = timedelta(0),
    ) -> None:
        self.planner = planner
        self.policy = policy and planner is not None
        self.margin = margin
        self.debtors = {d.id: d for d in debtors}
        self.debts = {d.id: d for d in debts}
        self.since = now - self.lookback()
        """Contacts before this instant cannot matter to a cap, a gap or one message a day."""
        owner = {debt.id: debt.debtor_id for debt in self.debts.values()}
        self.facts: dict[str, DebtFacts] = {}
        self.events_of: dict[str, list[Event]] = defaultdict(list)
        self.hold_events: dict[str, list[Hold | HoldReleased]] = defaultdict(list)
        self.holds: dict[str, Holds] = {}
        since = self.since
        for row, event in enumerate(history):
            if isinstance(event, MessageSent):
                # Old sends are most of a long history and count toward nothing any more:
                # skipping them keeps the per-message cost flat as history grows.
                if event.at >= since:
                    self.events_of[event.debtor_id].append(event)
            elif isinstance(event, PaymentPlanAccepted):
                # Debts not given are taken as the plan's; given ones must be its debtor's.
                owners = {d: owner.get(d, event.debtor_id) for d in event.debt_ids}
                add_plan(self.facts, event, row, owners)
            elif isinstance(event, DebtEvent):
                add_debt_event(self.facts, event, row)
            elif isinstance(event, Hold | HoldReleased):
                self.hold_events[event.debtor_id].append(event)
            else:
                debtor_id = getattr(event, "debtor_id", None)
                if debtor_id is not None:
                    self.events_of[debtor_id].append(event)
        self.logs: dict[str, DebtorLog] = {}
        self.counted: dict[str, set[str]] = {}
        self.registered: dict[tuple[str, str], date | datetime | None] = {}

    # -- facts -------------------------------------------------------------------------------

    def add_contacts(self, events: Iterable[Event], message: Message | None = None) -> None:
        """Add facts learnt after construction (the outbox's contacts, an opt-out met during
        the call). Before any log is built they join the history; afterwards the debtor's log
        (built for ``message``) takes the new ones, each message id counted once."""
        for event in events:
            debtor_id = getattr(event, "debtor_id", None)
            if debtor_id is None:
                continue
            if isinstance(event, Hold | HoldReleased):
                self.hold_events[debtor_id].append(event)
                self.holds.pop(debtor_id, None)
                continue
            log = self.logs.get(debtor_id)
            if log is None:
                self.events_of[debtor_id].append(event)
                continue
            if isinstance(event, MessageSent):
                counted = self.counted[debtor_id]
                if event.message_id in counted:
                    continue
                counted.add(event.message_id)
                log.contacts.append(
                    Contact(
                        event.at.astimezone(self._zone(debtor_id, message)).date(),
                        event.channel,
                        event.debt_ids,
                        event.message_id,
                    )
                )
            else:
                log.add(event, self._zone(debtor_id, message))
                log.finish()

    def _zone(self, debtor_id: str, message: Message | None) -> ZoneInfo:
        debtor = self.debtors.get(debtor_id)
        if debtor is not None:
            return debtor.zone
        return get_zone(message.timezone if message is not None else "UTC")

    def log(self, message: Message) -> DebtorLog:
        """The contact log of ``message``'s debtor, built on first use."""
        log = self.logs.get(message.debtor_id)
        if log is None:
            events = self.events_of.get(message.debtor_id, ())
            debtor = self.debtors.get(message.debtor_id)
            if debtor is not None:
                log = DebtorLog.build(debtor, events)
            else:
                log = DebtorLog()
                zone = get_zone(message.timezone)
                for event in events:
                    log.add(event, zone)
                log.finish()
            self.logs[message.debtor_id] = log
            self.counted[message.debtor_id] = {
                c.message_id for c in log.contacts if c.message_id is not None
            }
        return log

    def policy_of(self, message: Message) -> tuple[Debtor | None, CompiledPolicy | None]:
        debtor = self.debtors.get(message.debtor_id)
        if debtor is None or self.planner is None:
            return debtor, None
        return debtor, compiled(self.planner.policy_for(debtor))

    def lookback(self) -> timedelta:
        """How far back contacts can matter to a cap, a gap or one-message-per-day."""
        days = 2
        if self.planner is not None:
            seen: set[tuple[str, str | None]] = set()
            for debtor in self.debtors.values():
                key = (debtor.country, debtor.subdivision)
                if key in seen:
                    continue
                seen.add(key)
                for cap in self.planner.policy_for(debtor).caps:
                    days = max(days, cap.period_days + cap.min_gap_days + 2)
        return timedelta(days=days)

    # -- the check ---------------------------------------------------------------------------

    def stops(self, message: Message, at: datetime) -> Stop | None:
        """The stop conditions of ``message`` at ``at`` (no hours, caps or validity)."""
        debtor, cp = self.policy_of(message)
        log = self.log(message)
        first = legal_stop(log, at, cp) or attorney_stop(debtor, cp)
        if first is not None:
            return first
        if cp is not None:
            consent = cp.consent_violation(log, message.channel, at)
            if consent is not None:
                return Stop(SkipCode(consent.code), consent.reason, consent.source)
        elif log.consent_state(message.channel, at)[0] is False:
            return Stop(
                SkipCode.OPTED_OUT,
                f"the debtor revoked consent for {message.channel.value}",
                CONSENT_EVENT_SOURCE,
            )
        zone = debtor.zone if debtor is not None else get_zone(message.timezone)
        holds = self.holds.get(message.debtor_id)
        if holds is None:
            holds = self.holds[message.debtor_id] = Holds(
                self.hold_events.get(message.debtor_id, ())
            )
        held = holds.stop(message.debt_ids, at, zone)
        if held is not None:
            return held
        if message.stage is Stage.THANKS:
            return None  # a thank-you goes because the debt is paid
        today = at.astimezone(zone).date()
        lines = {line.debt_id: line for line in message.debts}
        follow_up = message.stage in FOLLOW_UPS
        for debt_id in message.debt_ids:
            fact = self.facts.get(debt_id)
            debt = self.debts.get(debt_id)
            paid = fact.paid.amount if fact is not None and fact.paid is not None else Decimal(0)
            if debt is not None:
                outstanding: Decimal | None = debt.balance.amount - paid
            elif debt_id in lines:
                outstanding = lines[debt_id].outstanding.amount - paid
            else:
                outstanding = None
            stop = debt_stop(
                fact,
                debt_id,
                outstanding,
                today,
                follow_up=follow_up,
                paid_on_plan=plan_paid_for(fact, self.facts),
                cp=cp,
                status=debt.status if debt is not None else None,
            )
            if stop is not None:
                return stop
        return None

    def check(self, message: Message, at: datetime) -> Verdict:
        """May ``message`` be handed to its provider at instant ``at``?"""
        expires = message.expires_at
        if at >= expires:
            return Verdict(
                VerdictKind.EXPIRED,
                f"expired: valid until {expires.isoformat()}, not sent by then",
            )
        debtor, cp = self.policy_of(message)
        if self.policy and (debtor is None or cp is None):
            return Verdict(
                VerdictKind.HOLD,
                f"held: debtor {message.debtor_id!r} was not given to dispatch(), so its contact "
                "policy cannot be checked",
            )
        stop = self.stops(message, at)
        if stop is not None:
            return Verdict(VerdictKind.STOP, str(stop), stop=stop)
        if not self.policy or debtor is None or cp is None:
            return _SEND
        channel = message.channel
        assert self.planner is not None
        bar = channel_bar(
            self.planner.registers,
            self.planner.policy_for(debtor),
            cp,
            debtor,
            channel,
            at,
            self.registered,
        )
        if bar is not None:
            stop = Stop(SkipCode(bar.code), bar.reason, bar.source)
            return Verdict(VerdictKind.STOP, str(stop), stop=stop)
        blocked = cp.time_violations(debtor.zones, at, channel)
        if (
            not blocked
            and self.margin
            and not cp.time_allowed(debtor.zones, at + self.margin, channel)
        ):
            blocked = cp.time_violations(debtor.zones, at + self.margin, channel)
        if blocked:
            later = self._next_slot(debtor, cp, channel, at, expires)
            why = "; ".join(str(v) for v in blocked)
            if later is None:
                return Verdict(
                    VerdictKind.EXPIRED, f"expired: no allowed time before it expires ({why})"
                )
            return Verdict(VerdictKind.LATER, why, at=later)
        log = self.log(message)
        day = at.astimezone(debtor.zone).date()
        for contact in log.contacts:
            if contact.day == day and contact.message_id != message.id:
                stop = Stop(
                    SkipCode.ALREADY_CONTACTED,
                    f"message {contact.message_id} already went to the debtor on {day}; "
                    "one message per day",
                )
                return Verdict(VerdictKind.STOP, str(stop), stop=stop)
        caps = cp.cap_violations(log, day, channel, message.debt_ids)
        if caps:
            cap = caps[0]
            stop = Stop(SkipCode(cap.code), cap.reason, cap.source)
            return Verdict(VerdictKind.STOP, str(stop), stop=stop)
        return _SEND

    def _next_slot(
        self,
        debtor: Debtor,
        cp: CompiledPolicy,
        channel: ChannelKind,
        at: datetime,
        expires: datetime,
    ) -> datetime | None:
        """The first instant after ``at`` and before ``expires`` when the hours allow a send
        (with the margin), or ``None``."""
        day = at.astimezone(debtor.zone).date()
        last = expires.astimezone(debtor.zone).date()
        while day <= last:
            for lo, hi in cp.intervals(debtor.zones, day, channel):
                t = max(lo, at)
                if t + self.margin < hi and t < expires and t > at:
                    return t
            day += timedelta(days=1)
        return None

    # -- bookkeeping -------------------------------------------------------------------------

    def record(self, message: Message, at: datetime) -> Contact | None:
        """Count ``message`` as a contact made at ``at`` (before its provider call, so that
        concurrent sends of the same call see it); returns it for :meth:`forget`."""
        log = self.log(message)
        counted = self.counted[message.debtor_id]
        if message.id in counted:
            return None
        debtor = self.debtors.get(message.debtor_id)
        zone = debtor.zone if debtor is not None else get_zone(message.timezone)
        contact = Contact(at.astimezone(zone).date(), message.channel, message.debt_ids, message.id)
        log.contacts.append(contact)
        counted.add(message.id)
        return contact

    def forget(self, message: Message, contact: Contact | None) -> None:
        """Undo :meth:`record`: the provider did not take the message."""
        if contact is None:
            return
        log = self.logs[message.debtor_id]
        for index in range(len(log.contacts) - 1, -1, -1):
            if log.contacts[index] is contact:
                del log.contacts[index]
                break
        self.counted[message.debtor_id].discard(message.id)
