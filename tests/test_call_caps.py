"""Planned call tasks never exceed the call caps or windows (issue 18, "Done when").

Random portfolios (several debtors, several debts each), zones (with and without daylight saving
time) and decision instants around the DST changes, with a random history of call attempts.
The checkers are written from the law's text (docs: /work/shared/reference/contact-law.md), not
from the policy data or the planner:

* **United States**, 12 CFR 1006.6(b)(1)(i): no contact before 08:00 or after 21:00 at the
  consumer's location; 1006.14(b)(2): per debt, at most 7 calls in any 7 consecutive days, and no
  call within 7 days after a telephone conversation about the debt (the conversation's day is
  day one of the seven).
* **Chile**, Ley 19.496 art. 37 (Ley 21.320) with CPC art. 59 as SERNAC reads them: at most one
  call or visit a week (read as any 7 consecutive days), only Monday to Saturday 08:00-20:00,
  not on holidays (national and, when the region is unknown, every region's). A Chilean mobile
  number carries no region: without a time zone the debtor may be in any of the country's zones
  (Santiago, Punta Arenas, Coyhaique, Easter Island), and the hours must hold in all of them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import Cadence, Planner, Step, agent_tasks
from dunning.events import CallAttempted

# -- the law, written down independently -------------------------------------------------------

US_OPEN, US_CLOSE = time(8), time(21)
CL_OPEN, CL_CLOSE = time(8), time(20)
CL_ZONES = ("America/Santiago", "America/Punta_Arenas", "America/Coyhaique", "Pacific/Easter")
_CL = holidays.country_holidays("CL", years=range(2026, 2028))
CL_HOLIDAYS = set(_CL)
for _region in holidays.list_supported_countries()["CL"]:
    CL_HOLIDAYS |= set(holidays.country_holidays("CL", subdiv=_region, years=range(2026, 2028)))

# (zone, a phone number whose area code is in that zone): DST and no-DST zones.
US_PLACES = (
    ("America/New_York", "+12125550123"),
    ("America/Chicago", "+13125550123"),
    ("America/Denver", "+13035550123"),
    ("America/Phoenix", "+16025550123"),  # no DST
    ("America/Los_Angeles", "+12135550123"),
    ("America/Anchorage", "+19075550123"),
    ("Pacific/Honolulu", "+18085550123"),  # no DST
)
# Around the US changes (8 Mar and 1 Nov 2026, 14 Mar 2027) and Chile's (5 Apr, 6 Sep 2026).
US_BASES = (date(2026, 3, 2), date(2026, 10, 26), date(2027, 3, 8))
CL_BASES = (date(2026, 3, 30), date(2026, 8, 31), date(2026, 9, 14))


def local_span_ok(lo: datetime, hi: datetime, zone: ZoneInfo, open_: time, close: time) -> bool:
    """Every instant of ``[lo, hi]`` lies between ``open_`` and ``close`` of one local day."""
    a, b = lo.astimezone(zone), hi.astimezone(zone)
    return a.date() == b.date() and open_ <= a.time() and b.time() <= close and lo <= hi


def reg_f_violations(tasks, history, zone_of, debts_of) -> list[str]:
    """1006.14(b)(2), per debt, over the history's attempts and the planned tasks."""
    out = []
    calls: dict[str, list[tuple[date, str]]] = {}  # debt -> (local day, what)
    talks: dict[str, list[date]] = {}
    for a in history:
        day = a.at.astimezone(zone_of[a.debtor_id]).date()
        for d in a.debt_ids or debts_of[a.debtor_id]:  # no debt named: about every debt
            calls.setdefault(d, []).append((day, "past"))
            if a.outcome == "right_party_contact":
                talks.setdefault(d, []).append(day)
    planned: list[tuple[str, date]] = []
    for t in tasks:
        day = t.not_before.astimezone(zone_of[t.debtor_id]).date()
        for d in t.debt_ids:
            calls.setdefault(d, []).append((day, "planned"))
            planned.append((d, day))
    for d, day in planned:
        for start in (day - timedelta(days=k) for k in range(7)):
            n = sum(1 for x, _ in calls[d] if start <= x <= start + timedelta(days=6))
            if n > 7:
                out.append(f"{n} calls about {d} in the 7 days from {start}")
        for talk in talks.get(d, ()):
            if talk <= day <= talk + timedelta(days=6):
                out.append(f"call about {d} on {day}, within 7 days of a conversation on {talk}")
    return out


def chile_violations(tasks, history, zone_of) -> list[str]:
    """Art. 37: at most one call or visit in any 7 consecutive days, per debtor (days in the
    debtor's zone, ``zone_of[debtor_id]``)."""
    out = []
    by_debtor: dict[str, list[tuple[date, str]]] = {}
    for a in history:
        day = a.at.astimezone(zone_of[a.debtor_id]).date()
        by_debtor.setdefault(a.debtor_id, []).append((day, "past"))
    for t in tasks:
        day = t.not_before.astimezone(zone_of[t.debtor_id]).date()
        by_debtor.setdefault(t.debtor_id, []).append((day, t.id))
    for who, days in by_debtor.items():
        for day, what in days:
            if what == "past":
                continue
            for start in (day - timedelta(days=k) for k in range(7)):
                n = sum(1 for x, _ in days if start <= x <= start + timedelta(days=6))
                if n > 1:
                    out.append(f"{n} calls to {who} in the 7 days from {start}")
    return out


def test_the_checkers_catch_what_they_should():
    ny = ZoneInfo("America/New_York")
    talk = CallAttempted(
        at=datetime(2026, 11, 2, 12, tzinfo=ny),
        task_id="t",
        debtor_id="u",
        debt_ids=("a",),
        outcome="right_party_contact",
    )

    class T:
        def __init__(self, day, debt_ids=("a",), debtor_id="u", id="x"):
            self.not_before = datetime.combine(day, time(9), ny)
            self.debt_ids, self.debtor_id, self.id = debt_ids, debtor_id, id

    zones, debts = {"u": ny}, {"u": ("a", "b")}
    assert reg_f_violations([T(date(2026, 11, 8))], [talk], zones, debts)  # day 7
    assert not reg_f_violations([T(date(2026, 11, 9))], [talk], zones, debts)  # day 8
    assert not reg_f_violations([T(date(2026, 11, 8), ("b",))], [talk], zones, debts)
    tries = [
        CallAttempted(at=talk.at + timedelta(hours=h), task_id="t", debtor_id="u", outcome="busy")
        for h in range(7)
    ]
    assert reg_f_violations([T(date(2026, 11, 3), ("b",))], tries, zones, debts)  # the 8th
    assert not reg_f_violations([T(date(2026, 11, 9), ("b",))], tries, zones, debts)
    assert chile_violations([T(date(2026, 11, 8))], [talk], zones)
    assert not chile_violations([T(date(2026, 11, 9))], [talk], zones)
    assert not local_span_ok(
        datetime(2026, 11, 2, 20, tzinfo=ny), datetime(2026, 11, 2, 21, 1, tzinfo=ny), ny,
        US_OPEN, US_CLOSE,
    )  # fmt: skip


# -- random portfolios ---------------------------------------------------------------------------

_OFFSETS = st.lists(st.integers(min_value=-3, max_value=20), min_size=1, max_size=4, unique=True)
_OUTCOMES = st.sampled_from(
    ("no_answer", "voicemail", "busy", "wrong_party", "right_party_contact")
)


_TIMES = (time(7), time(12), time(20, 30))


@st.composite
def call_cadences(draw):
    steps = []
    for offset in draw(_OFFSETS):
        every = draw(st.none() | st.integers(min_value=1, max_value=3))
        steps.append(
            Step(
                offset,
                channels=["call"],
                repeat_every_days=every,
                until_offset_days=None if every is None else offset + draw(st.integers(0, 30)),
                preferred_local_time=draw(st.none() | st.sampled_from(_TIMES)),
            )
        )
    return Cadence("calls", steps)


@st.composite
def attempts(draw, debtor_id, debt_ids, as_of):
    out = []
    for n in range(draw(st.integers(min_value=0, max_value=9))):
        hours_back = draw(st.integers(min_value=1, max_value=24 * 9))
        out.append(
            CallAttempted(
                at=as_of - timedelta(hours=hours_back),
                task_id=f"t-{debtor_id}-{n}",
                debtor_id=debtor_id,
                debt_ids=draw(st.sampled_from(((), *((d,) for d in debt_ids), debt_ids))),
                outcome=draw(_OUTCOMES),
            )
        )
    return out


@st.composite
def us_portfolios(draw):
    base = draw(st.sampled_from(US_BASES))
    as_of_zone = ZoneInfo(draw(st.sampled_from(US_PLACES))[0])
    as_of = datetime.combine(
        base + timedelta(days=draw(st.integers(0, 10))),
        time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
        as_of_zone,
    )
    debtors, debts, history = [], [], []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        zone, phone = draw(st.sampled_from(US_PLACES))
        who = debtor(
            f"u{i}", "US", timezone=zone, phone=phone, channels=("call",), phone_type="mobile"
        )
        ids = tuple(f"u{i}-x{k}" for k in range(draw(st.integers(min_value=1, max_value=3))))
        for k, d in enumerate(ids):
            due = as_of.date() - timedelta(days=draw(st.integers(-5, 20)))
            debts.append(debt(d, who.id, due=due, amount=str(100 + 37 * k), currency="USD"))
        debtors.append(who)
        history += draw(attempts(who.id, ids, as_of))
    return as_of, debtors, debts, history


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cadence=call_cadences(), portfolio=us_portfolios())
def test_us_call_tasks_keep_regulation_f_hours_and_call_frequency(cadence, portfolio):
    as_of, debtors, debts, history = portfolio
    planner = Planner(cadence, creditor=CREDITOR, follow_ups=None)
    plan = planner.plan(debtors, debts, as_of=as_of, horizon_days=14, history=history)
    tasks = agent_tasks(plan, planner, debtors)
    event(f"{min(len(tasks), 10)} tasks")
    zone_of = {d.id: ZoneInfo(d.timezone) for d in debtors}
    debts_of: dict[str, tuple[str, ...]] = {}
    for x in debts:
        debts_of[x.debtor_id] = (*debts_of.get(x.debtor_id, ()), x.id)
    for t in tasks:
        assert t.not_before >= as_of
        assert local_span_ok(t.not_before, t.not_after, zone_of[t.debtor_id], US_OPEN, US_CLOSE), t
    assert reg_f_violations(tasks, history, zone_of, debts_of) == []


@st.composite
def chile_portfolios(draw):
    base = draw(st.sampled_from(CL_BASES))
    as_of = datetime.combine(
        base + timedelta(days=draw(st.integers(0, 10))),
        time(draw(st.integers(0, 23))),
        ZoneInfo("America/Santiago"),
    )
    debtors, debts, history = [], [], []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        zone = draw(st.none() | st.sampled_from(CL_ZONES))  # None: the mobile's zones
        who = debtor(f"c{i}", timezone=zone, phone=f"+5696123456{i}", channels=("call", "sms"))
        ids = tuple(f"c{i}-x{k}" for k in range(draw(st.integers(min_value=1, max_value=2))))
        for d in ids:
            due = as_of.date() - timedelta(days=draw(st.integers(-5, 20)))
            debts.append(debt(d, who.id, due=due))
        debtors.append(who)
        history += draw(attempts(who.id, ids, as_of))
    return as_of, debtors, debts, history


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cadence=call_cadences(), portfolio=chile_portfolios())
def test_chile_call_tasks_keep_art_37_hours_days_and_weekly_cap(cadence, portfolio):
    as_of, debtors, debts, history = portfolio
    planner = Planner(cadence, creditor=CREDITOR, follow_ups=None)
    plan = planner.plan(debtors, debts, as_of=as_of, horizon_days=14, history=history)
    tasks = agent_tasks(plan, planner, debtors)
    event(f"{min(len(tasks), 10)} tasks")
    by_id = {d.id: d for d in debtors}
    for t in tasks:
        assert t.not_before >= as_of
        who = by_id[t.debtor_id]
        for name in CL_ZONES if who.timezone is None else (who.timezone,):
            zone = ZoneInfo(name)
            day = t.not_before.astimezone(zone).date()
            assert day.weekday() != 6 and day not in CL_HOLIDAYS, (name, t)
            assert local_span_ok(t.not_before, t.not_after, zone, CL_OPEN, CL_CLOSE), (name, t)
    # Weeks are counted on the debtor's calendar: its zone, or without one Santiago's (the
    # first candidate, Debtor.zone). Lawful calls fall on the same date in every Chilean zone;
    # only an attempt recorded at night could fall on another date in another zone.
    zone_of = {d.id: ZoneInfo(d.timezone or CL_ZONES[0]) for d in debtors}
    assert chile_violations(tasks, history, zone_of) == []


# -- visits --------------------------------------------------------------------------------------
# Chile counts a home visit with the calls (one call or visit a week, same days and hours); Peru's
# art. 62(b) bans calls and visits "entre las 20:00 horas y las 07:00 horas" and all day on
# Saturdays, Sundays and holidays. A debtor without a postal address is never visited.

PE_HOLIDAYS = set(holidays.country_holidays("PE", years=range(2026, 2028)))


@st.composite
def visit_cadences(draw):
    steps = []
    for offset in draw(_OFFSETS):
        every = draw(st.none() | st.integers(min_value=1, max_value=3))
        steps.append(
            Step(
                offset,
                channels=draw(st.sampled_from([["visit"], ["call"], ["visit", "call"]])),
                repeat_every_days=every,
                until_offset_days=None if every is None else offset + draw(st.integers(0, 30)),
                preferred_local_time=draw(st.none() | st.sampled_from(_TIMES)),
            )
        )
    return Cadence("visits", steps)


@st.composite
def visit_portfolios(draw, country):
    base = draw(st.sampled_from(CL_BASES))
    zone = {"CL": "America/Santiago", "PE": "America/Lima"}[country]
    day = base + timedelta(days=draw(st.integers(0, 10)))
    as_of = datetime.combine(day, time(draw(st.integers(0, 23))), ZoneInfo(zone))
    debtors, debts, history = [], [], []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        phone = f"+5696123456{i}" if country == "CL" else f"+5191234567{i}"
        address = draw(st.none() | st.just(f"Calle {i} 123"))
        who = debtor(
            f"v{i}", country, timezone=zone, phone=phone, address=address, channels=("call",)
        )
        ids = (f"v{i}-x0",)
        due = as_of.date() - timedelta(days=draw(st.integers(-5, 20)))
        currency = "CLP" if country == "CL" else "PEN"
        debts.append(debt(ids[0], who.id, due=due, currency=currency))
        debtors.append(who)
        visits = draw(attempts(who.id, ids, as_of))
        kinds = st.sampled_from(["call", "visit"])
        history += [a.model_copy(update={"channel": draw(kinds)}) for a in visits]
    return as_of, debtors, debts, history


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cadence=visit_cadences(), portfolio=visit_portfolios("CL"))
def test_chile_visits_share_the_weekly_cap_with_calls_and_need_an_address(cadence, portfolio):
    as_of, debtors, debts, history = portfolio
    planner = Planner(cadence, creditor=CREDITOR, follow_ups=None)
    plan = planner.plan(debtors, debts, as_of=as_of, horizon_days=14, history=history)
    tasks = agent_tasks(plan, planner, debtors)
    event(f"{sum(t.channel.value == 'visit' for t in tasks)} visits")
    by_id = {d.id: d for d in debtors}
    zone = ZoneInfo("America/Santiago")
    for t in tasks:
        who = by_id[t.debtor_id]
        if t.channel.value == "visit":
            assert who.address is not None and t.to == who.address
        day = t.not_before.astimezone(zone).date()
        assert t.not_before >= as_of and day.weekday() != 6 and day not in CL_HOLIDAYS
        assert local_span_ok(t.not_before, t.not_after, zone, CL_OPEN, CL_CLOSE), t
    assert chile_violations(tasks, history, {d.id: zone for d in debtors}) == []
    for s in plan.skipped:
        if s.code.value == "no_address":
            assert by_id[s.debtor_id].address is None and "postal address" in s.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cadence=visit_cadences(), portfolio=visit_portfolios("PE"))
def test_peru_visits_and_calls_keep_art_62_hours_and_days(cadence, portfolio):
    as_of, debtors, debts, history = portfolio
    planner = Planner(cadence, creditor=CREDITOR, follow_ups=None)
    plan = planner.plan(debtors, debts, as_of=as_of, horizon_days=14, history=history)
    tasks = agent_tasks(plan, planner, debtors)
    event(f"{sum(t.channel.value == 'visit' for t in tasks)} visits")
    lima = ZoneInfo("America/Lima")
    for t in tasks:
        a, b = t.not_before.astimezone(lima), t.not_after.astimezone(lima)
        assert a.weekday() < 5 and a.date() not in PE_HOLIDAYS, t
        assert a.date() == b.date() and a.time() > time(7) and b.time() <= time(20), t
