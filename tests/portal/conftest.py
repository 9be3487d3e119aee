"""Portal fixtures: a small world of debtors, a movable clock, and the app served by uvicorn on
127.0.0.1 (a free port) in a background thread."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import uvicorn

from dunning import Creditor, Debt, Debtor, Money
from dunning.portal import MemoryStore, Portal, Throttle


@contextmanager
def serving(app: Any, **config: Any) -> Iterator[str]:
    """Run ``app`` until the block ends; yields its base URL (``http://127.0.0.1:PORT``)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, **{"lifespan": "off", "log_config": None, "access_log": False, **config}
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


# --- a small world: two debtors of one creditor, a fixed clock the tests can move ----------------


SECRET = "portal-test-secret-0123456789-abcdefghijklmnop"
NOW = datetime(2026, 12, 4, 15, tzinfo=UTC)  # Friday, 12:00 in Santiago
CREDITOR = Creditor(name="Tienda Sur", contact="600 123 4567")


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


def debtors() -> list[Debtor]:
    return [
        Debtor(
            id="c-1",
            name="Ana Pérez",
            country="CL",
            phone="+56 9 6123 4567",
            email="ana@example.cl",
            timezone="America/Santiago",
        ),
        Debtor(
            id="c-2",
            name="João Silva",
            country="BR",
            phone="+55 11 91234 5678",
            timezone="America/Sao_Paulo",
        ),
        Debtor(
            id="c-3",
            name="Mary Jones",
            country="US",
            subdivision="NY",
            email="mary@example.com",
            timezone="America/New_York",
        ),
    ]


def debts() -> list[Debt]:
    return [
        Debt(
            id="F-1",
            debtor_id="c-1",
            amount=Money("45990", "CLP"),
            issued_on=date(2026, 10, 21),
            due_date=date(2026, 11, 20),
            reference="Boleta 1043",
            payment_url="https://pay.example.cl/F-1",
        ),
        Debt(
            id="F-2",
            debtor_id="c-1",
            amount=Money("12000", "CLP"),
            due_date=date(2026, 12, 20),
            reference="Boleta 1101",
        ),
        Debt(
            id="B-1",
            debtor_id="c-2",
            amount=Money("1234.56", "BRL"),
            due_date=date(2026, 11, 10),
            reference="Fatura 77",
            payment_url="https://pay.example.com.br/B-1",
        ),
        Debt(
            id="U-1",
            debtor_id="c-3",
            amount=Money("250.00", "USD"),
            due_date=date(2026, 11, 1),
            reference="Invoice 9",
        ),
    ]


@dataclass
class World:
    store: MemoryStore
    portal: Portal
    clock: Clock
    base: str = ""
    clients: list[httpx.Client] = field(default_factory=list)

    def link(self, debtor_id: str = "c-1", **kw: object) -> str:
        """A link to the running server (the portal's own base_url is empty)."""
        kw.setdefault("as_of", self.clock.now)
        return self.base + self.portal.link(debtor_id, **kw)  # type: ignore[arg-type]

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, follow_redirects=False)
        self.clients.append(client)
        return client

    def session(self, debtor_id: str = "c-1", **kw: object) -> httpx.Client:
        """A client whose cookie jar holds a session opened from a fresh link."""
        client = self.client()
        response = client.get(self.link(debtor_id, **kw))
        assert response.status_code == 303, response.text
        return client


def make_portal(store: MemoryStore, clock: Clock, **kw: object) -> Portal:
    kw.setdefault("secure_cookie", False)  # the test server speaks plain http on 127.0.0.1
    kw.setdefault("link_limit", Throttle(per_minute=600, burst=100))
    kw.setdefault("form_limit", Throttle(per_minute=600, burst=100))
    kw.setdefault("secret", SECRET)
    return Portal(store=store, creditor=CREDITOR, clock=clock, **kw)  # type: ignore[arg-type]


@pytest.fixture
def make_world() -> Iterator[Callable[..., World]]:
    """Start a portal (settings as keywords) over a fresh store, served on 127.0.0.1."""
    with ExitStack() as stack:

        def make(**kw: object) -> World:
            clock = Clock()
            store = MemoryStore(debtors(), debts())
            portal = make_portal(store, clock, **kw)
            w = World(store, portal, clock)
            w.base = stack.enter_context(serving(portal))
            stack.callback(lambda: [c.close() for c in w.clients])
            return w

        yield make


@pytest.fixture
def world(make_world: Callable[..., World]) -> World:
    return make_world()


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog
