"""The contact log: what history says about one debtor, indexed once for fast checks."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .._core._kinds import ChannelKind
from .._core._models import Debtor
from ..events import (
    CallAttempted,
    ConsentGranted,
    ConsentRevoked,
    Event,
    Hold,
    HoldReleased,
    LegalActionStarted,
    MessageSent,
    ReplyReceived,
)
from ._columns import EventColumns

__all__ = ["Contact", "DebtorLog"]

# --------------------------------------------------------------------------- history per debtor


@dataclass(slots=True)
class Contact:
    """A counted contact: a message sent (or planned) on a local date."""

    day: date
    channel: ChannelKind
    debt_ids: tuple[str, ...]
    message_id: str | None = None


@dataclass(slots=True)
class DebtorLog:
    """What history says about one debtor, indexed once for fast checks."""

    contacts: list[Contact] = field(default_factory=list)
    replies: list[tuple[datetime, ChannelKind]] = field(default_factory=list)
    """Two-way contacts as they happened: the time and channel of each reply and answered call.
    Their local days (:attr:`two_way`) are worked out on first use: most plans never read
    them."""
    zone: Any = None
    """The zone whose local dates the log counts in (the debtor's)."""
    consent: list[tuple[datetime, ChannelKind | None, bool, str]] = field(default_factory=list)
    legal_action_at: datetime | None = None
    by_channel: dict[ChannelKind, tuple[list[datetime], list[tuple[bool, str]]]] = field(
        default_factory=dict
    )
    holds: list[Hold | HoldReleased] = field(default_factory=list)
    """The holds and their releases, in history order (read by the planner's ``Holds``)."""
    _two_way: list[tuple[date, ChannelKind]] | None = None
    _two_way_on: dict[frozenset[ChannelKind], tuple[list[tuple[date, ChannelKind]], list[int]]] = (
        field(default_factory=dict)
    )

    @property
    def two_way(self) -> list[tuple[date, ChannelKind]]:
        """The two-way contacts' local days and channels, sorted (worked out once)."""
        days = self._two_way
        if days is None:
            zone = self.zone
            days = self._two_way = sorted(
                (at.astimezone(zone).date(), channel) for at, channel in self.replies
            )
        return days

    def two_way_on(
        self, channels: frozenset[ChannelKind]
    ) -> tuple[list[tuple[date, ChannelKind]], list[int]]:
        """The two-way contacts on ``channels`` (as :attr:`two_way`) and their days as
        ordinals, both sorted (worked out once per set of channels)."""
        hit = self._two_way_on.get(channels)
        if hit is None:
            chosen = [(d, ch) for d, ch in self.two_way if ch in channels]
            hit = self._two_way_on[channels] = (chosen, [d.toordinal() for d, _ in chosen])
        return hit

    @classmethod
    def build(
        cls,
        debtor: Debtor,
        events: Iterable[Event],
        *,
        since: date | None = None,
        columns: EventColumns | None = None,
    ) -> DebtorLog:
        """Index ``debtor``'s history.

        ``since``: the earliest local date any check will read contacts from (the caller knows
        its caps' windows): messages sent well before it are not indexed as contacts. Their ids
        are remembered, so a later record of the same message still counts once, on its first
        day (as without ``since``). Replies, consent, legal action and calls are always kept.

        ``columns``: more of the debtor's history, held as columns (its messages sent and
        replies are read from the columns; ``events`` are the rest).
        """
        if columns is not None:
            if not columns.sent.unique or any(
                isinstance(e, CallAttempted | MessageSent) for e in events
            ):
                # A message id that may be recorded twice (or a call's): which record counts
                # depends on history order, which only the events in order keep.
                return cls.build(debtor, columns, since=since)
            log = cls.build(debtor, events, since=since)
            log._add_columns(columns, since)
            return log
        zone = debtor.zone
        log = cls(zone=zone)
        for consent in debtor.consents:
            log.consent.append((consent.granted_at, consent.channel, True, consent.source))
            if consent.revoked_at is not None:
                log.consent.append((consent.revoked_at, consent.channel, False, consent.source))
        edge = _edge(since)
        old: list[str] = []
        keep_old = old.append
        contacts, replies = log.contacts, log.replies
        for event in events:
            kind = type(event)
            # The two commonest kinds inline (a long history is mostly these); the rest by add.
            if kind is MessageSent:
                sent: MessageSent = event  # type: ignore[assignment]
                at = sent.at
                if at < edge:
                    keep_old(sent.message_id)
                else:
                    day = at.astimezone(zone).date()
                    contacts.append(Contact(day, sent.channel, sent.debt_ids, sent.message_id))
            elif kind is ReplyReceived:
                reply: ReplyReceived = event  # type: ignore[assignment]
                replies.append((reply.at, reply.channel))
            else:
                log.add(event, zone)
        log.finish(old)
        return log

    def _add_columns(self, columns: EventColumns, since: date | None) -> None:
        """Index the messages sent and replies of ``columns`` (whose message ids are all
        different, and no call's is among them: no contact repeats another), as :meth:`build`
        indexes them as events."""
        sent, zone = columns.sent, self.zone
        ats, edge = sent.at, _edge(since)
        recent = [i for i, at in enumerate(ats) if at >= edge]
        if recent:
            channel, debt_ids, message_id = sent.channel, sent.debt_ids, sent.message_id
            self.contacts.extend(
                Contact(ats[i].astimezone(zone).date(), channel[i], debt_ids[i], message_id[i])
                for i in recent
            )
            # Distinct ids (checked by the caller): sorting is all that finish() would do.
            self.contacts.sort(key=_contact_order)
        replies = columns.replies
        if replies.at:
            self.replies.extend(zip(replies.at, replies.channel, strict=True))
            self._stale_two_way()

    def add(self, event: Event, zone: Any) -> None:
        """Index one more event (``zone``: the debtor's); :meth:`finish` when done adding."""
        self.zone = zone
        if isinstance(event, MessageSent):
            day = event.at.astimezone(zone).date()
            self.contacts.append(Contact(day, event.channel, event.debt_ids, event.message_id))
        elif isinstance(event, ReplyReceived):
            self._add_two_way(event)
        elif isinstance(event, CallAttempted):
            # Every attempt counts toward the caps; an answered one is a conversation too.
            day = event.at.astimezone(zone).date()
            attempt = f"{event.task_id}#{event.at.isoformat()}"  # each attempt counts
            self.contacts.append(Contact(day, event.channel, event.debt_ids, attempt))
            if event.outcome == "right_party_contact":
                self._add_two_way(event)
        elif isinstance(event, ConsentGranted):
            self.consent.append((event.at, event.channel, True, event.source))
        elif isinstance(event, ConsentRevoked):
            self.consent.append((event.at, event.channel, False, "consent revoked"))
        elif isinstance(event, LegalActionStarted):
            if self.legal_action_at is None or event.at < self.legal_action_at:
                self.legal_action_at = event.at
        elif isinstance(event, (Hold, HoldReleased)):
            self.holds.append(event)

    def _add_two_way(self, event: ReplyReceived | CallAttempted) -> None:
        self.replies.append((event.at, event.channel))
        self._stale_two_way()

    def _stale_two_way(self) -> None:
        """Forget the days worked out from the replies so far (replies were added)."""
        self._two_way = None
        self._two_way_on.clear()

    def finish(self, dropped: Collection[str] = ()) -> None:
        """Sort what was added; ``dropped``: ids of messages sent before the indexed days (a
        later record of one of them is not a new contact)."""
        # Grants before revocations at the same instant: a simultaneous revocation wins.
        if len(self.consent) > 1:
            self.consent.sort(key=lambda item: (item[0], item[2] is False))
        contacts = self.contacts
        if contacts:
            contacts.sort(key=_contact_order)
            # One message, one contact: the dispatcher's MessageSent and a provider's "sent"
            # status for the same message id must not count twice against a cap (the earliest
            # day stays). Checked in bulk first: a message id is seldom recorded twice.
            ids = [c.message_id for c in contacts if c.message_id is not None]
            known = set(ids)
            if len(known) < len(ids) or not known.isdisjoint(dropped):
                seen: set[str] = set(dropped)
                unique = []
                for contact in contacts:
                    if contact.message_id is not None:
                        if contact.message_id in seen:
                            continue
                        seen.add(contact.message_id)
                    unique.append(contact)
                self.contacts = unique
        self.by_channel.clear()

    def _timeline(self, channel: ChannelKind) -> tuple[list[datetime], list[tuple[bool, str]]]:
        timeline = self.by_channel.get(channel)
        if timeline is None:
            events = [(w, g, s) for w, ch, g, s in self.consent if ch is None or ch is channel]
            timeline = self.by_channel[channel] = (
                [w for w, _, _ in events],
                [(g, s) for _, g, s in events],
            )
        return timeline

    def consent_state(self, channel: ChannelKind, at: datetime) -> tuple[bool | None, str]:
        """``(True, source)`` granted, ``(False, source)`` revoked, ``(None, "")`` never given.

        The latest consent event for the channel (or for every channel) at or before ``at``
        decides.
        """
        times, states = self._timeline(channel)
        index = bisect.bisect_right(times, at)
        if index == 0:
            return None, ""
        return states[index - 1]

    def sent_on(self, day: date) -> Contact | None:
        for contact in self.contacts:
            if contact.day == day and contact.message_id is not None:
                return contact
        return None


# --------------------------------------------------------------------------- compiled policy


def _edge(since: date | None) -> datetime:
    """An instant before which every local date is before ``since`` (no offset reaches a day):
    the messages sent before it are not indexed as contacts."""
    if since is None:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.combine(since - timedelta(days=1), time(0), UTC)


def _contact_order(contact: Contact) -> tuple[date, str]:
    """The order of a log's contacts: by day, then message id."""
    return contact.day, contact.message_id or ""
