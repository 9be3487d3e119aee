"""The portal's one port: where a debtor's data comes from and where their actions go.

:class:`PortalStore` is what an integrator implements over their own database (four methods);
:class:`MemoryStore` is the implementation for tests, demos and the docs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from .._core._errors import InputError
from .._core._incentive import IncentiveOffer
from .._core._models import Debt, Debtor
from ..events import Event

__all__ = ["MemoryStore", "PortalStore"]


@runtime_checkable
class PortalStore(Protocol):
    """Where the portal reads a debtor's account and appends what they did.

    The portal only ever asks about the debtor of the verified link or session: ids in a URL
    or a form never choose the debtor. ``debts`` and ``history`` should return that debtor's
    debts and events only (the portal checks ``debt.debtor_id`` anyway and drops the rest).
    ``append`` receives new events (``PromiseToPay``, ``DisputeOpened``, ``ConsentRevoked``,
    ...) to add to the history the planner reads next time.

    Optionally a fifth method, ``incentives(debtor_id) -> Sequence[IncentiveOffer]``: the
    offers the messages sent to the debtor made (``Message.incentives``, kept when you send
    them, as you would pass them to ``Conversation(incentives=...)``). When the store has it,
    the portal's plans honour the offers still in force (see :func:`~dunning.conversation.
    offer_plans`); a store without it offers plans without incentives.
    """

    def debtor(self, debtor_id: str) -> Debtor | None:
        """The debtor with this id, or ``None``."""
        ...

    def debts(self, debtor_id: str) -> Sequence[Debt]:
        """The debtor's debts (any status)."""
        ...

    def history(self, debtor_id: str) -> Sequence[Event]:
        """The events about the debtor and their debts, in any order."""
        ...

    def append(self, events: Sequence[Event]) -> None:
        """Record new events (all about one debtor), atomically if the store can."""
        ...


class MemoryStore:
    """A :class:`PortalStore` in memory: debtors, debts and one event list (thread-safe).

    ``events`` is the whole history, the portal's new events included: pass it to
    ``Planner.plan(..., history=store.events)``.

    >>> from datetime import date
    >>> from dunning import Debt, Debtor, Money
    >>> store = MemoryStore(
    ...     [Debtor(id="c-1", name="Ana", country="CL")],
    ...     [Debt(id="F-1", debtor_id="c-1", amount=Money("30000", "CLP"),
    ...           due_date=date(2026, 11, 20))],
    ... )
    >>> store.debtor("c-1").name, [d.id for d in store.debts("c-1")], store.debtor("c-2")
    ('Ana', ['F-1'], None)
    """

    def __init__(
        self,
        debtors: Iterable[Debtor],
        debts: Iterable[Debt] = (),
        history: Iterable[Event] = (),
        *,
        incentives: Iterable[IncentiveOffer] = (),
    ) -> None:
        self._debtors: dict[str, Debtor] = {}
        for debtor in debtors:
            if debtor.id in self._debtors:
                raise InputError(f"debtor {debtor.id!r} appears twice", field="id", value=debtor.id)
            self._debtors[debtor.id] = debtor
        self._debts: dict[str, list[Debt]] = {}
        self._owner: dict[str, str] = {}
        for debt in debts:
            self._debts.setdefault(debt.debtor_id, []).append(debt)
            self._owner[debt.id] = debt.debtor_id
        self._events: list[Event] = []
        # Events by debtor, so a page reads its debtor's history, not everyone's.
        self._by_debtor: dict[str, list[Event]] = {}
        self._lock = threading.Lock()
        self.append(list(history))
        self._offers: dict[str, list[IncentiveOffer]] = {}
        self.offer(incentives)

    def __repr__(self) -> str:
        return (
            f"MemoryStore(debtors={len(self._debtors)}, "
            f"debts={sum(map(len, self._debts.values()))}, events={len(self._events)})"
        )

    @property
    def debtors(self) -> list[Debtor]:
        """Every debtor."""
        return list(self._debtors.values())

    @property
    def all_debts(self) -> list[Debt]:
        """Every debt of every debtor."""
        return [d for debts in self._debts.values() for d in debts]

    @property
    def events(self) -> list[Event]:
        """The whole history, in the order it was recorded (a copy)."""
        with self._lock:
            return list(self._events)

    def debtor(self, debtor_id: str) -> Debtor | None:
        return self._debtors.get(debtor_id)

    def debts(self, debtor_id: str) -> list[Debt]:
        return list(self._debts.get(debtor_id, ()))

    def history(self, debtor_id: str) -> list[Event]:
        with self._lock:
            return list(self._by_debtor.get(debtor_id, ()))

    def incentives(self, debtor_id: str) -> list[IncentiveOffer]:
        """The incentive offers made to the debtor (those on their debts), in any state."""
        with self._lock:
            return list(self._offers.get(debtor_id, ()))

    def offer(self, incentives: Iterable[IncentiveOffer]) -> None:
        """Keep the offers messages made (``Message.incentives``); offers on unknown debts are
        refused (:class:`~dunning.InputError`), none is kept twice."""
        items = list(incentives)
        for item in items:
            if not isinstance(item, IncentiveOffer) or item.debt_id not in self._owner:
                raise InputError(
                    "an incentive must be an IncentiveOffer on a known debt",
                    field="incentives",
                    value=getattr(item, "debt_id", item),
                )
        with self._lock:
            for item in items:
                mine = self._offers.setdefault(self._owner[item.debt_id], [])
                if item not in mine:
                    mine.append(item)

    def append(self, events: Sequence[Event]) -> None:
        with self._lock:
            for event in events:
                self._events.append(event)
                debtor_id = getattr(event, "debtor_id", None)
                if debtor_id is None:
                    debtor_id = self._owner.get(getattr(event, "debt_id", None) or "")
                if debtor_id is not None:
                    self._by_debtor.setdefault(debtor_id, []).append(event)
