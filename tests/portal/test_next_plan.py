"""What the debtor does in the portal flows back: the next ``Planner.plan`` honours it.

Each test plans the same horizon twice, before and after one action taken through the running
portal over HTTP, with ``history=store.events``: the only difference is what the portal wrote.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from dunning import ChannelKind, Planner, SkipCode, default_strategy
from dunning.events import (
    AgentHandoff,
    ConsentGranted,
    ConsentRevoked,
    DisputeOpened,
    PaymentPlanAccepted,
    PaymentReported,
    PromiseToPay,
)

from .conftest import CREDITOR, NOW

LATER = NOW + timedelta(hours=2)  # the next planning run, the same afternoon


def _plan(world):
    planner = Planner(default_strategy(), creditor=CREDITOR)
    return planner.plan(
        world.store.debtors,
        world.store.all_debts,
        as_of=LATER,
        horizon_days=14,
        history=world.store.events,
    )


def _mine(plan, debtor_id="c-1"):
    return [m for m in plan.messages if m.debtor_id == debtor_id]


def _skips(plan, code, debtor_id="c-1"):
    return [s for s in plan.skipped if s.debtor_id == debtor_id and s.code is code]


def _post(client, path, data):
    page = client.get(path)
    assert page.status_code == 200, page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    response = client.post(path, data={"csrf": csrf, **data})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/done/{path.strip('/')}"
    return response


@pytest.fixture
def before(world):
    plan = _plan(world)
    # The baseline: c-1 gets SMS reminders about the overdue F-1 in the next two weeks.
    assert [(m.debt_ids, m.channel) for m in _mine(plan)] == [(("F-1",), ChannelKind.SMS)] * 2
    return plan


def test_a_promise_pauses_the_reminders_until_its_date(world, before):
    _post(world.session("c-1"), "/promise", {"debt": "F-1", "date": "2026-12-14"})
    [event] = world.store.events
    assert isinstance(event, PromiseToPay)
    assert (event.debt_id, event.promised_date, str(event.amount)) == (
        "F-1",
        date(2026, 12, 14),
        "45990 CLP",
    )
    after = _plan(world)
    assert _skips(after, SkipCode.PROMISE_ACTIVE)
    regular = [m for m in _mine(after) if m.local_send_at.date() <= date(2026, 12, 14)]
    assert all(m.template == "promise_reminder" for m in regular), regular
    assert _mine(before) != _mine(after)


def test_a_dispute_stops_collection_of_that_debt_and_reaches_an_agent(world, before):
    _post(world.session("c-1"), "/dispute", {"debt": "F-1", "reason": "No compré esto"})
    dispute, handoff = world.store.events
    assert isinstance(dispute, DisputeOpened) and dispute.reason == "No compré esto"
    assert isinstance(handoff, AgentHandoff) and "Boleta 1043" in handoff.summary
    after = _plan(world)
    assert _mine(after) == []
    assert _skips(after, SkipCode.DISPUTED)


def test_opting_out_of_a_channel_stops_messages_on_it(world, before):
    # Untick SMS, keep the others.
    _post(world.session("c-1"), "/preferences", {"channel_email": "on", "channel_call": "on"})
    [event] = world.store.events
    assert isinstance(event, ConsentRevoked) and event.channel is ChannelKind.SMS
    after = _plan(world)
    assert all(m.channel is not ChannelKind.SMS for m in after.messages if m.debtor_id == "c-1")
    assert _mine(after) != _mine(before)


def test_opting_in_to_whatsapp_lets_the_next_plan_use_it(world, before):
    """Chile's policy needs a recorded consent for WhatsApp: the page shows it off until the
    debtor ticks it, and the planner then prefers it."""
    client = world.session("c-1")
    page = client.get("/preferences").text
    assert re.search(r'name="channel_whatsapp" id="channel-whatsapp">', page)  # not checked
    _post(
        client,
        "/preferences",
        {
            "channel_whatsapp": "on",
            "channel_sms": "on",
            "channel_email": "on",
            "channel_call": "on",
        },
    )
    [event] = world.store.events
    assert isinstance(event, ConsentGranted) and event.channel is ChannelKind.WHATSAPP
    assert event.source == "portal"
    after = _plan(world)
    assert [m.channel for m in _mine(after)] == [ChannelKind.WHATSAPP] * 2


def test_stopping_every_channel_stops_every_message(world, before):
    _post(world.session("c-1"), "/preferences", {"stop_all": "1"})
    [event] = world.store.events
    assert isinstance(event, ConsentRevoked) and event.channel is None
    after = _plan(world)
    assert _mine(after) == []
    assert _skips(after, SkipCode.OPTED_OUT) or _skips(after, SkipCode.NO_CONSENT)
    # The other debtors are untouched.
    assert _mine(after, "c-3") == _mine(before, "c-3")


def test_an_accepted_plan_replaces_the_cadence(world, before):
    client = world.session("c-1")
    page = client.get("/plan").text
    plan_ids = re.findall(r'name="plan" id="plan-\d+" value="([^"]+)"', page)
    assert len(plan_ids) >= 2  # paying in full and at least one installment plan
    _post(client, "/plan", {"plan": plan_ids[1]})
    [event] = world.store.events
    assert isinstance(event, PaymentPlanAccepted) and event.plan_id == plan_ids[1]
    assert set(event.debt_ids) == {"F-1", "F-2"}
    after = _plan(world)
    assert _skips(after, SkipCode.PAYMENT_PLAN)
    # The cadence's reminders are gone; what is left reminds the first installment before it
    # is due (the planner's follow-up for a commitment).
    first = event.installments[0].due_date
    assert [m.template for m in _mine(before)] == ["early", "early"]
    assert [(m.template, m.local_send_at.date() < first) for m in _mine(after)] == [
        ("promise_reminder", True)
    ]


def test_a_reported_payment_pauses_reminders_while_it_is_checked(world, before):
    _post(
        world.session("c-1"), "/report", {"debt": "F-1", "paid_on": "2026-12-03", "note": "BCI 123"}
    )
    [event] = world.store.events
    assert isinstance(event, PaymentReported)
    assert (event.paid_on, event.pause_until) == (date(2026, 12, 3), date(2026, 12, 9))
    after = _plan(world)
    assert _skips(after, SkipCode.PAYMENT_REPORTED)
    assert [m for m in _mine(after) if m.local_send_at.date() <= date(2026, 12, 9)] == []


def test_a_bad_promise_date_records_nothing(world):
    client = world.session("c-1")
    page = client.get("/promise").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    for day in ("2026-12-03", "2027-02-01", "soon", ""):
        response = client.post("/promise", data={"csrf": csrf, "debt": "F-1", "date": day})
        assert response.status_code == 400 and "fecha no es válida" in response.text, day
    assert world.store.events == []
