"""Twilio SMS adapter: form fields, Basic auth, status callbacks, and error classification."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_providers import (
    TWILIO_SID,
    TWILIO_TOKEN,
    drop,
    malformed,
    respond,
    sleep,
    twilio_error,
)
from samples import message

from dunning import (
    InputError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from dunning.channels import AsyncTwilioSMSChannel, Channel, TwilioSMSChannel
from dunning.events import ConsentRevoked


def channel_for(client: httpx.Client, **kw: object) -> TwilioSMSChannel:
    options: dict[str, object] = {"from_number": "+15005550006", **kw}
    return TwilioSMSChannel(
        account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN, client=client, **options
    )  # type: ignore[arg-type]


def test_sms_is_posted_form_encoded_with_basic_auth(providers, client):
    result = channel_for(client).send(message("sms"))

    [request] = providers.requests
    assert request.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.form == {
        "To": "+56961234567",
        "From": "+15005550006",
        "Body": "Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000.",
    }
    assert result.provider_id is not None and result.provider_id.startswith("SM")
    assert (result.status, result.channel) == ("queued", "sms")
    assert result.raw["account_sid"] == TWILIO_SID


def test_a_messaging_service_picks_the_sender_and_answers_accepted(providers, client):
    result = channel_for(
        client, from_number=None, messaging_service_sid="MG0000000000000000000000000000001"
    ).send(message("sms"))
    form = providers.requests[0].form
    assert "From" not in form
    assert form["MessagingServiceSid"] == "MG0000000000000000000000000000001"
    assert result.status == "accepted"


def test_the_status_callback_url_carries_the_message_id(providers, client):
    channel_for(client, status_callback="https://hooks.tienda.example/twilio?tenant=7").send(
        message("sms")
    )
    url = urlsplit(providers.requests[0].form["StatusCallback"])
    assert (url.scheme, url.netloc, url.path) == ("https", "hooks.tienda.example", "/twilio")
    assert parse_qs(url.query) == {"tenant": ["7"], "dunning_message_id": ["m-sms-1"]}


def test_a_status_callback_function_gives_the_url_as_is(providers, client):
    channel_for(client, status_callback=lambda m: f"https://hooks.example/s/{m.id}").send(
        message("sms")
    )
    assert providers.requests[0].form["StatusCallback"] == "https://hooks.example/s/m-sms-1"


def test_a_sender_is_required():
    with pytest.raises(InputError, match="from_number or messaging_service_sid"):
        channel_for(httpx.Client(), from_number=None)


@pytest.mark.parametrize(
    ("fault", "error", "code", "retry_after", "may_have_sent"),
    [
        (twilio_error(20429, "Too Many Requests", status=429), RetryableError, 20429, None, False),
        (
            twilio_error(20429, "Too Many Requests", status=429, headers={"Retry-After": "4"}),
            RetryableError,
            20429,
            4.0,
            False,
        ),
        (respond(429, body=b"Too Many Requests"), RetryableError, None, None, False),
        (
            twilio_error(20500, "Internal Server Error", status=500),
            RetryableError,
            20500,
            None,
            True,
        ),
        (respond(503, body=b"<html>down</html>"), RetryableError, None, None, True),
        (malformed(201), RetryableError, None, None, True),
        (
            twilio_error(21610, "Attempt to send to unsubscribed recipient"),
            OptedOutError,
            21610,
            None,
            None,
        ),
        (
            twilio_error(21614, "'To' number is not a valid mobile number"),
            NotOnChannelError,
            21614,
            None,
            None,
        ),
        (
            twilio_error(21612, "The 'To' phone number is not currently reachable"),
            NotOnChannelError,
            21612,
            None,
            None,
        ),
        (twilio_error(21211, "Invalid 'To' Phone Number"), PermanentError, 21211, None, None),
        (
            twilio_error(21408, "Permission to send an SMS has not been enabled"),
            PermanentError,
            21408,
            None,
            None,
        ),
        (twilio_error(20003, "Authenticate", status=401), PermanentError, 20003, None, None),
    ],
)
def test_errors_are_classified_by_twilio_code(
    providers, client, fault, error, code, retry_after, may_have_sent
):
    providers.inject(fault)
    with pytest.raises(error) as caught:
        channel_for(client).send(message("sms"))
    raised = caught.value
    assert type(raised) is error
    assert (raised.provider_code, raised.status_code) == (code, fault.status)
    assert (raised.channel, raised.message_id) == ("sms", "m-sms-1")
    if isinstance(raised, RetryableError):
        assert raised.retry_after == retry_after
        assert raised.may_have_sent is may_have_sent


def test_a_recipient_who_texted_stop_is_an_opt_out_with_its_event(providers, client):
    providers.opted_out.add("+56961234567")
    with pytest.raises(OptedOutError) as caught:
        channel_for(client).send(message("sms"))
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert ConsentRevoked.from_opt_out(caught.value, at=at) == ConsentRevoked(
        at=at, debtor_id="c-1", channel="sms"
    )
    assert providers.accepted == []


def test_a_landline_tells_the_caller_to_fall_back(providers, client):
    providers.landlines.add("+56961234567")
    with pytest.raises(NotOnChannelError):
        channel_for(client).send(message("sms"))


def test_a_wrong_token_is_permanent(providers):
    with httpx.Client(base_url=providers.url) as client, pytest.raises(PermanentError) as caught:
        TwilioSMSChannel(
            account_sid=TWILIO_SID, auth_token="wrong", client=client, from_number="+15005550006"
        ).send(message("sms"))
    assert caught.value.provider_code == 20003


def test_timeouts_and_dropped_connections_are_retryable_and_may_have_sent(providers, client):
    channel = channel_for(client)
    for fault, name in ((sleep(3), "ReadTimeout"), (drop(), "RemoteProtocolError")):
        providers.inject(fault)
        with pytest.raises(RetryableError, match=name) as caught:
            channel.send(message("sms"))
        assert caught.value.may_have_sent is True


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"content_text": "x" * 1601}, "longer than 1600"),
        ({"content_text": "  "}, "empty SMS body"),
        ({"channel": "email"}, "is for email, not sms"),
    ],
)
def test_messages_that_cannot_be_sent_fail_before_any_http_call(changes, reason):
    calls: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(201, json={"sid": "SM1", "status": "queued"})

    channel = channel_for(httpx.Client(transport=httpx.MockTransport(record)))
    with pytest.raises(PermanentError, match=reason):
        channel.send(message("sms", **changes))
    assert calls == []


def test_channel_goes_to_twilio_by_default_and_is_a_channel():
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(201, json={"sid": "SM1", "status": "queued"})

    channel = channel_for(httpx.Client(transport=httpx.MockTransport(record)))
    assert isinstance(channel, Channel)
    channel.send(message("sms"))
    assert seen == [f"https://api.twilio.com/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"]


def test_async_twin_sends_the_same_form_and_classifies_the_same_way(providers):
    providers.opted_out.add("+56911112222")

    async def scenario() -> tuple[str, type[BaseException]]:
        async with httpx.AsyncClient(base_url=providers.url, timeout=2.0) as client:
            channel = AsyncTwilioSMSChannel(
                account_sid=TWILIO_SID,
                auth_token=TWILIO_TOKEN,
                client=client,
                from_number="+15005550006",
            )
            result = await channel.send(message("sms"))
            try:
                await channel.send(message("sms", to="+56911112222"))
            except PermanentError as exc:
                return result.status, type(exc)
            raise AssertionError("no error")

    status, error = asyncio.run(scenario())
    assert (status, error) == ("queued", OptedOutError)
    assert providers.requests[0].form["Body"].startswith("Tienda Sur")
