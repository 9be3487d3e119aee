"""WhatsApp Cloud API adapter: payloads, the 24-hour window, and error classification by code."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fake_providers import (
    WA_PHONE_ID,
    WA_TOKEN,
    drop,
    malformed,
    meta_error,
    respond,
    sleep,
)
from fake_smtp import free_port
from samples import message

from dunning import (
    Consent,
    Creditor,
    Debt,
    Debtor,
    Money,
    NaiveDatetimeError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    Planner,
    RetryableError,
    default_strategy,
)
from dunning.channels import (
    WHATSAPP_API_VERSION,
    AsyncChannel,
    AsyncWhatsAppCloudChannel,
    Channel,
    WhatsAppCloudChannel,
    window_open,
)
from dunning.events import ConsentRevoked, MessageSent, ReplyReceived
from dunning.templates import TemplateEngine, WhatsAppTemplate


def channel_for(client: httpx.Client, **kw: object) -> WhatsAppCloudChannel:
    return WhatsAppCloudChannel(
        phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client, **kw
    )  # type: ignore[arg-type]


# -- requests as the provider sees them ----------------------------------------------------------


def test_template_message_carries_name_language_and_parameters_in_order(providers, client):
    result = channel_for(client).send(message("whatsapp"))

    [request] = providers.requests
    assert request.path == f"/{WHATSAPP_API_VERSION}/{WA_PHONE_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {WA_TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "+56961234567",
        "type": "template",
        "template": {
            "name": "recordatorio_pago",
            "language": {"code": "es"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Ana"},
                        {"type": "text", "text": "F-1001"},
                        {"type": "text", "text": "$45.000"},
                    ],
                }
            ],
        },
        "biz_opaque_callback_data": "m-whatsapp-1",
    }
    assert result.provider_id.startswith("wamid.FAKE")
    assert (result.message_id, result.channel, result.status) == (
        "m-whatsapp-1",
        "whatsapp",
        "accepted",
    )
    assert result.raw["type"] == "template"
    assert result.raw["response"]["contacts"][0]["wa_id"] == "56961234567"


def test_free_text_is_sent_only_when_the_caller_says_the_window_is_open(providers, client):
    channel = channel_for(client)
    channel.send(message("whatsapp"), window_open=True)
    channel.send(message("whatsapp"))

    text, template = (r.json for r in providers.requests)
    assert text["type"] == "text"
    assert text["text"] == {
        "body": "Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000.",
        "preview_url": False,
    }
    assert template["type"] == "template"


def test_text_refused_as_outside_the_window_falls_back_to_the_approved_template(providers, client):
    providers.closed_windows.add("+56961234567")

    result = channel_for(client).send(message("whatsapp"), window_open=True)

    assert [r.json["type"] for r in providers.requests] == ["text", "template"]
    assert len(providers.accepted) == 1
    assert result.raw["type"] == "template"


def test_closed_window_without_a_template_fails_before_any_http_call(providers, client):
    with pytest.raises(PermanentError, match="no approved template") as caught:
        channel_for(client).send(message("whatsapp", content_whatsapp=None))
    assert providers.requests == []
    assert caught.value.message_id == "m-whatsapp-1"
    assert not isinstance(caught.value, RetryableError)


def test_text_refused_as_outside_the_window_without_a_template_is_permanent(providers, client):
    providers.closed_windows.add("+56961234567")
    with pytest.raises(PermanentError) as caught:
        channel_for(client).send(message("whatsapp", content_whatsapp=None), window_open=True)
    assert caught.value.provider_code == 131047
    assert len(providers.requests) == 1


def test_a_planned_and_rendered_message_reaches_the_provider_with_its_filled_parameters(
    providers, client
):
    approved = WhatsAppTemplate(
        name="recordatorio_pago",
        language="es_CL",
        parameters=("debtor.first_name", "debt.outstanding|money", "debt.reference"),
        body="Hola {{1}}, tu cuenta por {{2}} ({{3}}) vence hoy.",
    )
    granted = datetime(2025, 1, 1, tzinfo=UTC)
    ana = Debtor(
        id="c-1",
        name="Ana Pérez",
        country="CL",
        timezone="America/Santiago",
        phone="+56961234567",
        consents=[Consent(channel="whatsapp", granted_at=granted, source="form")],
    )
    invoice = Debt(
        id="F-1001",
        debtor_id="c-1",
        amount=Money("45000", "CLP"),
        due_date=date(2026, 11, 23),
        reference="F-1001",
    )
    planner = Planner(
        default_strategy(),
        creditor=Creditor(name="Tienda Sur"),
        templates=TemplateEngine(whatsapp={"es_CL/due": approved}),
    )
    plan = planner.plan(
        [ana], [invoice], as_of=datetime(2026, 11, 20, 12, tzinfo=UTC), horizon_days=5
    )
    [planned] = [m for m in plan.messages if m.channel == "whatsapp"]

    channel_for(client).send(planned)

    template = providers.accepted[0].json["template"]
    assert template["name"] == "recordatorio_pago"
    assert template["language"] == {"code": "es_CL"}
    assert [p["text"] for p in template["components"][0]["parameters"]] == [
        "Ana",
        "$45.000",
        "F-1001",
    ]


# -- error classification against the fake server ------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error", "code", "retry_after", "may_have_sent"),
    [
        (meta_error(130429, "Rate limit hit"), RetryableError, 130429, None, False),
        (meta_error(131056, "Pair rate limit hit"), RetryableError, 131056, 6.0, False),
        (meta_error(80007, "Rate limit issues"), RetryableError, 80007, None, False),
        (meta_error(130429, headers={"Retry-After": "12"}), RetryableError, 130429, 12.0, False),
        (meta_error(131057, "Account in maintenance mode"), RetryableError, 131057, 60.0, False),
        (
            meta_error(131049, "healthy ecosystem engagement"),
            RetryableError,
            131049,
            86400.0,
            False,
        ),
        (
            meta_error(131000, "Something went wrong", status=500),
            RetryableError,
            131000,
            None,
            False,
        ),
        (
            respond(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "3"}),
            RetryableError,
            None,
            3.0,
            False,
        ),
        (respond(502, body=b"<html>Bad gateway</html>"), RetryableError, None, None, True),
        (respond(503, body=b""), RetryableError, None, None, True),
        (malformed(), RetryableError, None, None, True),
        (meta_error(131026, "Message undeliverable"), NotOnChannelError, 131026, None, None),
        (meta_error(131050, "User stopped marketing messages"), OptedOutError, 131050, None, None),
        (
            meta_error(132001, "Template name does not exist in the translation"),
            PermanentError,
            132001,
            None,
            None,
        ),
        (meta_error(131048, "Spam rate limit hit"), PermanentError, 131048, None, None),
        (meta_error(131047, "Re-engagement message"), PermanentError, 131047, None, None),
        (
            meta_error(190, "Invalid OAuth access token", status=401),
            PermanentError,
            190,
            None,
            None,
        ),
        (
            meta_error(368, "Temporarily blocked for policies violations"),
            PermanentError,
            368,
            None,
            None,
        ),
    ],
    ids=lambda v: (
        (str(v.status) + "-" + v.body[:40].decode(errors="replace")) if hasattr(v, "body") else None
    ),
)
def test_errors_are_classified_by_meta_code_not_by_http_status(
    providers, client, fault, error, code, retry_after, may_have_sent
):
    providers.inject(fault)
    with pytest.raises(error) as caught:
        channel_for(client).send(message("whatsapp"))
    raised = caught.value
    assert type(raised) is error
    assert raised.provider_code == code
    assert raised.status_code == fault.status
    assert (raised.channel, raised.message_id, raised.debtor_id) == (
        "whatsapp",
        "m-whatsapp-1",
        "c-1",
    )
    if isinstance(raised, RetryableError):
        assert raised.retry_after == retry_after
        assert raised.may_have_sent is may_have_sent


def test_a_timeout_is_retryable_and_may_have_sent(providers, client):
    providers.inject(sleep(3))
    with pytest.raises(RetryableError, match="ReadTimeout") as caught:
        channel_for(client).send(message("whatsapp"))
    assert caught.value.may_have_sent is True
    assert caught.value.status_code is None


def test_a_dropped_connection_is_retryable_and_may_have_sent(providers, client):
    providers.inject(drop())
    with pytest.raises(RetryableError, match="RemoteProtocolError") as caught:
        channel_for(client).send(message("whatsapp"))
    assert caught.value.may_have_sent is True


def test_a_refused_connection_is_retryable_and_nothing_was_sent():
    with (
        httpx.Client(base_url=f"http://127.0.0.1:{free_port()}") as client,
        pytest.raises(RetryableError, match="ConnectError") as caught,
    ):
        channel_for(client).send(message("whatsapp"))
    assert caught.value.may_have_sent is False


def test_a_number_not_on_whatsapp_tells_the_caller_to_fall_back(providers, client):
    providers.not_on_whatsapp.add("+56961234567")
    with pytest.raises(NotOnChannelError) as caught:
        channel_for(client).send(message("whatsapp"))
    assert isinstance(caught.value, PermanentError)


def test_a_throttled_send_goes_through_on_retry(providers, client):
    providers.inject(meta_error(130429, "Rate limit hit"))
    channel = channel_for(client)
    with pytest.raises(RetryableError):
        channel.send(message("whatsapp"))
    assert channel.send(message("whatsapp")).status == "accepted"
    assert len(providers.requests) == 2
    assert len(providers.accepted) == 1


def test_an_opt_out_becomes_a_consent_revoked_event(providers, client):
    providers.inject(meta_error(131050, "User stopped marketing messages"))
    with pytest.raises(OptedOutError) as caught:
        channel_for(client).send(message("whatsapp"))
    at = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert ConsentRevoked.from_opt_out(caught.value, at=at) == ConsentRevoked(
        at=at, debtor_id="c-1", channel="whatsapp"
    )


# -- the async twin, against the same server -----------------------------------------------------


def test_async_channel_sends_the_same_payload_and_classifies_the_same_way(providers):
    async def scenario() -> tuple[str, RetryableError]:
        async with httpx.AsyncClient(base_url=providers.url, timeout=2.0) as client:
            channel = AsyncWhatsAppCloudChannel(
                phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
            )
            assert isinstance(channel, AsyncChannel)
            result = await channel.send(message("whatsapp"))
            providers.inject(meta_error(130429, headers={"Retry-After": "2"}))
            try:
                await channel.send(message("whatsapp"))
            except RetryableError as exc:
                return result.provider_id or "", exc
            raise AssertionError("no error")

    provider_id, error = asyncio.run(scenario())
    assert provider_id.startswith("wamid.")
    assert (error.provider_code, error.retry_after) == (130429, 2.0)
    with httpx.Client(base_url=providers.url) as client:
        assert channel_for(client).send(message("whatsapp")).status == "accepted"
    first, _, third = (r.json for r in providers.requests)
    assert first == third


def test_async_channel_falls_back_to_the_template_and_maps_network_errors(providers):
    providers.closed_windows.add("+56961234567")

    async def scenario() -> RetryableError:
        timeout = httpx.Timeout(2.0, read=0.3)
        async with httpx.AsyncClient(base_url=providers.url, timeout=timeout) as client:
            channel = AsyncWhatsAppCloudChannel(
                phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
            )
            result = await channel.send(message("whatsapp"), window_open=True)
            assert result.raw["type"] == "template"
            providers.inject(sleep(2))
            try:
                await channel.send(message("whatsapp"))
            except RetryableError as exc:
                return exc
            raise AssertionError("no error")

    assert asyncio.run(scenario()).may_have_sent is True


# -- quick unit cases on httpx.MockTransport ----------------------------------------------------


def mock_channel(handler, **kw: object) -> WhatsAppCloudChannel:
    return channel_for(httpx.Client(transport=httpx.MockTransport(handler)), **kw)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"messages": [{"id": "wamid.M"}]})


def test_sync_channel_is_a_channel():
    assert isinstance(mock_channel(ok), Channel)


def test_the_url_comes_from_base_url_then_the_client_then_meta():
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return ok(request)

    mock_channel(record).send(message("whatsapp"))
    mock_channel(record, base_url="http://graph.local/", api_version="v24.0").send(
        message("whatsapp")
    )
    proxied = httpx.Client(
        base_url="http://proxy.local/graph", transport=httpx.MockTransport(record)
    )
    channel_for(proxied).send(message("whatsapp"))
    assert seen == [
        f"https://graph.facebook.com/{WHATSAPP_API_VERSION}/{WA_PHONE_ID}/messages",
        f"http://graph.local/v24.0/{WA_PHONE_ID}/messages",
        f"http://proxy.local/graph/{WHATSAPP_API_VERSION}/{WA_PHONE_ID}/messages",
    ]


def test_a_template_without_parameters_has_no_components():
    bodies: list[dict[str, object]] = []

    def record(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return ok(request)

    plain = message("whatsapp")
    assert plain.content is not None and plain.content.whatsapp is not None
    no_params = plain.content.whatsapp.model_copy(update={"parameters": ()})
    mock_channel(record).send(message("whatsapp", content_whatsapp=no_params))
    assert bodies[0]["template"] == {"name": "recordatorio_pago", "language": {"code": "es"}}


@pytest.mark.parametrize(
    ("changes", "window", "reason"),
    [
        ({"content_text": "x" * 4097}, True, "longer than 4096"),
        ({"channel": "sms"}, False, "is for sms, not whatsapp"),
        ({"content": None}, False, "no rendered content"),
    ],
)
def test_messages_that_cannot_be_sent_fail_before_any_http_call(changes, window, reason):
    calls: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return ok(request)

    with pytest.raises(PermanentError, match=reason):
        mock_channel(record).send(message("whatsapp", **changes), window_open=window)
    assert calls == []


def test_a_template_parameter_with_a_newline_is_refused_before_sending():
    plain = message("whatsapp")
    assert plain.content is not None and plain.content.whatsapp is not None
    bad = plain.content.whatsapp.model_copy(update={"parameters": ("Ana\nPérez", "x", "y")})
    with pytest.raises(PermanentError, match=r"parameter \{\{1\}\}"):
        mock_channel(ok).send(message("whatsapp", content_whatsapp=bad))


def test_an_is_transient_hint_makes_an_unknown_code_retryable():
    def transient(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": {"message": "hiccup", "is_transient": True}})

    with pytest.raises(RetryableError):
        mock_channel(transient).send(message("whatsapp"))


def test_retry_after_as_an_http_date_is_turned_into_seconds():
    later = datetime.now(UTC) + timedelta(seconds=120)

    def throttled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400,
            headers={"Retry-After": later.strftime("%a, %d %b %Y %H:%M:%S GMT")},
            json={"error": {"code": 4, "message": "app limit"}},
        )

    with pytest.raises(RetryableError) as caught:
        mock_channel(throttled).send(message("whatsapp"))
    assert caught.value.retry_after is not None
    assert 100 < caught.value.retry_after <= 120


def test_a_success_answer_without_a_message_id_is_retryable_and_may_have_sent():
    def empty(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"messages": []})

    with pytest.raises(RetryableError, match="malformed success") as caught:
        mock_channel(empty).send(message("whatsapp"))
    assert caught.value.may_have_sent is True


# -- the 24-hour window --------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def reply(hours_ago: float, debtor_id: str = "c-1", channel: str = "whatsapp") -> ReplyReceived:
    return ReplyReceived(
        at=NOW - timedelta(hours=hours_ago), debtor_id=debtor_id, channel=channel, text="hola"
    )


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], False),
        ([reply(1)], True),
        ([reply(23.99)], True),
        ([reply(24)], False),
        ([reply(30), reply(2)], True),
        ([reply(2), reply(30)], True),
        ([reply(1, debtor_id="c-2")], False),
        ([reply(1, channel="sms")], False),
        ([reply(-1)], False),  # a reply after `at` does not count
        (
            [
                MessageSent(
                    at=NOW - timedelta(hours=1), message_id="m", debtor_id="c-1", channel="whatsapp"
                )
            ],
            False,
        ),  # our own messages never open it
    ],
)
def test_window_is_open_for_24_hours_after_the_debtors_last_whatsapp_reply(history, expected):
    assert window_open(history, "c-1", as_of=NOW) is expected


def test_window_open_refuses_a_naive_datetime():
    with pytest.raises(NaiveDatetimeError):
        window_open([], "c-1", as_of=datetime(2026, 11, 23, 12))
