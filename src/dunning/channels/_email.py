"""E-mail over SMTP with STARTTLS: text + HTML, one-click unsubscribe, stable Message-ID.

Headers are folded per RFC 5322 and non-ASCII text in them is written as RFC 2047 encoded words
of at most 75 characters (a long Spanish subject becomes several), except ``List-Unsubscribe``:
under a 78-character policy Python RFC 2047-encodes a long value and the URL no longer parses,
so that header alone is laid out up to RFC 5322's 998-character limit.

Bodies are 7-bit (quoted-printable when not ASCII) unless the server offers ``8BITMIME``; then
they are sent as 8-bit with ``BODY=8BITMIME`` (RFC 6152). Non-ASCII addresses need the server's
``SMTPUTF8`` (RFC 6531), else the send is refused as permanent.
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
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from typing import Any
from urllib.parse import quote

from pydantic import SecretStr

from .._core._errors import (
    ChannelError,
    InputError,
    NotOnChannelError,
    PermanentError,
    RetryableError,
)
from .._core._kinds import ChannelKind
from .._planning._plan import Message
from ._base import (
    Redactor,
    SendResult,
    check_message,
    detached,
    hidden,
    log_failure,
    logger,
    redact_logs,
    refuse,
)

__all__ = ["EMAIL_POLICY", "SMTPEmailChannel", "classify_smtp_reply"]

_UNFOLDED = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
_WIDE = policy.SMTP.clone(max_line_length=998)


_LINE = 78  # RFC 5322 section 2.1.1: lines SHOULD be at most 78 characters
_WORD = 75  # RFC 2047 section 2: an encoded word is at most 75 characters
_CHROME = len("=?utf-8?b??=")


class _Policy(EmailPolicy):
    """``policy.SMTP`` folding at 76 (so an encoded word on a continuation line is at most 75
    characters, RFC 2047 section 2), except the unsubscribe headers, which must stay URLs, and a
    non-ASCII ``Subject``, which is written as base64 encoded words of our own: the standard
    library's folder can move the space between two encoded words into the folding white
    space, where decoders drop it ("— ¡gracias" arrives as "—¡gracias")."""

    def fold(self, name: str, value: str) -> str:
        if name.lower() in _UNFOLDED:
            return str(_WIDE.fold(name, value))
        if name.lower() == "subject" and not str(value).isascii():
            return _encoded_header(name, str(value), self.linesep)
        return str(super().fold(name, value))

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in _UNFOLDED:
            return bytes(_WIDE.fold_binary(name, value))
        if name.lower() == "subject" and not str(value).isascii():
            return _encoded_header(name, str(value), self.linesep).encode("ascii")
        return super().fold_binary(name, value)


def _encoded_header(name: str, text: str, linesep: str) -> str:
    """``name: text`` as RFC 2047 base64 encoded words, each of at most 75 characters and on a
    line of at most 78, split between characters (never inside one), the whole text — spaces
    included — inside the words, so decoding gives back exactly ``text``.

    >>> header = _encoded_header("Subject", "Tu cuenta vence mañana, " * 4, "\\r\\n")
    >>> [len(line) <= 78 for line in header.splitlines()]
    [True, True, True]
    >>> import email.header
    >>> str(email.header.make_header(email.header.decode_header(header[9:]))) == (
    ...     "Tu cuenta vence mañana, " * 4)
    True
    """

    def word(chunk: bytes) -> str:
        return f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?="

    def capacity(width: int) -> int:  # the most UTF-8 bytes a word of ``width`` can carry
        return (min(width, _WORD) - _CHROME) // 4 * 3

    words: list[str] = []
    limit = capacity(_LINE - len(name) - 2)
    chunk = b""
    for character in text:
        encoded = character.encode("utf-8")
        if chunk and len(chunk) + len(encoded) > limit:
            words.append(word(chunk))
            chunk, limit = b"", capacity(_LINE - 1)
        chunk += encoded
    words.append(word(chunk))
    return f"{name}: " + f"{linesep} ".join(words) + linesep


EMAIL_POLICY: EmailPolicy = _Policy(linesep="\r\n", max_line_length=76)
"""CRLF line ends; headers folded at 76 characters with RFC 2047 encoded words of at most 75;
``List-Unsubscribe`` (and ``-Post``) laid out up to 998 characters, so their URLs stay intact."""

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


def _transfer_encoding(text: str, eight_bit: bool) -> str | None:
    """``None`` (let ``email`` choose: 7bit, or 8bit for short non-ASCII lines) when the text is
    ASCII or the server takes 8-bit; else quoted-printable, which any server takes."""
    return None if eight_bit or text.isascii() else "quoted-printable"


def _all_ascii(message: Message) -> bool:
    content = message.content
    return content is None or (content.text.isascii() and (content.html or "").isascii())


def _plain_credentials(username: str, password: SecretStr) -> str:
    """The base64 ``AUTH PLAIN`` response (RFC 4616: UTF-8), computed in a frame of its own."""
    return base64.b64encode(
        f"\0{username}\0{password.get_secret_value()}".encode("utf-8", "surrogatepass")
    ).decode("ascii")


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
        password = None if password is None else hidden(password)  # none in plain text here
        # What the repr shows, set first: error trackers repr a half-built ``self`` too.
        self.host, self.port, self.username, self.starttls = host, port, username, starttls
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
        self._password = password
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
        redact_logs(self._redact)
        del secret, plain

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

    def build(
        self, message: Message, *, at: datetime | None = None, eight_bit: bool = False
    ) -> EmailMessage:
        """The e-mail for ``message`` (``at`` sets the ``Date`` header; default: now).

        Non-ASCII parts are quoted-printable, valid on any server; ``eight_bit=True`` leaves
        them 8-bit, for a server that offers ``8BITMIME`` (``send`` decides)."""
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
            email["Date"] = format_datetime(at or datetime.now(UTC))
            email["Message-ID"] = self.message_id(message)
            email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
            unsubscribe = self._unsubscribe(message)
            if unsubscribe:
                email["List-Unsubscribe"] = ", ".join(f"<{uri}>" for uri in unsubscribe)
                if unsubscribe[0].startswith("https://"):
                    email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        except ValueError as exc:  # a header value with a line break, or unparsable
            raise self._refuse(message, f"cannot build the e-mail headers: {exc}") from exc
        try:
            for text in (content.subject, content.text, content.html or ""):
                text.encode("utf-8")  # a lone surrogate from a template cannot be sent
            email.set_content(content.text, cte=_transfer_encoding(content.text, eight_bit))
            if content.html:
                email.add_alternative(
                    content.html, subtype="html", cte=_transfer_encoding(content.html, eight_bit)
                )
        except ValueError as exc:
            raise self._refuse(message, f"cannot encode the e-mail: {type(exc).__name__}") from None
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
        return refuse(ChannelKind.EMAIL, message, why)

    def send(self, message: Message) -> SendResult:
        """Build and send the e-mail for ``message``."""
        now = datetime.now(UTC)
        email = self.build(message, at=now)  # fails before connecting if it cannot be built
        sending = False  # once DATA may have started, a failure may hide a delivery
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    context = self._ssl_context or ssl.create_default_context()
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if self.username:
                    self._login(smtp, message)
                options: tuple[str, ...] = ()
                international = not (self._envelope_from + message.to).isascii()
                if smtp.has_extn("8bitmime") and not international and not _all_ascii(message):
                    # RFC 6152: 8-bit parts only when declared, and only to a server that
                    # offers it (smtplib adds SMTPUTF8 and BODY=8BITMIME itself for EAI).
                    email = self.build(message, at=now, eight_bit=True)
                    options = ("BODY=8BITMIME",)
                sending = True
                smtp.send_message(
                    email,
                    from_addr=self._envelope_from,
                    to_addrs=[message.to],
                    mail_options=options,
                )
        except Exception as exc:
            error = self._translate(exc, message, sending)
            if error is None:
                raise
            log_failure(error)
            # The foreign frames (smtplib's login holds the password in its locals) stay out
            # of what an error tracker captures: the cause keeps its message, not its frames.
            raise error from detached(exc)
        provider_id = str(email["Message-ID"])
        logger.info("email: message %s accepted as %s", message.id, provider_id)
        return SendResult(
            message_id=message.id,
            channel=ChannelKind.EMAIL,
            provider_id=provider_id,
            status="accepted",
            raw={"message_id_header": provider_id, "host": self.host},
        )

    def _login(self, smtp: smtplib.SMTP, message: Message) -> None:
        """Log in without the password ever sitting in a local variable of ours, and without
        smtplib's ASCII-only AUTH choking on (and quoting) a non-ASCII password."""
        username = self.username or ""
        if self._password is None or (
            username.isascii() and self._password.get_secret_value().isascii()
        ):
            smtp.login(username, self._password.get_secret_value() if self._password else "")
            return
        # RFC 4616: AUTH PLAIN carries UTF-8; smtplib would encode it as ASCII and raise a
        # UnicodeEncodeError holding the password. Other mechanisms cannot carry it.
        methods = str(smtp.esmtp_features.get("auth", "")).upper().split()
        if "PLAIN" not in methods:
            raise PermanentError(
                "the SMTP user name or password is not ASCII and the server does not offer "
                "AUTH PLAIN, the mechanism that can carry it (RFC 4616)",
                channel=ChannelKind.EMAIL,
                message_id=message.id,
                debtor_id=message.debtor_id,
            )
        code, reply = smtp.docmd("AUTH", "PLAIN " + _plain_credentials(username, self._password))
        if code not in (235, 503):  # 503: already authenticated
            raise smtplib.SMTPAuthenticationError(code, reply)

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
        if isinstance(exc, UnicodeError):  # a non-ASCII host name or command; no text: it may
            return PermanentError(  # quote what it failed to encode
                f"cannot encode the SMTP conversation: {type(exc).__name__} (non-ASCII "
                "addresses need a server with SMTPUTF8)",
                **context,
            )
        if isinstance(exc, OSError):  # refused, unreachable, timeout, TLS handshake
            return RetryableError(
                f"network error talking to {self.host}:{self.port}: "
                f"{type(exc).__name__}: {self._redact(str(exc))}",
                may_have_sent=sending,
                **context,
            )
        return None
