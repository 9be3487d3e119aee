"""Dispatch throughput against a local fake provider, with the SQLite outbox on.

Starts a small HTTP server on 127.0.0.1 that answers like Twilio's Messages endpoint (201 and a
sid), plans messages, and measures in one run:

* **bare sends**: ``TwilioSMSChannel.send`` for each message, no outbox (the floor: HTTP round
  trips to the same server);
* **dispatch**: the same number of messages added to an ``SQLiteOutbox`` in a temporary file and
  sent by ``Dispatcher.dispatch`` (claims, leases, attempt marks, re-checks, state changes,
  events);
* **async dispatch**: the same with ``AsyncDispatcher`` and ``AsyncTwilioSMSChannel``,
  ``--concurrency`` sends in flight, against bare async sends with the same concurrency (httpx's
  asyncio client and a server in the same process are slower than the sync pair here; against a
  remote provider, latency dominates and concurrency pays).

* **checked dispatch with a growing history**: ``Dispatcher(planner=...)`` with the debtors,
  their debts and a history of 1x, 2x and 4x the base size (years of past messages, replies
  and payments per debtor), sending to an in-memory channel so that the dispatcher's own cost
  is what is measured. The send-time check builds each debtor's contact log once per call, so
  the cost per message must stay flat as history grows (issue 10: at most 1.3x from 1x to 4x).

Prints messages/s for each and the ratios. Run::

    .venv/bin/python benchmarks/dispatch_bench.py [--messages N] [--history-per-debtor K]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import httpx

from dunning import (
    AsyncDispatcher,
    Creditor,
    Debt,
    Debtor,
    Dispatcher,
    Message,
    Money,
    Planner,
    SQLiteOutbox,
    default_strategy,
)
from dunning.channels import AsyncTwilioSMSChannel, MemoryChannel, TwilioSMSChannel
from dunning.channels._memory import sample_message
from dunning.events import Event, MessageSent, PaymentReceived, ReplyReceived


class _Twilio(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    counter = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with _Twilio.lock:
            _Twilio.counter += 1
            sid = f"SM{_Twilio.counter:032d}"
        body = json.dumps({"sid": sid, "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return


@contextmanager
def fake_twilio() -> Iterator[str]:
    """A local server speaking the Twilio send contract; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Twilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def make_messages(n: int) -> list[Message]:
    """``n`` distinct SMS messages, all due now."""
    base = sample_message("sms")
    return [
        Message._build(**{**base.__dict__, "id": f"bench-{i:07d}", "debtor_id": f"d{i}"})
        for i in range(n)
    ]


_SMS = TypeVar("_SMS", TwilioSMSChannel, AsyncTwilioSMSChannel)


def channel(
    url: str,
    client: httpx.Client | httpx.AsyncClient,
    cls: type[_SMS] = TwilioSMSChannel,  # type: ignore[assignment]
) -> _SMS:
    """A Twilio SMS channel (sync or async) for the fake server at ``url``."""
    return cls(
        account_sid="ACbench",
        auth_token="bench-token",
        from_number="+15005550006",
        client=client,  # type: ignore[arg-type]
        base_url=url,
    )


async def async_dispatch(
    url: str, messages: list[Message], path: Path, concurrency: int
) -> tuple[int, float, float]:
    """Sent count, seconds for the asyncio dispatcher over ``messages``, and seconds for bare
    async sends of the same messages with the same concurrency (its floor)."""
    now = messages[0].send_at + timedelta(minutes=1)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        sms = channel(url, client, AsyncTwilioSMSChannel)
        for message in messages[:20]:  # warm up
            await sms.send(message)
        gate = asyncio.Semaphore(concurrency)

        async def bare_send(message: Message) -> None:
            async with gate:
                await sms.send(message)

        start = time.perf_counter()
        await asyncio.gather(*(bare_send(m) for m in messages))
        bare = time.perf_counter() - start
        outbox = SQLiteOutbox(path)
        start = time.perf_counter()
        outbox.add(messages)
        dispatcher = AsyncDispatcher(
            {"sms": sms},
            outbox,
            batch_size=200,
            concurrency=concurrency,
            check_policy=False,
        )
        sent = 0
        while True:
            report = await dispatcher.dispatch(as_of=now)
            sent += len(report.sent)
            if not len(report):
                break
        seconds = time.perf_counter() - start
        outbox.close()
    return sent, seconds, bare


def portfolio(n: int) -> tuple[list[Message], list[Debtor], list[Debt]]:
    """``n`` Chilean debtors, each with one debt and one SMS due now."""
    base = sample_message("sms")
    people = [
        Debtor(id=f"d{i}", name="Ana", country="CL", timezone="America/Santiago",
               phone="+56961234567")
        for i in range(n)
    ]  # fmt: skip
    debts = [
        Debt(id=f"F-{i}", debtor_id=f"d{i}", amount=Money("45000", "CLP"),
             due_date=base.local_date)
        for i in range(n)
    ]  # fmt: skip
    messages = [
        Message._build(
            **{**base.__dict__, "id": f"chk-{i:07d}", "debtor_id": f"d{i}", "debt_ids": (f"F-{i}",)}
        )
        for i in range(n)
    ]
    return messages, people, debts


def history(people: Sequence[Debtor], per_debtor: int, now: datetime) -> list[Event]:
    """``per_debtor`` past events per debtor, one every 8 days going back in time (the latest
    inside the caps' lookback, none breaking a cap): messages, a reply now and then, partial
    payments on the debt."""
    out: list[Event] = []
    for debtor in people:
        for k in range(per_debtor):
            at = now - timedelta(days=8 + 8 * k, hours=k % 5)
            if k % 8 == 3:
                out.append(ReplyReceived(at=at, debtor_id=debtor.id, channel="sms", text="ok"))
            elif k % 8 == 6:
                out.append(
                    PaymentReceived(at=at, debt_id=f"F-{debtor.id[1:]}", amount=Money("1", "CLP"))
                )
            else:
                out.append(
                    MessageSent(at=at, message_id=f"h-{debtor.id}-{k}", debtor_id=debtor.id,
                                channel="email")
                )  # fmt: skip
    return out


def checked_dispatch(n: int, per_debtor: int, scale: int, path: Path) -> tuple[int, float]:
    """Sent count and seconds to dispatch ``n`` messages with ``planner=``, the debtors, their
    debts and a history of ``scale * per_debtor`` events per debtor."""
    messages, people, debts = portfolio(n)
    now = messages[0].send_at + timedelta(minutes=1)
    past = history(people, per_debtor * scale, now)
    planner = Planner(default_strategy(), creditor=Creditor(name="Tienda Sur"))
    outbox = SQLiteOutbox(path)
    outbox.add(messages)
    dispatcher = Dispatcher({"sms": MemoryChannel("sms")}, outbox, planner=planner,
                            batch_size=200, clock=lambda: 0.0)  # fmt: skip
    start = time.perf_counter()
    report = dispatcher.dispatch(as_of=now, history=past, debtors=people, debts=debts)
    seconds = time.perf_counter() - start
    outbox.close()
    return len(report.sent), seconds


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the benchmark, print it and return its numbers."""
    parser = argparse.ArgumentParser(description="dispatch throughput with the outbox on")
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--checked", type=int, default=2_000, help="messages, checked run")
    parser.add_argument("--history-per-debtor", type=int, default=16)
    args = parser.parse_args(argv)
    messages = make_messages(args.messages)
    now = messages[0].send_at + timedelta(minutes=1)
    with fake_twilio() as url, httpx.Client() as client, tempfile.TemporaryDirectory() as tmp:
        sms = channel(url, client)
        for message in messages[:20]:  # warm the connection pool and imports
            sms.send(message)
        start = time.perf_counter()
        for message in messages:
            sms.send(message)
        bare = time.perf_counter() - start

        outbox = SQLiteOutbox(Path(tmp) / "outbox.sqlite")
        start = time.perf_counter()
        outbox.add(messages)
        dispatcher = Dispatcher({"sms": sms}, outbox, batch_size=200, check_policy=False)
        sent = 0
        while True:
            report = dispatcher.dispatch(as_of=now)
            sent += len(report.sent)
            if not len(report):
                break
        dispatched = time.perf_counter() - start
        outbox.close()
        async_sent, async_seconds, async_bare = asyncio.run(
            async_dispatch(url, messages, Path(tmp) / "async.sqlite", args.concurrency)
        )
        checked_dispatch(200, args.history_per_debtor, 1, Path(tmp) / "warm.sqlite")  # warm up
        checked: dict[int, tuple[int, float]] = {}
        for scale in (1, 2, 4):
            best = min(
                (
                    checked_dispatch(
                        args.checked, args.history_per_debtor, scale,
                        Path(tmp) / f"checked-{scale}-{rep}.sqlite",
                    )
                    for rep in range(3)
                ),
                key=lambda r: r[1],
            )  # fmt: skip
            checked[scale] = best
    per_message = {k: seconds / args.checked for k, (_, seconds) in checked.items()}
    result = {
        "messages": float(args.messages),
        "sent": float(sent),
        "bare_per_s": args.messages / bare,
        "dispatch_per_s": args.messages / dispatched,
        "ratio": dispatched / bare,
        "async_sent": float(async_sent),
        "async_per_s": args.messages / async_seconds,
        "async_bare_per_s": args.messages / async_bare,
        "async_ratio": async_seconds / async_bare,
        **{f"checked_{k}x_per_s": args.checked / s for k, (_, s) in checked.items()},
        **{f"checked_{k}x_sent": float(sent) for k, (sent, _) in checked.items()},
        "checked_growth_2x": per_message[2] / per_message[1],
        "checked_growth_4x": per_message[4] / per_message[1],
    }
    print(f"dunning dispatch benchmark: {args.messages:,} SMS to a local fake Twilio server")
    print(f"  bare channel sends:        {result['bare_per_s']:,.0f} messages/s")
    print(
        f"  dispatch with SQLite outbox: {result['dispatch_per_s']:,.0f} messages/s ({sent:,} sent)"
    )
    print(f"  outbox + dispatcher cost: {result['ratio']:.2f}x the bare sends")
    print(
        f"  bare async sends, {args.concurrency} in flight: {result['async_bare_per_s']:,.0f} "
        "messages/s"
    )
    print(
        f"  async dispatch, {args.concurrency} in flight: {result['async_per_s']:,.0f} "
        f"messages/s ({async_sent:,} sent; {result['async_ratio']:.2f}x the bare async sends)"
    )
    print(
        f"  checked dispatch (planner + {args.checked:,} debtors + history), to a memory channel:"
    )
    for k, (sent_k, seconds) in checked.items():
        events = args.checked * args.history_per_debtor * k
        print(
            f"    {k}x history ({events:,} events): {args.checked / seconds:,.0f} messages/s, "
            f"{1000 * seconds / args.checked:.3f} ms per message ({sent_k:,} sent)"
        )
    print(
        f"  per-message cost growth: 2x history {result['checked_growth_2x']:.2f}x, "
        f"4x history {result['checked_growth_4x']:.2f}x (target <= 1.3x)"
    )
    return result


if __name__ == "__main__":
    main()
