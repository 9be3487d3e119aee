"""Twilio Programmable Messaging (SMS) over its REST API.

``POST {base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json``, form-encoded, with HTTP Basic
auth (account SID and auth token). Success is ``201 Created`` with a Message resource whose
``sid`` status callbacks refer to. Errors carry Twilio's ``code``: 21610 means the recipient
texted STOP (an opt-out, never retried); 429/20429 is always safe to retry; a 5xx may be retried,
but Twilio takes no idempotency key, so the message may already have gone out.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from pydantic import SecretStr

from .._core._errors import ChannelError, InputError
from .._core._kinds import ChannelKind
from .._planning._plan import Message
from ._base import Redactor, SendResult, check_message, hidden, logger
from ._error_table import TWILIO_ERRORS, integer_code
from ._http import BasicAuth, ClientT, HTTPChannel, decode_json, endpoint, error_context

__all__ = [
    "CALLBACK_PARAMETER",
    "TWILIO_BASE_URL",
    "AsyncTwilioSMSChannel",
    "TwilioSMSChannel",
    "classify_twilio_error",
]

TWILIO_BASE_URL = "https://api.twilio.com"
BODY_LIMIT = 1600
CALLBACK_PARAMETER = "dunning_message_id"


def classify_twilio_error(
    status_code: int,
    body: dict[str, Any] | None,
    *,
    message: Message,
    retry_after: float | None = None,
    redact: Redactor | None = None,
) -> ChannelError:
    """The channel error for a failed Twilio answer, decided by Twilio's ``code`` first (rows of
    :data:`~dunning.channels._error_table.TWILIO_ERRORS`), then by the HTTP status.

    >>> from dunning.channels._memory import sample_message
    >>> error = classify_twilio_error(
    ...     400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient"},
    ...     message=sample_message("sms"))
    >>> type(error).__name__, error.provider_code
    ('OptedOutError', 21610)
    >>> from datetime import datetime, timezone
    >>> from dunning.events import ConsentRevoked
    >>> at = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
    >>> ConsentRevoked.from_opt_out(error, at=at).channel
    <ChannelKind.SMS: 'sms'>
    """
    redact = redact or Redactor(())
    context = error_context(ChannelKind.SMS, message, status_code)
    if body is None:
        return TWILIO_ERRORS.malformed(
            "malformed answer from Twilio (not a JSON object)",
            retry_after=retry_after,
            context=context,
        )
    text = str(
        body.get("message") or body.get("detail") or body.get("title") or "error without a message"
    )
    return TWILIO_ERRORS.translate(
        redact(text),
        code=integer_code(body.get("code"), digits=True),
        retry_after=retry_after,
        context=context,
    )


def _with_message_id(url: str, message_id: str) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode({CALLBACK_PARAMETER: message_id})}"


class _TwilioCore(HTTPChannel[ClientT]):
    """Form fields and answers, shared by the sync and async channels."""

    _kind = ChannelKind.SMS
    _provider = "Twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str | SecretStr,
        client: ClientT,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        status_callback: str | Callable[[Message], str] | None = None,
        base_url: str | None = None,
    ) -> None:
        auth_token = self._token = hidden(auth_token)  # no plain text in this frame
        # What the repr shows, set first: error trackers repr a half-built ``self`` too.
        self.account_sid, self.from_number = account_sid, from_number
        self.messaging_service_sid = messaging_service_sid
        if not account_sid:
            raise InputError("account_sid is required", field="account_sid")
        if not self._token.get_secret_value():
            raise InputError("auth_token is required", field="auth_token")
        if not from_number and not messaging_service_sid:
            raise InputError(
                "give from_number or messaging_service_sid (or both, to pin a pool sender)",
                field="from_number",
            )
        self._client: ClientT = client
        self.account_sid = account_sid
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.status_callback = status_callback
        self._url = endpoint(
            client, base_url, TWILIO_BASE_URL, f"2010-04-01/Accounts/{account_sid}/Messages.json"
        )
        basic = f"{account_sid}:{self._token.get_secret_value()}".encode()
        # The token, and the Basic credential it travels in.
        self._guard(Redactor([self._token, base64.b64encode(basic).decode()]))
        del basic
        self._auth = BasicAuth(account_sid, self._token)

    def __repr__(self) -> str:
        sender = (
            f"from_number={self.from_number!r}"
            if self.from_number
            else f"messaging_service_sid={self.messaging_service_sid!r}"
        )
        return f"{type(self).__name__}(account_sid={self.account_sid!r}, {sender})"

    def _form(self, message: Message) -> dict[str, str]:
        check_message(message, ChannelKind.SMS)
        assert message.content is not None  # checked above
        text = message.content.text
        if not text.strip():
            raise self._refuse(message, "empty SMS body")
        if len(text) > BODY_LIMIT:
            raise self._refuse(message, f"SMS body longer than {BODY_LIMIT} characters")
        form = {"To": message.to, "Body": text}
        if self.from_number:
            form["From"] = self.from_number
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        if self.status_callback is not None:
            form["StatusCallback"] = (
                self.status_callback(message)
                if callable(self.status_callback)
                else _with_message_id(self.status_callback, message.id)
            )
        return form

    def _result(self, message: Message, response: httpx.Response) -> SendResult:
        # Redacted at once: a body that echoes the token must not sit in any frame's locals.
        body = self._redact.data(decode_json(response))
        status = response.status_code
        if 200 <= status < 300:
            sid = body.get("sid") if body else None
            if body is None or not isinstance(sid, str) or not sid:
                raise self._malformed_success("Twilio (no sid)", message, status)
            result = SendResult(
                message_id=message.id,
                channel=ChannelKind.SMS,
                provider_id=sid,
                status=str(body.get("status") or "queued"),
                raw=body,
            )
            logger.info("sms: message %s %s as %s", message.id, result.status, sid)
            return result
        raise self._failure(response, body, message, classify_twilio_error)


class TwilioSMSChannel(_TwilioCore[httpx.Client]):
    """Send SMS through Twilio's REST API on an injected ``httpx.Client``.

    Give ``from_number`` (a Twilio number or alphanumeric sender) or ``messaging_service_sid``
    (``MG...``: Twilio picks the sender), or both. ``status_callback`` is a URL to which this
    channel adds ``?dunning_message_id=<message id>`` (so a callback can be matched even if the
    sender crashed before recording Twilio's sid), or a function of the message returning the
    URL to use as is.

    >>> import httpx
    >>> from dunning.channels._memory import sample_message
    >>> def twilio(request):
    ...     return httpx.Response(201, json={"sid": "SM0123", "status": "queued"})
    >>> channel = TwilioSMSChannel(account_sid="AC123", auth_token="tw-secret",
    ...                            from_number="+15005550006",
    ...                            client=httpx.Client(transport=httpx.MockTransport(twilio)))
    >>> channel
    TwilioSMSChannel(account_sid='AC123', from_number='+15005550006')
    >>> result = channel.send(sample_message("sms"))
    >>> result.provider_id, result.status
    ('SM0123', 'queued')
    """

    def send(self, message: Message) -> SendResult:
        """Send ``message.content.text`` to ``message.to``."""
        response = self._post(message, data=self._form(message))
        return self._result(message, response)


class AsyncTwilioSMSChannel(_TwilioCore[httpx.AsyncClient]):
    """The asyncio twin of :class:`TwilioSMSChannel`, on an ``httpx.AsyncClient``."""

    async def send(self, message: Message) -> SendResult:
        """Send ``message.content.text`` to ``message.to``."""
        response = await self._apost(message, data=self._form(message))
        return self._result(message, response)
