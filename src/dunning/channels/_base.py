"""What channel adapters share (the ports ``Channel``/``AsyncChannel``/``SendResult`` are planning
values, re-exported here).

Adapters translate their provider's failures into the ``ChannelError`` family at the boundary
(like httpx's ``map_httpcore_exceptions``), keep credentials out of every repr, log line and
exception, and log under ``dunning.channels`` without addresses or message text.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from pydantic import SecretStr

from .._core._errors import ChannelError, PermanentError
from .._core._kinds import ChannelKind
from .._planning._plan import Message
from .._planning._ports import AsyncChannel, Channel, SendResult

__all__ = [
    "HTTP_LOGGERS",
    "AsyncChannel",
    "Channel",
    "Redactor",
    "SecretLogFilter",
    "SendResult",
    "check_message",
    "detached",
    "hidden",
    "log_failure",
    "logger",
    "parse_retry_after",
    "redact_logs",
    "refuse",
]

logger = logging.getLogger("dunning.channels")
"""Every adapter logs here: message ids, provider ids and codes; never credentials, addresses
or message text."""


def check_message(message: Message, kind: ChannelKind, *, content: bool = True) -> None:
    """Refuse a message meant for another channel, or (``content``) one without rendered
    content."""
    if message.channel != kind:
        raise PermanentError(
            f"message is for {message.channel.value}, not {kind.value}",
            channel=kind,
            message_id=message.id,
            debtor_id=message.debtor_id,
        )
    if content and message.content is None:
        raise PermanentError(
            "message has no rendered content (plan with a TemplateEngine, or render it)",
            channel=kind,
            message_id=message.id,
            debtor_id=message.debtor_id,
        )


def log_failure(error: ChannelError) -> None:
    """One warning per failed send, with ids and codes only: the provider's text may quote the
    address, so it stays in the exception for the caller."""
    logger.warning(
        "%s: message %s failed: %s (code %s, status %s)",
        error.channel,
        error.message_id,
        type(error).__name__,
        error.provider_code,
        error.status_code,
    )


def refuse(kind: ChannelKind, message: Message, why: str) -> PermanentError:
    """The logged ``PermanentError`` for a message the adapter refuses before any provider call."""
    error = PermanentError(why, channel=kind, message_id=message.id, debtor_id=message.debtor_id)
    log_failure(error)
    return error


class Redactor:
    """Replaces credentials by ``[redacted]`` in text and in parsed provider answers.

    Providers do not echo credentials, but a proxy or a misconfigured server might; redacting
    at the boundary keeps them out of exceptions, logs and ``SendResult.raw`` whatever happens.

    >>> Redactor(["s3cr3t"])("token s3cr3t rejected")
    'token [redacted] rejected'
    """

    def __init__(self, secrets: Iterable[str | SecretStr | None]) -> None:
        values = (s.get_secret_value() if isinstance(s, SecretStr) else s for s in secrets)
        self._secrets = tuple(sorted({v for v in values if v}, key=len, reverse=True))

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def data(self, value: Any) -> Any:
        """``value`` (parsed JSON) with every string redacted."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def __bool__(self) -> bool:
        return bool(self._secrets)


HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
"""The loggers of the HTTP stack. At DEBUG level httpcore logs the response headers it receives
verbatim, so a provider (or proxy) that echoes ``Authorization`` puts the token in the log."""


class SecretLogFilter(logging.Filter):
    """Redacts the credentials of every live channel from the records of a logger.

    A logger's filters see only the records logged on that logger (not those of its children
    that propagate through it), so the channels install one instance on each of
    :data:`HTTP_LOGGERS`. A record is rewritten only when it contains a secret: its message is
    formatted once, redacted, and its arguments dropped.

    >>> import logging
    >>> records = []
    >>> class Keep(logging.Handler):
    ...     def emit(self, record):
    ...         records.append(record.getMessage())
    >>> log = logging.getLogger("example.http")
    >>> log.addHandler(Keep()); log.setLevel(logging.DEBUG); log.propagate = False
    >>> redactor = Redactor(["tok-123"])
    >>> redact_logs(redactor, loggers=["example.http"])
    >>> log.debug("headers=%s", [(b"Authorization", b"Bearer tok-123")])
    >>> records
    ["headers=[(b'Authorization', b'Bearer [redacted]')]"]
    """

    def __init__(self) -> None:
        super().__init__()
        self._redactors: weakref.WeakSet[Redactor] = weakref.WeakSet()
        self._lock = threading.Lock()

    def add(self, redactor: Redactor) -> None:
        """Redact ``redactor``'s secrets too, for as long as it lives."""
        with self._lock:
            self._redactors.add(redactor)

    def filter(self, record: logging.LogRecord) -> bool:
        with self._lock:
            redactors = list(self._redactors)
        if not redactors:
            return True
        try:
            text = record.getMessage()
        except Exception:  # a malformed record: leave it to the logging module
            return True
        clean = text
        for redactor in redactors:
            clean = redactor(clean)
        if clean != text:
            record.msg, record.args = clean, ()
        return True


_LOG_FILTER = SecretLogFilter()
_installed: set[str] = set()
_install_lock = threading.Lock()


def redact_logs(redactor: Redactor, *, loggers: Iterable[str] = HTTP_LOGGERS) -> None:
    """Keep ``redactor``'s secrets out of the records of ``loggers`` (default: httpx and
    httpcore), for as long as the redactor lives. Every channel calls it for its credentials."""
    if redactor:
        _LOG_FILTER.add(redactor)
    with _install_lock:
        for name in loggers:
            if name not in _installed:
                logging.getLogger(name).addFilter(_LOG_FILTER)
                _installed.add(name)


def hidden(value: str | SecretStr) -> SecretStr:
    """``value`` in a ``SecretStr``, without checking it. Functions that take a credential as
    ``str`` rebind their parameter with this first thing, so that no frame of theirs holds the
    plain text when they raise (error trackers print every frame's locals)."""
    return value if isinstance(value, SecretStr) else SecretStr(value)


def detached(exc: BaseException) -> BaseException:
    """``exc`` without its traceback, nor those of the exceptions it chains.

    Adapters raise their own error ``from`` the foreign one. Error trackers format every frame
    of the chain with its local variables, and the frames of the libraries we call hold
    credentials there (smtplib's ``login`` has the password, httpcore the request headers).
    The cause keeps its type and message; its frames are dropped.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return exc


def parse_retry_after(value: str | None, *, as_of: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("Wed, 21 Oct 2026 07:28:30 GMT",
    ...                   as_of=datetime(2026, 10, 21, 7, 28, tzinfo=UTC))
    30.0
    >>> parse_retry_after("soon") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (as_of or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
