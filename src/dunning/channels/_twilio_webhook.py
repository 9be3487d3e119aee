"""Twilio messaging webhooks: the signature and the parser of incoming messages and statuses.

Twilio POSTs form-encoded parameters: an incoming message (``MessageSid``, ``From``, ``To``,
``Body``...) or a status callback (``MessageSid``, ``MessageStatus``, ``ErrorCode``...), signed by
``X-Twilio-Signature``: base64(HMAC(key, full URL + name + value for each parameter, sorted)).
The key is the auth token and the hash SHA-1, unless a Webhook Setting signs with a SharedKey:
then the request carries ``X-Twilio-Webhooks-Signature-Settings: key=<SharedKey
id>,algorithm=HMAC_SHA256``, the key is that SharedKey's secret and only the hash changes
(twilio 9.x ``request_validator``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from pydantic import SecretStr

from .._core._errors import InputError, MalformedWebhookError, SignatureError
from .._core._kinds import ChannelKind
from .._core._timezones import ensure_aware
from ._inbound import DeliveryState, DeliveryStatus, InboundMessage, Provider
from ._twilio_send import CALLBACK_PARAMETER
from ._webhook import (
    Headers,
    build,
    e164,
    header_text,
    header_value,
    hidden,
    json_kind,
    same_text,
    secret_str,
    signed,
)

__all__ = [
    "MAX_FORM_BYTES",
    "MAX_FORM_FIELDS",
    "OPT_OUT_KEYWORDS",
    "TwilioWebhookHandler",
    "parse_twilio_webhook",
    "twilio_signature_settings",
    "verify_twilio_signature",
]

SIGNATURE_HEADER = "X-Twilio-Signature"
SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"
MAX_FORM_BYTES = 64 * 1024
"""The largest form body read (Twilio's are a few KB: 1,600 characters of text at most, each at
most 12 bytes percent-encoded, and a few dozen fields)."""
MAX_FORM_FIELDS = 256
"""The most fields a form may have (an MMS with ten media URLs has about 50)."""
OPT_OUT_KEYWORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
"""Bare keywords with which Twilio opts a number out on its own (long codes, English)."""

_PROVIDER: Provider = "twilio"
_INBOUND_STATES = {"received", "receiving"}
_ALGORITHMS: dict[str, Callable[..., Any]] = {
    "HMAC_SHA1": hashlib.sha1,
    "HMAC_SHA256": hashlib.sha256,
}
_Form = Mapping[str, str | Sequence[str]]
_Pairs = list[tuple[bytes, bytes]]


def twilio_signature_settings(header: str | None) -> tuple[str | None, str]:
    """``(SharedKey id, algorithm)`` from ``X-Twilio-Webhooks-Signature-Settings``; a missing
    or empty header means the auth token and ``HMAC_SHA1``.

    >>> twilio_signature_settings("key=webhooks_sharedkey_01,algorithm=HMAC_SHA256")
    ('webhooks_sharedkey_01', 'HMAC_SHA256')
    >>> twilio_signature_settings(None)
    (None, 'HMAC_SHA1')
    """
    key: str | None = None
    algorithm = "HMAC_SHA1"
    for part in (header or "").split(","):
        name, separator, value = part.partition("=")
        if not separator or not value.strip():
            continue
        if name.strip().lower() == "key":
            key = value.strip()
        elif name.strip().lower() == "algorithm":
            algorithm = value.strip().upper()
    return key, algorithm


def verify_twilio_signature(
    url: str,
    params: _Form | bytes | str,
    header: str | bytes | None,
    *,
    auth_token: str | SecretStr,
    algorithm: str = "HMAC_SHA1",
    max_bytes: int = MAX_FORM_BYTES,
    max_fields: int = MAX_FORM_FIELDS,
) -> None:
    """Check ``X-Twilio-Signature`` for a request to ``url`` with form ``params``.

    ``url`` is the full URL exactly as Twilio requested it (scheme, host, path, query: behind a
    proxy, rebuild the public one). ``params`` are the POSTed form fields (a mapping whose values
    may be lists), or the raw form-encoded body. The URL is tried as given, without its port and
    with the scheme's default port, because Twilio is not consistent about ports. When the URL
    carries ``bodySHA256`` (JSON webhooks), pass the raw body as ``params``: the signature then
    covers the URL alone and the body must hash to that value. Comparisons take constant time;
    a missing or wrong signature raises :class:`~dunning.SignatureError`.

    ``auth_token`` is the key: the account's auth token, or the SharedKey's secret with
    ``algorithm="HMAC_SHA256"`` when the request carries ``X-Twilio-Webhooks-Signature-Settings``
    (see :func:`twilio_signature_settings`; :class:`TwilioWebhookHandler` chooses for you).

    Nothing is decoded before the signature matches: a body over ``max_bytes`` or with more
    than ``max_fields`` fields is refused before it is parsed
    (:class:`~dunning.MalformedWebhookError`), the signature is computed over the raw bytes of
    names and values, and a body that is not UTF-8 simply does not match (403, not 400).

    >>> verify_twilio_signature(
    ...     "https://mycompany.com/myapp.php?foo=1&bar=2",
    ...     {"CallSid": "CA1234567890ABCDE", "Caller": "+14158675309", "Digits": "1234",
    ...      "From": "+14158675309", "To": "+18005551212"},
    ...     "RSOYDt4T1cUTdK1PDd93/VVr8B8=", auth_token="12345")
    >>> verify_twilio_signature("https://mycompany.com/myapp.php?foo=1&bar=2", {}, "bad",
    ...                         auth_token="12345")
    Traceback (most recent call last):
    ...
    dunning.SignatureError: twilio webhook: X-Twilio-Signature does not match
    """
    auth_token = hidden(auth_token)  # by reference: no plain text in this frame
    key = secret_str(auth_token, "auth_token")
    if not isinstance(url, str):
        raise InputError("url must be the full URL Twilio requested, as a str", field="url")
    header = header_text(header)
    digest = _ALGORITHMS.get(algorithm.strip().upper() if isinstance(algorithm, str) else "")
    if digest is None:
        raise SignatureError(
            f"unsupported signature algorithm {str(algorithm)[:40]!r}", provider=_PROVIDER
        )
    if header is None or not header.strip():
        raise SignatureError(f"no {SIGNATURE_HEADER} header", provider=_PROVIDER)
    body_hash = _query(url).get("bodySHA256")
    if body_hash and isinstance(params, bytes | bytearray | memoryview | str):
        raw = _raw(params, max_bytes)
        if not same_text(hashlib.sha256(raw).hexdigest(), body_hash[0]):
            raise SignatureError("the body does not match bodySHA256", provider=_PROVIDER)
        pairs: _Pairs = []
    else:
        pairs = _pairs(params, max_bytes, max_fields)
    _check(url, pairs, header.strip(), key, digest)


def _check(
    url: str, pairs: _Pairs, header: str, key: SecretStr, digest: Callable[..., Any]
) -> None:
    values: dict[bytes, set[bytes]] = {}
    for name, value in pairs:
        values.setdefault(name, set()).add(value)
    payload = b"".join(name + value for name in sorted(values) for value in sorted(values[name]))
    matched = False
    for candidate in _url_variants(url):
        message = candidate.encode("utf-8", "surrogatepass") + payload
        # No early exit: the same work either way.
        matched |= signed(key, message, digest, header, encoding="base64")
    if not matched:
        raise SignatureError(f"{SIGNATURE_HEADER} does not match", provider=_PROVIDER)


def parse_twilio_webhook(
    params: _Form | bytes | str,
    *,
    at: datetime,
    url: str | None = None,
    max_bytes: int = MAX_FORM_BYTES,
    max_fields: int = MAX_FORM_FIELDS,
) -> InboundMessage | DeliveryStatus:
    """Parse a Twilio messaging webhook (verify its signature first).

    An incoming message (``From``, ``To``, ``Body``, ``MessageSid``) gives an
    :class:`InboundMessage`; a status callback (``MessageStatus``) gives a
    :class:`DeliveryStatus` whose ``message_id`` is the ``dunning_message_id`` query parameter of
    ``url`` (the ``StatusCallback`` the SMS channel set), or ``None``. Twilio sends no timestamp,
    so ``at`` (aware) is the time you received the request. ``whatsapp:`` addresses
    give the WhatsApp channel. A bare opt-out keyword (``STOP``, ``UNSUBSCRIBE``... see
    ``OPT_OUT_KEYWORDS``) or ``OptOutType=STOP`` sets ``opt_out``; a status callback with
    ``ErrorCode=21610`` (the recipient had texted STOP) sets ``DeliveryStatus.opt_out``. A body
    over ``max_bytes`` or ``max_fields`` is refused before it is parsed; one that does not parse
    or lacks a field raises :class:`~dunning.MalformedWebhookError` naming the field.

    >>> from datetime import UTC, datetime
    >>> now = datetime(2026, 11, 20, 15, tzinfo=UTC)
    >>> reply = parse_twilio_webhook(
    ...     b"MessageSid=SM1&From=%2B5215512345678&To=%2B15005550006&Body=stop+&SmsStatus=received",
    ...     at=now)
    >>> reply.from_, reply.text, reply.opt_out
    ('+5215512345678', 'stop ', True)
    >>> status = parse_twilio_webhook(
    ...     {"MessageSid": "SM2", "MessageStatus": "undelivered", "ErrorCode": "30003",
    ...      "To": "+5215512345678"},
    ...     url="https://example.com/twilio?dunning_message_id=m-7", at=now)
    >>> status.message_id, status.status, status.to_event("c-1").error
    ('m-7', <DeliveryState.UNDELIVERED: 'undelivered'>, '30003')
    """
    if not isinstance(at, datetime):
        raise InputError("at must be an aware datetime", field="at")
    at = ensure_aware(at, "at").astimezone(UTC)
    form = _read_form(params, max_bytes, max_fields)
    word = _field(form, "MessageStatus") or _field(form, "SmsStatus")
    if word is not None and word.strip().lower() not in _INBOUND_STATES:
        return _read_status(form, word, at, url)
    return _read_inbound(form, at)


class TwilioWebhookHandler:
    """Twilio's webhook endpoint in one object, for any web framework.

    ``handle_post(url, raw_body, headers, at=...)`` verifies ``X-Twilio-Signature``
    and returns the parsed :class:`InboundMessage` or :class:`DeliveryStatus`
    (``SignatureError``: answer 403; ``MalformedWebhookError``: 400).

    ``auth_token`` checks requests signed the classic way (HMAC-SHA1); ``shared_keys`` maps
    SharedKey ids to their secrets, for requests a Webhook Setting signs with a SharedKey
    (``X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=HMAC_SHA256``). Give either or
    both (both while you move to SharedKeys, several keys while you rotate them). A request is
    checked only with the key it says it was signed with: a SharedKey request is refused if
    that id is not configured, a classic one if there is no ``auth_token``.

    >>> from datetime import UTC, datetime
    >>> handler = TwilioWebhookHandler(auth_token="12345")
    >>> handler
    TwilioWebhookHandler(auth_token=**********, shared_keys=[])
    >>> body = (b"CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234"
    ...         b"&From=%2B14158675309&To=%2B18005551212")
    >>> handler.handle_post("https://mycompany.com/myapp.php?foo=1&bar=2", body,
    ...                     {"X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="},
    ...                     at=datetime(2026, 11, 20, tzinfo=UTC)).from_
    Traceback (most recent call last):
    ...
    dunning.MalformedWebhookError: twilio webhook: MessageSid: missing
    """

    def __init__(
        self,
        *,
        auth_token: str | SecretStr | None = None,
        shared_keys: Mapping[str, str | SecretStr] | None = None,
        max_bytes: int = MAX_FORM_BYTES,
        max_fields: int = MAX_FORM_FIELDS,
    ) -> None:
        auth_token = None if auth_token is None else hidden(auth_token)
        shared_keys = {str(k): hidden(v) for k, v in (shared_keys or {}).items()}
        self._token, self._shared = None, {}  # for the repr of a half-built handler
        self._token = None if auth_token is None else secret_str(auth_token, "auth_token")
        self._shared = {
            key_id: secret_str(secret, f"shared_keys[{key_id!r}]")
            for key_id, secret in shared_keys.items()
        }
        if self._token is None and not self._shared:
            raise InputError("give auth_token or shared_keys", field="auth_token")
        self.max_bytes = max_bytes
        self.max_fields = max_fields

    def __repr__(self) -> str:
        token = "**********" if self._token is not None else None
        return f"{type(self).__name__}(auth_token={token}, shared_keys={sorted(self._shared)!r})"

    def handle_post(
        self, url: str, body: bytes, headers: Headers, *, at: datetime
    ) -> InboundMessage | DeliveryStatus:
        """Verify the signature of ``body`` (raw bytes) POSTed to ``url``, then parse it.

        ``headers`` may be a mapping of ``str`` or ``bytes``, or ASGI's list of byte pairs."""
        settings = header_value(headers, SETTINGS_HEADER)
        key_id, algorithm = twilio_signature_settings(settings)
        if settings is not None and settings.strip():
            key = self._shared.get(key_id or "")
            if key is None:
                raise SignatureError(
                    "signed with a SharedKey that is not configured", provider=_PROVIDER
                )
        elif self._token is None:
            raise SignatureError(
                "signed with the auth token, but only SharedKeys are configured",
                provider=_PROVIDER,
            )
        else:
            key = self._token
        verify_twilio_signature(
            url,
            body,
            header_value(headers, SIGNATURE_HEADER),
            auth_token=key,
            algorithm=algorithm,
            max_bytes=self.max_bytes,
            max_fields=self.max_fields,
        )
        return parse_twilio_webhook(
            body,
            url=url,
            at=at,
            max_bytes=self.max_bytes,
            max_fields=self.max_fields,
        )


def _raw(params: bytes | bytearray | memoryview | str, max_bytes: int) -> bytes:
    """The body as bytes, refused (before anything else) when over ``max_bytes``."""
    size = params.nbytes if isinstance(params, memoryview) else len(params)
    if size > max_bytes:  # a character is at least one byte
        raise _too_large(max_bytes)
    raw = params.encode("utf-8", "surrogatepass") if isinstance(params, str) else bytes(params)
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    return raw


def _too_large(max_bytes: int) -> MalformedWebhookError:
    return _malformed(f"the body is larger than {max_bytes} bytes", "body")


def _unquote(part: bytes) -> bytes:
    return unquote_to_bytes(part.replace(b"+", b" "))


def _pairs(params: object, max_bytes: int, max_fields: int) -> _Pairs:
    """The form as ``(name, value)`` byte pairs, undecoded, after the size and field limits."""
    if isinstance(params, bytes | bytearray | memoryview | str):
        raw = _raw(params, max_bytes)
        if raw.count(b"&") >= max_fields:
            raise _malformed(f"the body has more than {max_fields} fields", "body")
        pairs = []
        for part in raw.split(b"&"):
            if part:
                name, _, value = part.partition(b"=")
                pairs.append((_unquote(name), _unquote(value)))
        return pairs
    if not isinstance(params, Mapping):
        raise _malformed(f"expected a mapping, bytes or str, got {json_kind(params)}")
    out: _Pairs = []
    size = 0
    for name, value in params.items():
        if not isinstance(name, str):
            raise _malformed(f"field names must be strings, got {json_kind(name)}")
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, Sequence) or not all(isinstance(v, str) for v in values):
            raise _malformed(
                f"expected a string or a list of strings, got {json_kind(value)}", name
            )
        for item in values:
            size += len(name) + len(item) + 2
            if len(out) >= max_fields:
                raise _malformed(f"the form has more than {max_fields} fields", "body")
            if size > max_bytes:
                raise _too_large(max_bytes)
            out.append(
                (name.encode("utf-8", "surrogatepass"), item.encode("utf-8", "surrogatepass"))
            )
    return out


def _read_form(params: object, max_bytes: int, max_fields: int) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for raw_name, raw_value in _pairs(params, max_bytes, max_fields):
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("a field name is not UTF-8") from None
        try:
            value = raw_value.decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("not UTF-8", name) from None
        form.setdefault(name, []).append(value)
    return form


def _field(form: Mapping[str, list[str]], name: str) -> str | None:
    values = set(form.get(name, ()))
    if len(values) > 1:
        raise _malformed(f"given {len(values)} different values", name)
    return values.pop() if values else None


def _required(form: Mapping[str, list[str]], *names: str) -> str:
    for name in names:
        value = _field(form, name)
        if value:
            return value
    raise _malformed("missing", names[0])


def _address(value: str, name: str) -> tuple[ChannelKind, str]:
    channel = ChannelKind.SMS
    if value.lower().startswith("whatsapp:"):
        channel, value = ChannelKind.WHATSAPP, value[len("whatsapp:") :]
    return channel, e164(value.strip(), provider=_PROVIDER, path=name)


def _read_inbound(form: Mapping[str, list[str]], at: datetime) -> InboundMessage:
    channel, sender = _address(_required(form, "From"), "From")
    _, to = _address(_required(form, "To"), "To")
    text = _field(form, "Body") or ""
    fields: dict[str, Any] = {
        "provider": _PROVIDER,
        "channel": channel,
        "kind": "text",
        "from_": sender,
        "to": to,
        "provider_message_id": _required(form, "MessageSid", "SmsMessageSid", "SmsSid"),
        "at": at,
        "text": text,
        "profile_name": _field(form, "ProfileName") or None,
        "context_message_id": _field(form, "OriginalRepliedMessageSid") or None,
    }
    button = _field(form, "ButtonText")
    if button:  # a quick-reply button tapped on WhatsApp
        fields.update(kind="button", reply_title=button, reply_id=_field(form, "ButtonPayload"))
        fields["text"] = text or button
    elif not text.strip() and (_field(form, "NumMedia") or "0").strip() not in ("", "0"):
        fields["kind"] = "media"
    opt_out_type = (_field(form, "OptOutType") or "").strip().upper()
    fields["opt_out"] = opt_out_type == "STOP" or text.strip().upper() in OPT_OUT_KEYWORDS
    return build(InboundMessage, fields, provider=_PROVIDER)


def _read_status(
    form: Mapping[str, list[str]], word: str, at: datetime, url: str | None
) -> DeliveryStatus:
    recipient = _field(form, "To")
    channel = ChannelKind.SMS
    sender = _field(form, "From") or ""
    if sender.lower().startswith("whatsapp:"):  # Twilio's own examples omit To
        channel = ChannelKind.WHATSAPP
    if recipient is not None:
        if recipient.lower().startswith("whatsapp:"):
            channel, recipient = ChannelKind.WHATSAPP, recipient[len("whatsapp:") :]
        digits = recipient.strip().lstrip("+")
        recipient = "+" + digits if digits.isascii() and digits.isdigit() else recipient
    raw_code = (_field(form, "ErrorCode") or "").strip()
    if raw_code and not (raw_code.isascii() and raw_code.isdigit() and len(raw_code) < 10):
        raise _malformed("expected a numeric error code", "ErrorCode")
    message_id = _query(url).get(CALLBACK_PARAMETER, [None])[0] if url else None
    fields: dict[str, Any] = {
        "provider": _PROVIDER,
        "channel": channel,
        "provider_message_id": _required(form, "MessageSid", "SmsSid"),
        "message_id": message_id or _field(form, CALLBACK_PARAMETER) or None,
        "status": DeliveryState.parse(word),
        "provider_status": word,
        "at": at,
        "recipient": recipient or None,
        "error_code": int(raw_code) if raw_code else None,
        "error_title": _field(form, "ErrorMessage") or None,
    }
    return build(DeliveryStatus, fields, provider=_PROVIDER)


def _malformed(message: str, field: str | None = None) -> MalformedWebhookError:
    return MalformedWebhookError(message, provider=_PROVIDER, path=field)


def _query(url: str | None) -> dict[str, list[str]]:
    if not url:
        return {}
    try:
        return parse_qs(urlsplit(url).query, keep_blank_values=True)
    except ValueError:
        raise _malformed("not a URL", "url") from None


def _url_variants(url: str) -> list[str]:
    """``url``, without its port and with the scheme's default port (as twilio-python does)."""
    variants = [url]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return variants
    default = {"https": 443, "http": 80}.get(parts.scheme.lower())
    netloc = parts.netloc
    if not netloc or default is None:
        return variants
    userinfo, at, hostport = netloc.rpartition("@")
    hostport = hostport.rsplit(":", 1)[0] if port is not None else f"{hostport}:{default}"
    variants.append(url.replace(f"//{netloc}", f"//{userinfo}{at}{hostport}", 1))
    return variants
