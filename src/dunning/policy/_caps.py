"""Frequency caps: whether one more contact on a day keeps every cap's window within its limit."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from .._core._kinds import ChannelKind
from ._contacts import Contact, DebtorLog
from ._rules import (
    FrequencyCap,
    Violation,
)


def _activation(cap: FrequencyCap, two_way: list[date], lo: date, hi: date) -> date | None:
    """For a cap that starts after a two-way contact: the earliest contact date that puts the
    window ``lo..hi`` under the cap (counting starts there), or ``None`` when none does."""
    span = cap.active_days_after_contact
    for t in two_way:  # sorted
        if t > hi:
            return None
        if span is None or lo <= t + timedelta(days=span - 1):
            return t
    return None


def _cap_violation(
    cap: FrequencyCap,
    log: DebtorLog,
    contacts: list[Contact],
    day: date,
    channel: ChannelKind,
    scope: str | None,
) -> Violation | None:
    period = cap.period_days
    span_lo, span_hi = day - timedelta(days=period - 1), day + timedelta(days=period - 1)
    gap = timedelta(days=cap.min_gap_days)
    relevant = [
        c
        for c in contacts
        if c.channel in cap.channels
        and (scope is None or not c.debt_ids or scope in c.debt_ids)
        and span_lo - gap <= c.day <= span_hi + gap
    ]
    after = cap.after_two_way_contact
    two_way: list[tuple[date, ChannelKind]] = []
    if after:  # only a cap counted from a two-way contact reads them
        two_way = sorted((d, ch) for d, ch in log.two_way if ch in cap.channels and d <= span_hi)
        if not two_way:
            return None
    two_way_days = [d for d, _ in two_way]
    label = f" for debt {scope}" if scope else ""
    # No window can hold more than every relevant contact plus this one (nor more channels):
    # when that is within the limit, only the minimum gap is left to check.
    windows = range(period) if after or len(relevant) >= cap.limit else range(0)
    days = sorted(c.day for c in relevant) if windows else []  # counted by bisection
    for offset in windows:
        lo = span_lo + timedelta(days=offset)
        hi = lo + timedelta(days=period - 1)
        start = lo
        if after:
            activated = _activation(cap, two_way_days, lo, hi)
            if activated is None or day < activated:
                continue  # not under the cap, or the new contact comes before it starts
            start = max(lo, activated)
        in_window_tw = [(d, ch) for d, ch in two_way if start <= d <= hi] if after else []
        if cap.counts == "channels":
            in_window = [c for c in relevant if start <= c.day <= hi]
            used = {c.channel for c in in_window} | {ch for _, ch in in_window_tw} | {channel}
            if len(used) > cap.limit:
                return Violation(
                    code="cap_reached",
                    reason=f"{len(used)} channels would be used in {lo}..{hi}{label}; "
                    f"{cap.describe()}",
                    source=cap.source,
                )
        else:
            in_window_count = bisect_right(days, hi) - bisect_left(days, start)
            count = in_window_count + len(in_window_tw) + 1
            if count > cap.limit:
                return Violation(
                    code="cap_reached",
                    reason=f"{count - 1} counted contacts already in {lo}..{hi}{label}; "
                    f"{cap.describe()}",
                    source=cap.source,
                )
    if cap.min_gap_days:
        mine = _activation(cap, two_way_days, day, day) if after else None
        for c in relevant:
            if abs((c.day - day).days) >= cap.min_gap_days:
                continue
            if after:
                # The pair is under the cap when either contact's day is, and the other one
                # falls on or after the two-way contact that put it there.
                theirs = _activation(cap, two_way_days, c.day, c.day)
                if not (
                    (mine is not None and c.day >= mine) or (theirs is not None and day >= theirs)
                ):
                    continue
            return Violation(
                code="min_gap",
                reason=f"a contact on {c.day} is less than {cap.min_gap_days} days from "
                f"{day}{label}; {cap.describe()}",
                source=cap.source,
            )
    return None


# --------------------------------------------------------------------------- public queries
