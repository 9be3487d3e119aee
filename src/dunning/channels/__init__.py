"""Channel adapters: hand planned messages to WhatsApp, Twilio SMS and SMTP e-mail.

A channel is anything with a ``kind`` and ``send(message) -> SendResult`` (:class:`Channel`;
``await send(...)`` for :class:`AsyncChannel`). Adapters receive their ``httpx.Client`` (or
``AsyncClient``), so tests and users can inject a transport; they keep credentials out of reprs,
logs and exceptions; and they raise one error family:

* :class:`~dunning.RetryableError`: try again later (``retry_after``, ``may_have_sent``);
* :class:`~dunning.PermanentError`: do not retry on this channel and address, with two
  subclasses that mean something for the debtor: :class:`~dunning.OptedOutError` (record
  ``ConsentRevoked.from_opt_out(error, at=...)``) and :class:`~dunning.NotOnChannelError` (fall
  back to another channel).

Inbound webhooks are verified and parsed next to their adapters:
:func:`verify_whatsapp_signature` / :func:`parse_whatsapp_webhook` (or
:class:`WhatsAppWebhookHandler`) and :func:`verify_twilio_signature` /
:func:`parse_twilio_webhook` (or :class:`TwilioWebhookHandler`) give :class:`InboundMessage` and
:class:`DeliveryStatus` values, whose ``to_event(debtor_id)`` gives ``dunning.events``. They raise
:class:`~dunning.SignatureError` (answer 403) or :class:`~dunning.MalformedWebhookError` (400).

>>> from dunning.channels import MemoryChannel
>>> outbox = MemoryChannel("email")
>>> isinstance(outbox, Channel)
True
"""

from __future__ import annotations

from .._core._errors import (
    ChannelError,
    MalformedWebhookError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
    SignatureError,
    WebhookError,
)
from ._base import AsyncChannel, Channel, SendResult
from ._email import EMAIL_POLICY, SMTPEmailChannel, classify_smtp_reply
from ._inbound import DeliveryState, DeliveryStatus, Ignored, InboundMessage, latest_status
from ._memory import AsyncMemoryChannel, ConsoleChannel, MemoryChannel
from ._twilio_send import (
    TWILIO_BASE_URL,
    AsyncTwilioSMSChannel,
    TwilioSMSChannel,
    classify_twilio_error,
)
from ._twilio_webhook import (
    OPT_OUT_KEYWORDS,
    TwilioWebhookHandler,
    parse_twilio_webhook,
    twilio_signature_settings,
    verify_twilio_signature,
)
from ._whatsapp_send import (
    WHATSAPP_API_VERSION,
    WHATSAPP_BASE_URL,
    AsyncWhatsAppCloudChannel,
    WhatsAppCloudChannel,
    classify_whatsapp_error,
    window_open,
)
from ._whatsapp_webhook import (
    WhatsAppSystemMessage,
    WhatsAppWebhook,
    WhatsAppWebhookHandler,
    parse_whatsapp_webhook,
    verify_whatsapp_challenge,
    verify_whatsapp_signature,
)

__all__ = [
    "EMAIL_POLICY",
    "OPT_OUT_KEYWORDS",
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
    "DeliveryState",
    "DeliveryStatus",
    "Ignored",
    "InboundMessage",
    "MalformedWebhookError",
    "MemoryChannel",
    "NotOnChannelError",
    "OptedOutError",
    "PermanentError",
    "RetryableError",
    "SMTPEmailChannel",
    "SendResult",
    "SignatureError",
    "TwilioSMSChannel",
    "TwilioWebhookHandler",
    "WebhookError",
    "WhatsAppCloudChannel",
    "WhatsAppSystemMessage",
    "WhatsAppWebhook",
    "WhatsAppWebhookHandler",
    "classify_smtp_reply",
    "classify_twilio_error",
    "classify_whatsapp_error",
    "latest_status",
    "parse_twilio_webhook",
    "parse_whatsapp_webhook",
    "twilio_signature_settings",
    "verify_twilio_signature",
    "verify_whatsapp_challenge",
    "verify_whatsapp_signature",
    "window_open",
]


from .._core._public import publish as _publish

_publish(globals())
