"""E-mail over SMTP with STARTTLS: text + HTML, one-click unsubscribe, stable Message-ID.

The message is built with ``policy.SMTP.clone(max_line_length=998)``: under the default policy
(78 characters) Python RFC 2047-encodes a long ``List-Unsubscribe`` value, and the URL no longer
parses. ``max_line_length=None`` is not an option either: ``set_content`` then fails.
"""

from __future__ import annotations

import base64
import hashlib
import re
import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import quote

from pydantic import SecretStr

from .._errors import (
    ChannelError,
    InputError,
    NotOnChannelError,
    PermanentError,
    RetryableError,
)
from .._models import ChannelKind
from .._plan import Message
from ._base import Redactor, SendResult, check_message, logger
from ._http import log_failure

__all__ = ["EMAIL_POLICY", "SMTPEmailChannel", "classify_smtp_reply"]

EMAIL_POLICY = policy.SMTP.clone(max_line_length=998)
"""CRLF line ends, and headers folded only past 998 characters (RFC 5322's hard limit), so
``List-Unsubscribe`` URLs stay intact."""

_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")


def classify_smtp_reply(
    code: int, text: str, *, message: Message, may_have_sent: bool = False
) -> ChannelError:
    """4xx replies are retryable, 5xx permanent; 5.1.x (bad mailbox or domain) means the
    address cannot receive e-mail, so the caller should fall back to another channel.

    >>> from dunning.channels._memory import sample_message
    >>> m = sample_message("email")
    >>> [type(classify_smtp_reply(c, t, message=m)).__name__ for c, t in [
    ...     (451, "4.3.0 try later"), (550, "5.1.1 user unknown"), (554, "5.7.1 rejected")]]
    ['RetryableError', 'NotOnChannelError', 'PermanentError']
    """
    context: dict[str, Any] = {
        "channel": ChannelKind.EMAIL,
        "message_id": message.id,
        "debtor_id": message.debtor_id,
        "provider_code": code,
    }
    detail = f"SMTP {code} {text}".strip()
    if 400 <= code < 500:
        return RetryableError(detail, may_have_sent=may_have_sent, **context)
    if code >= 500 and re.match(r"5\.1\.\d+\b", text.strip()):
        return NotOnChannelError(detail, **context)
    return PermanentError(detail, **context)


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


class SMTPEmailChannel:
    """Send e-mail through an SMTP server (``smtplib``), upgrading the connection with STARTTLS.

    Each ``send`` builds the e-mail (:meth:`build`), opens a connection, says STARTTLS (with
    ``ssl_context``, default: the system's verified context), logs in if ``username`` is given,
    and sends. ``unsubscribe_url`` (an ``https://`` URL, or a function of the message returning
    one: put an opaque token in it) and ``unsubscribe_mailto`` (an address, or a function
    returning a ``mailto:`` URI) become ``List-Unsubscribe``; with a URL, also
    ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058). The ``Message-ID`` is
    derived from ``message.id``, so a re-sent message keeps its id and mail clients can dedupe.

    SMTP 4xx replies, disconnects and timeouts raise ``RetryableError``; 5xx replies raise
    ``PermanentError`` (``NotOnChannelError`` for 5.1.x: no such mailbox or domain).

    >>> from dunning.channels._memory import sample_message
    >>> channel = SMTPEmailChannel(host="smtp.example.org", username="robot",
    ...                            password="hunter2", from_address="Tienda Sur <cobros@tienda.cl>",
    ...                            unsubscribe_url=lambda m: f"https://tienda.cl/u/{m.debtor_id}")
    >>> channel
    SMTPEmailChannel(host='smtp.example.org', port=587, username='robot', starttls=True)
    >>> email = channel.build(sample_message("email"))
    >>> email["Message-ID"], email["List-Unsubscribe"]
    ('<m-email-1@tienda.cl>', '<https://tienda.cl/u/c-1>')
    >>> email.get_content_type()
    'multipart/alternative'
    """

    def __init__(
        self,
        *,
        host: str,
        from_address: str,
        port: int = 587,
        username: str | None = None,
        password: str | SecretStr | None = None,
        starttls: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        unsubscribe_url: str | Callable[[Message], str] | None = None,
        unsubscribe_mailto: str | Callable[[Message], str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        _, address = parseaddr(from_address)
        if "@" not in address:
            raise InputError(
                "from_address needs an e-mail address", field="from_address", value=from_address
            )
        if username and not starttls:
            raise InputError(
                "refusing to log in without STARTTLS: the password would travel in clear",
                field="starttls",
            )
        if isinstance(unsubscribe_url, str) and not unsubscribe_url.startswith("https://"):
            raise InputError(
                "unsubscribe_url must be an https:// URL (RFC 8058)",
                field="unsubscribe_url",
                value=unsubscribe_url,
            )
        self.host = host
        self.port = port
        self.username = username
        self._password = (
            password if isinstance(password, SecretStr) or password is None else SecretStr(password)
        )
        self.from_address = from_address
        self.starttls = starttls
        self.timeout = timeout
        self.unsubscribe_url = unsubscribe_url
        self.unsubscribe_mailto = unsubscribe_mailto
        self._envelope_from = address
        self._domain = address.rsplit("@", 1)[1]
        self._ssl_context = ssl_context
        secret = self._password.get_secret_value() if self._password else ""
        plain = f"\0{username or ''}\0{secret}".encode()
        # The password, and the base64 forms AUTH PLAIN and AUTH LOGIN send it in.
        self._redact = Redactor(
            [
                secret,
                base64.b64encode(plain).decode(),
                base64.b64encode(secret.encode()).decode() if secret else None,
            ]
        )

    @property
    def kind(self) -> ChannelKind:
        """Always ``ChannelKind.EMAIL``."""
        return ChannelKind.EMAIL

    def __repr__(self) -> str:
        return (
            f"SMTPEmailChannel(host={self.host!r}, port={self.port}, "
            f"username={self.username!r}, starttls={self.starttls})"
        )

    def message_id(self, message: Message) -> str:
        """The ``Message-ID`` header for ``message``: the same every time it is built."""
        local = (
            message.id
            if _ATEXT.fullmatch(message.id)
            else hashlib.sha256(message.id.encode()).hexdigest()[:32]
        )
        return f"<{local}@{self._domain}>"

    def build(self, message: Message, *, now: datetime | None = None) -> EmailMessage:
        """The e-mail for ``message`` (``now`` sets the ``Date`` header; default: now)."""
        check_message(message, ChannelKind.EMAIL)
        assert message.content is not None  # checked above
        content = message.content
        if not content.subject:
            raise self._refuse(message, "e-mail content has no subject")
        email = EmailMessage(policy=EMAIL_POLICY)
        try:
            email["From"] = self.from_address
            email["To"] = message.to
            email["Subject"] = content.subject
            email["Date"] = format_datetime(now or datetime.now(UTC))
            email["Message-ID"] = self.message_id(message)
            email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
            unsubscribe = self._unsubscribe(message)
            if unsubscribe:
                email["List-Unsubscribe"] = ", ".join(f"<{uri}>" for uri in unsubscribe)
                if unsubscribe[0].startswith("https://"):
                    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        except ValueError as exc:  # a header value with a line break, or unparsable
            raise self._refuse(message, f"cannot build the e-mail headers: {exc}") from exc
        email.set_content(content.text)
        if content.html:
            email.add_alternative(content.html, subtype="html")
        email["Content-Language"] = content.locale.replace("_", "-")  # set_content drops Content-*
        return email

    def _unsubscribe(self, message: Message) -> list[str]:
        uris = []
        if self.unsubscribe_url is not None:
            url = (
                self.unsubscribe_url(message)
                if callable(self.unsubscribe_url)
                else self.unsubscribe_url
            )
            if not url.startswith("https://"):
                raise self._refuse(message, "unsubscribe URL must be https:// (RFC 8058)")
            uris.append(url)
        if self.unsubscribe_mailto is not None:
            if callable(self.unsubscribe_mailto):
                mailto = self.unsubscribe_mailto(message)
            else:
                address = self.unsubscribe_mailto.removeprefix("mailto:")
                mailto = f"{address}?subject={quote('unsubscribe ' + message.id)}"
            uris.append(mailto if mailto.startswith("mailto:") else f"mailto:{mailto}")
        return uris

    @staticmethod
    def _refuse(message: Message, why: str) -> PermanentError:
        error = PermanentError(
            why, channel=ChannelKind.EMAIL, message_id=message.id, debtor_id=message.debtor_id
        )
        log_failure(error)
        return error

    def send(self, message: Message) -> SendResult:
        """Build and send the e-mail for ``message``."""
        email = self.build(message)
        sending = False  # once DATA may have started, a failure may hide a delivery
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    context = self._ssl_context or ssl.create_default_context()
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if self.username:
                    password = self._password.get_secret_value() if self._password else ""
                    smtp.login(self.username, password)
                sending = True
                smtp.send_message(email, from_addr=self._envelope_from, to_addrs=[message.to])
        except Exception as exc:
            error = self._translate(exc, message, sending)
            if error is None:
                raise
            log_failure(error)
            raise error from exc
        provider_id = str(email["Message-ID"])
        logger.info("email: message %s accepted as %s", message.id, provider_id)
        return SendResult(
            message_id=message.id,
            channel=ChannelKind.EMAIL,
            provider_id=provider_id,
            status="accepted",
            raw={"message_id_header": provider_id, "host": self.host},
        )

    def _translate(self, exc: Exception, message: Message, sending: bool) -> ChannelError | None:
        context: dict[str, Any] = {
            "channel": ChannelKind.EMAIL,
            "message_id": message.id,
            "debtor_id": message.debtor_id,
        }
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            code, text = next(iter(exc.recipients.values()), (550, b"recipient refused"))
            return classify_smtp_reply(code, self._redact(_decode(text)), message=message)
        if isinstance(exc, smtplib.SMTPResponseException):
            # A refused DATA (4xx or 5xx) means the server did not take the message.
            return classify_smtp_reply(
                exc.smtp_code, self._redact(_decode(exc.smtp_error)), message=message
            )
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return RetryableError(
                f"SMTP server disconnected: {self._redact(str(exc))}",
                may_have_sent=sending,
                **context,
            )
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return PermanentError(
                f"the SMTP server does not support this: {self._redact(str(exc))}", **context
            )
        if isinstance(exc, smtplib.SMTPException):
            return PermanentError(f"SMTP error: {self._redact(str(exc))}", **context)
        if isinstance(exc, ssl.SSLCertVerificationError):
            return PermanentError(
                f"TLS certificate of {self.host} not trusted: {exc.verify_message}", **context
            )
        if isinstance(exc, OSError):  # refused, unreachable, timeout, TLS handshake
            return RetryableError(
                f"network error talking to {self.host}:{self.port}: "
                f"{type(exc).__name__}: {self._redact(str(exc))}",
                may_have_sent=sending,
                **context,
            )
        return None
