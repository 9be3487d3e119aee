"""Promise dates: the date phrases a :class:`~._lexicon._Lexicon` found, numeric and written
dates and weekdays resolved against the debtor's local date with ``dateutil`` (docs/intents.md,
"Promise dates"). A date the calendar cannot hold (past 9999-12-31, or too far to compute) is
:data:`_BEYOND`, out of range, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from dateutil.rrule import MONTHLY, YEARLY, rrule

from ._lexicon import _outermost

if TYPE_CHECKING:
    from ._lexicon import _Lexicon, _Match, _Token

_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_T = TypeVar("_T")
_U = TypeVar("_U")
_FAR_DAYS = 100_000  # more days ahead than any bound on a promise: not worth computing
_BEYOND = date.max  # a date past the calendar's end, or too far to compute: out of range
DATE_KINDS = frozenset(
    {
        "today",
        "tomorrow",
        "day_after",
        "in_days",
        "end_of_month",
        "quincena",
        "next_week",
        "weekend",
        "day_of_month",
        "time_of_day",
        "ignore",
    }
)
"""The date rules a lexicon's ``[dates.phrases]`` table may name."""


class _When(NamedTuple):
    """A date said on ``tokens[start:end]``: which rule (``label``) and the date it means."""

    start: int
    end: int
    label: str
    value: date | None


def _next_weekday(today: date, weekday: int) -> date:
    """The first date strictly after ``today`` falling on ``weekday`` (Monday is 0)."""
    return today + relativedelta(days=+1, weekday=_WEEKDAYS[weekday](+1))


def _next_week_monday(today: date) -> date:
    return _next_weekday(today, 0)


@lru_cache(maxsize=1024)
def _first_on_or_after(today: date, day: int, month: int | None = None) -> date | None:
    """The first date ≥ ``today`` with that day (and month): months lacking the day are skipped."""
    try:
        date(2000, month or 1, day)  # a leap year: is the pair possible at all?
    except ValueError:
        return None
    start = datetime(today.year, today.month, today.day)
    if month is None:
        rule = rrule(MONTHLY, bymonthday=day, dtstart=start, count=1)
    else:
        rule = rrule(YEARLY, bymonth=month, bymonthday=day, dtstart=start, count=1)
    return rule[0].date()


def _on(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is None:
        return _first_on_or_after(today, day, month)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _phrase_date(kind: str, number: int | None, weeks: bool, today: date) -> date | None:
    if kind in ("today", "time_of_day"):
        return today
    if kind == "tomorrow":
        return today + timedelta(days=1)
    if kind == "day_after":
        return today + timedelta(days=2)
    if kind == "in_days" and number is not None:
        days = number * (7 if weeks else 1)
        return today + timedelta(days=days) if days <= _FAR_DAYS else _BEYOND
    if kind == "end_of_month":
        return today + relativedelta(day=31)
    if kind == "quincena":
        start = datetime(today.year, today.month, today.day) + timedelta(days=1)
        return rrule(MONTHLY, bymonthday=(15, -1), dtstart=start, count=1)[0].date()
    if kind == "next_week":
        return _next_week_monday(today) + timedelta(days=4)
    if kind == "weekend":
        return _next_weekday(today, 5)
    if kind == "day_of_month" and number is not None and 1 <= number <= 31:
        return _first_on_or_after(today, number)
    return None


def _find_dates(
    lex: _Lexicon, tokens: list[_Token], matches: list[_Match], today: date
) -> list[_When]:
    found: list[_When] = []
    for m in matches:
        kind = m.kind[5:]
        span = tokens[m.start : m.end]
        numbers = [n for n in (lex.number_at(t) for t in span) if n is not None]
        if kind == "day_of_month":
            after = tokens[m.end] if m.end < len(tokens) else None
            if after is not None and after.text in lex.not_after_day:  # "el 15 mil", "el 3 %"
                continue
        weeks = any(t.text in lex.week_words for t in span)
        number = numbers[0] if numbers else None
        value = _safely(_phrase_date, kind, number, weeks, today, default=_BEYOND)
        found.append(_When(m.start, m.end, kind, value))
    for i, token in enumerate(tokens):
        if token.kind == "date":
            parts = [int(p) for p in re.split(r"[/-]", token.text)]
            day, month = (parts[1], parts[0]) if lex.month_first else (parts[0], parts[1])
            year = parts[2] if len(parts) == 3 else None
            if 1 <= month <= 12:
                found.append(
                    _When(
                        i, i + 1, "numeric", _safely(_on, day, month, year, today, default=_BEYOND)
                    )
                )
        elif token.kind == "num" and len(token.text) <= 2 and 1 <= int(token.text) <= 31:
            found.extend(_safely(_written_date, lex, tokens, i, today, default=[]))
        elif token.kind == "word" and lex.lookup(lex.weekdays, token) is not None:
            found.extend(_safely(_weekday, lex, tokens, i, today, default=[]))
    kept = [w for w in _outermost(found) if w.label != "ignore"]
    if any(w.label != "time_of_day" for w in kept):  # "mañana a las 10": the day says when
        kept = [w for w in kept if w.label != "time_of_day"]
    return kept


def _safely(read: Callable[..., _T], *args: Any, default: _U) -> _T | _U:
    """``read(*args)``, or ``default`` when the calendar runs out (a reply received on
    9999-12-31 has no tomorrow): a date past the calendar is out of range, never an error."""
    try:
        return read(*args)
    except (OverflowError, ValueError, IndexError):  # IndexError: an rrule with no date left
        return default


def _written_date(lex: _Lexicon, tokens: list[_Token], i: int, today: date) -> list[_When]:
    day = int(tokens[i].text)
    j = i + 1
    while j < len(tokens) and j <= i + 3 and tokens[j].text in lex.connectors:
        j += 1
    month = lex.lookup(lex.months, tokens[j]) if j < len(tokens) else None
    start, end = i, j + 1
    if month is None:  # "December 15", "Dec. 15th"
        k = i - 1
        if k >= 0 and tokens[k].text == ".":
            k -= 1
        month = lex.lookup(lex.months, tokens[k]) if k >= 0 else None
        if month is None:
            return []
        start, end = k, i + 1
        while end < len(tokens) and tokens[end].text in ("th", "st", "nd", "rd"):
            end += 1
    year = None
    k = end
    while k < len(tokens) and k <= end + 1 and tokens[k].text in (*lex.connectors, ","):
        k += 1
    if k < len(tokens) and tokens[k].kind == "num" and re.fullmatch(r"20\d\d", tokens[k].text):
        year, end = int(tokens[k].text), k + 1
    while start > 0 and tokens[start - 1].text in lex.connectors | {"el", "dia", "the", "o"}:
        start -= 1
    return [_When(start, end, "written", _on(day, month, year, today))]


def _weekday(lex: _Lexicon, tokens: list[_Token], i: int, today: date) -> list[_When]:
    weekday = lex.lookup(lex.weekdays, tokens[i])
    assert weekday is not None
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    starts = before is None or before.kind == "punct" or before.clause != tokens[i].clause
    if (
        tokens[i].text in lex.guarded  # "segunda" is also "second": only as a day in context
        and not starts
        and before is not None
        and before.text not in lex.weekday_before
        and after not in lex.weekday_after
    ):
        return []
    end = i + 2 if after == "feira" else i + 1
    out = [_When(i, end, "weekday", _next_weekday(today, weekday))]
    j = end
    while j < len(tokens) and j <= end + 1 and tokens[j].text in {"dia", "the", "el", ","}:
        j += 1
    if j < len(tokens) and tokens[j].kind == "num" and len(tokens[j].text) <= 2:
        number = int(tokens[j].text)
        if 1 <= number <= 31:  # "el viernes 15": the day number is the more precise
            out.append(_When(i, j + 1, "day_of_month", _first_on_or_after(today, number)))
    return out


def _pick(lex: _Lexicon, tokens: list[_Token], whens: list[_When], anchor: int | None) -> _When:
    weekdays = [w for w in whens if w.label == "weekday"]
    next_week = [w for w in whens if w.label == "next_week"]
    if weekdays and next_week and weekdays[0].value is not None:  # "el viernes de la otra semana"
        w = weekdays[0]
        assert w.value is not None
        monday = next_week[0].value - timedelta(days=4) if next_week[0].value else None
        if monday is not None:
            value = _safely(monday.__add__, timedelta(days=w.value.weekday()), default=_BEYOND)
            whens = [
                _When(
                    min(w.start, next_week[0].start),
                    max(w.end, next_week[0].end),
                    "weekday_next_week",
                    value,
                )
            ]
    negated_clauses = {t.clause for t in tokens if t.text in lex.negators}
    usable = [w for w in whens if tokens[w.start].clause not in negated_clauses] or whens
    if anchor is None:
        return usable[0]
    return min(usable, key=lambda w: (min(abs(w.start - anchor), abs(w.end - anchor)), w.start))
