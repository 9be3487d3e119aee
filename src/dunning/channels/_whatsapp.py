"""WhatsApp Business Cloud API (Meta Graph API): approved templates and in-window text.

``POST {base_url}/{api_version}/{phone_number_id}/messages`` with ``Authorization: Bearer``.
Outside the 24-hour customer-service window only an approved template may be sent; inside it
free-form text may. Failures are classified by Meta's ``error.code``, not by the HTTP status:
throttling (130429, 131056, 80007...) arrives as HTTP 400.

>>> import httpx
>>> def graph(request):
...     return httpx.Response(200, json={"messaging_product": "whatsapp",
...                                      "messages": [{"id": "wamid.1"}]})
>>> channel = WhatsAppCloudChannel(phone_number_id="1055", access_token="EAAG-secret",
...                                client=httpx.Client(transport=httpx.MockTransport(graph)))
>>> channel
WhatsAppCloudChannel(phone_number_id='1055', api_version='v25.0', url='https://graph.facebook.com/v25.0/1055/messages')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic

import httpx
from pydantic import SecretStr

from .._content import WhatsAppPayload
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
from .._timezones import ensure_aware
from ..events import ReplyReceived
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
    "WHATSAPP_API_VERSION",
    "WHATSAPP_BASE_URL",
    "AsyncWhatsAppCloudChannel",
    "WhatsAppCloudChannel",
    "classify_whatsapp_error",
    "window_open",
]

WHATSAPP_BASE_URL = "https://graph.facebook.com"
WHATSAPP_API_VERSION = "v25.0"
"""The Graph API version used by default. Each version lives about two years; re-check it
against Meta's changelog and pass ``api_version=`` to pin another."""

WINDOW = timedelta(hours=24)
TEXT_LIMIT = 4096

# Meta error codes worth retrying, with the provider's own backoff (seconds) where it has one.
_RETRYABLE: dict[int, float | None] = {
    1: None,  # API unknown: retry once, then treat as a bad request
    2: None,  # API service: temporary downtime or overload
    4: None,  # app-level API call rate limit
    80007: None,  # WABA rate limit
    130429: None,  # Cloud API throughput reached (HTTP 400)
    131000: None,  # something went wrong (HTTP 500)
    131016: None,  # service temporarily unavailable
    131049: 24 * 3600.0,  # per-user marketing limit: wait at least 24 hours
    131056: 6.0,  # pair rate: about one message per 6 s to the same user
    131057: 60.0,  # account in maintenance (throughput upgrade): about a minute
}
_OPTED_OUT = {131050}  # the user stopped marketing messages from this business
_NOT_ON_CHANNEL = {131026}  # undeliverable: not on WhatsApp, old client, blocked the business
_WINDOW_CLOSED = 131047  # re-engagement: free-form text outside the 24-hour window


def window_open(history: Iterable[object], debtor_id: str, at: datetime) -> bool:
    """True when ``debtor_id`` wrote on WhatsApp in the 24 hours before ``at``.

    Only the debtor's own messages open the window; the business's messages, templates included,
    never extend it. Meta may still refuse in-window text (131047); the channel then falls back
    to the approved template.

    >>> from datetime import UTC
    >>> reply = ReplyReceived(at=datetime(2026, 11, 20, 15, tzinfo=UTC), debtor_id="c-1",
    ...                       channel="whatsapp", text="¿Puedo pagar el viernes?")
    >>> window_open([reply], "c-1", datetime(2026, 11, 21, 14, tzinfo=UTC))
    True
    >>> window_open([reply], "c-1", datetime(2026, 11, 21, 15, tzinfo=UTC))
    False
    """
    ensure_aware(at, "at")
    last: datetime | None = None
    for event in history:
        if (
            isinstance(event, ReplyReceived)
            and event.debtor_id == debtor_id
            and event.channel == ChannelKind.WHATSAPP
            and event.at <= at
            and (last is None or event.at > last)
        ):
            last = event.at
    return last is not None and at - last < WINDOW


def classify_whatsapp_error(
    status_code: int,
    body: dict[str, Any] | None,
    *,
    message: Message,
    retry_after: float | None = None,
    redact: Redactor | None = None,
) -> ChannelError:
    """The channel error for a failed Graph API answer, decided by Meta's ``error.code``.

    ``retry_after`` (from a ``Retry-After`` header) wins over the code's documented backoff.

    >>> from dunning.channels._memory import sample_message
    >>> error = classify_whatsapp_error(
    ...     400, {"error": {"message": "(#130429) Rate limit hit", "code": 130429}},
    ...     message=sample_message("whatsapp"))
    >>> type(error).__name__, error.provider_code, error.status_code
    ('RetryableError', 130429, 400)
    """
    redact = redact or Redactor(())
    context: dict[str, Any] = {
        "channel": ChannelKind.WHATSAPP,
        "message_id": message.id,
        "debtor_id": message.debtor_id,
        "status_code": status_code,
    }
    error = body.get("error") if body else None
    if not isinstance(error, dict):
        return RetryableError(
            "malformed answer from the Graph API (no JSON error object)",
            retry_after=retry_after,
            may_have_sent=status_code >= 500,
            **context,
        )
    raw_code = error.get("code")
    code = raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else None
    text = str(error.get("message") or "error without a message")
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    if details and str(details) not in text:
        text = f"{text}: {details}"
    text = redact(text)
    context["provider_code"] = code
    if code in _OPTED_OUT:
        return OptedOutError(text, **context)
    if code in _NOT_ON_CHANNEL:
        return NotOnChannelError(text, **context)
    if code in _RETRYABLE:
        return RetryableError(
            text,
            retry_after=retry_after if retry_after is not None else _RETRYABLE[code],
            **context,
        )
    if code is None and (status_code >= 500 or error.get("is_transient") is True):
        return RetryableError(text, retry_after=retry_after, may_have_sent=True, **context)
    if code is None and status_code == 429:
        return RetryableError(text, retry_after=retry_after, **context)
    return PermanentError(text, **context)


@dataclass(frozen=True, slots=True)
class _Request:
    kind: str  # "template" or "text"
    payload: dict[str, Any]


class _WhatsAppCore(Generic[ClientT]):
    """Payloads and answers, shared by the sync and async channels."""

    def __init__(
        self,
        *,
        phone_number_id: str,
        access_token: str | SecretStr,
        client: ClientT,
        api_version: str = WHATSAPP_API_VERSION,
        base_url: str | None = None,
    ) -> None:
        if not phone_number_id:
            raise InputError("phone_number_id is required", field="phone_number_id")
        self._token = (
            access_token if isinstance(access_token, SecretStr) else SecretStr(access_token)
        )
        if not self._token.get_secret_value():
            raise InputError("access_token is required", field="access_token")
        self._client: ClientT = client
        self.phone_number_id = phone_number_id
        self.api_version = api_version
        self._url = endpoint(
            client, base_url, WHATSAPP_BASE_URL, f"{api_version}/{phone_number_id}/messages"
        )
        self._redact = Redactor([self._token])

    @property
    def kind(self) -> ChannelKind:
        """Always ``ChannelKind.WHATSAPP``."""
        return ChannelKind.WHATSAPP

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(phone_number_id={self.phone_number_id!r}, "
            f"api_version={self.api_version!r}, url={self._url!r})"
        )

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token.get_secret_value()}"}

    def _prepare(self, message: Message, window_open: bool) -> _Request:
        check_message(message, ChannelKind.WHATSAPP)
        assert message.content is not None  # checked above
        content = message.content
        if window_open and content.text:
            if len(content.text) > TEXT_LIMIT:
                raise self._refuse(message, f"text longer than {TEXT_LIMIT} characters")
            return _Request(
                "text",
                self._envelope(message, "text", {"body": content.text, "preview_url": False}),
            )
        if content.whatsapp is None:
            raise self._refuse(
                message,
                "no approved template: outside the 24-hour window WhatsApp only takes an "
                "approved template (add one to the content, or send on another channel)",
            )
        return self._template(message, content.whatsapp)

    def _template(self, message: Message, template: WhatsAppPayload) -> _Request:
        for n, value in enumerate(template.parameters, start=1):
            if not value.strip() or "\n" in value or "\t" in value:
                raise self._refuse(
                    message, f"template parameter {{{{{n}}}}} is empty or has a newline or tab"
                )
        body: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
        if template.parameters:
            body["components"] = [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": p} for p in template.parameters],
                }
            ]
        return _Request("template", self._envelope(message, "template", body))

    @staticmethod
    def _envelope(message: Message, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.to,
            "type": kind,
            kind: body,
            # Echoed back in status webhooks: ties a wamid to our message id for reconciliation.
            "biz_opaque_callback_data": message.id,
        }

    @staticmethod
    def _refuse(message: Message, why: str) -> PermanentError:
        error = PermanentError(
            why, channel=ChannelKind.WHATSAPP, message_id=message.id, debtor_id=message.debtor_id
        )
        log_failure(error)
        return error

    def _fallback(self, message: Message, sent: _Request, error: ChannelError) -> _Request | None:
        """The template to send when Meta refused in-window text as outside the window."""
        content = message.content
        if (
            sent.kind == "text"
            and error.provider_code == _WINDOW_CLOSED
            and content is not None
            and content.whatsapp is not None
        ):
            logger.info(
                "whatsapp: message %s: window closed (131047), sending the approved template",
                message.id,
            )
            return self._template(message, content.whatsapp)
        return None

    def _result(self, message: Message, sent: _Request, response: httpx.Response) -> SendResult:
        body = decode_json(response)
        status = response.status_code
        if 200 <= status < 300:
            messages = body.get("messages") if body else None
            first = messages[0] if isinstance(messages, list) and messages else None
            wamid = first.get("id") if isinstance(first, dict) else None
            if not isinstance(wamid, str) or not wamid:
                raise malformed_success(
                    "the Graph API (no messages[0].id)",
                    kind=ChannelKind.WHATSAPP,
                    message=message,
                    status=status,
                )
            assert isinstance(first, dict)
            result = SendResult(
                message_id=message.id,
                channel=ChannelKind.WHATSAPP,
                provider_id=wamid,
                status=str(first.get("message_status") or "accepted"),
                raw={"type": sent.kind, "response": self._redact.data(body)},
            )
            logger.info(
                "whatsapp: message %s %s as %s (%s)",
                message.id,
                result.status,
                wamid,
                sent.kind,
            )
            return result
        raise http_failure(
            response,
            body,
            provider="the Graph API",
            kind=ChannelKind.WHATSAPP,
            message=message,
            classify=classify_whatsapp_error,
            redact=self._redact,
        )

    def _network_error(self, exc: httpx.HTTPError, message: Message) -> ChannelError:
        error = network_error(exc, kind=ChannelKind.WHATSAPP, message=message, redact=self._redact)
        log_failure(error)
        return error


class WhatsAppCloudChannel(_WhatsAppCore[httpx.Client]):
    """Send messages through the WhatsApp Business Cloud API on an injected ``httpx.Client``.

    ``send(message)`` sends the content's approved template (``content.whatsapp``: name,
    language and positional body parameters). ``send(message, window_open=True)`` sends
    ``content.text`` as free-form text instead, for a debtor who wrote in the last 24 hours (see
    :func:`window_open`); if Meta answers that the window is closed (131047) the template is sent.
    Without a template and with the window closed it raises ``PermanentError`` before any HTTP
    call. ``message.id`` travels as ``biz_opaque_callback_data`` and comes back in status webhooks.

    The URL is ``base_url`` if given, else the client's own ``base_url``, else Meta's.

    >>> import httpx
    >>> from dunning.channels._memory import sample_message
    >>> seen = []
    >>> def graph(request):
    ...     seen.append(request)
    ...     return httpx.Response(200, json={"messages": [{"id": "wamid.HBgM",
    ...                                                     "message_status": "accepted"}]})
    >>> channel = WhatsAppCloudChannel(phone_number_id="1055", access_token="EAAG-secret",
    ...                                client=httpx.Client(transport=httpx.MockTransport(graph)))
    >>> result = channel.send(sample_message("whatsapp"))
    >>> result.provider_id, result.status
    ('wamid.HBgM', 'accepted')
    >>> str(seen[0].url)
    'https://graph.facebook.com/v25.0/1055/messages'
    """

    def send(self, message: Message, *, window_open: bool = False) -> SendResult:
        """Send ``message``: free text if ``window_open`` and there is text, else the template."""
        request = self._prepare(message, window_open)
        try:
            return self._post(message, request)
        except PermanentError as exc:
            fallback = self._fallback(message, request, exc)
            if fallback is None:
                raise
            return self._post(message, fallback)

    def _post(self, message: Message, request: _Request) -> SendResult:
        try:
            response = self._client.post(self._url, json=request.payload, headers=self._headers())
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from exc
        return self._result(message, request, response)


class AsyncWhatsAppCloudChannel(_WhatsAppCore[httpx.AsyncClient]):
    """The asyncio twin of :class:`WhatsAppCloudChannel`, on an ``httpx.AsyncClient``.

    >>> import asyncio, httpx
    >>> from dunning.channels._memory import sample_message
    >>> async def graph(request):
    ...     return httpx.Response(200, json={"messages": [{"id": "wamid.A"}]})
    >>> async def main():
    ...     async with httpx.AsyncClient(transport=httpx.MockTransport(graph)) as client:
    ...         channel = AsyncWhatsAppCloudChannel(phone_number_id="1055",
    ...                                             access_token="EAAG-secret", client=client)
    ...         return await channel.send(sample_message("whatsapp"))
    >>> asyncio.run(main()).provider_id
    'wamid.A'
    """

    async def send(self, message: Message, *, window_open: bool = False) -> SendResult:
        """Send ``message``: free text if ``window_open`` and there is text, else the template."""
        request = self._prepare(message, window_open)
        try:
            return await self._post(message, request)
        except PermanentError as exc:
            fallback = self._fallback(message, request, exc)
            if fallback is None:
                raise
            return await self._post(message, fallback)

    async def _post(self, message: Message, request: _Request) -> SendResult:
        try:
            response = await self._client.post(
                self._url, json=request.payload, headers=self._headers()
            )
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from exc
        return self._result(message, request, response)
