"""Fixtures for the dispatcher tests: outboxes and the fake providers of tests/channels (the
message builders are in dispatch_messages.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "channels"))

from fake_providers import FakeProviders

from dunning import SQLiteOutbox


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[SQLiteOutbox]:
    with SQLiteOutbox(tmp_path / "outbox.db") as box:
        yield box


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeProviders]:
    server = FakeProviders().start()
    yield server
    server.stop()
