"""The WhatsApp bot in the simulated loop: replies handled as production handles them.

With ``simulate(..., bot=True)`` a simulated debtor's reply to a WhatsApp message goes to the
real :class:`~dunning.conversation.Conversation` (one state per debtor, kept for the whole run),
the way a webhook handler would pass it: ``handle(state, inbound, as_of=...)``, where ``as_of``
is the instant the answer can lawfully go out. That instant is the first one at or after the
reply (plus a minute) that the debtor's contact policy allows on WhatsApp (hours, holidays,
quiet periods: :meth:`~dunning.policy.ContactPolicy.next_allowed`); the bot itself then applies
the WhatsApp 24-hour window (free text inside it, the approved template outside). Its answers
are messages sent by a :class:`~dunning.Dispatcher` through a memory WhatsApp channel, so each
is a ``MessageSent`` in the log; the dispatcher's stops apply (no message after a revoked
consent: the opt-out confirmation is stopped, as the independent checker wants). The bot's
events (promises, plan acceptance, reported payments, hand-offs, disputes, opt-outs) are what
the loop records.

The debtor then reads each answer (the channel's read rate) and answers the bot's questions
from their hidden traits: a plan offer is taken with ``plan_accept_rate`` (debtors with less
ability pick more installments), an opt-out confirmation with ``opt_out_confirm_rate`` (else
"No, seguir"), a date question with their promise text again.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from .._core._content import RenderedContent, WhatsAppPayload
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debt, Debtor
from .._core._money import Money
from .._dispatch._dispatcher import Dispatcher
from .._dispatch._sqlite_outbox import SQLiteOutbox
from .._planning._plan import Message
from .._planning._planner import Planner
from ..channels import MemoryChannel
from ..conversation import (
    ButtonsReply,
    Conversation,
    ConversationState,
    ConversationStep,
    Inbound,
    ListReply,
    TemplateReply,
    Turn,
)
from ..events import (
    Event,
    MessageDelivered,
    MessageRead,
    MessageSent,
    ReplyReceived,
)
from ._population import Calibration, Propensity, _rng

__all__ = ["BOT_PREFIX", "BotDesk"]

BOT_PREFIX = "bot-"
"""Message ids of the bot's answers start with this (cadence messages never do)."""

_MAX_TURNS = 4
"""At most this many inbound messages per exchange (a reply and the answers to questions)."""


@dataclass
class BotDesk:
    """The bot's side of the simulated loop: states, the dispatcher of its answers, and the
    debtor's side of the conversation. ``events`` is the loop's event list (appended to);
    ``balance(debt_id)`` what is still owed on a debt."""

    planner: Planner
    creditor: Creditor
    calibration: Calibration
    seed: int
    events: list[Event]
    debts_of: dict[str, list[Debt]]
    balance: Callable[[str], Decimal]
    hidden: dict[str, Propensity]
    promise_text: Callable[[Debtor], str]
    channel: MemoryChannel = field(default_factory=lambda: MemoryChannel(ChannelKind.WHATSAPP))
    states: dict[str, ConversationState] = field(default_factory=dict)
    sent: list[Message] = field(default_factory=list)
    _count: dict[str, int] = field(default_factory=dict)
    _seen: int = 0
    _by_debtor: dict[str, list[Event]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.dispatcher = Dispatcher(
            {ChannelKind.WHATSAPP: self.channel},
            SQLiteOutbox(":memory:"),
            # The instant of each answer is chosen inside the policy's windows below; the
            # cadence's caps and one-message-a-day do not apply to answering the debtor's own
            # message. Validity and the stops (revoked consent, legal action, holds) still do.
            check_policy=False,
            clock=lambda: 0.0,
            sleep=lambda _: None,
            rng=_rng(self.seed, "bot-dispatcher"),
        )

    def answer(self, debtor: Debtor, about: Message, text: str, at: datetime) -> list[Event]:
        """The debtor wrote ``text`` at ``at`` in answer to ``about`` (a WhatsApp message):
        run the exchange; return the bot's events (also appended to ``events``)."""
        hidden_rng = _rng(self.seed, debtor.id, at.isoformat(), "bot")
        produced: list[Event] = []
        inbound = Inbound(text=text, at=at)
        for _ in range(_MAX_TURNS):
            instant = self._instant(debtor, inbound.at)
            state = self.states.get(debtor.id)
            bot = self._conversation(debtor, about)
            turn = bot.handle(state, inbound, as_of=instant or inbound.at)
            self.states[debtor.id] = turn.state
            self.events.extend(turn.events)
            produced.extend(turn.events)
            if instant is None or not turn.replies:
                return produced  # no lawful instant within the policy's search: no answer
            read_at = self._send(debtor, about, turn, instant, hidden_rng)
            if read_at is None:
                return produced
            follow = self._debtor_answers(debtor, turn, read_at, hidden_rng)
            if follow is None:
                return produced
            self.events.append(
                ReplyReceived(
                    at=follow.at,
                    debtor_id=debtor.id,
                    channel=ChannelKind.WHATSAPP,
                    text=follow.text,
                )
            )
            inbound = follow
        return produced

    # -- the bot's side ----------------------------------------------------------------------

    def _conversation(self, debtor: Debtor, about: Message) -> Conversation:
        debts = []
        for debt in self.debts_of.get(debtor.id, ()):
            left = self.balance(debt.id)
            if left > 0:
                debts.append(
                    debt.model_copy(update={"outstanding": Money(left, debt.amount.currency)})
                )
        return Conversation(
            debtor=debtor,
            debts=debts,
            creditor=self.creditor,
            policy=self.planner.policy_for(debtor),
            incentives=about.incentives,
        )

    def _instant(self, debtor: Debtor, at: datetime) -> datetime | None:
        policy = self.planner.policy_for(debtor)
        return policy.next_allowed(debtor, ChannelKind.WHATSAPP, as_of=at + timedelta(minutes=1))

    def _history(self, debtor_id: str) -> list[Event]:
        """The debtor's events so far (indexed once: linear in the run's events)."""
        for event in self.events[self._seen :]:
            owner = getattr(event, "debtor_id", None)
            if owner is not None:
                self._by_debtor.setdefault(owner, []).append(event)
        self._seen = len(self.events)
        return self._by_debtor.get(debtor_id, [])

    def _send(
        self,
        debtor: Debtor,
        about: Message,
        turn: Turn,
        instant: datetime,
        rng: random.Random,
    ) -> datetime | None:
        """Send the turn's replies at ``instant``; the time the debtor read the last one, or
        ``None`` when it was not sent or not read."""
        zone = debtor.zone
        messages = []
        for reply in turn.replies:
            n = self._count[debtor.id] = self._count.get(debtor.id, 0) + 1
            payload = (
                WhatsAppPayload(name=reply.name, language=reply.language, parameters=reply.params)
                if isinstance(reply, TemplateReply)
                else None
            )
            template = f"conversation.{reply.kind}"
            messages.append(
                Message(
                    id=f"{BOT_PREFIX}{debtor.id}-{n:04d}",
                    debtor_id=debtor.id,
                    debt_ids=(),
                    debts=(),
                    channel=ChannelKind.WHATSAPP,
                    to=about.to,
                    send_at=instant,
                    timezone=about.timezone,
                    local_date=instant.astimezone(zone).date(),
                    template=template,
                    stage=about.stage,
                    segment=about.segment,
                    cadence="conversation",
                    locale=about.locale,
                    content=RenderedContent(
                        channel=ChannelKind.WHATSAPP,
                        locale=about.locale,
                        template=template,
                        text=reply.preview(),
                        whatsapp=payload,
                    ),
                    valid_until=instant + timedelta(minutes=30),
                )
            )
        before = len(self.channel.sent)
        report = self.dispatcher.dispatch(
            as_of=instant,
            messages=messages,
            history=self._history(debtor.id),
            debtors=[debtor],
        )
        self.events.extend(report.events)
        self.sent.extend(self.channel.sent[before:])
        cal = self.calibration
        read_at: datetime | None = None
        for event in report.events:
            if not isinstance(event, MessageSent):
                continue
            args = {
                "message_id": event.message_id,
                "debtor_id": debtor.id,
                "channel": ChannelKind.WHATSAPP,
            }
            read_at = None
            if rng.random() >= cal.delivery_rate:
                continue
            self.events.append(MessageDelivered(at=event.at + timedelta(seconds=5), **args))
            if rng.random() < cal.read_rate(ChannelKind.WHATSAPP):
                read_at = event.at + timedelta(minutes=rng.randrange(1, 30))
                self.events.append(MessageRead(at=read_at, **args))
        return read_at

    # -- the debtor's side -------------------------------------------------------------------

    def _debtor_answers(
        self, debtor: Debtor, turn: Turn, read_at: datetime, rng: random.Random
    ) -> Inbound | None:
        cal = self.calibration
        hidden = self.hidden.get(debtor.id)
        at = read_at + timedelta(minutes=rng.randrange(1, 20))
        step = turn.state.step
        last = turn.replies[-1]
        if step is ConversationStep.PLANS and isinstance(last, ListReply):
            rows = [row for row in last.rows if row.id.startswith("plan:")]
            if not rows or rng.random() >= cal.plan_accept_rate:
                return None
            ability = hidden.ability if hidden is not None else 0.5
            pick = rows[min(len(rows) - 1, int((1 - ability) * len(rows)))]
            return Inbound(text=pick.title, reply_id=pick.id, at=at)
        if step is ConversationStep.CONFIRM_OPT_OUT and isinstance(last, ButtonsReply):
            wanted = (
                "optout:whatsapp" if rng.random() < cal.opt_out_confirm_rate else "optout:cancel"
            )
            button = next((b for b in last.buttons if b.id == wanted), None)
            if button is None:
                return None
            return Inbound(text=button.title, reply_id=button.id, at=at)
        if step is ConversationStep.PROMISE_DATE:
            return Inbound(text=self.promise_text(debtor), at=at)
        return None
