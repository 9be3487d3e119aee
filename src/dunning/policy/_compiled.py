"""Evaluating a :class:`ContactPolicy`: allowed instants, caps, consent, with reasons.

The planner and :meth:`ContactPolicy.check` share this code, so what the planner schedules is
exactly what ``check`` accepts. Times: a window ``[start, end)`` on local date ``e`` in zone ``z``
is the span of instants from ``start`` to ``end`` resolved in ``z`` (a wall time in a
spring-forward gap moves forward to the first instant that exists; an ambiguous one takes the
earlier instant). When a debtor may be in several zones, an instant must be allowed in all.

"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from .._core._errors import InputError
from .._core._kinds import ChannelKind
from .._core._models import Debtor
from .._core._timezones import UTC, ensure_aware, get_zone, local_datetime, start_of_day
from ..events import (
    Event,
)
from ._calendar import _calendar_dates, holiday_names
from ._caps import _cap_violation
from ._contacts import Contact, DebtorLog
from ._rules import (
    Basis,
    FrequencyCap,
    HoursRule,
    Source,
    StopCondition,
    Violation,
)

if TYPE_CHECKING:
    from ._policy import ContactPolicy

__all__ = [
    "CONSENT_EVENT_SOURCE",
    "DEFAULT_STOP_SOURCE",
    "CompiledPolicy",
    "check",
    "compiled",
    "next_allowed",
]

Interval = tuple[datetime, datetime]
_DAY = timedelta(days=1)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DEFAULT_STOP_SOURCE = Source(
    citation="dunning default: no reminders after payment in full, during a promise to pay or "
    "an open dispute, after legal action or an opt-out",
    basis=Basis.PRUDENT,
)
CONSENT_EVENT_SOURCE = Source(
    citation="debtor's own opt-out (consent revoked)", basis=Basis.PRUDENT
)


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    a.sort()
    b.sort()
    while i < len(a) and j < len(b):
        lo = max(a[i][0], b[j][0])
        hi = min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _window_end(day: date, end: time, zone: Any) -> datetime:
    if end == time.max:
        return start_of_day(day + _DAY, zone)
    return local_datetime(day, end, zone)


class CompiledPolicy:
    """A policy made ready for fast, repeated evaluation (built once per policy and reused)."""

    def __init__(self, policy: ContactPolicy) -> None:
        self.policy = policy
        self.hours: dict[ChannelKind, tuple[HoursRule, ...]] = {}
        self.caps: dict[ChannelKind, tuple[FrequencyCap, ...]] = {}
        self.consent: dict[ChannelKind, Source] = {}
        for channel in ChannelKind:
            self.hours[channel] = tuple(r for r in policy.hours if channel in r.channels)
            self.caps[channel] = tuple(c for c in policy.caps if channel in c.channels)
            for rule in policy.consent:
                if channel in rule.channels and channel not in self.consent:
                    self.consent[channel] = rule.source
        # How far back a cap reads contacts before the day it checks (its period and minimum
        # gap): older contacts cannot change a cap's answer.
        self.cap_reach_days = max(
            (cap.period_days + cap.min_gap_days for caps in self.caps.values() for cap in caps),
            default=0,
        )
        self.stop_sources: dict[StopCondition, Source] = {}
        for stop in policy.stops:
            self.stop_sources.setdefault(stop.condition, stop.source)
        self._years: dict[int, dict[date, str]] = {}
        self._consent_violations: dict[tuple[ChannelKind, bool], Violation] = {}
        self._intervals: dict[tuple[tuple[str, ...], date, ChannelKind], tuple[Interval, ...]] = {}

    def stop_source(self, condition: StopCondition) -> Source:
        return self.stop_sources.get(condition, DEFAULT_STOP_SOURCE)

    def holiday(self, day: date) -> str | None:
        year = self._years.get(day.year)
        if year is None:
            year = self._years[day.year] = holiday_names(self.policy, day.year)
        return year.get(day)

    def holiday_source(self, day: date) -> Source | None:
        for calendar in self.policy.holidays:
            if day in _calendar_dates(calendar, day.year):
                return calendar.source
        return None

    def _quiet(self, day: date, channel: ChannelKind) -> Any:
        for period in self.policy.quiet_periods:
            if channel in period.channels and period.start <= day <= period.end:
                return period
        return None

    # -- allowed instants -------------------------------------------------------------------

    def intervals(
        self, zones: tuple[str, ...], day: date, channel: ChannelKind
    ) -> tuple[Interval, ...]:
        """Allowed UTC spans on local date ``day`` (in the first zone) for ``channel``."""
        key = (zones, day, channel)
        cached = self._intervals.get(key)
        if cached is not None:
            return cached
        home = get_zone(zones[0])
        allowed = [(start_of_day(day, home), start_of_day(day + _DAY, home))]
        rules = self.hours[channel]
        quiet = bool(self.policy.quiet_periods)
        for name in zones:
            zone = get_zone(name)
            span_lo, span_hi = (
                allowed[0][0] if allowed else None,
                allowed[-1][1] if allowed else None,
            )
            if span_lo is None or span_hi is None:
                break
            first = span_lo.astimezone(zone).date()
            last = (span_hi - timedelta(microseconds=1)).astimezone(zone).date()
            local_days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
            if quiet:
                open_days = [
                    (start_of_day(e, zone), start_of_day(e + _DAY, zone))
                    for e in local_days
                    if self._quiet(e, channel) is None
                ]
                allowed = _intersect(allowed, open_days)
            for rule in rules:
                spans: list[Interval] = []
                for e in local_days:
                    if rule.closed_on_holidays and self.holiday(e) is not None:
                        continue
                    for window in rule.windows_on(e.weekday()):
                        lo = local_datetime(e, window.start, zone)
                        hi = _window_end(e, window.end, zone)
                        if lo < hi:
                            spans.append((lo, hi))
                allowed = _intersect(allowed, spans)
        result = tuple(allowed)
        if len(self._intervals) > 200_000:
            self._intervals.clear()
        self._intervals[key] = result
        return result

    def time_allowed(self, zones: tuple[str, ...], at: datetime, channel: ChannelKind) -> bool:
        day = at.astimezone(get_zone(zones[0])).date()
        return any(lo <= at < hi for lo, hi in self.intervals(zones, day, channel))

    def time_violations(
        self, zones: tuple[str, ...], at: datetime, channel: ChannelKind
    ) -> list[Violation]:
        """Why ``at`` is not an allowed time (empty when it is)."""
        if self.time_allowed(zones, at, channel):
            return []
        out: list[Violation] = []
        for name in zones:
            zone = get_zone(name)
            local = at.astimezone(zone)
            day = local.date()
            where = f" in {name}" if len(zones) > 1 else ""
            period = self._quiet(day, channel)
            if period is not None:
                out.append(
                    Violation(
                        code="quiet_period",
                        reason=f"{day} is inside a quiet period ({period.start}..{period.end})",
                        source=period.source,
                    )
                )
            for rule in self.hours[channel]:
                holiday = self.holiday(day) if rule.closed_on_holidays else None
                windows = rule.windows_on(day.weekday())
                if holiday is not None:
                    out.append(
                        Violation(
                            code="holiday",
                            reason=f"{day} is a holiday ({holiday}){where}; no {channel.value} "
                            "contact on holidays",
                            source=rule.source,
                        )
                    )
                elif not windows:
                    out.append(
                        Violation(
                            code="closed_day",
                            reason=f"no {channel.value} contact on {_DAY_NAMES[day.weekday()]}s"
                            f"{where}",
                            source=rule.source,
                        )
                    )
                elif not any(
                    local_datetime(day, w.start, zone) <= at < _window_end(day, w.end, zone)
                    for w in windows
                ):
                    allowed = ", ".join(str(w) for w in windows)
                    out.append(
                        Violation(
                            code="outside_hours",
                            reason=f"{local:%H:%M} local{where} is outside {allowed}",
                            source=rule.source,
                        )
                    )
        if not out:  # allowed in each zone alone, but the zones' windows do not overlap
            out.append(
                Violation(
                    code="outside_hours",
                    reason=f"no time is allowed in all of the debtor's possible zones "
                    f"({', '.join(zones)}) at {at.isoformat()}",
                    source=self.hours[channel][0].source if self.hours[channel] else None,
                )
            )
        return out

    # -- caps -------------------------------------------------------------------------------

    def cap_violations(
        self,
        log: DebtorLog,
        day: date,
        channel: ChannelKind,
        debt_ids: tuple[str, ...],
        extra: Iterable[Contact] = (),
    ) -> list[Violation]:
        """Caps that a contact on ``day`` via ``channel`` for ``debt_ids`` would break."""
        caps = self.caps[channel]
        if not caps:
            return []
        # Only contacts within every cap's reach of ``day`` can count (each cap filters again).
        reach = timedelta(days=self.cap_reach_days)
        lo, hi = day - reach, day + reach
        contacts = [c for c in log.contacts if lo <= c.day <= hi]
        contacts.extend(c for c in extra if lo <= c.day <= hi)
        if not contacts and all(
            cap.limit >= 1 and not (cap.after_two_way_contact and log.replies) for cap in caps
        ):
            # A first contact breaks no cap that allows one (replies count only toward a cap
            # counted from a two-way contact).
            return []
        out: list[Violation] = []
        for cap in caps:
            scopes: tuple[str | None, ...] = (
                (None,) if cap.scope == "debtor" else (debt_ids or (None,))
            )
            for scope in scopes:
                violation = _cap_violation(cap, log, contacts, day, channel, scope)
                if violation is not None:
                    out.append(violation)
                    break
        return out

    def consent_violation(
        self, log: DebtorLog, channel: ChannelKind, at: datetime
    ) -> Violation | None:
        state, _ = log.consent_state(channel, at)
        if state is True:
            return None
        if state is None and channel not in self.consent:
            return None
        key = (channel, state is False)
        cached = self._consent_violations.get(key)
        if cached is None:
            if state is False:
                cached = Violation(
                    code="opted_out",
                    reason=f"the debtor revoked consent for {channel.value}",
                    source=self.stop_sources.get(StopCondition.OPT_OUT, CONSENT_EVENT_SOURCE),
                )
            else:
                cached = Violation(
                    code="no_consent",
                    reason=f"{channel.value} needs a recorded consent and there is none",
                    source=self.consent[channel],
                )
            self._consent_violations[key] = cached
        return cached

    def legal_violation(self, log: DebtorLog, at: datetime) -> Violation | None:
        if log.legal_action_at is not None and log.legal_action_at <= at:
            return Violation(
                code="legal_action",
                reason=f"legal action started {log.legal_action_at.date()}: extrajudicial "
                "collection stops",
                source=self.stop_source(StopCondition.LEGAL_ACTION),
            )
        return None


_COMPILED: dict[int, tuple[ContactPolicy, CompiledPolicy]] = {}


def compiled(policy: ContactPolicy) -> CompiledPolicy:
    """The cached compiled form of ``policy`` (kept alive with the policy object)."""
    entry = _COMPILED.get(id(policy))
    if entry is not None and entry[0] is policy:
        return entry[1]
    if len(_COMPILED) > 256:
        _COMPILED.clear()
    result = CompiledPolicy(policy)
    _COMPILED[id(policy)] = (policy, result)
    return result


def _debtor_events(debtor: Debtor, history: Iterable[Event]) -> list[Event]:
    return [e for e in history if getattr(e, "debtor_id", debtor.id) == debtor.id]


def check(
    policy: ContactPolicy,
    debtor: Debtor,
    channel: ChannelKind,
    at: datetime,
    history: Iterable[Event],
    *,
    debt_ids: tuple[str, ...] = (),
    log: DebtorLog | None = None,
) -> list[Violation]:
    ensure_aware(at, "at")
    at = at.astimezone(UTC)
    cp = compiled(policy)
    if log is None:
        log = DebtorLog.build(debtor, _debtor_events(debtor, history))
    out: list[Violation] = []
    legal = cp.legal_violation(log, at)
    if legal is not None:
        out.append(legal)
    consent = cp.consent_violation(log, channel, at)
    if consent is not None:
        out.append(consent)
    out.extend(cp.time_violations(debtor.zones, at, channel))
    day = at.astimezone(debtor.zone).date()
    out.extend(cp.cap_violations(log, day, channel, debt_ids))
    return out


def next_allowed(
    policy: ContactPolicy,
    debtor: Debtor,
    channel: ChannelKind,
    after: datetime,
    history: Iterable[Event],
    within_days: int,
) -> datetime | None:
    ensure_aware(after, "after")
    if (
        isinstance(within_days, bool)
        or not isinstance(within_days, int)
        or not (0 <= within_days <= 3660)
    ):
        raise InputError(
            "within_days must be an integer from 0 to 3660", field="within_days", value=within_days
        )
    after = after.astimezone(UTC)
    cp = compiled(policy)
    log = DebtorLog.build(debtor, _debtor_events(debtor, history))
    if cp.legal_violation(log, after):
        return None
    first = after.astimezone(debtor.zone).date()
    changes = sorted(when for when, ch, _, _ in log.consent if ch is None or ch is channel)
    day = first
    while day <= first + timedelta(days=within_days):
        if not cp.cap_violations(log, day, channel, ()):
            for lo, hi in cp.intervals(debtor.zones, day, channel):
                t = max(lo, after)
                if t >= hi:
                    continue
                if cp.legal_violation(log, t):
                    return None  # legal action is for good
                if cp.consent_violation(log, channel, t) is None:
                    return t
                # Not allowed now: wait for the next consent change, if there is one.
                later = [c for c in changes if c > t]
                if not later:
                    return None
                after = later[0]
                day = after.astimezone(debtor.zone).date() - timedelta(days=1)
                break
        day += timedelta(days=1)
    return None
