"""The portfolio file's columns: what each one means and which model field it fills."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["COLUMNS", "Column", "column_names"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a portfolio file.

    ``name`` is the column's name in the schema (map your own names to it with ``columns=``),
    ``entity`` says whether it describes the debtor or the debt, ``required`` whether a row
    without it is an error, and ``kind`` how a cell is read.
    """

    name: str
    entity: Literal["debtor", "debt"]
    kind: Literal["text", "date", "datetime", "money", "bool", "currency"]
    required: bool
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("debtor_id", "debtor", "text", True, "the debtor's id, repeated on each of its debts"),
    Column("name", "debtor", "text", True, "the debtor's name as messages address them"),
    Column("country", "debtor", "text", True, "ISO 3166-1 alpha-2 code, any case (cl, CL)"),
    Column("subdivision", "debtor", "text", False, "state or region (SP, MA, RM)"),
    Column("locale", "debtor", "text", False, "language of messages (default: the country's)"),
    Column("timezone", "debtor", "text", False, "IANA zone, when known (America/Santiago)"),
    Column("phone", "debtor", "text", False, "any format; must be a number of the country"),
    Column("email", "debtor", "text", False, "e-mail address"),
    Column("phone_type", "debtor", "text", False, "mobile, home, work or other"),
    Column("address", "debtor", "text", False, "postal address, for visits by an agent"),
    Column(
        "consent_whatsapp",
        "debtor",
        "datetime",
        False,
        "when WhatsApp consent was granted (ISO datetime with offset)",
    ),
    Column("consent_sms", "debtor", "datetime", False, "when SMS consent was granted"),
    Column("consent_email", "debtor", "datetime", False, "when e-mail consent was granted"),
    Column("consent_source", "debtor", "text", False, "where the proof of consent lives"),
    Column(
        "represented_by_attorney", "debtor", "bool", False, "true/false (yes/no, 1/0 also read)"
    ),
    Column("workplace_contact_forbidden", "debtor", "bool", False, "the employer forbids contact"),
    Column("debt_id", "debt", "text", True, "the debt's id (unique in the file)"),
    Column("amount", "debt", "money", True, "amount owed: plain digits or the locale's writing"),
    Column("currency", "debt", "currency", True, "ISO 4217 code (CLP, MXN, USD)"),
    Column("outstanding", "debt", "money", False, "what is still owed (default: amount)"),
    Column("due_date", "debt", "date", False, "ISO date (2026-11-23); no due date, no chasing"),
    Column("issued_on", "debt", "date", False, "ISO date the debt was issued"),
    Column("reference", "debt", "text", False, "the reference the debtor knows (invoice number)"),
    Column("kind", "debt", "text", False, "invoice, loan, card... (default invoice)"),
    Column("payment_url", "debt", "text", False, "where to pay"),
    Column("status", "debt", "text", False, "open, draft, cancelled, paid or written_off"),
)
"""Every column a portfolio file may have, in the order of the docs.

Columns named ``attributes.<key>`` go to the debtor's ``attributes`` (segments can match on them);
the column ``events`` (:data:`~dunning.io.EVENTS_COLUMN`) holds the debtor's history; any other
column is not read and is listed in :attr:`~dunning.io.Portfolio.ignored_columns`.
"""

_BY_NAME = {c.name: c for c in COLUMNS}


def column_names(entity: str | None = None) -> tuple[str, ...]:
    """The schema's column names (of the debtor or the debt when ``entity`` is given).

    >>> column_names("debt")[:3]
    ('debt_id', 'amount', 'currency')
    """
    return tuple(c.name for c in COLUMNS if entity is None or c.entity == entity)
