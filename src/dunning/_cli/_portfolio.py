"""``dunning plan PORTFOLIO`` and ``dunning validate PORTFOLIO``: a portfolio file in, a plan and
its bad rows out."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TextIO

from .._core._errors import PortfolioLoadError
from .._core._models import Creditor
from .._planning._groups import DebtorGroup
from .._planning._plan import Message, Plan, Skip
from .._planning._planner import Planner
from .._planning._strategy import default_strategy
from ..io import GroupReader, Portfolio, RowError, plan_file, read_groups, read_portfolio
from ..io._file_plan import PARQUET_SUFFIXES, plan_chunks
from ..io._values import write_errors
from ._progress import Progress

__all__ = ["plan_command", "plan_in_batches", "plan_in_workers", "validate_command"]

#: Debtors planned per batch: the planner plans each debtor on its own, so batches give the same
#: plan as one call and let progress move.
BATCH = 250
SHOWN_ERRORS = 20
#: From this many rows, ``dunning plan`` without ``--stream`` says that ``--stream`` exists
#: (about 1.4 GB held per 100,000 debts with their histories, against one chunk).
STREAM_HINT_ROWS = 200_000


def _load(args: argparse.Namespace, progress: Progress) -> Portfolio:
    columns = dict(args.column or [])
    options: dict[str, object] = {
        "columns": columns,
        "locale": args.locale,
        "foreign_phones": args.foreign_phones,
        "progress": lambda rows: progress.update("reading rows", rows),
    }
    if args.debtors:
        options["debtors"] = args.debtors
    if Path(args.portfolio).suffix.lower() not in (".parquet", ".pq"):  # Parquet text is UTF-8
        options["encoding"] = args.encoding
    try:
        return read_portfolio(args.portfolio, **options)
    finally:
        progress.close()


def _report_errors(errors: Sequence[RowError], errors_path: str | None, out: TextIO) -> None:
    if errors_path:
        write_errors(errors, errors_path)
        if errors:
            print(f"{len(errors)} bad row(s) written to {errors_path}", file=out)
        return
    for error in errors[:SHOWN_ERRORS]:
        print(error, file=out)
    hidden = len(errors) - SHOWN_ERRORS
    if hidden > 0:
        print(f"... and {hidden} more (--errors FILE writes them all)", file=out)


def _joined(
    plans: Iterable[tuple[Sequence[Message], Sequence[Skip]]],
    planner: Planner,
    *,
    as_of: datetime,
    horizon_days: int,
) -> Plan:
    """One plan of the batches' messages and skips, in batch order."""
    messages: list[Message] = []
    skipped: list[Skip] = []
    for batch_messages, batch_skipped in plans:
        messages.extend(batch_messages)
        skipped.extend(batch_skipped)
    empty = planner.plan([], [], as_of=as_of, horizon_days=horizon_days)  # as_of, checked
    return Plan._build(
        as_of=empty.as_of,
        horizon_days=empty.horizon_days,
        messages=tuple(messages),
        skipped=tuple(skipped),
    )


def _planned(
    planner: Planner, groups: Sequence[DebtorGroup], as_of: datetime, horizon_days: int
) -> tuple[tuple[Message, ...], tuple[Skip, ...]]:
    """The messages and skips of ``groups`` (one chunk)."""
    messages: list[Message] = []
    skipped: list[Skip] = []
    for plan in planner.plan_stream(
        groups, as_of=as_of, horizon_days=horizon_days, chunk_size=max(1, len(groups))
    ):
        messages.extend(plan.messages)
        skipped.extend(plan.skipped)
    return tuple(messages), tuple(skipped)


def plan_in_batches(
    planner: Planner,
    groups: Sequence[DebtorGroup],
    *,
    as_of: datetime,
    horizon_days: int,
    progress: Progress,
) -> Plan:
    """The plan of ``groups`` (in debtor id order, each debtor with their debts and history:
    ``Portfolio.groups``), ``BATCH`` debtors at a time so that progress can be shown; the same
    plan as ``planner.plan`` of the whole."""

    def batches() -> Iterator[tuple[tuple[Message, ...], tuple[Skip, ...]]]:
        for start in range(0, len(groups), BATCH):
            yield _planned(planner, groups[start : start + BATCH], as_of, horizon_days)
            progress.update("planning debtors", min(len(groups), start + BATCH), len(groups))

    plan = _joined(batches(), planner, as_of=as_of, horizon_days=horizon_days)
    progress.close()
    return plan


# The planner of a worker process, given once to ``_start_worker`` (pickled: a rendering
# planner's template engine travels by its settings).
_WORKER: list[Planner] = []


def _start_worker(planner: Planner) -> None:
    _WORKER[:] = [planner]


def _plan_batch(
    job: tuple[Sequence[DebtorGroup], datetime, int],
) -> tuple[tuple[Message, ...], tuple[Skip, ...]]:
    groups, as_of, horizon_days = job
    return _planned(_WORKER[0], groups, as_of, horizon_days)


def plan_in_workers(
    planner: Planner,
    groups: Sequence[DebtorGroup],
    *,
    as_of: datetime,
    horizon_days: int,
    workers: int,
    progress: Progress,
) -> Plan:
    """The same plan as :func:`plan_in_batches`, the batches planned by ``workers`` processes
    each holding a copy of ``planner`` (each debtor is planned on its own, so where a batch is
    planned changes nothing; results are taken back in batch order)."""
    size = max(BATCH, -(-len(groups) // (workers * 8)))
    jobs = (
        (groups[start : start + size], as_of, horizon_days) for start in range(0, len(groups), size)
    )

    def batches(
        pool: ProcessPoolExecutor,
    ) -> Iterator[tuple[tuple[Message, ...], tuple[Skip, ...]]]:
        done = 0
        for result in pool.map(_plan_batch, jobs):
            yield result
            done = min(len(groups), done + size)
            progress.update("planning debtors", done, len(groups))

    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(planner,)
    ) as pool:
        plan = _joined(batches(pool), planner, as_of=as_of, horizon_days=horizon_days)
    progress.close()
    return plan


def _planner(creditor: Creditor, render: bool, render_days: int | None = None) -> Planner:
    templates = None
    if render:  # --render-days sets it too (the command line checks --creditor once)
        from ..templates import TemplateEngine

        templates = TemplateEngine()
    return Planner(
        default_strategy(), creditor=creditor, templates=templates, render_days=render_days
    )


def _write(plan: Plan, out: str | None) -> None:
    if out is None or out == "-":
        plan.to_csv(sys.stdout)
        return
    suffix = Path(out).suffix.lower()
    if suffix == ".json":
        plan.to_json(out)
    elif suffix in (".parquet", ".pq"):
        plan.to_parquet(out)
    else:
        plan.to_csv(out)


def _creditor(args: argparse.Namespace) -> Creditor:
    return Creditor(
        name=args.creditor or "Creditor",
        tax_id=args.tax_id,
        address=args.address,
        contact=args.contact,
    )


def _stream_refusal(args: argparse.Namespace) -> str | None:
    """Why ``--stream`` cannot run with the other options, or ``None``."""
    if args.debtors:
        return "--stream reads one file (one row per debt); --debtors needs the whole file"
    if Path(args.portfolio).suffix.lower() not in (".csv", ".tsv", ".txt", ".parquet", ".pq"):
        return "--stream reads CSV (.csv, .tsv, .txt) or Parquet (.parquet, .pq)"
    if args.func is validate_command:
        return None
    if args.out not in (None, "-") and Path(args.out).suffix.lower() not in (
        ".csv",
        ".txt",
        *PARQUET_SUFFIXES,
    ):
        return "--stream writes CSV or Parquet, chunk by chunk (--out FILE.csv, FILE.parquet)"
    if args.strict and args.out in (None, "-"):
        return "--stream --strict needs --out FILE (the plan is kept only if no row is bad)"
    return None


def _reader(args: argparse.Namespace, progress: Progress, doing: str) -> GroupReader:
    """The file of ``args`` read by :func:`~dunning.io.read_groups`."""
    return read_groups(
        args.portfolio,
        chunk_size=BATCH,
        columns=dict(args.column or []),
        locale=args.locale,
        foreign_phones=args.foreign_phones,
        progress=lambda rows: progress.update(doing, rows),
        encoding=args.encoding,
    )


def plan_streamed(args: argparse.Namespace, progress: Progress) -> int:
    """``dunning plan --stream``: read, plan and write a chunk of debtors at a time (the file
    sorted by debtor id), so memory holds one chunk: :func:`~dunning.io.plan_file`, which writes
    the plan next to ``--out`` and moves it there when complete (with ``--strict``: only when no
    row was bad)."""
    refusal = _stream_refusal(args)
    if refusal is not None:
        print(f"dunning: error: {refusal}", file=sys.stderr)
        return 2
    to_file = args.out not in (None, "-")
    try:
        result = plan_file(
            args.portfolio,
            _planner(_creditor(args), args.render, args.render_days),
            as_of=args.as_of,
            horizon_days=args.horizon,
            out=args.out if to_file else sys.stdout,
            workers=args.workers,
            strict=args.strict,
            chunk_size=BATCH,
            columns=dict(args.column or []),
            locale=args.locale,
            foreign_phones=args.foreign_phones,
            progress=lambda rows: progress.update("reading and planning rows", rows),
            encoding=args.encoding,
        )
    except PortfolioLoadError as exc:  # --strict and bad rows: nothing was moved into place
        refused: Sequence[RowError] | None = exc.errors
    else:
        refused = None
    finally:
        progress.close()
    if refused is not None:
        _report_errors(refused, args.errors, sys.stderr)
        print(
            f"dunning: error: {len(refused)} bad row(s) and --strict: no plan written",
            file=sys.stderr,
        )
        return 1
    _report_errors(result.errors, args.errors, sys.stderr)
    counts = (result.rows, result.debts, result.debtors, len(result.errors), result.events)
    print(
        _planned_summary(*counts, result.messages, result.moved, result.skipped, args.out)
        + " (streamed)",
        file=sys.stdout if to_file else sys.stderr,
    )
    return 0


def plan_command(args: argparse.Namespace) -> int:
    progress = Progress(enabled=None if not args.quiet else False)
    if args.stream:
        return plan_streamed(args, progress)
    portfolio = _load(args, progress)
    summary_to = sys.stderr if args.out in (None, "-") else sys.stdout
    _report_errors(portfolio.errors, args.errors, sys.stderr)
    if portfolio.rows >= STREAM_HINT_ROWS and not args.debtors:
        print(
            f"dunning: hint: {portfolio.rows:,} rows held in memory at once; a file sorted by "
            "debtor_id is planned in bounded memory with --stream (docs/scale.md)",
            file=sys.stderr,
        )
    if args.strict and portfolio.errors:
        print(
            f"dunning: error: {len(portfolio.errors)} bad row(s) and --strict: nothing planned",
            file=sys.stderr,
        )
        return 1
    # While planning, the cyclic collector need not scan the loaded portfolio again at every
    # collection (benchmarks/million_bench.py: 12-16% less CPU); unfrozen when done, as the
    # command may run inside a longer-lived process.
    gc.freeze()
    try:
        planner = _planner(_creditor(args), args.render, args.render_days)
        groups = list(portfolio.groups())
        if args.workers > 1:
            plan = plan_in_workers(
                planner,
                groups,
                as_of=args.as_of,
                horizon_days=args.horizon,
                workers=args.workers,
                progress=progress,
            )
        else:
            plan = plan_in_batches(
                planner, groups, as_of=args.as_of, horizon_days=args.horizon, progress=progress
            )
    finally:
        gc.unfreeze()
    _write(plan, args.out)
    print(
        _planned_summary(
            portfolio.rows,
            len(portfolio.debts),
            len(portfolio.debtors),
            len(portfolio.errors),
            len(portfolio.history),
            len(plan.messages),
            len(plan.moved),
            len(plan.dropped),
            args.out,
        ),
        file=summary_to,
    )
    return 0


def _planned_summary(
    rows: int,
    debts: int,
    debtors: int,
    bad: int,
    events: int,
    messages: int,
    moved: int,
    dropped: int,
    out: str | None,
) -> str:
    """``dunning plan``'s summary line."""
    where = f" to {out}" if out not in (None, "-") else ""
    return (
        f"{rows:,} row(s): {debts:,} debt(s) of {debtors:,} debtor(s) loaded, {bad:,} bad"
        + (f", {events:,} event(s) of history; " if events else "; ")
        + f"planned {messages:,} message(s), {moved:,} moved, {dropped:,} skipped{where}"
    )


def validate_streamed(args: argparse.Namespace, progress: Progress) -> int:
    """``dunning validate --stream``: every row checked a chunk of debtors at a time."""
    refusal = _stream_refusal(args)
    if refusal is not None:
        print(f"dunning: error: {refusal}", file=sys.stderr)
        return 2
    try:
        with _reader(args, progress, "reading rows") as reader:
            # Read only: in this process, or in --workers processes a few chunks ahead.
            for _ in plan_chunks(reader, None, as_of=None, horizon_days=1, workers=args.workers):
                pass
    finally:
        progress.close()
    _report_errors(reader.errors, args.errors, sys.stdout)
    print(
        _validated(
            reader.rows,
            reader.debts,
            reader.debtors,
            len(reader.errors),
            reader.events,
            reader.ignored_columns,
        )
        + " (streamed)"
    )
    return 1 if reader.errors else 0


def validate_command(args: argparse.Namespace) -> int:
    progress = Progress(enabled=None if not args.quiet else False)
    if args.stream:
        return validate_streamed(args, progress)
    if args.workers > 1:
        print(
            "dunning: error: validate --workers reads in processes with --stream", file=sys.stderr
        )
        return 2
    portfolio = _load(args, progress)
    _report_errors(portfolio.errors, args.errors, sys.stdout)
    print(
        _validated(
            portfolio.rows,
            len(portfolio.debts),
            len(portfolio.debtors),
            len(portfolio.errors),
            len(portfolio.history),
            portfolio.ignored_columns,
        )
    )
    return 1 if portfolio.errors else 0


def _validated(
    rows: int, debts: int, debtors: int, bad: int, events: int, ignored: Sequence[str]
) -> str:
    """``dunning validate``'s summary line."""
    return (
        f"{rows:,} row(s): {debts:,} debt(s) of {debtors:,} debtor(s) are good, {bad:,} bad"
        + (f"; {events:,} event(s) of history" if events else "")
        + (f"; ignored columns: {', '.join(ignored)}" if ignored else "")
    )
