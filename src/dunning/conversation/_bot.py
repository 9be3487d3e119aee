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
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from .._core._incentive import IncentiveOffer
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debt, Debtor, DebtStatus
from .._core._timezones import ensure_aware, get_zone
from ..events import AgentHandoff, ConsentRevoked, DisputeOpened, PaymentReported, PromiseToPay
from ._intent import MAX_PROMISE_DAYS, Intent, IntentKind
from ._plans import PaymentPlan, PlanRules
from ._replies import (
    ROW_TITLE_LIMIT,
    WINDOW,
    BotTemplates,
    ButtonsReply,
    ConversationState,
    ConversationStep,
    InboundLike,
    ListReply,
    ListRow,
    TemplateReply,
    TextReply,
    Turn,
    _fit,
    _fold,
    _handoff_summary,
    _mentions,
    _texts,
)
from ._turn import (
    MENU_IDS,
    WAITING,
    Work,
    check_settings,
    check_state,
    choice_buttons,
    date_text,
    debts_text,
    is_ours,
    language,
    log_line,
    menu_rows,
    names,
    offered_plans,
    pay_links_text,
    plan_accepted_text,
    plan_row,
    promise_problem,
    promised_amount,
    read_date,
    template_reply,
    totals_text,
)

if TYPE_CHECKING:
    from ..policy import ContactPolicy
    from ._classify import Classifier

__all__ = ["Conversation"]


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
    * ``handoff_quiet``: how long the bot stays quiet after handing over (default 24 hours);
    * ``incentives``: the offers the debtor's messages made (``Message.incentives``): plans
      offered while one holds apply its discount (see :func:`offer_plans`).

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
        incentives: Iterable[IncentiveOffer] = (),
    ) -> None:
        self.debtor = debtor
        self.debts = tuple(debts)
        check_settings(
            debtor,
            self.debts,
            pause_days=pause_days,
            max_promise_days=max_promise_days,
            handoff_quiet=handoff_quiet,
        )
        self.creditor = creditor
        self.plan_rules = plan_rules or PlanRules()
        self.policy = policy
        self.incentives = tuple(incentives)
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
        log_line(work, "debtor", text or f"[{inbound.reply_id or 'media'}]", at)
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
        return self.new_state() if state is None else check_state(state, self.debtor)

    def _work(self, state: ConversationState, at: datetime, text: str) -> Work:
        today = at.astimezone(get_zone(state.zone)).date()
        return Work(state=state, at=at, today=today, text=text, t=_texts(state.locale))

    def _finish(self, work: Work, as_of: datetime) -> Turn:
        replies = list(work.replies)
        if replies and not work.state.window_open(as_of=as_of):
            revoked = any(isinstance(e, ConsentRevoked) for e in work.events)
            replies = [self._template(work, "opted_out" if revoked else "follow_up")]
            if work.state.step in WAITING:  # the question was never shown: do not wait for it
                work.update(step=ConversationStep.MENU, offers=(), offers_on=None)
        for reply in replies:
            log_line(work, "bot", reply.preview(), as_of)
        return Turn(work.state, tuple(replies), tuple(work.events))

    def _template(self, work: Work, purpose: Literal["follow_up", "opted_out"]) -> TemplateReply:
        return template_reply(work, self.templates, self.debtor, self.creditor, purpose)

    def _classify(self, work: Work) -> Intent:
        if not work.text:
            return Intent(kind=IntentKind.UNKNOWN, confidence=0.0)
        classifier = self._classifier
        if classifier is None:
            from ._classify import classify  # lazily: the lexicons load on first use

            classifier = self._classifier = classify
        return classifier(work.text, locale=language(work), as_of=work.at, timezone=work.state.zone)

    # ------------------------------------------------------------------ dispatch

    def _on_id(self, work: Work, reply_id: str) -> bool:
        """Act on a tapped button or row; False when the id is not one of ours."""
        if not is_ours(reply_id):
            return False
        prefix, _, rest = reply_id.partition(":")
        work.update(unknown_count=0)
        if reply_id in MENU_IDS:
            kind = MENU_IDS[reply_id]
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

    def _on_text(self, work: Work) -> None:
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
            promised = intent.promised_date or read_date(work)
            if promised is not None:
                self._promise(work, intent.model_copy(update={"promised_date": promised}))
                return
        self._act(work, kind, intent)

    def _act(self, work: Work, kind: IntentKind, intent: Intent, from_menu: bool = False) -> None:
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
        return names(self.debtor, self.creditor)

    def _plans(self, as_of: date) -> list[PaymentPlan]:
        return offered_plans(
            self._open,
            self.plan_rules,
            as_of=as_of,
            policy=self.policy,
            country=self.debtor.country,
            incentives=self.incentives,
        )

    def _menu(self, work: Work, prefix: str | None = None) -> None:
        t = work.t
        body = [prefix] if prefix else []
        body += [t("greeting", **self._names()), debts_text(work, self._open), t("menu_question")]
        rows = menu_rows(t)
        work.say(ListReply(text="\n\n".join(body), button=t("menu_button"), rows=rows))
        work.update(step=ConversationStep.MENU, offers=(), offers_on=None, opt_out_all=False)

    def _nothing_due(self, work: Work) -> bool:
        """Say there is nothing to pay when no debt is open (then there is nothing to do)."""
        if self._open:
            return False
        work.say(TextReply(text=work.t("nothing_due")))
        work.update(step=ConversationStep.MENU)
        return True

    def _unknown(self, work: Work) -> None:
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

    def _pay_link(self, work: Work) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        text = pay_links_text(work, self._open, self.creditor.website)
        if text is None:
            work.say(TextReply(text=t("agent_no_link", **self._names())))
            self._handoff(work, "reason_no_link")
            return
        work.say(TextReply(text=text))
        work.update(step=ConversationStep.MENU)

    def _offers(self, work: Work, *, hardship: bool = False, prefix: str | None = None) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        plans = self._plans(work.today)
        if not plans:
            work.say(TextReply(text=t("plans_none", **self._names())))
            self._handoff(work, "reason_no_plans")
            return
        rows = [plan_row(work, plan) for plan in plans]
        rows.append(ListRow(id="menu:agent", title=t("menu_agent"), description=None))
        intro = t(
            "hardship_intro" if hardship else "plans_intro", total=totals_text(work, self._open)
        )
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

    def _choose_plan(self, work: Work, plan_id: str) -> None:
        t = work.t
        work.note_intent(IntentKind.PAYMENT_PLAN)
        shown_on = work.state.offers_on  # offers hold on the day shown and the next
        plan = None
        if plan_id in work.state.offers and shown_on and 0 <= (work.today - shown_on).days <= 1:
            plan = next((p for p in self._plans(shown_on) if p.id == plan_id), None)
        if plan is not None and plan.valid_until is not None and work.today > plan.valid_until:
            plan = None  # its incentive ended: offer again, at today's terms
        if plan is None:
            self._offers(work, prefix=t("plans_expired"))
            return
        work.events.append(plan.accept(at=work.at, zone=self.debtor.zone))
        text = plan_accepted_text(work, plan, self._open, self.creditor.website, self._names())
        work.say(TextReply(text=text))
        work.update(step=ConversationStep.MENU, offers=(), offers_on=None)

    def _ask_paid(self, work: Work) -> None:
        t = work.t
        if self._nothing_due(work):
            return
        # Pause at once: a debtor who says "ya pagué" and never answers the date question must
        # not get a reminder an hour later. The answer records the date in a second report.
        self._pause(work)
        buttons = choice_buttons(t, "paid", "paid", ("today", "yesterday", "unknown"))
        work.say(ButtonsReply(text=t("paid_ask"), buttons=buttons))
        work.update(step=ConversationStep.PAID_DATE)

    def _report_paid(self, work: Work, paid_on: date | None, note: str | None = None) -> None:
        t = work.t
        if work.state.intents[-1:] != (IntentKind.ALREADY_PAID,):
            work.note_intent(IntentKind.ALREADY_PAID)
        if self._nothing_due(work):
            return
        until = self._pause(work, paid_on, note)
        values = {**self._names(), "until": date_text(work, until, weekday=True)}
        if paid_on is not None:
            text = t("paid_thanks_date", paid_on=date_text(work, paid_on), **values)
        else:
            text = t("paid_thanks", **values)
        work.say(TextReply(text=text))
        work.update(step=ConversationStep.MENU)

    def _pause(self, work: Work, paid_on: date | None = None, note: str | None = None) -> date:
        """Report a payment on every open debt, pausing reminders for ``pause_days``."""
        until = work.today + timedelta(days=self.pause_days)
        for debt in self._open:
            work.events.append(
                PaymentReported(
                    at=work.at, debt_id=debt.id, pause_until=until, paid_on=paid_on, note=note
                )
            )
        return until

    def _promise(self, work: Work, intent: Intent) -> None:
        t = work.t
        promised = intent.promised_date
        problem = promise_problem(intent, work.today, self.max_promise_days)
        if promised is None or problem is not None:
            # Whatever the classifier: a date nobody can plan for is never recorded.
            work.say(TextReply(text=t(problem or "promise_ask")))
            work.update(step=ConversationStep.PROMISE_DATE)
            return
        if self._nothing_due(work):
            return
        amount = promised_amount(intent, self._open)
        for debt in self._open:
            work.events.append(
                PromiseToPay(at=work.at, debt_id=debt.id, promised_date=promised, amount=amount)
            )
        day = date_text(work, promised, weekday=True)
        work.say(TextReply(text=t("promise_thanks", date=day, **self._names())))
        work.update(step=ConversationStep.MENU)

    def _dispute(self, work: Work) -> None:
        for debt in self._open:
            work.events.append(DisputeOpened(at=work.at, debt_id=debt.id, reason=work.text or None))
        work.say(TextReply(text=work.t("dispute", **self._names())))
        self._handoff(work, "reason_dispute")

    def _ask_opt_out(self, work: Work, *, everywhere: bool) -> None:
        t = work.t
        buttons = choice_buttons(t, "optout", "opt_out", ("whatsapp", "all", "cancel"))
        work.say(ButtonsReply(text=t("opt_out_ask", **self._names()), buttons=buttons))
        work.update(step=ConversationStep.CONFIRM_OPT_OUT, opt_out_all=everywhere)

    def _keep(self, work: Work) -> None:
        self._menu(work, prefix=work.t("opt_out_kept"))

    def _revoke(self, work: Work, *, everywhere: bool) -> None:
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

    def _handoff(self, work: Work, reason: str) -> None:
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
