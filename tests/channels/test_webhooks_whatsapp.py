"""WhatsApp Cloud API webhooks: the verification GET, the signature, and every payload shape."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import logging
import random
import traceback
from datetime import UTC, datetime
from typing import Any

import pytest

from dunning import MalformedWebhookError, SignatureError, WebhookError
from dunning.channels import (
    DeliveryState,
    DeliveryStatus,
    InboundMessage,
    WhatsAppWebhook,
    WhatsAppWebhookHandler,
    latest_status,
    parse_whatsapp_webhook,
    verify_whatsapp_challenge,
    verify_whatsapp_signature,
)
from dunning.events import MessageDelivered, MessageFailed, MessageRead, MessageSent

APP_SECRET = "wa-app-secret-5f1e"
VERIFY_TOKEN = "wa-verify-token-77a"
VECTOR = "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
AT = datetime(2026, 11, 20, 15, tzinfo=UTC)
TS = str(int(AT.timestamp()))


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def envelope(*values: dict[str, Any], field: str = "messages") -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA-1", "changes": [{"field": field, "value": v} for v in values]}],
    }


def value(**parts: Any) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001055", "phone_number_id": "1055"},
        **parts,
    }


CONTACTS = [{"profile": {"name": "Ana Pérez"}, "wa_id": "56961234567"}]
TEXT = {
    "from": "56961234567",
    "id": "wamid.TEXT",
    "timestamp": TS,
    "type": "text",
    "text": {"body": "¿Puedo pagar el viernes?"},
}
BUTTON = {
    "from": "56961234567",
    "id": "wamid.BTN",
    "timestamp": TS,
    "type": "button",
    "context": {"from": "15550001055", "id": "wamid.TEMPLATE"},
    "button": {"payload": "PAY_NOW:inv123", "text": "Pagar ahora"},
}
BUTTON_REPLY = {
    "from": "56961234567",
    "id": "wamid.IBTN",
    "timestamp": TS,
    "type": "interactive",
    "context": {"from": "15550001055", "id": "wamid.MENU"},
    "interactive": {
        "type": "button_reply",
        "button_reply": {"id": "promise", "title": "Pagaré el viernes"},
    },
}
LIST_REPLY = {
    "from": "56961234567",
    "id": "wamid.LIST",
    "timestamp": TS,
    "type": "interactive",
    "interactive": {
        "type": "list_reply",
        "list_reply": {"id": "plan-3", "title": "3 cuotas", "description": "3 x $15.000"},
    },
}
IMAGE = {
    "from": "56961234567",
    "id": "wamid.IMG",
    "timestamp": TS,
    "type": "image",
    "image": {"caption": "comprobante", "mime_type": "image/jpeg", "id": "media-1"},
}
LOCATION = {
    "from": "56961234567",
    "id": "wamid.LOC",
    "timestamp": TS,
    "type": "location",
    "location": {"latitude": -33.4, "longitude": -70.6},
}


def status(
    word: str,
    *,
    minute: int = 0,
    wamid: str = "wamid.OUT",
    opaque: str | None = "m-1",
    **extra: Any,
) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": wamid,
        "status": word,
        "timestamp": str(int(AT.timestamp()) + 60 * minute),
        "recipient_id": "56961234567",
        **extra,
    }
    if opaque is not None:
        raw["biz_opaque_callback_data"] = opaque
    return raw


FAILED = status(
    "failed",
    errors=[
        {
            "code": 131026,
            "title": "Message undeliverable",
            "message": "Message undeliverable",
            "error_data": {"details": "Receiver is incapable"},
        }
    ],
)

ALL_MESSAGES = envelope(
    value(contacts=CONTACTS, messages=[TEXT, BUTTON, BUTTON_REPLY, LIST_REPLY, IMAGE, LOCATION])
)


# --- verification handshake ------------------------------------------------------------------


def test_the_challenge_is_echoed_when_mode_and_token_match():
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": VERIFY_TOKEN,
        "hub.challenge": "1158201444",
    }
    assert verify_whatsapp_challenge(params, verify_token=VERIFY_TOKEN) == "1158201444"


def test_the_challenge_accepts_parse_qs_lists():
    params = {"hub.mode": ["subscribe"], "hub.verify_token": [VERIFY_TOKEN], "hub.challenge": ["7"]}
    assert verify_whatsapp_challenge(params, verify_token=VERIFY_TOKEN) == "7"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN + "x", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": "ñ", "hub.challenge": "1"},
        {},
    ],
)
def test_a_wrong_mode_or_token_is_refused(params):
    with pytest.raises(SignatureError) as info:
        verify_whatsapp_challenge(params, verify_token=VERIFY_TOKEN)
    assert VERIFY_TOKEN not in str(info.value)


def test_a_missing_challenge_is_malformed():
    with pytest.raises(MalformedWebhookError, match=r"hub\.challenge"):
        verify_whatsapp_challenge(
            {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN}, verify_token=VERIFY_TOKEN
        )


# --- signature -------------------------------------------------------------------------------


def test_the_reference_vector_verifies():
    verify_whatsapp_signature(b"test", f"sha256={VECTOR}", app_secret="secret")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "   ",
        VECTOR,
        "sha1=" + VECTOR,
        "sha256=",
        "sha256=" + VECTOR[:-1],
        "sha256=" + VECTOR + "0",
        "sha256=" + VECTOR.upper(),
        "sha256=zz",
        "sha256=ñandú",
    ],
)
def test_missing_or_garbled_headers_are_refused(header):
    with pytest.raises(SignatureError):
        verify_whatsapp_signature(b"test", header, app_secret="secret")


def test_flipping_any_byte_of_the_body_is_refused():
    body = json.dumps(ALL_MESSAGES).encode()
    header = sign(body)
    verify_whatsapp_signature(body, header, app_secret=APP_SECRET)
    for i in range(len(body)):
        flipped = body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1 :]
        with pytest.raises(SignatureError):
            verify_whatsapp_signature(flipped, header, app_secret=APP_SECRET)


def test_flipping_any_byte_of_the_signature_is_refused():
    header = f"sha256={VECTOR}"
    for i in range(len(header)):
        flipped = header[:i] + chr(ord(header[i]) ^ 0x01) + header[i + 1 :]
        with pytest.raises(SignatureError):
            verify_whatsapp_signature(b"test", flipped, app_secret="secret")


def test_another_secret_is_refused():
    with pytest.raises(SignatureError):
        verify_whatsapp_signature(b"test", f"sha256={VECTOR}", app_secret="secret2")


def test_the_signature_is_over_the_raw_bytes_not_the_json():
    body = b'{"entry": [],  "object": "whatsapp_business_account"}'
    reserialised = json.dumps(json.loads(body)).encode()
    with pytest.raises(SignatureError):
        verify_whatsapp_signature(reserialised, sign(body), app_secret=APP_SECRET)


# --- inbound messages ------------------------------------------------------------------------


def test_every_supported_message_kind_is_read():
    hook = parse_whatsapp_webhook(json.dumps(ALL_MESSAGES).encode())
    assert [(m.kind, m.text, m.reply_id, m.reply_title) for m in hook.messages] == [
        ("text", "¿Puedo pagar el viernes?", None, None),
        ("button", "Pagar ahora", "PAY_NOW:inv123", "Pagar ahora"),
        ("button_reply", "Pagaré el viernes", "promise", "Pagaré el viernes"),
        ("list_reply", "3 cuotas", "plan-3", "3 cuotas"),
        ("image", "comprobante", None, None),
        ("location", "", None, None),
    ]
    first = hook.messages[0]
    assert first == InboundMessage(
        provider="whatsapp",
        channel="whatsapp",
        kind="text",
        from_="+56961234567",
        to="1055",
        provider_message_id="wamid.TEXT",
        at=AT,
        text="¿Puedo pagar el viernes?",
        profile_name="Ana Pérez",
    )
    assert hook.messages[1].context_message_id == "wamid.TEMPLATE"
    assert hook.messages[2].context_message_id == "wamid.MENU"
    assert hook.statuses == () and hook.ignored == ()


def test_a_reply_becomes_a_reply_received_event():
    reply = parse_whatsapp_webhook(ALL_MESSAGES).messages[0]
    event = reply.to_event("c-1")
    assert (event.debtor_id, event.channel, event.text, event.at) == (
        "c-1",
        "whatsapp",
        "¿Puedo pagar el viernes?",
        AT,
    )
    assert reply.opt_out is False and reply.opt_out_event("c-1") is None
    assert reply.dedupe_key == ("whatsapp", "wamid.TEXT")


def test_times_are_aware_utc():
    reply = parse_whatsapp_webhook(ALL_MESSAGES).messages[0]
    assert reply.at.tzinfo is UTC and reply.at == AT


def test_every_entry_and_change_is_read():
    body = envelope(value(messages=[TEXT]), value(statuses=[status("sent")]))
    body["entry"].append(
        {
            "id": "WABA-2",
            "changes": [
                {"field": "messages", "value": value(messages=[BUTTON])},
                {"field": "message_template_status_update", "value": {"event": "APPROVED"}},
            ],
        }
    )
    hook = parse_whatsapp_webhook(body)
    assert [m.provider_message_id for m in hook.messages] == ["wamid.TEXT", "wamid.BTN"]
    assert [s.status for s in hook.statuses] == [DeliveryState.SENT]
    assert [str(i) for i in hook.ignored] == [
        "entry[1].changes[1]: field 'message_template_status_update' is not handled"
    ]
    assert hook.malformed == ()


def test_webhook_level_errors_are_listed_as_ignored():
    hook = parse_whatsapp_webhook(
        envelope(value(errors=[{"code": 131051, "title": "Message type unknown"}]))
    )
    (item,) = hook.ignored
    assert str(item) == (
        "entry[0].changes[0].value.errors[0]: webhook error 131051: Message type unknown"
    )
    assert (item.error_code, item.malformed) == (131051, False)


def test_an_unsupported_interactive_type_is_kept():
    nfm = {
        "from": "56961234567",
        "id": "wamid.NFM",
        "timestamp": TS,
        "type": "interactive",
        "interactive": {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}},
    }
    (message,) = parse_whatsapp_webhook(envelope(value(messages=[nfm]))).messages
    assert (message.kind, message.text, message.reply_id) == ("nfm_reply", "", None)


def test_body_can_be_bytes_str_or_mapping():
    raw = json.dumps(ALL_MESSAGES)
    assert (
        parse_whatsapp_webhook(raw)
        == parse_whatsapp_webhook(raw.encode())
        == parse_whatsapp_webhook(ALL_MESSAGES)
    )


def test_empty_deliveries_parse_to_nothing():
    assert parse_whatsapp_webhook(b'{"object": "whatsapp_business_account", "entry": []}') == (
        WhatsAppWebhook()
    )


# --- statuses --------------------------------------------------------------------------------


def test_statuses_carry_our_message_id_and_errors():
    hook = parse_whatsapp_webhook(envelope(value(statuses=[status("delivered", minute=1), FAILED])))
    delivered, failed = hook.statuses
    assert delivered == DeliveryStatus(
        provider="whatsapp",
        channel="whatsapp",
        provider_message_id="wamid.OUT",
        message_id="m-1",
        status="delivered",
        provider_status="delivered",
        at=datetime(2026, 11, 20, 15, 1, tzinfo=UTC),
        recipient="+56961234567",
    )
    assert (failed.status, failed.error_code, failed.error_title) == (
        DeliveryState.FAILED,
        131026,
        "Message undeliverable: Receiver is incapable",
    )


@pytest.mark.parametrize(
    ("word", "event_type"),
    [
        ("sent", MessageSent),
        ("delivered", MessageDelivered),
        ("read", MessageRead),
        ("played", MessageRead),
        ("failed", MessageFailed),
    ],
)
def test_statuses_become_message_events(word, event_type):
    (delivery,) = parse_whatsapp_webhook(envelope(value(statuses=[status(word)]))).statuses
    event = delivery.to_event("c-1")
    assert isinstance(event, event_type)
    assert (event.message_id, event.debtor_id, event.channel) == ("m-1", "c-1", "whatsapp")


def test_the_failure_event_says_why():
    (failed,) = parse_whatsapp_webhook(envelope(value(statuses=[FAILED]))).statuses
    event = failed.to_event("c-1")
    assert isinstance(event, MessageFailed)
    assert event.error == "131026: Message undeliverable: Receiver is incapable"


def test_a_status_without_our_message_id_gives_no_event():
    (delivery,) = parse_whatsapp_webhook(
        envelope(value(statuses=[status("read", opaque=None)]))
    ).statuses
    assert delivery.message_id is None and delivery.to_event("c-1") is None


def test_an_unknown_status_is_kept_as_unknown():
    (delivery,) = parse_whatsapp_webhook(envelope(value(statuses=[status("deleted")]))).statuses
    assert (delivery.status, delivery.provider_status) == (DeliveryState.UNKNOWN, "deleted")
    assert delivery.to_event("c-1") is None


def test_repeated_and_shuffled_statuses_keep_the_monotonic_maximum():
    words = ["sent", "delivered", "read", "sent", "delivered", "read", "delivered"]
    statuses = parse_whatsapp_webhook(
        envelope(value(statuses=[status(w, minute=n) for n, w in enumerate(words)]))
    ).statuses
    expected = latest_status(statuses)
    assert expected is not None and expected.status is DeliveryState.READ
    rng = random.Random(7)
    for _ in range(50):
        shuffled = list(statuses)
        rng.shuffle(shuffled)
        assert latest_status(shuffled) == expected


def test_read_without_delivered_still_implies_delivery():
    statuses = parse_whatsapp_webhook(
        envelope(value(statuses=[status("read", minute=0), status("sent", minute=1)]))
    ).statuses
    assert latest_status(statuses).status is DeliveryState.READ  # type: ignore[union-attr]


def test_failure_is_terminal():
    statuses = parse_whatsapp_webhook(
        envelope(value(statuses=[status("sent"), FAILED, status("delivered", minute=5)]))
    ).statuses
    assert latest_status(statuses).status is DeliveryState.FAILED  # type: ignore[union-attr]


def test_latest_status_is_per_message():
    statuses = parse_whatsapp_webhook(
        envelope(value(statuses=[status("sent", wamid="wamid.A"), status("sent", wamid="wamid.B")]))
    ).statuses
    with pytest.raises(ValueError, match="one message"):
        latest_status(statuses)
    assert latest_status([]) is None


def test_dedupe_keys_identify_redeliveries():
    hook = parse_whatsapp_webhook(envelope(value(statuses=[status("sent"), status("sent")])))
    assert len({s.dedupe_key for s in hook.statuses}) == 1


# --- malformed bodies ------------------------------------------------------------------------


def _without(path: list[str | int]) -> dict[str, Any]:
    body = copy.deepcopy(
        envelope(value(contacts=CONTACTS, messages=[TEXT, BUTTON], statuses=[FAILED]))
    )
    if not path:
        return body
    node: Any = body
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return body


VALUE = ["entry", 0, "changes", 0, "value"]


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (["entry"], "entry"),
    ],
)
def test_a_body_without_entries_is_malformed(path, where):
    with pytest.raises(MalformedWebhookError) as info:
        parse_whatsapp_webhook(_without(path))
    assert info.value.path == where
    assert where in str(info.value) and "missing" in str(info.value)
    assert info.value.provider == "whatsapp"


M0 = "entry[0].changes[0].value.messages[0]"


@pytest.mark.parametrize(
    ("path", "item", "inner"),
    [
        (["entry", 0, "changes"], "entry[0]", "changes"),
        (["entry", 0, "changes", 0, "field"], "entry[0].changes[0]", "field"),
        (["entry", 0, "changes", 0, "value"], "entry[0].changes[0]", "value"),
        ([*VALUE, "metadata"], "entry[0].changes[0]", "value.metadata"),
        (
            [*VALUE, "metadata", "phone_number_id"],
            "entry[0].changes[0]",
            "value.metadata.phone_number_id",
        ),
        ([*VALUE, "messages", 0, "from"], M0, "from"),
        ([*VALUE, "messages", 0, "id"], M0, "id"),
        ([*VALUE, "messages", 0, "timestamp"], M0, "timestamp"),
        ([*VALUE, "messages", 0, "type"], M0, "type"),
        ([*VALUE, "messages", 0, "text"], M0, "text"),
        ([*VALUE, "messages", 0, "text", "body"], M0, "text.body"),
        (
            [*VALUE, "messages", 1, "button", "text"],
            "entry[0].changes[0].value.messages[1]",
            "button.text",
        ),
        ([*VALUE, "statuses", 0, "status"], "entry[0].changes[0].value.statuses[0]", "status"),
        ([*VALUE, "statuses", 0, "id"], "entry[0].changes[0].value.statuses[0]", "id"),
    ],
)
def test_a_missing_field_skips_only_its_item_and_names_it(path, item, inner):
    hook = parse_whatsapp_webhook(_without(path))
    (ignored,) = hook.ignored
    assert ignored.malformed and hook.malformed == (ignored,)
    assert ignored.path == item
    assert ignored.reason.startswith(f"{inner}: missing")
    # Everything else in the POST is still read.
    whole = parse_whatsapp_webhook(_without([]))  # nothing removed
    if ".messages[" in item:
        kept = {m.provider_message_id for m in hook.messages}
        assert kept == {m.provider_message_id for m in whole.messages} - {
            whole.messages[int(item[-2])].provider_message_id
        }
        assert hook.statuses == whole.statuses
    elif ".statuses[" in item:
        assert hook.messages == whole.messages and hook.statuses == ()


@pytest.mark.parametrize(
    ("mutate", "where", "what"),
    [
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0].update(timestamp="soon"),
            f"{M0}: timestamp",
            "Unix timestamp",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0].update(timestamp=True),
            f"{M0}: timestamp",
            "got a boolean",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0].update(
                timestamp="9" * 12
            ),
            f"{M0}: timestamp",
            "out of range",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0].update(**{"from": "Ana"}),
            f"{M0}: from",
            "phone number",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0].update(id=""),
            f"{M0}: id",
            "non-empty",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["messages"][0]["text"].update(body=3),
            f"{M0}: text.body",
            "expected a string, got a number",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"][0].update(
                code="x"
            ),
            "entry[0].changes[0].value.statuses[0]: errors[0].code",
            "expected an integer",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"].update(statuses=[None]),
            "entry[0].changes[0].value.statuses[0]",
            "got null",
        ),
        (
            lambda b: b["entry"][0]["changes"][0]["value"].update(messages={}),
            "entry[0].changes[0].value.messages",
            "expected an array",
        ),
    ],
)
def test_wrong_shapes_and_types_are_ignored_and_named(mutate, where, what):
    body = copy.deepcopy(envelope(value(contacts=CONTACTS, messages=[TEXT], statuses=[FAILED])))
    mutate(body)
    hook = parse_whatsapp_webhook(body)
    (ignored,) = hook.ignored
    assert str(ignored).startswith(where)
    assert what in ignored.reason and ignored.malformed


@pytest.mark.parametrize(
    ("mutate", "where", "what"),
    [
        (lambda b: b.update(entry={}), "entry", "expected an array, got an object"),
        (lambda b: b.update(object="page"), "object", "whatsapp_business_account"),
    ],
)
def test_a_wrong_envelope_is_malformed(mutate, where, what):
    body = copy.deepcopy(envelope(value(contacts=CONTACTS, messages=[TEXT], statuses=[FAILED])))
    mutate(body)
    with pytest.raises(MalformedWebhookError) as info:
        parse_whatsapp_webhook(body)
    assert info.value.path == where
    assert what in str(info.value)


# --- hostile or new shapes from Meta: one bad item never loses the POST -----------------------


def test_username_adopters_come_with_a_user_id_instead_of_a_number():
    bsuid = "CL.13491208655302741918"
    message = {
        "from_user_id": bsuid,
        "id": "wamid.U",
        "timestamp": TS,
        "type": "text",
        "text": {"body": "hola"},
    }
    contacts = [{"profile": {"name": "Ana"}, "user_id": bsuid}]
    sent = status("delivered", recipient_user_id=bsuid)
    del sent["recipient_id"]
    hook = parse_whatsapp_webhook(
        envelope(value(contacts=contacts, messages=[message, TEXT], statuses=[sent]))
    )
    adopter, classic = hook.messages
    assert (adopter.from_, adopter.from_user_id, adopter.profile_name) == (None, bsuid, "Ana")
    assert adopter.to_event("c-1").text == "hola"
    assert classic.from_ == "+56961234567"
    (delivered,) = hook.statuses
    assert (delivered.recipient, delivered.recipient_user_id) == (None, bsuid)
    assert hook.ignored == ()


def test_a_message_with_neither_number_nor_user_id_is_ignored_alone():
    anonymous = {k: v for k, v in TEXT.items() if k != "from"} | {"id": "wamid.ANON"}
    hook = parse_whatsapp_webhook(envelope(value(messages=[anonymous, BUTTON])))
    assert [m.provider_message_id for m in hook.messages] == ["wamid.BTN"]
    (ignored,) = hook.ignored
    assert ignored.path.endswith("messages[0]") and "from_user_id" in ignored.reason


def test_an_interactive_message_meta_could_not_read_is_kept_with_its_error():
    unreadable = {
        "from": "56961234567",
        "id": "wamid.ERR",
        "timestamp": TS,
        "type": "interactive",
        "errors": [
            {
                "code": 131000,
                "title": "Something went wrong",
                "message": "Something went wrong",
                "error_data": {"details": "Unable to process the message"},
            }
        ],
    }
    hook = parse_whatsapp_webhook(envelope(value(messages=[unreadable, TEXT])))
    broken, text = hook.messages
    assert (broken.kind, broken.text, broken.error_code) == ("interactive", "", 131000)
    assert "Something went wrong" in (broken.error_title or "")
    assert text.text == TEXT["text"]["body"]
    assert hook.ignored == ()


def test_an_interactive_message_without_its_object_and_no_error_is_ignored_alone():
    broken = {"from": "56961234567", "id": "wamid.BAD", "timestamp": TS, "type": "interactive"}
    hook = parse_whatsapp_webhook(envelope(value(messages=[broken, TEXT])))
    assert [m.provider_message_id for m in hook.messages] == ["wamid.TEXT"]
    assert hook.ignored[0].reason == "interactive: missing"


def test_a_changed_number_is_a_system_message_not_a_reply():
    changed = {
        "from": "56961234567",
        "id": "wamid.SYS",
        "timestamp": TS,
        "type": "system",
        "system": {
            "body": "Ana changed from 56961234567 to 56987654321",
            "wa_id": "56987654321",
            "type": "user_changed_number",
        },
    }
    hook = parse_whatsapp_webhook(envelope(value(messages=[changed])))
    assert hook.messages == () and hook.ignored == ()
    (notice,) = hook.system
    assert (notice.kind, notice.from_, notice.new_number) == (
        "user_changed_number",
        "+56961234567",
        "+56987654321",
    )
    assert "changed" in notice.text and notice.dedupe_key == ("whatsapp", "wamid.SYS")
    assert not hasattr(notice, "to_event")


def test_a_failed_status_with_131050_says_the_user_opted_out():
    stopped = status("failed", errors=[{"code": 131050, "title": "User stopped marketing"}])
    (failed,) = parse_whatsapp_webhook(envelope(value(statuses=[stopped]))).statuses
    assert failed.opt_out
    revoked = failed.opt_out_event("c-1")
    assert revoked is not None and revoked.channel == "whatsapp" and revoked.at == AT
    (other,) = parse_whatsapp_webhook(envelope(value(statuses=[FAILED]))).statuses
    assert not other.opt_out and other.opt_out_event("c-1") is None


def test_the_handler_takes_bytes_headers_as_asgi_gives_them():
    handler = WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN)
    body = json.dumps(ALL_MESSAGES).encode()
    asgi = [(b"content-type", b"application/json"), (b"x-hub-signature-256", sign(body).encode())]
    assert len(handler.handle_post(body, asgi).messages) == 6
    assert len(handler.handle_post(body, dict(asgi)).messages) == 6
    with pytest.raises(SignatureError):
        handler.handle_post(body, [(b"x-hub-signature-256", b"sha256=\xff\xfe")])


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"", "not JSON"),
        (b"{", "not JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "expected an object, got an array"),
        (b"null", "expected an object, got null"),
        ("[" * 100_000 + "]" * 100_000, "not"),
        (b'{"entry": [' + b"1" * 5000 + b"]}", "not usable JSON"),
    ],
)
def test_unparseable_bodies_are_malformed(body, what):
    with pytest.raises(MalformedWebhookError, match=what):
        parse_whatsapp_webhook(body)


def test_malformed_is_a_value_error_and_a_webhook_error():
    with pytest.raises(ValueError, match="not JSON"):
        parse_whatsapp_webhook(b"nope")
    assert issubclass(MalformedWebhookError, WebhookError)
    assert issubclass(SignatureError, WebhookError)


def test_lone_surrogates_in_json_do_not_escape_as_other_errors():
    body = json.dumps(envelope(value(messages=[{**TEXT, "text": {"body": "\ud800"}}])))
    try:
        hook = parse_whatsapp_webhook(body.encode())
    except WebhookError:
        return
    assert hook.messages[0].text == "\ud800"


# --- the handler, and secrets ----------------------------------------------------------------


def test_the_handler_verifies_then_parses():
    handler = WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN)
    body = json.dumps(ALL_MESSAGES).encode()
    hook = handler.handle_post(body, {"X-Hub-Signature-256": sign(body)})
    assert len(hook.messages) == 6
    assert handler.handle_post(body, {"x-hub-signature-256": sign(body)}) == hook
    with pytest.raises(SignatureError):
        handler.handle_post(body, {})
    with pytest.raises(SignatureError):
        handler.handle_post(body, {"X-Hub-Signature-256": sign(body, "other")})
    with pytest.raises(MalformedWebhookError):
        handler.handle_post(b"{", {"X-Hub-Signature-256": sign(b"{")})


def test_empty_secrets_are_refused():
    with pytest.raises(ValueError, match="app_secret"):
        WhatsAppWebhookHandler(app_secret="", verify_token=VERIFY_TOKEN)
    with pytest.raises(ValueError, match="verify_token"):
        WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token="")


def test_secrets_never_show_in_reprs_errors_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    handler = WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN)
    texts = [repr(handler), str(vars(handler))]
    body = json.dumps(ALL_MESSAGES).encode()
    attempts = [
        lambda: handler.handle_get(
            {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
        ),
        lambda: handler.handle_post(body, {"X-Hub-Signature-256": "sha256=00"}),
        lambda: handler.handle_post(body, {"X-Hub-Signature-256": sign(body)[:-1]}),
        lambda: handler.handle_post(b"{", {"X-Hub-Signature-256": sign(b"{")}),
        lambda: verify_whatsapp_signature(body, "sha256=00", app_secret=APP_SECRET),
    ]
    for attempt in attempts:
        with pytest.raises(WebhookError) as info:
            attempt()
        texts.append("".join(traceback.format_exception(info.value)) + repr(info.value.args))
    texts.append(caplog.text)
    expected_digest = sign(body).removeprefix("sha256=")
    for text in texts:
        assert APP_SECRET not in text and VERIFY_TOKEN not in text
        assert expected_digest not in text
