"""What a reply means: :class:`IntentKind` and :class:`Intent`, shared by classifier and bot.

>>> from datetime import date
>>> intent = Intent(kind="promise_to_pay", confidence=0.9, promised_date=date(2026, 11, 27))
>>> intent.kind, intent.promised_date
(<IntentKind.PROMISE_TO_PAY: 'promise_to_pay'>, datetime.date(2026, 11, 27))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from .._core._base import Model

__all__ = ["MAX_PROMISE_DAYS", "Intent", "IntentKind"]

MAX_PROMISE_DAYS = 366
"""How far from the day of the reply a promised date may lie (either side) and still be taken:
"te pago el 31/12/9999" names no date anyone can plan for. The classifier ignores a date beyond
it with a note in the evidence, the bot asks again rather than record it."""


class IntentKind(StrEnum):
    """The kinds of reply ``dunning`` understands. Strings work too (``"opt_out"``)."""

    OPT_OUT = "opt_out"
    """Stop writing to me (STOP, BAJA, SAIR, "no me escriban más")."""
    ALREADY_PAID = "already_paid"
    """The debtor says the debt is paid ("ya pagué", "já paguei")."""
    PROMISE_TO_PAY = "promise_to_pay"
    """The debtor commits to pay on a date ("les pago el viernes")."""
    HARDSHIP = "hardship"
    """The debtor cannot pay now (job loss, illness, "no tengo plata")."""
    DISPUTE = "dispute"
    """The debt is wrong or not theirs ("esa deuda no es mía")."""
    WANTS_AGENT = "wants_agent"
    """The debtor asks for a person."""
    PAYMENT_PLAN = "payment_plan"
    """The debtor asks to pay in installments."""
    PAYMENT_LINK = "payment_link"
    """The debtor asks how or where to pay."""
    ACK = "ack"
    """Thanks, ok, received: no action needed."""
    UNKNOWN = "unknown"
    """Nothing recognised: a human should read it."""


class Intent(Model):
    """The classifier's reading of one reply.

    ``confidence`` is in [0, 1]; ``promised_date`` is the debtor's local date a promise refers to
    (only for :attr:`IntentKind.PROMISE_TO_PAY`, when a date was stated); ``amount`` is the amount
    stated, in the message's currency (no currency is guessed); ``evidence`` names the rules or
    lexicon entries that matched, so every decision explains itself.
    """

    kind: IntentKind
    confidence: float = Field(ge=0.0, le=1.0)
    promised_date: date | None = None
    amount: Decimal | None = None
    evidence: tuple[str, ...] = ()
