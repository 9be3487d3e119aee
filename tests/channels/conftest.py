"""Fixtures for the channel tests: local fake providers (HTTP and SMTP) and message builders.

Every server listens on 127.0.0.1 and is started and stopped here; nothing reaches the internet.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fake_providers import FakeProviders
from fake_smtp import FakeSMTP


@pytest.fixture(scope="session")
def _provider_server() -> Iterator[FakeProviders]:
    server = FakeProviders().start()
    yield server
    server.stop()


@pytest.fixture
def providers(_provider_server: FakeProviders) -> Iterator[FakeProviders]:
    """The fake WhatsApp + Twilio server, with an empty log and no faults."""
    _provider_server.reset()
    yield _provider_server
    _provider_server.reset()


@pytest.fixture
def client(providers: FakeProviders) -> Iterator[httpx.Client]:
    """An ``httpx.Client`` pointed at the fake server, with a short timeout."""
    with httpx.Client(base_url=providers.url, timeout=httpx.Timeout(2.0, read=0.5)) as c:
        yield c


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[FakeSMTP]:
    server = FakeSMTP().start()
    yield server
    server.stop()


@pytest.fixture
def smtpd(smtp_server: FakeSMTP) -> FakeSMTP:
    smtp_server.received.clear()
    return smtp_server
