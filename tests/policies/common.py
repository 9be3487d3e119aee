"""Shared helpers for the policy tests: debtors, events, instants, plans, and the built-ins."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dunning import (
    Cadence,
    ChannelKind,
    Consent,
    Creditor,
    Debt,
    Debtor,
    Money,
    Plan,
    Planner,
    Step,
)
from dunning.events import Event, MessageSent, ReplyReceived
from dunning.policy import COUNTRIES, ContactPolicy, Source, Violation, for_country

BUILT_IN: list[tuple[str, str | None]] = [
    *((code, None) for code in sorted(COUNTRIES)),
    ("BR", "SP"),
    ("US", "MA"),
]
"""Every built-in policy the contract covers: each country, plus the two state policies."""

BUILT_IN_IDS = [code if sub is None else f"{code}-{sub}" for code, sub in BUILT_IN]

HOME_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "BR": "America/Sao_Paulo",
    "CL": "America/Santiago",
    "CO": "America/Bogota",
    "MX": "America/Mexico_City",
    "PE": "America/Lima",
    "US": "America/New_York",
}
"""A single zone per country, for debtors whose zone is known."""

EVERY_CHANNEL: tuple[ChannelKind, ...] = tuple(ChannelKind)
GRANTED = datetime(2025, 1, 1, tzinfo=UTC)
CREDITOR = Creditor(
    name="Tienda Sur", tax_id="76.123.456-7", address="Rua Augusta 100, São Paulo - SP"
)


def built_in(code: str, subdivision: str | None) -> ContactPolicy:
    return for_country(code, subdivision)


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware instant given as a wall-clock time in ``zone``."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def consents(channels: Iterable[ChannelKind | str]) -> tuple[Consent, ...]:
    return tuple(Consent(channel=c, granted_at=GRANTED, source="test opt-in") for c in channels)


def debtor(
    country: str,
    timezone: str | None,
    *,
    subdivision: str | None = None,
    channels: Iterable[ChannelKind | str] = EVERY_CHANNEL,
    phone: str | None = None,
    email: str | None = "ana@example.com",
    id: str = "d",
) -> Debtor:
    """A debtor with consent on ``channels`` (every channel by default)."""
    return Debtor(
        id=id,
        name="Ana Pérez",
        country=country,
        subdivision=subdivision,
        timezone=timezone,
        phone=phone,
        email=email,
        consents=consents(channels),
    )


def debt(id: str = "x1", *, due: date, currency: str, debtor_id: str = "d") -> Debt:
    return Debt(id=id, debtor_id=debtor_id, amount=Money("30000", currency), due_date=due)


def codes(violations: Sequence[Violation]) -> list[str]:
    """The violation codes, each once, in order (a multi-zone debtor repeats them per zone)."""
    return list(dict.fromkeys(v.code for v in violations))


def sent(
    at: datetime, channel: ChannelKind | str, *debt_ids: str, debtor_id: str = "d"
) -> MessageSent:
    return MessageSent(
        at=at,
        message_id=f"m-{channel}-{at.isoformat()}",
        debtor_id=debtor_id,
        channel=channel,
        debt_ids=debt_ids,
    )


def reply(at: datetime, channel: ChannelKind | str, debtor_id: str = "d") -> ReplyReceived:
    return ReplyReceived(at=at, debtor_id=debtor_id, channel=channel, text="ok")


def plan(
    debtors: Sequence[Debtor],
    debts: Sequence[Debt],
    *,
    as_of: datetime,
    horizon: int = 1,
    steps: Sequence[Step] | None = None,
    channels: Sequence[str] = ("email",),
    history: Iterable[Event] = (),
    **planner_kw: object,
) -> Plan:
    """Plan with one step on the due date (or ``steps``) on ``channels``."""
    cadence = Cadence("test", list(steps or [Step(0, channels=tuple(channels))]))
    creditor = planner_kw.pop("creditor", CREDITOR)
    planner = Planner(cadence, creditor=creditor, **planner_kw)  # type: ignore[arg-type]
    return planner.plan(debtors, debts, as_of=as_of, horizon_days=horizon, history=list(history))


def rule_sources(policy: ContactPolicy) -> Iterator[tuple[str, Source]]:
    """``(kind, source)`` for every rule of ``policy``."""
    for kind, rules in (
        ("hours", policy.hours),
        ("holidays", policy.holidays),
        ("cap", policy.caps),
        ("consent", policy.consent),
        ("stop", policy.stops),
        ("content", policy.content),
        ("quiet", policy.quiet_periods),
    ):
        for rule in rules:
            yield kind, rule.source


def random_instants(seed: str, n: int) -> list[datetime]:
    """``n`` reproducible instants spread over 2026 (weekends and holidays included)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [start + timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(n)]


def random_history(rng: random.Random, at: datetime) -> list[Event]:
    """A few sent messages and maybe a reply in the days before ``at``: enough to touch caps."""
    events: list[Event] = []
    for _ in range(rng.randrange(4)):
        when = at - timedelta(days=rng.randrange(7), hours=rng.randrange(12))
        events.append(sent(when, rng.choice(EVERY_CHANNEL), "x1"))
    if rng.random() < 0.4:
        when = at - timedelta(days=rng.randrange(7), hours=rng.randrange(12))
        events.append(reply(when, rng.choice(EVERY_CHANNEL)))
    return events
