"""The planner pauses the cyclic garbage collector while it plans a batch, and only then.

The collector is process-wide state: a pause must end before the planner hands anything back
(a ``plan_stream`` consumer runs with it on), nest and overlap across threads, and leave a
collector the caller turned off, off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from builders import CREDITOR, debt, debtor
from dunning import DebtorGroup, Planner, default_strategy
from dunning._core import _collector as collector

PLANNER = Planner(default_strategy(), creditor=CREDITOR)
AS_OF = datetime(2026, 11, 23, 11, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def groups(seen: list[bool], n: int) -> Iterator[DebtorGroup]:
    for i in range(n):
        seen.append(gc.isenabled())  # the caller's code, reading the next group
        person = debtor(id=f"c-{i:03d}")
        yield DebtorGroup(person, [debt(id=f"d-{i:03d}", debtor_id=person.id)], [])


def test_paused_while_a_chunk_is_read_and_planned_and_on_between_chunks() -> None:
    seen: list[bool] = []
    during: list[bool] = []
    chunks = PLANNER.plan_stream(groups(seen, 5), as_of=AS_OF, horizon_days=3, chunk_size=2)
    for _plan in chunks:
        during.append(gc.isenabled())  # the consumer's code, between chunks
    assert seen == [False] * 5 and during == [True] * 3
    assert gc.isenabled()


def test_a_chunk_is_dropped_before_the_collector_runs_again() -> None:
    """The groups of a chunk are freed (by reference counting) inside the pause, so the
    collector never scans them; the plan handed back holds none of them."""
    import weakref

    refs: list[weakref.ref[object]] = []

    def tracked(n: int) -> Iterator[DebtorGroup]:
        for group in groups([], n):
            refs.append(weakref.ref(group.debtor))
            yield group

    for _plan in PLANNER.plan_stream(tracked(4), as_of=AS_OF, chunk_size=2):
        assert len(refs) == 2
        # (The generators above still hold the last group they yielded: the caller's.)
        assert all(ref() is None for ref in refs[:-1]), "a read chunk outlived its planning"
        refs.clear()


def test_the_planner_runs_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    states: list[bool] = []
    original = Planner._plan_debtor

    def spy(self: Planner, *args: object, **kwargs: object) -> None:
        states.append(gc.isenabled())
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Planner, "_plan_debtor", spy)
    people = [debtor(id=f"c-{i}") for i in range(3)]
    PLANNER.plan(people, [debt(id=f"d-{i}", debtor_id=f"c-{i}") for i in range(3)], as_of=AS_OF)
    list(PLANNER.plan_stream(groups([], 3), as_of=AS_OF))
    assert states == [False] * 6
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    gc.disable()
    list(PLANNER.plan_stream(groups([], 3), as_of=AS_OF, chunk_size=2))
    PLANNER.plan([debtor(id="c-1")], [debt(id="d-1", debtor_id="c-1")], as_of=AS_OF)
    assert not gc.isenabled()


def test_an_error_ends_the_pause() -> None:
    bad = [DebtorGroup(debtor(id="c-2"), [], []), DebtorGroup(debtor(id="c-1"), [], [])]
    with pytest.raises(Exception, match="increasing debtor id"):
        list(PLANNER.plan_stream(bad, as_of=AS_OF))
    assert gc.isenabled()


def test_pauses_nest_and_overlap_across_threads() -> None:
    inside = threading.Barrier(2)
    release = threading.Event()
    states: dict[str, bool] = {}

    def first() -> None:
        with collector.paused():
            inside.wait()
            release.wait()
        states["first ended"] = gc.isenabled()  # the second still holds its pause

    thread = threading.Thread(target=first)
    thread.start()
    with collector.paused():
        inside.wait()
        with collector.paused():
            states["nested"] = gc.isenabled()
        states["after nested"] = gc.isenabled()
        release.set()
        thread.join()
    assert states == {"nested": False, "after nested": False, "first ended": False}
    assert gc.isenabled()


def test_rendering_runs_paused_and_leaves_nothing_to_collect() -> None:
    """Renders run inside the pause: a collection inside one would count against its CPU-time
    budget (a slow collection could fail a render, and the plan would depend on the heap).
    They make no reference cycle, so nothing piles up."""
    from dunning.templates import TemplateEngine

    states: list[bool] = []
    engine = TemplateEngine()

    class Spy:
        def render_message(self, message: object, debtor: object, creditor: object) -> object:
            states.append(gc.isenabled())
            return engine.render_message(message, debtor, creditor)  # type: ignore[arg-type]

    planner = PLANNER.replace(templates=Spy())  # type: ignore[arg-type]
    list(planner.plan_stream(groups([], 2), as_of=AS_OF, horizon_days=7))  # warm
    gc.collect()
    gc.disable()
    try:
        plans = list(planner.plan_stream(groups([], 6), as_of=AS_OF, horizon_days=7, chunk_size=3))
        assert gc.collect() == 0  # no cyclic garbage made
    finally:
        gc.enable()
    assert states and not any(states)
    assert all(m.content is not None for p in plans for m in p.messages)


def _spied(items: list[object], seen: list[bool]) -> Iterator[object]:
    for item in items:
        seen.append(gc.isenabled())  # while the item is taken
        yield item


@pytest.mark.parametrize("fails_at", [None, 0, 2, 3, 7])
def test_paused_batches_take_items_paused_and_hand_over_all_before_an_error(
    fails_at: int | None,
) -> None:
    seen: list[bool] = []

    def source() -> Iterator[int]:
        for i in range(8):
            if i == fails_at:
                raise OSError("the share went away")
            yield from _spied([i], seen)  # type: ignore[misc]

    got: list[int] = []
    handed_with_collector_on: list[bool] = []
    try:
        for item in collector.paused_batches(source(), 3):
            handed_with_collector_on.append(gc.isenabled())  # the caller's code
            got.append(item)
    except OSError:
        assert fails_at is not None
    assert got == list(range(8 if fails_at is None else fails_at))
    assert len(seen) == len(got) and not any(seen)
    assert all(handed_with_collector_on)
    assert gc.isenabled()


def test_debtor_groups_index_and_make_groups_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With a long history loaded, the collections that indexing and making groups triggered
    # rescanned every event held (Portfolio.groups() on 2,000 debtors with 100 events each:
    # 106-160 us a debt, 65-99 with these pauses).
    import dunning._planning._groups as grouping
    from dunning import debtor_groups
    from dunning.events import MessageSent

    people = [debtor(id=f"c-{i:04d}") for i in range(1200)]
    owed = [debt(id=f"d-{i:04d}", debtor_id=p.id) for i, p in enumerate(people)]
    sent = [
        MessageSent(
            message_id=f"m-{i}",
            debtor_id=p.id,
            debt_ids=(f"d-{i:04d}",),
            channel="sms",
            at=AS_OF,
        )
        for i, p in enumerate(people)
    ]
    read: dict[str, list[bool]] = {"debtors": [], "debts": [], "history": []}
    made_with_collector_on: list[bool] = []
    make = grouping._group

    def spy_group(*args: object) -> DebtorGroup:
        made_with_collector_on.append(gc.isenabled())
        return make(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(grouping, "_group", spy_group)
    made = debtor_groups(
        _spied(people, read["debtors"]),  # type: ignore[arg-type]
        _spied(owed, read["debts"]),  # type: ignore[arg-type]
        _spied(sent, read["history"]),  # type: ignore[arg-type]
    )
    # Every input read at the call, with the collector paused.
    assert {k: (len(v), any(v)) for k, v in read.items()} == dict.fromkeys(read, (1200, False))
    assert gc.isenabled()
    handed_with_collector_on = []
    groups = []
    for group in made:
        handed_with_collector_on.append(gc.isenabled())
        groups.append(group)
    assert len(made_with_collector_on) == 1200 and not any(made_with_collector_on)
    assert len(handed_with_collector_on) == 1200 and all(handed_with_collector_on)
    assert [g.events for g in groups] == [(e,) for e in sent]
    assert gc.isenabled()


def test_debtor_groups_refusing_an_event_ends_the_pause() -> None:
    from dunning import PortfolioError, debtor_groups

    with pytest.raises(PortfolioError, match="not a dunning event"):
        debtor_groups([debtor(id="c-1")], [], ["not an event"])  # type: ignore[list-item]
    assert gc.isenabled()
