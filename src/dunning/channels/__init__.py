"""Channel adapters: hand planned messages to WhatsApp, Twilio SMS and SMTP e-mail.

A channel is anything with a ``kind`` and ``send(message) -> SendResult`` (:class:`Channel`;
``await send(...)`` for :class:`AsyncChannel`). Adapters receive their ``httpx.Client`` (or
``AsyncClient``), so tests and users can inject a transport; they keep credentials out of reprs,
logs and exceptions; and they raise one error family:

* :class:`~dunning.RetryableError`: try again later (``retry_after``, ``may_have_sent``);
* :class:`~dunning.PermanentError`: do not retry on this channel and address, with two
  subclasses that mean something for the debtor: :class:`~dunning.OptedOutError` (record
  ``error.to_event(at)``, a ``ConsentRevoked``) and :class:`~dunning.NotOnChannelError` (fall
  back to another channel).

>>> from dunning.channels import MemoryChannel
>>> outbox = MemoryChannel("email")
>>> isinstance(outbox, Channel)
True
"""

from __future__ import annotations

from .._errors import (
    ChannelError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from ._base import AsyncChannel, Channel, SendResult
from ._email import EMAIL_POLICY, SMTPEmailChannel, classify_smtp_reply
from ._memory import AsyncMemoryChannel, ConsoleChannel, MemoryChannel
from ._twilio import (
    TWILIO_BASE_URL,
    AsyncTwilioSMSChannel,
    TwilioSMSChannel,
    classify_twilio_error,
)
from ._whatsapp import (
    WHATSAPP_API_VERSION,
    WHATSAPP_BASE_URL,
    AsyncWhatsAppCloudChannel,
    WhatsAppCloudChannel,
    classify_whatsapp_error,
    window_open,
)

__all__ = [
    "EMAIL_POLICY",
    "TWILIO_BASE_URL",
    "WHATSAPP_API_VERSION",
    "WHATSAPP_BASE_URL",
    "AsyncChannel",
    "AsyncMemoryChannel",
    "AsyncTwilioSMSChannel",
    "AsyncWhatsAppCloudChannel",
    "Channel",
    "ChannelError",
    "ConsoleChannel",
    "MemoryChannel",
    "NotOnChannelError",
    "OptedOutError",
    "PermanentError",
    "RetryableError",
    "SMTPEmailChannel",
    "SendResult",
    "TwilioSMSChannel",
    "WhatsAppCloudChannel",
    "classify_smtp_reply",
    "classify_twilio_error",
    "classify_whatsapp_error",
    "window_open",
]
