"""Planner.compact: a compacted history plans exactly as the whole one, then and later.

The reference is the whole history: for random portfolios in markets with different caps
(Chile's weekly caps with gaps, Colombia's caps counted from a two-way contact "from then on",
Regulation F's per-debt 7-in-7 and the conversation pause), histories reaching months back with
repeated message ids, replies on several channels, payments and promises, each debtor's plan
on the day of the compaction and up to three weeks later, with new events recorded in between,
must be the same with the compacted history.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import (
    Debt,
    Debtor,
    DebtorGroup,
    Money,
    Planner,
    PortfolioError,
    Thanks,
    debtor_groups,
    default_strategy,
)
from dunning._core._money import money_sum
from dunning.events import (
    ConsentRevoked,
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PlanInstallment,
    PromiseToPay,
    ReplyReceived,
)
from test_planner_stream import stream_digest

PLANNERS = (
    Planner(default_strategy(), creditor=CREDITOR),
    Planner(default_strategy(), creditor=CREDITOR, thanks=Thanks(), max_shift_days=5),
)
MARKETS = (
    ("CL", "America/Santiago", "CLP", "+56 9 6123 4567"),
    ("CO", "America/Bogota", "COP", "+57 321 1234567"),
    ("US", "America/New_York", "USD", "+1 212 555 0123"),
    ("MX", "America/Mexico_City", "MXN", "+52 55 1234 5678"),
)
CHANNELS = ("sms", "whatsapp", "email")
START = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _event(
    draw: st.DrawFn,
    person: Debtor,
    owed: list[Debt],
    currency: str,
    at: datetime,
    message_ids: list[str],
) -> Event:
    kind = draw(
        st.sampled_from(["sent", "sent", "sent", "reply", "paid", "paid", "promise", "plan"])
    )
    if kind == "sent":
        return MessageSent(
            at=at,
            message_id=f"{person.id}-{draw(st.sampled_from(message_ids))}",
            debtor_id=person.id,
            channel=draw(st.sampled_from(CHANNELS)),
            debt_ids=(draw(st.sampled_from(owed)).id,),
        )
    if kind == "reply":
        return ReplyReceived(at=at, debtor_id=person.id, channel=draw(st.sampled_from(CHANNELS)))
    if kind == "paid":
        # Small, larger (the debt of 100 may be paid in full: a thank-you) and reversals.
        amount = draw(st.sampled_from(["1", "1", "30", "-5"]))
        return PaymentReceived(
            at=at, debt_id=draw(st.sampled_from(owed)).id, amount=Money(amount, currency)
        )
    if kind == "plan":
        due = at.date() + timedelta(days=draw(st.integers(1, 40)))
        return PaymentPlanAccepted(
            at=at,
            debtor_id=person.id,
            plan_id=f"plan-{draw(st.integers(0, 3))}",
            debt_ids=(draw(st.sampled_from(owed)).id,),
            installments=(
                PlanInstallment(number=1, due_date=due, amount=Money("50", currency)),
                PlanInstallment(
                    number=2, due_date=due + timedelta(days=30), amount=Money("50", currency)
                ),
            ),
        )
    promised = at.date() + timedelta(days=draw(st.integers(0, 10)))
    return PromiseToPay(at=at, debt_id=draw(st.sampled_from(owed)).id, promised_date=promised)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Planner, list[DebtorGroup], list[Event], datetime, datetime]:
    """A planner, groups with long histories, events recorded after the compaction, and the
    instants of the compaction and of the later plan."""
    as_of = START + timedelta(minutes=draw(st.integers(0, 14 * 1440)))
    later = as_of + timedelta(minutes=draw(st.integers(0, 21 * 1440)))
    debtors, debts, events, fresh = [], [], [], []
    ids = [f"m{k}" for k in range(6)]  # few ids: the same message recorded twice
    for i in range(draw(st.integers(1, 4))):
        country, zone, currency, phone = draw(st.sampled_from(MARKETS))
        person = debtor(f"p{i}", country, timezone=draw(st.sampled_from([zone, None])), phone=phone)
        debtors.append(person)
        owed = []
        for k in range(draw(st.integers(1, 2))):
            due = as_of.date() + timedelta(days=draw(st.integers(-60, 10)))
            owed.append(debt(f"{person.id}-{k}", person.id, due, "100", currency))
        debts.extend(owed)

        # Dense recent histories (caps bind) and long thin ones (most of it is left out).
        span = draw(st.sampled_from([6, 12, 30, 150]))
        for _ in range(draw(st.integers(0, 30))):
            at = as_of - timedelta(minutes=draw(st.integers(1, span * 1440)))
            events.append(_event(draw, person, owed, currency, at, ids))
        if draw(st.booleans()):
            events.append(
                ConsentRevoked(at=as_of - timedelta(days=200), debtor_id=person.id, channel="sms")
            )
        # Recorded after the compaction, before the later plan: new messages, new ids.
        for _ in range(draw(st.integers(0, 4))):
            if later > as_of:
                at = as_of + (later - as_of) * draw(st.floats(0, 1))
                fresh.append(_event(draw, person, owed, currency, at, [f"new{len(fresh)}"]))
    planner = draw(st.sampled_from(PLANNERS))
    groups = list(debtor_groups(debtors, debts, draw(st.permutations(events))))
    return planner, groups, fresh, as_of, later


def with_events(groups: list[DebtorGroup], fresh: list[Event]) -> list[DebtorGroup]:
    """``groups`` with ``fresh`` added to their debtors' histories."""
    out = []
    for g in groups:
        own = {d.id for d in g.debts}
        mine = [
            e
            for e in fresh
            if getattr(e, "debtor_id", None) == g.debtor.id or getattr(e, "debt_id", None) in own
        ]
        out.append(DebtorGroup(g.debtor, g.debts, (*g.events, *mine)))
    return out


@settings(max_examples=150, deadline=None)
@given(case=cases(), horizon=st.integers(1, 14))
def test_a_compacted_history_plans_as_the_whole_one(case, horizon):
    planner, groups, fresh, as_of, later = case
    compacted = list(planner.compact(groups, as_of=as_of))
    assert [g.debtor.id for g in compacted] == [g.debtor.id for g in groups]
    for whole, small in zip(groups, compacted, strict=True):
        # Events are left out, never made up, but for old payments added up into one (counted
        # as values: a loaded group's long history is held as columns, its events made again).
        made = list((Counter(small.events) - Counter(whole.events)).elements())
        assert all(isinstance(e, PaymentReceived) for e in made)
        for debt_id in {e.debt_id for e in made}:
            before = [
                e.amount
                for e in whole.events
                if isinstance(e, PaymentReceived) and e.debt_id == debt_id
            ]
            after = [
                e.amount
                for e in small.events
                if isinstance(e, PaymentReceived) and e.debt_id == debt_id
            ]
            assert money_sum(after) == money_sum(before)
    for when, extra in ((as_of, []), (later, fresh)):
        expected = stream_digest(
            planner.plan_stream(with_events(groups, extra), as_of=when, horizon_days=horizon)
        )
        got = stream_digest(
            planner.plan_stream(with_events(compacted, extra), as_of=when, horizon_days=horizon)
        )
        assert got == expected


def test_a_year_of_history_shrinks_to_the_recent_days_and_what_lasts():
    planner = PLANNERS[0]
    person = debtor("p", "CO", timezone="America/Bogota", phone="+57 321 1234567")
    owed = debt("p-1", "p", START.date() - timedelta(days=30), "100", "COP")
    history: list[Event] = []
    for day in range(1, 366):
        at = START - timedelta(days=day)
        sent = MessageSent(
            at=at, message_id=f"m{day}", debtor_id="p", channel="sms", debt_ids=("p-1",)
        )
        history.append(sent)
        if day % 10 == 0:
            history.append(ReplyReceived(at=at, debtor_id="p", channel="whatsapp"))
        if day % 30 == 0:
            history.append(PaymentReceived(at=at, debt_id="p-1", amount=Money("1", "COP")))
    [group] = planner.compact([DebtorGroup(person, [owed], history)], as_of=START)
    kinds = [type(e).__name__ for e in group.events]
    # The payments as one, the first reply on WhatsApp, the last weeks of messages and replies.
    assert kinds.count("PaymentReceived") == 1
    [paid] = [e for e in group.events if isinstance(e, PaymentReceived)]
    assert paid.amount == Money("12", "COP") and paid.at == START - timedelta(days=30)
    assert kinds.count("ReplyReceived") <= 4
    assert kinds.count("MessageSent") < 30
    assert min(e.at for e in group.events if isinstance(e, ReplyReceived)) == START - timedelta(
        days=360
    )


def test_bad_groups_are_typed_errors():
    with pytest.raises(PortfolioError):
        list(PLANNERS[0].compact(["not a group"], as_of=START))  # type: ignore[list-item]


def _same_plans(planner: Planner, group: DebtorGroup, as_of: datetime) -> DebtorGroup:
    """The group compacted as of ``as_of``, after checking it plans as the whole one then and
    in the next two weeks."""
    [small] = planner.compact([group], as_of=as_of)
    for days in range(15):
        when = as_of + timedelta(days=days)
        whole = stream_digest(planner.plan_stream([group], as_of=when, horizon_days=7))
        assert stream_digest(planner.plan_stream([small], as_of=when, horizon_days=7)) == whole
    return small


def test_a_reversal_keeps_old_payments_apart():
    # Paid in full two months ago (60 + 40), 5 reversed, 5 paid again today: the running total
    # reached the balance two months ago, so no thank-you is due today. Added up into one old
    # payment of 95, today's 5 would look like the one that paid the debt.
    planner = PLANNERS[1]  # with thanks
    person = debtor("p", "CL", phone="+56 9 6123 4567")
    owed = debt("p-1", "p", START.date() - timedelta(days=90), "100", "CLP")
    history = [
        PaymentReceived(at=START - timedelta(days=60), debt_id="p-1", amount=Money("60", "CLP")),
        PaymentReceived(at=START - timedelta(days=59), debt_id="p-1", amount=Money("40", "CLP")),
        PaymentReceived(at=START - timedelta(days=50), debt_id="p-1", amount=Money("-5", "CLP")),
        PaymentReceived(at=START - timedelta(hours=2), debt_id="p-1", amount=Money("5", "CLP")),
    ]
    small = _same_plans(planner, DebtorGroup(person, [owed], history), START)
    assert len(small.events) == 4


def test_payments_since_a_plan_was_accepted_stay_apart_from_older_ones():
    # A plan of 2 x 50 accepted 45 days ago: 60 paid since (the first installment is paid, the
    # second is not); 40 paid before it does not count toward the plan.
    planner = PLANNERS[0]
    person = debtor("p", "CL", phone="+56 9 6123 4567")
    owed = debt("p-1", "p", START.date() - timedelta(days=90), "200", "CLP")
    accepted = START - timedelta(days=45)
    plan = PaymentPlanAccepted(
        at=accepted,
        debtor_id="p",
        plan_id="plan-1",
        debt_ids=("p-1",),
        installments=(
            PlanInstallment(
                number=1, due_date=START.date() - timedelta(days=15), amount=Money("50", "CLP")
            ),
            PlanInstallment(
                number=2, due_date=START.date() + timedelta(days=5), amount=Money("50", "CLP")
            ),
        ),
    )

    def paid(days: int, amount: str) -> PaymentReceived:
        return PaymentReceived(
            at=START - timedelta(days=days), debt_id="p-1", amount=Money(amount, "CLP")
        )

    history = [paid(60, "20"), paid(55, "20"), plan, paid(40, "30"), paid(30, "30")]
    small = _same_plans(planner, DebtorGroup(person, [owed], history), START)
    payments = [e for e in small.events if isinstance(e, PaymentReceived)]
    assert [p.amount for p in payments] == [
        Money("40", "CLP"),
        Money("30", "CLP"),
        Money("30", "CLP"),
    ]


def test_events_given_as_an_iterator_are_all_kept():
    person = debtor("p", "CL", phone="+56 9 6123 4567")
    owed = debt("p-1", "p", START.date(), "100", "CLP")
    paid = [
        PaymentReceived(at=START - timedelta(hours=h), debt_id="p-1", amount=Money("1", "CLP"))
        for h in (1, 2)
    ]
    [group] = PLANNERS[0].compact([DebtorGroup(person, iter([owed]), iter(paid))], as_of=START)
    assert group.events == tuple(paid) and group.debts == (owed,)
