"""The HTTP base of the WhatsApp and Twilio channels: credentials on the request, the URL, the
client call, and how an answer or a network failure becomes a channel error (the provider's
codes are read from one table, :mod:`~dunning.channels._error_table`)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Generator
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from pydantic import SecretStr

from .._core._errors import ChannelError, PermanentError, RetryableError
from .._core._kinds import ChannelKind
from .._planning._plan import Message
from ._base import Redactor, detached, log_failure, parse_retry_after, redact_logs, refuse


class BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>``, written onto the request as it leaves.

    The header is built here rather than passed as ``headers={...}``: a plain dict of headers
    is an argument (a local variable) of every frame down httpx's call stack, and error trackers
    print those locals. This object holds the token by reference in a ``SecretStr``, so its repr
    and the frames that hold it show no credential.

    >>> import httpx
    >>> request = httpx.Request("POST", "https://graph.example/v1/messages")
    >>> auth = BearerAuth(SecretStr("tok"))
    >>> next(auth.auth_flow(request)).headers["Authorization"], repr(auth)
    ('Bearer tok', 'BearerAuth(**********)')
    """

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    def __repr__(self) -> str:
        return f"{type(self).__name__}(**********)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer " + self._token.get_secret_value()
        yield request


class BasicAuth(httpx.Auth):
    """HTTP Basic with the password held by reference in a ``SecretStr`` (see
    :class:`BearerAuth`): unlike ``httpx.BasicAuth``, nothing is computed before the request
    is sent and no attribute holds the encoded credential.

    >>> import httpx
    >>> request = httpx.Request("POST", "https://api.example/Messages.json")
    >>> next(BasicAuth("AC1", SecretStr("pw")).auth_flow(request)).headers["Authorization"]
    'Basic QUMxOnB3'
    """

    def __init__(self, username: str, password: SecretStr) -> None:
        self.username = username
        self._password = password

    def __repr__(self) -> str:
        return f"{type(self).__name__}(username={self.username!r}, password=**********)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Basic " + base64.b64encode(
            f"{self.username}:{self._password.get_secret_value()}".encode()
        ).decode("ascii")
        yield request


__all__ = [
    "BasicAuth",
    "BearerAuth",
    "ClientT",
    "HTTPChannel",
    "decode_json",
    "endpoint",
    "error_context",
    "http_failure",
    "malformed_success",
    "network_error",
]

ClientT = TypeVar("ClientT", httpx.Client, httpx.AsyncClient)
"""The HTTP client an adapter runs on: sync channels take a ``Client``, async ones an
``AsyncClient``."""


def endpoint(
    client: httpx.Client | httpx.AsyncClient, base_url: str | None, default: str, path: str
) -> str:
    """The URL to post to: ``base_url`` if given, else the client's own ``base_url`` (a local
    fake, a proxy), else the provider's public ``default``."""
    if base_url is None and str(client.base_url):
        return path.lstrip("/")  # resolved against the client's base_url, keeping its path
    return (base_url or default).rstrip("/") + "/" + path.lstrip("/")


def decode_json(response: httpx.Response) -> dict[str, Any] | None:
    """The response body as a JSON object, or ``None`` when it is not one."""
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# Failures that happen before the request could reach the provider: never delivered.
_BEFORE_SENDING = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def network_error(
    exc: httpx.HTTPError, *, kind: ChannelKind, message: Message, redact: Redactor
) -> ChannelError:
    """Translate an httpx failure (no HTTP answer) into the channel error family.

    Connection failures are retryable and nothing was sent. Timeouts and dropped connections
    after the request left are retryable too, but the provider may have taken the message
    (``may_have_sent``). A URL scheme httpx cannot speak is a configuration error.
    """
    name = type(exc).__name__
    if isinstance(exc, httpx.UnsupportedProtocol):
        return PermanentError(
            f"cannot reach the provider ({name}: {redact(str(exc))})",
            channel=kind,
            message_id=message.id,
            debtor_id=message.debtor_id,
        )
    before = isinstance(exc, _BEFORE_SENDING)
    what = "could not connect" if before else "no answer (the provider may have taken it)"
    detail = redact(str(exc))
    return RetryableError(
        f"network error, {what}: {name}" + (f": {detail}" if detail else ""),
        may_have_sent=not before,
        channel=kind,
        message_id=message.id,
        debtor_id=message.debtor_id,
    )


def malformed_success(
    what: str, *, kind: ChannelKind, message: Message, status: int
) -> RetryableError:
    """A 2xx answer we cannot read: retryable, but the provider may have taken the message."""
    error = RetryableError(
        f"malformed success answer from {what}: the message may have been accepted",
        may_have_sent=True,
        channel=kind,
        message_id=message.id,
        debtor_id=message.debtor_id,
        status_code=status,
    )
    log_failure(error)
    return error


Classifier = Callable[..., ChannelError]


def error_context(kind: ChannelKind, message: Message, status_code: int) -> dict[str, Any]:
    """The fields every classified error of a failed send carries."""
    return {
        "channel": kind,
        "message_id": message.id,
        "debtor_id": message.debtor_id,
        "status_code": status_code,
    }


def http_failure(
    response: httpx.Response,
    body: dict[str, Any] | None,
    *,
    provider: str,
    kind: ChannelKind,
    message: Message,
    classify: Classifier,
    redact: Redactor,
) -> ChannelError:
    """The error for a non-2xx answer: an unexpected 1xx/3xx is permanent; 4xx and 5xx go to the
    provider's ``classify`` (which decides by the provider's code, honouring ``Retry-After``)."""
    status = response.status_code
    if status < 400:
        error: ChannelError = PermanentError(
            f"unexpected HTTP status {status} from {provider}",
            channel=kind,
            message_id=message.id,
            debtor_id=message.debtor_id,
            status_code=status,
        )
    else:
        error = classify(
            status,
            body,
            message=message,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            redact=redact,
        )
    log_failure(error)
    return error


class HTTPChannel(Generic[ClientT]):
    """What the sync and async channels of every HTTP provider share: the injected client, the
    URL and credentials of the provider call, the redactor, and the translation of failures.

    A provider's core sets ``_kind`` and ``_provider`` (its name in error messages) and, in its
    ``__init__``, ``_client``, ``_url``, ``_auth`` and (through :meth:`_guard`) ``_redact``; its
    sync channel posts with :meth:`_post`, its async one with :meth:`_apost`.
    """

    _kind: ClassVar[ChannelKind]
    _provider: ClassVar[str]
    _client: ClientT
    _url: str
    _auth: httpx.Auth
    _redact: Redactor

    @property
    def kind(self) -> ChannelKind:
        """The channel this adapter sends on (``ChannelKind.WHATSAPP``, ``ChannelKind.SMS``)."""
        return self._kind

    def _guard(self, redactor: Redactor) -> None:
        """Keep the credentials in ``redactor`` out of errors, results and the HTTP logs."""
        self._redact = redactor
        redact_logs(redactor)

    def _refuse(self, message: Message, why: str) -> PermanentError:
        return refuse(self._kind, message, why)

    def _network_error(self, exc: httpx.HTTPError, message: Message) -> ChannelError:
        error = network_error(exc, kind=self._kind, message=message, redact=self._redact)
        log_failure(error)
        return error

    def _malformed_success(self, what: str, message: Message, status: int) -> RetryableError:
        return malformed_success(what, kind=self._kind, message=message, status=status)

    def _failure(
        self,
        response: httpx.Response,
        body: dict[str, Any] | None,
        message: Message,
        classify: Classifier,
    ) -> ChannelError:
        return http_failure(
            response,
            body,
            provider=self._provider,
            kind=self._kind,
            message=message,
            classify=classify,
            redact=self._redact,
        )

    def _post(self: HTTPChannel[httpx.Client], message: Message, **request: Any) -> httpx.Response:
        """POST to the provider; a transport failure becomes the channel error (logged)."""
        try:
            return self._client.post(self._url, auth=self._auth, **request)
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from detached(exc)

    async def _apost(
        self: HTTPChannel[httpx.AsyncClient], message: Message, **request: Any
    ) -> httpx.Response:
        """The asyncio twin of :meth:`_post`."""
        try:
            return await self._client.post(self._url, auth=self._auth, **request)
        except httpx.TransportError as exc:
            raise self._network_error(exc, message) from detached(exc)
