"""No credential in a traceback formatted with its frames' local variables (what error trackers
capture), whatever the error path: provider errors that echo the credential, network failures,
SMTP authentication failures, forged webhooks. And none in httpx/httpcore DEBUG logs."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import traceback
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fake_providers import (
    TWILIO_SID,
    TWILIO_TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
    meta_error,
    respond,
    sleep,
    twilio_error,
)
from fake_smtp import SMTP_PASSWORD, SMTP_USER, UNICODE_USER
from samples import message

from dunning import ChannelError, WebhookError
from dunning.channels import (
    AsyncTwilioSMSChannel,
    AsyncWhatsAppCloudChannel,
    SMTPEmailChannel,
    TwilioSMSChannel,
    TwilioWebhookHandler,
    WhatsAppCloudChannel,
    WhatsAppWebhookHandler,
)

APP_SECRET = "wa-app-secret-in-traceback-1"
VERIFY_TOKEN = "wa-verify-token-in-traceback-2"
SHARED_SECRET = "tw-shared-key-in-traceback-3"
UNICODE_WRONG = "contraseña-mala-ñ-4"
BASIC = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
SECRETS = [
    WA_TOKEN,
    TWILIO_TOKEN,
    BASIC,
    SMTP_PASSWORD,
    APP_SECRET,
    VERIFY_TOKEN,
    SHARED_SECRET,
    UNICODE_WRONG,
    base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode(),
    base64.b64encode(f"\0{UNICODE_USER}\0{UNICODE_WRONG}".encode()).decode(),
    base64.b64encode(SMTP_PASSWORD.encode()).decode(),
]
# As Python would show them in a repr of bytes or of an escaped str.
SHOWN = (
    SECRETS
    + [repr(s.encode())[2:-1] for s in SECRETS]
    + [s.encode("unicode_escape").decode() for s in SECRETS]
)


def with_locals(exc: BaseException) -> str:
    """The traceback as Sentry-like trackers see it: every frame of the chain, with locals."""
    formatted = traceback.TracebackException.from_exception(exc, capture_locals=True)
    return "".join(formatted.format(chain=True))


def failure(attempt: Callable[[], Any]) -> BaseException:
    try:
        attempt()
    except (ChannelError, WebhookError) as exc:
        return exc
    raise AssertionError("expected an error")


def assert_clean(text: str) -> None:
    leaked = [s for s in SHOWN if s and s in text]
    assert not leaked, f"credential in the traceback: {leaked[0][:6]}..."


def whatsapp(client: httpx.Client) -> WhatsAppCloudChannel:
    return WhatsAppCloudChannel(phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client)


def twilio(client: httpx.Client) -> TwilioSMSChannel:
    return TwilioSMSChannel(
        account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN, client=client, from_number="+15005550006"
    )


def test_the_check_itself_can_see_a_leak():
    def leaky(token: str = WA_TOKEN) -> None:
        raise ChannelError("boom")

    text = with_locals(failure(leaky))
    assert WA_TOKEN in text  # a plain local is shown: the tests below would catch it


@pytest.mark.parametrize(
    "fault",
    [
        meta_error(190, f"Invalid OAuth access token {WA_TOKEN}", status=401),
        meta_error(130429, f"token {WA_TOKEN} throttled"),
        respond(500, {"error": {"message": f"Bearer {WA_TOKEN}"}}),
        respond(200, {"messages": [], "echo": WA_TOKEN}),  # malformed success
        sleep(3),  # read timeout: the failure comes from inside httpx/httpcore
    ],
)
def test_whatsapp_error_paths(providers, client, fault):
    providers.inject(fault)
    assert_clean(with_locals(failure(lambda: whatsapp(client).send(message("whatsapp")))))


@pytest.mark.parametrize(
    "fault",
    [
        twilio_error(20003, f"Authenticate {TWILIO_TOKEN} / {BASIC}", status=401),
        twilio_error(20429, f"Too many requests for {TWILIO_TOKEN}", status=429),
        respond(201, {"status": "queued", "echo": BASIC}),  # no sid: malformed success
        sleep(3),
    ],
)
def test_twilio_error_paths(providers, client, fault):
    providers.inject(fault)
    assert_clean(with_locals(failure(lambda: twilio(client).send(message("sms")))))


def test_a_refused_connection(providers):
    with httpx.Client(base_url="http://127.0.0.1:9", timeout=1.0) as client:
        for channel, kind in ((whatsapp(client), "whatsapp"), (twilio(client), "sms")):
            assert_clean(with_locals(failure(lambda c=channel, k=kind: c.send(message(k)))))


def test_async_error_paths(providers):
    providers.inject(
        sleep(3), sleep(3), meta_error(190, f"Invalid OAuth access token {WA_TOKEN}", status=401)
    )

    async def run() -> list[BaseException]:
        errors: list[BaseException] = []
        async with httpx.AsyncClient(
            base_url=providers.url, timeout=httpx.Timeout(2.0, read=0.5)
        ) as client:
            channels = [
                (
                    AsyncWhatsAppCloudChannel(
                        phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
                    ),
                    "whatsapp",
                ),
                (
                    AsyncTwilioSMSChannel(
                        account_sid=TWILIO_SID,
                        auth_token=TWILIO_TOKEN,
                        client=client,
                        from_number="+15005550006",
                    ),
                    "sms",
                ),
                (
                    AsyncWhatsAppCloudChannel(
                        phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
                    ),
                    "whatsapp",
                ),
            ]
            for channel, kind in channels:
                try:
                    await channel.send(message(kind))
                except ChannelError as exc:
                    errors.append(exc)
        return errors

    errors = asyncio.run(run())
    assert len(errors) == 3
    for error in errors:
        assert_clean(with_locals(error))


@pytest.mark.parametrize(
    ("username", "password"),
    [
        (SMTP_USER, SMTP_PASSWORD + "x"),
        (UNICODE_USER, UNICODE_WRONG),
    ],
)
def test_smtp_authentication_failures(smtpd, username, password):
    channel = SMTPEmailChannel(
        host=smtpd.host,
        port=smtpd.port,
        username=username,
        password=password,
        from_address="cobros@tienda.example",
        ssl_context=smtpd.client_context(),
        timeout=5.0,
    )
    del password
    error = failure(lambda: channel.send(message("email")))
    text = with_locals(error)
    assert_clean(text)
    assert (SMTP_PASSWORD + "x") not in text


def test_smtp_connection_failure():
    channel = SMTPEmailChannel(
        host="127.0.0.1",
        port=9,
        username=SMTP_USER,
        password=SMTP_PASSWORD,
        from_address="cobros@tienda.example",
        timeout=1.0,
    )
    assert_clean(with_locals(failure(lambda: channel.send(message("email")))))


def test_forged_webhooks():
    wa = WhatsAppWebhookHandler(app_secret=APP_SECRET, verify_token=VERIFY_TOKEN)
    tw = TwilioWebhookHandler(auth_token=TWILIO_TOKEN, shared_keys={"key1": SHARED_SECRET})
    body = b'{"entry": []}'
    expected = hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    url = "https://hooks.example.com/twilio"
    attempts = [
        lambda: wa.handle_post(body, {"X-Hub-Signature-256": "sha256=" + "0" * 64}),
        lambda: wa.handle_get(
            {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
        ),
        lambda: tw.handle_post(url, b"MessageSid=SM1", {"X-Twilio-Signature": "Zm9v"}, at=None),
        lambda: tw.handle_post(
            url,
            b"MessageSid=SM1",
            [
                (b"x-twilio-signature", b"Zm9v"),
                (b"x-twilio-webhooks-signature-settings", b"key=key1,algorithm=HMAC_SHA256"),
            ],
            at=None,
        ),
    ]
    for attempt in attempts:
        text = with_locals(failure(attempt))
        assert_clean(text)
        assert expected not in text


def test_httpcore_debug_logs_do_not_show_echoed_credentials(providers, client, caplog):
    caplog.set_level(logging.DEBUG)
    channel, sms = whatsapp(client), twilio(client)
    providers.inject(
        respond(
            200,
            {"messages": [{"id": "wamid.X"}]},
            headers={
                "X-Echo-Authorization": f"Bearer {WA_TOKEN}",
                "X-Echo-Basic": f"Basic {BASIC}",
            },
        )
    )
    channel.send(message("whatsapp"))
    providers.inject(respond(201, {"sid": "SM1", "status": "queued"}, headers={"X-Echo": BASIC}))
    sms.send(message("sms"))
    assert any(r.name.startswith("httpcore") for r in caplog.records), "httpcore logs at DEBUG"
    assert any("[redacted]" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert_clean(record.getMessage())


def test_functions_given_plain_string_secrets_do_not_keep_them_in_their_frames():
    from dunning.channels import (
        verify_twilio_signature,
        verify_whatsapp_challenge,
        verify_whatsapp_signature,
    )

    attempts = [
        lambda: verify_whatsapp_signature(b"{}", "sha256=00", app_secret=APP_SECRET),
        lambda: verify_whatsapp_challenge(
            {"hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "1"},
            verify_token=VERIFY_TOKEN,
        ),
        lambda: verify_twilio_signature(
            "https://h.example/t", {"a": "b"}, "Zm9v", auth_token=TWILIO_TOKEN
        ),
        lambda: verify_twilio_signature(
            "https://h.example/t",
            {"a": "b"},
            "Zm9v",
            auth_token=SHARED_SECRET,
            algorithm="HMAC_SHA256",
        ),
    ]
    for attempt in attempts:
        assert_clean(with_locals(failure(attempt)))


def test_configuration_errors_do_not_show_the_credential_given():
    from dunning import InputError

    attempts = [
        lambda: WhatsAppCloudChannel(
            phone_number_id="", access_token=WA_TOKEN, client=httpx.Client()
        ),
        lambda: TwilioSMSChannel(
            account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN, client=httpx.Client()
        ),  # no sender
        lambda: SMTPEmailChannel(
            host="h",
            from_address="cobros@t.example",
            username=SMTP_USER,
            password=SMTP_PASSWORD,
            starttls=False,
        ),
        lambda: TwilioWebhookHandler(shared_keys={"a": SHARED_SECRET, "b": ""}),
    ]
    for attempt in attempts:
        try:
            attempt()
        except InputError as exc:
            assert_clean(with_locals(exc))
        else:
            raise AssertionError("expected an InputError")
