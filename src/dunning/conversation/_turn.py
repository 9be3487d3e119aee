"""The bot's helpers: the scratch pad of one turn and the wording of what it says.

:class:`Work` is the mutable pad of one :meth:`Conversation.handle
<dunning.conversation.Conversation.handle>` call (only a frozen ``Turn`` leaves it); the functions
below write the debtor's debts, amounts, dates and plan offers in the conversation's locale, read
a bare date, and decide which reply ids are the bot's own. They hold no configuration: the bot
passes its debtor, debts and creditor in.

>>> from dunning.conversation._turn import is_ours
>>> is_ours("menu:pay"), is_ours("paid:today"), is_ours("plan:"), is_ours("elsewhere")
(True, True, False, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from .._core._errors import CurrencyError, InputError, PaymentPlanError
from .._core._format import first_name, format_date, format_money
from .._core._incentive import IncentiveOffer
from .._core._models import Creditor, Debt, Debtor
from .._core._money import Money
from .._core._text import parse_locale
from ..events import Event
from ._intent import Intent, IntentKind
from ._plans import PaymentPlan, PlanRules, offer_plans
from ._replies import (
    BUTTON_TITLE_LIMIT,
    ROW_DESCRIPTION_LIMIT,
    ROW_TITLE_LIMIT,
    BotTemplates,
    Button,
    ConversationState,
    ConversationStep,
    ListRow,
    Reply,
    TemplateReply,
    TranscriptLine,
    _fit,
    _param,
    _Texts,
)

if TYPE_CHECKING:
    from ..policy import ContactPolicy

__all__ = [
    "MENU_IDS",
    "WAITING",
    "Work",
    "check_settings",
    "check_state",
    "choice_buttons",
    "date_text",
    "debts_text",
    "is_ours",
    "language",
    "log_line",
    "menu_rows",
    "money_text",
    "names",
    "offered_plans",
    "pay_links_text",
    "plan_accepted_text",
    "plan_row",
    "promise_problem",
    "promised_amount",
    "read_date",
    "template_reply",
    "totals_text",
]

_MAX_OFFERS = 4
_KEEP_INTENTS = 6
_KEEP_LINES = 8
_LINE_CHARS = 300
_MAX_DEBT_LINES = 5
_MAX_PLAN_LINES = 12


@dataclass
class Work:
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


WAITING = frozenset(
    {
        ConversationStep.PLANS,
        ConversationStep.PAID_DATE,
        ConversationStep.PROMISE_DATE,
        ConversationStep.CONFIRM_OPT_OUT,
    }
)
"""Steps that wait for an answer to a question the bot asked."""

MENU_IDS = {
    "menu": None,
    "menu:open": None,
    "menu:pay": IntentKind.PAYMENT_LINK,
    "menu:plan": IntentKind.PAYMENT_PLAN,
    "menu:paid": IntentKind.ALREADY_PAID,
    "menu:agent": IntentKind.WANTS_AGENT,
    "menu:stop": IntentKind.OPT_OUT,
}
"""The menu's row ids and the intent each one stands for (``None``: show the menu)."""


def check_settings(
    debtor: Debtor,
    debts: Sequence[Debt],
    *,
    pause_days: int,
    max_promise_days: int,
    handoff_quiet: timedelta,
) -> None:
    """Refuse debts of another debtor, negative or non-integer day counts, a negative quiet time."""
    for i, debt in enumerate(debts):
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


def check_state(state: ConversationState, debtor: Debtor) -> ConversationState:
    """``state`` if it is a ``ConversationState`` of ``debtor``, else an ``InputError``."""
    if not isinstance(state, ConversationState):
        raise InputError(
            f"state must be a ConversationState, got {type(state).__name__}",
            field="state",
            value=state,
        )
    if state.debtor_id != debtor.id:
        raise InputError(
            f"state belongs to debtor {state.debtor_id!r}, not {debtor.id!r}",
            field="state.debtor_id",
            value=state.debtor_id,
        )
    return state


def promise_problem(intent: Intent, today: date, max_days: int) -> str | None:
    """The text key saying why a promised date cannot be recorded (past, or too far: beyond
    ``max_days`` or a date the classifier read and dropped as out of range), else ``None``."""
    promised = intent.promised_date
    too_far = (promised is not None and (promised - today).days > max_days) or any(
        e.startswith("out_of_range:date:") for e in intent.evidence
    )
    if too_far:
        return "promise_far"
    if promised is not None and promised < today:
        return "promise_past"
    return None


def promised_amount(intent: Intent, debts: Sequence[Debt]) -> Money | None:
    """The amount promised, in the debt's currency, when there is one debt and it reads."""
    if intent.amount is None or len(debts) != 1:
        return None
    try:
        return Money(intent.amount, debts[0].balance.currency)
    except CurrencyError:
        return None


def menu_rows(t: _Texts) -> tuple[ListRow, ...]:
    """The menu: pay, plan, already paid, talk to a person, stop messages."""
    return tuple(
        ListRow(id=f"menu:{key}", title=t(f"menu_{key}"), description=t(f"menu_{key}_desc"))
        for key in ("pay", "plan", "paid", "agent", "stop")
    )


def choice_buttons(
    t: _Texts, id_prefix: str, text_prefix: str, keys: Sequence[str]
) -> tuple[Button, ...]:
    """Reply buttons ``<id_prefix>:<key>`` titled by the texts ``<text_prefix>_<key>``."""
    return tuple(
        Button(id=f"{id_prefix}:{key}", title=_fit(BUTTON_TITLE_LIMIT, t(f"{text_prefix}_{key}")))
        for key in keys
    )


def is_ours(reply_id: str) -> bool:
    """Whether a tapped button or row id is one the bot sent."""
    prefix, _, rest = reply_id.partition(":")
    return (
        reply_id in MENU_IDS
        or (prefix == "plan" and bool(rest))
        or (prefix == "paid" and rest in ("today", "yesterday", "unknown"))
        or (prefix == "optout" and rest in ("whatsapp", "all", "cancel"))
    )


def log_line(work: Work, sender: Literal["debtor", "bot"], text: str, at: datetime) -> None:
    """Add a line to the transcript kept in the state (the last few, shortened)."""
    line = TranscriptLine(at=at, sender=sender, text=text[:_LINE_CHARS])
    work.update(transcript=(*work.state.transcript, line)[-_KEEP_LINES:])


def language(work: Work) -> str:
    """The locale the built-in reader reads in: es, pt and en; other locales get the English
    texts and the English reading."""
    same = work.t.language == parse_locale(work.state.locale, field="state.locale").language
    return work.state.locale if same else "en"


def read_date(work: Work) -> date | None:
    """A bare date answering "which day?" (``15 de diciembre``), read by the built-in date
    reader; classifiers only date a reply that reads as a promise."""
    from ._classify import resolve_promise_date

    try:
        return resolve_promise_date(work.text, today=work.today, locale=language(work))
    except InputError:
        return None


def names(debtor: Debtor, creditor: Creditor) -> dict[str, str]:
    """The ``first_name`` and ``creditor`` values of the texts."""
    return {"first_name": first_name(debtor.name), "creditor": creditor.name}


def template_reply(
    work: Work,
    templates: BotTemplates,
    debtor: Debtor,
    creditor: Creditor,
    purpose: Literal["follow_up", "opted_out"],
) -> TemplateReply:
    """The approved template to send instead of replies outside the 24-hour window."""
    name = templates.follow_up if purpose == "follow_up" else templates.opted_out
    params = (_param(first_name(debtor.name)), _param(creditor.name))
    return TemplateReply(
        name=name,
        language=templates.language or work.state.locale,
        params=params,
        purpose=purpose,
    )


def money_text(work: Work, money: Money) -> str:
    return format_money(money, work.state.locale)


def date_text(work: Work, day: date, *, weekday: bool = False) -> str:
    """``day`` in the locale's pattern: with the year when it is not this year's."""
    if day.year != work.today.year:
        pattern = work.t.year_pattern
    else:
        pattern = work.t.day_pattern if weekday else work.t.date_pattern
    return format_date(day, work.state.locale, pattern)


def totals_text(work: Work, debts: Sequence[Debt]) -> str:
    """The balance of ``debts``, one amount per currency."""
    totals: dict[str, Money] = {}
    for debt in debts:
        currency = debt.balance.currency
        totals[currency] = totals[currency] + debt.balance if currency in totals else debt.balance
    return " + ".join(money_text(work, m) for m in totals.values())


def debts_text(work: Work, debts: Sequence[Debt]) -> str:
    """What is owed: one debt, or up to a few lines and the total."""
    t = work.t
    if not debts:
        return t("nothing_due")
    if len(debts) == 1:
        debt = debts[0]
        return t("debt_one_due" if debt.due_date else "debt_one", **_debt_values(work, debt))
    lines = [t("debts_intro")]
    for debt in debts[:_MAX_DEBT_LINES]:
        values = _debt_values(work, debt)
        lines.append(t("debt_line_due" if debt.due_date else "debt_line", **values))
    if len(debts) > _MAX_DEBT_LINES:
        lines.append(t("debts_more", count=len(debts) - _MAX_DEBT_LINES))
    lines.append(t("debts_total", total=totals_text(work, debts)))
    return "\n".join(lines)


def _debt_values(work: Work, debt: Debt) -> dict[str, str]:
    return {
        "reference": debt.reference or debt.id,
        "amount": money_text(work, debt.balance),
        "due": date_text(work, debt.due_date) if debt.due_date else "",
    }


def pay_links_text(work: Work, debts: Sequence[Debt], website: str | None) -> str | None:
    """The payment link (or one per debt when they differ); ``None`` when there is none."""
    t = work.t
    links = {d.id: d.payment_url or website for d in debts}
    urls = list(dict.fromkeys(u for u in links.values() if u))
    if not urls:
        return None
    if len(urls) == 1:
        return t("pay_link", url=urls[0])
    lines = [t("pay_links")]
    for debt in debts:
        url = links[debt.id]
        if url:
            lines.append(t("pay_link_line", reference=debt.reference or debt.id, url=url))
    return "\n".join(lines)


def offered_plans(
    debts: Sequence[Debt],
    rules: PlanRules,
    *,
    as_of: date,
    policy: ContactPolicy | None,
    country: str,
    incentives: Iterable[IncentiveOffer] = (),
) -> list[PaymentPlan]:
    """Up to four plans for ``debts``; none when a person must take it (two currencies, a
    holiday calendar the package lacks)."""
    if not debts:
        return []
    try:
        plans = offer_plans(
            debts,
            rules,
            as_of=as_of,
            policy=policy,
            country=None if policy is not None else country,
            incentives=incentives,
        )
    except PaymentPlanError:
        return []
    return plans[:_MAX_OFFERS]


def plan_row(work: Work, plan: PaymentPlan) -> ListRow:
    """The list row offering ``plan``: titles and descriptions within WhatsApp's limits."""
    t = work.t

    def money(value: Money) -> str:
        return money_text(work, value)

    first = plan.installments[0]
    when = date_text(work, first.due_date)
    if plan.kind == "full":
        title = _fit(ROW_TITLE_LIMIT, t("plan_full", total=money(plan.total)), t("plan_full_short"))
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
    return ListRow(id=f"plan:{plan.id}", title=title, description=_fit(ROW_DESCRIPTION_LIMIT, desc))


def plan_accepted_text(
    work: Work,
    plan: PaymentPlan,
    debts: Sequence[Debt],
    website: str | None,
    values: dict[str, str],
) -> str:
    """The confirmation of an accepted plan: its installments and where to pay."""
    t = work.t
    lines = [t("plan_accepted", **values)]
    lines += [
        t(
            "plan_line",
            number=item.number,
            amount=money_text(work, item.amount),
            date=date_text(work, item.due_date),
        )
        for item in plan.installments[:_MAX_PLAN_LINES]
    ]
    if plan.count > _MAX_PLAN_LINES:
        lines.append(t("plan_more", count=plan.count - _MAX_PLAN_LINES))
    # One link for the whole plan: the debts' own link when they share one, else the site.
    links = {d.payment_url for d in debts if d.payment_url}
    url = links.pop() if len(links) == 1 else website
    if url:
        lines += ["", t("plan_pay_at", url=url)]
    return "\n".join(lines)
