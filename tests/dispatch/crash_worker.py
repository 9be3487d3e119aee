"""A dispatching process for test_crash_restart.py, meant to be killed with SIGKILL.

``python crash_worker.py DB URL NOW BATCH LEASE``: dispatch the SQLite outbox ``DB`` through the
fake Twilio at ``URL``, starting at ``NOW`` (epoch seconds) and advancing 10 s per round, until no
row is ``pending`` or ``sending``. Exits 0 when done.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent / "channels"))

from fake_providers import STATUS_CALLBACK, twilio_sms

from dunning import Dispatcher, OutboxState, SQLiteOutbox


def main(db: str, url: str, now: str, batch: str, lease: str) -> int:
    at = datetime.fromtimestamp(float(now), UTC)
    with (
        httpx.Client(timeout=httpx.Timeout(5.0)) as client,
        SQLiteOutbox(db) as box,
    ):
        sms = twilio_sms(client, url, status_callback=STATUS_CALLBACK)
        d = Dispatcher(
            {"sms": sms},
            box,
            max_attempts=50,
            backoff_base=0.5,
            backoff_cap=2,
            lease_seconds=float(lease),
            batch_size=int(batch),
            rng=random.Random(),
            check_policy=False,
        )
        for _ in range(200):
            d.dispatch(as_of=at)
            if not box.items(OutboxState.PENDING) and not box.items(OutboxState.SENDING):
                return 0
            at += timedelta(seconds=10)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
