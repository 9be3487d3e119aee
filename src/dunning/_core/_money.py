"""Money: an exact ``Decimal`` amount in one ISO 4217 currency.

Stored precision and displayed precision are different things:

* **Stored** precision is the currency's *minor units* in ISO 4217 (the ``iso4217`` package carries
  the official table, published by SIX on behalf of ISO; :data:`ISO4217_PUBLISHED` says which
  edition). COP has 2 minor units, CLP 0, BHD 3, CLF 4. A :class:`Money` never holds more decimals
  than that, and nothing in ``dunning`` rounds one away without being asked.
* **Displayed** precision is CLDR's (Babel's), which may show fewer digits: Colombian pesos are
  written without centavos in ``es_CO``. Templates format an amount with CLDR's digits only when
  that loses nothing (``$380.000``); an amount with cents keeps them (``$380.000,50``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import (
    ROUND_HALF_EVEN,
    Clamped,
    Context,
    Decimal,
    DecimalException,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Underflow,
)
from functools import lru_cache
from typing import Any

import iso4217
from pydantic import field_validator, model_validator

from ._base import Model
from ._errors import CurrencyError, InputError
from ._text import brief

__all__ = ["ISO4217_PUBLISHED", "MAX_DIGITS", "Money", "minor_units", "refuse_float"]

#: Publication date of the ISO 4217 table the minor units come from (for audits).
ISO4217_PUBLISHED = iso4217.__published__

#: The most significant digits an amount may have (as SQL's ``DECIMAL(38)``): far beyond any real
#: debt, small enough that every sum and difference is computed exactly.
MAX_DIGITS = 38

# Arithmetic on money runs in this context: twice the digits any amount may have, and every
# condition that would change a value (rounding, overflow) raises instead of passing silently.
_EXACT = Context(
    prec=2 * MAX_DIGITS + 2,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, Inexact, Rounded, Overflow, Underflow, Clamped],
    Emax=999_999,
    Emin=-999_999,
)

# Quantizing only checks (the result is compared with the amount), so only invalid results trap.
_QUANTIZE = Context(prec=_EXACT.prec, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation])

# A plain decimal numeral as machines write it: ASCII digits, one optional point, an optional sign.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Text where a "." or "," is followed by exactly three digits reads as a thousands separator to half
# the world ("45.000" is forty-five thousand in Chile, forty-five in the US).
_GROUPED = re.compile(r"[0-9][.,][0-9]{3}(?![0-9])")


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Number of decimal places of ``currency`` in ISO 4217 (CLP 0, MXN 2, COP 2, BHD 3, CLF 4).

    >>> minor_units("CLP"), minor_units("COP"), minor_units("BHD")
    (0, 2, 3)
    """
    code = currency.strip().upper() if isinstance(currency, str) else currency
    entry = iso4217.raw_table.get(code) if isinstance(code, str) else None
    if entry is None:
        raise CurrencyError(
            f"unknown ISO 4217 currency code {currency!r}", field="currency", value=currency
        )
    units = str(entry.get("CcyMnrUnts") or "")
    if not units.isdigit():
        raise CurrencyError(
            f"{code} ({entry.get('CcyNm')}) has no minor units in ISO 4217 and is not money "
            "that can be owed",
            field="currency",
            value=currency,
        )
    return int(units)


@lru_cache(maxsize=512)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _exact(operation: str, compute: Callable[[], Decimal], value: Any) -> Decimal:
    """Run a ``Decimal`` computation exactly; any rounding or overflow becomes a CurrencyError."""
    try:
        return compute()
    except (DecimalException, ArithmeticError) as exc:
        raise CurrencyError(
            f"{operation} of {value} cannot be represented exactly ({type(exc).__name__})",
            field="amount",
            value=value,
        ) from None


def _check_size(value: Decimal, given: Any) -> Decimal:
    if not value.is_finite():
        raise CurrencyError(f"amount {given!r} is not finite", field="amount", value=given)
    if value and value.adjusted() + 1 > MAX_DIGITS:
        raise CurrencyError(
            f"amount {given!r} has more than {MAX_DIGITS} integer digits",
            field="amount",
            value=given,
        )
    return value


class Money(Model):
    """An amount of money: a ``Decimal`` in one currency, held in the currency's minor units.

    Floats are refused (they cannot hold ``0.10`` exactly); so are amounts with more decimals than
    the currency has in ISO 4217 (``Money("10.005", "USD")``): round them yourself with
    :meth:`rounded`, so no cent disappears without you deciding it. Text must be a plain numeral
    (``"45000"``, ``"380000.50"``); text that may hold a thousands separator (``"45.000"``) is
    refused: say which locale it is written in with :meth:`parse`.

    >>> from decimal import Decimal
    >>> Money(Decimal("3000"), "MXN")
    Money('3000.00', 'MXN')
    >>> Money("1500", "CLP") + Money(500, "CLP")
    Money('2000', 'CLP')
    >>> Money("380000.50", "COP")
    Money('380000.50', 'COP')
    """

    amount: Decimal
    currency: str

    def __init__(
        self, amount: Decimal | int | str | None = None, currency: str | None = None, **data: Any
    ) -> None:
        if amount is not None:
            data["amount"] = amount
        if currency is not None:
            data["currency"] = currency
        super().__init__(**data)

    # Only the positional form is added: validating a mapping needs no call to it (see Model).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @field_validator("currency", mode="before")
    @classmethod
    def _check_currency(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise CurrencyError(
                f"currency must be an ISO 4217 code string, got {brief(value)}",
                field="currency",
                value=value,
            )
        minor_units(value)
        return value.strip().upper()

    @field_validator("amount", mode="before")
    @classmethod
    def _check_amount(cls, value: Any) -> Decimal:
        if isinstance(value, (bool, float)):
            raise CurrencyError(
                f"amount {value!r} is a {type(value).__name__}; use Decimal, int or str "
                "(floats cannot hold money exactly)",
                field="amount",
                value=value,
            )
        if isinstance(value, int):
            if abs(value) >= 10**MAX_DIGITS:  # not str(): Python refuses past 4,300 digits
                raise CurrencyError(
                    f"amount has more than {MAX_DIGITS} digits", field="amount", value=value
                )
            return Decimal(value)
        if isinstance(value, str):
            text = value.strip()
            if len(text) > 4 * MAX_DIGITS or not _PLAIN.fullmatch(text):
                hint = (
                    "; if it is written with thousands separators, use "
                    "Money.parse(text, currency, locale=...)"
                    if any(ch in text for ch in ".,'\u00a0 ")
                    else ""
                )
                raise CurrencyError(
                    f"amount {value[:80]!r} is not a decimal number in plain digits{hint}",
                    field="amount",
                    value=value,
                )
            return _check_size(Decimal(text), value)
        if isinstance(value, Decimal):
            return _check_size(value, value)
        raise CurrencyError(
            f"amount must be Decimal, int or str, got {type(value).__name__}",
            field="amount",
            value=value,
        )

    @model_validator(mode="before")
    @classmethod
    def _refuse_grouping(cls, data: Any) -> Any:
        # "45.000" CLP or "1,000" USD: a separator followed by three digits, in a currency with
        # fewer than three minor units, is most likely a thousands separator, not decimals.
        if isinstance(data, dict):
            amount, currency = data.get("amount"), data.get("currency")
            if (
                isinstance(amount, str)
                and isinstance(currency, str)
                and _GROUPED.search(amount)
                and minor_units(currency) < 3
            ):
                places = minor_units(currency)
                reading = (
                    "uses a thousands separator"
                    if "," in amount
                    else f"has more decimals than {currency.upper()} allows ({places}) or uses "
                    "a thousands separator"
                )
                raise CurrencyError(
                    f"amount {amount!r} {reading}; write it as a plain number, round it with "
                    f"Money.rounded(), or read it with Money.parse({amount!r}, {currency!r}, "
                    "locale=...)",
                    field="amount",
                    value=amount,
                )
        return data

    @model_validator(mode="after")
    def _quantize(self) -> Money:
        quantum = _quantum(self.currency)
        quantized = (
            _exact(
                "quantize", lambda: self.amount.quantize(quantum, context=_QUANTIZE), self.amount
            )
            if self.amount
            else None
        )
        if quantized is None:
            # Zero (of any exponent, "-0" included) is held as the currency's plain zero.
            quantized = Decimal(0).quantize(quantum)
        elif quantized != self.amount:
            raise CurrencyError(
                f"{self.amount} has more decimals than {self.currency} allows "
                f"({minor_units(self.currency)}); use Money.rounded() to round explicitly",
                field="amount",
                value=self.amount,
            )
        object.__setattr__(self, "amount", quantized)
        return self

    @classmethod
    def parse(cls, text: str, currency: str, *, locale: str) -> Money:
        """Read an amount as people of ``locale`` write it: grouping, decimal sign, symbol.

        Babel's strict parser refuses text that does not fit the locale's number format, so an
        ambiguous amount raises instead of being misread.

        >>> Money.parse("45.000", "CLP", locale="es_CL")
        Money('45000', 'CLP')
        >>> Money.parse("R$ 1.234,56", "BRL", locale="pt_BR")
        Money('1234.56', 'BRL')
        >>> Money.parse("$1,250.00", "USD", locale="en_US")
        Money('1250.00', 'USD')
        """
        from babel.numbers import NumberFormatError, get_currency_symbol, parse_decimal

        from ._text import parse_locale

        if not isinstance(text, str):
            raise CurrencyError("text must be a str", field="amount", value=text)
        code = currency.strip().upper()
        minor_units(code)
        loc = parse_locale(locale, error=CurrencyError)
        cleaned = text.strip()
        if len(cleaned) > 8 * MAX_DIGITS:
            raise CurrencyError("amount text is too long", field="amount", value=text[:80])
        for symbol in sorted({get_currency_symbol(code, loc), code}, key=len, reverse=True):
            cleaned = cleaned.replace(symbol, "")
        cleaned = cleaned.strip().strip("\u00a0\u202f\u200f\u200e").strip()
        sign = ""
        if cleaned[:1] in "+-" and cleaned:
            sign, cleaned = cleaned[0], cleaned[1:].strip()
        try:
            value = parse_decimal(cleaned, locale=loc, strict=True)
        except (NumberFormatError, DecimalException, ValueError) as exc:
            detail = str(exc).split("\n", 1)[0]
            raise CurrencyError(
                f"{text!r} is not an amount as written in {loc}: {detail}",
                field="amount",
                value=text,
            ) from None
        value = _check_size(value, text)
        return cls(-value if sign == "-" else value, code)

    @classmethod
    def rounded(
        cls, amount: Decimal | int | str, currency: str, *, rounding: str = ROUND_HALF_EVEN
    ) -> Money:
        """Build money rounding ``amount`` to the currency's minor units (banker's rounding).

        >>> Money.rounded("10.005", "USD")
        Money('10.00', 'USD')
        """
        if isinstance(amount, (bool, float)):
            raise CurrencyError("floats cannot hold money exactly", field="amount", value=amount)
        value = cls._check_amount(amount)
        context = Context(prec=_EXACT.prec, rounding=rounding, traps=[InvalidOperation, Overflow])
        try:
            quantized = value.quantize(_quantum(currency.strip().upper()), context=context)
        except (DecimalException, ArithmeticError, TypeError) as exc:
            raise CurrencyError(
                f"cannot round {amount!r} to {currency} ({type(exc).__name__})",
                field="amount",
                value=amount,
            ) from None
        return cls(quantized, currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(0, currency)

    @property
    def minor_units(self) -> int:
        """Decimal places of this currency in ISO 4217."""
        return minor_units(self.currency)

    def _same(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {op} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyError(
                f"cannot {op} {self.currency} and {other.currency}",
                field="currency",
                value=other.currency,
            )
        return other

    def _result(self, amount: Decimal, op: str) -> Money:
        return _result(amount, self.currency, op)

    def __add__(self, other: object) -> Money:
        o = self._same(other, "add")
        total = _exact("addition", lambda: _EXACT.add(self.amount, o.amount), self.amount)
        return self._result(total, "addition")

    def __sub__(self, other: object) -> Money:
        o = self._same(other, "subtract")
        diff = _exact("subtraction", lambda: _EXACT.subtract(self.amount, o.amount), self.amount)
        return self._result(diff, "subtraction")

    def __neg__(self) -> Money:
        negated = -self.amount if self.amount else self.amount
        return Money._build(amount=negated, currency=self.currency)

    def __lt__(self, other: object) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: object) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: object) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: object) -> bool:
        return self.amount >= self._same(other, "compare").amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def money_sum(amounts: Sequence[Money]) -> Money:
    """``amounts`` (at least one, all in one currency) added up exactly, as ``+`` would, with one
    size check at the end instead of one per addition (hot paths: payments on a debt)."""
    first = amounts[0]
    currency = first.currency
    for money in amounts:
        if money.currency != currency:
            first._same(money, "add")  # raises the CurrencyError ``+`` raises
    return money_total([money.amount for money in amounts], currency) if len(amounts) > 1 else first


def money_total(amounts: Sequence[Decimal], currency: str) -> Money:
    """``amounts`` (at least one, each a valid amount of ``currency``) added up exactly, as
    :func:`money_sum` adds them up."""
    first = amounts[0]
    total = first
    add = _EXACT.add
    try:
        for amount in amounts[1:]:
            total = add(total, amount)
    except (DecimalException, ArithmeticError) as exc:
        raise CurrencyError(
            f"addition of {first} cannot be represented exactly ({type(exc).__name__})",
            field="amount",
            value=first,
        ) from None
    return _result(total, currency, "addition")


def _result(amount: Decimal, currency: str, op: str) -> Money:
    """The result ``amount`` of ``op`` on amounts of ``currency``, as Money (checked for size)."""
    if amount and amount.adjusted() + 1 > MAX_DIGITS:
        raise CurrencyError(
            f"the {op} gives {amount} {currency}, more than {MAX_DIGITS} integer digits",
            field="amount",
            value=amount,
        )
    # The operands hold the currency's minor units and the result is exact, so it does too.
    return Money._build(amount=amount, currency=currency)


def refuse_float(
    value: Any, field: str, *, error: type[InputError] = InputError, example: str = "5"
) -> Any:
    """``value`` unchanged, or ``error`` when it is a float (or a bool): a rate or an amount
    given as a float is not exact; ``example`` shows the Decimal to write instead."""
    if isinstance(value, float | bool):
        raise error(
            f"{value!r} is a {type(value).__name__}; use Decimal or str "
            f"(e.g. Decimal('{example}'))",
            field=field,
            value=value,
        )
    return value
