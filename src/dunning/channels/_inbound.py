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

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from .._core._base import Model
from .._core._errors import InputError, OptedOutError
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
from ._error_table import TWILIO_ERRORS, WHATSAPP_ERRORS

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
    table.provider: table.codes_for(OptedOutError) for table in (TWILIO_ERRORS, WHATSAPP_ERRORS)
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
