"""The simulator with the real WhatsApp bot in the loop (``simulate(..., bot=True)``)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

pytest.importorskip("pandas")

from sendcheck import violations

from dunning import Planner, default_strategy
from dunning.analytics import funnel
from dunning.events import (
    AgentHandoff,
    ConsentRevoked,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from dunning.simulate import Calibration, compare, simulate, synthetic_portfolio
from dunning.templates import TemplateEngine


def _planner(portfolio):
    return Planner(default_strategy(), creditor=portfolio.creditor, templates=TemplateEngine())


# Every read message is answered, more often about hardship, so that a small run exercises
# every flow of the bot.
_TALKATIVE = Calibration(
    reply_rate=1.0,
    plan_accept_rate=0.8,
    reply_mix=(
        ("promise_to_pay", 0.3),
        ("hardship", 0.3),
        ("ack", 0.1),
        ("wants_agent", 0.1),
        ("dispute", 0.1),
        ("opt_out", 0.1),
    ),
)


@pytest.fixture(scope="module")
def run():
    portfolio = synthetic_portfolio(120, seed=8, calibration=_TALKATIVE)
    return portfolio, simulate(portfolio, _planner(portfolio), days=21, bot=True)


def test_the_bot_answers_and_every_send_is_lawful(run) -> None:
    _, sim = run
    bot_sent = [
        e for e in sim.log.events if isinstance(e, MessageSent) and e.message_id.startswith("bot-")
    ]
    assert len(bot_sent) == len(sim.bot_messages) > 20
    assert {m.channel.value for m in sim.bot_messages} == {"whatsapp"}
    assert all(m.content is not None and m.content.text for m in sim.bot_messages)
    # The independent checker (policy data + holidays package) over every send, bot's included.
    assert violations(sim) == []


def test_the_bot_emits_what_production_records(run) -> None:
    _, sim = run
    kinds = Counter(type(e).__name__ for e in sim.log.events)
    for kind in (PromiseToPay, PaymentPlanAccepted, AgentHandoff, ConsentRevoked):
        assert kinds[kind.__name__] > 0, kind.__name__
    # Debtors answered the bot's questions: a tapped plan or opt-out button is a reply too.
    taps = [
        e
        for e in sim.log.events
        if isinstance(e, ReplyReceived) and e.channel.value == "whatsapp" and "cuota" in e.text
    ]
    accepted = [e for e in sim.log.events if isinstance(e, PaymentPlanAccepted)]
    assert len(accepted) >= 1 and len(taps) + 10 >= len(accepted)
    templates = Counter(m.template for m in sim.bot_messages)
    assert {"conversation.text", "conversation.list"} <= set(templates)


def test_each_answer_goes_out_after_the_message_it_answers_and_never_after_an_opt_out(run) -> None:
    _, sim = run
    replies: dict[str, list] = {}
    for e in sim.log.events:
        if isinstance(e, ReplyReceived) and e.channel.value == "whatsapp":
            replies.setdefault(e.debtor_id, []).append(e.at)
    for m in sim.bot_messages:
        assert any(at < m.send_at for at in replies[m.debtor_id])
    revoked = {
        (e.debtor_id): e.at
        for e in sim.log.events
        if isinstance(e, ConsentRevoked) and e.channel in (None, "whatsapp")
    }
    for e in sim.log.events:
        if isinstance(e, MessageSent) and e.channel.value == "whatsapp" and e.debtor_id in revoked:
            assert e.at < revoked[e.debtor_id]


def test_outside_the_24_hour_window_only_templates_went_out(run) -> None:
    """Checked on what was sent, not with the bot's code: a bot message sent 24 hours or more
    after the debtor's latest WhatsApp message is an approved template, never free text."""
    _, sim = run
    inbound: dict[str, list] = {}
    for e in sim.log.events:
        if isinstance(e, ReplyReceived) and e.channel.value == "whatsapp":
            inbound.setdefault(e.debtor_id, []).append(e.at)
    outside = 0
    for m in sim.bot_messages:
        latest = max(at for at in inbound[m.debtor_id] if at <= m.send_at)
        if m.send_at - latest >= timedelta(hours=24):
            outside += 1
            assert m.content is not None and m.content.whatsapp is not None, m.id
            assert m.template == "conversation.template"
        else:
            assert m.template != "conversation.template"
    print(f"{outside} of {len(sim.bot_messages)} answers went out after the window closed")


def test_plans_accepted_are_paid_by_installments(run) -> None:
    _, sim = run
    zones = {d.id: d.zone for d in sim.log.debtors}
    plans = [e for e in sim.log.events if isinstance(e, PaymentPlanAccepted)]
    checked = 0
    for plan in plans:
        zone = zones[plan.debtor_id]
        days = sorted(i.due_date for i in plan.installments)
        paid = [
            p
            for p in sim.log.events
            if isinstance(p, PaymentReceived) and p.debt_id in plan.debt_ids and p.at > plan.at
        ]
        on = {p.at.astimezone(zone).date() for p in paid}
        missed = next((d for d in days if d not in on), None)
        for p in paid:
            local = p.at.astimezone(zone).date()
            if missed is None or local < missed:
                assert local in days, (plan.plan_id, local, days)
                checked += 1
    assert plans and checked > 0


def test_same_seed_same_digest_with_the_bot(run) -> None:
    portfolio, first = run
    again = simulate(portfolio, _planner(portfolio), days=21, bot=True)
    assert again.digest == first.digest
    assert [m.id for m in again.bot_messages] == [m.id for m in first.bot_messages]
    assert simulate(portfolio, _planner(portfolio), days=21, bot=True, seed=9).digest != (
        first.digest
    )


def test_the_bot_is_off_by_default_and_changes_the_run(run) -> None:
    portfolio, with_bot = run
    without = simulate(portfolio, _planner(portfolio), days=21)
    assert without.bot_messages == ()
    assert not any(
        isinstance(e, MessageSent) and e.message_id.startswith("bot-") for e in without.log.events
    )
    assert without.digest != with_bot.digest


def test_compare_counts_the_bots_answers_apart_and_funnel_reads_the_log(run) -> None:
    portfolio, _ = run
    result = compare(portfolio, {"default": _planner(portfolio)}, days=10, bot=True)
    row = result.table.set_index("arm").loc["default"]
    sim = result.runs["default"]
    assert row["messages"] == len(sim.messages)
    assert row["bot_messages"] == len(sim.bot_messages) > 0
    table = funnel(sim.log, by="channel")
    sent = sum(isinstance(e, MessageSent) for e in sim.log.events)
    assert int(table["sent"].sum()) == sent == len(sim.messages) + len(sim.bot_messages)


def test_no_answer_goes_out_after_an_opt_out_the_same_message_provoked() -> None:
    """A message can make the debtor both reply and (later) revoke consent: the bot's answer,
    due after the revocation, must not go out (it once did: 1 violation in 2,500 x 90 days)."""
    fed_up = Calibration(reply_rate=1.0, opt_out_rate=0.3, fatigue=0.0)
    portfolio = synthetic_portfolio(60, seed=3, calibration=fed_up)
    sim = simulate(portfolio, _planner(portfolio), days=10, bot=True)
    revoked = sum(isinstance(e, ConsentRevoked) for e in sim.log.events)
    assert revoked > 10 and len(sim.bot_messages) > 10
    assert violations(sim) == []
