"""Reading a portfolio file lazily: debtor groups a chunk at a time, in bounded memory."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .._core import _collector as collector
from .._core._errors import InputError
from .._planning._groups import DebtorGroup
from ._cells import _CellError, _clean, _text
from ._history import EVENTS_COLUMN
from ._load import _csv_rows, _delimiter, _pyarrow, parquet_errors
from ._rows import _Names, _Reader
from ._schema import COLUMNS
from ._values import (
    _PROGRESS_EVERY,
    PathLike,
    Progress,
    Reported,
    RowError,
    _open_text,
    checked_encoding,
)

__all__ = ["ChunkRead", "GroupReader", "RowChunk", "read_chunk", "read_groups"]


class GroupReader(Reported, Iterator[DebtorGroup]):
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
        self._rows, self._chunk_size = _paused(rows), chunk_size
        self._groups = self._read()

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

    def __repr__(self) -> str:
        return (
            f"GroupReader(rows={self.rows}, debtors={self.debtors}, debts={self.debts}, "
            f"events={self.events}, errors={len(self.errors)})"
        )

    # -- reading -----------------------------------------------------------------------------

    def _read(self) -> Generator[DebtorGroup, None, None]:
        for chunk in self._row_chunks():
            read = self._take(chunk)
            groups = read.groups
            read.groups = []
            del read
            groups.reverse()
            while groups:  # hands each group over without keeping it: a planned chunk is freed
                yield groups.pop()

    def _take(self, chunk: RowChunk) -> ChunkRead:
        """``chunk`` read after the earlier chunks (their debt ids known) and taken in."""
        read = read_chunk(
            chunk.rows, self._names, self._locale, self._foreign_phones, self._debt_lines
        )
        self._accept(chunk, read)
        return read

    def _row_chunks(self) -> Generator[RowChunk, None, None]:
        """The file's chunks of rows, for a caller that reads them itself (:meth:`_take`, or
        :func:`read_chunk` then :meth:`_accept` in file order); instead of iterating the reader,
        never both."""
        try:
            yield from self._chunks()
        finally:
            self._stack.close()

    def _chunks(self) -> Iterator[RowChunk]:
        """The rows of ``chunk_size`` whole debtors at a time, each chunk with the rows out of
        order met while it was read (reported, not in the chunk)."""
        rows, chunk_size = self._rows, self._chunk_size
        id_column = self._names.original.get("debtor_id", "debtor_id")
        chunk = RowChunk([], [])
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
                    chunk.out_of_order.append(
                        RowError(
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
                    )
                    continue
                if debtors == chunk_size:
                    yield chunk
                    chunk, debtors = RowChunk([], []), 0
                current, current_line = key, line
                debtors += 1
            chunk.rows.append((line, row))
        if chunk.rows or chunk.out_of_order:
            yield chunk

    def _accept(self, chunk: RowChunk, read: ChunkRead) -> None:
        """Take ``read`` (of ``chunk``) into the file's bookkeeping, as reading the chunk
        after the earlier ones: its errors, counts, debt ids and the debts its histories name."""
        self.rows += len(chunk.out_of_order) + read.rows
        self.errors.extend(chunk.out_of_order)
        named = self._named
        if named:
            # Debts of this chunk an earlier chunk's debtor named in their history: read whole,
            # the file would leave that debtor out (whose debt the event is about is unclear);
            # streamed, they were handed over already, without the event.
            for debt_id, (line, owner) in read.debts.items():
                found = named.pop(debt_id, None)
                if found is None:
                    continue  # (a debtor's own debts are in their chunk: never named before)
                debtor_id, history_line = found
                self.errors.append(
                    RowError(
                        history_line,
                        self._events_column,
                        None,
                        f"an event about debt {debt_id!r} of debtor {owner!r} (line {line}) in "
                        f"the history of {debtor_id!r}, found when that debt's row was read: "
                        f"{debtor_id!r} was planned without the event",
                    )
                )
        self._debt_lines.update((debt_id, line) for debt_id, (line, _) in read.debts.items())
        for debt_id, where in read.named.items():
            named.setdefault(debt_id, where)
        self.errors.extend(read.errors)
        self.debtors += read.debtors
        self.debts += read.loaded
        self.events += read.events

    def _fits(self, read: ChunkRead) -> bool:
        """Whether ``read``, made without the earlier chunks' debt ids, reads as it would with
        them: no debt of it, and none its histories name, was loaded from an earlier chunk."""
        earlier = self._debt_lines.keys()
        return earlier.isdisjoint(read.debts) and earlier.isdisjoint(read.mentioned)


@dataclass(slots=True)
class RowChunk:
    """The rows of whole debtors (line, cells), and the rows out of order met among them."""

    rows: list[tuple[int, dict[str, Any]]]
    out_of_order: list[RowError]


@dataclass(slots=True)
class ChunkRead:
    """A chunk of rows read as groups: the groups, the chunk's own errors and counts, the debts
    loaded (id: line, debtor id; before a debtor with an unreadable history is left out) and
    the debt ids its histories name that it does not hold (id: debtor, line of the history)."""

    groups: list[DebtorGroup]
    errors: tuple[RowError, ...]
    debts: dict[str, tuple[int, str]]
    named: dict[str, tuple[str, int]]
    mentioned: set[str]
    """Every debt id the histories name that the chunk does not hold (read before each
    history's check decided)."""
    rows: int
    debtors: int
    loaded: int
    events: int


def read_chunk(
    rows: list[tuple[int, dict[str, Any]]],
    names: _Names,
    locale: str | None,
    foreign_phones: bool,
    earlier: Mapping[str, int],
) -> ChunkRead:
    """The debtor groups of a chunk of whole debtors' rows, read as :func:`~dunning.io.read_csv`
    reads a file, after the earlier chunks' debts (``earlier``: id to line; debt ids are unique
    in a file, and a history may not name another debtor's debt)."""
    named: dict[str, tuple[str, int]] = {}
    mentioned: set[str] = set()
    reader = _Reader(
        locale=locale,
        foreign_phones=foreign_phones,
        earlier_debts=earlier,
        unknown_debts=named,
        mentioned_debts=mentioned,
    )
    with collector.paused():  # no cycles made: see _paused
        reader.read(rows, names, None, debts=True, debtors=True, progress=None)
        debts = {i: (reader.debt_lines[i], debt.debtor_id) for i, debt in reader.debts.items()}
        portfolio = reader.portfolio(strict=False, keep_all_debtors=False)
        groups = list(portfolio.groups())
    return ChunkRead(
        groups,
        portfolio.errors,
        debts,
        named,
        mentioned,
        portfolio.rows,
        len(groups),
        len(portfolio.debts),
        len(portfolio.history),
    )


_BATCH_ROWS = 4096  # rows of a Parquet file read at a time
_PAUSED_ROWS = 512  # rows read from the file per pause of the cyclic collector


def _paused(
    rows: Iterator[tuple[int, dict[str, Any]]],
) -> Generator[tuple[int, dict[str, Any]], None, None]:
    """``rows``, read from the file ``_PAUSED_ROWS`` at a time with the cyclic collector paused.

    Reading a row makes a dict and its strings, no reference cycles; but those allocations
    trigger the collector, which then scans every object the caller holds (the groups read so
    far, when a caller keeps them): reading 20,000 debts into a list took 127-140 µs a debtor
    with the collector on throughout, 104-116 with these pauses and ``read_chunk``'s. An error
    met while a batch is read is raised after the rows before it are handed over, as without
    batches."""
    return collector.paused_batches(rows, _PAUSED_ROWS)


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
    debtors at a time: memory holds one chunk, not the file (and each debt id read, about 115
    bytes a debt, to report a debt id repeated in a later chunk). For ``Planner.plan_stream``.

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
