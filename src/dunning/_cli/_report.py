"""``dunning report EVENTS [--html out.html]``: the collections report of an event log."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from .._core._errors import InputError
from .._core._kinds import ChannelKind
from .._core._money import Money
from .._core._timezones import ensure_aware

__all__ = ["add_report_command"]


def _run(args: argparse.Namespace) -> int:
    from ..analytics import EventLog, report_html, report_text

    if args.events == "demo":
        from ._playforward import played_forward

        log = played_forward(args.weeks)
    else:
        path = Path(args.events)
        if path.suffix in {".sqlite", ".db", ".sqlite3"}:
            log = EventLog.from_outbox(path)
        elif path.suffix == ".parquet":
            log = EventLog.from_parquet(path)
        else:
            log = EventLog.read_jsonl(path)
    if args.as_of:
        try:
            as_of = ensure_aware(datetime.fromisoformat(args.as_of), "as_of")
        except ValueError:
            raise InputError(
                "--as-of must be an ISO datetime", field="as_of", value=args.as_of
            ) from None
    elif log.events:
        as_of = log.events[-1].at
    else:
        raise InputError("the log has no events: give --as-of", field="as_of")
    prices = _prices(args.price or [])
    if args.html:
        page = report_html(log, as_of=as_of, weeks=args.weeks, prices=prices)
        Path(args.html).write_text(page, encoding="utf-8")
        print(f"report written to {args.html}")
    else:
        print(report_text(log, as_of=as_of, weeks=args.weeks, prices=prices), end="")
    return 0


def _prices(items: list[str]) -> dict[ChannelKind | str, Money]:
    """``sms=8.5:CLP`` → {sms: Money("8.5", "CLP")}."""
    prices: dict[ChannelKind | str, Money] = {}
    for item in items:
        channel, _, rest = item.partition("=")
        amount, _, currency = rest.partition(":")
        try:
            prices[ChannelKind(channel.strip())] = Money(amount.strip(), currency.strip())
        except ValueError:
            raise InputError(
                "--price must look like CHANNEL=AMOUNT:CURRENCY (sms=8.5:CLP)",
                field="price",
                value=item,
            ) from None
    return prices


def add_report_command(sub: Any) -> None:
    """Register ``report`` on the CLI's subparsers."""
    report = sub.add_parser(
        "report",
        help="the collections report of an event log (needs the analytics extra)",
        description="Aging, DSO, CEI, funnel, contact, promise, cure, roll and recovery rates, "
        "opt-outs and experiments of EVENTS: a JSON-lines log (EventLog.write_jsonl), an outbox "
        "SQLite file, a Parquet file of events, or 'demo' (the sample portfolio played forward).",
    )
    report.add_argument("events", metavar="EVENTS")
    report.add_argument("--html", metavar="FILE", help="write a static HTML report with charts")
    report.add_argument("--as-of", help="aware ISO datetime (default: the last event)")
    report.add_argument("--weeks", type=int, default=4, help="period in weeks (default 4)")
    report.add_argument(
        "--price",
        action="append",
        metavar="CHANNEL=AMOUNT:CUR",
        help="price of one message (repeatable, one currency): adds cost per amount recovered",
    )
    report.set_defaults(func=_run)
