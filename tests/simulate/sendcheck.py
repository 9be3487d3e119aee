"""An independent compliance checker for simulated sends, written from the policy's rule data
(hours windows, quiet periods, consent rules) and the ``holidays`` package, never with the
planner's or the dispatcher's own check. Used by the simulation tests and by
``benchmarks/optimize_experiment.py``."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import holidays

from dunning import Debtor
from dunning.events import ConsentRevoked, MessageSent
from dunning.policy import ContactPolicy, for_debtor


def closed_days(policy: ContactPolicy, debtor: Debtor, year: int) -> set[date]:
    days: set[date] = set(
        holidays.country_holidays(debtor.country, subdiv=debtor.subdivision, years=year)
    )
    for calendar in policy.holidays:
        days |= set(
            holidays.country_holidays(calendar.country, subdiv=calendar.subdivision, years=year)
        )
        days |= set(calendar.extra_dates)
    return days


def violations(sim) -> list[str]:
    debtors = {d.id: d for d in sim.log.debtors}
    revoked: dict[tuple[str, str], list] = {}
    for e in sim.log.events:
        if isinstance(e, ConsentRevoked):
            revoked.setdefault((e.debtor_id, str(e.channel)), []).append(e.at)
    problems = []
    for e in sim.log.events:
        if not isinstance(e, MessageSent):
            continue
        debtor = debtors[e.debtor_id]
        policy = for_debtor(debtor)
        wall = e.at.astimezone(ZoneInfo(debtor.timezone))
        day, clock = wall.date(), wall.time()
        for rule in policy.hours:
            if e.channel not in rule.channels:
                continue
            if rule.closed_on_holidays and day in closed_days(policy, debtor, day.year):
                problems.append(f"{e.message_id}: {day} is a holiday in {debtor.country}")
            if not any(
                day.weekday() in w.days
                and w.start <= clock
                and (w.end == time.max or clock < w.end)
                for w in rule.windows
            ):
                problems.append(f"{e.message_id}: {wall} outside {[str(w) for w in rule.windows]}")
        for period in policy.quiet_periods:
            if e.channel in period.channels and period.start <= day <= period.end:
                problems.append(f"{e.message_id}: {day} in a quiet period")
        needs_consent = any(e.channel in rule.channels for rule in policy.consent)
        if needs_consent and not any(
            c.channel == e.channel and c.granted_at <= e.at for c in debtor.consents
        ):
            problems.append(f"{e.message_id}: no consent on {e.channel}")
        # A revocation of one channel, or of every channel (channel=None), forbids the send.
        stops = [
            *revoked.get((debtor.id, str(e.channel)), []),
            *revoked.get((debtor.id, "None"), []),
        ]
        if any(t < e.at for t in stops):
            problems.append(f"{e.message_id}: consent revoked before the send")
    return problems
