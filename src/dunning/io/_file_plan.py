"""Planning a sorted portfolio file chunk by chunk, in this process or in worker processes."""

from __future__ import annotations

import io
import os
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from .._core._errors import InputError, PortfolioLoadError
from .._planning._export import _pyarrow, records, records_table, table_metadata
from .._planning._planner import Planner
from ._rows import _Names
from ._stream import ChunkRead, GroupReader, RowChunk, read_chunk, read_groups
from ._values import PathLike, Progress, Reported, RowError

__all__ = ["MAX_WORKERS", "FilePlan", "plan_chunks", "plan_file"]

MAX_WORKERS = 256
"""The most worker processes :func:`plan_file` (and ``dunning plan --workers``) starts: a process
pool that forks (Linux) starts them all at once, so a mistyped count would fork thousands."""

Counts = tuple[int, int, int]
"""A chunk's messages, moved steps and skipped steps."""

PARQUET_SUFFIXES = (".parquet", ".pq")
"""``out`` paths :func:`plan_file` writes as Parquet (any other: CSV)."""

_ROW_GROUP = 32_768
"""Plan rows gathered into one Parquet row group (a chunk of 250 debtors makes ~500)."""


@dataclass(frozen=True, slots=True)
class FilePlan(Reported):
    """What :func:`plan_file` read and wrote: the counts, and every bad row."""

    rows: int
    debtors: int
    debts: int
    events: int
    messages: int
    moved: int
    skipped: int
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"FilePlan(rows={self.rows}, debtors={self.debtors}, debts={self.debts}, "
            f"events={self.events}, messages={self.messages}, moved={self.moved}, "
            f"skipped={self.skipped}, errors={len(self.errors)})"
        )


def plan_file(
    path: PathLike | IO[str],
    planner: Planner,
    *,
    as_of: datetime,
    out: PathLike | IO[str],
    horizon_days: int = 1,
    workers: int = 1,
    chunk_size: int = 250,
    columns: Mapping[str, str] | None = None,
    locale: str | None = None,
    foreign_phones: bool = False,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    strict: bool = False,
) -> FilePlan:
    """Plan a portfolio file **sorted by** ``debtor_id`` a chunk of ``chunk_size`` debtors at
    a time, writing the plan to ``out`` as CSV (``Plan.to_csv``'s columns; each chunk's rows
    sorted as that sorts a plan) while it reads: memory holds a few chunks, not the file. A
    path ending in ``.parquet`` or ``.pq`` is written as Parquet instead (``Plan.to_parquet``'s
    columns and types, rows in the CSV's order, a row group per ~32,000 rows; needs
    ``pip install 'dunning[parquet]'``). A path is written as ``OUT.partial`` and moved to
    ``out`` when the plan is complete (removed if it fails): a half-written plan is never left
    where the plan is expected. ``strict=True`` (``out`` a path) moves it there only if no row
    was bad, and raises :class:`~dunning.PortfolioLoadError` with every bad row otherwise.

    The file is read as :func:`read_groups` reads it (CSV or Parquet, the ``events`` column,
    bad rows reported and not loaded). With ``workers=N`` (at most 256) the chunks are read
    *and* planned by ``N`` processes, a few ahead of the one being written; the planner is
    pickled to them (a ``TemplateEngine`` too: its folders must exist there). The file written
    and the errors are those of ``workers=1``, byte for byte: a worker reads its chunk without
    the debt ids of the chunks before it, and a chunk that would read otherwise with them (a
    repeated debt id, a history naming an earlier debtor's debt) is read and planned again
    here.

    >>> import io
    >>> from datetime import datetime, timezone
    >>> from dunning import Creditor, Planner, default_strategy
    >>> from dunning.io import plan_file
    >>> text = ("debtor_id,name,country,email,debt_id,amount,currency,due_date\\n"
    ...         "c-1,Ana,CL,ana@example.cl,F-1,45000,CLP,2026-11-20\\n"
    ...         "c-2,Luis,CL,luis@example.cl,F-2,-3,CLP,2026-11-20\\n")
    >>> planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    >>> out = io.StringIO()
    >>> result = plan_file(io.StringIO(text), planner, out=out,
    ...                    as_of=datetime(2026, 11, 23, 12, tzinfo=timezone.utc), horizon_days=3)
    >>> result
    FilePlan(rows=2, debtors=1, debts=1, events=0, messages=1, moved=0, skipped=0, errors=1)
    >>> [row.split(",")[2] for row in out.getvalue().splitlines()[1:]]  # debtor_id
    ['c-1']
    >>> print(result.errors[0])  # doctest: +ELLIPSIS
    line 3: column 'amount' ('-3'): ...
    """
    if not isinstance(planner, Planner):
        raise InputError("planner must be a dunning.Planner", field="planner", value=planner)
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        raise InputError(
            f"workers must be a whole number from 1 to {MAX_WORKERS}",
            field="workers",
            value=workers,
        )
    target = Path(os.fspath(out)) if isinstance(out, (str, os.PathLike)) else None
    if strict and target is None:
        raise InputError(
            "strict=True needs out to be a path (a stream cannot take back the rows written)",
            field="out",
            value=out,
        )
    parquet = target is not None and target.suffix.lower() in PARQUET_SUFFIXES
    header = io.StringIO()
    planner.plan([], [], as_of=as_of, horizon_days=horizon_days).to_csv(header)  # checks as_of
    sink = _ParquetSink(as_of, horizon_days) if parquet else None  # pyarrow checked before reading
    reader = read_groups(
        path,
        chunk_size=chunk_size,
        columns=columns,
        locale=locale,
        foreign_phones=foreign_phones,
        delimiter=delimiter,
        progress=progress,
        encoding=encoding,
    )
    messages = moved = skipped = 0
    # A path is written next to itself and moved there when complete: a half-written plan (a
    # failure, an interrupted run) is never left to be taken for one.
    partial = target.with_name(target.name + ".partial") if target is not None else None
    with reader, ExitStack() as stack:
        try:
            write: Callable[[Any], object]
            if sink is not None and partial is not None:
                stack.callback(sink.close, flush=False)  # after a failure: just close
                sink.open(partial)
                write = sink.write
            else:
                handle: IO[str] = (
                    stack.enter_context(partial.open("w", encoding="utf-8", newline=""))
                    if partial is not None
                    else out  # type: ignore[assignment]  # not a path: an open text file
                )
                handle.write(header.getvalue())
                write = handle.write
            for payload, (m, mv, s) in plan_chunks(
                reader, planner, as_of=as_of, horizon_days=horizon_days, workers=workers,
                parquet=sink is not None,
            ):  # fmt: skip
                write(payload)
                messages, moved, skipped = messages + m, moved + mv, skipped + s
            if sink is not None:
                sink.close()
        except BaseException:
            if partial is not None:
                stack.close()
                partial.unlink(missing_ok=True)
            raise
    if partial is not None and target is not None:
        if strict and reader.errors:
            partial.unlink()
            raise PortfolioLoadError(reader.errors)
        partial.replace(target)
    return FilePlan(
        rows=reader.rows,
        debtors=reader.debtors,
        debts=reader.debts,
        events=reader.events,
        messages=messages,
        moved=moved,
        skipped=skipped,
        errors=tuple(reader.errors),
        ignored_columns=reader.ignored_columns,
    )


def _chunk_plan(
    planner: Planner | None,
    read: ChunkRead,
    as_of: datetime | None,
    horizon_days: int,
    parquet: bool = False,
) -> tuple[Any, Counts]:
    """A chunk's plan as CSV rows (no header), or with ``parquet`` as a ``pyarrow.Table``, and
    its counts (nothing without a planner: the chunk is only read)."""
    groups, read.groups = read.groups, []  # planned and freed, never sent between processes
    if planner is None or as_of is None:
        return "", (0, 0, 0)
    text = io.StringIO()
    rows: list[dict[str, Any]] = []
    counts = (0, 0, 0)
    for plan in planner.plan_stream(
        groups, as_of=as_of, horizon_days=horizon_days, chunk_size=max(1, len(groups))
    ):
        if parquet:
            rows.extend(records(plan))
        else:
            plan.to_csv(text, header=False)
        counts = (len(plan.messages), len(plan.moved), len(plan.dropped))
    return (records_table(rows) if parquet else text.getvalue()), counts


class _ParquetSink:
    """A streamed plan's Parquet file: the schema of ``Plan.to_parquet`` (amounts as
    ``decimal128(38, 4)``, its metadata), rows gathered into row groups of :data:`_ROW_GROUP`."""

    def __init__(self, as_of: datetime, horizon_days: int) -> None:
        self._pa = _pyarrow()  # with pyarrow.parquet, or the ImportError saying what to install
        metadata = table_metadata(as_of, horizon_days)
        self.schema = records_table([]).schema.with_metadata(metadata)
        self._writer: Any = None
        self._held: list[Any] = []
        self._rows = 0

    def open(self, path: Path) -> None:
        self._writer = self._pa.parquet.ParquetWriter(path, self.schema)

    def write(self, table: Any) -> None:
        if not table.num_rows:
            return
        if not table.schema.equals(self.schema, check_metadata=False):
            # Only an amount past 34 integer digits (decimal256 in Plan.to_parquet) differs.
            raise InputError(
                "an amount in this plan has more integer digits than a streamed Parquet plan's "
                "decimal128(38, 4) column holds; write the plan as CSV",
                field="out",
                value=None,
            )
        self._held.append(table)
        self._rows += table.num_rows
        if self._rows >= _ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._held:
            self._writer.write_table(self._pa.concat_tables(self._held))
        self._held, self._rows = [], 0

    def close(self, *, flush: bool = True) -> None:
        """Write what is held (unless ``flush`` is false: after a failure) and close the file;
        once closed, nothing more."""
        if self._writer is not None:
            try:
                if flush:
                    self._flush()
            finally:
                writer, self._writer, self._held = self._writer, None, []
                writer.close()


# A worker's planner and how it reads rows (the file's column names, locale and phone rule), set
# once by ``_start_worker``.
_WORKER: list[tuple[Planner | None, _Names, str | None, bool]] = []


def _start_worker(
    planner: Planner | None, names: _Names, locale: str | None, foreign: bool
) -> None:
    _WORKER[:] = [(planner, names, locale, foreign)]


def _read_and_plan(
    job: tuple[list[tuple[int, dict[str, Any]]], datetime | None, int, bool],
) -> tuple[ChunkRead, Any, Counts]:
    """A worker's part: a chunk of rows read (without the earlier chunks' debt ids, which the
    parent checks) and planned."""
    rows, as_of, horizon_days, parquet = job
    planner, names, locale, foreign = _WORKER[0]
    read = read_chunk(rows, names, locale, foreign, {})
    payload, counts = _chunk_plan(planner, read, as_of, horizon_days, parquet)
    return read, payload, counts


def plan_chunks(
    reader: GroupReader,
    planner: Planner | None,
    *,
    as_of: datetime | None,
    horizon_days: int,
    workers: int,
    parquet: bool = False,
) -> Iterator[tuple[Any, Counts]]:
    """Each chunk of ``reader``'s file read, planned and turned into CSV rows (with
    ``parquet``, a ``pyarrow.Table``), in file order: in this process, or by ``workers``
    processes a few chunks ahead (see :func:`plan_file`). ``reader`` is consumed by chunks: do
    not iterate it as well. Without a planner the chunks are only read (``reader.errors`` fills
    as they are taken back)."""

    def here(chunk: RowChunk) -> tuple[Any, Counts]:
        return _chunk_plan(planner, reader._take(chunk), as_of, horizon_days, parquet)

    if workers <= 1:
        for chunk in reader._row_chunks():
            yield here(chunk)
        return

    def taken(chunk: RowChunk, job: Future[tuple[ChunkRead, Any, Counts]]) -> tuple[Any, Counts]:
        read, text, counts = job.result()
        if not reader._fits(read):
            return here(chunk)  # it reads otherwise after the earlier chunks: read it so
        reader._accept(chunk, read)
        return text, counts

    options = (planner, reader._names, reader._locale, reader._foreign_phones)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=options
    ) as pool:
        pending: deque[tuple[RowChunk, Future[tuple[ChunkRead, Any, Counts]]]] = deque()
        for chunk in reader._row_chunks():
            job = (chunk.rows, as_of, horizon_days, parquet)
            pending.append((chunk, pool.submit(_read_and_plan, job)))
            if len(pending) > 2 * workers:  # a few chunks ahead: memory stays bounded
                yield taken(*pending.popleft())
        while pending:
            yield taken(*pending.popleft())
