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

Prints messages/s for each and the ratios to the bare sends. Run::

    .venv/bin/python benchmarks/dispatch_bench.py [--messages N]
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
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import httpx

from dunning import AsyncDispatcher, Dispatcher, Message, SQLiteOutbox
from dunning.channels import AsyncTwilioSMSChannel, TwilioSMSChannel
from dunning.channels._memory import sample_message


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
            report = await dispatcher.dispatch(now)
            sent += len(report.sent)
            if not len(report):
                break
        seconds = time.perf_counter() - start
        outbox.close()
    return sent, seconds, bare


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    """Run the benchmark, print it and return its numbers."""
    parser = argparse.ArgumentParser(description="dispatch throughput with the outbox on")
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=8)
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
            report = dispatcher.dispatch(now)
            sent += len(report.sent)
            if not len(report):
                break
        dispatched = time.perf_counter() - start
        outbox.close()
        async_sent, async_seconds, async_bare = asyncio.run(
            async_dispatch(url, messages, Path(tmp) / "async.sqlite", args.concurrency)
        )
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
    return result


if __name__ == "__main__":
    main()
