"""The rule tables of ``docs/policies.md``, generated from the built-in policies.

Each table sits between ``<!-- policy-table CODE -->`` and ``<!-- /policy-table -->`` markers; a
subdivision's table (``BR-SP``) lists only what the subdivision adds to its country. Regenerate
the page after changing a rule::

    python -m dunning.policy._docs docs/policies.md

``tests/test_policy_docs.py`` fails when the page and the registry disagree.

>>> print(table("US", "MA").splitlines()[3])  # doctest: +ELLIPSIS
| cap | call, sms, whatsapp | at most 2 contacts per 7 days per debt ... | law | high |
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from datetime import time
from pathlib import Path

from .._core._kinds import ALL_CHANNELS, ChannelKind
from . import for_country, subdivision_rules
from ._policy import ContactPolicy
from ._rules import HolidayCalendar, HoursRule, RegisterRule, Source, StopCondition, StopRule

__all__ = ["DOCUMENTED", "Entry", "entries", "regenerate", "table"]

DOCUMENTED: tuple[tuple[str, str | None], ...] = (
    ("AR", None),
    ("BR", None),
    ("BR", "SP"),
    ("BR", "RJ"),
    ("BR", "ES"),
    ("BR", "AM"),
    ("BR", "AL"),
    ("CL", None),
    ("CO", None),
    ("MX", None),
    ("PE", None),
    ("US", None),
    ("US", "MA"),
)
"""The policies ``docs/policies.md`` has a table for: every country, and the subdivisions
with their own law."""

_HEADER = (
    "| Kind | Channels | What it allows | Source | Basis | Confidence |\n"
    "| --- | --- | --- | --- | --- | --- |"
)
_ORDER = [
    ChannelKind.CALL,
    ChannelKind.VISIT,
    ChannelKind.SMS,
    ChannelKind.WHATSAPP,
    ChannelKind.EMAIL,
    ChannelKind.LETTER,
]
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_STOPS = {
    StopCondition.PAID: "payment in full",
    StopCondition.PROMISE: "an active promise to pay (through its date)",
    StopCondition.DISPUTE: "an open dispute",
    StopCondition.LEGAL_ACTION: "legal action",
    StopCondition.OPT_OUT: "an opt-out",
    StopCondition.ATTORNEY: "an attorney representing the debtor",
    StopCondition.WORKPLACE: "an employer's ban on contact at work (calls and texts to a work "
    "number)",
}


def _channels(channels: Iterable[ChannelKind]) -> str:
    chosen = frozenset(channels)
    if chosen == ALL_CHANNELS:
        return "all"
    return ", ".join(c.value for c in _ORDER if c in chosen)


def _clock(value: time) -> str:
    return "24:00" if value == time.max else value.strftime("%H:%M")


def _days(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 1:
        return f"{_DAYS[ordered[0]]}–{_DAYS[ordered[-1]]}"
    return ", ".join(_DAYS[d] for d in ordered)


def _hours(rule: HoursRule) -> str:
    if not rule.windows:
        return "never"
    text = ", ".join(f"{_days(w.days)} {_clock(w.start)}–{_clock(w.end)}" for w in rule.windows)
    closed = [_DAYS[d] for d in range(7) if not rule.windows_on(d)]
    if closed:
        text += f"; never on {', '.join(closed)}"
    if rule.closed_on_holidays:
        text += "; closed on holidays"
    return text


def _holidays(calendar: HolidayCalendar) -> str:
    if calendar.categories:
        where = calendar.country + (f"-{calendar.subdivision}" if calendar.subdivision else "")
        text = f"public holidays of {where}"
    else:
        text = "added dates"
    if calendar.extra_dates:
        days = "; ".join(
            f"{d.isoformat()} {name}" for d, name in sorted(calendar.extra_dates.items())
        )
        text += f": {days}"
    return text


def _register(rule: RegisterRule) -> str:
    lag = f", from {rule.lag_days} days after registration" if rule.lag_days else ""
    need = " (the planner needs its lookup: `Planner(registers=...)`)" if rule.mandatory else ""
    return f"no contact with numbers in {rule.description}{lag}{need}"


Entry = tuple[str, str, str, Source]
"""``(kind, channels, what it allows, source)``: one rule in words."""


def _row(kind: str, channels: Iterable[ChannelKind], what: str, src: Source) -> Entry:
    return (kind, _channels(channels), what, src)


def _markdown(entry: Entry) -> str:
    kind, channels, what, src = entry
    cells = [kind, channels, what, src.citation, src.basis.value, src.confidence]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def entries(policy: ContactPolicy) -> list[Entry]:
    """Every rule of ``policy`` in words, in the order of the docs tables."""
    rows: list[Entry] = []
    for rule in policy.hours:
        rows.append(_row("hours", rule.channels, _hours(rule), rule.source))
    for calendar in policy.holidays:
        rows.append(_row("holidays", ALL_CHANNELS, _holidays(calendar), calendar.source))
    for cap in policy.caps:
        rows.append(_row("cap", cap.channels, cap.describe(), cap.source))
    for content in policy.content:
        what = content.description
        if content.creditor_fields:
            what += f" (needs Creditor {', '.join(content.creditor_fields)})"
        if content.debt_collectors_only:
            what += " (debt collectors only)"
        if content.first_contact_only:
            what += " (first contact)"
        rows.append(_row("content", content.channels, what, content.source))
    for consent in policy.consent:
        rows.append(
            _row("consent", consent.channels, "only with a recorded consent", consent.source)
        )
    for register in policy.registers:
        rows.append(_row("register", register.channels, _register(register), register.source))
    for period in policy.quiet_periods:
        what = f"no contact {period.start.isoformat()}..{period.end.isoformat()}"
        rows.append(_row("quiet", period.channels, what, period.source))
    rows.extend(_stop_rows(policy.stops))
    return rows


def _stop_rows(stops: Sequence[StopRule]) -> list[Entry]:
    by_source: dict[Source, list[StopCondition]] = {}
    for stop in stops:
        by_source.setdefault(stop.source, []).append(stop.condition)
    return [
        _row(
            "stop",
            ALL_CHANNELS,
            "reminders stop on " + "; ".join(_STOPS[c] for c in conditions),
            src,
        )
        for src, conditions in by_source.items()
    ]


def table(code: str, subdivision: str | None = None) -> str:
    """The markdown table of a built-in policy (for a subdivision: only what it adds)."""
    policy = for_country(code) if subdivision is None else subdivision_rules(code, subdivision)
    return "\n".join([_HEADER, *(_markdown(e) for e in entries(policy))])


_BLOCK = re.compile(
    r"(<!-- policy-table (?P<key>[A-Z]{2}(?:-[^ ]+)?) -->\n).*?(\n<!-- /policy-table -->)", re.S
)


def regenerate(text: str) -> str:
    """``text`` (the page) with every marked table replaced by the registry's."""

    def fill(match: re.Match[str]) -> str:
        code, _, sub = match.group("key").partition("-")
        return f"{match.group(1)}{table(code, sub or None)}{match.group(3)}"

    return _BLOCK.sub(fill, text)


def _main(argv: Sequence[str]) -> int:  # pragma: no cover - a maintainer's tool
    for name in argv or ["docs/policies.md"]:
        path = Path(name)
        path.write_text(regenerate(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
