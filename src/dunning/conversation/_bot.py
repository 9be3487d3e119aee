"""The WhatsApp menu bot: a pure state machine from one inbound message to replies and events.

:meth:`Conversation.handle` takes the stored :class:`ConversationState`, one inbound message and
the time the replies would go out, and returns a :class:`Turn`: the next state, the
:mod:`replies <dunning.conversation._replies>` to send and the :mod:`~dunning.events` to append
to the history. No I/O, no clock reads: the same input always gives the same turn, so the host
stores the state per debtor (it is JSON) and the bot can be tested like arithmetic.

The menu: pay now (the payment link), payment plan (up to 4 offers from
:func:`~dunning.conversation.offer_plans`), already paid (asks the date, then pauses reminders
with :class:`~dunning.events.PaymentReported`), talk to a person
(:class:`~dunning.events.AgentHandoff`), stop messages (asks to confirm, then
:class:`~dunning.events.ConsentRevoked`). Free text goes through a classifier first.

The 24-hour rule: free-form and interactive replies go out only while the customer-service
window is open, that is when ``as_of`` is less than 24 hours after the latest inbound message the
state has seen. Otherwise the turn holds a single :class:`TemplateReply` naming the approved
template to send instead, never free text.

>>> from datetime import date, datetime, timezone
>>> from dunning import Creditor, Debt, Debtor, Money
>>> from dunning.conversation import Conversation, Inbound, Intent
>>> bot = Conversation(
...     debtor=Debtor(id="c-1", name="Ana Pérez", country="CL", phone="+56961234567"),
...     debts=[Debt(id="F-1", debtor_id="c-1", amount=Money("30000", "CLP"),
...                 due_date=date(2026, 11, 20), payment_url="https://pay.example/F-1")],
...     creditor=Creditor(name="Tienda Sur"),
...     classifier=lambda text, **_: Intent(kind="unknown", confidence=0.0),
... )
>>> at = datetime(2026, 11, 23, 15, tzinfo=timezone.utc)
>>> turn = bot.handle(None, Inbound(text="", reply_id="menu:pay", at=at), as_of=at)
>>> print(turn.replies[0].preview())
Puedes pagar aquí: https://pay.example/F-1
>>> turn.state.step.value, turn.events
('menu', ())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from .._core._errors import CurrencyError, InputError, PaymentPlanError
from .._core._format import first_name, format_date, format_money
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debt, Debtor, DebtStatus
from .._core._money import Money
from .._core._timezones import ensure_aware, get_zone
from ..events import (
    AgentHandoff,
    ConsentRevoked,
    DisputeOpened,
    Event,
    PaymentReported,
    PromiseToPay,
)
from ._intent import MAX_PROMISE_DAYS, Intent, IntentKind
from ._plans import PaymentPlan, PlanRules, offer_plans
from ._replies import (
    BUTTON_TITLE_LIMIT,
    ROW_DESCRIPTION_LIMIT,
    ROW_TITLE_LIMIT,
    WINDOW,
    BotTemplates,
    Button,
    ButtonsReply,
    ConversationState,
    ConversationStep,
    InboundLike,
    ListReply,
    ListRow,
    Reply,
    TemplateReply,
    TextReply,
    TranscriptLine,
    Turn,
    _fit,
    _fold,
    _handoff_summary,
    _mentions,
    _param,
    _Texts,
    _texts,
)

if TYPE_CHECKING:
    from ..policy import ContactPolicy
    from ._classify import Classifier

__all__ = ["Conversation"]

_MAX_OFFERS = 4
_KEEP_INTENTS = 6
_KEEP_LINES = 8
_LINE_CHARS = 300
_MAX_DEBT_LINES = 5
_MAX_PLAN_LINES = 12


# --------------------------------------------------------------------------- one turn


@dataclass
class _Work:
    """The mutable scratch pad of one turn; only :class:`Turn` leaves ``handle``."""

    state: ConversationState
    at: datetime
    today: date
    text: str
    t: _Texts
    replies: list[Reply] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    fresh: bool = False  # the first message of a session: an unknown one just opens the menu

    def update(self, **changes: Any) -> None:
        self.state = self.state.model_copy(update=changes)

    def say(self, reply: Reply) -> None:
        self.replies.append(reply)

    def note_intent(self, kind: IntentKind) -> None:
        self.update(intents=(*self.state.intents, kind)[-_KEEP_INTENTS:])


_WAITING = frozenset(
    {
        ConversationStep.PLANS,
        ConversationStep.PAID_DATE,
        ConversationStep.PROMISE_DATE,
        ConversationStep.CONFIRM_OPT_OUT,
    }
)

_MENU_IDS = {
    "menu": None,
    "menu:open": None,
    "menu:pay": IntentKind.PAYMENT_LINK,
    "menu:plan": IntentKind.PAYMENT_PLAN,
    "menu:paid": IntentKind.ALREADY_PAID,
    "menu:agent": IntentKind.WANTS_AGENT,
    "menu:stop": IntentKind.OPT_OUT,
}


class Conversation:
    """The menu bot for one debtor: their open debts, the creditor, the rules for offers.

    Keyword arguments only:

    * ``debtor``, ``debts`` (the debtor's; only open debts with a balance are talked about),
      ``creditor`` (its ``website`` is the payment link when a debt has no ``payment_url``);
    * ``plan_rules`` and ``policy`` for :func:`~dunning.conversation.offer_plans` (the policy's
      holidays move due dates; without one the debtor's country calendar is used);
    * ``classifier``: reads free text into an :class:`~dunning.conversation.Intent`, called as
      ``classifier(text, locale=..., as_of=..., timezone=...)``; the built-in
      :func:`~dunning.conversation.classify` by default;
    * ``pause_days``: how long reminders pause after "already paid" (local days, default 3);
    * ``max_promise_days``: a promised date further ahead than this (local days, default 366)
      is not recorded: the bot says so and asks for another day;
    * ``templates``: the approved templates to name outside the 24-hour window;
    * ``on_handoff``: called with the summary for a person by :meth:`notify`;
    * ``confirm_opt_out``: ask before revoking consent (default); ``False`` revokes at once;
    * ``handoff_quiet``: how long the bot stays quiet after handing over (default 24 hours).

    Errors: :class:`~dunning.InputError` for debts of another debtor or a state of another
    debtor, :class:`~dunning.NaiveDatetimeError` for a time without a zone.
    """

    def __init__(
        self,
        *,
        debtor: Debtor,
        debts: Iterable[Debt],
        creditor: Creditor,
        plan_rules: PlanRules | None = None,
        classifier: Classifier | Callable[..., Intent] | None = None,
        policy: ContactPolicy | None = None,
        pause_days: int = 3,
        max_promise_days: int = MAX_PROMISE_DAYS,
        templates: BotTemplates | None = None,
        on_handoff: Callable[[str], object] | None = None,
        confirm_opt_out: bool = True,
        handoff_quiet: timedelta = timedelta(hours=24),
    ) -> None:
        self.debtor = debtor
        self.debts = tuple(debts)
        for i, debt in enumerate(self.debts):
            if debt.debtor_id != debtor.id:
                raise InputError(
                    f"debt {debt.id!r} belongs to debtor {debt.debtor_id!r}, not {debtor.id!r}",
                    field=f"debts.{i}.debtor_id",
                    value=debt.debtor_id,
                )
        for name, days in (("pause_days", pause_days), ("max_promise_days", max_promise_days)):
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise InputError(
                    f"{name} must be a whole number of days >= 0, got {days!r}",
                    field=name,
                    value=days,
                )
        if handoff_quiet < timedelta(0):
            raise InputError(
                "handoff_quiet must not be negative", field="handoff_quiet", value=handoff_quiet
            )
        self.creditor = creditor
        self.plan_rules = plan_rules or PlanRules()
        self.policy = policy
        self.pause_days = pause_days
        self.max_promise_days = max_promise_days
        self.templates = templates or BotTemplates()
        self.on_handoff = on_handoff
        self.confirm_opt_out = confirm_opt_out
        self.handoff_quiet = handoff_quiet
        self._classifier = classifier
        self._open = tuple(
            d for d in self.debts if d.status is DebtStatus.OPEN and d.balance.amount > 0
        )

    def __repr__(self) -> str:
        return (
            f"Conversation(debtor={self.debtor.id!r}, debts={[d.id for d in self._open]!r}, "
            f"creditor={self.creditor.name!r}, locale={self.debtor.locale!r})"
        )

    @property
    def open_debts(self) -> tuple[Debt, ...]:
        """The debts the bot talks about: open, with something outstanding."""
        return self._open

    # ------------------------------------------------------------------ public API

    def new_state(self) -> ConversationState:
        """The state of a conversation that has not started: the menu, no inbound yet."""
        assert self.debtor.locale is not None  # Debtor always derives one
        return ConversationState(
            debtor_id=self.debtor.id, locale=self.debtor.locale, zone=self.debtor.zones[0]
        )

    def start(self, state: ConversationState | None = None, *, as_of: datetime) -> Turn:
        """Open the conversation from our side: the menu while the window is open, else the
        ``follow_up`` template; nothing once the debtor opted out."""
        ensure_aware(as_of, "as_of")
        state = self._check(state)
        if state.opted_out:
            return Turn(state, (), ())
        work = self._work(state, as_of, "")
        self._menu(work)
        return self._finish(work, as_of)

    def handle(
        self, state: ConversationState | None, inbound: InboundLike, *, as_of: datetime
    ) -> Turn:
        """Answer one inbound message; ``as_of`` is when the replies would be sent.

        ``state`` is what the previous turn returned (``None`` starts a new conversation).
        Event times are the inbound's ``at``; "today" is its local date in the debtor's zone.
        """
        ensure_aware(as_of, "as_of")
        at = ensure_aware(inbound.at, "inbound.at")
        state = self._check(state)
        last = state.last_inbound_at
        state = state.model_copy(update={"last_inbound_at": at if last is None else max(last, at)})
        if state.opted_out:
            return Turn(state, (), ())
        text = (inbound.text or "").strip()
        work = self._work(state, at, text)
        work.fresh = last is None or at - last >= WINDOW
        self._log(work, "debtor", text or f"[{inbound.reply_id or 'media'}]", at)
        if work.state.step is ConversationStep.AGENT and (
            work.state.handed_off_at is None or at - work.state.handed_off_at >= self.handoff_quiet
        ):
            work.update(step=ConversationStep.MENU, handed_off_at=None)
        if not (inbound.reply_id and self._on_id(work, inbound.reply_id)):
            self._on_text(work)
        return self._finish(work, as_of)

    def notify(self, turn: Turn) -> bool:
        """Call ``on_handoff(summary)`` when ``turn`` hands over to a person; True if called."""
        handoff = turn.handoff
        if handoff is None or self.on_handoff is None:
            return False
        self.on_handoff(handoff.summary)
        return True

    def resume(self, state: ConversationState) -> ConversationState:
        """Give a handed-over conversation back to the bot (an agent is done with it)."""
        state = self._check(state)
        if state.step is ConversationStep.AGENT:
            return state.model_copy(update={"step": ConversationStep.MENU, "handed_off_at": None})
        return state

    # ------------------------------------------------------------------ plumbing

    def _check(self, state: ConversationState | None) -> ConversationState:
        if state is None:
            return self.new_state()
        if not isinstance(state, ConversationState):
            raise InputError(
                f"state must be a ConversationState, got {type(state).__name__}",
                field="state",
                value=state,
            )
        if state.debtor_id != self.debtor.id:
            raise InputError(
                f"state belongs to debtor {state.debtor_id!r}, not {self.debtor.id!r}",
                field="state.debtor_id",
                value=state.debtor_id,
            )
        return state

    def _work(self, state: ConversationState, at: datetime, text: str) -> _Work:
        today = at.astimezone(get_zone(state.zone)).date()
        return _Work(state=state, at=at, today=today, text=text, t=_texts(state.locale))

    def _log(self, work: _Work, sender: Literal["debtor", "bot"], text: str, at: datetime) -> None:
        line = TranscriptLine(at=at, sender=sender, text=text[:_LINE_CHARS])
        work.update(transcript=(*work.state.transcript, line)[-_KEEP_LINES:])

    def _finish(self, work: _Work, as_of: datetime) -> Turn:
        replies = list(work.replies)
        if replies and not work.state.window_open(as_of=as_of):
            revoked = any(isinstance(e, ConsentRevoked) for e in work.events)
            replies = [self._template(work, "opted_out" if revoked else "follow_up")]
            if work.state.step in _WAITING:  # the question was never shown: do not wait for it
                work.update(step=ConversationStep.MENU, offers=(), offers_on=None)
        for reply in replies:
            self._log(work, "bot", reply.preview(), as_of)
        return Turn(work.state, tuple(replies), tuple(work.events))

    def _template(self, work: _Work, purpose: Literal["follow_up", "opted_out"]) -> TemplateReply:
        name = self.templates.follow_up if purpose == "follow_up" else self.templates.opted_out
        params = (_param(first_name(self.debtor.name)), _param(self.creditor.name))
        language = self.templates.language or work.state.locale
        return TemplateReply(name=name, language=language, params=params, purpose=purpose)

    def _classify(self, work: _Work) -> Intent:
        if not work.text:
            return Intent(kind=IntentKind.UNKNOWN, confidence=0.0)
        classifier = self._classifier
        if classifier is None:
            from ._classify import classify  # lazily: the lexicons load on first use

            classifier = self._classifier = classify
        return classifier(
            work.text, locale=self._language(work), as_of=work.at, timezone=work.state.zone
        )

    def _read_date(self, work: _Work) -> date | None:
        """A bare date answering "which day?" (``15 de diciembre``), read by the built-in
        date reader; classifiers only date a reply that reads as a promise."""
        from ._classify import resolve_promise_date

        try:
            return resolve_promise_date(work.text, today=work.today, locale=self._language(work))
        except InputError:
            return None

    @staticmethod
    def _language(work: _Work) -> str:
        # The built-in classifier reads es, pt and en: other locales get the English texts and
        # the English reading.
        return work.state.locale if work.t.language == work.state.locale[:2] else "en"

    # ------------------------------------------------------------------ dispatch

    def _on_id(self, work: _Work, reply_id: str) -> bool:
        """Act on a tapped button or row; False when the id is not one of ours."""
        prefix, _, rest = reply_id.partition(":")
        ours = (
            reply_id in _MENU_IDS
            or (prefix == "plan" and bool(rest))
            or (prefix == "paid" and rest in ("today", "yesterday", "unknown"))
            or (prefix == "optout" and rest in ("whatsapp", "all", "cancel"))
        )
        if not ours:
            return False
        work.update(unknown_count=0)
        if reply_id in _MENU_IDS:
            kind = _MENU_IDS[reply_id]
            if kind is None:
                self._menu(work)
            else:
                work.note_intent(kind)
                self._act(work, kind, Intent(kind=kind, confidence=1.0), from_menu=True)
        elif prefix == "plan":
            self._choose_plan(work, rest)
        elif prefix == "paid":
            paid_on = {"today": work.today, "yesterday": work.today - timedelta(days=1)}.get(rest)
            self._report_paid(work, paid_on)
        elif rest == "cancel":
            self._keep(work)
        else:
            self._revoke(work, everywhere=rest == "all")
        return True

    def _on_text(self, work: _Work) -> None:
        step = work.state.step
        folded = _fold(work.text)
        words = work.t.words
        hello = folded in words["hello"] and step is not ConversationStep.AGENT
        if folded and (folded in words["menu"] or hello):
            work.update(unknown_count=0)
            self._menu(work)
            return
        if step is ConversationStep.CONFIRM_OPT_OUT and folded:
            everywhere = work.state.opt_out_all or folded in words["all_channels"]
            if folded in words["yes"] or folded in words["all_channels"]:
                self._revoke(work, everywhere=everywhere)
                return
            if folded in words["no"]:
                self._keep(work)
                return
        intent = self._classify(work)
        work.note_intent(intent.kind)
        kind = intent.kind
        if step is ConversationStep.AGENT:
            # A person is on it: stay quiet unless the debtor wants to stop.
            if kind is IntentKind.OPT_OUT:
                self._act(work, kind, intent)
            return
        if step is ConversationStep.CONFIRM_OPT_OUT:
            if kind in (IntentKind.OPT_OUT, IntentKind.ACK):
                everywhere = work.state.opt_out_all or _mentions(folded, words["all_channels"])
                self._revoke(work, everywhere=everywhere)
                return
            work.update(step=ConversationStep.MENU, opt_out_all=False)
        if step is ConversationStep.PAID_DATE and kind not in (
            IntentKind.OPT_OUT,
            IntentKind.WANTS_AGENT,
            IntentKind.DISPUTE,
        ):
            promised = intent.promised_date
            if kind is IntentKind.PROMISE_TO_PAY and promised is not None and promised > work.today:
                self._act(work, kind, intent)
                return
            paid_on = promised if promised is not None and promised <= work.today else None
            self._report_paid(work, paid_on, note=work.text or None)
            return
        if step is ConversationStep.PROMISE_DATE:
            promised = intent.promised_date or self._read_date(work)
            if promised is not None:
                self._promise(work, intent.model_copy(update={"promised_date": promised}))
                return
        self._act(work, kind, intent)

    def _act(self, work: _Work, kind: IntentKind, intent: Intent, from_menu: bool = False) -> None:
        if kind is not IntentKind.UNKNOWN:
            work.update(unknown_count=0)
        if kind is IntentKind.OPT_OUT:
            mentions_all = _mentions(_fold(work.text), work.t.words["all_channels"])
            if self.confirm_opt_out:
                self._ask_opt_out(work, everywhere=mentions_all and not from_menu)
            else:
                self._revoke(work, everywhere=mentions_all and not from_menu)
        elif kind is IntentKind.ALREADY_PAID:
            if intent.promised_date is not None and intent.promised_date <= work.today:
                self._report_paid(work, intent.promised_date, note=work.text or None)
            else:
                self._ask_paid(work)
        elif kind is IntentKind.PROMISE_TO_PAY:
            self._promise(work, intent)
        elif kind is IntentKind.HARDSHIP:
            self._offers(work, hardship=True)
        elif kind is IntentKind.DISPUTE:
            self._dispute(work)
        elif kind is IntentKind.WANTS_AGENT:
            work.say(TextReply(text=work.t("agent", **self._names())))
            self._handoff(work, "reason_agent")
        elif kind is IntentKind.PAYMENT_PLAN:
            self._offers(work)
        elif kind is IntentKind.PAYMENT_LINK:
            self._pay_link(work)
        elif kind is IntentKind.ACK:
            earlier = work.state.intents[:-1]
            if not earlier or earlier[-1] is not IntentKind.ACK:
                work.say(TextReply(text=work.t("ack", **self._names())))
            work.update(step=ConversationStep.MENU)
        else:
            self._unknown(work)

    # ------------------------------------------------------------------ flows

    def _names(self) -> dict[str, str]:
        return {"first_name": first_name(self.debtor.name), "creditor": self.creditor.name}

    def _money(self, work: _Work, money: Money) -> str:
        return format_money(money, work.state.locale)

    def _date(self, work: _Work, day: date, *, weekday: bool = False) -> str:
        if day.year != work.today.year:
            pattern = work.t.year_pattern
        else:
            pattern = work.t.day_pattern if weekday else work.t.date_pattern
        return format_date(day, work.state.locale, pattern)

    def _totals(self, work: _Work) -> str:
        totals: dict[str, Money] = {}
        for debt in self._open:
            currency = debt.balance.currency
            totals[currency] = (
                totals[currency] + debt.balance if currency in totals else debt.balance
            )
        return " + ".join(self._money(work, m) for m in totals.values())

    def _debts_text(self, work: _Work) -> str:
        t = work.t
        if not self._open:
            return t("nothing_due")
        if len(self._open) == 1:
            debt = self._open[0]
            values = self._debt_values(work, debt)
            return t("debt_one_due" if debt.due_date else "debt_one", **values)
        lines = [t("debts_intro")]
        for debt in self._open[:_MAX_DEBT_LINES]:
            values = self._debt_values(work, debt)
            lines.append(t("debt_line_due" if debt.due_date else "debt_line", **values))
        if len(self._open) > _MAX_DEBT_LINES:
            lines.append(t("debts_more", count=len(self._open) - _MAX_DEBT_LINES))
        lines.append(t("debts_total", total=self._totals(work)))
        return "\n".join(lines)

    def _debt_values(self, work: _Work, debt: Debt) -> dict[str, str]:
        return {
            "reference": debt.reference or debt.id,
            "amount": self._money(work, debt.balance),
            "due": self._date(work, debt.due_date) if debt.due_date else "",
        }

    def _menu(self, work: _Work, prefix: str | None = None) -> None:
        t = work.t
        body = [prefix] if prefix else []
        body += [t("greeting", **self._names()), self._debts_text(work), t("menu_question")]
        rows = tuple(
            ListRow(id=f"menu:{key}", title=t(f"menu_{key}"), description=t(f"menu_{key}_desc"))
            for key in ("pay", "plan", "paid", "agent", "stop")
        )
        work.say(ListReply(text="\n\n".join(body), button=t("menu_button"), rows=rows))
        work.update(step=ConversationStep.MENU, offers=(), offers_on=None, opt_out_all=False)

    def _nothing_due(self, work: _Work) -> bool:
        """Say there is nothing to pay when no debt is open (then there is nothing to do)."""
        if self._open:
            return False
        work.say(TextReply(text=work.t("nothing_due")))
        work.update(step=ConversationStep.MENU)
        return True

    def _unknown(self, work: _Work) -> None:
        if work.fresh and work.state.step is ConversationStep.MENU:
            work.update(unknown_count=0)
            self._menu(work)
            return
        count = work.state.unknown_count + 1
        if count >= 2:
            work.say(TextReply(text=work.t("agent_unknown", **self._names())))
            self._handoff(work, "reason_unknown")
            return
        work.update(unknown_count=count)
        prefix = work.t("not_understood")
        if work.state.step is ConversationStep.PLANS:
            self._offers(work, prefix=prefix)
        else:
            self._menu(work, prefix=prefix)

    def _pay_link(self, work: _Work) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        links = {d.id: d.payment_url or self.creditor.website for d in self._open}
        urls = list(dict.fromkeys(u for u in links.values() if u))
        if not urls:
            work.say(TextReply(text=t("agent_no_link", **self._names())))
            self._handoff(work, "reason_no_link")
            return
        if len(urls) == 1:
            text = t("pay_link", url=urls[0])
        else:
            lines = [t("pay_links")]
            for debt in self._open:
                url = links[debt.id]
                if url:
                    lines.append(t("pay_link_line", reference=debt.reference or debt.id, url=url))
            text = "\n".join(lines)
        work.say(TextReply(text=text))
        work.update(step=ConversationStep.MENU)

    def _plans(self, as_of: date) -> list[PaymentPlan]:
        if not self._open:
            return []
        try:
            plans = offer_plans(
                self._open,
                self.plan_rules,
                as_of=as_of,
                policy=self.policy,
                country=None if self.policy is not None else self.debtor.country,
            )
        except PaymentPlanError:
            # Two currencies, or a holiday calendar the package lacks: a person takes it.
            return []
        return plans[:_MAX_OFFERS]

    def _offers(self, work: _Work, *, hardship: bool = False, prefix: str | None = None) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        plans = self._plans(work.today)
        if not plans:
            work.say(TextReply(text=t("plans_none", **self._names())))
            self._handoff(work, "reason_no_plans")
            return
        rows = [self._plan_row(work, plan) for plan in plans]
        rows.append(ListRow(id="menu:agent", title=t("menu_agent"), description=None))
        intro = t("hardship_intro" if hardship else "plans_intro", total=self._totals(work))
        body = f"{prefix}\n\n{intro}" if prefix else intro
        work.say(
            ListReply(
                text=body,
                button=t("plans_button"),
                rows=tuple(rows),
                section_title=_fit(ROW_TITLE_LIMIT, t("plans_section")),
            )
        )
        work.update(
            step=ConversationStep.PLANS,
            offers=tuple(p.id for p in plans),
            offers_on=work.today,
        )

    def _plan_row(self, work: _Work, plan: PaymentPlan) -> ListRow:
        t = work.t

        def money(value: Money) -> str:
            return self._money(work, value)

        first = plan.installments[0]
        when = self._date(work, first.due_date)
        if plan.kind == "full":
            title = _fit(
                ROW_TITLE_LIMIT, t("plan_full", total=money(plan.total)), t("plan_full_short")
            )
            if plan.discount:
                desc = t("plan_full_discount_desc", discount=money(plan.discount), date=when)
            else:
                desc = t("plan_full_desc", date=when)
        else:
            later = plan.installments[-1].amount
            title = _fit(
                ROW_TITLE_LIMIT,
                t("plan_installments", count=plan.count, amount=money(later)),
                t("plan_installments_short", count=plan.count),
            )
            desc = t(
                "plan_installments_desc",
                first=money(first.amount),
                date=when,
                total=money(plan.total),
            )
        return ListRow(
            id=f"plan:{plan.id}", title=title, description=_fit(ROW_DESCRIPTION_LIMIT, desc)
        )

    def _choose_plan(self, work: _Work, plan_id: str) -> None:
        t = work.t
        work.note_intent(IntentKind.PAYMENT_PLAN)
        shown_on = work.state.offers_on  # offers hold on the day shown and the next
        plan = None
        if plan_id in work.state.offers and shown_on and 0 <= (work.today - shown_on).days <= 1:
            plan = next((p for p in self._plans(shown_on) if p.id == plan_id), None)
        if plan is None:
            self._offers(work, prefix=t("plans_expired"))
            return
        work.events.append(plan.accept(at=work.at))
        lines = [t("plan_accepted", **self._names())]
        lines += [
            t(
                "plan_line",
                number=item.number,
                amount=self._money(work, item.amount),
                date=self._date(work, item.due_date),
            )
            for item in plan.installments[:_MAX_PLAN_LINES]
        ]
        if plan.count > _MAX_PLAN_LINES:
            lines.append(t("plan_more", count=plan.count - _MAX_PLAN_LINES))
        # One link for the whole plan: the debts' own link when they share one, else the site.
        links = {d.payment_url for d in self._open if d.payment_url}
        url = links.pop() if len(links) == 1 else self.creditor.website
        if url:
            lines += ["", t("plan_pay_at", url=url)]
        work.say(TextReply(text="\n".join(lines)))
        work.update(step=ConversationStep.MENU, offers=(), offers_on=None)

    def _ask_paid(self, work: _Work) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        # Pause at once: a debtor who says "ya pagué" and never answers the date question must
        # not get a reminder an hour later. The answer records the date in a second report.
        self._pause(work)
        buttons = tuple(
            Button(id=f"paid:{key}", title=_fit(BUTTON_TITLE_LIMIT, t(f"paid_{key}")))
            for key in ("today", "yesterday", "unknown")
        )
        work.say(ButtonsReply(text=t("paid_ask"), buttons=buttons))
        work.update(step=ConversationStep.PAID_DATE)

    def _report_paid(self, work: _Work, paid_on: date | None, note: str | None = None) -> None:
        t = work.t
        if work.state.intents[-1:] != (IntentKind.ALREADY_PAID,):
            work.note_intent(IntentKind.ALREADY_PAID)
        if self._nothing_due(work):
            return
        until = self._pause(work, paid_on, note)
        values = {**self._names(), "until": self._date(work, until, weekday=True)}
        if paid_on is not None:
            text = t("paid_thanks_date", paid_on=self._date(work, paid_on), **values)
        else:
            text = t("paid_thanks", **values)
        work.say(TextReply(text=text))
        work.update(step=ConversationStep.MENU)

    def _pause(self, work: _Work, paid_on: date | None = None, note: str | None = None) -> date:
        """Report a payment on every open debt, pausing reminders for ``pause_days``."""
        until = work.today + timedelta(days=self.pause_days)
        for debt in self._open:
            work.events.append(
                PaymentReported(
                    at=work.at, debt_id=debt.id, pause_until=until, paid_on=paid_on, note=note
                )
            )
        return until

    def _promise(self, work: _Work, intent: Intent) -> None:
        t = work.t
        promised = intent.promised_date
        # Too far: beyond the bound, or a date the classifier read and dropped as out of range.
        too_far = (
            promised is not None and (promised - work.today).days > self.max_promise_days
        ) or any(e.startswith("out_of_range:date:") for e in intent.evidence)
        if promised is None or promised < work.today or too_far:
            # Whatever the classifier: a date nobody can plan for is never recorded.
            key = (
                "promise_far" if too_far else "promise_ask" if promised is None else "promise_past"
            )
            work.say(TextReply(text=t(key)))
            work.update(step=ConversationStep.PROMISE_DATE)
            return
        if self._nothing_due(work):
            return
        amount: Money | None = None
        if intent.amount is not None and len(self._open) == 1:
            try:
                amount = Money(intent.amount, self._open[0].balance.currency)
            except CurrencyError:
                amount = None
        for debt in self._open:
            work.events.append(
                PromiseToPay(at=work.at, debt_id=debt.id, promised_date=promised, amount=amount)
            )
        day = self._date(work, promised, weekday=True)
        work.say(TextReply(text=t("promise_thanks", date=day, **self._names())))
        work.update(step=ConversationStep.MENU)

    def _dispute(self, work: _Work) -> None:
        for debt in self._open:
            work.events.append(DisputeOpened(at=work.at, debt_id=debt.id, reason=work.text or None))
        work.say(TextReply(text=work.t("dispute", **self._names())))
        self._handoff(work, "reason_dispute")

    def _ask_opt_out(self, work: _Work, *, everywhere: bool) -> None:
        t = work.t
        buttons = tuple(
            Button(id=f"optout:{key}", title=_fit(BUTTON_TITLE_LIMIT, t(f"opt_out_{key}")))
            for key in ("whatsapp", "all", "cancel")
        )
        work.say(ButtonsReply(text=t("opt_out_ask", **self._names()), buttons=buttons))
        work.update(step=ConversationStep.CONFIRM_OPT_OUT, opt_out_all=everywhere)

    def _keep(self, work: _Work) -> None:
        self._menu(work, prefix=work.t("opt_out_kept"))

    def _revoke(self, work: _Work, *, everywhere: bool) -> None:
        channel = None if everywhere else ChannelKind.WHATSAPP
        work.events.append(ConsentRevoked(at=work.at, debtor_id=self.debtor.id, channel=channel))
        # The confirmation is the only reply of this turn, and the last one ever.
        work.replies.clear()
        key = "opt_out_done_all" if everywhere else "opt_out_done"
        work.say(TextReply(text=work.t(key, **self._names())))
        work.update(
            step=ConversationStep.CLOSED,
            opted_out_channel=channel,
            opt_out_all=everywhere,
            offers=(),
            offers_on=None,
            handed_off_at=None,
        )

    def _handoff(self, work: _Work, reason: str) -> None:
        if any(isinstance(e, AgentHandoff) for e in work.events):
            return  # one hand-off per turn
        work.events.append(
            AgentHandoff(
                at=work.at,
                debtor_id=self.debtor.id,
                summary=_handoff_summary(work.state, work.t, self.debtor, self._open, reason),
            )
        )
        work.update(
            step=ConversationStep.AGENT,
            handed_off_at=work.at,
            unknown_count=0,
            offers=(),
            offers_on=None,
        )
