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
from datetime import datetime
from typing import Any

import httpx
from pydantic import SecretStr

from .._core._content import WhatsAppPayload
from .._core._errors import ChannelError, InputError, PermanentError
from .._core._kinds import ChannelKind
from .._core._timezones import ensure_aware
from .._core._window import in_window
from .._planning._plan import Message
from ..events import ReplyReceived
from ._base import Redactor, SendResult, check_message, hidden, logger
from ._error_table import WHATSAPP_ERRORS, WINDOW_CLOSED, integer_code
from ._http import BearerAuth, ClientT, HTTPChannel, decode_json, endpoint, error_context

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

TEXT_LIMIT = 4096


def window_open(history: Iterable[object], debtor_id: str, *, as_of: datetime) -> bool:
    """True when ``debtor_id`` wrote on WhatsApp in the 24 hours before ``as_of``.

    Only the debtor's own messages open the window; the business's messages, templates included,
    never extend it. Meta may still refuse in-window text (131047); the channel then falls back
    to the approved template.

    >>> from datetime import UTC
    >>> reply = ReplyReceived(at=datetime(2026, 11, 20, 15, tzinfo=UTC), debtor_id="c-1",
    ...                       channel="whatsapp", text="¿Puedo pagar el viernes?")
    >>> window_open([reply], "c-1", as_of=datetime(2026, 11, 21, 14, tzinfo=UTC))
    True
    >>> window_open([reply], "c-1", as_of=datetime(2026, 11, 21, 15, tzinfo=UTC))
    False
    """
    ensure_aware(as_of, "as_of")
    last: datetime | None = None
    for event in history:
        if (
            isinstance(event, ReplyReceived)
            and event.debtor_id == debtor_id
            and event.channel == ChannelKind.WHATSAPP
            and event.at <= as_of
            and (last is None or event.at > last)
        ):
            last = event.at
    return in_window(last, as_of=as_of)


def classify_whatsapp_error(
    status_code: int,
    body: dict[str, Any] | None,
    *,
    message: Message,
    retry_after: float | None = None,
    redact: Redactor | None = None,
) -> ChannelError:
    """The channel error for a failed Graph API answer, decided by Meta's ``error.code``
    (rows of :data:`~dunning.channels._error_table.WHATSAPP_ERRORS`); the HTTP status and
    ``is_transient`` only when there is no code.

    ``retry_after`` (from a ``Retry-After`` header) wins over the code's documented backoff.

    >>> from dunning.channels._memory import sample_message
    >>> error = classify_whatsapp_error(
    ...     400, {"error": {"message": "(#130429) Rate limit hit", "code": 130429}},
    ...     message=sample_message("whatsapp"))
    >>> type(error).__name__, error.provider_code, error.status_code
    ('RetryableError', 130429, 400)
    """
    redact = redact or Redactor(())
    context = error_context(ChannelKind.WHATSAPP, message, status_code)
    error = body.get("error") if body else None
    if not isinstance(error, dict):
        return WHATSAPP_ERRORS.malformed(
            "malformed answer from the Graph API (no JSON error object)",
            retry_after=retry_after,
            context=context,
        )
    text = str(error.get("message") or "error without a message")
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, dict) else None
    if details and str(details) not in text:
        text = f"{text}: {details}"
    return WHATSAPP_ERRORS.translate(
        redact(text),
        code=integer_code(error.get("code")),
        retry_after=retry_after,
        context=context,
        transient=error.get("is_transient") is True,
    )


@dataclass(frozen=True, slots=True)
class _Request:
    kind: str  # "template" or "text"
    payload: dict[str, Any]


class _WhatsAppCore(HTTPChannel[ClientT]):
    """Payloads and answers, shared by the sync and async channels."""

    _kind = ChannelKind.WHATSAPP
    _provider = "the Graph API"

    def __init__(
        self,
        *,
        phone_number_id: str,
        access_token: str | SecretStr,
        client: ClientT,
        api_version: str = WHATSAPP_API_VERSION,
        base_url: str | None = None,
    ) -> None:
        access_token = self._token = hidden(access_token)  # no plain text in this frame
        # What the repr shows, set first: error trackers repr a half-built ``self`` too.
        self.phone_number_id, self.api_version, self._url = phone_number_id, api_version, ""
        if not phone_number_id:
            raise InputError("phone_number_id is required", field="phone_number_id")
        if not self._token.get_secret_value():
            raise InputError("access_token is required", field="access_token")
        self._client: ClientT = client
        self.phone_number_id = phone_number_id
        self.api_version = api_version
        self._url = endpoint(
            client, base_url, WHATSAPP_BASE_URL, f"{api_version}/{phone_number_id}/messages"
        )
        self._guard(Redactor([self._token]))
        self._auth = BearerAuth(self._token)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(phone_number_id={self.phone_number_id!r}, "
            f"api_version={self.api_version!r}, url={self._url!r})"
        )

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

    def _fallback(self, message: Message, sent: _Request, error: ChannelError) -> _Request | None:
        """The template to send when Meta refused in-window text as outside the window."""
        content = message.content
        if (
            sent.kind == "text"
            and error.provider_code == WINDOW_CLOSED
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
        # Redacted at once: a body that echoes the token must not sit in any frame's locals.
        body = self._redact.data(decode_json(response))
        status = response.status_code
        if 200 <= status < 300:
            messages = body.get("messages") if body else None
            first = messages[0] if isinstance(messages, list) and messages else None
            wamid = first.get("id") if isinstance(first, dict) else None
            if not isinstance(wamid, str) or not wamid:
                raise self._malformed_success("the Graph API (no messages[0].id)", message, status)
            assert isinstance(first, dict)
            result = SendResult(
                message_id=message.id,
                channel=ChannelKind.WHATSAPP,
                provider_id=wamid,
                status=str(first.get("message_status") or "accepted"),
                raw={"type": sent.kind, "response": body},
            )
            logger.info(
                "whatsapp: message %s %s as %s (%s)",
                message.id,
                result.status,
                wamid,
                sent.kind,
            )
            return result
        raise self._failure(response, body, message, classify_whatsapp_error)


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
            return self._send(message, request)
        except PermanentError as exc:
            fallback = self._fallback(message, request, exc)
            if fallback is None:
                raise
            return self._send(message, fallback)

    def _send(self, message: Message, request: _Request) -> SendResult:
        response = self._post(message, json=request.payload)
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
            return await self._send(message, request)
        except PermanentError as exc:
            fallback = self._fallback(message, request, exc)
            if fallback is None:
                raise
            return await self._send(message, fallback)

    async def _send(self, message: Message, request: _Request) -> SendResult:
        response = await self._apost(message, json=request.payload)
        return self._result(message, request, response)
