"""Twilio webhooks: X-Twilio-Signature, incoming messages, status callbacks and opt-outs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import random
import traceback
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest

from dunning import MalformedWebhookError, NaiveDatetimeError, SignatureError, WebhookError
from dunning.channels import (
    OPT_OUT_KEYWORDS,
    DeliveryState,
    DeliveryStatus,
    InboundMessage,
    TwilioWebhookHandler,
    latest_status,
    parse_twilio_webhook,
    verify_twilio_signature,
)
from dunning.events import ConsentRevoked, MessageDelivered, MessageFailed, MessageSent

# The vector of twilio-python's own tests (shared channel reference, section 2.5).
TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
EXPECTED = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
BODY_JSON = '{"property": "value", "boolean": true}'
BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
BODY_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4="  # twilio-python's test for the JSON variant

AUTH_TOKEN = "tw-auth-token-9c2d"
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
CALLBACK = "https://hooks.example.com/webhooks/twilio?dunning_message_id=m-42"
INBOUND = {
    "MessageSid": "SM1a",
    "SmsSid": "SM1a",
    "SmsMessageSid": "SM1a",
    "AccountSid": "AC1",
    "From": "+5215512345678",
    "To": "+15005550006",
    "Body": "¿Puedo pagar el viernes?",
    "NumMedia": "0",
    "NumSegments": "1",
    "SmsStatus": "received",
    "ApiVersion": "2010-04-01",
}


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    data = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def callback(status: str, **extra: str) -> dict[str, str]:
    return {
        "MessageSid": "SM9f",
        "SmsSid": "SM9f",
        "AccountSid": "AC1",
        "From": "+15005550006",
        "To": "+5215512345678",
        "ApiVersion": "2010-04-01",
        "MessageStatus": status,
        "SmsStatus": status,
        **extra,
    }


# --- signature -------------------------------------------------------------------------------


def test_the_reference_vector_verifies():
    verify_twilio_signature(URL, PARAMS, EXPECTED, auth_token=TOKEN)


def test_the_reference_vector_verifies_from_the_raw_form_body():
    verify_twilio_signature(URL, urlencode(PARAMS).encode(), EXPECTED, auth_token=TOKEN)
    verify_twilio_signature(URL, urlencode(PARAMS), EXPECTED, auth_token=TOKEN)


def test_list_values_are_sorted_and_deduplicated():
    params = {"MediaUrl": ["b", "a", "b"], "To": "+1"}
    data = URL + "MediaUrla" + "MediaUrlb" + "To+1"
    expected = base64.b64encode(hmac.new(TOKEN.encode(), data.encode(), hashlib.sha1).digest())
    verify_twilio_signature(URL, params, expected.decode(), auth_token=TOKEN)


@pytest.mark.parametrize(
    ("signed", "received"),
    [
        (
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
        ),
        (
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
        ),
        ("http://mycompany.com/myapp.php", "http://mycompany.com:80/myapp.php"),
        ("http://mycompany.com:80/myapp.php", "http://mycompany.com/myapp.php"),
    ],
)
def test_the_url_is_tried_with_and_without_the_default_port(signed, received):
    verify_twilio_signature(received, PARAMS, signature(signed, PARAMS, TOKEN), auth_token=TOKEN)


def test_a_json_body_is_checked_against_body_sha256():
    assert hashlib.sha256(BODY_JSON.encode()).hexdigest() == BODY_HASH
    url = f"{URL}&bodySHA256={BODY_HASH}"
    signed = BODY_SIGNATURE
    verify_twilio_signature(url, BODY_JSON.encode(), signed, auth_token=TOKEN)
    verify_twilio_signature(url, BODY_JSON, signed, auth_token=TOKEN)
    with pytest.raises(SignatureError, match="bodySHA256"):
        verify_twilio_signature(url, BODY_JSON.encode() + b" ", signed, auth_token=TOKEN)


@pytest.mark.parametrize(
    "header", [None, "", " ", EXPECTED[:-2], EXPECTED + "A", EXPECTED.lower(), "ñ" + EXPECTED[1:]]
)
def test_missing_or_wrong_headers_are_refused(header):
    with pytest.raises(SignatureError):
        verify_twilio_signature(URL, PARAMS, header, auth_token=TOKEN)


def _flip(text: str, i: int) -> str:
    return text[:i] + chr(ord(text[i]) ^ 0x01) + text[i + 1 :]


def test_flipping_any_byte_of_the_signature_is_refused():
    for i in range(len(EXPECTED)):
        with pytest.raises(SignatureError):
            verify_twilio_signature(URL, PARAMS, _flip(EXPECTED, i), auth_token=TOKEN)


def test_flipping_any_byte_of_the_url_is_refused():
    for i in range(len(URL)):
        with pytest.raises(SignatureError):
            verify_twilio_signature(_flip(URL, i), PARAMS, EXPECTED, auth_token=TOKEN)


def test_flipping_any_byte_of_any_parameter_name_or_value_is_refused():
    for name, value in PARAMS.items():
        for i in range(len(value)):
            params = {**PARAMS, name: _flip(value, i)}
            with pytest.raises(SignatureError):
                verify_twilio_signature(URL, params, EXPECTED, auth_token=TOKEN)
        for i in range(len(name)):
            params = {k: v for k, v in PARAMS.items() if k != name}
            params[_flip(name, i)] = value
            with pytest.raises(SignatureError):
                verify_twilio_signature(URL, params, EXPECTED, auth_token=TOKEN)


def test_flipping_any_byte_of_the_form_body_is_refused():
    body = urlencode(PARAMS).encode()
    for i in range(len(body)):
        flipped = body[:i] + bytes([body[i] ^ 0x01]) + body[i + 1 :]
        with pytest.raises(WebhookError):  # SignatureError, or malformed percent-escapes
            verify_twilio_signature(URL, flipped, EXPECTED, auth_token=TOKEN)


def test_a_dropped_or_added_parameter_is_refused():
    with pytest.raises(SignatureError):
        verify_twilio_signature(URL, {**PARAMS, "Extra": ""}, EXPECTED, auth_token=TOKEN)
    with pytest.raises(SignatureError):
        verify_twilio_signature(URL, dict(list(PARAMS.items())[1:]), EXPECTED, auth_token=TOKEN)


def test_another_token_is_refused():
    with pytest.raises(SignatureError):
        verify_twilio_signature(URL, PARAMS, EXPECTED, auth_token="54321")


def test_an_empty_token_is_a_configuration_error():
    with pytest.raises(ValueError, match="auth_token"):
        verify_twilio_signature(URL, PARAMS, EXPECTED, auth_token="")


# --- incoming messages -----------------------------------------------------------------------


def test_an_incoming_sms_is_read():
    message = parse_twilio_webhook(INBOUND, at=NOW)
    assert message == InboundMessage(
        provider="twilio",
        channel="sms",
        kind="text",
        from_="+5215512345678",
        to="+15005550006",
        provider_message_id="SM1a",
        at=NOW,
        text="¿Puedo pagar el viernes?",
    )
    event = message.to_event("c-1")
    assert (event.debtor_id, event.channel, event.text, event.at) == (
        "c-1",
        "sms",
        "¿Puedo pagar el viernes?",
        NOW,
    )


def test_the_form_body_and_the_mapping_parse_the_same():
    assert parse_twilio_webhook(urlencode(INBOUND).encode(), at=NOW) == (
        parse_twilio_webhook(INBOUND, at=NOW)
    )
    lists = {k: [v] for k, v in INBOUND.items()}
    assert parse_twilio_webhook(lists, at=NOW) == parse_twilio_webhook(INBOUND, at=NOW)


def test_received_at_is_required_aware_and_stored_in_utc():
    with pytest.raises(NaiveDatetimeError):
        parse_twilio_webhook(INBOUND, at=datetime(2026, 11, 20, 12))
    santiago = NOW.astimezone(timezone(timedelta(hours=-3)))
    message = parse_twilio_webhook(INBOUND, at=santiago)
    assert message.at == NOW and message.at.utcoffset() == timedelta(0)


def test_an_incoming_whatsapp_message_through_twilio():
    message = parse_twilio_webhook(
        {
            **INBOUND,
            "From": "whatsapp:+5215512345678",
            "To": "whatsapp:+14155238886",
            "ProfileName": "Luis",
            "ButtonText": "Pagar ahora",
            "ButtonPayload": "PAY",
            "Body": "Pagar ahora",
            "OriginalRepliedMessageSid": "SMtemplate",
        },
        at=NOW,
    )
    assert isinstance(message, InboundMessage)
    assert (message.channel, message.from_, message.to, message.profile_name) == (
        "whatsapp",
        "+5215512345678",
        "+14155238886",
        "Luis",
    )
    assert (message.kind, message.reply_id, message.reply_title, message.context_message_id) == (
        "button",
        "PAY",
        "Pagar ahora",
        "SMtemplate",
    )


def test_media_without_text_is_kept():
    message = parse_twilio_webhook(
        {**INBOUND, "Body": "", "NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/1"},
        at=NOW,
    )
    assert isinstance(message, InboundMessage)
    assert (message.kind, message.text) == ("media", "")


@pytest.mark.parametrize("text", [*sorted(OPT_OUT_KEYWORDS), "stop", " Stop\n", "OPTOUT"])
def test_opt_out_keywords_revoke_consent(text):
    message = parse_twilio_webhook({**INBOUND, "Body": text}, at=NOW)
    assert isinstance(message, InboundMessage) and message.opt_out
    assert message.opt_out_event("c-1") == ConsentRevoked(at=NOW, debtor_id="c-1", channel="sms")


@pytest.mark.parametrize("text", ["stop please", "STOP!", "start", "HELP", "no quiero", ""])
def test_only_a_bare_keyword_is_an_opt_out(text):
    message = parse_twilio_webhook({**INBOUND, "Body": text}, at=NOW)
    assert isinstance(message, InboundMessage) and not message.opt_out
    assert message.opt_out_event("c-1") is None


def test_opt_out_type_from_advanced_opt_out_counts():
    message = parse_twilio_webhook({**INBOUND, "Body": "BAJA", "OptOutType": "STOP"}, at=NOW)
    assert isinstance(message, InboundMessage) and message.opt_out
    start = parse_twilio_webhook({**INBOUND, "Body": "ALTA", "OptOutType": "START"}, at=NOW)
    assert isinstance(start, InboundMessage) and not start.opt_out


# --- status callbacks ------------------------------------------------------------------------


def test_a_status_callback_carries_our_message_id_from_the_url():
    status = parse_twilio_webhook(callback("delivered"), url=CALLBACK, at=NOW)
    assert status == DeliveryStatus(
        provider="twilio",
        channel="sms",
        provider_message_id="SM9f",
        message_id="m-42",
        status="delivered",
        provider_status="delivered",
        at=NOW,
        recipient="+5215512345678",
    )
    assert isinstance(status.to_event("c-1"), MessageDelivered)


def test_the_sms_channel_callback_url_round_trips():
    from dunning.channels._twilio_send import _with_message_id

    url = _with_message_id("https://hooks.example.com/twilio?tenant=7", "m-é&1")
    status = parse_twilio_webhook(callback("sent"), url=url, at=NOW)
    assert isinstance(status, DeliveryStatus) and status.message_id == "m-é&1"
    assert isinstance(status.to_event("c-1"), MessageSent)


def test_without_the_url_there_is_no_message_id_and_no_event():
    status = parse_twilio_webhook(callback("delivered"), at=NOW)
    assert isinstance(status, DeliveryStatus)
    assert status.message_id is None and status.to_event("c-1") is None


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("accepted", DeliveryState.ACCEPTED),
        ("scheduled", DeliveryState.SCHEDULED),
        ("queued", DeliveryState.QUEUED),
        ("sending", DeliveryState.SENDING),
        ("sent", DeliveryState.SENT),
        ("delivered", DeliveryState.DELIVERED),
        ("undelivered", DeliveryState.UNDELIVERED),
        ("failed", DeliveryState.FAILED),
        ("read", DeliveryState.READ),
        ("canceled", DeliveryState.CANCELED),
        ("partially_delivered", DeliveryState.PARTIALLY_DELIVERED),
        ("something_new", DeliveryState.UNKNOWN),
    ],
)
def test_twilio_statuses_map_to_the_common_vocabulary(word, state):
    status = parse_twilio_webhook(callback(word), url=CALLBACK, at=NOW)
    assert isinstance(status, DeliveryStatus)
    assert (status.status, status.provider_status) == (state, word)


def test_a_failure_carries_the_error_code():
    status = parse_twilio_webhook(callback("undelivered", ErrorCode="30003"), url=CALLBACK, at=NOW)
    assert isinstance(status, DeliveryStatus) and status.error_code == 30003
    event = status.to_event("c-1")
    assert isinstance(event, MessageFailed) and event.error == "30003"
    titled = parse_twilio_webhook(
        callback("failed", ErrorCode="30008", ErrorMessage="Unknown error"),
        url=CALLBACK,
        at=NOW,
    )
    assert titled.to_event("c-1").error == "30008: Unknown error"  # type: ignore[union-attr]


def test_a_whatsapp_status_through_twilio():
    status = parse_twilio_webhook(
        callback("read", To="whatsapp:+5215512345678"), url=CALLBACK, at=NOW
    )
    assert isinstance(status, DeliveryStatus)
    assert (status.channel, status.recipient) == ("whatsapp", "+5215512345678")


def test_shuffled_callbacks_keep_the_monotonic_maximum():
    words = ["queued", "sending", "sent", "delivered", "sent", "queued", "delivered"]
    statuses = [
        parse_twilio_webhook(callback(w), url=CALLBACK, at=NOW + timedelta(seconds=n))
        for n, w in enumerate(words)
    ]
    rng = random.Random(11)
    for _ in range(50):
        shuffled = list(statuses)  # type: ignore[arg-type]
        rng.shuffle(shuffled)
        best = latest_status(shuffled)
        assert best is not None and best.status is DeliveryState.DELIVERED
        assert best.at == NOW + timedelta(seconds=6)


def test_undelivered_after_sent_is_terminal_in_any_order():
    statuses = [
        parse_twilio_webhook(callback(w, ErrorCode=c), url=CALLBACK, at=NOW)
        for w, c in [("sent", ""), ("undelivered", "30005"), ("queued", "")]
    ]
    for order in ([0, 1, 2], [2, 1, 0], [1, 0, 2]):
        best = latest_status([statuses[i] for i in order])  # type: ignore[misc]
        assert best is not None and best.status is DeliveryState.UNDELIVERED


# --- malformed bodies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({k: v for k, v in INBOUND.items() if k != "From"}, "From"),
        ({k: v for k, v in INBOUND.items() if k != "To"}, "To"),
        ({k: v for k, v in INBOUND.items() if "Sid" not in k}, "MessageSid"),
        ({**INBOUND, "From": "Ana"}, "From"),
        ({**INBOUND, "From": "messenger:12345"}, "From"),
        ({**INBOUND, "From": ["+5215512345678", "+5215500000000"]}, "From"),
        ({**INBOUND, "Body": 3}, "Body"),
        ({**INBOUND, "Body": None}, "Body"),
        ({**INBOUND, "Body": [b"x"]}, "Body"),
        ({k: v for k, v in callback("sent").items() if "Sid" not in k}, "MessageSid"),
        (callback("failed", ErrorCode="thirty"), "ErrorCode"),
        ({}, "From"),
    ],
)
def test_missing_or_wrong_fields_are_named(params, field):
    with pytest.raises(MalformedWebhookError) as info:
        parse_twilio_webhook(params, url=CALLBACK, at=NOW)
    assert info.value.path == field and info.value.provider == "twilio"


@pytest.mark.parametrize(
    "body", [b"\xff\xfe", b"Body=%FF&From=%2B1", "Body=%C3%28", b"", b"garbage"]
)
def test_undecodable_or_incomplete_bodies_are_malformed(body):
    with pytest.raises(MalformedWebhookError):
        parse_twilio_webhook(body, at=NOW)


def test_a_non_mapping_is_malformed():
    with pytest.raises(MalformedWebhookError):
        parse_twilio_webhook(42, at=NOW)  # type: ignore[arg-type]


# --- the handler, and secrets ----------------------------------------------------------------


def test_the_handler_verifies_then_parses():
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    body = urlencode(callback("delivered")).encode()
    headers = {"X-Twilio-Signature": signature(CALLBACK, callback("delivered"))}
    status = handler.handle_post(CALLBACK, body, headers, at=NOW)
    assert isinstance(status, DeliveryStatus) and status.message_id == "m-42"
    lower = {"x-twilio-signature": headers["X-Twilio-Signature"]}
    assert handler.handle_post(CALLBACK, body, lower, at=NOW) == status
    with pytest.raises(SignatureError):
        handler.handle_post(CALLBACK, body, {}, at=NOW)
    with pytest.raises(SignatureError):  # the message id in the URL is signed too
        handler.handle_post(CALLBACK.replace("m-42", "m-43"), body, headers, at=NOW)


def test_secrets_never_show_in_reprs_errors_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    texts = [repr(handler), str(vars(handler))]
    body = urlencode(INBOUND).encode()
    good = signature(CALLBACK, INBOUND)
    for attempt in (
        lambda: handler.handle_post(CALLBACK, body, {"X-Twilio-Signature": "AAAA"}, at=NOW),
        lambda: handler.handle_post(CALLBACK, body + b"&x=1", {"X-Twilio-Signature": good}, at=NOW),
        lambda: verify_twilio_signature(CALLBACK, INBOUND, "nope", auth_token=AUTH_TOKEN),
    ):
        with pytest.raises(WebhookError) as info:
            attempt()
        texts.append("".join(traceback.format_exception(info.value)) + repr(info.value.args))
    texts.append(caplog.text)
    for text in texts:
        assert AUTH_TOKEN not in text and good not in text


# --- hostile bodies: limits before parsing, signature before decoding --------------------------


def test_a_body_with_too_many_fields_is_refused_before_it_is_parsed():
    forged = b"&" * 1_000_000  # a million empty fields in 1 MB: refused before any split
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN, max_bytes=2_000_000)
    with pytest.raises(MalformedWebhookError, match="more than 256 fields"):
        handler.handle_post(CALLBACK, forged, {"X-Twilio-Signature": "forged"}, at=NOW)
    with pytest.raises(MalformedWebhookError, match="fields"):
        parse_twilio_webhook(forged, at=NOW, max_bytes=2_000_000)
    with pytest.raises(MalformedWebhookError, match="larger"):  # the default size limit
        parse_twilio_webhook(forged, at=NOW)
    as_mapping = {f"f{n}": "1" for n in range(1_000)}
    with pytest.raises(MalformedWebhookError, match="fields"):
        verify_twilio_signature(URL, as_mapping, "x", auth_token=TOKEN)


def test_a_body_over_the_size_limit_is_refused_before_it_is_parsed():
    huge = b"Body=" + b"a" * (64 * 1024)
    with pytest.raises(MalformedWebhookError, match="larger than 65536 bytes"):
        verify_twilio_signature(URL, huge, "x", auth_token=TOKEN)
    with pytest.raises(MalformedWebhookError, match="larger"):
        verify_twilio_signature(URL, {"Body": "a" * 70_000}, "x", auth_token=TOKEN)
    with pytest.raises(MalformedWebhookError, match="larger"):
        parse_twilio_webhook(huge.decode(), at=NOW)
    small = TwilioWebhookHandler(auth_token=AUTH_TOKEN, max_bytes=100)
    body = urlencode(INBOUND).encode()
    with pytest.raises(MalformedWebhookError, match="larger than 100 bytes"):
        small.handle_post(
            CALLBACK, body, {"X-Twilio-Signature": signature(CALLBACK, INBOUND)}, at=NOW
        )


def test_a_genuine_message_at_the_longest_fits_the_limits():
    form = {
        **INBOUND,
        "Body": "ñ" * 1600,
        **{f"MediaUrl{n}": "https://x.example/m" * 5 for n in range(10)},
    }
    body = urlencode(form).encode()
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    reply = handler.handle_post(
        CALLBACK, body, {"X-Twilio-Signature": signature(CALLBACK, form)}, at=NOW
    )
    assert isinstance(reply, InboundMessage) and reply.text == "ñ" * 1600


@pytest.mark.parametrize(
    "body", [b"Body=\xff\xfe&From=%2B1", b"Body=%ff%fe&MessageSid=SM1", b"\xc3(=1"]
)
def test_a_forged_body_that_is_not_utf8_is_a_signature_failure(body):
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    with pytest.raises(SignatureError):
        handler.handle_post(CALLBACK, body, {"X-Twilio-Signature": "Zm9yZ2Vk"}, at=NOW)


def test_a_signed_body_that_is_not_utf8_is_malformed_after_the_signature():
    body = b"MessageSid=SM1&From=%2B5215512345678&To=%2B15005550006&Body=%ff"
    data = CALLBACK.encode() + b"Body\xff" + b"From+5215512345678MessageSidSM1To+15005550006"
    signed = base64.b64encode(hmac.new(AUTH_TOKEN.encode(), data, hashlib.sha1).digest())
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    with pytest.raises(MalformedWebhookError, match="Body: not UTF-8"):
        handler.handle_post(CALLBACK, body, {"X-Twilio-Signature": signed.decode()}, at=NOW)


def test_bytes_headers_as_asgi_gives_them_are_accepted():
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN)
    body = urlencode(INBOUND).encode()
    sig = signature(CALLBACK, INBOUND).encode()
    for headers in ([(b"x-twilio-signature", sig)], {b"X-Twilio-Signature": sig}):
        reply = handler.handle_post(CALLBACK, body, headers, at=NOW)
        assert isinstance(reply, InboundMessage) and reply.provider_message_id == "SM1a"
    with pytest.raises(SignatureError):
        handler.handle_post(CALLBACK, body, [(b"x-twilio-signature", b"\xff" + sig)], at=NOW)


# --- SharedKey (HMAC-SHA256) signing -------------------------------------------------------------

SHARED_ID, SHARED_SECRET = "webhooks_sharedkey_01", "shared-key-secret-1"
# Computed with twilio 9.13.0's RequestValidator("12345").compute_signature(URL, PARAMS,
# "HMAC_SHA256"): the official validator, run once by hand (it is not a test dependency).
EXPECTED_SHA256 = "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s="


def sha256_signature(url: str, params: dict[str, str], key: str = SHARED_SECRET) -> str:
    data = url + "".join(k + params[k] for k in sorted(params))
    return base64.b64encode(hmac.new(key.encode(), data.encode(), hashlib.sha256).digest()).decode()


def settings(key: str = SHARED_ID) -> str:
    return f"key={key},algorithm=HMAC_SHA256"


def test_the_official_validators_sha256_vector_verifies():
    verify_twilio_signature(URL, PARAMS, EXPECTED_SHA256, auth_token=TOKEN, algorithm="HMAC_SHA256")
    with pytest.raises(SignatureError):
        verify_twilio_signature(URL, PARAMS, EXPECTED_SHA256, auth_token=TOKEN)
    with pytest.raises(SignatureError, match="unsupported"):
        verify_twilio_signature(
            URL, PARAMS, EXPECTED_SHA256, auth_token=TOKEN, algorithm="HMAC_MD5"
        )


def test_a_request_signed_with_a_shared_key_is_checked_with_that_key():
    handler = TwilioWebhookHandler(
        auth_token=AUTH_TOKEN, shared_keys={SHARED_ID: SHARED_SECRET, "old": "old-secret"}
    )
    body = urlencode(INBOUND).encode()
    headers = {
        "X-Twilio-Signature": sha256_signature(CALLBACK, INBOUND),
        "X-Twilio-Webhooks-Signature-Settings": settings(),
    }
    assert handler.handle_post(CALLBACK, body, headers, at=NOW).text == INBOUND["Body"]
    rotated = {
        **headers,
        "X-Twilio-Signature": sha256_signature(CALLBACK, INBOUND, "old-secret"),
        "X-Twilio-Webhooks-Signature-Settings": settings("old"),
    }
    assert handler.handle_post(CALLBACK, body, rotated, at=NOW).from_ == INBOUND["From"]
    # The auth token's SHA-1 signature is still accepted without the settings header.
    classic = {"X-Twilio-Signature": signature(CALLBACK, INBOUND)}
    assert handler.handle_post(CALLBACK, body, classic, at=NOW).from_ == INBOUND["From"]


@pytest.mark.parametrize(
    "headers",
    [
        # The SharedKey signature under another key id, or with the classic header alone.
        {
            "X-Twilio-Signature": sha256_signature(CALLBACK, INBOUND),
            "X-Twilio-Webhooks-Signature-Settings": settings("unknown"),
        },
        {"X-Twilio-Signature": sha256_signature(CALLBACK, INBOUND)},
        # The auth token's signature presented as a SharedKey one (a downgrade).
        {
            "X-Twilio-Signature": signature(CALLBACK, INBOUND),
            "X-Twilio-Webhooks-Signature-Settings": settings(),
        },
        {
            "X-Twilio-Signature": sha256_signature(CALLBACK, INBOUND),
            "X-Twilio-Webhooks-Signature-Settings": f"key={SHARED_ID},algorithm=HMAC_SHA512",
        },
    ],
)
def test_shared_key_mismatches_are_refused(headers):
    handler = TwilioWebhookHandler(auth_token=AUTH_TOKEN, shared_keys={SHARED_ID: SHARED_SECRET})
    with pytest.raises(SignatureError) as info:
        handler.handle_post(CALLBACK, urlencode(INBOUND).encode(), headers, at=NOW)
    assert SHARED_SECRET not in str(info.value) and AUTH_TOKEN not in str(info.value)


def test_a_handler_with_only_shared_keys_refuses_auth_token_signatures():
    handler = TwilioWebhookHandler(shared_keys={SHARED_ID: SHARED_SECRET})
    assert SHARED_SECRET not in repr(handler) and SHARED_ID in repr(handler)
    with pytest.raises(SignatureError, match="only SharedKeys"):
        handler.handle_post(
            CALLBACK,
            urlencode(INBOUND).encode(),
            {"X-Twilio-Signature": signature(CALLBACK, INBOUND)},
            at=NOW,
        )
    with pytest.raises(ValueError, match="auth_token or shared_keys"):
        TwilioWebhookHandler()


# --- 21610 in a status callback --------------------------------------------------------------


@pytest.mark.parametrize("to", [{"To": "+5215512345678"}, {}])
def test_a_21610_status_callback_revokes_consent_like_the_rest_path(to):
    form = {k: v for k, v in callback("failed", ErrorCode="21610").items() if k != "To"} | to
    status = parse_twilio_webhook(form, url=CALLBACK, at=NOW)
    assert isinstance(status, DeliveryStatus) and status.opt_out
    assert status.to_event("c-1") == MessageFailed(
        at=NOW, message_id="m-42", debtor_id="c-1", channel="sms", error="21610"
    )
    assert status.opt_out_event("c-1") == ConsentRevoked(at=NOW, debtor_id="c-1", channel="sms")
    other = parse_twilio_webhook(callback("undelivered", ErrorCode="30003"), url=CALLBACK, at=NOW)
    assert isinstance(other, DeliveryStatus) and other.opt_out_event("c-1") is None


def test_a_21610_on_whatsapp_through_twilio_revokes_whatsapp_consent():
    form = callback("failed", ErrorCode="21610", From="whatsapp:+15005550006")
    del form["To"]
    status = parse_twilio_webhook(form, url=CALLBACK, at=NOW)
    assert isinstance(status, DeliveryStatus)
    revoked = status.opt_out_event("c-1")
    assert revoked is not None and revoked.channel == "whatsapp"
