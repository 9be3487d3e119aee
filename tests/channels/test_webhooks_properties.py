"""Property tests: whatever arrives at a webhook, the parsers answer with a result or a
``WebhookError``, never another exception; signatures accept exactly what was signed; and the
latest status does not depend on the order callbacks arrive in."""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning import WebhookError
from dunning.channels import (
    DeliveryState,
    DeliveryStatus,
    InboundMessage,
    WhatsAppWebhook,
    latest_status,
    parse_twilio_webhook,
    parse_whatsapp_webhook,
    verify_twilio_signature,
    verify_whatsapp_challenge,
    verify_whatsapp_signature,
)

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
SECRET = "prop-secret"
URL = "https://hooks.example.com/twilio?dunning_message_id=m-1"
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VALID_WHATSAPP: dict[str, Any] = {
    "object": "whatsapp_business_account",
    "entry": [
        {
            "id": "WABA",
            "changes": [
                {
                    "field": "messages",
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {
                            "display_phone_number": "15550001055",
                            "phone_number_id": "1055",
                        },
                        "contacts": [{"profile": {"name": "Ana"}, "wa_id": "56961234567"}],
                        "messages": [
                            {
                                "from": "56961234567",
                                "id": "wamid.1",
                                "timestamp": "1763650800",
                                "type": "text",
                                "text": {"body": "hola"},
                            },
                            {
                                "from": "56961234567",
                                "id": "wamid.2",
                                "timestamp": "1763650801",
                                "type": "button",
                                "context": {"from": "15550001055", "id": "wamid.T"},
                                "button": {"payload": "PAY", "text": "Pagar"},
                            },
                            {
                                "from": "56961234567",
                                "id": "wamid.3",
                                "timestamp": "1763650802",
                                "type": "interactive",
                                "interactive": {
                                    "type": "list_reply",
                                    "list_reply": {"id": "r", "title": "t"},
                                },
                            },
                            {
                                "from": "56961234567",
                                "id": "wamid.4",
                                "timestamp": "1763650803",
                                "type": "image",
                                "image": {"caption": "c", "id": "media"},
                            },
                        ],
                        "statuses": [
                            {
                                "id": "wamid.O",
                                "status": "failed",
                                "timestamp": "1763650804",
                                "recipient_id": "56961234567",
                                "biz_opaque_callback_data": "m-1",
                                "errors": [
                                    {
                                        "code": 131026,
                                        "title": "undeliverable",
                                        "error_data": {"details": "d"},
                                    }
                                ],
                            },
                        ],
                        "errors": [{"code": 1, "title": "x"}],
                    },
                }
            ],
        }
    ],
}
VALID_TWILIO = {
    "MessageSid": "SM1",
    "From": "+5215512345678",
    "To": "+15005550006",
    "Body": "STOP",
    "NumMedia": "0",
    "SmsStatus": "received",
    "ProfileName": "Ana",
    "ButtonText": "b",
    "ButtonPayload": "p",
    "MessageStatus": "undelivered",
    "ErrorCode": "30003",
}

KEYS = [
    "object",
    "entry",
    "changes",
    "field",
    "value",
    "metadata",
    "phone_number_id",
    "messages",
    "statuses",
    "contacts",
    "errors",
    "from",
    "id",
    "timestamp",
    "type",
    "text",
    "body",
    "button",
    "interactive",
    "button_reply",
    "list_reply",
    "title",
    "payload",
    "status",
    "recipient_id",
    "biz_opaque_callback_data",
    "code",
    "error_data",
    "details",
    "context",
    "profile",
    "name",
    "wa_id",
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["56961234567", "1763650800", "text", "messages"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12) | st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


WHATSAPP_PATHS = _paths(VALID_WHATSAPP)


def _whatsapp_ok_or_webhook_error(body: Any) -> WhatsAppWebhook | None:
    try:
        result = parse_whatsapp_webhook(body)
    except WebhookError:
        return None
    assert isinstance(result, WhatsAppWebhook)
    return result


def _twilio_ok_or_webhook_error(params: Any) -> InboundMessage | DeliveryStatus | None:
    try:
        result = parse_twilio_webhook(params, url=URL, at=NOW)
    except WebhookError:
        return None
    assert isinstance(result, InboundMessage | DeliveryStatus)
    return result


# --- parsers ---------------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_escape_as_other_errors(body):
    _whatsapp_ok_or_webhook_error(body)
    _twilio_ok_or_webhook_error(body)


@FUZZ
@given(st.text(max_size=200))
def test_random_text_never_escapes_as_other_errors(body):
    _whatsapp_ok_or_webhook_error(body)
    _twilio_ok_or_webhook_error(body)


@FUZZ
@given(json_values)
def test_random_json_never_escapes_as_other_errors(data):
    _whatsapp_ok_or_webhook_error(json.dumps(data).encode())
    if isinstance(data, dict):
        _whatsapp_ok_or_webhook_error(data)
        _twilio_ok_or_webhook_error(data)
    _whatsapp_ok_or_webhook_error({"object": "whatsapp_business_account", "entry": data})
    _whatsapp_ok_or_webhook_error({"entry": [{"changes": [{"field": "messages", "value": data}]}]})


@FUZZ
@given(st.data())
def test_mutated_whatsapp_payloads_never_escape_as_other_errors(data):
    body = copy.deepcopy(VALID_WHATSAPP)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(WHATSAPP_PATHS))
        parent: Any = body
        try:
            for part in path[:-1]:
                parent = parent[part]
            if data.draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = data.draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or retyped this path
    _whatsapp_ok_or_webhook_error(body)
    _whatsapp_ok_or_webhook_error(json.dumps(body).encode())


form_values = st.one_of(
    st.text(max_size=20),
    st.lists(st.text(max_size=10), max_size=3),
    st.none(),
    st.integers(),
    st.binary(max_size=5),
    st.sampled_from(["+5215512345678", "whatsapp:+1555", "delivered"]),
)


@FUZZ
@given(st.data())
def test_mutated_twilio_payloads_never_escape_as_other_errors(data):
    params: dict[str, Any] = dict(VALID_TWILIO)
    for key in data.draw(st.lists(st.sampled_from(sorted(VALID_TWILIO)), max_size=4)):
        if data.draw(st.booleans()):
            params.pop(key, None)
        else:
            params[key] = data.draw(form_values)
    _twilio_ok_or_webhook_error(params)
    if all(isinstance(v, str) for v in params.values()):
        _twilio_ok_or_webhook_error(urlencode(params).encode())


@FUZZ
@given(st.dictionaries(st.text(max_size=10), form_values, max_size=6))
def test_random_forms_never_escape_as_other_errors(params):
    _twilio_ok_or_webhook_error(params)


def test_the_unmutated_payloads_parse():
    hook = parse_whatsapp_webhook(VALID_WHATSAPP)
    assert len(hook.messages) == 4 and len(hook.statuses) == 1 and len(hook.ignored) == 1
    assert isinstance(parse_twilio_webhook(VALID_TWILIO, url=URL, at=NOW), DeliveryStatus)


# --- verifiers -------------------------------------------------------------------------------


def _wa_sign(body: bytes) -> str:
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


@FUZZ
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_whatsapp_signatures_accept_exactly_the_signed_body(body, other):
    verify_whatsapp_signature(body, _wa_sign(body), app_secret=SECRET)
    if other != body:
        try:
            verify_whatsapp_signature(other, _wa_sign(body), app_secret=SECRET)
        except WebhookError:
            pass
        else:
            raise AssertionError("a different body verified")


@FUZZ
@given(st.binary(max_size=100), st.none() | st.text(max_size=80))
def test_whatsapp_verification_only_raises_webhook_errors(body, header):
    with contextlib.suppress(WebhookError):
        verify_whatsapp_signature(body, header, app_secret=SECRET)


@FUZZ
@given(st.dictionaries(st.text(max_size=15), st.text(max_size=15) | st.lists(st.text())))
def test_the_challenge_only_raises_webhook_errors(params):
    with contextlib.suppress(WebhookError):
        verify_whatsapp_challenge(params, verify_token=SECRET)


def _tw_sign(url: str, params: dict[str, str]) -> str:
    data = url + "".join(k + params[k] for k in sorted(params))
    digest = hmac.new(SECRET.encode(), data.encode("utf-8", "surrogatepass"), hashlib.sha1)
    return base64.b64encode(digest.digest()).decode()


@FUZZ
@given(
    st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=10), max_size=5),
    st.text(max_size=10),
)
def test_twilio_signatures_accept_exactly_the_signed_form(params, extra):
    signature = _tw_sign(URL, params)
    verify_twilio_signature(URL, params, signature, auth_token=SECRET)
    changed = {**params, "Zz": extra} if "Zz" not in params else {**params, "Zz": extra + "!"}
    try:
        verify_twilio_signature(URL, changed, signature, auth_token=SECRET)
    except WebhookError:
        pass
    else:
        raise AssertionError("a different form verified")


@FUZZ
@given(st.text(max_size=60), form_values | st.binary(max_size=60), st.none() | st.text(max_size=40))
def test_twilio_verification_only_raises_webhook_errors(url, params, header):
    form = params if isinstance(params, bytes | str) else {"Body": params}
    with contextlib.suppress(WebhookError):
        verify_twilio_signature(url, form, header, auth_token=SECRET)


# --- ordering --------------------------------------------------------------------------------


statuses = st.lists(
    st.builds(
        lambda word, seconds, code: DeliveryStatus(
            provider="twilio",
            channel="sms",
            provider_message_id="SM1",
            message_id="m-1",
            status=DeliveryState.parse(word),
            provider_status=word,
            at=NOW + timedelta(seconds=seconds),
            error_code=code,
        ),
        st.sampled_from([s.value for s in DeliveryState] + ["played", "weird"]),
        st.integers(0, 5),
        st.none() | st.integers(30001, 30003),
    ),
    min_size=1,
    max_size=8,
)


@FUZZ
@given(st.data(), statuses)
def test_the_latest_status_does_not_depend_on_arrival_order(data, seen):
    expected = latest_status(seen)
    shuffled = data.draw(st.permutations(seen))
    assert latest_status(shuffled) == expected
    assert latest_status([*shuffled, *seen]) == expected  # redeliveries change nothing
    assert expected is not None and all(s.rank <= expected.rank for s in seen)
