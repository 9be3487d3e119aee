"""The day-by-day loop: the real planner and dispatcher, simulated debtors answering.

Every day the planner plans the portfolio as of that day (one day ahead), renders with its
templates, and the dispatcher sends what is due through memory channels, checking every message
at its send instant. The debtors then answer from their hidden propensities (delivery, read,
reply in their own language, read by the real :func:`dunning.conversation.classify`, promises,
opt-outs, complaints) and pay in the evening. Every random draw comes from a stream keyed by the
seed and what it is about (a debtor and a day, a debt), never from a shared sequence: two
strategies run on one portfolio see the same debtor behave the same way where their messages
agree (common random numbers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from .._core._kinds import ChannelKind
from .._core._models import Debt, Debtor
from .._core._money import Money, minor_units
from .._core._timezones import country_zones
from .._dispatch._dispatcher import Dispatcher
from .._dispatch._sqlite_outbox import SQLiteOutbox
from .._planning._plan import Message
from .._planning._planner import Planner
from .._planning._ports import Channel
from ..analytics import EventLog
from ..channels import MemoryChannel
from ..conversation import IntentKind, classify
from ..events import (
    AgentHandoff,
    ComplaintReceived,
    ConsentRevoked,
    DisputeOpened,
    Event,
    Hold,
    MessageDelivered,
    MessageRead,
    MessageSent,
    PaymentPlanAccepted,
    PaymentReceived,
    PromiseToPay,
    ReplyReceived,
)
from ..optimize import Optimizer
from ._bot import BOT_PREFIX, BotDesk
from ._population import SyntheticPortfolio, _rng, collectability

__all__ = ["REPLIES", "Simulation", "simulate"]

# What simulated debtors write back, in the language of their market.
REPLIES: dict[str, dict[str, str]] = {
    "es": {
        "promise_to_pay": "le pago el viernes",
        "ack": "ok, gracias",
        "hardship": "perdí mi trabajo y no tengo plata",
        "wants_agent": "quiero hablar con una persona",
        "dispute": "esa deuda no es mía",
        "opt_out": "BAJA",
    },
    "pt": {
        "promise_to_pay": "pago na sexta",
        "ack": "ok, obrigado",
        "hardship": "perdi meu emprego e estou sem dinheiro",
        "wants_agent": "quero falar com um atendente",
        "dispute": "essa dívida não é minha",
        "opt_out": "SAIR",
    },
    "en": {
        "promise_to_pay": "I will pay on Friday",
        "ack": "ok thanks",
        "hardship": "I lost my job and cannot pay",
        "wants_agent": "I want to talk to a person",
        "dispute": "this debt is not mine",
        "opt_out": "STOP",
    },
}


@dataclass(frozen=True)
class Simulation:
    """One run: the event log (what production would have recorded), the planned messages the
    channels accepted, and a SHA-256 ``digest`` of the events (same portfolio, planner, days,
    seed and ``bot``: same digest). ``optimizer``: what the planner's
    :class:`~dunning.optimize.Optimizer` had learned by the end of the run, if it had one.
    ``bot_messages``: the WhatsApp bot's answers the channel accepted (``bot=True``; their ids
    start with ``bot-``)."""

    log: EventLog
    messages: tuple[Message, ...]
    digest: str
    start: datetime
    days: int
    optimizer: Optimizer | None = None
    bot_messages: tuple[Message, ...] = ()


def _half(amount: Decimal, currency: str) -> Decimal:
    step = Decimal(1).scaleb(-minor_units(currency))
    return (amount / 2).quantize(step, rounding=ROUND_DOWN)


def simulate(
    portfolio: SyntheticPortfolio,
    planner: Planner | None,
    *,
    days: int = 28,
    seed: int | None = None,
    contact: Iterable[str] | None = None,
    bot: bool = False,
) -> Simulation:
    """Play ``portfolio`` forward ``days`` days under ``planner`` (``None``: send nothing, a
    holdout). ``seed`` defaults to the portfolio's; ``contact``: the only debtor ids the planner
    plans for (an experiment's treated debtors; default: all). The planner must render
    (``templates=``): memory channels refuse unrendered messages.

    When the planner's ``chooser`` is an :class:`~dunning.optimize.Optimizer`, the run works on
    a copy of it (the caller's is left as it is) and feeds it each evening the day's events,
    as a nightly job would in production; ``Simulation.optimizer`` is that copy at the end.

    ``bot=True`` puts the real WhatsApp bot (:class:`~dunning.conversation.Conversation`) in
    the loop: a reply to a WhatsApp message is handled by it as a webhook handler would, its
    answers go out through a dispatcher and a memory channel at the first instant the
    debtor's policy allows (the bot applies the 24-hour window), the debtor answers its
    questions (a plan, an opt-out confirmation) from their hidden traits, and the events it
    emits are recorded. Replies on SMS and e-mail (no bot there) are read by
    :func:`~dunning.conversation.classify` as without it. The bot's answers are not in
    ``messages`` (they are in ``bot_messages``) nor fed to an optimiser.

    >>> from dunning import Planner, default_strategy
    >>> from dunning.templates import TemplateEngine
    >>> from dunning.simulate import synthetic_portfolio
    >>> p = synthetic_portfolio(6, seed=3)
    >>> run = simulate(p, Planner(default_strategy(), creditor=p.creditor,
    ...                           templates=TemplateEngine()), days=3)
    >>> run.digest == simulate(p, Planner(default_strategy(), creditor=p.creditor,
    ...                                   templates=TemplateEngine()), days=3).digest
    True
    """
    seed = portfolio.seed if seed is None else seed
    cal = portfolio.calibration
    learner: Optimizer | None = None
    if planner is not None and isinstance(planner.chooser, Optimizer):
        learner = Optimizer.from_state(planner.chooser.state)
        planner = planner.replace(chooser=learner)
    start = portfolio.as_of
    debtors = {d.id: d for d in portfolio.debtors}
    debts = list(portfolio.debts)
    zones = {d.id: ZoneInfo(_zone(d)) for d in portfolio.debtors}
    events: list[Event] = list(portfolio.history)
    paid: dict[str, Decimal] = {}
    for fact in portfolio.history:
        if isinstance(fact, PaymentReceived):
            paid[fact.debt_id] = paid.get(fact.debt_id, Decimal(0)) + fact.amount.amount
    reached = set(debtors) if contact is None else set(contact)
    planned_debtors = [d for d in portfolio.debtors if d.id in reached]
    planned_debts = [d for d in portfolio.debts if d.debtor_id in reached]
    first_reminder: dict[str, date] = {}
    reminders: dict[str, int] = {}
    last_read: dict[str, tuple[date, bool]] = {}
    promises: dict[str, tuple[date, bool]] = {}
    excited_until: dict[str, date] = {}
    disputed = {e.debt_id for e in portfolio.history if isinstance(e, DisputeOpened)}
    recent: dict[str, list[datetime]] = {}
    plans: dict[str, list[tuple[date, bool]]] = {}
    accepted: list[Message] = []
    memory = {kind: MemoryChannel(kind) for kind in ChannelKind}
    channels: dict[ChannelKind | str, Channel] = dict(memory.items())
    dispatcher = (
        Dispatcher(
            channels,
            SQLiteOutbox(":memory:"),
            planner=planner,
            clock=lambda: 0.0,
            sleep=lambda _: None,
            rng=_rng(seed, "dispatcher"),
        )
        if planner is not None
        else None
    )
    debts_of: dict[str, list[Debt]] = {}
    for debt in debts:
        debts_of.setdefault(debt.debtor_id, []).append(debt)
    desk = (
        BotDesk(
            planner=planner,
            creditor=portfolio.creditor,
            calibration=cal,
            seed=seed,
            events=events,
            debts_of=debts_of,
            balance=lambda debt_id: by_debt[debt_id].amount.amount - paid.get(debt_id, Decimal(0)),
            hidden=portfolio.propensities,
            promise_text=lambda d: REPLIES[_language(d.locale)]["promise_to_pay"],
        )
        if bot and planner is not None
        else None
    )
    mix = [kind for kind, _ in cal.reply_mix]
    weights = [w for _, w in cal.reply_mix]

    def local(debtor_id: str, at: datetime) -> datetime:
        return at.astimezone(zones[debtor_id])

    def react(message: Message, at: datetime) -> None:
        debtor = debtors[message.debtor_id]
        hidden = portfolio.propensities[debtor.id]
        wall = local(debtor.id, at)
        rng = _rng(seed, debtor.id, wall.date(), message.channel.value, "message")
        args: dict[str, object] = {
            "message_id": message.id,
            "debtor_id": debtor.id,
            "channel": message.channel,
        }
        answer: tuple[Message, datetime, str, float] | None = None
        if rng.random() >= cal.delivery_rate:
            return
        events.append(MessageDelivered(at=at + timedelta(minutes=1), **args))
        for debt_id in message.debt_ids:
            due = by_debt[debt_id].due_date
            if due is not None and wall.date() <= due:
                first_reminder.setdefault(debt_id, wall.date())
                reminders[debt_id] = reminders.get(debt_id, 0) + 1
        read = cal.read_rate(message.channel)
        if message.channel == hidden.preferred:
            read *= cal.preferred_channel_boost
        if abs(wall.hour - hidden.peak_hour) > 2:
            read *= cal.off_peak_attention
        sent_before = [t for t in recent.get(debtor.id, []) if at - t < timedelta(days=7)]
        recent[debtor.id] = [*sent_before, at]
        if rng.random() < read:
            read_at = at + timedelta(minutes=rng.randrange(5, 240))
            events.append(MessageRead(at=read_at, **args))
            text = message.content.text if message.content else ""
            named = debtor.name.split()[0] in text
            last_read[debtor.id] = (local(debtor.id, read_at).date(), named)
            if rng.random() < cal.reply_rate:
                later = (
                    message,
                    read_at + timedelta(minutes=rng.randrange(1, 120)),
                    rng.choices(mix, weights)[0],
                    rng.random(),
                )
                if desk is None:
                    reply(*later)
                else:
                    # The bot answers in the future of this message: let it see an opt-out
                    # this message provokes first (same draws, so the same debtor behaviour).
                    answer = later
        if rng.random() < cal.opt_out_rate * (1 + cal.fatigue * len(sent_before)):
            events.append(
                ConsentRevoked(
                    at=at + timedelta(hours=2), debtor_id=debtor.id, channel=message.channel
                )
            )
        elif rng.random() < cal.complaint_rate:
            events.append(
                ComplaintReceived(
                    at=at + timedelta(hours=3),
                    debtor_id=debtor.id,
                    channel=message.channel,
                    text=REPLIES[_language(debtor.locale)]["opt_out"],
                )
            )
        if answer is not None:
            reply(*answer)

    def reply(message: Message, at: datetime, kind: str, keep: float) -> None:
        debtor = debtors[message.debtor_id]
        locale = debtor.locale or "es"
        text = REPLIES[_language(locale)][kind]
        events.append(ReplyReceived(at=at, debtor_id=debtor.id, channel=message.channel, text=text))
        if desk is not None and message.channel is ChannelKind.WHATSAPP:
            for event in desk.answer(debtor, message, text, at):
                if isinstance(event, PromiseToPay):
                    promises[event.debt_id] = (event.promised_date, keep < cal.promise_kept_rate)
                elif isinstance(event, DisputeOpened):
                    disputed.add(event.debt_id)
                elif isinstance(event, PaymentPlanAccepted):
                    for owed in event.debt_ids:
                        promises.pop(owed, None)  # the plan replaces an earlier promise
                        plans[owed] = [
                            (
                                step.due_date,
                                _rng(seed, owed, event.plan_id, step.number).random()
                                < cal.installment_kept_rate,
                            )
                            for step in event.installments
                        ]
            return
        intent = classify(text, locale=locale, as_of=at, timezone=debtor.timezone)
        then = at + timedelta(minutes=1)
        debt_id = message.debt_ids[0] if message.debt_ids else None
        today = local(debtor.id, at).date()
        if intent.kind is IntentKind.PROMISE_TO_PAY and debt_id is not None:
            by = intent.promised_date or today + timedelta(days=3)
            events.append(PromiseToPay(at=then, debt_id=debt_id, promised_date=by))
            promises[debt_id] = (by, keep < cal.promise_kept_rate)
        elif intent.kind is IntentKind.OPT_OUT:
            events.append(ConsentRevoked(at=then, debtor_id=debtor.id, channel=message.channel))
        elif intent.kind is IntentKind.DISPUTE and debt_id is not None:
            events.append(DisputeOpened(at=then, debt_id=debt_id, reason=text))
            disputed.add(debt_id)
        elif intent.kind is IntentKind.WANTS_AGENT:
            events.append(AgentHandoff(at=then, debtor_id=debtor.id, summary=text))
        elif intent.kind is IntentKind.HARDSHIP:
            events.append(
                Hold(
                    at=then,
                    hold_id=f"hardship-{message.id}",
                    debtor_id=debtor.id,
                    reason="hardship",
                    until=today + timedelta(days=14),
                    source="simulator",
                )
            )

    by_debt = {d.id: d for d in debts}

    def pay(debt_id: str, at: datetime, *, part: bool, share: int = 1) -> None:
        debt = by_debt[debt_id]
        left = debt.amount.amount - paid.get(debt_id, Decimal(0))
        if share > 1:  # one of ``share`` equal installments of what is left
            step = Decimal(1).scaleb(-minor_units(debt.amount.currency))
            amount = (left / share).quantize(step, rounding=ROUND_DOWN)
        else:
            amount = _half(left, debt.amount.currency) if part else left
        if amount <= 0:
            amount = left
        paid[debt_id] = paid.get(debt_id, Decimal(0)) + amount
        events.append(
            PaymentReceived(at=at, debt_id=debt_id, amount=Money(amount, debt.amount.currency))
        )
        excited_until[debt_id] = local(debt.debtor_id, at).date() + timedelta(days=7)

    def evening(now: datetime) -> None:
        for debt in debts:
            if debt.id in disputed or debt.amount.amount - paid.get(debt.id, Decimal(0)) <= 0:
                continue
            hidden = portfolio.propensities[debt.debtor_id]
            at = now + timedelta(hours=6)
            day = local(debt.debtor_id, at).date()
            due = debt.due_date or start.date()
            promise = promises.get(debt.id)
            if promise is not None and promise[0] == day and promise[1]:
                pay(debt.id, at, part=False)
                continue
            plan = plans.get(debt.id)
            if plan is not None:
                # While an accepted plan runs it is how the debt is paid: each installment
                # day pays an equal share of what is left, until one is missed.
                ahead = [(when, kept) for when, kept in plan if when >= day]
                if ahead and ahead[0][0] == day:
                    if ahead[0][1]:
                        pay(debt.id, at, part=False, share=len(ahead))
                        continue
                    del plans[debt.id]
                elif ahead:
                    continue
                else:
                    del plans[debt.id]
            if day <= due and due > start.date():
                latent = _rng(seed, debt.id, "on-time")
                u = latent.random()
                pay_day = start.date() + timedelta(
                    days=latent.randrange((due - start.date()).days + 1)
                )
                q = min(0.98, cal.on_time_rate * hidden.capacity)
                n = reminders.get(debt.id, 0)
                lift = 0.0 if n == 0 else cal.reminder_lift + cal.extra_reminder_lift * (n - 1)
                if (u < q and day == pay_day) or (
                    q <= u < q * (1 + lift) and first_reminder[debt.id] <= day
                ):
                    pay(debt.id, at, part=False)
                continue
            if day <= due:
                continue
            rate = cal.late_daily_rate * hidden.capacity * collectability((day - due).days)
            if day.day == hidden.payday:
                rate *= cal.payday_multiplier
            seen = last_read.get(debt.debtor_id)
            if seen is not None and 0 <= (day - seen[0]).days <= 1:
                rate *= cal.read_response_multiplier
                if seen[1]:
                    rate *= cal.named_response_multiplier
            if excited_until.get(debt.id, date.min) >= day:
                rate *= cal.payment_excitation
            draw = _rng(seed, debt.id, day, "pay")
            if draw.random() < min(rate, 0.9):
                pay(debt.id, at, part=draw.random() < cal.partial_share)

    fed = len(events)
    for offset in range(days):
        now = start + timedelta(days=offset)
        if planner is not None and dispatcher is not None:
            plan = planner.plan(
                planned_debtors, planned_debts, as_of=now, horizon_days=1, history=events
            )
            today = [m for m in plan.messages if m.send_at < now + timedelta(days=1)]
            instants = sorted({max(m.send_at, now) for m in today})
            for i, instant in enumerate(instants):
                before = {kind: len(ch.sent) for kind, ch in memory.items()}
                report = dispatcher.dispatch(
                    as_of=instant,
                    messages=today if i == 0 else None,
                    history=events,
                    debtors=portfolio.debtors,
                    debts=debts,
                )
                events.extend(report.events)
                sent = {m.id: m for kind, ch in memory.items() for m in ch.sent[before[kind] :]}
                for event in report.events:
                    if isinstance(event, MessageSent) and event.message_id in sent:
                        accepted.append(sent[event.message_id])
                        react(sent[event.message_id], event.at)
        evening(now)
        if learner is not None:
            learner.observe(
                [e for e in events[fed:] if not _is_bot(e)],
                debtors=portfolio.debtors,
                as_of=now + timedelta(days=1),
            )
            fed = len(events)
    events.sort(key=_order)
    digest = hashlib.sha256("\n".join(e.model_dump_json() for e in events).encode()).hexdigest()
    log = EventLog(events, debts=debts, debtors=list(portfolio.debtors))
    answers = tuple(desk.sent) if desk is not None else ()
    return Simulation(log, tuple(accepted), digest, start, days, learner, answers)


def _is_bot(event: Event) -> bool:
    return str(getattr(event, "message_id", "")).startswith(BOT_PREFIX)


def _zone(debtor: Debtor) -> str:
    if debtor.timezone:
        return debtor.timezone
    zones = country_zones(debtor.country)
    return zones[0] if zones else "UTC"


def _language(locale: str | None) -> str:
    language = (locale or "es").split("-")[0].lower()
    return language if language in REPLIES else "es"


_order: Callable[[Event], datetime] = lambda e: e.at  # noqa: E731
