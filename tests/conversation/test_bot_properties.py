"""Property tests for the menu bot: whatever the debtor sends, in whatever order and timing, the
bot keeps WhatsApp's and the debtor's rules.

* it raises nothing (every input here is valid);
* outside the 24-hour window (computed here from the inbound times, not by the bot) it sends
  only approved templates; inside, every reply is one WhatsApp accepts;
* after the turn that revokes consent (whose only reply is the confirmation) it sends nothing
  and records nothing, ever;
* events name only this debtor and this conversation's open debts;
* the state survives JSON, and the same inputs give the same turn.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dunning import Creditor, Debt, Debtor, DebtStatus, Money
from dunning.conversation import (
    Conversation,
    ConversationState,
    Inbound,
    Intent,
    IntentKind,
    TemplateReply,
    classify,
)
from dunning.events import (
    AgentHandoff,
    ConsentRevoked,
    PaymentPlanAccepted,
)

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)
START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
WINDOW = timedelta(hours=24)

MARKETS = {
    "CL": ("Ana Pérez", "+56961234567", "CLP", "30000"),
    "MX": ("Luis Gómez", "+525512345678", "MXN", "1234.50"),
    "CO": ("Camila Ruiz", "+573001234567", "COP", "250000"),
    "PE": ("Rosa Quispe", "+51912345678", "PEN", "480.00"),
    "BR": ("João Silva", "+5511987654321", "BRL", "200.50"),
    "AR": ("Sofía Díaz", "+5491123456789", "ARS", "85000"),
    "US": ("Mary Smith", "+12125550123", "USD", "99.90"),
}

KNOWN_IDS = [
    "menu",
    "menu:open",
    "menu:pay",
    "menu:plan",
    "menu:paid",
    "menu:agent",
    "menu:stop",
    "paid:today",
    "paid:yesterday",
    "paid:unknown",
    "optout:whatsapp",
    "optout:all",
    "optout:cancel",
    "plan:plan_forged",
    "PAY_NOW:inv123",
    "",
]
TEXTS = [
    "",
    "hola",
    "menú",
    "sí",
    "no",
    "gracias",
    "ya pagué",
    "les pago el viernes",
    "no me escriban más",
    "esa deuda no es mía",
    "quiero hablar con una persona",
    "no tengo plata",
    "¿dónde pago?",
    "quiero pagar en cuotas",
    "STOP",
    "já paguei",
    "I will pay on Friday",
    "el 15 de diciembre",
]


class TableClassifier:
    """Deterministic: the intent is picked by hashing the text into a drawn table."""

    def __init__(self, table: list[tuple[IntentKind, int | None]]) -> None:
        self.table = table

    def __call__(self, text: str, *, locale: str, as_of: datetime, timezone: str) -> Intent:
        kind, offset = self.table[sum(map(ord, text)) % len(self.table)]
        promised = None
        if offset is not None:
            promised = as_of.date() + timedelta(days=offset)
        return Intent(kind=kind, confidence=0.5, promised_date=promised, amount=Decimal("1000.5"))


intent_table_st = st.lists(
    st.tuples(st.sampled_from(list(IntentKind)), st.none() | st.integers(-10, 60)),
    min_size=1,
    max_size=8,
)


@st.composite
def conversations(draw: Any) -> Conversation:
    country = draw(st.sampled_from(sorted(MARKETS)))
    name, phone, currency, amount = MARKETS[country]
    debtor = Debtor(id="c-1", name=name, country=country, phone=phone)
    count = draw(st.integers(0, 3))
    debts = [
        Debt(
            id=f"F-{i}",
            debtor_id="c-1",
            amount=Money(amount, currency if i < 2 else "USD"),
            due_date=date(2026, 11, 1) + timedelta(days=10 * i),
            payment_url=draw(st.none() | st.just(f"https://pay.example/F-{i}")),
            status=draw(st.sampled_from([DebtStatus.OPEN, DebtStatus.OPEN, DebtStatus.PAID])),
        )
        for i in range(count)
    ]
    creditor = Creditor(
        name="Tienda Sur", website=draw(st.none() | st.just("https://tiendasur.example"))
    )
    classifier: Any = classify if draw(st.booleans()) else TableClassifier(draw(intent_table_st))
    return Conversation(
        debtor=debtor,
        debts=debts,
        creditor=creditor,
        classifier=classifier,
        confirm_opt_out=draw(st.booleans()),
        pause_days=draw(st.integers(0, 10)),
        handoff_quiet=timedelta(hours=draw(st.integers(0, 48))),
    )


step_st = st.tuples(
    st.sampled_from(TEXTS) | st.text(max_size=40),
    st.sampled_from(KNOWN_IDS) | st.just("plan:offered") | st.none() | st.text(max_size=10),
    st.integers(-120, 3 * 24 * 60),  # minutes since the previous inbound (out of order too)
    st.integers(0, 36 * 60),  # minutes between the inbound and the reply going out
)


@PROPERTY_SETTINGS
@given(conv=conversations(), steps=st.lists(step_st, min_size=1, max_size=14))
def test_any_conversation_keeps_the_rules(conv: Conversation, steps: list[Any]) -> None:
    open_ids = {d.id for d in conv.debts if d.status is DebtStatus.OPEN}
    state: ConversationState | None = None
    at = START
    latest: datetime | None = None
    revoked = False
    for text, reply_id, gap, lag in steps:
        at = at + timedelta(minutes=gap)
        now = at + timedelta(minutes=lag)
        latest = at if latest is None else max(latest, at)
        if reply_id == "plan:offered":
            offers = state.offers if state is not None else ()
            reply_id = f"plan:{offers[0]}" if offers else None
        inbound = Inbound(text=text, reply_id=reply_id or None, at=at)
        turn = conv.handle(state, inbound, as_of=now)

        assert turn == conv.handle(state, inbound, as_of=now)  # deterministic
        assert ConversationState.model_validate_json(turn.state.model_dump_json()) == turn.state

        if revoked:
            assert turn.replies == () and turn.events == ()
        if any(isinstance(e, ConsentRevoked) for e in turn.events):
            assert not revoked
            assert len(turn.replies) == 1
            revoked = True
        assert turn.state.opted_out == revoked

        if now - latest >= WINDOW:
            assert all(isinstance(r, TemplateReply) for r in turn.replies), turn.replies
            assert len(turn.replies) <= 1
        for reply in turn.replies:
            body = reply.to_whatsapp_body("+56961234567")
            assert body["messaging_product"] == "whatsapp"
            assert body["type"] in ("text", "interactive", "template")

        for event in turn.events:
            debt_id = getattr(event, "debt_id", None)
            if debt_id is not None:
                assert debt_id in open_ids
            if isinstance(event, PaymentPlanAccepted):
                assert set(event.debt_ids) <= open_ids
            if hasattr(event, "debtor_id"):
                assert event.debtor_id == "c-1"
        assert sum(isinstance(e, AgentHandoff) for e in turn.events) <= 1
        state = turn.state


@PROPERTY_SETTINGS
@given(conv=conversations(), lag=st.integers(0, 72 * 60))
def test_start_never_writes_free_text_outside_the_window(conv: Conversation, lag: int) -> None:
    state = conv.handle(None, Inbound(text="hola", at=START), as_of=START).state
    now = START + timedelta(minutes=lag)
    turn = conv.start(state, as_of=now)
    assert turn.events == ()
    if now - START >= WINDOW:
        assert all(isinstance(r, TemplateReply) for r in turn.replies)
    else:
        assert not any(isinstance(r, TemplateReply) for r in turn.replies)
