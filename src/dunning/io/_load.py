"""Read a portfolio from rows: CSV files, records, DataFrames, Parquet and Arrow tables.

Every row is read on its own. A good row gives a debtor (the first row of each debtor id) and a
debt; a bad row gives a :class:`RowError` per problem, with the row's line in the file, the
column as the file names it and the value found, and loads nothing. Nothing stops at the first
bad row: the caller gets every good row and every bad one, or (``strict=True``) an error listing
them all.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .._core._errors import InputError
from ._cells import exact_decimal
from ._rows import SHAPE, _Names, _Reader
from ._schema import COLUMNS
from ._values import (
    _DEBTOR,
    _SCHEMA,
    PathLike,
    Portfolio,
    Progress,
    RowError,
    _open_text,
    checked_encoding,
)

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


# ---------------------------------------------------------------------------------- inputs


def _source_name(path: Any) -> str | None:
    if isinstance(path, (str, os.PathLike)):
        return Path(path).name
    name = getattr(path, "name", None)
    return Path(name).name if isinstance(name, str) else None


#: The longest CSV cell read, in characters. A cell may hold a debtor's whole history (the
#: ``events`` column: a year of daily contacts is a few hundred KiB), past the ``csv`` module's
#: default of 128 KiB; a longer one is an error (an unterminated quote would read the rest of the
#: file into one cell). ``csv.field_size_limit`` is process-wide: it is raised to this when lower,
#: never lowered.
CELL_LIMIT = 64 * 2**20


def _unreadable(line: int, exc: csv.Error) -> InputError:
    """The error for a CSV the ``csv`` module cannot read from ``line`` on."""
    if "field larger than field limit" in str(exc):
        what = (
            f"a cell longer than {CELL_LIMIT // 2**20} MiB (a quote that is never closed reads "
            "the rest of the file into one cell)"
        )
    else:
        what = f"not CSV ({exc})"
    return InputError(f"line {line}: {what}; nothing after it was read", field="file", value=line)


def _undecodable(near: int, exc: UnicodeDecodeError, path: object) -> InputError:
    """The error for a file that is not text in the encoding it is read with: text is decoded
    ahead of the rows read, so the line is found again in the file (``near`` it for a caller's
    open file)."""
    where = f"near line {near}"
    if isinstance(path, (str, os.PathLike)):
        decoder = codecs.getincrementaldecoder(exc.encoding)()
        with open(path, "rb") as raw:
            for number, data in enumerate(raw, start=1):
                try:
                    decoder.decode(data)
                except UnicodeDecodeError:
                    where = f"line {number}"
                    break
    byte = exc.object[exc.start : exc.start + 1].hex().upper()
    return InputError(
        f"{where}: not {exc.encoding} text (byte 0x{byte}); nothing after it was read. "
        "Save the file as UTF-8, or read it with its encoding (encoding='cp1252' for a "
        "spreadsheet saved on Windows in Spanish or Portuguese)",
        field="encoding",
        value=exc.encoding,
    )


def _csv_rows(
    handle: IO[str], delimiter: str, path: object = None
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header and the (line, row) pairs of a CSV (``path``: where ``handle`` was opened,
    for the line of a byte that is not text)."""
    if csv.field_size_limit() < CELL_LIMIT:
        csv.field_size_limit(CELL_LIMIT)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty (no header line)", field="columns") from None
    except csv.Error as exc:
        raise _unreadable(1, exc) from None
    except UnicodeDecodeError as exc:
        raise _undecodable(1, exc, path) from None

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        previous = reader.line_num
        try:
            for values in reader:
                line, previous = previous + 1, reader.line_num
                if not values:
                    continue  # a blank line is not a row
                if len(values) != len(header):
                    # Report the row and keep going: the cells cannot be trusted to their columns.
                    yield line, {SHAPE: (len(values), len(header), previous)}
                    continue
                yield line, dict(zip(header, values, strict=True))
        except csv.Error as exc:
            raise _unreadable(previous + 1, exc) from None
        except UnicodeDecodeError as exc:
            raise _undecodable(previous + 1, exc, path) from None

    return header, rows()


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
    encoding: str = "utf-8",
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
    * ``encoding``: the files' text encoding (UTF-8, with or without a byte order mark, by
      default; ``"cp1252"`` for a spreadsheet saved on Windows in Spanish or Portuguese). A
      byte that is not text in it is an :class:`~dunning.InputError` near its line.

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
    encoding = checked_encoding(encoding)
    reader = _Reader(locale=locale, foreign_phones=foreign_phones)
    if debtors is not None:
        with _open_text(debtors, "r", encoding) as handle:
            header, rows = _csv_rows(handle, delimiter, debtors)
            names = _Names(
                columns,
                required=[c for c in _DEBTOR if c.required],
                header=header,
                source=_source_name(debtors),
            )
            reader.read(
                rows,
                names,
                _source_name(debtors),
                debts=False,
                debtors=True,
                progress=progress,
            )
    with _open_text(path, "r", encoding) as handle:
        header, rows = _csv_rows(handle, delimiter, path)
        required = [c for c in COLUMNS if c.required and (debtors is None or c.entity == "debt")]
        if debtors is not None:
            required.append(_SCHEMA["debtor_id"])
        source = _source_name(path) if debtors is not None else None
        names = _Names(columns, required=required, header=header, source=source)
        reader.read(
            rows,
            names,
            source,
            debts=True,
            debtors=debtors is None,
            progress=progress,
        )
    return reader.portfolio(strict=strict, keep_all_debtors=False)


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


@contextmanager
def parquet_errors(path: object) -> Iterator[None]:
    """pyarrow's errors reading ``path`` (not Parquet, damaged) as an
    :class:`~dunning.InputError` naming the file."""
    pa = _pyarrow()
    try:
        yield
    except pa.ArrowException as exc:
        name = Path(path).name if isinstance(path, (str, os.PathLike)) else "the Parquet input"
        raise InputError(
            f"{name} cannot be read as Parquet: {exc}", field="file", value=str(path)
        ) from None


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
    with parquet_errors(path):
        table = pq.read_table(path)
    with parquet_errors(debtors):
        debtors_table = None if debtors is None else pq.read_table(debtors)
    return read_arrow(
        table,
        debtors=debtors_table,
        columns=columns,
        locale=locale,
        strict=strict,
        foreign_phones=foreign_phones,
        progress=progress,
    )


def _delimiter(path: PathLike | IO[str]) -> str:
    """A file's separator by its extension: tab for ``.tsv``, else a comma."""
    if isinstance(path, (str, os.PathLike)) and Path(path).suffix.lower() == ".tsv":
        return "\t"
    return ","


def read_portfolio(path: PathLike, **options: Any) -> Portfolio:
    """Read a portfolio file by its extension: ``.csv``/``.txt`` (``.tsv`` tab-separated) or
    ``.parquet``/``.pq``. ``options`` are those of :func:`read_csv` / :func:`read_parquet`."""
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return read_parquet(path, **options)
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InputError(
            f"cannot tell the format of {Path(path).name!r}: use .csv, .tsv or .parquet",
            field="path",
            value=str(path),
        )
    options.setdefault("delimiter", _delimiter(path))
    return read_csv(path, **options)
