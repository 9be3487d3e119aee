"""Shared builders for tests: short names for the objects most tests need."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dunning import Consent, Creditor, Debt, Debtor, Money

UTC = UTC
GRANTED = datetime(2025, 1, 1, tzinfo=UTC)
CREDITOR = Creditor(name="Tienda Sur", tax_id="76.123.456-7")


def consents(*channels: str) -> tuple[Consent, ...]:
    return tuple(Consent(channel=c, granted_at=GRANTED, source="test") for c in channels)


def debtor(
    id: str = "d1",
    country: str = "CL",
    *,
    timezone: str | None = "America/Santiago",
    phone: str | None = None,
    email: str | None = "a@example.com",
    channels: tuple[str, ...] = ("sms", "whatsapp", "email"),
    **kw: object,
) -> Debtor:
    return Debtor(
        id=id,
        name="Ana Pérez",
        country=country,
        timezone=timezone,
        phone=phone,
        email=email,
        consents=consents(*channels),
        **kw,
    )  # type: ignore[arg-type]


def debt(
    id: str = "x1",
    debtor_id: str = "d1",
    due: date = date(2026, 11, 25),
    amount: str = "45000",
    currency: str = "CLP",
    **kw: object,
) -> Debt:
    return Debt(id=id, debtor_id=debtor_id, amount=Money(amount, currency), due_date=due, **kw)  # type: ignore[arg-type]


def local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]
