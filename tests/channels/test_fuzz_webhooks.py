"""Fuzz every webhook parser and verifier with random and adversarial input: only the library's
own errors come out (``DunningError``: ``WebhookError`` for bodies and signatures, ``InputError``
for a caller's mistake), and each call returns within a loose time bound."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_webhooks_properties import VALID_TWILIO, VALID_WHATSAPP, WHATSAPP_PATHS, json_values

from dunning import DunningError
from dunning.channels import (
    DeliveryStatus,
    InboundMessage,
    TwilioWebhookHandler,
    WhatsAppWebhook,
    WhatsAppWebhookHandler,
    parse_twilio_webhook,
    parse_whatsapp_webhook,
    twilio_signature_settings,
    verify_twilio_signature,
    verify_whatsapp_challenge,
    verify_whatsapp_signature,
)
from dunning.channels._webhook import header_value

BOUND = 1.0  # seconds per call: loose, for a shared CI machine; real calls take microseconds
NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WA = WhatsAppWebhookHandler(app_secret="fuzz-app-secret", verify_token="fuzz-verify")
TW = TwilioWebhookHandler(auth_token="fuzz-auth-token", shared_keys={"k1": "fuzz-shared"})


def only_our_errors(call: Callable[[], Any]) -> Any:
    """``call()``'s result, or ``None`` when it raised one of the library's own errors; any
    other exception fails the test, and so does a call slower than ``BOUND``."""
    start = time.thread_time()
    try:
        return call()
    except DunningError:
        return None
    finally:
        assert time.thread_time() - start < BOUND


# --- adversarial material -------------------------------------------------------------------

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "\ud800",
            "\udfff",
            "\x00",
            "\u202e",
            "\ufeff",
            "ñ" * 50,
            "+" * 20,
            "%",
            "%zz",
            "%ff%fe",
            "=",
            "&",
            ";",
            "whatsapp:",
            "whatsapp:+",
            "0" * 20,
            "9" * 400,
            "-1",
            "1e309",
            "NaN",
            "[" * 50,
            "{" * 50,
        ]
    ),
)
header_values = st.one_of(
    st.none(),
    nasty_text,
    st.binary(max_size=40),
    st.sampled_from(
        [
            "sha256=",
            "sha256=" + "0" * 64,
            "SHA256=zz",
            "=",
            "key=,algorithm=",
            "key=k1,algorithm=HMAC_SHA256",
            "key=k1,algorithm=HMAC_SHA1024",
            "algorithm=hmac_sha1",
            "a=b=c,,,",
            "Zm9v",
            "Zm9v==",
            "\xff",
        ]
    ),
)
headers = st.one_of(
    st.dictionaries(
        st.sampled_from(
            [
                "X-Hub-Signature-256",
                "x-twilio-signature",
                "X-Twilio-Webhooks-Signature-Settings",
                "other",
            ]
        )
        | nasty_text,
        header_values,
        max_size=4,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    b"x-hub-signature-256",
                    b"x-twilio-signature",
                    b"x-twilio-webhooks-signature-settings",
                    b"\xff",
                ]
            )
            | st.binary(max_size=10),
            st.binary(max_size=60),
        ),
        max_size=4,
    ),
    st.lists(st.one_of(st.none(), st.integers(), st.tuples(st.integers()), nasty_text), max_size=3),
    st.none(),
    st.integers(),
    nasty_text,
)


@st.composite
def mutated_whatsapp(draw: st.DrawFn) -> Any:
    body = copy.deepcopy(VALID_WHATSAPP)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(WHATSAPP_PATHS))
        node: Any = body
        try:
            for part in path[:-1]:
                node = node[part]
            if draw(st.booleans()):
                node[path[-1]] = draw(json_values | nasty_text)
            elif isinstance(node, dict):
                node.pop(path[-1], None)
        except (KeyError, IndexError, TypeError):
            continue
    return body


def deep(depth: int) -> str:
    return '{"entry": ' + "[" * depth + "]" * depth + "}"


whatsapp_bodies = st.one_of(
    st.binary(max_size=300),
    nasty_text,
    json_values.map(lambda v: json.dumps(v).encode()),
    mutated_whatsapp(),
    mutated_whatsapp().map(
        lambda b: json.dumps(b, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ),
    st.integers(1, 100_000).map(deep),
    st.integers(0, 30_000).map(
        lambda n: json.dumps(
            {
                "entry": [
                    {
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "metadata": {"phone_number_id": "1"},
                                    "messages": [{"type": "text"}] * n,
                                },
                            }
                        ]
                    }
                ]
            }
        ).encode()
    ),
    st.sampled_from(
        [
            b'{"entry": [' + b"1" * 5000 + b"]}",
            b'{"entry": [1e999]}',
            b'{"entry": "' + b"\\ud800" * 100 + b'"}',
            b"\xef\xbb\xbf{}",
        ]
    ),
    st.none(),
    st.integers(),
    st.lists(st.integers(), max_size=3),
)

form_values = st.one_of(nasty_text, st.lists(nasty_text, max_size=3), st.integers(), st.none())
twilio_params = st.one_of(
    st.binary(max_size=300),
    nasty_text,
    st.dictionaries(st.sampled_from(sorted(VALID_TWILIO)) | nasty_text, form_values, max_size=8),
    st.dictionaries(st.sampled_from(sorted(VALID_TWILIO)), nasty_text, max_size=12).map(
        lambda d: {**VALID_TWILIO, **d}
    ),
    st.dictionaries(st.sampled_from(sorted(VALID_TWILIO)), nasty_text, max_size=12).map(
        lambda d: urlencode({**VALID_TWILIO, **d}, errors="surrogatepass").encode()
    ),
    st.integers(0, 2_000_000).map(lambda n: b"&" * n),
    st.integers(0, 300_000).map(lambda n: b"a=" + b"%ff" * n),
    st.none(),
    st.integers(),
    st.lists(st.integers(), max_size=3),
)
urls = st.one_of(
    st.none(),
    nasty_text,
    st.sampled_from(
        [
            "https://h.example/t?dunning_message_id=m-1",
            "https://h.example:443/t",
            "http://[::1",
            "https://h.example/t?bodySHA256=00",
            "//",
            ":",
            "",
            "https://u:p@h.example:99999/t",
            "https://h.example/t?%ff=1",
        ]
    ),
)


# --- WhatsApp ---------------------------------------------------------------------------------


@FUZZ
@given(whatsapp_bodies)
def test_parse_whatsapp_webhook(body):
    result = only_our_errors(lambda: parse_whatsapp_webhook(body))
    assert result is None or isinstance(result, WhatsAppWebhook)


@FUZZ
@given(whatsapp_bodies, header_values, st.sampled_from(["s", "fuzz-app-secret", "ñ"]))
def test_verify_whatsapp_signature(body, header, secret):
    only_our_errors(lambda: verify_whatsapp_signature(body, header, app_secret=secret))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge"]) | nasty_text,
        form_values,
        max_size=4,
    )
)
def test_verify_whatsapp_challenge(params):
    only_our_errors(lambda: verify_whatsapp_challenge(params, verify_token="fuzz-verify"))


@FUZZ
@given(whatsapp_bodies, headers)
def test_the_whatsapp_handler(body, hdrs):
    only_our_errors(lambda: WA.handle_post(body, hdrs))
    only_our_errors(lambda: WA.handle_get(hdrs if isinstance(hdrs, dict) else {}))


# --- Twilio -----------------------------------------------------------------------------------


@FUZZ
@given(twilio_params, urls, st.sampled_from([NOW, datetime(2026, 1, 1), None, "now"]))
def test_parse_twilio_webhook(params, url, received_at):
    result = only_our_errors(lambda: parse_twilio_webhook(params, url=url, at=received_at))
    assert result is None or isinstance(result, InboundMessage | DeliveryStatus)


@FUZZ
@given(
    twilio_params,
    urls,
    header_values,
    st.sampled_from(["HMAC_SHA1", "HMAC_SHA256", "hmac_sha256", "MD5", "", " HMAC_SHA1 "]),
)
def test_verify_twilio_signature(params, url, header, algorithm):
    only_our_errors(
        lambda: verify_twilio_signature(
            url, params, header, auth_token="fuzz-auth-token", algorithm=algorithm
        )
    )


@FUZZ
@given(twilio_params, urls, headers)
def test_the_twilio_handler(body, url, hdrs):
    only_our_errors(lambda: TW.handle_post(url, body, hdrs, at=NOW))


@FUZZ
@given(header_values, headers, nasty_text)
def test_header_helpers_never_raise(value, hdrs, name):
    _key, algorithm = twilio_signature_settings(value if isinstance(value, str) else None)
    assert isinstance(algorithm, str)
    found = header_value(hdrs, name) if isinstance(hdrs, dict | list) else None
    assert found is None or isinstance(found, str)
