"""Frequency caps: whether one more contact on a day keeps every cap's window within its limit."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from .._core._kinds import ChannelKind, SkipCode
from ._contacts import Contact, DebtorLog
from ._rules import (
    FrequencyCap,
    Violation,
)


def _activation(span: int | None, two_way: list[int], lo: int, hi: int) -> int | None:
    """For a cap that starts after a two-way contact (``span``: its
    ``active_days_after_contact``): the earliest contact day that puts the window ``lo..hi``
    under the cap (counting starts there), or ``None`` when none does. Days are ordinals;
    ``two_way`` is sorted."""
    # The first contact on or after ``lo - (span - 1)`` (any, for a cap in force from the
    # contact on), if it comes by ``hi``.
    index = 0 if span is None else bisect_left(two_way, lo - (span - 1))
    if index < len(two_way) and two_way[index] <= hi:
        return two_way[index]
    return None


def _label(scope: str | None) -> str:
    return f" for debt {scope}" if scope else ""


# Each cap's describe(), by id with the cap kept (an id is reused once its object is freed).
_DESCRIBED: dict[int, tuple[FrequencyCap, str]] = {}


def _violation(cap: FrequencyCap, code: SkipCode, what: str) -> Violation:
    """``cap``'s violation: ``what`` happened, then the cap in plain words (built without
    validation: every value is already valid, and a plan may build thousands)."""
    hit = _DESCRIBED.get(id(cap))
    if hit is None or hit[0] is not cap:
        if len(_DESCRIBED) > 4096:  # caps built at run time may be many
            _DESCRIBED.clear()
        hit = _DESCRIBED[id(cap)] = (cap, cap.describe())
    return Violation._build(code=code, reason=f"{what}; {hit[1]}", source=cap.source)


def _full_window(limit: int, span: int, days: list[int], day: int) -> bool:
    """Whether some window of ``span + 1`` days around ``day`` already holds ``limit`` of the
    contacts on ``days`` (sorted ordinals): ``limit`` contacts fit one such window exactly when
    ``limit`` consecutive ones span, with ``day``, at most ``span + 1`` days."""
    if limit <= 0:
        return True
    lo, hi = bisect_left(days, day - span), bisect_right(days, day + span)
    for i in range(lo, hi - limit + 1):
        if max(days[i + limit - 1], day) - min(days[i], day) <= span:
            return True
    return False


def _cap_violation(
    cap: FrequencyCap,
    log: DebtorLog,
    contacts: list[Contact],
    day: date,
    channel: ChannelKind,
    scope: str | None,
) -> Violation | None:
    # Days are ordinals here (integer arithmetic); dates are made only for a reason's text.
    # The dates at the span's ends are made first: past either end of the calendar they raise
    # OverflowError, as date arithmetic does everywhere in the planner.
    period, limit, gap = cap.period_days, cap.limit, cap.min_gap_days
    span_lo = (day - timedelta(days=period - 1)).toordinal()
    span_hi = (day + timedelta(days=period - 1)).toordinal()
    today = day.toordinal()
    first, last, channels = span_lo - gap, span_hi + gap, cap.channels
    relevant = [
        (when, c)
        for c in contacts
        if c.channel in channels
        and (scope is None or not c.debt_ids or scope in c.debt_ids)
        and first <= (when := c.day.toordinal()) <= last
    ]
    after = cap.after_two_way_contact
    span = cap.active_days_after_contact
    two_way: list[tuple[date, ChannelKind]] = []
    two_way_days: list[int] = []
    if after:  # only a cap counted from a two-way contact reads them
        # Sorted by day once per log (DebtorLog.two_way).
        every, ordinals = log.two_way_on(channels)
        end = bisect_right(ordinals, span_hi)
        if not end:
            return None
        two_way, two_way_days = every[:end], ordinals[:end]
    by_channels = cap.counts == "channels"
    days = sorted(when for when, _ in relevant)
    # No window can hold more than every relevant contact plus this one (nor more channels):
    # when that is within the limit, only the minimum gap is left to check; nor can a count
    # break it when no window around the day holds ``limit`` contacts already.
    windows = range(period) if after or len(relevant) >= limit else range(0)
    if (
        windows
        and not after
        and not by_channels
        and not _full_window(limit, period - 1, days, today)
    ):
        windows = range(0)
    for offset in windows:
        lo = span_lo + offset
        hi = lo + period - 1
        start = lo
        in_window_tw: list[tuple[date, ChannelKind]] = []
        if after:
            activated = _activation(span, two_way_days, lo, hi)
            if activated is None or today < activated:
                continue  # not under the cap, or the new contact comes before it starts
            start = max(lo, activated)
            in_window_tw = two_way[
                bisect_left(two_way_days, start) : bisect_right(two_way_days, hi)
            ]
        if by_channels:
            used = {c.channel for when, c in relevant if start <= when <= hi}
            used |= {ch for _, ch in in_window_tw}
            used.add(channel)
            if len(used) > limit:
                return _violation(
                    cap,
                    SkipCode.CAP_REACHED,
                    f"{len(used)} channels would be used in "
                    f"{date.fromordinal(lo)}..{date.fromordinal(hi)}{_label(scope)}",
                )
        else:
            count = bisect_right(days, hi) - bisect_left(days, start) + len(in_window_tw) + 1
            if count > limit:
                return _violation(
                    cap,
                    SkipCode.CAP_REACHED,
                    f"{count - 1} counted contacts already in "
                    f"{date.fromordinal(lo)}..{date.fromordinal(hi)}{_label(scope)}",
                )
    if gap:
        mine = _activation(span, two_way_days, today, today) if after else None
        for when, c in relevant:
            if abs(when - today) >= gap:
                continue
            if after:
                # The pair is under the cap when either contact's day is, and the other one
                # falls on or after the two-way contact that put it there.
                theirs = _activation(span, two_way_days, when, when)
                if not (
                    (mine is not None and when >= mine) or (theirs is not None and today >= theirs)
                ):
                    continue
            return _violation(
                cap,
                SkipCode.MIN_GAP,
                f"a contact on {c.day} is less than {gap} days from {day}{_label(scope)}",
            )
    return None


# --------------------------------------------------------------------------- public queries
