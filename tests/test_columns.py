"""A long history held as columns (``EventColumns``): the same events, the same plans.

``debtor_groups`` (and so ``Portfolio.groups()`` and ``read_groups``) holds a debtor's history
as columns from ``COLUMNS_FROM`` events on, and the planner reads the columns. The reference is
the history as the events themselves: iterating the columns must give them back (equal, same
class, same fields given, same order), and a plan read from the columns must be the plan read
from the events, error for error.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import CREDITOR, debt, debtor
from dunning import (
    DebtorGroup,
    Money,
    Planner,
    PortfolioError,
    debtor_groups,
    default_strategy,
)
from dunning._planning import _groups as grouping
from dunning.events import (
    CallAttempted,
    ConsentGranted,
    ConsentRevoked,
    DisputeOpened,
    Event,
    MessageSent,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from dunning.io import events_json, read_records
from dunning.policy._columns import EventColumns

PLANNER = Planner(default_strategy(), creditor=CREDITOR)
AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)
ZONES = [UTC, timezone(timedelta(hours=-3)), ZoneInfo("America/Santiago")]


@contextmanager
def columns_from(count: int) -> Iterator[None]:
    """``debtor_groups`` holding histories of ``count`` events or more as columns."""
    before = grouping.COLUMNS_FROM
    grouping.COLUMNS_FROM = count
    try:
        yield
    finally:
        grouping.COLUMNS_FROM = before


@st.composite
def events_of(draw: st.DrawFn, person: str, debts: list[str], currency: str) -> list[Event]:
    """A history of ``person`` about ``debts``: every kind the columns hold, given with and
    without their defaults, message ids recorded twice, calls, refunds, the odd payment in
    another currency, and events the columns leave as they are."""
    out: list[Event] = []
    for n in range(draw(st.integers(0, draw(st.sampled_from([3, 10, 40]))))):
        days = draw(st.sampled_from([3, 12, 60]))  # dense recent contacts: caps bind
        at = (AS_OF - timedelta(minutes=draw(st.integers(1, days * 1440)))).astimezone(
            draw(st.sampled_from(ZONES))
        )
        # Mostly the kinds the columns hold; few promises and disputes (each stops a debt).
        kinds = ["sent"] * 10 + ["reply"] * 4 + ["paid"] * 6 + ["call"] * 2 + ["promise", "other"]
        kind = draw(st.sampled_from(kinds))
        owed = draw(st.sampled_from(debts))
        if kind == "sent":
            fields: dict[str, Any] = {
                "at": at,
                "message_id": draw(st.sampled_from([f"m{n}", f"m{n}", "m-again"])),
                "debtor_id": person,
                "channel": draw(st.sampled_from(["sms", "email", "whatsapp"])),
            }
            if draw(st.booleans()):
                fields["debt_ids"] = draw(st.sampled_from([(owed,), (), tuple(debts)]))
            out.append(MessageSent(**fields))
        elif kind == "reply":
            text = draw(st.sampled_from([None, "", "ok", "ya pagué"]))
            reply = {"text": text} if text is not None else {}
            out.append(ReplyReceived(at=at, debtor_id=person, channel="sms", **reply))
        elif kind == "paid":
            other = draw(st.integers(0, 30)) == 0
            amount = Money(
                str(draw(st.sampled_from([1, 30, 100, -5, 0]))), "USD" if other else currency
            )
            if draw(st.booleans()):
                out.append(PaymentReceived(at=at, debt_id=owed, amount=amount))
            else:
                out.append(
                    PaymentReceived(at=at, debt_id=owed, amount=amount, kind="payment_received")
                )
        elif kind == "call":
            out.append(
                CallAttempted(
                    at=at,
                    task_id=draw(st.sampled_from(["t1", "m-again"])),
                    debtor_id=person,
                    outcome=draw(st.sampled_from(["no_answer", "right_party_contact"])),
                )
            )
        elif kind == "promise":
            promised = AS_OF.date() + timedelta(days=draw(st.integers(-3, 5)))
            out.append(PromiseToPay(at=at, debt_id=owed, promised_date=promised))
        else:
            out.append(
                draw(
                    st.sampled_from(
                        [
                            ConsentRevoked(at=at, debtor_id=person, channel="whatsapp"),
                            ConsentGranted(at=at, debtor_id=person, channel="whatsapp"),
                            DisputeOpened(at=at, debt_id=owed),
                        ]
                    )
                )
            )
    return out


MARKETS = [
    ("CL", "America/Santiago", "CLP", "+56 9 6123 4567"),
    ("MX", "America/Mexico_City", "MXN", "+52 55 1234 5678"),
    ("US", "America/New_York", "USD", "+1 212 555 0123"),
    ("CO", "America/Bogota", "COP", "+57 321 1234567"),  # caps counted from a reply
]


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[Any], list[Any], list[Event]]:
    debtors, debts, history = [], [], []
    for i in range(draw(st.integers(1, 3))):
        country, zone, currency, phone = draw(st.sampled_from(MARKETS))
        person = debtor(f"p{i}", country, timezone=zone, phone=phone)
        owed = [
            debt(
                f"p{i}-{k}",
                person.id,
                AS_OF.date() + timedelta(days=draw(st.integers(-40, 5))),
                draw(st.sampled_from(["100", "131"])),
                currency,
            )
            for k in range(draw(st.integers(1, 2)))
        ]
        debtors.append(person)
        debts.extend(owed)
        history.extend(draw(events_of(person.id, [d.id for d in owed], currency)))
    return debtors, debts, draw(st.permutations(history))


def same_events(made: list[Event], read: list[Event]) -> None:
    """``made`` are ``read``: equal, of the same class, with the same fields given, in order."""
    assert made == read
    for a, b in zip(made, read, strict=True):
        assert type(a) is type(b)
        assert a.model_fields_set == b.model_fields_set
        assert repr(a) == repr(b)
        assert a.model_dump(exclude_unset=True) == b.model_dump(exclude_unset=True)
        if isinstance(a, PaymentReceived):
            assert a.amount.model_fields_set == b.amount.model_fields_set  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(portfolio=portfolios())
def test_the_columns_give_back_the_events_read(portfolio):
    _, _, history = portfolio
    by_debtor: dict[str, list[Event]] = {}
    owner = {d: d.rsplit("-", 1)[0] for e in history for d in [getattr(e, "debt_id", "")]}
    for event in history:
        who = getattr(event, "debtor_id", None) or owner[event.debt_id]  # type: ignore[union-attr]
        by_debtor.setdefault(who, []).append(event)
    for who, events in by_debtor.items():
        columns = EventColumns.of(who, events)
        assert len(columns) == len(events)
        same_events(list(columns), events)
        same_events(list(columns), events)  # iterated twice: the same again
        assert columns == tuple(events) and tuple(events) == columns
        assert columns == list(events) and hash(columns) == hash(tuple(events))
        assert [columns[i] for i in range(len(events))] == events
        assert list(columns[::-1]) == events[::-1]
        same_events(list(pickle.loads(pickle.dumps(columns))), events)
        # Indexed once, iterated after: the same events still.
        same_events(list(columns), events)


def _plans(debtors: list[Any], debts: list[Any], history: list[Event], horizon: int) -> Any:
    """The plan of the portfolio streamed from ``debtor_groups``, or the error it raises."""
    try:
        chunks = PLANNER.plan_stream(
            debtor_groups(debtors, debts, history), as_of=AS_OF, horizon_days=horizon
        )
        return [(p.messages, p.skipped) for p in chunks]
    except PortfolioError as exc:
        return str(exc)


@settings(max_examples=150, deadline=None)
@given(portfolio=portfolios(), horizon=st.integers(1, 10))
def test_a_plan_read_from_columns_is_the_plan_read_from_events(portfolio, horizon):
    debtors, debts, history = portfolio
    with columns_from(10**9):
        groups = list(debtor_groups(debtors, debts, history))
        assert not any(isinstance(g.events, EventColumns) for g in groups)
        from_events = _plans(debtors, debts, history, horizon)
    with columns_from(0):
        groups = list(debtor_groups(debtors, debts, history))
        assert all(isinstance(g.events, EventColumns) for g in groups if g.events)
        from_columns = _plans(debtors, debts, history, horizon)
    assert from_columns == from_events
    if isinstance(from_events, list):
        whole = PLANNER.plan(debtors, debts, as_of=AS_OF, horizon_days=horizon, history=history)
        assert [m for ms, _ in from_events for m in ms] == list(whole.messages)
        assert [s for _, ss in from_events for s in ss] == list(whole.skipped)


def _long_history(person: str, owed: str, currency: str = "CLP") -> list[Event]:
    out: list[Event] = []
    for n in range(40):
        at = AS_OF - timedelta(days=n, hours=3)
        out.append(
            MessageSent(
                at=at, message_id=f"m{n}", debtor_id=person, channel="sms", debt_ids=(owed,)
            )
        )
        if n % 4 == 0:
            out.append(PaymentReceived(at=at, debt_id=owed, amount=Money("1", currency)))
        if n % 5 == 0:
            out.append(ReplyReceived(at=at, debtor_id=person, channel="sms", text="ok"))
    return out


def test_loaded_groups_hold_a_long_history_as_columns_and_a_short_one_as_events():
    people = [debtor("a"), debtor("b")]
    owed = [debt("a-1", "a"), debt("b-1", "b")]
    long = _long_history("a", "a-1")
    short = _long_history("b", "b-1")[: grouping.COLUMNS_FROM - 1]
    rows = [
        {"debtor_id": p.id, "name": p.name, "country": "CL", "email": "a@example.com",
         "debt_id": d.id, "amount": "45000", "currency": "CLP", "due_date": "2026-11-25",
         "events": events_json(h)}
        for p, d, h in zip(people, owed, [long, short], strict=True)
    ]  # fmt: skip
    a, b = read_records(rows).raise_for_errors().groups()
    assert isinstance(a.events, EventColumns) and list(a.events) == long
    assert isinstance(b.events, tuple) and list(b.events) == short
    assert (
        repr(a.events) == "EventColumns('a', 58 events: 40 sent, 8 replies, 10 payments, 0 other)"
    )


def test_payments_in_two_currencies_are_the_same_error_either_way():
    person, owed = debtor("a"), debt("a-1", "a")
    history = _long_history("a", "a-1")
    history.insert(7, PaymentReceived(at=AS_OF, debt_id="a-1", amount=Money("5", "USD")))
    with columns_from(10**9):
        expected = _plans([person], [owed], history, 3)
    assert isinstance(expected, str) and "mix CLP and USD" in expected
    assert _plans([person], [owed], history, 3) == expected


def test_a_group_made_by_hand_from_columns_plans_the_same():
    people = [debtor("a")]
    owed = [debt("a-1", "a", amount="100")]
    history = _long_history("a", "a-1")
    [group] = debtor_groups(people, owed, history)
    assert isinstance(group.events, EventColumns)
    by_hand = DebtorGroup(group.debtor, group.debts, group.events)
    [a] = PLANNER.plan_stream([group], as_of=AS_OF, horizon_days=5)
    [b] = PLANNER.plan_stream([by_hand], as_of=AS_OF, horizon_days=5)
    assert a == b
    # ... and compacts the same.
    [c] = PLANNER.compact([group], as_of=AS_OF)
    [d] = PLANNER.compact([DebtorGroup(group.debtor, group.debts, history)], as_of=AS_OF)
    assert list(c.events) == list(d.events)


def test_paid_amounts_are_kept_exactly():
    person, owed = debtor("a"), debt("a-1", "a", amount="100")
    history = _long_history("a", "a-1")
    huge = Money("9" * 38, "CLP")
    history += [
        PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="a-1", amount=huge),
        PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="a-1", amount=huge),
    ]
    [group] = debtor_groups([person], [owed], history)
    assert isinstance(group.events, EventColumns)
    assert group.events.paid.amount[-1] == Decimal("9" * 38)
    with columns_from(10**9):
        expected = _plans([person], [owed], history, 3)
    assert _plans([person], [owed], history, 3) == expected
    skipped = [s for _, ss in expected for s in ss]
    assert any("cannot be computed exactly" in s.reason for s in skipped)


@pytest.mark.parametrize("index", [0, 5, -1])
def test_indexing_past_the_end_raises_as_a_tuple_does(index):
    columns = EventColumns.of("a", _long_history("a", "a-1"))
    assert columns[index] == tuple(columns)[index]
    with pytest.raises(IndexError):
        columns[len(columns)]


def test_a_message_id_that_is_also_a_calls_is_counted_once_either_way():
    """A call attempt counts as a contact under the id ``task#time``; a message recorded with
    that very id before the indexed days makes the call a repeat (the model path's reading),
    and the columns must read it so too."""
    person, owed = (
        debtor("a", "CO", timezone="America/Bogota", phone="+57 321 1234567"),
        debt("a-1", "a", currency="COP"),
    )
    call_at = AS_OF - timedelta(days=1)
    history = _long_history("a", "a-1", "COP")
    history += [
        MessageSent(at=AS_OF - timedelta(days=300), message_id=f"t1#{call_at.isoformat()}",
                    debtor_id="a", channel="sms"),
        CallAttempted(at=call_at, task_id="t1", debtor_id="a", outcome="no_answer"),
    ]  # fmt: skip
    with columns_from(10**9):
        expected = _plans([person], [owed], history, 3)
    assert _plans([person], [owed], history, 3) == expected


def test_payments_in_another_currency_than_the_debt_plan_the_same():
    person, owed = debtor("a"), debt("a-1", "a", amount="3")
    history = [
        e.model_copy(update={"amount": Money("5", "USD")}) if isinstance(e, PaymentReceived) else e
        for e in _long_history("a", "a-1")
    ]
    with columns_from(10**9):
        expected = _plans([person], [owed], history, 3)
    assert _plans([person], [owed], history, 3) == expected
    assert isinstance(expected, str) and "USD" in expected


@settings(max_examples=100, deadline=None)
@given(portfolio=portfolios(), days=st.integers(-5, 90))
def test_compacting_columns_keeps_what_compacting_the_events_keeps(portfolio, days):
    debtors, debts, history = portfolio
    as_of = AS_OF - timedelta(days=days)
    with columns_from(0):
        columnar = list(debtor_groups(debtors, debts, history))
    as_events = [DebtorGroup(g.debtor, g.debts, tuple(g.events)) for g in columnar]
    try:
        expected = [list(g.events) for g in PLANNER.compact(as_events, as_of=as_of)]
    except PortfolioError as exc:
        with pytest.raises(PortfolioError, match=re.escape(str(exc))):
            list(PLANNER.compact(columnar, as_of=as_of))
        return
    got = [list(g.events) for g in PLANNER.compact(columnar, as_of=as_of)]
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        same_events(a, b)


def test_of_two_earliest_replies_at_one_instant_the_first_is_kept_either_way():
    person, owed = debtor("a"), debt("a-1", "a")
    old = AS_OF - timedelta(days=200)
    history = [
        *_long_history("a", "a-1"),
        ReplyReceived(at=old, debtor_id="a", channel="whatsapp", text="primero"),
        ReplyReceived(at=old, debtor_id="a", channel="whatsapp", text="segundo"),
    ]
    [group] = debtor_groups([person], [owed], history)
    assert isinstance(group.events, EventColumns)
    [kept] = PLANNER.compact([group], as_of=AS_OF)
    [expected] = PLANNER.compact([DebtorGroup(person, [owed], history)], as_of=AS_OF)
    same_events(list(kept.events), list(expected.events))
    assert [e.text for e in kept.events if isinstance(e, ReplyReceived) and e.at == old] == [
        "primero"
    ]
