"""MemoryChannel, AsyncMemoryChannel and ConsoleChannel: the fakes that ship with the library."""

from __future__ import annotations

import asyncio
import io
import threading
from datetime import UTC, datetime

import pytest
from samples import message

from dunning import (
    ChannelError,
    DunningError,
    InputError,
    NotOnChannelError,
    OptedOutError,
    PermanentError,
    RetryableError,
)
from dunning.channels import (
    AsyncChannel,
    AsyncMemoryChannel,
    Channel,
    ConsoleChannel,
    MemoryChannel,
)
from dunning.events import ConsentRevoked


def test_memory_channel_records_messages_and_returns_results():
    channel = MemoryChannel("email")
    first = channel.send(message("email"))
    second = channel.send(message("email", id="m-email-2"))
    assert [m.id for m in channel.sent] == ["m-email-1", "m-email-2"]
    assert [r.provider_id for r in channel.results] == ["memory-1", "memory-2"]
    assert (first.channel, first.status, second.message_id) == ("email", "accepted", "m-email-2")
    assert isinstance(channel, Channel)
    assert channel.kind == "email"


def test_memory_channel_raises_programmed_failures_then_lets_the_message_through():
    throttled = RetryableError("throttled", retry_after=2.0)
    stop = OptedOutError("STOP", channel="sms", debtor_id="c-1", provider_code=21610)
    channel = MemoryChannel(
        "sms",
        fail_with={
            "m-sms-1": [throttled, None, throttled],
            "m-sms-2": stop,
        },
    )
    with pytest.raises(RetryableError):
        channel.send(message("sms"))
    assert channel.send(message("sms")).provider_id == "memory-1"
    with pytest.raises(RetryableError):
        channel.send(message("sms"))
    channel.send(message("sms"))  # the list is used up
    for _ in range(2):
        with pytest.raises(OptedOutError):
            channel.send(message("sms", id="m-sms-2"))
    assert len(channel.attempts) == 6
    assert [m.id for m in channel.sent] == ["m-sms-1", "m-sms-1"]


def test_memory_and_console_channels_refuse_unrendered_messages_like_the_real_ones(capsys):
    for channel in (MemoryChannel("sms"), ConsoleChannel("sms")):
        with pytest.raises(PermanentError, match="no rendered content") as caught:
            channel.send(message("sms", content=None))
        assert caught.value.message_id == message("sms", content=None).id
    assert MemoryChannel("sms").attempts == [] and capsys.readouterr().out == ""


def test_memory_channel_accepts_a_message_without_content_for_dry_runs_when_asked():
    channel = MemoryChannel("sms", allow_unrendered=True)
    assert channel.send(message("sms", content=None)).status == "accepted"


def test_memory_channel_refuses_another_channels_message():
    with pytest.raises(PermanentError, match="is for whatsapp, not sms"):
        MemoryChannel("sms").send(message("whatsapp"))


def test_memory_channel_is_safe_to_share_between_threads():
    channel = MemoryChannel("sms")

    def send_many(start: int) -> None:
        for n in range(start, start + 200):
            channel.send(message("sms", id=f"m-{n}"))

    threads = [threading.Thread(target=send_many, args=(k * 1000,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(channel.sent) == 800
    assert len({r.provider_id for r in channel.results}) == 800


def test_async_memory_channel_behaves_like_the_sync_one():
    channel = AsyncMemoryChannel(
        "whatsapp", fail_with={"m-whatsapp-1": [RetryableError("throttled")]}
    )
    assert isinstance(channel, AsyncChannel)

    async def scenario() -> str:
        with pytest.raises(RetryableError):
            await channel.send(message("whatsapp"))
        return (await channel.send(message("whatsapp"))).status

    assert asyncio.run(scenario()) == "accepted"
    assert (len(channel.attempts), len(channel.sent), len(channel.results)) == (2, 1, 1)


def test_console_channel_prints_a_readable_line_then_the_text():
    out = io.StringIO()
    result = ConsoleChannel("email", stream=out).send(message("email"))
    assert out.getvalue().splitlines() == [
        "[email] m-email-1 to ana@example.cl (debtor c-1, stage due, "
        "2026-11-23 09:00 America/Santiago)",
        "    Subject: Tu cuenta F-1001 vence hoy",
        "    Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000.",
    ]
    assert (result.status, result.provider_id) == ("printed", None)


def test_console_channel_writes_to_stdout_by_default(capsys):
    channel = ConsoleChannel("sms", allow_unrendered=True)
    assert isinstance(channel, Channel)
    channel.send(message("sms", content=None))
    assert "(no rendered content)" in capsys.readouterr().out


# -- the error family ---------------------------------------------------------------------------


def test_channel_errors_sit_under_dunning_error_and_say_where_they_come_from():
    error = RetryableError(
        "Rate limit hit",
        retry_after=3.0,
        channel="whatsapp",
        message_id="m-1",
        provider_code=130429,
        status_code=400,
    )
    assert str(error) == "whatsapp: Rate limit hit [code 130429, HTTP 400, message m-1]"
    assert (error.detail, error.retry_after, error.may_have_sent) == ("Rate limit hit", 3.0, False)
    for cls in (RetryableError, PermanentError, OptedOutError, NotOnChannelError):
        assert issubclass(cls, ChannelError)
        assert issubclass(cls, DunningError)
    assert issubclass(OptedOutError, PermanentError)
    assert issubclass(NotOnChannelError, PermanentError)
    assert not issubclass(RetryableError, PermanentError)


def test_an_opt_out_without_a_debtor_cannot_make_an_event():
    with pytest.raises(InputError, match="debtor"):
        ConsentRevoked.from_opt_out(
            OptedOutError("STOP", channel="sms"), at=datetime(2026, 11, 23, tzinfo=UTC)
        )
