"""Building blocks shared by the built-in country policies."""

from __future__ import annotations

from datetime import date
from typing import Literal

from .._core._kinds import ALL_CHANNELS, VOICE, WRITTEN, ChannelKind
from ._policy import ContactPolicy
from ._rules import (
    Basis,
    ConsentRule,
    HolidayCalendar,
    HoursRule,
    Source,
    StopCondition,
    StopRule,
    Window,
)

__all__ = [
    "ALL_CHANNELS",
    "PLATFORM_RULES",
    "VERIFIED",
    "VOICE",
    "WRITTEN",
    "calendar",
    "hours",
    "source",
    "standard_stops",
]

VERIFIED = date(2026, 3, 31)
"""When the built-in rules were last checked against their sources (see docs/policies.md)."""


def source(
    citation: str,
    basis: Basis | str = Basis.LAW,
    confidence: Literal["high", "medium", "low"] = "high",
    note: str | None = None,
) -> Source:
    return Source(
        citation=citation,
        basis=Basis(basis),
        confidence=confidence,
        verified=VERIFIED,
        note=note,
    )


def hours(
    channels: frozenset[ChannelKind],
    windows: list[tuple[str, str, str]],
    src: Source,
    *,
    closed_on_holidays: bool,
) -> HoursRule:
    return HoursRule(
        channels=channels,
        windows=tuple(Window(days=d, start=s, end=e) for d, s, e in windows),
        closed_on_holidays=closed_on_holidays,
        source=src,
    )


def calendar(country: str, subdivision: str | None, citation: str) -> HolidayCalendar:
    return HolidayCalendar(
        country=country,
        subdivision=subdivision,
        source=source(f"{citation}; dates from the `holidays` package", confidence="high"),
    )


def standard_stops(**law: Source) -> tuple[StopRule, ...]:
    """Every stop condition, with the law that requires it where one does (keyword per
    condition value, e.g. ``legal_action=source(...)``)."""
    default = source(
        "dunning default: stop reminders that no longer have a reason",
        Basis.PRUDENT,
        note="payment in full, an active promise, an open dispute, legal action or an opt-out",
    )
    return tuple(StopRule(condition=c, source=law.get(c.value, default)) for c in StopCondition)


PLATFORM_RULES = ContactPolicy(
    name="platform",
    consent=(
        ConsentRule(
            channels=frozenset({ChannelKind.WHATSAPP}),
            source=source(
                "WhatsApp Business Messaging Policy: opt-in required before messaging",
                Basis.PLATFORM,
                note="applies in every country, whatever the local law says",
            ),
        ),
    ),
)
"""Rules of the channel providers themselves; the planner always adds them."""
