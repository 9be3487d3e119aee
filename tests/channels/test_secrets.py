"""Credentials never show up in logs, reprs, exceptions or audit data, even when a server echoes
them back."""

from __future__ import annotations

import base64
import logging
import traceback

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
from fake_smtp import SMTP_PASSWORD, SMTP_USER
from samples import message

from dunning import ChannelError
from dunning.channels import SMTPEmailChannel, TwilioSMSChannel, WhatsAppCloudChannel

BASIC = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
SECRETS = (WA_TOKEN, TWILIO_TOKEN, BASIC, SMTP_PASSWORD)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def exception_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)) + repr(exc) + repr(exc.args)


def test_no_secret_in_logs_reprs_exceptions_or_raw_answers(providers, client, smtpd, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    whatsapp = WhatsAppCloudChannel(
        phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
    )
    twilio = TwilioSMSChannel(
        account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN, client=client, from_number="+15005550006"
    )
    email = SMTPEmailChannel(
        host=smtpd.host,
        port=smtpd.port,
        username=SMTP_USER,
        password=SMTP_PASSWORD,
        from_address="cobros@tienda.example",
        ssl_context=smtpd.client_context(),
        timeout=5.0,
    )
    bad_email = SMTPEmailChannel(
        host=smtpd.host,
        port=smtpd.port,
        username=SMTP_USER,
        password=SMTP_PASSWORD + "x",
        from_address="cobros@tienda.example",
        ssl_context=smtpd.client_context(),
        timeout=5.0,
    )
    for channel in (whatsapp, twilio, email, bad_email):
        assert_clean(repr(channel))
        assert_clean(str(vars(channel)))

    results = [
        whatsapp.send(message("whatsapp")),
        twilio.send(message("sms")),
        email.send(message("email")),
    ]
    # A (misbehaving) server that echoes credentials back, in errors and in a success answer.
    providers.inject(
        meta_error(130429, f"token {WA_TOKEN} throttled"),
        meta_error(190, f"Invalid OAuth access token {WA_TOKEN}", status=401),
        respond(200, {"messages": [{"id": "wamid.X"}], "echo": f"Bearer {WA_TOKEN}"}),
        twilio_error(20003, f"Authenticate {TWILIO_TOKEN} / {BASIC}", status=401),
        respond(201, {"sid": "SM1", "status": "queued", "echo": TWILIO_TOKEN}),
        sleep(3),
    )
    errors: list[ChannelError] = []
    for send in (
        lambda: whatsapp.send(message("whatsapp")),
        lambda: whatsapp.send(message("whatsapp")),
        lambda: results.append(whatsapp.send(message("whatsapp"))),
        lambda: twilio.send(message("sms")),
        lambda: results.append(twilio.send(message("sms"))),
        lambda: twilio.send(message("sms")),
        lambda: bad_email.send(message("email")),
    ):
        try:
            send()
        except ChannelError as exc:
            errors.append(exc)
    with httpx.Client(base_url=providers.url) as other:
        wrong = WhatsAppCloudChannel(
            phone_number_id=WA_PHONE_ID, access_token="wrong-token", client=other
        )
        with pytest.raises(ChannelError) as caught:
            wrong.send(message("whatsapp"))
        assert "wrong-token" not in exception_text(caught.value)

    assert len(errors) == 5
    assert len(results) == 5
    for error in errors:
        assert_clean(exception_text(error))
    assert "[redacted]" in str(errors[0])
    for result in results:
        assert_clean(repr(result) + str(result.raw))
    assert results[3].raw["response"]["echo"] == "Bearer [redacted]"
    assert caplog.records, "the adapters log"
    assert any(r.name == "dunning.channels" for r in caplog.records)
    for record in caplog.records:
        assert_clean(record.getMessage())
        assert_clean(caplog.text)
