"""The loop closed: a signed webhook → the bot → events → the next plan honours them."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from dunning import (
    Consent,
    Creditor,
    Debt,
    Debtor,
    Money,
    Planner,
    SkipCode,
    Stage,
    default_strategy,
)
from dunning.channels import WhatsAppWebhookHandler
from dunning.conversation import Conversation
from dunning.events import ConsentRevoked, PromiseToPay

SECRET = "loop-app-secret"
WA_ID = "56961234567"
GRANTED = datetime(2025, 1, 1, tzinfo=UTC)
ANA = Debtor(
    id="c-1",
    name="Ana Pérez",
    country="CL",
    phone="+56961234567",
    email="ana@example.cl",
    consents=tuple(
        Consent(channel=c, granted_at=GRANTED, source="signup")
        for c in ("whatsapp", "sms", "email")
    ),
)
DEBT = Debt(
    id="F-1001",
    debtor_id="c-1",
    amount=Money("45000", "CLP"),
    due_date=date(2026, 11, 20),
    reference="Factura 1001",
    payment_url="https://pay.example/F-1001",
)
CREDITOR = Creditor(name="Tienda Sur", website="https://tiendasur.example")
# Monday 23 November 2026, 12:00 in Santiago.
MONDAY_NOON = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def webhook(message: dict) -> tuple[bytes, dict[str, str]]:
    """A WhatsApp Cloud API POST carrying ``message``, signed like Meta signs it."""
    body = json.dumps(
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
                                "contacts": [{"profile": {"name": "Ana"}, "wa_id": WA_ID}],
                                "messages": [message],
                            },
                        }
                    ],
                }
            ],
        }
    ).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": f"sha256={signature}"}


def text(body: str, at: datetime, n: int) -> dict:
    return {
        "from": WA_ID,
        "id": f"wamid.IN{n}",
        "timestamp": str(int(at.timestamp())),
        "type": "text",
        "text": {"body": body},
    }


def button(reply_id: str, title: str, at: datetime, n: int) -> dict:
    return {
        "from": WA_ID,
        "id": f"wamid.IN{n}",
        "timestamp": str(int(at.timestamp())),
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}},
    }


class Host:
    """What a host app does with each webhook: verify, parse, map the phone, run the bot."""

    def __init__(self) -> None:
        self.handler = WhatsAppWebhookHandler(app_secret=SECRET, verify_token="t")
        self.bot = Conversation(debtor=ANA, debts=[DEBT], creditor=CREDITOR)
        self.state = None
        self.history: list = []
        self.replies: list = []
        self.count = 0

    def receive(self, message: dict) -> None:
        body, headers = webhook(message)
        hook = self.handler.handle_post(body, headers)
        for inbound in hook.messages:
            assert inbound.from_ == ANA.phone
            self.history.append(inbound.to_event(ANA.id))  # the reply itself: a two-way contact
            turn = self.bot.handle(self.state, inbound, as_of=inbound.at)
            self.state = turn.state
            self.replies.extend(turn.replies)
            self.history.extend(turn.events)

    def say(self, body: str, at: datetime) -> None:
        self.count += 1
        self.receive(text(body, at, self.count))

    def tap(self, reply_id: str, title: str, at: datetime) -> None:
        self.count += 1
        self.receive(button(reply_id, title, at, self.count))


def plan(history, as_of: datetime, days: int):
    planner = Planner(default_strategy(), creditor=CREDITOR)
    return planner.plan([ANA], [DEBT], as_of=as_of, horizon_days=days, history=history)


def test_baja_on_whatsapp_revokes_consent_and_the_next_plan_has_no_whatsapp_message():
    before = plan([], MONDAY_NOON, 14)
    assert any(m.channel == "whatsapp" for m in before.messages)

    host = Host()
    host.say("BAJA", MONDAY_NOON)
    confirm = host.replies[-1]
    ids = [b.id for b in getattr(confirm, "buttons", ())]
    assert ids, f"the bot asks to confirm the opt-out with buttons: {confirm!r}"
    whatsapp_only = next(i for i in ids if "whatsapp" in i)
    host.tap(whatsapp_only, "Solo WhatsApp", MONDAY_NOON + timedelta(minutes=1))
    revoked = [e for e in host.history if isinstance(e, ConsentRevoked)]
    assert [(e.debtor_id, e.channel) for e in revoked] == [("c-1", "whatsapp")]

    after = plan(host.history, MONDAY_NOON + timedelta(minutes=5), 14)
    assert after.messages, "other channels still carry the reminders"
    assert not any(m.channel == "whatsapp" for m in after.messages)
    # Each step says why it did not use WhatsApp, with the revocation as the reason.
    for message in after.messages:
        assert "whatsapp not used: the debtor revoked consent for whatsapp" in message.explain


def test_a_promise_for_friday_pauses_reminders_then_a_promise_reminder_follows():
    host = Host()
    host.say("les pago el viernes", MONDAY_NOON)
    [promise] = [e for e in host.history if isinstance(e, PromiseToPay)]
    assert (promise.debt_id, promise.promised_date) == ("F-1001", date(2026, 11, 27))

    after = plan(host.history, MONDAY_NOON + timedelta(minutes=5), 14)
    friday = date(2026, 11, 27)
    early = [m for m in after.messages if m.local_date < friday]
    assert early == [], "no reminder before the promised day"
    paused = [s for s in after.skipped if s.code == SkipCode.PROMISE_ACTIVE]
    assert paused and all("27" in s.reason or "2026-11-27" in s.reason for s in paused)
    reminders = [m for m in after.messages if m.stage == Stage.PROMISE_REMINDER]
    assert [m.local_date for m in reminders] == [friday]


@pytest.mark.parametrize("locale_text", ["ya pagué", "ya pague!!"])
def test_already_paid_pauses_the_cadence_while_the_payment_is_verified(locale_text):
    host = Host()
    host.say(locale_text, MONDAY_NOON)
    after = plan(host.history, MONDAY_NOON + timedelta(minutes=5), 3)
    assert not [m for m in after.messages if m.stage not in (Stage.THANKS,)]
