"""A built-in sample portfolio: a few dozen debtors in CL, MX, CO, PE, BR and US.

Generated deterministically around a reference date, so ``dunning demo`` always has something to
show: debts before and after their due date, consents, a partial payment, a payment in full, a
promise to pay, an opt-out, a dispute and a debtor under legal action.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import phonenumbers

from .._core._kinds import ChannelKind
from .._core._models import Consent, Creditor, Debt, Debtor
from .._core._money import Money
from .._core._timezones import UTC
from ..events import (
    ConsentRevoked,
    DisputeOpened,
    Event,
    LegalActionStarted,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)

__all__ = ["SamplePortfolio", "sample_portfolio"]

# (country, subdivision, phone prefix, digits to add, currency, base amount, names)
_MARKETS = [
    (
        "CL",
        None,
        "+5696",
        7,
        "CLP",
        45_000,
        ["Ana Pérez", "Jorge Muñoz", "Camila Rojas", "Matías Soto", "Valentina Díaz"],
    ),
    ("MX", None, "+5255", 8, "MXN", 3_200, ["Luis Hernández", "María García", "José Martínez"]),
    ("MX", None, "+52664", 7, "MXN", 2_750, ["Sofía Ramírez", "Diego Torres"]),
    (
        "CO",
        None,
        "+57310",
        7,
        "COP",
        380_000,
        ["Andrés Gómez", "Laura Castro", "Felipe Ruiz", "Daniela Vargas"],
    ),
    ("PE", None, "+51987", 6, "PEN", 420, ["Rosa Quispe", "Carlos Flores", "Lucía Mendoza"]),
    ("BR", "SP", "+551199", 7, "BRL", 890, ["João Silva", "Mariana Souza", "Pedro Oliveira"]),
    ("BR", None, "+552199", 7, "BRL", 640, ["Beatriz Lima", "Rafael Costa"]),
    ("US", None, "+1415", 7, "USD", 260, ["Emily Johnson", "Michael Brown"]),
    ("US", "MA", "+1617", 7, "USD", 310, ["Sarah Miller", "David Wilson"]),
]


@dataclass(frozen=True)
class SamplePortfolio:
    """Everything the planner needs, ready to plan at ``as_of``."""

    creditor: Creditor
    debtors: list[Debtor]
    debts: list[Debt]
    history: list[Event]
    as_of: datetime


def _phone(rng: random.Random, prefix: str, digits: int, country: str) -> str:
    for _ in range(100):
        candidate = prefix + "".join(str(rng.randrange(10)) for _ in range(digits))
        number = phonenumbers.parse(candidate, country)
        if phonenumbers.is_valid_number(number):
            return candidate
    raise RuntimeError(f"no valid sample number for {prefix}")  # pragma: no cover


def sample_portfolio(as_of: datetime | None = None, *, seed: int = 7) -> SamplePortfolio:
    """A deterministic sample portfolio around ``as_of`` (default: Monday 2026-11-23 12:00 UTC).

    >>> sample = sample_portfolio()
    >>> len(sample.debtors) >= 24, {d.country for d in sample.debtors} >= {"CL", "BR", "US"}
    (True, True)
    """
    if as_of is None:
        as_of = datetime(2026, 11, 23, 12, tzinfo=UTC)
    rng = random.Random(seed)
    today = as_of.date()
    creditor = Creditor(
        name="Tienda Sur",
        legal_name="Tienda Sur SpA",
        tax_id="76.123.456-7",
        address="Av. Providencia 1234, Santiago",
        contact="pagos@tiendasur.example",
        website="https://tiendasur.example",
    )
    debtors: list[Debtor] = []
    debts: list[Debt] = []
    history: list[Event] = []
    offsets = [1, 0, -1, -3, -7, -14, -21, -35, -45, -63, -95, 2]
    n = 0
    for country, sub, prefix, digits, currency, base, names in _MARKETS:
        for name in names:
            n += 1
            debtor_id = f"d{n:03d}"
            granted = datetime.combine(today - timedelta(days=200), time(12), tzinfo=UTC)
            consents = [Consent(channel=ChannelKind.SMS, granted_at=granted, source="contract")]
            if n % 3 != 0:
                consents.append(
                    Consent(channel=ChannelKind.WHATSAPP, granted_at=granted, source="opt-in")
                )
            if n % 4 != 1:
                consents.append(
                    Consent(channel=ChannelKind.EMAIL, granted_at=granted, source="contract")
                )
            first = name.split()[0].lower().replace("é", "e").replace("ã", "a")
            debtors.append(
                Debtor(
                    id=debtor_id,
                    name=name,
                    country=country,
                    subdivision=sub,
                    phone=_phone(rng, prefix, digits, country),
                    email=f"{first}.{n}@example.com",
                    consents=tuple(consents),
                    attributes={"product": "card" if n % 2 else "loan"},
                )
            )
            for k in range(1 + (n % 5 == 0)):
                due = today + timedelta(days=offsets[(n + 3 * k) % len(offsets)])
                amount = Money(
                    base * (1 + rng.randrange(4))
                    + (0 if currency in {"CLP", "COP"} else rng.randrange(100)),
                    currency,
                )
                debts.append(
                    Debt(
                        id=f"{debtor_id}-{k + 1}",
                        debtor_id=debtor_id,
                        amount=amount,
                        issued_on=due - timedelta(days=30),
                        due_date=due,
                        reference=f"F-{1000 + n * 10 + k}",
                        payment_url=f"https://pay.example/{debtor_id}-{k + 1}",
                    )
                )
    at = datetime.combine(today - timedelta(days=2), time(15), tzinfo=UTC)
    by_id = {d.id: d for d in debts}
    # A partial payment, a payment in full, a promise, an opt-out, a dispute, legal action,
    # a reply (two-way contact) and a message already sent.
    history += [
        PaymentReceived(
            at=at, debt_id="d002-1", amount=Money(by_id["d002-1"].amount.amount // 2, "CLP")
        ),
        PaymentReceived(at=at, debt_id="d004-1", amount=by_id["d004-1"].amount),
        PromiseToPay(at=at, debt_id="d006-1", promised_date=today + timedelta(days=3)),
        ConsentRevoked(at=at, debtor_id="d008", channel=ChannelKind.WHATSAPP),
        DisputeOpened(at=at, debt_id="d011-1", reason="no reconoce la compra"),
        LegalActionStarted(at=at, debtor_id="d013", reason="demanda notificada"),
        ReplyReceived(at=at, debtor_id="d012", channel=ChannelKind.WHATSAPP, text="ok, gracias"),
        MessageSent(
            at=at,
            message_id="msg_sample_1",
            debtor_id="d001",
            channel=ChannelKind.SMS,
            debt_ids=("d001-1",),
        ),
    ]
    return SamplePortfolio(creditor, debtors, debts, history, as_of)
