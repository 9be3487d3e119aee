"""``dunning plan PORTFOLIO`` and ``dunning validate PORTFOLIO``: a portfolio file in, a plan and
its bad rows out."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TextIO

from .._core._models import Creditor, Debt, Debtor
from .._planning._plan import Message, Plan, Skip
from .._planning._planner import Planner
from .._planning._strategy import default_strategy
from ..io import EVENTS_COLUMN, Portfolio, read_portfolio
from ._progress import Progress

__all__ = ["plan_command", "plan_in_batches", "plan_in_workers", "validate_command"]

#: Debtors planned per batch: the planner plans each debtor on its own, so batches give the same
#: plan as one call and let progress move.
BATCH = 250
SHOWN_ERRORS = 20


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
    try:
        return read_portfolio(args.portfolio, **options)
    finally:
        progress.close()


def _report_errors(portfolio: Portfolio, errors_path: str | None, out: TextIO) -> None:
    if errors_path:
        portfolio.write_errors(errors_path)
        if portfolio.errors:
            print(f"{len(portfolio.errors)} bad row(s) written to {errors_path}", file=out)
        return
    for error in portfolio.errors[:SHOWN_ERRORS]:
        print(error, file=out)
    hidden = len(portfolio.errors) - SHOWN_ERRORS
    if hidden > 0:
        print(f"... and {hidden} more (--errors FILE writes them all)", file=out)


def plan_in_batches(
    planner: Planner,
    debtors: Sequence[Debtor],
    debts: Sequence[Debt],
    *,
    as_of: datetime,
    horizon_days: int,
    progress: Progress,
) -> Plan:
    """The same plan as ``planner.plan(debtors, debts, ...)``, computed ``BATCH`` debtors at a
    time so that progress can be shown."""
    ordered = sorted(debtors, key=lambda d: d.id)
    debts_of: dict[str, list[Debt]] = {}
    for debt in debts:
        debts_of.setdefault(debt.debtor_id, []).append(debt)
    messages: list[Message] = []
    skipped: list[Skip] = []
    plan: Plan | None = None
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        own = [d for debtor in batch for d in debts_of.get(debtor.id, ())]
        plan = planner.plan(batch, own, as_of=as_of, horizon_days=horizon_days)
        messages.extend(plan.messages)
        skipped.extend(plan.skipped)
        progress.update("planning debtors", start + len(batch), len(ordered))
    progress.close()
    if plan is None:
        plan = planner.plan([], [], as_of=as_of, horizon_days=horizon_days)
    return Plan._build(
        as_of=plan.as_of,
        horizon_days=plan.horizon_days,
        messages=tuple(messages),
        skipped=tuple(skipped),
    )


def _batches(
    debtors: Sequence[Debtor], debts: Sequence[Debt], size: int
) -> Iterator[tuple[list[Debtor], list[Debt]]]:
    """Debtors in id order, ``size`` at a time, each batch with its debts."""
    ordered = sorted(debtors, key=lambda d: d.id)
    debts_of: dict[str, list[Debt]] = {}
    for debt in debts:
        debts_of.setdefault(debt.debtor_id, []).append(debt)
    for start in range(0, len(ordered), size):
        batch = ordered[start : start + size]
        yield batch, [d for debtor in batch for d in debts_of.get(debtor.id, ())]


# The planner of a worker process, built once by ``_start_worker`` (a TemplateEngine does not
# pickle, so each worker builds its own from the same settings).
_WORKER: list[Planner] = []


def _start_worker(creditor: Creditor, render: bool, render_days: int | None) -> None:
    _WORKER[:] = [_planner(creditor, render, render_days)]


def _plan_batch(
    job: tuple[list[Debtor], list[Debt], datetime, int],
) -> tuple[tuple[Message, ...], tuple[Skip, ...]]:
    debtors, debts, as_of, horizon_days = job
    plan = _WORKER[0].plan(debtors, debts, as_of=as_of, horizon_days=horizon_days)
    return plan.messages, plan.skipped


def plan_in_workers(
    creditor: Creditor,
    debtors: Sequence[Debtor],
    debts: Sequence[Debt],
    *,
    render: bool,
    render_days: int | None = None,
    as_of: datetime,
    horizon_days: int,
    workers: int,
    progress: Progress,
) -> Plan:
    """The same plan as :func:`plan_in_batches`, the batches planned by ``workers`` processes
    (each debtor is planned on its own, so where a batch is planned changes nothing; results
    are taken back in batch order)."""
    size = max(BATCH, -(-len(debtors) // (workers * 8)))
    jobs = ((b, d, as_of, horizon_days) for b, d in _batches(debtors, debts, size))
    messages: list[Message] = []
    skipped: list[Skip] = []
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(creditor, render, render_days)
    ) as pool:
        done = 0
        for batch_messages, batch_skipped in pool.map(_plan_batch, jobs):
            messages.extend(batch_messages)
            skipped.extend(batch_skipped)
            done = min(len(debtors), done + size)
            progress.update("planning debtors", done, len(debtors))
    progress.close()
    empty = Planner(default_strategy(), creditor=creditor).plan(
        [], [], as_of=as_of, horizon_days=horizon_days
    )
    return Plan._build(
        as_of=empty.as_of,
        horizon_days=empty.horizon_days,
        messages=tuple(messages),
        skipped=tuple(skipped),
    )


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


def plan_command(args: argparse.Namespace) -> int:
    progress = Progress(enabled=None if not args.quiet else False)
    portfolio = _load(args, progress)
    summary_to = sys.stderr if args.out in (None, "-") else sys.stdout
    _report_errors(portfolio, args.errors, sys.stderr)
    if EVENTS_COLUMN in portfolio.ignored_columns:
        # Planned without it, a debtor who said STOP, disputed or promised to pay would be
        # messaged as if they had not: refuse rather than drop it silently.
        print(
            f"dunning: error: column {EVENTS_COLUMN!r} holds the debtors' history (opt-outs, "
            "payments, promises, disputes), which `dunning plan` does not read: nothing "
            "planned. Plan the file with dunning.io.plan_partition, which reads it, or remove "
            "the column if the history is empty or kept elsewhere.",
            file=sys.stderr,
        )
        return 2
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
        creditor = Creditor(
            name=args.creditor or "Creditor",
            tax_id=args.tax_id,
            address=args.address,
            contact=args.contact,
        )
        if args.workers > 1:
            plan = plan_in_workers(
                creditor,
                portfolio.debtors,
                portfolio.debts,
                render=args.render,
                render_days=args.render_days,
                as_of=args.as_of,
                horizon_days=args.horizon,
                workers=args.workers,
                progress=progress,
            )
        else:
            plan = plan_in_batches(
                _planner(creditor, args.render, args.render_days),
                portfolio.debtors,
                portfolio.debts,
                as_of=args.as_of,
                horizon_days=args.horizon,
                progress=progress,
            )
    finally:
        gc.unfreeze()
    _write(plan, args.out)
    where = f" to {args.out}" if args.out not in (None, "-") else ""
    print(
        f"{portfolio.rows:,} row(s): {len(portfolio.debts):,} debt(s) of "
        f"{len(portfolio.debtors):,} debtor(s) loaded, {len(portfolio.errors):,} bad; "
        f"planned {len(plan.messages):,} message(s), {len(plan.moved):,} moved, "
        f"{len(plan.dropped):,} skipped{where}",
        file=summary_to,
    )
    return 0


def validate_command(args: argparse.Namespace) -> int:
    progress = Progress(enabled=None if not args.quiet else False)
    portfolio = _load(args, progress)
    _report_errors(portfolio, args.errors, sys.stdout)
    print(
        f"{portfolio.rows:,} row(s): {len(portfolio.debts):,} debt(s) of "
        f"{len(portfolio.debtors):,} debtor(s) are good, {len(portfolio.errors):,} bad"
        + (
            f"; ignored columns: {', '.join(portfolio.ignored_columns)}"
            if portfolio.ignored_columns
            else ""
        )
    )
    return 1 if portfolio.errors else 0
