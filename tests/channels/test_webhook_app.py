"""examples/webhook_app.py, served on 127.0.0.1 in a thread and called over real HTTP."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from dunning.channels import TwilioWebhookHandler, WhatsAppWebhookHandler
from dunning.events import (
    ConsentRevoked,
    MessageFailed,
    MessageRead,
    ReplyReceived,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhook_app.py"
APP_SECRET, VERIFY_TOKEN, AUTH_TOKEN = "app-secret-x1", "verify-token-x2", "auth-token-x3"
NOW = datetime(2026, 11, 20, 15, 5, tzinfo=UTC)
TS = str(int(datetime(2026, 11, 20, 15, tzinfo=UTC).timestamp()))


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhook_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example() -> ModuleType:
    return load_example()


@pytest.fixture
def served(example: ModuleType) -> Iterator[tuple[Any, httpx.Client]]:
    from wsgiref.simple_server import make_server

    app = example.WebhookApp(
        whatsapp=WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN),
        twilio=TwilioWebhookHandler(auth_token=AUTH_TOKEN),
        debtors_by_phone={"+56961234567": "c-1", "+5215512345678": "c-2"},
        clock=lambda: NOW,
    )
    server = make_server("127.0.0.1", 0, app, handler_class=example.QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with httpx.Client(base_url=base, timeout=5.0) as client:
            yield app, client
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def whatsapp_body(**value: Any) -> bytes:
    return json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "W",
                    "changes": [
                        {
                            "field": "messages",
                            "value": {"metadata": {"phone_number_id": "1055"}, **value},
                        }
                    ],
                }
            ],
        }
    ).encode()


def wa_headers(body: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def tw_headers(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> dict[str, str]:
    data = url + "".join(k + form[k] for k in sorted(form))
    signature = base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest())
    return {
        "X-Twilio-Signature": signature.decode(),
        "Content-Type": "application/x-www-form-urlencoded",
    }


TEXT = {
    "from": "56961234567",
    "id": "wamid.IN",
    "timestamp": TS,
    "type": "text",
    "text": {"body": "ya pagué"},
}


def test_importing_the_example_has_no_side_effects(capsys):
    load_example()
    assert capsys.readouterr().out == ""


def test_the_verification_handshake(served):
    _, client = served
    ok = client.get(
        "/webhooks/whatsapp",
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158"},
    )
    assert (ok.status_code, ok.text) == (200, "1158")
    wrong = client.get(
        "/webhooks/whatsapp",
        params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158"},
    )
    assert wrong.status_code == 403 and "1158" not in wrong.text


def test_a_signed_whatsapp_post_becomes_events(served):
    app, client = served
    body = whatsapp_body(
        messages=[TEXT],
        statuses=[
            {
                "id": "wamid.OUT",
                "status": "read",
                "timestamp": TS,
                "recipient_id": "56961234567",
                "biz_opaque_callback_data": "m-1",
            },
            {
                "id": "wamid.OUT2",
                "status": "failed",
                "timestamp": TS,
                "recipient_id": "56961234567",
                "biz_opaque_callback_data": "m-2",
                "errors": [{"code": 131026, "title": "nope"}],
            },
        ],
    )
    answer = client.post("/webhooks/whatsapp", content=body, headers=wa_headers(body))
    assert answer.status_code == 200
    assert [type(e) for e in app.events] == [ReplyReceived, MessageRead, MessageFailed]
    assert app.events[0].debtor_id == "c-1" and app.events[0].text == "ya pagué"
    # Meta redelivers: the same body again adds nothing.
    assert client.post("/webhooks/whatsapp", content=body, headers=wa_headers(body)).is_success
    assert len(app.events) == 3


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Hub-Signature-256": "sha256=00"},
        wa_headers(b"other body"),
        wa_headers(whatsapp_body(messages=[TEXT]), secret="not-the-secret"),
    ],
)
def test_unsigned_or_badly_signed_whatsapp_posts_are_forbidden(served, headers):
    app, client = served
    answer = client.post(
        "/webhooks/whatsapp", content=whatsapp_body(messages=[TEXT]), headers=headers
    )
    assert answer.status_code == 403 and app.events == []


@pytest.mark.parametrize("body", [b"{", b"\xff", b"[]", b'{"entry": 3}'])
def test_malformed_whatsapp_posts_are_bad_requests(served, body):
    app, client = served
    answer = client.post("/webhooks/whatsapp", content=body, headers=wa_headers(body))
    assert answer.status_code == 400 and app.events == []
    assert APP_SECRET not in answer.text


def test_one_malformed_whatsapp_item_does_not_lose_the_others(served):
    app, client = served
    body = whatsapp_body(messages=[{**TEXT, "timestamp": "soon"}, {**TEXT, "id": "wamid.OK"}])
    answer = client.post("/webhooks/whatsapp", content=body, headers=wa_headers(body))
    assert answer.status_code == 200
    assert [type(e).__name__ for e in app.events] == ["ReplyReceived"]
    assert len(app.malformed) == 1 and "messages[0]" in app.malformed[0]
    assert "timestamp" in app.malformed[0]


def test_a_twilio_21610_status_callback_revokes_consent(served):
    app, client = served
    form = {
        "MessageSid": "SM9",
        "MessageStatus": "failed",
        "ErrorCode": "21610",
        "From": "+15005550006",
        "To": "+5215512345678",
    }
    url = f"{str(client.base_url).rstrip('/')}/webhooks/twilio?dunning_message_id=m-7"
    answer = client.post(
        "/webhooks/twilio?dunning_message_id=m-7",
        content=urlencode(form),
        headers=tw_headers(url, form),
    )
    assert answer.status_code == 200
    failed, revoked = app.events
    assert isinstance(failed, MessageFailed) and failed.error == "21610"
    assert revoked == ConsentRevoked(at=NOW, debtor_id="c-2", channel="sms")


def test_a_signed_twilio_stop_revokes_sms_consent(served):
    app, client = served
    form = {
        "MessageSid": "SM1",
        "From": "+5215512345678",
        "To": "+15005550006",
        "Body": "STOP",
        "SmsStatus": "received",
    }
    url = f"{str(client.base_url).rstrip('/')}/webhooks/twilio"
    answer = client.post("/webhooks/twilio", content=urlencode(form), headers=tw_headers(url, form))
    assert answer.status_code == 200 and "<Response>" in answer.text
    assert app.events == [
        ReplyReceived(at=NOW, debtor_id="c-2", channel="sms", text="STOP"),
        ConsentRevoked(at=NOW, debtor_id="c-2", channel="sms"),
    ]


def test_a_twilio_status_callback_uses_the_signed_url_query(served):
    app, client = served
    form = {
        "MessageSid": "SM9",
        "MessageStatus": "undelivered",
        "ErrorCode": "30003",
        "To": "+5215512345678",
        "From": "+15005550006",
    }
    url = f"{str(client.base_url).rstrip('/')}/webhooks/twilio?dunning_message_id=m-7"
    answer = client.post(
        "/webhooks/twilio?dunning_message_id=m-7",
        content=urlencode(form),
        headers=tw_headers(url, form),
    )
    assert answer.status_code == 200
    (event,) = app.events
    assert isinstance(event, MessageFailed)
    assert (event.message_id, event.debtor_id, event.error) == ("m-7", "c-2", "30003")
    forged = client.post(
        "/webhooks/twilio?dunning_message_id=m-8",
        content=urlencode(form),
        headers=tw_headers(url, form),
    )
    assert forged.status_code == 403 and len(app.events) == 1


def test_unsigned_or_malformed_twilio_posts(served):
    app, client = served
    form = {"MessageSid": "SM1", "From": "+5215512345678", "To": "+15005550006", "Body": "hola"}
    url = f"{str(client.base_url).rstrip('/')}/webhooks/twilio"
    assert client.post("/webhooks/twilio", content=urlencode(form)).status_code == 403
    bad = {"MessageSid": "SM1", "From": "Ana", "To": "+15005550006", "Body": "hola"}
    answer = client.post("/webhooks/twilio", content=urlencode(bad), headers=tw_headers(url, bad))
    assert answer.status_code == 400 and "From" in answer.text
    assert app.events == []


def test_unknown_senders_are_kept_aside(served):
    app, client = served
    body = whatsapp_body(messages=[{**TEXT, "from": "4915112345678"}])
    assert client.post("/webhooks/whatsapp", content=body, headers=wa_headers(body)).is_success
    assert app.events == [] and app.unmatched == ["whatsapp wamid.IN"]


def test_other_paths_and_methods(served):
    _, client = served
    assert client.get("/").status_code == 404
    assert client.get("/webhooks/twilio").status_code == 405
    assert client.put("/webhooks/whatsapp").status_code == 405


def test_garbage_never_gives_a_server_error(served):
    _, client = served
    for path in ("/webhooks/whatsapp", "/webhooks/twilio"):
        for content in (b"", b"\x00\xff" * 50, b"a=%zz&b", b"{}" * 10):
            for headers in ({}, {"X-Hub-Signature-256": "sha256=zz", "X-Twilio-Signature": "x"}):
                answer = client.post(path, content=content, headers=headers)
                assert answer.status_code in (400, 403)


def test_the_demo_runs_and_exits(example, capsys):
    example.main([])
    out = capsys.readouterr().out
    assert "WhatsApp signed     -> 200" in out and "WhatsApp unsigned   -> 403" in out
    assert "ConsentRevoked" in out and "demo-app-secret" not in out
