"""Money: an exact ``Decimal`` amount in one ISO 4217 currency."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import get_currency_precision, is_currency
from pydantic import field_validator, model_validator

from ._base import Model
from ._errors import CurrencyError

__all__ = ["Money", "minor_units"]


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Number of decimal places of ``currency`` (CLP 0, MXN 2, ...), from CLDR via Babel.

    >>> minor_units("CLP"), minor_units("MXN")
    (0, 2)
    """
    code = currency.upper()
    if not is_currency(code):
        raise CurrencyError(
            f"unknown ISO 4217 currency code {currency!r}", field="currency", value=currency
        )
    return int(get_currency_precision(code))


@lru_cache(maxsize=512)
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


class Money(Model):
    """An amount of money: a ``Decimal`` in one currency, held in the currency's minor units.

    Floats are refused (they cannot hold ``0.10`` exactly); so are amounts with more decimals than
    the currency has (``Money("10.005", "USD")``): round them yourself with :meth:`rounded`, so no
    cent disappears without you deciding it.

    >>> from decimal import Decimal
    >>> Money(Decimal("3000"), "MXN")
    Money('3000.00', 'MXN')
    >>> Money("1500", "CLP") + Money(500, "CLP")
    Money('2000', 'CLP')
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

    @field_validator("currency", mode="before")
    @classmethod
    def _check_currency(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise CurrencyError(
                f"currency must be an ISO 4217 code string, got {value!r}",
                field="currency",
                value=value,
            )
        minor_units(value)
        return value.upper()

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
            return Decimal(value)
        if isinstance(value, str):
            try:
                parsed = Decimal(value.strip())
            except InvalidOperation:
                raise CurrencyError(
                    f"amount {value!r} is not a decimal number", field="amount", value=value
                ) from None
            value = parsed
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise CurrencyError(f"amount {value!r} is not finite", field="amount", value=value)
            return value
        raise CurrencyError(
            f"amount must be Decimal, int or str, got {type(value).__name__}",
            field="amount",
            value=value,
        )

    @model_validator(mode="after")
    def _quantize(self) -> Money:
        quantum = _quantum(self.currency)
        quantized = self.amount.quantize(quantum)
        if quantized != self.amount:
            raise CurrencyError(
                f"{self.amount} has more decimals than {self.currency} allows "
                f"({minor_units(self.currency)}); use Money.rounded() to round explicitly",
                field="amount",
                value=self.amount,
            )
        object.__setattr__(self, "amount", quantized)
        return self

    @classmethod
    def rounded(
        cls, amount: Decimal | int | str, currency: str, *, rounding: str = ROUND_HALF_EVEN
    ) -> Money:
        """Build money rounding ``amount`` to the currency's minor units (banker's rounding).

        >>> Money.rounded("10.005", "USD")
        Money('10.00', 'USD')
        """
        if isinstance(amount, float):
            raise CurrencyError("floats cannot hold money exactly", field="amount", value=amount)
        value = Decimal(amount) if not isinstance(amount, Decimal) else amount
        return cls(value.quantize(_quantum(currency.upper()), rounding=rounding), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(0, currency)

    @property
    def minor_units(self) -> int:
        """Decimal places of this currency."""
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

    def __add__(self, other: object) -> Money:
        o = self._same(other, "add")
        return Money._build(amount=self.amount + o.amount, currency=self.currency)

    def __sub__(self, other: object) -> Money:
        o = self._same(other, "subtract")
        # Both operands hold the currency's minor units, so the difference does too.
        return Money._build(amount=self.amount - o.amount, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

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
