"""The contact policy: one country's (or subdivision's, or a house's) rules, and its checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .._core._base import Model
from .._core._kinds import ChannelKind

if TYPE_CHECKING:
    from .._core._models import Debtor
    from ..events import Event

from ._calendar import holiday_names
from ._compiled import check, next_allowed
from ._rules import (
    Basis,
    ConsentRule,
    ContentRule,
    FrequencyCap,
    HolidayCalendar,
    HoursRule,
    QuietPeriod,
    RegisterRule,
    Source,
    StopRule,
    Violation,
)

__all__ = ["ContactPolicy"]


class ContactPolicy(Model):
    """What a debtor may be sent, when and how often. Pure data; see :meth:`check`.

    Rules combine by intersection: a contact is allowed only if every hours rule covering the
    channel allows the local time, no holiday or quiet period closes the day, every cap still has
    room, and every consent rule is met. :meth:`merge` therefore returns the stricter policy.

    >>> from dunning.policy import for_country
    >>> chile = for_country("CL")
    >>> chile.name
    'CL'
    """

    name: str
    country: str | None = None
    subdivision: str | None = None
    hours: tuple[HoursRule, ...] = ()
    holidays: tuple[HolidayCalendar, ...] = ()
    caps: tuple[FrequencyCap, ...] = ()
    consent: tuple[ConsentRule, ...] = ()
    stops: tuple[StopRule, ...] = ()
    content: tuple[ContentRule, ...] = ()
    quiet_periods: tuple[QuietPeriod, ...] = ()
    registers: tuple[RegisterRule, ...] = ()
    notes: tuple[str, ...] = ()

    def merge(self, other: ContactPolicy) -> ContactPolicy:
        """The stricter of two policies: every rule of both applies.

        Windows intersect (both hours rules must allow a time), holidays unite, caps all apply
        (so the smaller limit binds), consent requirements unite.
        """

        def union(a: Sequence[Any], b: Sequence[Any]) -> tuple[Any, ...]:
            return tuple(dict.fromkeys([*a, *b]))

        return ContactPolicy(
            name=f"{self.name}+{other.name}",
            country=self.country or other.country,
            subdivision=self.subdivision or other.subdivision,
            hours=union(self.hours, other.hours),
            holidays=union(self.holidays, other.holidays),
            caps=union(self.caps, other.caps),
            consent=union(self.consent, other.consent),
            stops=union(self.stops, other.stops),
            content=union(self.content, other.content),
            quiet_periods=union(self.quiet_periods, other.quiet_periods),
            registers=union(self.registers, other.registers),
            notes=union(self.notes, other.notes),
        )

    def with_holidays(
        self, dates: Mapping[date, str], *, source: Source | None = None
    ) -> ContactPolicy:
        """A copy that also closes on ``dates`` (elections, municipal days, one-off decrees).

        >>> from datetime import date
        >>> from dunning.policy import for_country
        >>> p = for_country("CL").with_holidays({date(2026, 12, 14): "Segunda vuelta"})
        >>> date(2026, 12, 14) in p.holiday_dates(2026)
        True
        """
        calendar = HolidayCalendar(
            country=self.country or "",
            subdivision=self.subdivision,
            categories=(),
            extra_dates=dict(dates),
            source=source or Source(citation="operator-added dates", basis=Basis.HOUSE),
        )
        return self.model_copy(update={"holidays": (*self.holidays, calendar)})

    def holiday_dates(self, year: int) -> dict[date, str]:
        """Every holiday this policy knows in ``year`` with its name."""
        return holiday_names(self, year)

    def consent_channels(self) -> frozenset[ChannelKind]:
        """Channels that need a recorded consent under this policy."""
        out: set[ChannelKind] = set()
        for rule in self.consent:
            out |= rule.channels
        return frozenset(out)

    def check(
        self,
        debtor: Debtor,
        channel: ChannelKind | str,
        *,
        as_of: datetime,
        history: Iterable[Event] = (),
        debt_ids: Iterable[str] = (),
    ) -> list[Violation]:
        """Everything that forbids contacting ``debtor`` on ``channel`` at the instant ``as_of``.

        An empty list means the contact is allowed. ``history`` holds earlier events (messages
        sent count toward caps; replies are two-way contacts; consent events and legal action
        apply). Times are judged in every zone the debtor may be in. ``debt_ids`` names the
        debts the contact is about, for per-debt caps; without it those caps count every
        contact of the debtor (the stricter reading).
        """
        return check(self, debtor, ChannelKind(channel), as_of, history, debt_ids=tuple(debt_ids))

    def next_allowed(
        self,
        debtor: Debtor,
        channel: ChannelKind | str,
        *,
        as_of: datetime,
        history: Iterable[Event] = (),
        within_days: int = 14,
    ) -> datetime | None:
        """The first instant at or after ``as_of`` when :meth:`check` passes (UTC), or ``None``
        when there is none within ``within_days`` local dates or the channel is closed for good
        (no consent, opted out, legal action)."""
        return next_allowed(self, debtor, ChannelKind(channel), as_of, history, within_days)

    def __repr__(self) -> str:
        return (
            f"ContactPolicy(name={self.name!r}, hours={len(self.hours)}, caps={len(self.caps)}, "
            f"consent={sorted(c.value for c in self.consent_channels())})"
        )
