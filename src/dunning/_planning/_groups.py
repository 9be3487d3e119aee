"""Debtor groups: one debtor with its debts and its history, the unit a streamed plan reads.

The planner plans each debtor on its own (caps, gaps and "one message a day" are per debtor), so a
portfolio cut into groups by debtor and planned group by group gives the same plan as planning it
whole. :func:`debtor_groups` cuts an in-memory portfolio the way ``Planner.plan`` reads it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .._core import _collector as collector
from .._core._errors import PortfolioError
from .._core._models import Debt, Debtor
from ..events import (
    AgentHandoff,
    ArmAssigned,
    CallAttempted,
    ComplaintReceived,
    ConsentGranted,
    ConsentRevoked,
    Event,
    Hold,
    HoldReleased,
    LegalActionStarted,
    MessageDelivered,
    MessageFailed,
    MessageRead,
    MessageSent,
    PaymentPlanAccepted,
    ReplyReceived,
)
from ..policy._columns import EventColumns
from ._commitments import DebtEvent

__all__ = [
    "COLUMNS_FROM",
    "DEBT",
    "DEBTOR",
    "DEBTOR_EVENTS",
    "IGNORED",
    "IGNORED_EVENTS",
    "OTHER",
    "PLAN",
    "ROLES",
    "DebtorGroup",
    "Routed",
    "debtor_groups",
    "grouped",
    "index_portfolio",
    "role_of",
]

#: The events about a debtor (``debtor_id``) the planner reads.
DEBTOR_EVENTS = (
    MessageSent,
    MessageDelivered,
    MessageRead,
    MessageFailed,
    ReplyReceived,
    ConsentGranted,
    ConsentRevoked,
    LegalActionStarted,
    AgentHandoff,
    CallAttempted,
    Hold,
    HoldReleased,
)
#: Facts for analyses: they change no plan.
IGNORED_EVENTS = (ArmAssigned, ComplaintReceived)

# What an event is to the planner, by its class: the isinstance chain of role_of, worked out
# once per class (compared with ``is``).
IGNORED, DEBT, PLAN, DEBTOR, OTHER = "ignored", "debt", "plan", "debtor", "other"
ROLES: dict[type, str] = {}


def role_of(kind: type) -> str:
    """``kind``'s role (remembered for up to 256 classes: any object may come in a history)."""
    role = (
        IGNORED
        if issubclass(kind, IGNORED_EVENTS)
        else DEBT
        if issubclass(kind, DebtEvent)
        else PLAN
        if issubclass(kind, PaymentPlanAccepted)
        else DEBTOR
        if issubclass(kind, DEBTOR_EVENTS)
        else OTHER
    )
    if len(ROLES) < 256:
        ROLES[kind] = role
    return role


@dataclass(frozen=True, slots=True)
class DebtorGroup:
    """One debtor, their debts and the events of their history (any order).

    Every debt must be the debtor's; every event must be about the debtor or one of these debts
    (``Planner.plan_stream`` raises :class:`~dunning.PortfolioError` otherwise).

    The groups :func:`debtor_groups` makes (and so ``Portfolio.groups()`` and
    ``dunning.io.read_groups``) hold a history of 16 events or more as columns: ``events`` is
    then a sequence (``EventColumns``) whose events are made when read, equal to the ones
    given, in the same order; the planner reads the columns without making them.

    >>> from datetime import date
    >>> from dunning import Debt, Debtor, DebtorGroup, Money
    >>> ana = Debtor(id="c-1", name="Ana", country="CL", email="ana@example.cl")
    >>> group = DebtorGroup(ana, [Debt(id="F-1", debtor_id="c-1",
    ...                                amount=Money("45000", "CLP"), due_date=date(2026, 11, 23))])
    >>> group.debtor.id, [d.id for d in group.debts], group.events
    ('c-1', ['F-1'], ())
    """

    debtor: Debtor
    debts: Iterable[Debt]
    events: Iterable[Event] = ()
    _routed: Routed | None = field(default=None, init=False, repr=False, compare=False)
    """Set by :func:`debtor_groups`, which checked every event's debtor or debt while it cut
    the portfolio: the events by role, so ``plan_stream`` does not check them again. A group
    made by hand, or changed with ``dataclasses.replace``, has none."""


@dataclass(frozen=True, slots=True)
class Routed:
    """A group's events as :func:`debtor_groups` routed them (each in history order): about
    the debtor, about one of its debts, and accepted payment plans."""

    debtor: tuple[Event, ...]
    debt: tuple[DebtEvent, ...]
    plans: tuple[PaymentPlanAccepted, ...]
    columns: EventColumns | None = None
    """The group's events as columns (``DebtorGroup.events``) when it holds them so: then
    ``debtor`` and ``debt`` leave out the messages sent, replies and payments the columns
    hold."""


def index_portfolio(
    debtors: Iterable[Debtor], debts: Iterable[Debt]
) -> tuple[dict[str, Debtor], dict[str, list[Debt]], dict[str, str]]:
    """Debtors by id, each debtor's debts, and each debt's debtor, checked as ``Planner.plan``
    and :func:`debtor_groups` both need: only debtors and debts, no duplicate id, no debt of an
    unknown debtor (:class:`~dunning.PortfolioError` naming the row otherwise)."""
    by_id: dict[str, Debtor] = {}
    for row, debtor in enumerate(debtors):
        if not isinstance(debtor, Debtor):
            raise PortfolioError("not a Debtor", row=row, field="debtors", value=debtor)
        if debtor.id in by_id:
            raise PortfolioError(
                f"duplicate debtor id {debtor.id!r}", row=row, field="id", value=debtor.id
            )
        by_id[debtor.id] = debtor
    debts_of: dict[str, list[Debt]] = defaultdict(list)
    owner: dict[str, str] = {}
    for row, debt in enumerate(debts):
        if not isinstance(debt, Debt):
            raise PortfolioError("not a Debt", row=row, field="debts", value=debt)
        if debt.id in owner:
            raise PortfolioError(
                f"duplicate debt id {debt.id!r}", row=row, field="id", value=debt.id
            )
        if debt.debtor_id not in by_id:
            raise PortfolioError(
                f"debt {debt.id!r} belongs to unknown debtor {debt.debtor_id!r}",
                row=row,
                field="debtor_id",
                value=debt.debtor_id,
            )
        owner[debt.id] = debt.debtor_id
        debts_of[debt.debtor_id].append(debt)
    return by_id, debts_of, owner


def debtor_groups(
    debtors: Iterable[Debtor], debts: Iterable[Debt], history: Iterable[Event] = ()
) -> Iterator[DebtorGroup]:
    """Cut a portfolio into :class:`DebtorGroup` values in debtor id order (checked and indexed
    at the call; the groups are made as they are read), routing each event
    exactly as ``Planner.plan`` reads it: an event about a debtor or a debt the portfolio does
    not have is left out (``plan`` ignores it too), and so are the facts that change no plan
    (``ArmAssigned``, ``ComplaintReceived``).

    Each event's debtor or debt is checked here, once: ``Planner.plan_stream`` does not check
    the events of these groups again (it does check those of a group made by hand).

    This helper holds the whole portfolio in memory (it sorts and indexes it); for a portfolio
    larger than memory, produce the groups yourself, sorted by debtor id (for instance from files
    sorted by ``debtor_id``), and give them to ``Planner.plan_stream``.

    The cyclic collector is paused while the portfolio is indexed and while each batch of
    groups is made (they make no reference cycles): the collections their allocations
    triggered rescanned every event loaded. ``Portfolio.groups()`` on chunks of 2,000 debtors
    with 100 events each went from 106-160 to 65-99 µs a debt (41-43 when the caller pauses
    the collector throughout: what is left is the scan of the newly loaded objects that the
    collector makes once whoever allocates next).

    >>> from datetime import date
    >>> from dunning import Debt, Debtor, Money, debtor_groups
    >>> people = [Debtor(id=i, name=i, country="CL", email=f"{i}@example.cl") for i in "ba"]
    >>> debts = [Debt(id=f"F-{i}", debtor_id=i, amount=Money("1000", "CLP"),
    ...               due_date=date(2026, 11, 23)) for i in "ab"]
    >>> [(g.debtor.id, [d.id for d in g.debts]) for g in debtor_groups(people, debts)]
    [('a', ['F-a']), ('b', ['F-b'])]
    """
    return grouped(debtors, debts, history)


def grouped(
    debtors: Iterable[Debtor],
    debts: Iterable[Debt],
    history: Iterable[Event] = (),
    columns: Mapping[str, EventColumns] | None = None,
) -> Iterator[DebtorGroup]:
    """:func:`debtor_groups`, with ``columns``: debtors' histories already made into columns
    (by a loader, while it read them), each used for its debtor when the events routed to the
    debtor are that many (then they are those events, in that order: a loader checked that
    each event of a debtor's history is about the debtor or one of their debts)."""
    with collector.paused():
        by_id, debts_of, routes = _route(debtors, debts, history)
    made = (
        _group(by_id[debtor_id], debts_of, *routes, columns or {}) for debtor_id in sorted(by_id)
    )
    return collector.paused_batches(made, _GROUPS_PER_PAUSE)


_GROUPS_PER_PAUSE = 512  # groups made per pause of the cyclic collector


def _route(
    debtors: Iterable[Debtor], debts: Iterable[Debt], history: Iterable[Event]
) -> tuple[
    dict[str, Debtor],
    dict[str, list[Debt]],
    tuple[
        dict[str, list[Event]],
        dict[str, list[Event]],
        dict[str, list[DebtEvent]],
        dict[str, list[PaymentPlanAccepted]],
    ],
]:
    """:func:`debtor_groups`' index: the debtors by id, their debts, and the events routed by
    debtor (all of a debtor's; about the debtor; about its debts; its accepted payment plans)."""
    by_id, debts_of, owner = index_portfolio(debtors, debts)
    events_of: dict[str, list[Event]] = defaultdict(list)
    about_debtor: dict[str, list[Event]] = defaultdict(list)
    about_debt: dict[str, list[DebtEvent]] = defaultdict(list)
    plans: dict[str, list[PaymentPlanAccepted]] = defaultdict(list)
    roles = ROLES
    for row, event in enumerate(history):
        role = roles.get(type(event)) or role_of(type(event))
        if role is DEBTOR:
            debtor_id = event.debtor_id  # type: ignore[union-attr]
            if debtor_id in by_id:
                events_of[debtor_id].append(event)
                about_debtor[debtor_id].append(event)
        elif role is DEBT:
            about: DebtEvent = event  # type: ignore[assignment]
            debtor_id = owner.get(about.debt_id)
            if debtor_id is not None:
                events_of[debtor_id].append(event)
                about_debt[debtor_id].append(about)
        elif role is PLAN:
            plan: PaymentPlanAccepted = event  # type: ignore[assignment]
            for debt_id in plan.debt_ids:
                if debt_id in owner and owner[debt_id] != plan.debtor_id:
                    raise PortfolioError(
                        f"payment plan {plan.plan_id!r} of debtor {plan.debtor_id!r} covers "
                        f"debt {debt_id!r} of debtor {owner[debt_id]!r}",
                        row=row,
                        field="debt_ids",
                        value=plan.debt_ids,
                    )
            if plan.debtor_id in by_id:
                events_of[plan.debtor_id].append(plan)
                plans[plan.debtor_id].append(plan)
        elif role is OTHER:
            raise PortfolioError("not a dunning event", row=row, field="history", value=event)
        # IGNORED: facts for analyses, left out
    return by_id, debts_of, (events_of, about_debtor, about_debt, plans)


def _group(
    debtor: Debtor,
    debts_of: dict[str, list[Debt]],
    events_of: dict[str, list[Event]],
    about_debtor: dict[str, list[Event]],
    about_debt: dict[str, list[DebtEvent]],
    plans: dict[str, list[PaymentPlanAccepted]],
    columns_of: Mapping[str, EventColumns],
) -> DebtorGroup:
    key = debtor.id
    events = events_of.get(key, ())
    debts = tuple(debts_of.get(key, ()))
    accepted = tuple(plans.get(key, ()))
    if len(events) >= COLUMNS_FROM:
        # A long history: held as columns (a fraction of the objects to make, read and free).
        columns = columns_of.get(key)
        if columns is None or len(columns) != len(events):
            columns = EventColumns.of(key, events)
        mine: list[Event] = []
        theirs: list[DebtEvent] = []
        for event in columns.others:  # the events left as they are, by role
            role = ROLES.get(type(event)) or role_of(type(event))
            if role is DEBTOR:
                mine.append(event)
            elif role is DEBT:
                theirs.append(event)  # type: ignore[arg-type]  # the role says it is one
        group = DebtorGroup(debtor, debts, columns)
        routed = Routed(tuple(mine), tuple(theirs), accepted, columns)
    else:
        group = DebtorGroup(debtor, debts, tuple(events))
        routed = Routed(tuple(about_debtor.get(key, ())), tuple(about_debt.get(key, ())), accepted)
    object.__setattr__(group, "_routed", routed)  # frozen: set once, here
    return group


COLUMNS_FROM = 16
"""The number of events from which :func:`debtor_groups` holds a debtor's history as columns
(:class:`~dunning.policy._columns.EventColumns`): below it, making the columns costs more than
they save."""
