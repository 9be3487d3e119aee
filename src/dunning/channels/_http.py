"""What the HTTP adapters (WhatsApp, Twilio) share: URLs, JSON decoding, network errors."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Generator
from typing import Any, TypeVar

import httpx
from pydantic import SecretStr

from .._core._errors import ChannelError, PermanentError, RetryableError
from .._core._kinds import ChannelKind
from .._planning._plan import Message
from ._base import Redactor, logger, parse_retry_after


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
    "decode_json",
    "endpoint",
    "http_failure",
    "log_failure",
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
