"""Incentives reach the portal: an offer a message made (``Message.incentives``, kept in the
store) is shown on the plan page and honoured exactly while it holds, and not after.

The expected amounts are computed here in integer minor units from the offer's terms (floor of
percent x balance), not by calling the code under test."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from dunning import Incentive, InputError, Money
from dunning.events import PaymentPlanAccepted

from .conftest import debts

ON_TIME = Incentive(percent=Decimal("5"), until_offset_days=0, code="PUNTUAL5")
ANY_PLAN = Incentive(percent=Decimal("3.33"), until=date(2026, 12, 10), applies_to="any")


def _offer(incentive, debt_id):
    debt = next(d for d in debts() if d.id == debt_id)
    return incentive.offer(debt_id=debt.id, due_date=debt.due_date, outstanding=debt.balance)


def _plans(page: str) -> list[tuple[str, str]]:
    """(plan id, label text) for each radio on the plan page."""
    found = re.findall(r'name="plan" id="(plan-\d+)" value="([^"]+)"', page)
    labels = dict(re.findall(r'<label for="(plan-\d+)">(.*?)</label>', page, re.S))
    return [(value, labels[ident]) for ident, value in found]


def _accept(world, client, pick):
    page = client.get("/plan").text
    plan_id, _ = pick(_plans(page))
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return client.post("/plan", data={"csrf": csrf, "plan": plan_id})


def _full(plans):
    return next(p for p in plans if "de una vez" in p[1] or "at once" in p[1])


def _total(event: PaymentPlanAccepted) -> Money:
    amounts = [i.amount for i in event.installments]
    return sum(amounts[1:], amounts[0])


def test_an_on_time_discount_is_shown_and_honoured_inside_its_window(world):
    world.store.offer([_offer(ON_TIME, "F-2")])  # F-2: 12000 CLP due 2026-12-20
    client = world.session("c-1")
    page = client.get("/plan").text
    off = 12000 * 5 // 100  # 600 CLP, in whole pesos (CLP has no minor unit)
    _, label = _full(_plans(page))
    assert "Pagar $57.390 de una vez" in label
    assert "ahorras $600" in label and "20 de diciembre de 2026" in label
    assert "clave PUNTUAL5" in label
    assert _accept(world, client, _full).status_code == 303
    [event] = world.store.events
    assert _total(event) == Money(45990 + 12000 - off, "CLP")
    assert event.installments[0].due_date <= date(2026, 12, 20)  # paid in full by its last day


def test_after_its_window_the_same_plan_costs_the_full_balance(world):
    world.store.offer([_offer(ON_TIME, "F-2")])
    world.clock.now = datetime(2026, 12, 21, 15, tzinfo=UTC)  # 12:00 on the 21st in Santiago
    client = world.session("c-1")
    page = client.get("/plan").text
    assert "PUNTUAL5" not in page and "ahorras" not in page
    assert _accept(world, client, _full).status_code == 303
    [event] = world.store.events
    assert _total(event) == Money(45990 + 12000, "CLP")


def test_a_discounted_plan_chosen_before_midnight_and_sent_after_is_not_accepted(world):
    """The window is the debtor's local date: a form shown on its last day and posted after
    midnight in Santiago is refused (nothing recorded), and the page offers today's terms."""
    world.store.offer([_offer(ON_TIME, "F-2")])
    world.clock.now = datetime(2026, 12, 21, 2, 59, tzinfo=UTC)  # 23:59 on the 20th, Santiago
    client = world.session("c-1")
    page = client.get("/plan").text
    plan_id, label = _full(_plans(page))
    assert "ahorras $600" in label
    world.clock.now = datetime(2026, 12, 21, 3, 1, tzinfo=UTC)  # 00:01 on the 21st
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    refused = client.post("/plan", data={"csrf": csrf, "plan": plan_id})
    assert refused.status_code == 400 and world.store.events == []
    assert "Pagar $57.990 de una vez" in refused.text and "ahorras" not in refused.text


def test_an_offer_for_any_plan_takes_exact_cents_off_the_installments(world):
    world.store.offer([_offer(ANY_PLAN, "U-1")])  # U-1: 250.00 USD
    client = world.session("c-3")
    off = 25000 * 333 // 10000  # 3.33% of 25000 cents, rounded down: 832 cents
    assert off == 832
    response = _accept(world, client, lambda plans: plans[-1])  # the longest installment plan
    assert response.status_code == 303
    [event] = world.store.events
    assert len(event.installments) > 1
    assert _total(event) == Money(Decimal(25000 - off) / 100, "USD")
    assert all(
        i.amount.amount == i.amount.amount.quantize(Decimal("0.01")) for i in event.installments
    )


def test_offers_on_another_debtors_debts_never_reach_a_page(world):
    world.store.offer([_offer(ON_TIME, "F-2")])  # c-1's offer
    page = world.session("c-3").get("/plan", headers={"accept-language": "en"}).text
    assert "PUNTUAL5" not in page


def test_the_memory_store_refuses_offers_on_unknown_debts(world):
    ghost = ON_TIME.offer(
        debt_id="nope", due_date=date(2026, 12, 20), outstanding=Money("1", "CLP")
    )
    with pytest.raises(InputError):
        world.store.offer([ghost])


def test_a_store_without_incentives_still_offers_plans(world, monkeypatch):
    """``incentives`` is optional in a PortalStore: without it, plans at the plain terms."""
    world.store.offer([_offer(ON_TIME, "F-2")])
    monkeypatch.delattr(type(world.store), "incentives")
    page = world.session("c-1").get("/plan").text
    assert "Pagar $57.990 de una vez" in page and "PUNTUAL5" not in page
