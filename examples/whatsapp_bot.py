"""Simulate a WhatsApp conversation with the menu bot, from Meta's webhook to the reply bodies.

A tiny host does what a web app would: parse each webhook POST, load the debtor's conversation
state (stored as JSON), let the bot answer, print the Cloud API bodies it would POST, append the
events to the history and save the state. No network: the webhooks are built here.

Run: .venv/bin/python examples/whatsapp_bot.py
"""

import json
from datetime import UTC, date, datetime, timedelta

from dunning import Creditor, Debt, Debtor, Money
from dunning.channels import parse_whatsapp_webhook
from dunning.conversation import Conversation, ConversationState, PlanRules

debtor = Debtor(id="c-1", name="Ana Pérez", country="CL", phone="+56 9 6123 4567")
debts = [
    Debt(
        id="F-1001",
        debtor_id="c-1",
        amount=Money("45000", "CLP"),
        due_date=date(2026, 11, 20),
        reference="Factura 1001",
        payment_url="https://pay.example/F-1001",
    ),
    Debt(
        id="F-1002",
        debtor_id="c-1",
        amount=Money("12990", "CLP"),
        due_date=date(2026, 11, 23),
        reference="Factura 1002",
        payment_url="https://pay.example/F-1002",
    ),
]
bot = Conversation(
    debtor=debtor,
    debts=debts,
    creditor=Creditor(name="Tienda Sur", website="https://tiendasur.example"),
    plan_rules=PlanRules(installment_counts=(2, 3)),
    on_handoff=lambda summary: print(
        "  >> to the agents' inbox:\n     " + summary.replace("\n", "\n     ")
    ),
)

store: dict[str, str] = {}  # debtor id -> state as JSON (a table column in a real app)
history: list[object] = []  # the events the planner reads next time


def webhook(message: dict, at: datetime) -> bytes:
    """The body Meta would POST for one inbound message from Ana."""
    message = {
        "from": "56961234567",
        "id": f"wamid.{at.timestamp():.0f}",
        "timestamp": str(int(at.timestamp())),
        **message,
    }
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "WABA",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "15550001055",
                                    "phone_number_id": "1055",
                                },
                                "contacts": [{"profile": {"name": "Ana"}, "wa_id": "56961234567"}],
                                "messages": [message],
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()


def text(body: str) -> dict:
    return {"type": "text", "text": {"body": body}}


def tap(row_id: str, title: str) -> dict:
    return {
        "type": "interactive",
        "interactive": {"type": "list_reply", "list_reply": {"id": row_id, "title": title}},
    }


def press(button_id: str, title: str) -> dict:
    reply = {"id": button_id, "title": title}
    return {"type": "interactive", "interactive": {"type": "button_reply", "button_reply": reply}}


def receive(body: bytes, now: datetime):
    """The webhook handler: parse, answer, send, record, store."""
    for inbound in parse_whatsapp_webhook(body).messages:
        raw = store.get(debtor.id)
        state = ConversationState.model_validate_json(raw) if raw else None
        turn = bot.handle(state, inbound, as_of=now)
        print(
            f"\nAna ({inbound.at.astimezone(debtor.zone):%a %H:%M}): "
            f"{inbound.text or inbound.reply_id}"
        )
        for reply in turn.replies:
            request = reply.to_whatsapp_body(debtor.phone)
            kind = request["type"] + (
                f"/{request['interactive']['type']}" if request["type"] == "interactive" else ""
            )
            print(f"  bot [{kind}]: " + reply.preview().replace("\n", "\n    "))
        for event in turn.events:
            print(f"  event: {type(event).__name__}")
        history.extend(turn.events)
        bot.notify(turn)
        store[debtor.id] = turn.state.model_dump_json()
        return turn
    return None


at = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday, 11:00 in Santiago
turn = receive(webhook(text("Hola, me llegó un mensaje de ustedes"), at), at)
turn = receive(
    webhook(tap("menu:plan", "Pagar en cuotas"), at + timedelta(minutes=1)),
    at + timedelta(minutes=1),
)
two = turn.replies[0].rows[1]
receive(webhook(tap(two.id, two.title), at + timedelta(minutes=3)), at + timedelta(minutes=3))
receive(webhook(text("gracias!"), at + timedelta(minutes=4)), at + timedelta(minutes=4))

# Two days later Ana writes again, but the host only processes it 26 hours afterwards: the
# window has closed, so the bot names the approved template instead of writing free text.
later = at + timedelta(days=2)
receive(webhook(text("ya no quiero que me escriban por ningún medio"), later), later)
receive(
    webhook(press("optout:all", "Todos los canales"), later + timedelta(minutes=1)),
    later + timedelta(hours=26),
)
receive(webhook(text("hola?"), later + timedelta(days=3)), later + timedelta(days=3))

print("\nHistory:", ", ".join(type(e).__name__ for e in history))
print("Stored state:", json.loads(store[debtor.id])["step"])
