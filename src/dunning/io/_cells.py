"""Reading one cell: text, dates, booleans, exact money (floats from pandas included)."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .._core._errors import CurrencyError
from .._core._money import Money
from .._core._text import brief
from ._values import _FALSE, _FLOAT_DIGITS, _PLAIN, _TRUE

__all__ = ["exact_decimal"]


# ---------------------------------------------------------------------------------- cells


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean(value: Any) -> Any:
    """Empty cells (``""``, NaN, ``None``, pandas' NA and NaT) as ``None``; numpy scalars as
    Python values and arrays as lists (a list cell is for its column's reader to accept or
    refuse: an amount refuses it, the ``events`` column reads it); text stripped."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    kind = type(value)
    if kind.__module__ == "numpy":
        if getattr(value, "ndim", None) == 0:
            value = value.item()  # numpy.int64 -> int, numpy.float64 -> float, numpy.str_ -> str
            return _clean(value)
        if hasattr(value, "tolist"):
            return value.tolist()  # an array (pandas' cell of an Arrow list) as a list
    if isinstance(value, float) and math.isnan(value):
        return None
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    return value


#: How deep a cell given as Python objects (``read_records``, a DataFrame) may nest lists and
#: mappings: an event's amount is three levels down; deeper (or circular) is refused, never a
#: ``RecursionError``.
MAX_NESTING = 32

#: The longest number a text cell (an id, a reference) may be given as.
_LONGEST_NUMBER = 100
_LONGEST_NUMBER_BITS = 333  # 2 ** 333 has 101 digits


def _shown(value: Any) -> str | None:
    """``value`` as an error shows it: at most 200 characters, whatever was given."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    return brief(value, text=True)


def _too_deep() -> _CellError:
    return _CellError(f"nested more than {MAX_NESTING} levels deep (or circular)")


def _nesting(value: Any, depth: int = 0) -> None:
    """Raise ``_CellError`` when ``value`` nests lists, tuples or mappings more than
    ``MAX_NESTING`` levels (a circular one does)."""
    if depth > MAX_NESTING:
        raise _too_deep()
    if isinstance(value, dict):
        for item in value.values():
            _nesting(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _nesting(item, depth + 1)


def _written(value: Any) -> str:
    """``repr(value)`` once its nesting is checked (to compare a cell across a debtor's rows)."""
    if isinstance(value, list | tuple | dict | set | frozenset):
        _nesting(value)
    try:
        return repr(value)
    except Exception as exc:  # a number too long to write out, a repr that raises
        raise _CellError(f"cannot be written out ({type(exc).__name__})") from None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _CellError("expected text, got a boolean")
    if isinstance(value, int):
        if value.bit_length() > _LONGEST_NUMBER_BITS:
            raise _CellError(f"a number of more than {_LONGEST_NUMBER} digits is not a text")
        return str(value)
    if isinstance(value, float):
        # A column of ids with an empty cell arrives from pandas as floats (1001.0).
        if value.is_integer():
            return _text(int(value))
        raise _CellError("expected text or a whole number, got a fraction")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _CellError(f"expected text or a whole number, got {value}")
        if value.adjusted() >= _LONGEST_NUMBER:
            raise _CellError(f"a number of more than {_LONGEST_NUMBER} digits is not a text")
        if value == value.to_integral_value():
            return str(int(value))
    raise _CellError(f"expected text, got {type(value).__name__}")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _CellError("expected a date, got a date and time")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _CellError("not an ISO date (YYYY-MM-DD)") from None
    raise _CellError(f"expected a date, got {type(value).__name__}")


def _datetime(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise _CellError("not an ISO datetime (2026-01-05T12:00:00+00:00)") from None
    if not isinstance(value, datetime):
        raise _CellError(f"expected a date and time, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise _CellError("a date and time needs its UTC offset (…+00:00 or …Z)")
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    raise _CellError("expected true or false (yes/no, 1/0)")


def exact_decimal(value: float) -> Decimal:
    """The decimal a float was written from, or :class:`~dunning.CurrencyError` when the float
    cannot say it exactly.

    A float read from ``890.5`` or ``45000`` gives that number back; a float beyond 15
    significant digits (``0.1 + 0.2``) or 2**53 may not be what was written, and is refused.

    >>> exact_decimal(890.5), exact_decimal(45000.0)
    (Decimal('890.5'), Decimal('45000.0'))
    >>> exact_decimal(0.1 + 0.2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dunning.CurrencyError: field 'amount': the float 0.30000000000000004 cannot be read as an ...
    """
    if not math.isfinite(value):
        raise CurrencyError(f"amount {value!r} is not finite", field="amount", value=value)
    text = repr(value)
    exact = Decimal(text)
    if abs(value) >= 2.0**53 or len(exact.as_tuple().digits) > _FLOAT_DIGITS:
        raise CurrencyError(
            f"the float {text} cannot be read as an exact amount (more than {_FLOAT_DIGITS} "
            "significant digits); read the column as text",
            field="amount",
            value=value,
        )
    return exact


def _money(value: Any, currency: str, locale: str | None) -> Money:
    if isinstance(value, bool):
        raise _CellError("expected an amount, got a boolean")
    if isinstance(value, float):
        return Money(exact_decimal(value), currency)
    if isinstance(value, (int, Decimal)):
        return Money(value, currency)
    if isinstance(value, str):
        try:
            return Money(value, currency)
        except CurrencyError as plain:
            if locale is None:
                raise
            try:
                return Money.parse(value, currency, locale=locale)
            except CurrencyError:
                if _PLAIN.fullmatch(value):
                    raise plain from None  # "1500.5" CLP: the decimals are the problem
                raise
    raise _CellError(f"expected an amount, got {type(value).__name__}")
