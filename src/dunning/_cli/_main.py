"""Command line: ``dunning plan PORTFOLIO`` plans a portfolio file, ``dunning validate`` checks
one, ``dunning demo`` plans the built-in sample portfolio and prints the plan, ``dunning policy``
prints a country's rules and ``dunning lint-templates`` checks message templates."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import NoReturn

from .._core._errors import DunningError
from .._core._format import format_money
from .._core._timezones import UTC, ensure_aware
from .._core._version import __version__
from .._planning._plan import Message, Plan
from .._planning._planner import Planner
from .._planning._strategy import default_strategy
from ..io._file_plan import MAX_WORKERS
from ..policy import COUNTRIES, for_country
from ._portfolio import plan_command, validate_command
from ._report import add_report_command
from ._sample import sample_portfolio

__all__ = ["main", "render_plan"]


class _Parser(argparse.ArgumentParser):
    """Bad arguments end with exit code 2 and one line saying why (not the usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _aware_datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO datetime with a UTC offset (2026-11-23T12:00+00:00)"
        ) from None
    try:
        return ensure_aware(value, "--as-of").astimezone(UTC)
    except DunningError:
        raise argparse.ArgumentTypeError(
            f"{text!r} has no UTC offset: add one (2026-11-23T12:00+00:00 or ...Z)"
        ) from None


def _horizon(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of days")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of processes") from None
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value} is not from 1 to {MAX_WORKERS} processes")
    return value


def _mapping(text: str) -> tuple[str, str]:
    theirs, sep, ours = text.partition("=")
    if not sep or not theirs or not ours:
        raise argparse.ArgumentTypeError(f"{text!r} is not YOUR_NAME=schema_name")
    return theirs, ours


def _width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


def _first_lines(message: Message, lines: int = 2) -> list[str]:
    if message.content is None:
        return []
    text = message.content.subject or ""
    body = [ln.strip() for ln in message.content.text.splitlines() if ln.strip()]
    shown = ([text] if text else []) + body
    return shown[:lines]


def render_plan(
    plan: Plan, names: dict[str, str] | None = None, *, width: int | None = None
) -> str:
    """A plan for people: each message with its local time, amount as the debtor reads it and
    its first lines; then each skipped or moved step with where it went, why, and the rule's
    source and basis. Lines are cut to ``width`` (default: the terminal's)."""
    names = names or {}
    width = width or _width()

    def cut(text: str, indent: str = "") -> str:
        return textwrap.shorten(text, width=width - len(indent), placeholder="...") if text else ""

    def wrap(text: str) -> str:
        return textwrap.fill(text, width=width, subsequent_indent="      ")

    parts = [
        wrap(
            f"Plan as of {plan.as_of:%Y-%m-%d %H:%M} UTC, {plan.horizon_days} day(s): "
            f"{len(plan.messages)} messages, {len(plan.moved)} moved, {len(plan.dropped)} skipped"
        ),
        "",
    ]
    for m in sorted(plan.messages, key=lambda m: (m.send_at, m.debtor_id)):
        owed = " + ".join(format_money(t, m.locale) for t in m.totals)
        who = f"{m.debtor_id} {names.get(m.debtor_id, '')}".strip()
        head = (
            f"{m.local_send_at:%a %d %b %H:%M} {m.timezone}  {m.channel.value} "
            f"{m.stage.value}  {who}  {owed}  ({', '.join(m.debt_ids)})"
        )
        parts.append(wrap(head))
        parts += ["    " + cut(line, "    ") for line in _first_lines(m)]
    skips = sorted(plan.skipped, key=lambda s: (s.on, s.debtor_id, s.code.value))
    by_id = {m.id: m for m in plan.messages}
    if skips:
        parts += ["", "Skipped or moved steps", ""]
    for skip in skips:
        who = f"{skip.debtor_id} {names.get(skip.debtor_id, '')}".strip()
        moved_into = by_id.get(skip.message_id or "")
        if moved_into is not None:
            where = f"moved to {moved_into.local_send_at:%a %d %b %H:%M} {moved_into.timezone}"
        elif skip.moved_to is not None:
            where = f"moved to {skip.moved_to:%a %d %b %H:%M} UTC"
        else:
            where = "not sent"
        channel = f" {skip.channel.value}" if skip.channel else ""
        parts.append(wrap(f"{skip.on:%a %d %b} {who}{channel}: {skip.code.value}, {where}"))
        parts.append("    " + cut(skip.reason, "    "))
        if skip.source is not None:
            parts.append(
                "    " + cut(f"[{skip.source.basis.value}] {skip.source.citation}", "    ")
            )
    return "\n".join(parts)


def _demo(args: argparse.Namespace) -> int:
    from ..templates import TemplateEngine

    sample = sample_portfolio(args.as_of)
    planner = Planner(default_strategy(), creditor=sample.creditor, templates=TemplateEngine())
    plan = planner.plan(
        sample.debtors,
        sample.debts,
        as_of=sample.as_of,
        horizon_days=args.horizon,
        history=sample.history,
    )
    names = {d.id: d.name for d in sample.debtors}
    print(
        f"dunning {__version__} demo: {len(sample.debtors)} debtors, {len(sample.debts)} debts "
        f"in {', '.join(sorted({d.country for d in sample.debtors}))}"
    )
    print(render_plan(plan, names))
    return 0


def _policy(args: argparse.Namespace) -> int:
    from ..policy._calendar import holiday_names
    from ..policy._docs import entries

    subdivision = args.subdivision_option or args.subdivision
    policy = for_country(args.country, subdivision)
    print(f"{policy.name}: every rule with its source [basis, confidence]")
    for kind, channels, what, src in entries(policy):
        print(f"  {kind:<8} [{channels}] {what}")
        print(f"           <- {src.citation} [{src.basis.value}, {src.confidence}]")
    if args.year:
        print(f"  holidays in {args.year}:")
        for day, name in sorted(holiday_names(policy, args.year).items()):
            print(f"    {day.isoformat()} {name}")
    return 0


def _lint_templates(args: argparse.Namespace) -> int:
    from ..templates import LintWords, Severity, TemplateEngine, lint_templates

    if args.no_builtin and not args.dirs:
        print("dunning: error: --no-builtin needs at least one DIR", file=sys.stderr)
        return 2
    engine = TemplateEngine(args.dirs, builtin=not args.no_builtin)
    words = LintWords.builtin()
    for path in args.words or ():
        words = words.load(path)
    issues = lint_templates(engine, locales=args.locale, words=words)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = len(issues) - errors
    for issue in issues:
        if issue.severity is Severity.ERROR or args.warnings:
            print(issue)
    hidden = "" if args.warnings or not warnings else " (--warnings lists them)"
    templates = len({(i.template, i.locale) for i in issues if i.severity is Severity.ERROR})
    print(
        f"lint-templates: {errors} error(s) in {templates} template(s), "
        f"{warnings} warning(s){hidden}"
    )
    return 1 if errors else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dunning`` console script."""
    parser = _Parser(prog="dunning", description=__doc__)
    parser.add_argument("--version", action="version", version=f"dunning {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="plan the built-in sample portfolio and print the plan")
    demo.add_argument(
        "--as-of",
        type=_aware_datetime,
        help="aware ISO datetime (default: 2026-11-23T12:00+00:00)",
    )
    demo.add_argument("--horizon", type=_horizon, default=3, help="days to plan (default 3)")
    demo.set_defaults(func=_demo)
    for name, helptext in (
        ("plan", "plan a portfolio file (CSV or Parquet) and write the plan"),
        ("validate", "check a portfolio file and list every bad row (exit 1 if any)"),
    ):
        cmd = sub.add_parser(name, help=helptext, description=helptext)
        cmd.add_argument("portfolio", metavar="PORTFOLIO", help="debts file: .csv, .tsv, .parquet")
        cmd.add_argument("--debtors", metavar="FILE", help="a separate debtors file")
        cmd.add_argument(
            "--column",
            action="append",
            type=_mapping,
            metavar="YOURS=SCHEMA",
            help="map one of your column names to the schema's (repeatable): Monto=amount",
        )
        cmd.add_argument("--locale", help="how amounts with grouping are written (es_CL)")
        cmd.add_argument(
            "--encoding",
            default="utf-8",
            help="the CSV's text encoding (default utf-8; cp1252 for a spreadsheet saved on "
            "Windows in Spanish or Portuguese)",
        )
        cmd.add_argument(
            "--foreign-phones",
            action="store_true",
            help="accept phone numbers of another country than the debtor's",
        )
        cmd.add_argument("--errors", metavar="FILE", help="write every bad row to FILE (CSV)")
        cmd.add_argument("--quiet", action="store_true", help="no progress, even on a terminal")
        cmd.add_argument(
            "--stream",
            action="store_true",
            help=(
                "read, plan and write a chunk of debtors at a time"
                if name == "plan"
                else "read a chunk of debtors at a time"
            )
            + " (the file sorted by debtor_id): memory holds one chunk, not the file (and"
            + " each debt id read, to catch a repeat)",
        )
        if name == "validate":
            cmd.add_argument(
                "--workers",
                type=_workers,
                default=1,
                metavar="N",
                help="with --stream: read and check the chunks in N processes (default 1); the "
                "report is the same",
            )
            cmd.set_defaults(func=validate_command)
            continue
        cmd.add_argument(
            "--as-of", type=_aware_datetime, required=True, help="aware ISO datetime: 'now'"
        )
        cmd.add_argument("--horizon", type=_horizon, default=1, help="days to plan (default 1)")
        cmd.add_argument("--render", action="store_true", help="render every message's text")
        cmd.add_argument(
            "--render-days",
            type=_horizon,
            metavar="N",
            help="render only the messages sent within N days of --as-of (implies --render)",
        )
        cmd.add_argument(
            "--workers",
            type=_workers,
            default=1,
            metavar="N",
            help="plan in N processes (default 1; with --stream each reads its chunks too); "
            "the plan is the same",
        )
        cmd.add_argument(
            "--out",
            metavar="FILE",
            help="write the plan to FILE (.csv, .json or .parquet); default: CSV on stdout",
        )
        cmd.add_argument("--strict", action="store_true", help="plan nothing if any row is bad")

        cmd.add_argument("--creditor", metavar="NAME", help="the creditor's name in messages")
        cmd.add_argument("--tax-id", help="the creditor's tax id (required in Brazil)")
        cmd.add_argument("--address", help="the creditor's address (required in Brazil)")
        cmd.add_argument("--contact", help="the creditor's contact line")
        cmd.set_defaults(func=plan_command)
    pol = sub.add_parser("policy", help="print a built-in country policy with its sources")
    pol.add_argument("country", type=str.upper, choices=sorted(COUNTRIES))
    pol.add_argument("subdivision", nargs="?", help="a state or region (SP, MA, ...)")
    pol.add_argument(
        "--subdivision",
        dest="subdivision_option",
        metavar="SUB",
        help="a state or region, matched without regard to case or accents ('São Paulo')",
    )
    pol.add_argument("--year", type=int, help="also list the holidays of this year")
    pol.set_defaults(func=_policy)
    lint = sub.add_parser(
        "lint-templates",
        help="render every template with sample data and check it (exit 1 on errors)",
        description="Render the built-in templates, overridden by those in DIR (<locale>/"
        "<template>.<channel>.j2), for every locale, and check required elements, the "
        "country's required content, forbidden wording, SMS length and WhatsApp parameters.",
    )
    lint.add_argument("dirs", nargs="*", metavar="DIR", help="your template folders")
    lint.add_argument(
        "--locale",
        action="append",
        help="lint only this locale (repeatable; default: every locale folder found)",
    )
    lint.add_argument("--warnings", action="store_true", help="print warnings too")
    lint.add_argument(
        "--words",
        action="append",
        metavar="FILE",
        help="add the word lists of this TOML file (the shape of the built-in "
        "templates/data/lint_words.toml; repeatable)",
    )
    lint.add_argument(
        "--no-builtin", action="store_true", help="lint only DIR, not the built-in pack"
    )
    lint.set_defaults(func=_lint_templates)
    add_report_command(sub)
    args = parser.parse_args(argv)
    if getattr(args, "render_days", None) is not None:
        args.render = True
    if getattr(args, "render", False) and not args.creditor:
        parser.error("--render needs --creditor NAME (messages name who is collecting)")
    try:
        return int(args.func(args))
    except DunningError as exc:
        print(f"dunning: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (``dunning demo | head``): stop quietly, as other tools do.
        _drop_stdout()
        return 141
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"dunning: error: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    except BrokenProcessPool:
        # --workers: a worker was killed (out of memory, most often) and took its chunk along.
        print(
            "dunning: error: a worker process ended abruptly (killed, perhaps out of memory): "
            "the plan is incomplete and is not written to --out; run again with fewer "
            "--workers (with --stream, each holds a few chunks of debtors)",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("dunning: interrupted", file=sys.stderr)
        return 130


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout is not a file
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
