"""A generated portfolio file with planted bad rows, and the list of what was planted.

The generator writes the expected errors down as it plants them (line and column), so the test
checks the loader against the generator's own record, never against the loader's output.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

import phonenumbers

HEADER = [
    "debtor_id",
    "name",
    "country",
    "phone",
    "email",
    "consent_whatsapp",
    "debt_id",
    "amount",
    "currency",
    "due_date",
    "reference",
]

# country, phone prefix, digits to add, currency, base amount, decimals
MARKETS = [
    ("CL", "+5696", 7, "CLP", 45_000, 0),
    ("MX", "+5255", 8, "MXN", 3_200, 2),
    ("CO", "+57310", 7, "COP", 380_000, 0),
    ("PE", "+51987", 6, "PEN", 420, 2),
    ("BR", "+551199", 7, "BRL", 890, 2),
    ("US", "+1415", 7, "USD", 260, 2),
]

# Ten kinds of bad row: (kind, column the error must name, how the row is spoiled).
KINDS = (
    "empty_name",
    "unknown_country",
    "invalid_phone",
    "foreign_phone",
    "negative_amount",
    "too_many_decimals",
    "unknown_currency",
    "impossible_date",
    "duplicate_debt_id",
    "bad_email",
)
COLUMN_OF = {
    "empty_name": "name",
    "unknown_country": "country",
    "invalid_phone": "phone",
    "foreign_phone": "phone",
    "negative_amount": "amount",
    "too_many_decimals": "amount",
    "unknown_currency": "currency",
    "impossible_date": "due_date",
    "duplicate_debt_id": "debt_id",
    "bad_email": "email",
}


def _valid_phone(rng: random.Random, prefix: str, digits: int) -> str:
    while True:
        phone = prefix + "".join(rng.choice("23456789") for _ in range(digits))
        if phonenumbers.is_valid_number(phonenumbers.parse(phone)):
            return phone


@dataclass(frozen=True)
class Planted:
    line: int
    column: str
    kind: str


@dataclass(frozen=True)
class Generated:
    text: str
    planted: tuple[Planted, ...]
    rows: int


def generate(rows: int = 10_000, bad_per_kind: int = 5, seed: int = 14) -> Generated:
    """``rows`` debt rows (a debtor has one to three debts) of which ``bad_per_kind`` of each
    kind in :data:`KINDS` are bad, at random lines."""
    rng = random.Random(seed)
    bad_count = bad_per_kind * len(KINDS)
    bad_at = dict(
        zip(
            sorted(rng.sample(range(10, rows), bad_count)),
            [k for k in KINDS for _ in range(bad_per_kind)],
            strict=True,
        )
    )
    kinds = list(bad_at.values())
    rng.shuffle(kinds)
    bad_at = dict(zip(sorted(bad_at), kinds, strict=True))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    planted: list[Planted] = []
    good_ids: list[str] = []
    debtor_n = 0
    current: list[str] | None = None
    left = 0
    for index in range(rows):
        line = index + 2  # the header is line 1, one line per row
        kind = bad_at.get(index)
        if kind is not None or left == 0 or current is None:
            debtor_n += 1
            country, prefix, digits, currency, base, decimals = MARKETS[debtor_n % len(MARKETS)]
            phone = _valid_phone(rng, prefix, digits)
            has_phone = rng.random() < 0.8
            current = [
                f"P{debtor_n:06d}",
                f"Deudor {debtor_n}",
                country.lower() if rng.random() < 0.1 else country,
                phone if has_phone else "",
                f"d{debtor_n}@example.com" if rng.random() < 0.7 or not has_phone else "",
                "2026-01-05T12:00:00+00:00" if has_phone and rng.random() < 0.5 else "",
            ]
            market = (currency, base, decimals)
            left = 0 if kind is not None else rng.randint(1, 3)
        debtor = list(current)
        currency, base, decimals = market
        cents = rng.randint(0, 99) if decimals else 0
        amount = f"{base + rng.randint(0, 500)}" + (f".{cents:02d}" if decimals else "")
        debt_id = f"D{index:06d}"
        due = f"2026-11-{rng.randint(10, 30):02d}"
        reference = f"F-{index}"
        if kind == "empty_name":
            debtor[1] = ""
        elif kind == "unknown_country":
            debtor[2] = "XX"
        elif kind == "invalid_phone":
            debtor[3] = "12345"
        elif kind == "foreign_phone":
            debtor[2], debtor[3] = "CL", "+1 415 234 5678"  # a San Francisco number
        elif kind == "negative_amount":
            amount = "-5000"
        elif kind == "too_many_decimals":
            debtor[2], debtor[3], currency = "CL", "", "CLP"
            debtor[4] = debtor[4] or f"d{debtor_n}@example.com"
            amount = "1500.5"  # pesos have no centavos
        elif kind == "unknown_currency":
            currency = "XYZ"
        elif kind == "impossible_date":
            due = "2026-02-30"
        elif kind == "duplicate_debt_id":
            debt_id = rng.choice(good_ids)
        elif kind == "bad_email":
            debtor[4] = "ana@"
        if kind is None:
            good_ids.append(debt_id)
            left -= 1
        else:
            planted.append(Planted(line, COLUMN_OF[kind], kind))
        writer.writerow([*debtor, debt_id, amount, currency, due, reference])
    return Generated(out.getvalue(), tuple(planted), rows)
