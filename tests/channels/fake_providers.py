"""A fake WhatsApp Cloud API + Twilio Messages server on 127.0.0.1, with fault injection.

It speaks the contracts of the channel reference: ``POST /{version}/{phone_number_id}/messages``
(JSON, ``Authorization: Bearer``) answering ``{"messages": [{"id": "wamid..."}]}`` or Meta's
``{"error": {...}}`` envelope, and ``POST /2010-04-01/Accounts/{sid}/Messages.json``
(form-encoded, HTTP Basic) answering ``201`` with a Message resource or Twilio's
``{"code", "message", "more_info", "status"}``. Every request is recorded; faults queued with
:meth:`FakeProviders.inject` replace the next answers, one per request.
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx

from dunning.channels import AsyncTwilioSMSChannel, TwilioSMSChannel

WA_TOKEN = "EAAG-fake-access-token-9f8e7d6c"
WA_PHONE_ID = "109876543210"
TWILIO_SID = "AC00000000000000000000000000000001"
TWILIO_TOKEN = "twilio-auth-token-3b2a1908"
TWILIO_FROM = "+15005550006"
STATUS_CALLBACK = "https://example.test/twilio/status"

_Twilio = TypeVar("_Twilio", TwilioSMSChannel, AsyncTwilioSMSChannel)


def twilio_sms(
    client: httpx.Client | httpx.AsyncClient,
    base_url: str | None = None,
    *,
    status_callback: str | None = None,
    cls: type[_Twilio] = TwilioSMSChannel,  # type: ignore[assignment]
) -> _Twilio:
    """A Twilio SMS channel (``cls``: sync or async) with this server's credentials."""
    return cls(
        account_sid=TWILIO_SID,
        auth_token=TWILIO_TOKEN,
        client=client,  # type: ignore[arg-type]
        from_number=TWILIO_FROM,
        status_callback=status_callback,
        base_url=base_url,
    )


def callback_message_id(request: Recorded) -> str:
    """The ``dunning_message_id`` the channel puts in the ``StatusCallback`` URL."""
    return parse_qs(urlsplit(request.form["StatusCallback"]).query)["dunning_message_id"][0]


_WA_PATH = re.compile(r"^/(v\d+\.\d+)/(\w+)/messages$")
_TWILIO_PATH = re.compile(r"^/2010-04-01/Accounts/(\w+)/Messages\.json$")


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}


@dataclass
class Fault:
    """What to do instead of the normal answer: respond with this, sleep, or hang up."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    drop: bool = False


def respond(
    status: int,
    payload: Any = None,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Fault:
    data = body if body is not None else json.dumps(payload).encode()
    return Fault(
        status=status, body=data, headers={"Content-Type": "application/json", **(headers or {})}
    )


def meta_error(
    code: int,
    message: str = "error",
    *,
    status: int = 400,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Fault:
    """Meta's error envelope; throttling codes too arrive with HTTP 400."""
    error = {
        "message": f"(#{code}) {message}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": message},
        "fbtrace_id": "AbCdEf",
        **extra,
    }
    return respond(status, {"error": error}, headers=headers)


def twilio_error(
    code: int, message: str = "error", *, status: int = 400, headers: dict[str, str] | None = None
) -> Fault:
    return respond(
        status,
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        headers=headers,
    )


def sleep(seconds: float) -> Fault:
    return Fault(sleep=seconds)


def drop() -> Fault:
    return Fault(drop=True)


def malformed(status: int = 200) -> Fault:
    return Fault(
        status=status,
        body=b'{"messages": [{"id": "wamid.',
        headers={"Content-Type": "application/json"},
    )


class FakeProviders:
    """The server, its request log and its fault queue. ``url`` is its base URL."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.accepted: list[Recorded] = []
        self.faults: deque[Fault] = deque()
        self.not_on_whatsapp: set[str] = set()
        self.closed_windows: set[str] = set()
        self.opted_out: set[str] = set()
        self.landlines: set[str] = set()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeProviders:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes sleeping handlers
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.accepted.clear()
            self.faults.clear()
            for s in (self.not_on_whatsapp, self.closed_windows, self.opted_out, self.landlines):
                s.clear()

    def inject(self, *faults: Fault) -> None:
        """Answer the next requests with these faults, in order."""
        with self._lock:
            self.faults.extend(faults)

    # -- the contracts -------------------------------------------------------------------------

    def _answer(self, request: Recorded) -> Fault:
        with self._lock:
            self.requests.append(request)
            if self.faults:
                return self.faults.popleft()
        if m := _WA_PATH.match(request.path):
            return self._whatsapp(request, m.group(2))
        if m := _TWILIO_PATH.match(request.path):
            return self._twilio(request, m.group(1))
        return respond(404, {"error": "not found"})

    def _whatsapp(self, request: Recorded, phone_id: str) -> Fault:
        if request.headers.get("authorization") != f"Bearer {WA_TOKEN}":
            return meta_error(190, "Invalid OAuth access token", status=401)
        if phone_id != WA_PHONE_ID:
            return meta_error(100, "Unsupported post request", status=400)
        if not request.headers.get("content-type", "").startswith("application/json"):
            return meta_error(100, "Invalid parameter")
        try:
            body = request.json
        except ValueError:
            return meta_error(100, "Invalid JSON")
        to, kind = body.get("to"), body.get("type")
        if body.get("messaging_product") != "whatsapp" or not to or kind not in body:
            return meta_error(100, "Invalid parameter")
        if kind == "template":
            template = body["template"]
            if not template.get("name") or not template.get("language", {}).get("code"):
                return meta_error(131008, "Required parameter is missing")
        elif kind == "text":
            if to in self.closed_windows:
                return meta_error(131047, "Re-engagement message")
        else:
            return meta_error(131051, "Unsupported message type")
        if to in self.not_on_whatsapp:
            return meta_error(131026, "Message undeliverable")
        with self._lock:
            self.accepted.append(request)
            wamid = f"wamid.FAKE{next(self._ids):06d}"
        return respond(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to.lstrip("+")}],
                "messages": [{"id": wamid, "message_status": "accepted"}],
            },
        )

    def _twilio(self, request: Recorded, sid: str) -> Fault:
        expected = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
        if sid != TWILIO_SID or request.headers.get("authorization") != f"Basic {expected}":
            return twilio_error(20003, "Authenticate", status=401)
        if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            return twilio_error(20001, "Unsupported content type")
        form = request.form
        if not form.get("To"):
            return twilio_error(21604, "A 'To' phone number is required.")
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return twilio_error(21603, "A 'From' or 'MessagingServiceSid' parameter is required")
        if not form.get("Body"):
            return twilio_error(21619, "A text message body or media urls must be specified.")
        if form["To"] in self.opted_out:
            return twilio_error(21610, "Attempt to send to unsubscribed recipient")
        if form["To"] in self.landlines:
            return twilio_error(21614, "'To' number is not a valid mobile number")
        with self._lock:
            self.accepted.append(request)
            message_sid = f"SM{next(self._ids):032d}"
        return respond(
            201,
            {
                "sid": message_sid,
                "account_sid": sid,
                "to": form["To"],
                "from": form.get("From"),
                "messaging_service_sid": form.get("MessagingServiceSid"),
                "body": form["Body"],
                "num_segments": "1",
                "direction": "outbound-api",
                "status": "accepted" if form.get("MessagingServiceSid") else "queued",
                "error_code": None,
                "error_message": None,
                "api_version": "2010-04-01",
                "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
            },
        )

    # -- plumbing ------------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stalls

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                fault = fake._answer(Recorded("POST", self.path, headers, body))
                if fault.sleep:
                    fake._stop.wait(fault.sleep)
                if fault.drop or fault.sleep:
                    self.close_connection = True  # hang up without an answer
                    return
                self.send_response(fault.status)
                for name, value in fault.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(fault.body)))
                self.end_headers()
                self.wfile.write(fault.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler
