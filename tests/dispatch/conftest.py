"""Fixtures for the dispatcher tests: message builders and the fake providers of tests/channels."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "channels"))

from fake_providers import FakeProviders

from dunning import Message, SQLiteOutbox
from dunning.channels._memory import sample_message

T0 = sample_message("sms").send_at


def messages(n: int, kind: str = "sms", *, start: int = 0) -> list[Message]:
    """``n`` distinct due messages (ids ``m-0``...), all planned for ``T0``."""
    base = sample_message(kind)
    return [base.model_copy(update={"id": f"m-{i}"}) for i in range(start, start + n)]


def later(**kw: float) -> object:
    return T0 + timedelta(**kw)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[SQLiteOutbox]:
    with SQLiteOutbox(tmp_path / "outbox.db") as box:
        yield box


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeProviders]:
    server = FakeProviders().start()
    yield server
    server.stop()
