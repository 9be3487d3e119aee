"""What the WhatsApp and Twilio webhook parsers share: signatures and secrets, headers, phone
numbers and times, and typed access to parsed JSON that names the path of whatever is wrong."""

from __future__ import annotations

import base64
import hmac
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from pydantic import SecretStr

from .._core._errors import InputError, MalformedWebhookError
from ._base import hidden
from ._inbound import DeliveryStatus, InboundMessage, Provider

__all__ = [
    "Headers",
    "ShapeError",
    "as_id",
    "as_int",
    "as_list",
    "as_object",
    "as_str",
    "build",
    "e164",
    "header_text",
    "header_value",
    "hidden",
    "json_kind",
    "load_json",
    "opt",
    "query_value",
    "req",
    "same_secret",
    "same_text",
    "secret_str",
    "signed",
    "utc_from_unix",
]

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
        key_text = header_text(key)
        if key_text is not None and key_text.lower() == wanted:
            return header_text(value)
    return None


def secret_str(value: str | SecretStr, field: str) -> SecretStr:
    """``value`` as a non-empty ``SecretStr``, else an :class:`~dunning.InputError`."""
    secret = hidden(value)
    if not isinstance(secret.get_secret_value(), str) or not secret.get_secret_value():
        raise InputError(f"{field} is required", field=field)
    return secret


def query_value(params: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    """The one value of ``name`` in a parsed query string (a ``str``, or a list of one, as
    ``parse_qs`` gives it); ``None`` when missing or repeated."""
    value = params.get(name)
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and len(value) == 1 and isinstance(value[0], str):
        return value[0]
    return None


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
    """A header name or value as text: ``str`` as is, ``bytes`` (ASGI) read as Latin-1 (HTTP
    header bytes are opaque octets), anything else ``None`` (no usable header)."""
    if isinstance(header, str):
        return header
    if isinstance(header, bytes | bytearray | memoryview):
        return bytes(header).decode("latin-1")
    return None


def signed(
    key: SecretStr,
    message: bytes,
    digest: Callable[..., Any],
    received: str,
    *,
    encoding: Literal["hex", "base64"],
) -> bool:
    """Whether ``received`` is the HMAC of ``message`` under ``key`` with ``digest``, written in
    ``encoding`` (Meta: hex SHA-256; Twilio: base64 SHA-1 or SHA-256), compared in constant time.
    The key's plain text and the expected signature live only in this frame, gone before any
    caller raises, so no traceback shows them.

    >>> import hashlib
    >>> signed(SecretStr("secret"), b"test", hashlib.sha256,
    ...        "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914", encoding="hex")
    True
    """
    mac = hmac.new(key.get_secret_value().encode("utf-8", "surrogatepass"), message, digest)
    expected = mac.hexdigest() if encoding == "hex" else base64.b64encode(mac.digest()).decode()
    return same_text(received, expected)


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
