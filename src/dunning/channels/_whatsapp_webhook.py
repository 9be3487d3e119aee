"""WhatsApp Cloud API webhooks: the verification handshake, the signature, the parser.

GET: the verification handshake (``hub.mode=subscribe``, ``hub.verify_token``,
``hub.challenge``). POST: ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw
body)>`` and a JSON body ``{"object": "whatsapp_business_account", "entry": [{"changes":
[{"field": "messages", "value": {"metadata", "contacts", "messages", "statuses",
"errors"}}]}]}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import Field, SecretStr

from .._core._base import Model
from .._core._errors import MalformedWebhookError, SignatureError
from .._core._kinds import ChannelKind
from .._core._models import AwareDatetime
from ._inbound import DeliveryState, DeliveryStatus, Ignored, InboundMessage, Provider
from ._webhook import (
    Headers,
    ShapeError,
    as_id,
    as_int,
    as_list,
    as_object,
    as_str,
    build,
    e164,
    header_text,
    header_value,
    hidden,
    load_json,
    opt,
    query_value,
    req,
    same_secret,
    secret_str,
    signed,
    utc_from_unix,
)

__all__ = [
    "SIGNATURE_HEADER",
    "WhatsAppSystemMessage",
    "WhatsAppWebhook",
    "WhatsAppWebhookHandler",
    "parse_whatsapp_webhook",
    "verify_whatsapp_challenge",
    "verify_whatsapp_signature",
]

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PROVIDER: Provider = "whatsapp"


class WhatsAppSystemMessage(Model):
    """A system message about a debtor (``type: "system"``), not something the debtor wrote.

    ``kind`` is Meta's ``system.type`` (``user_changed_number``, ``customer_changed_number``,
    ``customer_identity_changed``...). ``from_``/``from_user_id`` identify the debtor as they
    were; ``new_number`` is the new number in E.164 when Meta gives one (``system.wa_id``), and
    ``new_user_id`` the new business-scoped id. ``text`` is Meta's human-readable ``body``. It is
    not a two-way contact: it gives no ``ReplyReceived`` and does not open the 24-hour window.
    Update the debtor's contact data from it (the old number may now belong to someone else).
    """

    kind: str
    provider_message_id: str = Field(min_length=1)
    at: AwareDatetime
    from_: str | None = None
    from_user_id: str | None = None
    new_number: str | None = None
    new_user_id: str | None = None
    text: str = ""

    @property
    def dedupe_key(self) -> tuple[str, str]:
        """``("whatsapp", provider_message_id)``, as for :class:`InboundMessage`."""
        return (_PROVIDER, self.provider_message_id)


class WhatsAppWebhook(Model):
    """Everything one WhatsApp webhook POST carried, over all its ``entry`` and ``changes``.

    ``messages`` are the debtors' messages, ``statuses`` the delivery statuses of ours,
    ``system`` the system messages about debtors (a changed number), and ``ignored`` says,
    with its JSON path, what was received but not turned into any of them: changes of other
    fields such as ``message_template_status_update``, webhook-level ``errors``, and each item
    that did not parse (``malformed=True``), so that one bad item never loses the others.
    """

    messages: tuple[InboundMessage, ...] = ()
    statuses: tuple[DeliveryStatus, ...] = ()
    system: tuple[WhatsAppSystemMessage, ...] = ()
    ignored: tuple[Ignored, ...] = ()

    @property
    def malformed(self) -> tuple[Ignored, ...]:
        """The ignored items that did not parse: log them for a human."""
        return tuple(item for item in self.ignored if item.malformed)


def verify_whatsapp_challenge(
    params: Mapping[str, str | Sequence[str]], *, verify_token: str | SecretStr
) -> str:
    """The ``hub.challenge`` to answer (HTTP 200, as the raw body) to Meta's verification GET.

    Raises :class:`~dunning.SignatureError` (answer 403) unless ``hub.mode`` is ``subscribe``
    and ``hub.verify_token`` equals ``verify_token`` (compared in constant time), and
    :class:`~dunning.MalformedWebhookError` (400) if there is no challenge. ``params`` is the
    query string as a mapping (values may be lists, as ``parse_qs`` gives them).

    >>> verify_whatsapp_challenge({"hub.mode": "subscribe", "hub.verify_token": "tok",
    ...                            "hub.challenge": "1158201444"}, verify_token="tok")
    '1158201444'
    >>> verify_whatsapp_challenge({"hub.mode": "subscribe", "hub.verify_token": "guess",
    ...                            "hub.challenge": "1"}, verify_token="tok")
    Traceback (most recent call last):
    ...
    dunning.SignatureError: whatsapp webhook: hub.verify_token does not match
    """
    verify_token = hidden(verify_token)  # by reference: no plain text in this frame
    expected = secret_str(verify_token, "verify_token")
    if query_value(params, "hub.mode") != "subscribe":
        raise SignatureError("hub.mode is not 'subscribe'", provider=_PROVIDER)
    token = query_value(params, "hub.verify_token")
    if token is None or not same_secret(token, expected):
        raise SignatureError("hub.verify_token does not match", provider=_PROVIDER)
    challenge = query_value(params, "hub.challenge")
    if challenge is None:
        raise MalformedWebhookError("missing", provider=_PROVIDER, path="hub.challenge")
    return challenge


def verify_whatsapp_signature(
    body: bytes, header: str | bytes | None, *, app_secret: str | SecretStr
) -> None:
    """Check ``X-Hub-Signature-256`` (``sha256=<hex>``) against the **raw** request body.

    The HMAC-SHA256 of the exact bytes received, keyed by the app secret, compared in constant
    time. A missing, garbled or wrong header raises :class:`~dunning.SignatureError`; verify
    before parsing, and never re-serialise the JSON first.

    >>> verify_whatsapp_signature(
    ...     b"test",
    ...     "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914",
    ...     app_secret="secret")
    >>> verify_whatsapp_signature(b"test", None, app_secret="secret")
    Traceback (most recent call last):
    ...
    dunning.SignatureError: whatsapp webhook: no X-Hub-Signature-256 header
    """
    app_secret = hidden(app_secret)  # by reference: no plain text in this frame
    key = secret_str(app_secret, "app_secret")
    header = header_text(header)
    if header is None or not header.strip():
        raise SignatureError(f"no {SIGNATURE_HEADER} header", provider=_PROVIDER)
    scheme, _, received = header.strip().partition("=")
    if scheme.lower() != "sha256" or not received:
        raise SignatureError(
            f"{SIGNATURE_HEADER} is not of the form 'sha256=<hex digest>'", provider=_PROVIDER
        )
    if not isinstance(body, bytes | bytearray | memoryview):
        raise SignatureError("the body must be the raw bytes received", provider=_PROVIDER)
    if not signed(key, bytes(body), hashlib.sha256, received, encoding="hex"):
        raise SignatureError(f"{SIGNATURE_HEADER} does not match the body", provider=_PROVIDER)


def parse_whatsapp_webhook(body: bytes | str | Mapping[str, Any]) -> WhatsAppWebhook:
    """Parse a WhatsApp Cloud API webhook POST (verify its signature first).

    Every ``entry`` and ``change`` is read. Text, template quick-reply buttons (``button``) and
    interactive ``button_reply`` / ``list_reply`` become :class:`InboundMessage` with their
    ``reply_id``/``reply_title``; other message types (images, locations...) are kept with their
    ``kind`` and empty ``text`` (or the caption). ``statuses`` become :class:`DeliveryStatus`,
    with our message id from ``biz_opaque_callback_data`` and the first error's code and title.
    Anything that does not parse or has the wrong shape raises
    :class:`~dunning.MalformedWebhookError` naming the JSON path; nothing else escapes.

    >>> hook = parse_whatsapp_webhook('''{"object": "whatsapp_business_account", "entry": [
    ...   {"id": "WABA", "changes": [{"field": "messages", "value": {
    ...     "messaging_product": "whatsapp",
    ...     "metadata": {"display_phone_number": "15550001055", "phone_number_id": "1055"},
    ...     "contacts": [{"profile": {"name": "Ana"}, "wa_id": "56961234567"}],
    ...     "messages": [{"from": "56961234567", "id": "wamid.IN", "timestamp": "1763650800",
    ...                   "type": "text", "text": {"body": "¿Puedo pagar el viernes?"}}]}}]}]}''')
    >>> reply = hook.messages[0]
    >>> reply.from_, reply.profile_name, reply.text, reply.at.isoformat()
    ('+56961234567', 'Ana', '¿Puedo pagar el viernes?', '2025-11-20T15:00:00+00:00')
    >>> hook = parse_whatsapp_webhook(
    ...     b'{"entry": [{"changes": [{"field": "messages", "value": 1}]}]}')
    >>> print(hook.ignored[0])
    entry[0].changes[0]: value: expected an object, got a number
    >>> from dunning import MalformedWebhookError
    >>> try:
    ...     parse_whatsapp_webhook(b'{"entry": {}}')
    ... except MalformedWebhookError as exc:
    ...     print(exc.path, "-", exc.detail)
    entry - expected an array, got an object
    """
    try:
        return _parse(body)
    except ShapeError as exc:
        raise _malformed(exc.detail, exc.path) from None


class _Collected:
    """What the parser has read so far."""

    def __init__(self) -> None:
        self.messages: list[InboundMessage] = []
        self.statuses: list[DeliveryStatus] = []
        self.system: list[WhatsAppSystemMessage] = []
        self.ignored: list[Ignored] = []

    def skip(self, path: str, exc: ShapeError | MalformedWebhookError) -> None:
        """Record the item at ``path`` that did not parse, naming where inside it and why."""
        where = exc.path or path
        inner = where[len(path) :].lstrip(".") if where.startswith(path) else where
        reason = f"{inner}: {exc.detail}" if inner else exc.detail
        self.ignored.append(Ignored(path=path or "body", reason=reason, malformed=True))


def _parse(body: bytes | str | Mapping[str, Any]) -> WhatsAppWebhook:
    root = as_object(load_json(body), "")
    kind = opt(root, "object", "", as_str)
    if kind is not None and kind != "whatsapp_business_account":
        raise _malformed("expected 'whatsapp_business_account'", "object")
    out = _Collected()
    for i, raw_entry in enumerate(req(root, "entry", "", as_list)):
        entry_path = f"entry[{i}]"
        try:
            changes = req(as_object(raw_entry, entry_path), "changes", entry_path, as_list)
        except ShapeError as exc:
            out.skip(entry_path, exc)
            continue
        for j, raw_change in enumerate(changes):
            path = f"{entry_path}.changes[{j}]"
            try:
                change = as_object(raw_change, path)
                field = req(change, "field", path, as_str)
                if field != "messages":
                    out.ignored.append(Ignored(path=path, reason=f"field {field!r} is not handled"))
                    continue
                value = req(change, "value", path, as_object)
                _read_value(value, f"{path}.value", out)
            except ShapeError as exc:
                out.skip(path, exc)
    return WhatsAppWebhook(
        messages=tuple(out.messages),
        statuses=tuple(out.statuses),
        system=tuple(out.system),
        ignored=tuple(out.ignored),
    )


class WhatsAppWebhookHandler:
    """The two WhatsApp webhook endpoints in one object, for any web framework.

    ``handle_get(query)`` returns the challenge to echo (or raises ``SignatureError``: 403);
    ``handle_post(raw_body, headers)`` verifies the signature and returns the parsed
    :class:`WhatsAppWebhook` (``SignatureError``: 403, ``MalformedWebhookError``: 400). The
    secrets stay in ``SecretStr`` and out of reprs, logs and errors.

    >>> import hashlib, hmac, json
    >>> handler = WhatsAppWebhookHandler(app_secret="app-secret", verify_token="verify-me")
    >>> handler
    WhatsAppWebhookHandler(app_secret=**********, verify_token=**********)
    >>> handler.handle_get({"hub.mode": "subscribe", "hub.verify_token": "verify-me",
    ...                     "hub.challenge": "42"})
    '42'
    >>> body = json.dumps({"entry": []}).encode()
    >>> signature = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    >>> handler.handle_post(body, {"x-hub-signature-256": signature})
    WhatsAppWebhook(messages=(), statuses=(), system=(), ignored=())
    """

    def __init__(self, *, app_secret: str | SecretStr, verify_token: str | SecretStr) -> None:
        app_secret, verify_token = hidden(app_secret), hidden(verify_token)
        self._app_secret = secret_str(app_secret, "app_secret")
        self._verify_token = secret_str(verify_token, "verify_token")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(app_secret=**********, verify_token=**********)"

    def handle_get(self, params: Mapping[str, str | Sequence[str]]) -> str:
        """The ``hub.challenge`` to answer with 200 (see :func:`verify_whatsapp_challenge`)."""
        return verify_whatsapp_challenge(params, verify_token=self._verify_token)

    def handle_post(self, body: bytes, headers: Headers) -> WhatsAppWebhook:
        """Verify ``X-Hub-Signature-256`` over ``body`` (raw bytes), then parse it.

        ``headers`` may be a mapping of ``str`` or ``bytes``, or ASGI's list of byte pairs."""
        verify_whatsapp_signature(
            body, header_value(headers, SIGNATURE_HEADER), app_secret=self._app_secret
        )
        return parse_whatsapp_webhook(body)


def _read_value(value: Mapping[str, Any], path: str, out: _Collected) -> None:
    # Without our phone_number_id no message of this change can be read: the change is skipped.
    metadata = req(value, "metadata", path, as_object)
    to = req(metadata, "phone_number_id", f"{path}.metadata", as_str)
    names: dict[str, str] = {}
    for n, raw in enumerate(_items(value, "contacts", path, out)):
        contact_path = f"{path}.contacts[{n}]"
        try:
            contact = as_object(raw, contact_path)
            profile = opt(contact, "profile", contact_path, as_object) or {}
            name = opt(profile, "name", f"{contact_path}.profile", as_str)
            for key in ("wa_id", "user_id"):
                sender = opt(contact, key, contact_path, as_str)
                if sender and name:
                    names[sender] = name
        except ShapeError as exc:
            out.skip(contact_path, exc)
    for n, raw in enumerate(_items(value, "messages", path, out)):
        item_path = f"{path}.messages[{n}]"
        try:
            read = _read_message(raw, item_path, to, names)
        except (ShapeError, MalformedWebhookError) as exc:
            out.skip(item_path, exc)
            continue
        if isinstance(read, WhatsAppSystemMessage):
            out.system.append(read)
        else:
            out.messages.append(read)
    for n, raw in enumerate(_items(value, "statuses", path, out)):
        item_path = f"{path}.statuses[{n}]"
        try:
            out.statuses.append(_read_status(raw, item_path))
        except (ShapeError, MalformedWebhookError) as exc:
            out.skip(item_path, exc)
    for n, raw in enumerate(_items(value, "errors", path, out)):
        error_path = f"{path}.errors[{n}]"
        try:
            code, title = _read_error(raw, error_path)
        except ShapeError as exc:
            out.skip(error_path, exc)
            continue
        out.ignored.append(
            Ignored(
                path=error_path,
                reason=f"webhook error {code}: {title or 'no title'}",
                error_code=code,
            )
        )


def _items(value: Mapping[str, Any], key: str, path: str, out: _Collected) -> Sequence[Any]:
    """``value[key]`` as a list; a wrong shape is recorded and reads as empty."""
    try:
        return opt(value, key, path, as_list) or ()
    except ShapeError as exc:
        out.skip(f"{path}.{key}", exc)
        return ()


def _sender(message: Mapping[str, Any], path: str) -> tuple[str | None, str | None]:
    """``(E.164 number, business-scoped user id)``: Meta withholds the number (``from``) for
    users who adopted a username and sends ``from_user_id`` instead."""
    raw = opt(message, "from", path, as_str)
    user_id = opt(message, "from_user_id", path, as_str) or None
    if raw is None and user_id is None:
        raise ShapeError("missing (and no from_user_id)", f"{path}.from")
    number = e164(raw, provider=_PROVIDER, path=f"{path}.from") if raw is not None else None
    return number, user_id


def _read_message(
    raw: object, path: str, to: str, names: Mapping[str, str]
) -> InboundMessage | WhatsAppSystemMessage:
    message = as_object(raw, path)
    number, user_id = _sender(message, path)
    kind = req(message, "type", path, as_str)
    message_id = req(message, "id", path, as_id)
    at = req(message, "timestamp", path, _as_time)
    if kind == "system":
        return _read_system(message, path, number, user_id, message_id, at)
    raw_from = opt(message, "from", path, as_str)
    fields: dict[str, Any] = {
        "provider": _PROVIDER,
        "channel": ChannelKind.WHATSAPP,
        "kind": kind,
        "from_": number,
        "from_user_id": user_id,
        "to": to,
        "provider_message_id": message_id,
        "at": at,
        "profile_name": names.get(raw_from or "") or names.get(user_id or ""),
    }
    context = opt(message, "context", path, as_object)
    if context is not None:
        fields["context_message_id"] = opt(context, "id", f"{path}.context", as_str)
    errors = opt(message, "errors", path, as_list)
    if errors:
        fields["error_code"], fields["error_title"] = _read_error(errors[0], f"{path}.errors[0]")
    if errors and not isinstance(message.get(kind), Mapping):
        # Meta could not read what the debtor sent (131000 on an ``interactive`` message without
        # its object): the debtor still wrote, so it is a message, with no text.
        return build(InboundMessage, fields, provider=_PROVIDER, path=path)
    if kind == "text":
        text = req(message, "text", path, as_object)
        fields["text"] = req(text, "body", f"{path}.text", as_str)
    elif kind == "button":  # a quick-reply button of a template
        button = req(message, "button", path, as_object)
        fields["text"] = fields["reply_title"] = req(button, "text", f"{path}.button", as_str)
        fields["reply_id"] = opt(button, "payload", f"{path}.button", as_str)
    elif kind == "interactive":
        interactive = req(message, "interactive", path, as_object)
        subtype = req(interactive, "type", f"{path}.interactive", as_str)
        fields["kind"] = subtype
        if subtype in ("button_reply", "list_reply"):
            reply_path = f"{path}.interactive.{subtype}"
            reply = req(interactive, subtype, f"{path}.interactive", as_object)
            fields["reply_id"] = req(reply, "id", reply_path, as_str)
            fields["text"] = fields["reply_title"] = req(reply, "title", reply_path, as_str)
    else:  # image, document, location, reaction, unsupported...: kept, with any caption
        media = message.get(kind)
        caption = media.get("caption") if isinstance(media, Mapping) else None
        if isinstance(caption, str):
            fields["text"] = caption
    return build(InboundMessage, fields, provider=_PROVIDER, path=path)


def _read_system(
    message: Mapping[str, Any],
    path: str,
    number: str | None,
    user_id: str | None,
    message_id: str,
    at: datetime,
) -> WhatsAppSystemMessage:
    system = req(message, "system", path, as_object)
    system_path = f"{path}.system"
    new_wa_id = opt(system, "wa_id", system_path, as_str)
    return WhatsAppSystemMessage(
        kind=opt(system, "type", system_path, as_str) or "system",
        provider_message_id=message_id,
        at=at,
        from_=number,
        from_user_id=user_id,
        new_number=(
            e164(new_wa_id, provider=_PROVIDER, path=f"{system_path}.wa_id") if new_wa_id else None
        ),
        new_user_id=opt(system, "user_id", system_path, as_str) or None,
        text=opt(system, "body", system_path, as_str) or "",
    )


def _read_status(raw: object, path: str) -> DeliveryStatus:
    status = as_object(raw, path)
    word = req(status, "status", path, as_str)
    recipient = opt(status, "recipient_id", path, as_str)
    if recipient is not None and recipient.isascii() and recipient.isdigit():
        recipient = "+" + recipient
    recipient_user_id = opt(status, "recipient_user_id", path, as_str) or None
    errors = opt(status, "errors", path, as_list)
    code, title = _read_error(errors[0], f"{path}.errors[0]") if errors else (None, None)
    fields: dict[str, Any] = {
        "provider": _PROVIDER,
        "channel": ChannelKind.WHATSAPP,
        "provider_message_id": req(status, "id", path, as_id),
        "message_id": opt(status, "biz_opaque_callback_data", path, as_str) or None,
        "status": DeliveryState.parse(word),
        "provider_status": word,
        "at": req(status, "timestamp", path, _as_time),
        "recipient": recipient,
        "recipient_user_id": recipient_user_id,
        "error_code": code,
        "error_title": title,
    }
    return build(DeliveryStatus, fields, provider=_PROVIDER, path=path)


def _read_error(raw: object, path: str) -> tuple[int | None, str | None]:
    error = as_object(raw, path)
    code = opt(error, "code", path, as_int)
    title = opt(error, "title", path, as_str) or opt(error, "message", path, as_str)
    data = opt(error, "error_data", path, as_object) or {}
    details = opt(data, "details", f"{path}.error_data", as_str)
    if details and details != title:
        title = f"{title}: {details}" if title else details
    return code, title


def _malformed(message: str, path: str | None) -> MalformedWebhookError:
    return MalformedWebhookError(message, provider=_PROVIDER, path=path or None)


def _as_time(value: Any, path: str) -> datetime:
    return utc_from_unix(value, provider=_PROVIDER, path=path)
