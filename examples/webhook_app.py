"""Receive WhatsApp and Twilio webhooks with the standard library only, and turn them into events.

    /webhooks/whatsapp   GET: Meta's verification handshake; POST: messages and statuses
    /webhooks/twilio     POST: incoming SMS and status callbacks

Every POST is verified (403 when the signature is wrong), parsed (400 when the body is
malformed; a WhatsApp POST with some malformed items is answered 200, its good items recorded
and the bad ones kept in ``app.malformed`` for a human), mapped from phone number to debtor
with a dict, and appended to ``app.events`` as ``dunning.events``. Run:

    .venv/bin/python examples/webhook_app.py          # demo: posts to itself, prints, exits
    .venv/bin/python examples/webhook_app.py serve [PORT]   # 127.0.0.1:8000 until Ctrl-C

``serve`` reads WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN and TWILIO_AUTH_TOKEN from the
environment, and PUBLIC_URL (e.g. ``https://hooks.example.com``) when behind a proxy, because
Twilio signs the public URL it called, not the one the server sees.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import request_uri

from dunning import MalformedWebhookError, SignatureError
from dunning.channels import (
    DeliveryStatus,
    InboundMessage,
    TwilioWebhookHandler,
    WhatsAppWebhookHandler,
)
from dunning.events import Event

MAX_BODY = 1 << 20  # Meta and Twilio bodies are a few kilobytes
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
TWIML_EMPTY = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class WebhookApp:
    """A WSGI application for both providers. ``events`` collects what the webhooks said."""

    def __init__(
        self,
        *,
        whatsapp: WhatsAppWebhookHandler,
        twilio: TwilioWebhookHandler,
        debtors_by_phone: Mapping[str, str],
        public_url: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.whatsapp = whatsapp
        self.twilio = twilio
        self.debtors_by_phone = dict(debtors_by_phone)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.clock = clock
        self.events: list[Event] = []
        self.unmatched: list[str] = []  # what arrived for no known debtor, for a human
        self.malformed: list[str] = []  # WhatsApp items that did not parse, for a human
        self._seen: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        try:
            if path == "/webhooks/whatsapp" and method == "GET":
                challenge = self.whatsapp.handle_get(parse_qs(environ.get("QUERY_STRING", "")))
                return _answer(start_response, "200 OK", challenge.encode(), "text/plain")
            if path == "/webhooks/whatsapp" and method == "POST":
                hook = self.whatsapp.handle_post(_body(environ), _headers(environ))
                self._record([*hook.messages, *hook.statuses])
                with self._lock:
                    self.malformed.extend(str(item) for item in hook.malformed)
                return _answer(start_response, "200 OK", b"ok", "text/plain")
            if path == "/webhooks/twilio" and method == "POST":
                url = self._url(environ)
                item = self.twilio.handle_post(
                    url, _body(environ), _headers(environ), at=self.clock()
                )
                self._record([item])
                return _answer(start_response, "200 OK", TWIML_EMPTY, "text/xml")
            if path in ("/webhooks/whatsapp", "/webhooks/twilio"):
                return _answer(start_response, "405 Method Not Allowed", b"", "text/plain")
            return _answer(start_response, "404 Not Found", b"", "text/plain")
        except SignatureError:
            return _answer(start_response, "403 Forbidden", b"forbidden", "text/plain")
        except (MalformedWebhookError, _TooLarge) as exc:
            # The reason names a JSON path or a field, never a secret: safe to log and answer.
            print(f"rejected webhook: {exc}", file=sys.stderr)
            return _answer(start_response, "400 Bad Request", str(exc).encode(), "text/plain")

    def _url(self, environ: Mapping[str, Any]) -> str:
        if self.public_url is None:
            return request_uri(dict(environ), include_query=True)
        query = environ.get("QUERY_STRING", "")
        return f"{self.public_url}{environ.get('PATH_INFO', '')}" + (f"?{query}" if query else "")

    def _record(self, items: Iterable[InboundMessage | DeliveryStatus]) -> None:
        with self._lock:
            for item in items:
                key = (*item.dedupe_key, type(item).__name__)
                if key in self._seen:  # providers redeliver: one fact, one event
                    continue
                self._seen.add(key)
                phone = item.from_ if isinstance(item, InboundMessage) else item.recipient
                debtor_id = self.debtors_by_phone.get(phone or "")
                if debtor_id is None:
                    self.unmatched.append(f"{item.provider} {item.provider_message_id}")
                    continue
                if isinstance(item, InboundMessage):
                    self.events.append(item.to_event(debtor_id))
                    revoked = item.opt_out_event(debtor_id)
                    if revoked is not None:
                        self.events.append(revoked)
                else:
                    event = item.to_event(debtor_id)
                    if event is not None:
                        self.events.append(event)
                    revoked = item.opt_out_event(debtor_id)  # Twilio 21610, WhatsApp 131050
                    if revoked is not None:
                        self.events.append(revoked)


class _TooLarge(Exception):
    pass


def _body(environ: Mapping[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        raise _TooLarge("missing, bad or too large Content-Length")
    return bytes(environ["wsgi.input"].read(length))


def _headers(environ: Mapping[str, Any]) -> dict[str, str]:
    return {
        key[5:].replace("_", "-").title(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }


def _answer(start: StartResponse, status: str, body: bytes, kind: str) -> list[bytes]:
    start(status, [("Content-Type", f"{kind}; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


class QuietHandler(WSGIRequestHandler):
    """wsgiref's handler without one log line per request on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start(app: WebhookApp, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    """Serve ``app`` in a daemon thread; ``port=0`` picks a free port. Stop with ``stop``."""
    server = make_server(host, port, app, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()  # fmt: skip
    return server


def stop(server: WSGIServer) -> None:
    server.shutdown()
    server.server_close()


def demo() -> None:
    """Start the app on a free port, post signed and unsigned webhooks to it, print, exit."""
    import httpx

    secret, verify, token = "demo-app-secret", "demo-verify-token", "demo-auth-token"
    app = WebhookApp(
        whatsapp=WhatsAppWebhookHandler(app_secret=secret, verify_token=verify),
        twilio=TwilioWebhookHandler(auth_token=token),
        debtors_by_phone={"+56961234567": "c-1", "+5215512345678": "c-2"},
        clock=lambda: datetime(2026, 11, 20, 15, 5, tzinfo=UTC),  # Twilio sends no timestamp
    )
    server = start(app)
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with httpx.Client(base_url=base, timeout=5.0) as http:
            hub = {"hub.mode": "subscribe", "hub.verify_token": verify, "hub.challenge": "42"}
            print("GET challenge       ->", http.get("/webhooks/whatsapp", params=hub).text)

            body = json.dumps(_whatsapp_sample()).encode()
            signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            for label, headers in (("signed", {"X-Hub-Signature-256": signature}),
                                   ("unsigned", {})):  # fmt: skip
                answer = http.post("/webhooks/whatsapp", content=body, headers=headers)
                print(f"WhatsApp {label:<10} ->", answer.status_code)
            bad = b'{"entry": [{"changes": [{"field": "messages"}]}]}'
            bad_signature = "sha256=" + hmac.new(secret.encode(), bad, hashlib.sha256).hexdigest()
            answer = http.post("/webhooks/whatsapp", content=bad,
                               headers={"X-Hub-Signature-256": bad_signature})  # fmt: skip
            print("WhatsApp malformed  ->", answer.status_code, answer.text)

            form = {"MessageSid": "SM1", "From": "+5215512345678", "To": "+15005550006",
                    "Body": "STOP", "SmsStatus": "received"}  # fmt: skip
            url = f"{base}/webhooks/twilio"
            answer = http.post(url, content=urlencode(form), headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": twilio_signature(token, url, form)})  # fmt: skip
            print("Twilio signed       ->", answer.status_code)
    finally:
        stop(server)
    print("events:")
    for event in app.events:
        print(" ", type(event).__name__, event.model_dump(mode="json", exclude={"kind"}))


def twilio_signature(token: str, url: str, form: Mapping[str, str]) -> str:
    """What Twilio puts in ``X-Twilio-Signature`` (to test your endpoint)."""
    import base64

    data = url + "".join(name + form[name] for name in sorted(form))
    digest = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _whatsapp_sample() -> dict[str, Any]:
    now = str(int(datetime(2026, 11, 20, 15, tzinfo=UTC).timestamp()))
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{
        "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001055", "phone_number_id": "1055"},
            "contacts": [{"profile": {"name": "Ana"}, "wa_id": "56961234567"}],
            "messages": [{"from": "56961234567", "id": "wamid.IN", "timestamp": now,
                          "type": "text", "text": {"body": "¿Puedo pagar el viernes?"}}],
            "statuses": [{"id": "wamid.OUT", "status": "read", "timestamp": now,
                          "recipient_id": "56961234567", "biz_opaque_callback_data": "m-1"}],
        }}]}]}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "serve":  # anything else (a test runner's argv too): the demo
        demo()
        return
    app = WebhookApp(
        whatsapp=WhatsAppWebhookHandler(
            app_secret=os.environ["WHATSAPP_APP_SECRET"],
            verify_token=os.environ["WHATSAPP_VERIFY_TOKEN"],
        ),
        twilio=TwilioWebhookHandler(auth_token=os.environ["TWILIO_AUTH_TOKEN"]),
        debtors_by_phone={},  # yours: load phone -> debtor id from your database
        public_url=os.environ.get("PUBLIC_URL"),
    )
    port = int(args[1]) if len(args) > 1 else 8000
    with make_server("127.0.0.1", port, app) as server:
        print(f"listening on http://127.0.0.1:{port}/webhooks/...")
        server.serve_forever()


if __name__ == "__main__":
    main()
