"""What inbound webhooks carry, whichever provider sent them: replies and delivery statuses.

:class:`InboundMessage` is a debtor writing to us (text, a button tap, a list choice, media);
:class:`DeliveryStatus` is the provider telling us what became of a message we sent. Both are
frozen values with aware UTC times, built by the provider parsers
(:func:`~dunning.channels.parse_whatsapp_webhook`, :func:`~dunning.channels.parse_twilio_webhook`)
and turned into ``dunning.events`` with ``to_event(debtor_id)``: the parsers do not know which
debtor a phone number belongs to, the caller does.

Providers retry webhooks and do not keep them in order, so the same status may arrive twice and
``delivered`` may arrive after ``read``: :func:`latest_status` keeps the monotonic maximum
(``sent < delivered < read``, failures terminal) and ``dedupe_key`` says when two are the same.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, TypeVar

from pydantic import Field, SecretStr, model_validator

from .._core._base import Model
from .._core._errors import InputError, MalformedWebhookError
from .._core._kinds import ChannelKind
from .._core._models import AwareDatetime
from ..events import (
    ConsentRevoked,
    MessageDelivered,
    MessageFailed,
    MessageRead,
    MessageSent,
    ReplyReceived,
)

__all__ = [
    "DeliveryState",
    "DeliveryStatus",
    "Ignored",
    "InboundMessage",
    "Provider",
    "latest_status",
]

Provider = Literal["whatsapp", "twilio"]
"""Who sent the webhook: Meta's WhatsApp Cloud API or Twilio."""


class DeliveryState(StrEnum):
    """Where an outbound message stands, in one vocabulary for Meta's and Twilio's statuses.

    ``rank`` orders the states so that the highest one seen is the truth, whatever order the
    callbacks came in; failures (``failed``, ``undelivered``, ``canceled``) rank above everything.
    A status the library does not know (Meta's ``deleted``, a new Twilio state) is ``UNKNOWN``,
    ranked lowest, and keeps the provider's word in ``DeliveryStatus.provider_status``.

    >>> DeliveryState.parse("played"), DeliveryState.parse("UNDELIVERED")
    (<DeliveryState.READ: 'read'>, <DeliveryState.UNDELIVERED: 'undelivered'>)
    >>> DeliveryState.SENT.rank < DeliveryState.DELIVERED.rank < DeliveryState.READ.rank
    True
    """

    UNKNOWN = "unknown"
    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    PARTIALLY_DELIVERED = "partially_delivered"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"
    UNDELIVERED = "undelivered"
    CANCELED = "canceled"

    @classmethod
    def parse(cls, value: str) -> DeliveryState:
        """The state for a provider's status word (either vocabulary); ``UNKNOWN`` if new."""
        word = value.strip().lower()
        word = _ALIASES.get(word, word)
        try:
            return cls(word)
        except ValueError:
            return cls.UNKNOWN

    @property
    def rank(self) -> int:
        """Position in the monotonic order: keep the status with the highest rank."""
        return _RANK[self]

    @property
    def is_failure(self) -> bool:
        """``failed``, ``undelivered`` or ``canceled``: the message will not arrive."""
        return self in (DeliveryState.FAILED, DeliveryState.UNDELIVERED, DeliveryState.CANCELED)


_ALIASES = {"played": "read", "cancelled": "canceled"}  # WhatsApp voice messages; UK spelling
_RANK = {
    DeliveryState.UNKNOWN: 0,
    DeliveryState.ACCEPTED: 1,
    DeliveryState.SCHEDULED: 1,
    DeliveryState.QUEUED: 2,
    DeliveryState.SENDING: 3,
    DeliveryState.SENT: 4,
    DeliveryState.PARTIALLY_DELIVERED: 5,
    DeliveryState.DELIVERED: 6,
    DeliveryState.READ: 7,
    DeliveryState.FAILED: 8,
    DeliveryState.UNDELIVERED: 8,
    DeliveryState.CANCELED: 8,
}


class InboundMessage(Model):
    """A message the debtor sent us, as a provider's webhook reported it.

    ``from_`` is the debtor's number in E.164 (WhatsApp's ``wa_id`` gets its ``+``; Twilio's
    ``whatsapp:`` prefix is removed and ``channel`` says WhatsApp). ``from_user_id`` is Meta's
    business-scoped user id: for a debtor who adopted a WhatsApp username Meta withholds the
    number, ``from_`` is ``None`` and this id is the only way to match the debtor (one of the
    two is always set). ``error_code``/``error_title`` carry a message-level error (Meta's
    131000 on an ``interactive`` message it could not read): the debtor wrote, but the content
    is lost. ``to`` is our side: the
    WhatsApp ``phone_number_id`` or the Twilio number. ``kind`` is the provider's message type
    (``text``, ``button``, ``button_reply``, ``list_reply``, ``image``...): types the library
    does not read are kept with empty ``text`` (or the media caption), never dropped. Button and
    list replies carry ``reply_id`` (the payload or row id you set) and ``reply_title`` (what the
    debtor saw, also copied to ``text``). ``opt_out`` is true for a Twilio opt-out keyword
    (``STOP``...): Twilio already blocks further SMS, record it with :meth:`opt_out_event`.

    >>> from datetime import UTC, datetime
    >>> reply = InboundMessage(provider="twilio", channel="sms", from_="+5215512345678",
    ...                        to="+15005550006", provider_message_id="SM1", text="STOP",
    ...                        at=datetime(2026, 11, 20, 15, tzinfo=UTC), opt_out=True)
    >>> reply.to_event("c-1").text, reply.opt_out_event("c-1").channel
    ('STOP', <ChannelKind.SMS: 'sms'>)
    """

    provider: Provider
    channel: ChannelKind
    kind: str = "text"
    from_: str | None = None
    from_user_id: str | None = None
    to: str
    provider_message_id: str = Field(min_length=1)
    at: AwareDatetime
    text: str = ""
    reply_id: str | None = None
    reply_title: str | None = None
    context_message_id: str | None = None
    profile_name: str | None = None
    opt_out: bool = False
    error_code: int | None = None
    error_title: str | None = None

    @model_validator(mode="after")
    def _has_a_sender(self) -> InboundMessage:
        if not self.from_ and not self.from_user_id:
            raise InputError("a message needs from_ or from_user_id", field="from_")
        return self

    @property
    def dedupe_key(self) -> tuple[str, str]:
        """``(provider, provider_message_id)``: providers redeliver; store each key once."""
        return (self.provider, self.provider_message_id)

    def to_event(self, debtor_id: str) -> ReplyReceived:
        """The ``ReplyReceived`` (a two-way contact) for the debtor who owns ``from_``."""
        return ReplyReceived(at=self.at, debtor_id=debtor_id, channel=self.channel, text=self.text)

    def opt_out_event(self, debtor_id: str) -> ConsentRevoked | None:
        """A ``ConsentRevoked`` for this channel when the message is an opt-out, else ``None``."""
        if not self.opt_out:
            return None
        return ConsentRevoked(at=self.at, debtor_id=debtor_id, channel=self.channel)


_Outcome = MessageSent | MessageDelivered | MessageRead | MessageFailed
_OPT_OUT_CODES: dict[str, frozenset[int]] = {
    "twilio": frozenset({21610}),  # attempt to send to an unsubscribed recipient (STOP)
    "whatsapp": frozenset({131050}),  # the user stopped marketing messages from the business
}


class Ignored(Model):
    """Something a webhook carried that was not turned into a message or a status.

    ``path`` is where it was (a JSON path such as ``entry[0].changes[0].value.messages[1]``),
    ``reason`` why it was left out. ``malformed`` is true when the item did not have the shape
    the provider documents (log those for a human: the rest of the POST was processed, and
    answering 400 would only make the provider retry the whole POST for days); false for
    things that are well-formed but not for us (another webhook field, a webhook-level error
    notice). ``error_code`` is the provider's code when the item is an error notice.

    >>> item = Ignored(path="entry[0].changes[0].value.messages[0]", reason="from: missing",
    ...                malformed=True)
    >>> str(item)
    'entry[0].changes[0].value.messages[0]: from: missing'
    """

    path: str
    reason: str
    malformed: bool = False
    error_code: int | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class DeliveryStatus(Model):
    """What a provider says became of a message we sent.

    ``provider_message_id`` is the provider's id (``wamid...``, ``SM...``); ``message_id`` is
    ours, echoed back by the provider (WhatsApp's ``biz_opaque_callback_data``, the
    ``dunning_message_id`` query parameter of a Twilio ``StatusCallback``), ``None`` when the
    message was not sent by ``dunning``. ``status`` is the common vocabulary and
    ``provider_status`` the provider's own word. ``at`` is the provider's timestamp (WhatsApp) or
    the time the callback was received (Twilio sends none).

    >>> from datetime import UTC, datetime
    >>> status = DeliveryStatus(provider="whatsapp", channel="whatsapp",
    ...                         provider_message_id="wamid.1", message_id="m-1", status="failed",
    ...                         provider_status="failed", at=datetime(2026, 11, 20, tzinfo=UTC),
    ...                         error_code=131026, error_title="Message undeliverable")
    >>> status.to_event("c-1").error
    '131026: Message undeliverable'
    """

    provider: Provider
    channel: ChannelKind
    provider_message_id: str = Field(min_length=1)
    message_id: str | None = None
    status: DeliveryState
    provider_status: str
    at: AwareDatetime
    recipient: str | None = None
    recipient_user_id: str | None = None
    error_code: int | None = None
    error_title: str | None = None

    @property
    def opt_out(self) -> bool:
        """True when the provider's error code means the recipient opted out: Twilio's 21610
        (the number texted STOP to this sender) or WhatsApp's 131050 (stopped marketing
        messages), the same codes that make a send raise :class:`~dunning.OptedOutError`."""
        return self.error_code in _OPT_OUT_CODES[self.provider]

    def opt_out_event(self, debtor_id: str) -> ConsentRevoked | None:
        """A ``ConsentRevoked`` for this channel when the status says the recipient opted out
        (:attr:`opt_out`), else ``None``. Record it next to :meth:`to_event`'s
        ``MessageFailed``: the REST path's ``ConsentRevoked.from_opt_out`` gives the same fact.

        >>> from datetime import UTC, datetime
        >>> status = DeliveryStatus(provider="twilio", channel="sms", provider_message_id="SM1",
        ...                         message_id="m-1", status="undelivered",
        ...                         provider_status="undelivered", error_code=21610,
        ...                         at=datetime(2026, 11, 20, tzinfo=UTC))
        >>> status.opt_out_event("c-1").channel
        <ChannelKind.SMS: 'sms'>
        """
        if not self.opt_out:
            return None
        return ConsentRevoked(at=self.at, debtor_id=debtor_id, channel=self.channel)

    @property
    def rank(self) -> int:
        """``status.rank``: keep the highest one seen for a message."""
        return self.status.rank

    @property
    def dedupe_key(self) -> tuple[str, str, str]:
        """``(provider, provider_message_id, status)``: the same status twice is one fact."""
        return (self.provider, self.provider_message_id, self.status.value)

    def to_event(self, debtor_id: str) -> _Outcome | None:
        """The event for this status, or ``None`` when there is nothing to record.

        ``sent`` → ``MessageSent``, ``delivered`` → ``MessageDelivered``, ``read`` →
        ``MessageRead``, ``failed``/``undelivered``/``canceled`` → ``MessageFailed`` (``error``
        is ``"<code>: <title>"`` or the status). Queue states (``accepted``, ``queued``,
        ``sending``...) and messages without our ``message_id`` give ``None``.
        """
        if self.message_id is None:
            return None
        common: dict[str, Any] = {
            "at": self.at,
            "message_id": self.message_id,
            "debtor_id": debtor_id,
            "channel": self.channel,
        }
        state = self.status
        if state is DeliveryState.SENT:
            return MessageSent(**common)
        if state in (DeliveryState.DELIVERED, DeliveryState.PARTIALLY_DELIVERED):
            return MessageDelivered(**common)
        if state is DeliveryState.READ:
            return MessageRead(**common)
        if state.is_failure:
            return MessageFailed(**common, error=self._error_text())
        return None

    def _error_text(self) -> str:
        parts = [str(self.error_code)] if self.error_code is not None else []
        if self.error_title:
            parts.append(self.error_title)
        return ": ".join(parts) or self.provider_status or self.status.value


def latest_status(statuses: Iterable[DeliveryStatus]) -> DeliveryStatus | None:
    """The status that stands for one message: the highest rank, then the latest ``at``.

    The answer does not depend on the order the statuses came in, so replaying shuffled or
    repeated callbacks gives the same result. All statuses must be about the same provider
    message (else :class:`~dunning.InputError`); an empty input gives ``None``.

    >>> from datetime import UTC, datetime
    >>> def status(word, minute):
    ...     return DeliveryStatus(provider="whatsapp", channel="whatsapp",
    ...                           provider_message_id="wamid.1", status=DeliveryState.parse(word),
    ...                           provider_status=word,
    ...                           at=datetime(2026, 11, 20, 15, minute, tzinfo=UTC))
    >>> latest_status([status("read", 2), status("sent", 0), status("delivered", 1)]).status
    <DeliveryState.READ: 'read'>
    """
    best: DeliveryStatus | None = None
    for status in statuses:
        if best is not None and (status.provider, status.provider_message_id) != (
            best.provider,
            best.provider_message_id,
        ):
            raise InputError(
                "latest_status() takes the statuses of one message; got "
                f"{best.provider_message_id!r} and {status.provider_message_id!r}",
                field="statuses",
            )
        if best is None or _order(status) > _order(best):
            best = status
    return best


def _order(status: DeliveryStatus) -> tuple[int, datetime, str, str, int, str, str, str]:
    # A total order, so that the maximum does not depend on the input order.
    return (
        status.rank,
        status.at,
        status.status.value,
        status.provider_status,
        -1 if status.error_code is None else status.error_code,
        status.error_title or "",
        status.message_id or "",
        status.recipient or "",
    )


# --- helpers shared by the provider parsers ------------------------------------------------

_PHONE = re.compile(r"\+?([1-9][0-9]{1,14})", re.ASCII)
_MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z


def e164(value: str, *, provider: Provider, path: str) -> str:
    """``value`` (digits, with or without ``+``) as ``+<digits>``, else a malformed webhook."""
    match = _PHONE.fullmatch(value)
    if match is None:
        raise MalformedWebhookError(
            "expected a phone number in international format (digits, optionally after '+')",
            provider=provider,
            path=path,
        )
    return "+" + match.group(1)


def utc_from_unix(value: object, *, provider: Provider, path: str) -> datetime:
    """A Unix timestamp (a string of digits, or an integer) as an aware UTC datetime."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12:
        seconds = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        raise MalformedWebhookError(
            f"expected a Unix timestamp (digits), got {json_kind(value)}",
            provider=provider,
            path=path,
        )
    if not 0 <= seconds <= _MAX_TIMESTAMP:
        raise MalformedWebhookError("Unix timestamp out of range", provider=provider, path=path)
    return datetime.fromtimestamp(seconds, UTC)


def json_kind(value: object) -> str:
    """The JSON name of ``value``'s type, for error messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


Headers = Mapping[str, str] | Mapping[bytes, bytes] | Iterable[tuple[bytes | str, bytes | str]]
"""Request headers as a framework gives them: a mapping of ``str`` (WSGI, most frameworks), of
``bytes``, or ASGI's list of ``(name, value)`` byte pairs."""


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")  # HTTP header bytes are opaque octets
    return None


def header_value(headers: Headers, name: str) -> str | None:
    """The value of header ``name`` in ``headers``, whatever the case of the keys and whether
    names and values are ``str`` or ``bytes`` (ASGI gives a list of byte pairs). Bytes are read
    as Latin-1, so no value fails to decode; a signature in one then simply does not match.

    >>> header_value([(b"x-twilio-signature", b"abc=")], "X-Twilio-Signature")
    'abc='
    >>> header_value({"X-Hub-Signature-256": "sha256=00"}, "x-hub-signature-256")
    'sha256=00'
    """
    pairs: Iterable[Any]
    if isinstance(headers, Mapping):
        direct = headers.get(name)  # type: ignore[call-overload]
        if isinstance(direct, str):
            return direct
        pairs = headers.items()
    elif isinstance(headers, Iterable) and not isinstance(headers, str | bytes | bytearray):
        pairs = headers
    else:
        return None
    wanted = name.lower()
    for pair in pairs:
        try:
            key, value = pair
        except (TypeError, ValueError):
            continue
        key_text = _text(key)
        if key_text is not None and key_text.lower() == wanted:
            return _text(value)
    return None


def hidden(value: str | SecretStr) -> SecretStr:
    """``value`` in a ``SecretStr``, without checking it. Functions that take a credential as
    ``str`` rebind their parameter with this first thing, so that no frame of theirs holds the
    plain text when they raise (error trackers print every frame's locals)."""
    return value if isinstance(value, SecretStr) else SecretStr(value)


def secret_str(value: str | SecretStr, field: str) -> SecretStr:
    """``value`` as a non-empty ``SecretStr``, else an :class:`~dunning.InputError`."""
    secret = value if isinstance(value, SecretStr) else SecretStr(value)
    if not isinstance(secret.get_secret_value(), str) or not secret.get_secret_value():
        raise InputError(f"{field} is required", field=field)
    return secret


def same_secret(received: str, expected: SecretStr) -> bool:
    """:func:`same_text` against a secret held by reference (its plain text lives only in this
    frame, gone before any caller raises)."""
    return same_text(received, expected.get_secret_value())


def same_text(received: str, expected: str) -> bool:
    """Constant-time equality of two strings (any characters, lone surrogates included)."""
    return hmac.compare_digest(
        received.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def header_text(header: object) -> str | None:
    """A signature header as text: ``str`` as is, ``bytes`` (ASGI) read as Latin-1, anything
    else ``None`` (no usable header)."""
    if isinstance(header, str):
        return header
    if isinstance(header, bytes | bytearray | memoryview):
        return bytes(header).decode("latin-1")
    return None


_M = TypeVar("_M", InboundMessage, DeliveryStatus)


def build(
    model: type[_M], fields: dict[str, Any], *, provider: Provider, path: str | None = None
) -> _M:
    """``model(**fields)``. A value its validators refuse came from the provider: a
    :class:`~dunning.MalformedWebhookError` naming the field (under ``path``, when given)."""
    try:
        return model(**fields)
    except InputError as exc:
        where = f"{path}.{exc.field}" if path and exc.field else path or exc.field
        raise MalformedWebhookError(exc.detail, provider=provider, path=where or None) from None


# --- typed access to parsed JSON, naming the path of whatever is wrong ----------------------


class ShapeError(Exception):
    """Raised by the JSON readers below; the provider parser turns it into a
    :class:`~dunning.MalformedWebhookError` with its provider name."""

    def __init__(self, detail: str, path: str | None) -> None:
        super().__init__(f"{path}: {detail}" if path else detail)
        self.detail = detail
        self.path = path or None


_T = TypeVar("_T")
_MISSING: Any = object()


def load_json(body: object) -> object:
    """``body`` (UTF-8 bytes, str, or an already parsed mapping) as parsed JSON."""
    if isinstance(body, Mapping):
        return body
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ShapeError(f"the body is not UTF-8 (byte {exc.start})", None) from None
    if not isinstance(body, str):
        raise ShapeError(f"expected bytes, str or a mapping, got {json_kind(body)}", None)
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ShapeError(f"the body is not JSON: {exc.msg} ({where})", None) from None
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise ShapeError(f"the body is not usable JSON: {type(exc).__name__}", None) from None


def req(obj: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], _T]) -> _T:
    """``obj[key]`` read by ``read``; missing is an error."""
    where = f"{path}.{key}" if path else key
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        raise ShapeError("missing", where)
    return read(value, where)


def opt(obj: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], _T]) -> _T | None:
    """``obj[key]`` read by ``read``, or ``None`` when missing or null."""
    value = obj.get(key)
    return None if value is None else read(value, f"{path}.{key}" if path else key)


def as_object(value: Any, path: str) -> Mapping[str, Any]:
    """``value`` if it is a JSON object."""
    if not isinstance(value, Mapping):
        raise ShapeError(f"expected an object, got {json_kind(value)}", path or "body")
    return value


def as_list(value: Any, path: str) -> Sequence[Any]:
    """``value`` if it is a JSON array."""
    if not isinstance(value, list | tuple):
        raise ShapeError(f"expected an array, got {json_kind(value)}", path)
    return value


def as_str(value: Any, path: str) -> str:
    """``value`` if it is a string."""
    if not isinstance(value, str):
        raise ShapeError(f"expected a string, got {json_kind(value)}", path)
    return value


def as_id(value: Any, path: str) -> str:
    """``value`` if it is a non-empty string."""
    if not as_str(value, path):
        raise ShapeError("expected a non-empty string", path)
    return str(value)


def as_int(value: Any, path: str) -> int:
    """``value`` if it is an integer (not a boolean)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ShapeError(f"expected an integer, got {json_kind(value)}", path)
    return value
