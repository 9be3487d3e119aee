"""On the dispatcher path too, credentials never reach logs, reprs, reports, events or the outbox.

The fake providers echo the tokens back in errors; the dispatchers retry, fall back, give up and
record all of it. Then every captured log line, repr, event and outbox column is grepped.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import random
import sqlite3
import sys
from pathlib import Path

import httpx
import pytest
from dispatch_messages import T0, messages
from fake_providers import (
    TWILIO_SID,
    TWILIO_TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
    meta_error,
    twilio_error,
    twilio_sms,
)

from dunning import AsyncDispatcher, Dispatcher, Planner, SQLiteOutbox, default_strategy
from dunning.channels import (
    AsyncTwilioSMSChannel,
    AsyncWhatsAppCloudChannel,
    WhatsAppCloudChannel,
)

sys.path.insert(0, str(Path(__file__).parents[1]))
from builders import CREDITOR, debtor

BASIC = base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
SECRETS = (WA_TOKEN, TWILIO_TOKEN, BASIC)
ANA = debtor("c-1", phone="+56961234567", email=None, channels=("sms", "whatsapp"))


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def echoing_faults() -> list:
    return [
        meta_error(130429, f"token {WA_TOKEN} throttled"),  # retried later
        meta_error(131026, f"not on WhatsApp ({WA_TOKEN})"),  # falls back to SMS
        twilio_error(20429, f"Too many requests {TWILIO_TOKEN}", status=429),
        twilio_error(21211, f"Invalid 'To' {BASIC}"),  # permanent
    ]


def batch() -> list:
    return messages(3, "whatsapp") + messages(3, "sms", start=3)


def dump_outbox(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return "\n".join(repr(row) for row in db.execute("SELECT * FROM dunning_outbox"))


def check(report, dispatcher, path: Path, caplog) -> None:
    assert report.sent and report.failed and report.rescheduled and report.fallbacks
    assert_clean(repr(report) + repr(dispatcher) + repr(dispatcher.channels))
    for event in report.events:
        assert_clean(repr(event) + event.model_dump_json())
    assert_clean(dump_outbox(path))
    assert any(r.name == "dunning.dispatch" for r in caplog.records)
    assert "[redacted]" in caplog.text  # the echoed tokens were seen, and redacted
    for record in caplog.records:
        assert_clean(record.getMessage())
    assert_clean(caplog.text)


def test_the_sync_dispatcher_never_leaks_a_credential(fake_server, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, httpx and httpcore included
    fake_server.reset()
    fake_server.inject(*echoing_faults())
    path = tmp_path / "outbox.db"
    with httpx.Client(base_url=fake_server.url) as client, SQLiteOutbox(path) as box:
        d = Dispatcher(
            {
                "whatsapp": WhatsAppCloudChannel(
                    phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
                ),
                "sms": twilio_sms(client),
            },
            box,
            planner=Planner(default_strategy(), creditor=CREDITOR),
            rng=random.Random(2),
        )
        report = d.dispatch(as_of=T0, messages=batch(), debtors=[ANA])
    check(report, d, path, caplog)


def test_the_async_dispatcher_never_leaks_a_credential(fake_server, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    fake_server.reset()
    fake_server.inject(*echoing_faults())
    path = tmp_path / "outbox.db"

    async def run():
        async with httpx.AsyncClient(base_url=fake_server.url) as client:
            d = AsyncDispatcher(
                {
                    "whatsapp": AsyncWhatsAppCloudChannel(
                        phone_number_id=WA_PHONE_ID, access_token=WA_TOKEN, client=client
                    ),
                    "sms": twilio_sms(client, cls=AsyncTwilioSMSChannel),
                },
                SQLiteOutbox(path),
                planner=Planner(default_strategy(), creditor=CREDITOR),
                concurrency=1,  # the fault queue is consumed in a known order
                rng=random.Random(2),
            )
            return d, await d.dispatch(as_of=T0, messages=batch(), debtors=[ANA])

    d, report = asyncio.run(run())
    check(report, d, path, caplog)


@pytest.fixture(autouse=True)
def _reset(fake_server):
    yield
    fake_server.reset()
