"""A real SMTP server (aiosmtpd) on 127.0.0.1 that requires STARTTLS and AUTH.

Its certificate comes from a throwaway CA made by ``trustme`` (no ``openssl`` binary needed on
the CI machine). Some recipients answer with SMTP faults:

* ``nobody@...``  → RCPT ``550 5.1.1`` (no such mailbox)
* ``busy@...``    → DATA ``451 4.3.0`` (try again later)
* ``blocked@...`` → DATA ``554 5.7.1`` (rejected as spam)
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER = "robot@tienda.example"
SMTP_PASSWORD = "smtp-password-c0ffee42"
# A second account whose password is not ASCII (AUTH PLAIN carries UTF-8, RFC 4616).
UNICODE_USER = "cobranza@tienda.example"
UNICODE_PASSWORD = "contraseña-ñandú-Ωmega-7"
ACCOUNTS = {SMTP_USER: SMTP_PASSWORD, UNICODE_USER: UNICODE_PASSWORD}


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    mail_options: list[str] = field(default_factory=list)

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Capture:
    """The aiosmtpd handler: records every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if any(r.startswith("busy@") for r in envelope.rcpt_tos):
            return "451 4.3.0 Mailbox busy, try again later"
        if any(r.startswith("blocked@") for r in envelope.rcpt_tos):
            return "554 5.7.1 Message rejected as spam"
        raw = envelope.original_content or envelope.content
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                raw if isinstance(raw, bytes) else raw.encode(),
                session.ssl is not None,
                list(envelope.mail_options),
            )
        )
        return "250 OK"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and ACCOUNTS.get(
        auth_data.login.decode("utf-8", "replace")
    ) == auth_data.password.decode("utf-8", "replace")
    return AuthResult(success=ok, handled=False)  # unhandled: the server answers 535


def free_port() -> int:
    # aiosmtpd's Controller cannot listen on port 0: it connects to its port to know it is up.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class FakeSMTP:
    """Start with :meth:`start`, stop with :meth:`stop`; ``client_context`` trusts its CA."""

    def __init__(
        self, *, eight_bit: bool = True, smtputf8: bool = False, auth_exclude: tuple[str, ...] = ()
    ) -> None:
        """``eight_bit=False`` makes a server that does not offer 8BITMIME; ``smtputf8`` one
        that offers SMTPUTF8; ``auth_exclude`` leaves AUTH mechanisms out (``"PLAIN"``)."""
        self.ca = trustme.CA()
        cert = self.ca.issue_cert("127.0.0.1", "localhost")
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(server_context)
        self.handler = Capture()
        self.port = free_port()
        self.host = "127.0.0.1"
        self._controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            tls_context=server_context,
            require_starttls=True,
            authenticator=_authenticate,
            auth_required=True,
            decode_data=not eight_bit,  # aiosmtpd offers 8BITMIME only for undecoded data
            enable_SMTPUTF8=smtputf8,
            auth_exclude_mechanism=list(auth_exclude),
        )

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.ca.configure_trust(context)
        return context

    def start(self) -> FakeSMTP:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()
