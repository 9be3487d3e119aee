"""Command line: ``dunning demo`` plans the built-in sample portfolio and prints the plan;
``dunning lint-templates`` checks message templates."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime

from .._core._errors import DunningError
from .._core._timezones import UTC, ensure_aware
from .._core._version import __version__
from .._planning._plan import Plan
from .._planning._planner import Planner
from .._planning._strategy import default_strategy
from ..policy import COUNTRIES, for_country
from ._sample import sample_portfolio

__all__ = ["main", "render_plan"]


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(out)


def render_plan(plan: Plan, names: dict[str, str] | None = None) -> str:
    """A plan as two readable tables: messages, then skipped or moved steps."""
    names = names or {}
    rows = []
    for m in sorted(plan.messages, key=lambda m: (m.send_at, m.debtor_id)):
        totals = " + ".join(f"{t.amount} {t.currency}" for t in m.totals)
        rows.append(
            [
                f"{m.debtor_id} {names.get(m.debtor_id, '')}".strip(),
                m.local_send_at.strftime("%a %d %b %H:%M %Z"),
                m.send_at.strftime("%Y-%m-%d %H:%M UTC"),
                m.channel.value,
                m.stage.value,
                ",".join(m.debt_ids),
                totals,
            ]
        )
    parts = [
        f"Plan as of {plan.as_of:%Y-%m-%d %H:%M UTC}, {plan.horizon_days} day(s): "
        f"{len(plan.messages)} messages, {len(plan.moved)} moved, {len(plan.dropped)} skipped",
        "",
        _table(["debtor", "local time", "utc", "channel", "stage", "debts", "outstanding"], rows),
    ]
    skip_rows = []
    for s in sorted(plan.skipped, key=lambda s: (s.on, s.debtor_id, s.code.value)):
        skip_rows.append(
            [
                s.debtor_id,
                ",".join(s.debt_ids),
                s.on.isoformat(),
                ("moved: " if s.moved else "") + s.code.value,
                s.reason if len(s.reason) <= 90 else s.reason[:87] + "...",
                s.source.citation[:60] if s.source else "",
            ]
        )
    if skip_rows:
        parts += [
            "",
            "Skipped or moved steps",
            "",
            _table(["debtor", "debts", "step day", "code", "reason", "source"], skip_rows),
        ]
    return "\n".join(parts)


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return ensure_aware(value, "--as-of").astimezone(UTC)


def _demo(args: argparse.Namespace) -> int:
    sample = sample_portfolio(_as_of(args.as_of))
    planner = Planner(default_strategy(), creditor=sample.creditor)
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
    parser = argparse.ArgumentParser(prog="dunning", description=__doc__)
    parser.add_argument("--version", action="version", version=f"dunning {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="plan the built-in sample portfolio and print the plan")
    demo.add_argument("--as-of", help="aware ISO datetime (default: 2026-11-23T12:00+00:00)")
    demo.add_argument("--horizon", type=int, default=3, help="days to plan (default 3)")
    demo.set_defaults(func=_demo)
    pol = sub.add_parser("policy", help="print a built-in country policy with its sources")
    pol.add_argument("country", choices=sorted(COUNTRIES))
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
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DunningError as exc:
        print(f"dunning: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
