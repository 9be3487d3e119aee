"""Reading a portfolio file lazily: debtor groups a chunk at a time, in bounded memory."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .._core._errors import InputError
from .._planning._groups import DebtorGroup
from ._cells import _CellError, _clean, _text
from ._history import EVENTS_COLUMN
from ._load import _csv_rows, _pyarrow, parquet_errors
from ._rows import _Names, _Reader
from ._schema import COLUMNS
from ._values import (
    _PROGRESS_EVERY,
    PathLike,
    Progress,
    RowError,
    _open_text,
    checked_encoding,
    write_errors,
)

__all__ = ["GroupReader", "read_groups"]


class GroupReader(Iterator[DebtorGroup]):
    """The debtor groups of a portfolio file sorted by ``debtor_id``, read ``chunk_size`` debtors
    at a time (made by :func:`read_groups`; hand it to ``Planner.plan_stream``).

    Rows are read as :func:`~dunning.io.read_csv` reads them, the ``events`` column included; a
    bad row is not loaded and is added to :attr:`errors` (with its line, column and value) as it
    is met, so ``errors`` is complete once the reader is exhausted. The counts (:attr:`rows`,
    :attr:`debtors`, :attr:`debts`, :attr:`events`) grow as groups are read.
    """

    def __init__(
        self,
        path: PathLike | IO[str],
        *,
        chunk_size: int,
        columns: Mapping[str, str] | None,
        locale: str | None,
        foreign_phones: bool,
        delimiter: str,
        progress: Progress | None,
        encoding: str,
    ) -> None:
        if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
            raise InputError(
                "chunk_size must be a whole number of debtors, at least 1",
                field="chunk_size",
                value=chunk_size,
            )
        self.errors: list[RowError] = []
        """Every bad row met so far."""
        self.rows = self.debtors = self.debts = self.events = 0
        self._stack = ExitStack()
        try:
            header, rows = _open_rows(path, delimiter, checked_encoding(encoding), self._stack)
            required = [c for c in COLUMNS if c.required]
            self._names = _Names(columns, required=required, header=header, source=None)
        except BaseException:
            self._stack.close()
            raise
        self.ignored_columns: tuple[str, ...] = tuple(self._names.ignored)
        """The columns that are not read (not in the schema)."""
        self._locale = locale
        self._foreign_phones = foreign_phones
        self._progress = progress
        self._debt_lines: dict[str, int] = {}  # each debt id's line: ids are unique in a file
        # Debts that a history named before any row had them: debtor, line of the history.
        self._named: dict[str, tuple[str, int]] = {}
        self._events_column = self._names.original.get(EVENTS_COLUMN, EVENTS_COLUMN)
        self._groups = self._read(rows, chunk_size)

    # -- iteration ---------------------------------------------------------------------------

    def __iter__(self) -> GroupReader:
        return self

    def __next__(self) -> DebtorGroup:
        return next(self._groups)

    def close(self) -> None:
        """Close the file (done by itself once every group is read)."""
        self._groups.close()
        self._stack.close()

    def __enter__(self) -> GroupReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def ok(self) -> bool:
        """True when no bad row was met so far."""
        return not self.errors

    def write_errors(self, path: PathLike | IO[str]) -> None:
        """Write the errors met so far as CSV: ``source, line, column, value, message``."""
        write_errors(self.errors, path)

    def __repr__(self) -> str:
        return (
            f"GroupReader(rows={self.rows}, debtors={self.debtors}, debts={self.debts}, "
            f"events={self.events}, errors={len(self.errors)})"
        )

    # -- reading -----------------------------------------------------------------------------

    def _read(
        self, rows: Iterator[tuple[int, dict[str, Any]]], chunk_size: int
    ) -> Generator[DebtorGroup, None, None]:
        try:
            yield from self._chunks(rows, chunk_size)
        finally:
            self._stack.close()

    def _chunks(
        self, rows: Iterator[tuple[int, dict[str, Any]]], chunk_size: int
    ) -> Iterator[DebtorGroup]:
        id_column = self._names.original.get("debtor_id", "debtor_id")
        chunk: list[tuple[int, dict[str, Any]]] = []
        debtors = 0
        current: str | None = None
        current_line = 0
        progress = self._progress
        for read, (line, row) in enumerate(rows, start=1):
            if progress is not None and read % _PROGRESS_EVERY == 0:
                progress(read)
            try:
                key: str | None = _text(_clean(row.get(id_column)))
            except _CellError:
                key = None  # the chunk's reader reports the bad id (or the row's shape)
            if key is not None and key != current:
                if current is not None and key < current:
                    self._fail(
                        line,
                        id_column,
                        key,
                        f"rows must be sorted by {id_column} (each debtor's rows together): "
                        f"{key!r} comes after {current!r} (line {current_line}); not loaded"
                        + (
                            " (ids are ordered as text: '10' before '9')"
                            if key.isdigit() and current.isdigit()
                            else ""
                        ),
                    )
                    continue
                if debtors == chunk_size:
                    yield from self._groups_of(chunk)
                    chunk, debtors = [], 0
                current, current_line = key, line
                debtors += 1
            chunk.append((line, row))
        if chunk:
            yield from self._groups_of(chunk)

    def _named_earlier(self, reader: _Reader) -> None:
        """Report each debt of this chunk that an earlier chunk's debtor named in their
        history: read whole, the file would leave that debtor out (whose debt the event is
        about is unclear); streamed, they were planned already, without the event."""
        named = self._named
        for debt_id, debt in reader.debts.items():
            found = named.pop(debt_id, None)
            if found is None:
                continue  # (a debtor's own debts are in their chunk: never named before)
            debtor_id, line = found
            self.errors.append(
                RowError(
                    line,
                    self._events_column,
                    None,
                    f"an event about debt {debt_id!r} of debtor {debt.debtor_id!r} (line "
                    f"{reader.debt_lines[debt_id]}) in the history of {debtor_id!r}, found when "
                    f"that debt's row was read: {debtor_id!r} was planned without the event",
                )
            )

    def _fail(self, line: int, column: str | None, value: str | None, message: str) -> None:
        self.rows += 1
        self.errors.append(RowError(line, column, value, message))

    def _groups_of(self, chunk: list[tuple[int, dict[str, Any]]]) -> Iterator[DebtorGroup]:
        """The groups of whole debtors' rows, read as :func:`~dunning.io.read_csv` reads a
        file (the chunk's errors added to :attr:`errors`)."""
        # Debt ids are unique in the file: the reader checks the chunk's against the earlier
        # chunks', as one read of the file checks a row against the rows before it.
        reader = _Reader(
            locale=self._locale,
            foreign_phones=self._foreign_phones,
            earlier_debts=self._debt_lines,
            unknown_debts=self._named,
        )
        reader.read(chunk, self._names, None, debts=True, debtors=True, progress=None)
        if self._named:
            self._named_earlier(reader)
        self._debt_lines.update(reader.debt_lines)  # before the portfolio unloads any
        portfolio = reader.portfolio(strict=False, keep_all_debtors=False)
        self.rows += portfolio.rows
        self.errors.extend(portfolio.errors)
        groups = list(portfolio.groups())
        self.debtors += len(groups)
        self.debts += len(portfolio.debts)
        self.events += len(portfolio.history)
        del portfolio, reader
        groups.reverse()
        while groups:  # hands each group over without keeping it: a planned chunk is freed
            yield groups.pop()


def _delimiter(path: PathLike | IO[str]) -> str:
    """A file's separator by its extension (tab for ``.tsv``), as ``read_portfolio`` reads it."""
    if isinstance(path, (str, os.PathLike)) and Path(path).suffix.lower() == ".tsv":
        return "\t"
    return ","


_BATCH_ROWS = 4096  # rows of a Parquet file read at a time


def _open_rows(
    path: PathLike | IO[str], delimiter: str, encoding: str, stack: ExitStack
) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """The header and the (line, row) pairs of a CSV, or of a Parquet file (``.parquet``,
    ``.pq``: lines are row numbers from 1), opened on ``stack``."""
    if isinstance(path, (str, os.PathLike)) and Path(path).suffix.lower() in (".parquet", ".pq"):
        with parquet_errors(path):
            parquet = _pyarrow().parquet.ParquetFile(path)
        stack.callback(parquet.close)
        names = list(parquet.schema_arrow.names)

        def rows() -> Iterator[tuple[int, dict[str, Any]]]:
            line = 0
            with parquet_errors(path):
                for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
                    for row in batch.to_pylist():
                        line += 1
                        yield line, row

        return names, rows()
    handle = stack.enter_context(_open_text(path, "r", encoding))
    return _csv_rows(handle, delimiter, path)


def read_groups(
    path: PathLike | IO[str],
    *,
    chunk_size: int = 1000,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    foreign_phones: bool = False,
    delimiter: str | None = None,
    progress: Progress | None = None,
    encoding: str = "utf-8",
) -> GroupReader:
    """Read a portfolio file **sorted by** ``debtor_id`` as debtor groups, ``chunk_size``
    debtors at a time: memory holds one chunk, not the file. For ``Planner.plan_stream``.

    A CSV (comma-separated, tab-separated when the path ends in ``.tsv`` as for
    :func:`~dunning.io.read_portfolio`, or ``delimiter=``; ``encoding=`` as
    :func:`~dunning.io.read_csv` reads it), or a Parquet file by its extension
    (``.parquet``, ``.pq``; needs ``pip install 'dunning[parquet]'``; read a few thousand rows
    at a time, errors give row numbers from 1).

    Same columns, mapping and checks as :func:`~dunning.io.read_csv` (one row per debt, the
    ``events`` column read as each debtor's history). Bad rows are not loaded and go to the
    reader's ``errors`` as they are met; a row whose debtor id comes before the previous row's
    (the file is not sorted) is one of them. A history naming a debt of another debtor is an
    error as in ``read_csv`` (that debtor not loaded) when the debt's row came before; when it
    comes later, the debtor was handed over already, and the error (on the history's line) is
    added when the debt's row is read. The header is checked at once (a required column
    missing raises :class:`~dunning.InputError` here).

    >>> import io
    >>> from datetime import datetime, timezone
    >>> from dunning import Creditor, Planner, default_strategy
    >>> text = '''debtor_id,name,country,email,debt_id,amount,currency,due_date
    ... c-1,Ana,CL,ana@example.cl,F-1,45000,CLP,2026-11-20
    ... c-2,Luis,CL,luis@example.cl,F-2,30000,CLP,2026-11-20
    ... c-2,Luis,CL,luis@example.cl,F-3,-5,CLP,2026-11-21
    ... '''
    >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    >>> groups = read_groups(io.StringIO(text), chunk_size=1)
    >>> as_of = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    >>> plans = planner.plan_stream(groups, as_of=as_of, chunk_size=1)
    >>> [[m.debtor_id for m in plan.messages] for plan in plans]
    [['c-1'], ['c-2']]
    >>> groups
    GroupReader(rows=3, debtors=2, debts=2, events=0, errors=1)
    >>> print(groups.errors[0])
    line 4: column 'amount' ('-5'): a debt's amount must be positive, got -5 CLP
    """
    return GroupReader(
        path,
        chunk_size=chunk_size,
        columns=columns,
        locale=locale,
        foreign_phones=foreign_phones,
        delimiter=_delimiter(path) if delimiter is None else delimiter,
        progress=progress,
        encoding=encoding,
    )
