"""Read a portfolio from rows: CSV files, records, DataFrames, Parquet and Arrow tables.

Every row is read on its own. A good row gives a debtor (the first row of each debtor id) and a
debt; a bad row gives a :class:`RowError` per problem, with the row's line in the file, the
column as the file names it and the value found, and loads nothing. Nothing stops at the first
bad row: the caller gets every good row and every bad one, or (``strict=True``) an error listing
them all.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import phonenumbers

from .._core._errors import CurrencyError, DunningError, InputError, PortfolioLoadError
from .._core._models import Consent, Debt, Debtor
from .._core._models import _check_country as check_country
from .._core._models import _check_locale as check_locale
from .._core._money import Money
from ._schema import COLUMNS, Column

__all__ = [
    "Portfolio",
    "RowError",
    "exact_decimal",
    "read_arrow",
    "read_csv",
    "read_dataframe",
    "read_parquet",
    "read_portfolio",
    "read_records",
]

Progress = Callable[[int], None]
PathLike = str | os.PathLike[str]

_SCHEMA = {c.name: c for c in COLUMNS}
_DEBTOR = tuple(c for c in COLUMNS if c.entity == "debtor")
_DEBT = tuple(c for c in COLUMNS if c.entity == "debt")
_ATTRIBUTE = "attributes."
# The model field each column fills, where the names differ.
_FIELD_OF = {"debtor_id": "id", "debt_id": "id"}
_CONSENTS = {"consent_whatsapp": "whatsapp", "consent_sms": "sms", "consent_email": "email"}
_TRUE = frozenset({"true", "t", "yes", "y", "1", "si", "sí", "sim"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "não", "nao"})
# A float holds any decimal of up to 15 significant digits exactly enough to give it back.
_FLOAT_DIGITS = 15
# Digits with at most one point: what the plain reading of an amount accepts.
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: where it is (``line``, ``column``), what was there (``value``)
    and what is wrong with it (``message``).

    ``line`` is the row's first line in a CSV file (the header is line 1), the row number (from
    1) in records, Parquet and Arrow tables, and the line the row would have in a CSV written with
    a header for a DataFrame (``first_line=`` changes it). ``column`` is the column's name as the
    input names it, ``None`` for a problem of the whole row. ``source`` names the file.

    >>> str(RowError(7, "phone", "12345", "not a valid phone number", "debts.csv"))
    "debts.csv:7: column 'phone' ('12345'): not a valid phone number"
    """

    line: int
    column: str | None
    value: str | None
    message: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.source else f"line {self.line}"
        what = f"column {self.column!r} ({self.value!r})" if self.column else "row"
        return f"{where}: {what}: {self.message}"

    def to_record(self) -> dict[str, Any]:
        """The error as a flat record (the columns of an errors CSV)."""
        return {
            "source": self.source or "",
            "line": self.line,
            "column": self.column or "",
            "value": "" if self.value is None else self.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Portfolio:
    """What a loader read: the good ``debtors`` and ``debts``, and every bad row's ``errors``.

    ``rows`` counts the rows read (debts rows, plus the debtors file's rows when there is one);
    ``lines`` maps each loaded debt id to its line; ``ignored_columns`` lists the columns that
    are not in the schema (nothing is dropped without saying so).
    """

    debtors: tuple[Debtor, ...]
    debts: tuple[Debt, ...]
    errors: tuple[RowError, ...]
    rows: int
    ignored_columns: tuple[str, ...] = ()
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no row had a problem."""
        return not self.errors

    def raise_for_errors(self) -> Portfolio:
        """``self`` when there is no error, else :class:`~dunning.PortfolioLoadError`."""
        if self.errors:
            raise PortfolioLoadError(self.errors)
        return self

    def write_errors(self, path: PathLike | IO[str]) -> None:
        """Write the errors as CSV: ``source, line, column, value, message``."""
        fields = ["source", "line", "column", "value", "message"]
        with _open_text(path, "w") as out:
            writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(e.to_record() for e in self.errors)

    def __repr__(self) -> str:
        return (
            f"Portfolio(debtors={len(self.debtors)}, debts={len(self.debts)}, "
            f"errors={len(self.errors)}, rows={self.rows})"
        )


# ---------------------------------------------------------------------------------- cells


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _clean(value: Any) -> Any:
    """Empty cells (``""``, NaN, ``None``, pandas' NA and NaT) as ``None``; numpy scalars as
    Python values; text stripped."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    kind = type(value)
    if kind.__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # numpy.int64 -> int, numpy.float64 -> float, numpy.str_ -> str
        return _clean(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    return value


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    return str(value)[:200]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise _CellError("expected text, got a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A column of ids with an empty cell arrives from pandas as floats (1001.0).
        if value.is_integer():
            return str(int(value))
        raise _CellError("expected text or a whole number, got a fraction")
    if isinstance(value, Decimal) and value == value.to_integral_value():
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


# ---------------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Known:
    debtor: Debtor | None
    key: tuple[Any, ...]
    line: int
    source: str | None


class _Reader:
    """Turns rows (schema name -> cell) into debtors, debts and errors."""

    def __init__(self, *, locale: str | None, foreign_phones: bool) -> None:
        self.locale = locale
        self.foreign_phones = foreign_phones
        self.errors: list[RowError] = []
        self.debtors: dict[str, _Known] = {}
        self.debts: dict[str, Debt] = {}
        self.debt_lines: dict[str, int] = {}
        self.used: set[str] = set()
        self.rows = 0
        self.ignored: dict[str, None] = {}

    # -- one row ---------------------------------------------------------------------------

    def debtor_row(
        self,
        line: int,
        cells: Mapping[str, Any],
        names: Mapping[str, str],
        source: str | None,
        *,
        separate: bool,
    ) -> tuple[Debtor | None, list[RowError]]:
        """The row's debtor (a known one when the id was seen), with the row's problems."""
        errors: list[RowError] = []

        def fail(column: str | None, message: str) -> None:
            shown = _shown(cells.get(column)) if column else None
            errors.append(RowError(line, names.get(column or "", column), shown, message, source))

        key = tuple(cells.get(c.name) for c in _DEBTOR) + tuple(
            sorted((k, repr(v)) for k, v in cells.items() if k.startswith(_ATTRIBUTE))
        )
        raw_id = cells.get("debtor_id")
        if raw_id is None:
            fail("debtor_id", "debtor_id is empty")
            return None, errors
        try:
            debtor_id = _text(raw_id)
        except _CellError as exc:
            fail("debtor_id", exc.message)
            return None, errors
        known = self.debtors.get(debtor_id)
        if known is not None:
            if separate:
                where = f"{known.source}:{known.line}" if known.source else f"line {known.line}"
                fail("debtor_id", f"duplicate debtor id {debtor_id!r} (first on {where})")
                return None, errors
            if known.key == key:
                return known.debtor, errors
            if known.debtor is not None:
                for column, mine, theirs in zip(_DEBTOR, key, known.key, strict=False):
                    if mine != theirs:
                        fail(
                            column.name,
                            f"debtor {debtor_id!r} is described differently on line {known.line} "
                            f"({_shown(theirs)!r})",
                        )
                        break
                else:
                    fail(None, f"debtor {debtor_id!r}'s attributes differ from line {known.line}")
                return None, errors
        data: dict[str, Any] = {"id": debtor_id}
        consents: list[Consent] = []
        for column in _DEBTOR:
            value = cells.get(column.name)
            if column.name == "debtor_id":
                continue
            if value is None:
                if column.required:
                    fail(column.name, f"{column.name} is empty")
                continue
            try:
                if column.name in _CONSENTS:
                    source_text = cells.get("consent_source")
                    consents.append(
                        Consent(
                            channel=_CONSENTS[column.name],
                            granted_at=_datetime(value),
                            source=_text(source_text)
                            if source_text is not None
                            else f"{source or 'portfolio'} line {line}",
                        )
                    )
                elif column.name == "consent_source":
                    continue
                elif column.kind == "bool":
                    data[column.name] = _bool(value)
                else:
                    data[column.name] = _text(value)
            except _CellError as exc:
                fail(column.name, exc.message)
            except DunningError as exc:
                fail(column.name, _detail(exc))
        attributes = {
            k[len(_ATTRIBUTE) :]: v
            for k, v in cells.items()
            if k.startswith(_ATTRIBUTE) and v is not None
        }
        if attributes:
            data["attributes"] = attributes
        if consents:
            data["consents"] = tuple(consents)
        debtor: Debtor | None = None
        if not errors:
            try:
                debtor = Debtor(**data)
            except DunningError as exc:
                fail(_column_of(exc, "debtor"), _detail(exc))
        if (
            debtor is not None
            and debtor.phone
            and not self.foreign_phones
            # E.164 calling codes are prefix-free: the stored number starts with the code of
            # the debtor's country exactly when it is a number of that country's plan.
            and not debtor.phone.startswith(_calling_prefix(debtor.country))
        ):
            number = phonenumbers.parse(debtor.phone)
            regions = phonenumbers.region_codes_for_country_code(number.country_code or 0)
            region = phonenumbers.region_code_for_number(number) or "/".join(regions)
            fail(
                "phone",
                f"a number of {region}, but the debtor's country is {debtor.country} "
                "(pass foreign_phones=True to accept it)",
            )
            debtor = None
        if debtor is not None:
            self.debtors[debtor_id] = _Known(debtor, key, line, source)
        return debtor, errors

    def debt_row(
        self,
        line: int,
        cells: Mapping[str, Any],
        names: Mapping[str, str],
        source: str | None,
        debtor_locale: str | None,
    ) -> tuple[Debt | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(column: str | None, message: str) -> None:
            shown = _shown(cells.get(column)) if column else None
            errors.append(RowError(line, names.get(column or "", column), shown, message, source))

        data: dict[str, Any] = {}
        currency: str | None = None
        raw_currency = cells.get("currency")
        if raw_currency is None:
            fail("currency", "currency is empty")
        else:
            try:
                currency = _currency(_text(raw_currency))
            except _CellError as exc:
                fail("currency", exc.message)
            except DunningError as exc:
                fail("currency", _detail(exc))
        locale = self.locale or debtor_locale
        for column in _DEBT:
            value = cells.get(column.name)
            if column.name == "currency":
                continue
            if value is None:
                if column.required:
                    fail(column.name, f"{column.name} is empty")
                continue
            name = _FIELD_OF.get(column.name, column.name)
            try:
                if column.kind == "money":
                    if currency is not None:
                        data[name] = _money(value, currency, locale)
                elif column.kind == "date":
                    data[name] = _date(value)
                else:
                    data[name] = _text(value)
            except _CellError as exc:
                fail(column.name, exc.message)
            except DunningError as exc:
                fail(column.name, _detail(exc))
        raw_id = cells.get("debtor_id")
        if raw_id is None:
            fail("debtor_id", "debtor_id is empty")
        else:
            try:
                data["debtor_id"] = _text(raw_id)
            except _CellError as exc:
                fail("debtor_id", exc.message)
        if errors:
            return None, errors
        try:
            debt = Debt(**data)
        except DunningError as exc:
            fail(_column_of(exc, "debt"), _detail(exc))
            return None, errors
        first = self.debt_lines.get(debt.id)
        if first is not None:
            fail("debt_id", f"duplicate debt id {debt.id!r} (first on line {first})")
            return None, errors
        return debt, errors

    # -- whole inputs ----------------------------------------------------------------------

    def read(
        self,
        rows: Iterable[tuple[int, Mapping[str, Any]]],
        names: _Names,
        source: str | None,
        *,
        debts: bool,
        debtors: bool,
        progress: Progress | None,
    ) -> None:
        for line, raw in rows:
            self.rows += 1
            if progress is not None and self.rows % _PROGRESS_EVERY == 0:
                progress(self.rows)
            cells = names.cells(raw)
            errors: list[RowError] = []
            debtor: Debtor | None = None
            if debtors:
                debtor, errors = self.debtor_row(
                    line, cells, names.original, source, separate=not debts
                )
            if not debts:
                self.errors.extend(errors)
                continue
            locale = debtor.locale if debtor is not None else _row_locale(cells)
            debt, debt_errors = self.debt_row(line, cells, names.original, source, locale)
            errors += debt_errors
            if debt is not None and not debtors:
                errors += self._owner(line, debt, names.original, source)
            if errors or debt is None:
                self.errors.extend(errors)
                continue
            self.debts[debt.id] = debt
            self.debt_lines[debt.id] = line
            self.used.add(debt.debtor_id)
        self.ignored.update(dict.fromkeys(names.ignored))

    def _owner(
        self, line: int, debt: Debt, names: Mapping[str, str], source: str | None
    ) -> list[RowError]:
        if debt.debtor_id in self.debtors:
            return []
        return [
            RowError(
                line,
                names.get("debtor_id", "debtor_id"),
                debt.debtor_id,
                f"no debtor {debt.debtor_id!r} was loaded from the debtors input (missing, or "
                "its row has errors)",
                source,
            )
        ]

    def portfolio(self, *, strict: bool, keep_all_debtors: bool) -> Portfolio:
        debtors = tuple(
            k.debtor
            for i, k in self.debtors.items()
            if k.debtor is not None and (keep_all_debtors or i in self.used)
        )
        errors = tuple(sorted(self.errors, key=lambda e: (e.source or "", e.line)))
        result = Portfolio(
            debtors=debtors,
            debts=tuple(self.debts.values()),
            errors=errors,
            rows=self.rows,
            ignored_columns=tuple(self.ignored),
            lines=dict(self.debt_lines),
        )
        return result.raise_for_errors() if strict else result


@lru_cache(maxsize=512)
def _calling_prefix(country: str) -> str:
    return f"+{phonenumbers.country_code_for_region(country)}"


@lru_cache(maxsize=512)
def _currency(text: str) -> str:
    """The ISO 4217 code ``text`` names (any case), or :class:`~dunning.CurrencyError`."""
    return Money.zero(text).currency


def _row_locale(cells: Mapping[str, Any]) -> str | None:
    """The locale of a row whose debtor is bad (its amounts are still read, and reported, as
    its country writes them), or ``None``."""
    country, locale = cells.get("country"), cells.get("locale")
    if not isinstance(country, str) or (locale is not None and not isinstance(locale, str)):
        return None
    try:
        return check_locale(locale, check_country(country))
    except DunningError:
        return None


def _detail(exc: DunningError) -> str:
    return exc.detail if isinstance(exc, InputError) else str(exc)


def _column_of(exc: DunningError, entity: str) -> str | None:
    name = getattr(exc, "field", None)
    if not isinstance(name, str):
        return None
    name = name.split(".")[0]
    if name == "id":
        return f"{entity}_id"
    if name == "consents":
        return None
    return name if name in _SCHEMA else None


class _Names:
    """The input's column names, matched to the schema through the user's mapping."""

    def __init__(
        self,
        columns: Mapping[str, str] | None,
        *,
        required: Sequence[Column],
        header: Sequence[Any] | None,
        source: str | None,
    ) -> None:
        self.mapping = {str(k): v for k, v in (columns or {}).items()}
        unknown = sorted(
            v for v in self.mapping.values() if v not in _SCHEMA and not v.startswith(_ATTRIBUTE)
        )
        if unknown:
            raise InputError(
                f"columns= maps to {unknown}, which are not schema columns "
                f"(see dunning.io.COLUMNS)",
                field="columns",
                value=unknown,
            )
        self.original: dict[str, str] = {}
        self.ignored: list[str] = []
        self.memo: dict[Any, str | None] = {}
        self.required = required
        if header is not None:
            seen: dict[str, str] = {}
            for raw in header:
                target = self.target(raw)
                if target is None:
                    continue
                if target in seen:
                    raise InputError(
                        f"columns {seen[target]!r} and {raw!r} both read as {target!r}",
                        field="columns",
                        value=str(raw),
                    )
                seen[target] = str(raw)
            missing = [c.name for c in required if c.name not in seen]
            if missing:
                where = f" in {source}" if source else ""
                raise InputError(
                    f"required column(s) {', '.join(missing)} missing{where} (found: "
                    f"{', '.join(str(h) for h in header)}); map your names with columns=",
                    field="columns",
                    value=missing,
                )

    def target(self, raw: Any) -> str | None:
        if raw in self.memo:
            return self.memo[raw]
        text = str(raw).strip()
        mapped = self.mapping.get(text, text)
        if mapped not in _SCHEMA and not mapped.startswith(_ATTRIBUTE):
            low = mapped.lower().replace(" ", "_")
            mapped = low if low in _SCHEMA else mapped
        result: str | None = mapped
        if mapped not in _SCHEMA and not mapped.startswith(_ATTRIBUTE):
            result = None
            self.ignored.append(text)
        else:
            self.original[mapped] = text
        self.memo[raw] = result
        return result

    def cells(self, raw: Mapping[Any, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in raw.items():
            target = self.target(key)
            if target is not None:
                out[target] = _clean(value)
        return out


# ---------------------------------------------------------------------------------- inputs


def _open_text(path: PathLike | IO[str], mode: str) -> AbstractContextManager[IO[str]]:
    """A path opened (and closed after the ``with``), or a caller's open file left open."""
    if isinstance(path, (str, os.PathLike)):
        encoding = "utf-8-sig" if mode == "r" else "utf-8"
        return open(path, mode, encoding=encoding, newline="")
    return nullcontext(path)


def _source_name(path: Any) -> str | None:
    if isinstance(path, (str, os.PathLike)):
        return Path(path).name
    name = getattr(path, "name", None)
    return Path(name).name if isinstance(name, str) else None


def _csv_rows(
    handle: IO[str], delimiter: str
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty (no header line)", field="columns") from None

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        previous = reader.line_num
        for values in reader:
            line, previous = previous + 1, reader.line_num
            if not values:
                continue  # a blank line is not a row
            if len(values) != len(header):
                # Report the row and keep going: the cells cannot be trusted to their columns.
                yield line, {_SHAPE: (len(values), len(header))}
                continue
            yield line, dict(zip(header, values, strict=True))

    return header, rows()


_SHAPE = "\x00shape"


def read_csv(
    path: PathLike | IO[str],
    *,
    debtors: PathLike | IO[str] | None = None,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    delimiter: str = ",",
    foreign_phones: bool = False,
    progress: Progress | None = None,
) -> Portfolio:
    """Read a portfolio from a CSV file: one row per debt with the debtor's columns repeated, or
    (``debtors=``) a debts file and a debtors file joined on ``debtor_id``.

    * ``columns`` maps your column names to the schema's (``{"cliente": "debtor_id"}``);
      :data:`~dunning.io.COLUMNS` lists them. Names are also matched without regard to case.
    * ``locale`` says how amounts that are not plain digits are written (``"es_CL"``:
      ``45.000``); by default each row's amounts are read in its debtor's locale.
    * Bad rows do not stop the load: they come back in :attr:`Portfolio.errors` with their line
      in the file; ``strict=True`` raises :class:`~dunning.PortfolioLoadError` instead.
    * A phone number of another country than the debtor's is an error (its time zone would be
      guessed wrong) unless ``foreign_phones=True``.
    * ``progress`` is called with the number of rows read, every 1,000 rows.

    >>> import io
    >>> text = '''debtor_id,name,country,phone,debt_id,amount,currency,due_date
    ... c-1,Ana Pérez,cl,+56 9 6123 4567,F-1,45.000,CLP,2026-11-23
    ... c-2,Bad Phone,CL,12345,F-2,1000,CLP,2026-11-23
    ... '''
    >>> portfolio = read_csv(io.StringIO(text))
    >>> portfolio.debts[0].amount, portfolio.debtors[0].country
    (Money('45000', 'CLP'), 'CL')
    >>> print(portfolio.errors[0])
    line 3: column 'phone' ('12345'): '12345' is not a valid phone number (default region CL)
    """
    reader = _Reader(locale=locale, foreign_phones=foreign_phones)
    if debtors is not None:
        with _open_text(debtors, "r") as handle:
            header, rows = _csv_rows(handle, delimiter)
            names = _Names(
                columns,
                required=[c for c in _DEBTOR if c.required],
                header=header,
                source=_source_name(debtors),
            )
            reader.read(
                _shape_checked(rows, reader, names, _source_name(debtors)),
                names,
                _source_name(debtors),
                debts=False,
                debtors=True,
                progress=progress,
            )
    with _open_text(path, "r") as handle:
        header, rows = _csv_rows(handle, delimiter)
        required = [c for c in COLUMNS if c.required and (debtors is None or c.entity == "debt")]
        if debtors is not None:
            required.append(_SCHEMA["debtor_id"])
        source = _source_name(path) if debtors is not None else None
        names = _Names(columns, required=required, header=header, source=source)
        reader.read(
            _shape_checked(rows, reader, names, source),
            names,
            source,
            debts=True,
            debtors=debtors is None,
            progress=progress,
        )
    return reader.portfolio(strict=strict, keep_all_debtors=False)


def _shape_checked(
    rows: Iterator[tuple[int, dict[str, Any]]], reader: _Reader, names: _Names, source: str | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, row in rows:
        if _SHAPE in row:
            found, expected = row[_SHAPE]
            reader.rows += 1
            reader.errors.append(
                RowError(
                    line,
                    None,
                    None,
                    f"{found} cells where the header has {expected} (a stray delimiter or quote?)",
                    source,
                )
            )
            continue
        yield line, row


def read_records(
    records: Iterable[Mapping[Any, Any]],
    *,
    debtors: Iterable[Mapping[Any, Any]] | None = None,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    first_line: int = 1,
    foreign_phones: bool = False,
    progress: Progress | None = None,
) -> Portfolio:
    """Read a portfolio from records (dicts: rows from SQL, JSON, an API), with the same schema,
    mapping and error reporting as :func:`read_csv`. ``line`` in errors is the record's position
    counted from ``first_line``.

    Cells may be Python or numpy values: ``None`` and NaN are empty, ``numpy.int64`` is an int,
    a float amount is read as the decimal it was written from (and refused when a float cannot
    say that exactly).

    >>> portfolio = read_records([
    ...     {"debtor_id": 7, "name": "Ana", "country": "CL", "email": "ana@example.cl",
    ...      "debt_id": 1001, "amount": 45000.0, "currency": "CLP", "due_date": "2026-11-23"},
    ...     {"debtor_id": 8, "name": "Bo", "country": "CL", "email": float("nan"),
    ...      "debt_id": 1002, "amount": -5, "currency": "CLP", "due_date": "2026-11-23"},
    ... ])
    >>> portfolio.debts[0].id, portfolio.debts[0].amount
    ('1001', Money('45000', 'CLP'))
    >>> [(e.line, e.column) for e in portfolio.errors]
    [(2, 'amount')]
    """
    reader = _Reader(locale=locale, foreign_phones=foreign_phones)
    if debtors is not None:
        names = _Names(columns, required=(), header=None, source=None)
        reader.read(
            enumerate(debtors, start=first_line),
            names,
            "debtors",
            debts=False,
            debtors=True,
            progress=progress,
        )
    names = _Names(columns, required=(), header=None, source=None)
    reader.read(
        enumerate(records, start=first_line),
        names,
        "debts" if debtors is not None else None,
        debts=True,
        debtors=debtors is None,
        progress=progress,
    )
    return reader.portfolio(strict=strict, keep_all_debtors=False)


def read_dataframe(
    frame: Any,
    *,
    debtors: Any = None,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    first_line: int = 2,
    foreign_phones: bool = False,
    progress: Progress | None = None,
) -> Portfolio:
    """Read a portfolio from a pandas DataFrame as ``pandas.read_csv`` gives it by default:
    float amounts, NaN for empty cells, numpy integers for ids.

    ``line`` in errors is where the row sits in a CSV file written with a header (the first row
    on line 2), which is the file's own line when the frame was read from a CSV without blank
    lines; ``first_line`` changes the start. pandas itself is not imported by ``dunning``: any
    object with ``to_dict("records")`` works.
    """
    for frame_ in (frame, debtors):
        if frame_ is not None and not callable(getattr(frame_, "to_dict", None)):
            raise InputError(
                "expected a DataFrame (an object with to_dict('records'))",
                field="frame",
                value=type(frame_).__name__,
            )
    return read_records(
        frame.to_dict("records"),
        debtors=None if debtors is None else debtors.to_dict("records"),
        columns=columns,
        locale=locale,
        strict=strict,
        first_line=first_line,
        foreign_phones=foreign_phones,
        progress=progress,
    )


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("reading Parquet needs pyarrow: pip install 'dunning[parquet]'") from None
    return pyarrow


def read_arrow(
    table: Any,
    *,
    debtors: Any = None,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    foreign_phones: bool = False,
    progress: Progress | None = None,
) -> Portfolio:
    """Read a portfolio from a ``pyarrow.Table`` (or anything with ``to_pylist()``); ``line`` in
    errors is the row number from 1. Decimal columns stay exact."""
    return read_records(
        table.to_pylist(),
        debtors=None if debtors is None else debtors.to_pylist(),
        columns=columns,
        locale=locale,
        strict=strict,
        first_line=1,
        foreign_phones=foreign_phones,
        progress=progress,
    )


def read_parquet(
    path: PathLike,
    *,
    debtors: PathLike | None = None,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    strict: bool = False,
    foreign_phones: bool = False,
    progress: Progress | None = None,
) -> Portfolio:
    """Read a portfolio from a Parquet file (needs ``pip install 'dunning[parquet]'``); ``line``
    in errors is the row number from 1."""
    pq = _pyarrow().parquet
    return read_arrow(
        pq.read_table(path),
        debtors=None if debtors is None else pq.read_table(debtors),
        columns=columns,
        locale=locale,
        strict=strict,
        foreign_phones=foreign_phones,
        progress=progress,
    )


def read_portfolio(path: PathLike, **options: Any) -> Portfolio:
    """Read a portfolio file by its extension: ``.csv``/``.txt`` (``.tsv`` tab-separated) or
    ``.parquet``/``.pq``. ``options`` are those of :func:`read_csv` / :func:`read_parquet`."""
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return read_parquet(path, **options)
    if suffix == ".tsv":
        options.setdefault("delimiter", "\t")
    elif suffix not in (".csv", ".txt"):
        raise InputError(
            f"cannot tell the format of {Path(path).name!r}: use .csv, .tsv or .parquet",
            field="path",
            value=str(path),
        )
    return read_csv(path, **options)
