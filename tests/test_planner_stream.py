"""Planner.plan_stream: a portfolio as debtor groups, planned chunk by chunk in bounded memory.

The reference is ``Planner.plan`` over the whole portfolio at once: the stream's chunks, in
order, must hold exactly its messages and skips (a digest of every field compares them).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from builders import CREDITOR, debt, debtor
from dunning import (
    Debt,
    Debtor,
    DebtorGroup,
    InputError,
    Money,
    NaiveDatetimeError,
    Plan,
    Planner,
    PortfolioError,
    debtor_groups,
    default_strategy,
)
from dunning.events import (
    ConsentRevoked,
    Event,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from dunning.io import read_csv

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "plan_bench.py"
PLANNER = Planner(default_strategy(), creditor=CREDITOR)
AS_OF = datetime(2026, 11, 23, 11, tzinfo=UTC)


def digest(messages: Iterable[Any], skipped: Iterable[Any]) -> tuple[str, int, int]:
    """A hash over every field of every message and skip, in order, and their counts."""
    h = hashlib.sha256()
    n_messages = n_skips = 0
    for m in messages:
        h.update(f"M|{m.id}|{m.send_at.isoformat()}|".encode())
        h.update(m.model_dump_json().encode())
        n_messages += 1
    for s in skipped:
        h.update(f"S|{s.debtor_id}|{s.on}|{s.code.value}|{s.message_id}|".encode())
        h.update(s.model_dump_json().encode())
        n_skips += 1
    return h.hexdigest(), n_messages, n_skips


def stream_digest(chunks: Iterable[Plan]) -> tuple[str, int, int]:
    plans = list(chunks)
    return digest((m for p in plans for m in p.messages), (s for p in plans for s in p.skipped))


@pytest.fixture(scope="module")
def generated() -> tuple[list[Debtor], list[Debt], list[Event], datetime]:
    """A multi-market portfolio with history, from the planner benchmark's generator."""
    spec = importlib.util.spec_from_file_location("plan_bench_stream", BENCH)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        rows = module.generate(600)
    finally:
        sys.modules.pop(spec.name, None)
    events = TypeAdapter(list[Event]).validate_python(rows.events)
    debtors = [Debtor.model_validate(r) for r in rows.debtors]
    debts = [Debt.model_validate(r) for r in rows.debts]
    return debtors, debts, events, rows.as_of


@pytest.mark.parametrize("chunk_size", [1, 7, 1000])
def test_stream_digest_equals_plan_on_a_generated_multi_market_portfolio(generated, chunk_size):
    debtors, debts, events, as_of = generated
    assert len({d.country for d in debtors}) >= 5
    whole = PLANNER.plan(debtors, debts, as_of=as_of, horizon_days=14, history=events)
    expected = digest(whole.messages, whole.skipped)
    assert expected[1] > 100 and expected[2] > 100  # the comparison covers real work
    # Groups in reverse input order: debtor_groups sorts them by id.
    groups = debtor_groups(reversed(debtors), reversed(debts), events)
    chunks = PLANNER.plan_stream(groups, as_of=as_of, horizon_days=14, chunk_size=chunk_size)
    assert stream_digest(chunks) == expected


def test_each_chunk_plans_only_its_own_debtors(generated):
    debtors, debts, events, as_of = generated
    chunks = list(
        PLANNER.plan_stream(
            debtor_groups(debtors, debts, events), as_of=as_of, horizon_days=3, chunk_size=50
        )
    )
    ids = sorted(d.id for d in debtors)
    assert len(chunks) == -(-len(ids) // 50)
    for k, chunk in enumerate(chunks):
        mine = set(ids[k * 50 : (k + 1) * 50])
        assert {m.debtor_id for m in chunk.messages} <= mine
        assert {s.debtor_id for s in chunk.skipped} <= mine
        assert chunk.as_of == as_of and chunk.horizon_days == 3


class Counting:
    """An iterator of groups that counts how many were pulled."""

    def __init__(self, groups: Iterable[DebtorGroup]) -> None:
        self._groups = iter(groups)
        self.pulled = 0

    def __iter__(self) -> Iterator[DebtorGroup]:
        return self

    def __next__(self) -> DebtorGroup:
        group = next(self._groups)
        self.pulled += 1
        return group


def _small_groups(n: int) -> Iterator[DebtorGroup]:
    for i in range(n):
        person = debtor(f"d{i:04d}")
        yield DebtorGroup(person, [debt(f"x{i:04d}", person.id, due=date(2026, 11, 24))])


def test_the_stream_reads_groups_lazily_one_chunk_at_a_time():
    source = Counting(_small_groups(25))
    chunks = PLANNER.plan_stream(source, as_of=AS_OF, horizon_days=2, chunk_size=10)
    assert source.pulled == 0  # nothing read before the first chunk is asked for
    first = next(chunks)
    assert source.pulled == 10
    assert {m.debtor_id for m in first.messages} == {f"d{i:04d}" for i in range(10)}
    next(chunks)
    assert source.pulled == 20
    last = next(chunks)
    assert source.pulled == 25
    assert {m.debtor_id for m in last.messages} == {f"d{i:04d}" for i in range(20, 25)}
    with pytest.raises(StopIteration):
        next(chunks)


def test_an_infinite_source_is_fine_when_read_a_chunk_at_a_time():
    def endless() -> Iterator[DebtorGroup]:
        i = 0
        while True:
            person = debtor(f"d{i:09d}")
            yield DebtorGroup(person, [debt(f"x{i}", person.id, due=date(2026, 11, 24))])
            i += 1

    chunks = PLANNER.plan_stream(endless(), as_of=AS_OF, chunk_size=3)
    assert [len(next(chunks).messages) for _ in range(4)] == [3, 3, 3, 3]


def test_portfolio_groups_feed_the_stream_like_plan():
    portfolio = read_csv(
        io.StringIO(
            "debtor_id,name,country,email,debt_id,amount,currency,due_date\n"
            "c-2,Ana,CL,ana@example.cl,F-2,45000,CLP,2026-11-24\n"
            "c-1,Luis,MX,luis@example.com,F-1,3000,MXN,2026-11-24\n"
            "c-2,Ana,CL,ana@example.cl,F-3,1000,CLP,2026-11-30\n"
        )
    )
    history = [
        PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="F-3", amount=Money("1000", "CLP")),
        PaymentReceived(at=AS_OF - timedelta(days=1), debt_id="gone", amount=Money("1", "CLP")),
    ]
    whole = PLANNER.plan(
        portfolio.debtors, portfolio.debts, as_of=AS_OF, horizon_days=10, history=history
    )
    streamed = PLANNER.plan_stream(portfolio.groups(history), as_of=AS_OF, horizon_days=10)
    assert len(whole.messages) > 0
    assert stream_digest(streamed) == digest(whole.messages, whole.skipped)


# ------------------------------------------------------------------ bad groups


def _plan_all(groups: Iterable[Any], **kw: Any) -> list[Plan]:
    return list(PLANNER.plan_stream(groups, as_of=AS_OF, **kw))


def test_a_debt_of_another_debtor_is_a_typed_error():
    ana = debtor("a")
    with pytest.raises(PortfolioError, match="debt 'x1' of debtor 'b' is in the group of 'a'"):
        _plan_all([DebtorGroup(ana, [debt("x1", "b")])])


def test_a_debt_twice_in_a_group_is_a_typed_error():
    ana = debtor("a")
    with pytest.raises(PortfolioError, match="duplicate debt id 'x1'"):
        _plan_all([DebtorGroup(ana, [debt("x1", "a"), debt("x1", "a")])])


@pytest.mark.parametrize("order", [["a", "a"], ["b", "a"]])
def test_a_debtor_twice_or_out_of_order_is_a_typed_error(order):
    groups = [DebtorGroup(debtor(i), [debt(f"x{k}", i)]) for k, i in enumerate(order)]
    with pytest.raises(PortfolioError, match="strictly increasing debtor id order") as caught:
        _plan_all(groups)
    assert caught.value.row == 1


def test_the_chunks_before_a_bad_group_are_delivered():
    groups = [DebtorGroup(debtor(i), [debt(f"x{i}", i, due=date(2026, 11, 24))]) for i in "abc"]
    groups.append(DebtorGroup(debtor("b"), [debt("x9", "b")]))
    chunks = PLANNER.plan_stream(groups, as_of=AS_OF, horizon_days=2, chunk_size=2)
    assert {m.debtor_id for m in next(chunks).messages} == {"a", "b"}
    with pytest.raises(PortfolioError, match="'b' comes after 'c'"):
        next(chunks)


def test_events_about_someone_else_are_typed_errors():
    ana = debtor("a")
    own = [debt("x1", "a")]
    at = AS_OF - timedelta(days=1)
    other = MessageSent(at=at, message_id="m", debtor_id="b", channel="sms")
    with pytest.raises(PortfolioError, match="about debtor 'b' in the group of 'a'"):
        _plan_all([DebtorGroup(ana, own, [other])])
    foreign = PaymentReceived(at=at, debt_id="x2", amount=Money("1", "CLP"))
    with pytest.raises(PortfolioError, match="debt 'x2', which is not in the group of 'a'"):
        _plan_all([DebtorGroup(ana, own, [foreign])])
    with pytest.raises(PortfolioError, match="not a dunning event"):
        _plan_all([DebtorGroup(ana, own, ["hello"])])  # type: ignore[list-item]


def test_not_groups_and_bad_arguments_are_typed_errors():
    with pytest.raises(PortfolioError, match="not a DebtorGroup"):
        _plan_all([(debtor("a"), [debt("x1", "a")])])
    with pytest.raises(PortfolioError, match="not a Debtor"):
        _plan_all([DebtorGroup("a", [])])  # type: ignore[arg-type]
    with pytest.raises(PortfolioError, match="not a Debt"):
        _plan_all([DebtorGroup(debtor("a"), ["x1"])])  # type: ignore[list-item]
    for bad in (0, -1, True, 1.5, 10**7):
        with pytest.raises(InputError, match="chunk_size"):
            PLANNER.plan_stream([], as_of=AS_OF, chunk_size=bad)  # eager: before any read
    with pytest.raises(InputError, match="horizon_days"):
        PLANNER.plan_stream([], as_of=AS_OF, horizon_days=0)
    with pytest.raises(NaiveDatetimeError):
        PLANNER.plan_stream([], as_of=datetime(2026, 11, 23, 11))
    assert _plan_all([]) == []


def test_debtor_groups_checks_like_plan():
    with pytest.raises(PortfolioError, match="unknown debtor"):
        debtor_groups([debtor("a")], [debt("x1", "b")])
    with pytest.raises(PortfolioError, match="duplicate debtor id"):
        debtor_groups([debtor("a"), debtor("a")], [])
    plan = PaymentPlanAccepted.model_validate(
        {
            "at": AS_OF - timedelta(days=2),
            "debtor_id": "a",
            "plan_id": "p",
            "debt_ids": ["x2"],
            "installments": [{"number": 1, "due_date": "2026-12-01", "amount": Money("5", "CLP")}],
        }
    )
    with pytest.raises(PortfolioError, match="covers debt 'x2' of debtor 'b'"):
        debtor_groups([debtor("a"), debtor("b")], [debt("x1", "a"), debt("x2", "b")], [plan])


# ------------------------------------------------------------------ property

MARKETS = (
    ("CL", "America/Santiago", "CLP", "+56 9 6123 4567"),
    ("MX", "America/Mexico_City", "MXN", "+52 55 1234 5678"),
    ("BR", "America/Sao_Paulo", "BRL", "+55 11 91234 5678"),
    ("CO", "America/Bogota", "COP", "+57 321 1234567"),
    ("US", "America/New_York", "USD", "+1 212 555 0123"),
)


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[Debtor], list[Debt], list[Event], datetime]:
    as_of = datetime(2026, 11, 23, 12, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(-3 * 1440, 3 * 1440))
    )
    n = draw(st.integers(0, 8))
    debtors: list[Debtor] = []
    debts: list[Debt] = []
    events: list[Event] = []
    for i in range(n):
        country, zone, currency, phone = draw(st.sampled_from(MARKETS))
        channels = draw(st.lists(st.sampled_from(["sms", "whatsapp", "email"]), unique=True))
        person = debtor(
            f"p{draw(st.integers(0, 50)):02d}-{i}",
            country,
            timezone=draw(st.sampled_from([zone, None])),
            phone=draw(st.sampled_from([phone, None])),
            email=draw(st.sampled_from(["p@example.com", None])),
            channels=tuple(channels),
        )
        debtors.append(person)
        for k in range(draw(st.integers(0, 3))):
            due = as_of.date() + timedelta(days=draw(st.integers(-40, 10)))
            status = draw(st.sampled_from(["open", "open", "draft", "cancelled"]))
            owed = debt(f"{person.id}-{k}", person.id, due, "100", currency, status=status)
            debts.append(owed)
            for _ in range(draw(st.integers(0, 2))):
                at = as_of - timedelta(hours=draw(st.integers(1, 24 * 20)))
                kind = draw(st.sampled_from(["paid", "promise", "sent", "reply", "revoked"]))
                if kind == "paid":
                    amount = str(draw(st.sampled_from([30, 100])))
                    events.append(
                        PaymentReceived(at=at, debt_id=owed.id, amount=Money(amount, currency))
                    )
                elif kind == "promise":
                    promised = as_of.date() + timedelta(days=draw(st.integers(-3, 5)))
                    events.append(PromiseToPay(at=at, debt_id=owed.id, promised_date=promised))
                elif kind == "sent":
                    events.append(
                        MessageSent(
                            at=at,
                            message_id=f"s{len(events)}",
                            debtor_id=person.id,
                            channel=draw(st.sampled_from(["sms", "email"])),
                            debt_ids=(owed.id,),
                        )
                    )
                elif kind == "reply":
                    events.append(ReplyReceived(at=at, debtor_id=person.id, channel="sms", text=""))
                else:
                    events.append(ConsentRevoked(at=at, debtor_id=person.id, channel=None))
    return debtors, debts, draw(st.permutations(events)), as_of


@settings(max_examples=40, deadline=None)
@given(portfolio=portfolios(), chunk_size=st.integers(1, 4), horizon=st.integers(1, 10))
def test_stream_equals_plan_on_random_portfolios(portfolio, chunk_size, horizon):
    debtors, debts, events, as_of = portfolio
    if len({d.id for d in debtors}) < len(debtors):
        with pytest.raises(PortfolioError, match="duplicate debtor id"):
            debtor_groups(debtors, debts, events)
        return
    whole = PLANNER.plan(debtors, debts, as_of=as_of, horizon_days=horizon, history=events)
    chunks = list(
        PLANNER.plan_stream(
            debtor_groups(debtors, debts, events),
            as_of=as_of,
            horizon_days=horizon,
            chunk_size=chunk_size,
        )
    )
    assert len(chunks) == -(-len(debtors) // chunk_size)
    assert stream_digest(chunks) == digest(whole.messages, whole.skipped)
    # The same groups made by hand carry no routing from debtor_groups: plan_stream checks and
    # sorts every event itself, and must plan the same.
    by_hand = [
        DebtorGroup(g.debtor, g.debts, g.events) for g in debtor_groups(debtors, debts, events)
    ]
    assert all(g._routed is None for g in by_hand)
    again = PLANNER.plan_stream(by_hand, as_of=as_of, horizon_days=horizon, chunk_size=chunk_size)
    assert stream_digest(list(again)) == digest(whole.messages, whole.skipped)


@pytest.mark.parametrize("render_days", [1, 3])
def test_render_days_renders_the_messages_before_the_next_run(generated, render_days):
    """``render_days``: the same plan, with content on exactly the messages sent within
    ``render_days`` of ``as_of`` (the same content as when every message is rendered)."""
    from dunning.templates import TemplateEngine

    debtors, debts, events, as_of = generated
    every = PLANNER.replace(templates=TemplateEngine())
    some = every.replace(render_days=render_days)
    assert some.render_days == render_days and every.render_days is None
    whole = every.plan(debtors, debts, as_of=as_of, horizon_days=14, history=events)
    part = some.plan(debtors, debts, as_of=as_of, horizon_days=14, history=events)
    streamed = [
        m
        for plan in some.plan_stream(
            debtor_groups(debtors, debts, events), as_of=as_of, horizon_days=14, chunk_size=50
        )
        for m in plan.messages
    ]
    assert [m.model_dump() for m in streamed] == [m.model_dump() for m in part.messages]
    rendered_ids = {m.id for m in whole.messages}
    limit = as_of + timedelta(days=render_days)
    early = [m for m in part.messages if m.send_at < limit]
    late = [m for m in part.messages if m.send_at >= limit]
    assert early and late
    assert all(m.content is not None for m in early) and all(m.content is None for m in late)
    by_id = {m.id: m for m in whole.messages}
    assert [m.model_dump() for m in early] == [by_id[m.id].model_dump() for m in early]
    assert {m.id for m in late} >= {m.id for m in whole.messages if m.send_at >= limit}
    assert {m.id for m in early} == {i for i in rendered_ids if by_id[i].send_at < limit}
    # No rendered text here lacks what the law asks (the creditor data a text needs is checked
    # before rendering, the same way in both), so the skips are the same.
    assert part.skipped == whole.skipped
    assert all(m.send_at >= limit for m in part.messages if m.id not in rendered_ids)


@pytest.mark.parametrize("bad", [0, -1, 3661, 1.5, True, "1"])
def test_render_days_is_checked(bad):
    with pytest.raises(InputError, match="render_days"):
        PLANNER.replace(render_days=bad)
