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
from typing import Any, Generic
from urllib.parse import urlencode, urlsplit

import httpx
from pydantic import SecretStr

from .._errors import (
    ChannelError,
    InputError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from .._models import ChannelKind
from .._plan import Message
from ._base import Redactor, SendResult, check_message, logger
from ._http import (
    ClientT,
    decode_json,
    endpoint,
    http_failure,
    log_failure,
    malformed_success,
    network_error,
)

__all__ = [
    "TWILIO_BASE_URL",
    "AsyncTwilioSMSChannel",
    "TwilioSMSChannel",
    "classify_twilio_error",
]

TWILIO_BASE_URL = "https://api.twilio.com"
BODY_LIMIT = 1600
CALLBACK_PARAMETER = "dunning_message_id"

_OPTED_OUT = {21610}  # attempt to send to an unsubscribed recipient (replied STOP)
_NOT_ON_CHANNEL = {
    21612,  # the To number is not reachable by SMS (unroutable)
    21614,  # the To number is not SMS-capable (a landline)
}
_RATE_LIMITED = 20429  # too many concurrent requests: never processed, always safe to retry


def classify_twilio_error(
    status_code: int,
    body: dict[str, Any] | None,
    *,
    message: Message,
    retry_after: float | None = None,
    redact: Redactor | None = None,
) -> ChannelError:
    """The channel error for a failed Twilio answer, decided by Twilio's ``code`` first.

    >>> from dunning.channels._memory import sample_message
    >>> error = classify_twilio_error(
    ...     400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient"},
    ...     message=sample_message("sms"))
    >>> type(error).__name__, error.provider_code
    ('OptedOutError', 21610)
    >>> from datetime import datetime, timezone
    >>> error.to_event(datetime(2026, 11, 23, 12, tzinfo=timezone.utc)).channel
    <ChannelKind.SMS: 'sms'>
    """
    redact = redact or Redactor(())
    context: dict[str, Any] = {
        "channel": ChannelKind.SMS,
        "message_id": message.id,
        "debtor_id": message.debtor_id,
        "status_code": status_code,
    }
    if body is None:
        return RetryableError(
            "malformed answer from Twilio (not a JSON object)",
            retry_after=retry_after,
            may_have_sent=status_code >= 500,
            **context,
        )
    raw_code = body.get("code")
    code: int | None = None
    if isinstance(raw_code, int) and not isinstance(raw_code, bool):
        code = raw_code
    elif isinstance(raw_code, str) and raw_code.isdigit():
        code = int(raw_code)
    text = redact(
        str(
            body.get("message")
            or body.get("detail")
            or body.get("title")
            or "error without a message"
        )
    )
    context["provider_code"] = code
    if code in _OPTED_OUT:
        return OptedOutError(text, **context)
    if code in _NOT_ON_CHANNEL:
        return NotOnChannelError(text, **context)
    if status_code == 429 or code == _RATE_LIMITED:
        return RetryableError(text, retry_after=retry_after, **context)
    if status_code >= 500:
        return RetryableError(text, retry_after=retry_after, may_have_sent=True, **context)
    return PermanentError(text, **context)


def _with_message_id(url: str, message_id: str) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode({CALLBACK_PARAMETER: message_id})}"


class _TwilioCore(Generic[ClientT]):
    """Form fields and answers, shared by the sync and async channels."""

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
        if not account_sid:
            raise InputError("account_sid is required", field="account_sid")
        self._token = auth_token if isinstance(auth_token, SecretStr) else SecretStr(auth_token)
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
        self._redact = Redactor([self._token, base64.b64encode(basic).decode()])

    @property
    def kind(self) -> ChannelKind:
        """Always ``ChannelKind.SMS``."""
        return ChannelKind.SMS

    def __repr__(self) -> str:
        sender = (
            f"from_number={self.from_number!r}"
            if self.from_number
            else f"messaging_service_sid={self.messaging_service_sid!r}"
        )
        return f"{type(self).__name__}(account_sid={self.account_sid!r}, {sender})"

    def _auth(self) -> httpx.BasicAuth:
        return httpx.BasicAuth(self.account_sid, self._token.get_secret_value())

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

    @staticmethod
    def _refuse(message: Message, why: str) -> PermanentError:
        error = PermanentError(
            why, channel=ChannelKind.SMS, message_id=message.id, debtor_id=message.debtor_id
        )
        log_failure(error)
        return error

    def _result(self, message: Message, response: httpx.Response) -> SendResult:
        body = decode_json(response)
        status = response.status_code
        if 200 <= status < 300:
            sid = body.get("sid") if body else None
            if body is None or not isinstance(sid, str) or not sid:
                raise malformed_success(
                    "Twilio (no sid)", kind=ChannelKind.SMS, message=message, status=status
                )
            result = SendResult(
                message_id=message.id,
                channel=ChannelKind.SMS,
                provider_id=sid,
                status=str(body.get("status") or "queued"),
                raw=self._redact.data(body),
            )
            logger.info("sms: message %s %s as %s", message.id, result.status, sid)
            return result
        raise http_failure(
            response,
            body,
            provider="Twilio",
            kind=ChannelKind.SMS,
            message=message,
            classify=classify_twilio_error,
            redact=self._redact,
        )

    def _network_error(self, exc: httpx.HTTPError, message: Message) -> ChannelError:
        error = network_error(exc, kind=ChannelKind.SMS, message=message, redact=self._redact)
        log_failure(error)
        return error


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
        form = self._form(message)
        try:
            response = self._client.post(self._url, data=form, auth=self._auth())
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from exc
        return self._result(message, response)


class AsyncTwilioSMSChannel(_TwilioCore[httpx.AsyncClient]):
    """The asyncio twin of :class:`TwilioSMSChannel`, on an ``httpx.AsyncClient``."""

    async def send(self, message: Message) -> SendResult:
        """Send ``message.content.text`` to ``message.to``."""
        form = self._form(message)
        try:
            response = await self._client.post(self._url, data=form, auth=self._auth())
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from exc
        return self._result(message, response)
