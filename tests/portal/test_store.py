"""The in-memory store: each debtor's history is theirs, and the whole log keeps its order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dunning import InputError, Money
from dunning.events import AgentHandoff, DisputeOpened, PaymentReceived, PromiseToPay
from dunning.portal import MemoryStore, PortalStore

from .conftest import NOW, debtors, debts


def test_history_is_per_debtor_and_the_log_keeps_every_event_in_order():
    promise = PromiseToPay(at=NOW, debt_id="F-1", promised_date=date(2026, 12, 9))
    elsewhere = DisputeOpened(at=NOW, debt_id="B-1")
    unknown = PaymentReceived(at=NOW, debt_id="nobody", amount=Money("1", "CLP"))
    store = MemoryStore(debtors(), debts(), history=[promise, elsewhere])
    handoff = AgentHandoff(at=NOW + timedelta(minutes=1), debtor_id="c-1", summary="portal")
    store.append([unknown, handoff])
    assert isinstance(store, PortalStore)
    assert store.history("c-1") == [promise, handoff]
    assert store.history("c-2") == [elsewhere]
    assert store.history("c-3") == []
    assert store.events == [promise, elsewhere, unknown, handoff]
    assert [d.id for d in store.debts("c-1")] == ["F-1", "F-2"]
    assert store.debtor("c-9") is None and store.debts("c-9") == []
    assert repr(store) == "MemoryStore(debtors=3, debts=4, events=4)"


def test_a_debtor_twice_is_refused():
    with pytest.raises(InputError, match="twice"):
        MemoryStore(debtors() + debtors()[:1])
