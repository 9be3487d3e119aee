"""A dispatching process for test_crash_restart.py, meant to be killed with SIGKILL.

``python crash_worker.py DB URL NOW BATCH LEASE``: dispatch the SQLite outbox ``DB`` through the
fake Twilio at ``URL``, starting at ``NOW`` (epoch seconds) and advancing 10 s per round, until no
row is ``pending`` or ``sending``. Exits 0 when done.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

import httpx

from dunning import Dispatcher, OutboxState, SQLiteOutbox
from dunning.channels import TwilioSMSChannel

TWILIO_SID = "AC00000000000000000000000000000001"  # as in tests/channels/fake_providers.py
TWILIO_TOKEN = "twilio-auth-token-3b2a1908"
CALLBACK = "https://example.test/twilio/status"


def main(db: str, url: str, now: str, batch: str, lease: str) -> int:
    at = datetime.fromtimestamp(float(now), UTC)
    with (
        httpx.Client(timeout=httpx.Timeout(5.0)) as client,
        SQLiteOutbox(db) as box,
    ):
        sms = TwilioSMSChannel(
            account_sid=TWILIO_SID,
            auth_token=TWILIO_TOKEN,
            client=client,
            from_number="+15005550006",
            status_callback=CALLBACK,
            base_url=url,
        )
        d = Dispatcher(
            {"sms": sms},
            box,
            max_attempts=50,
            backoff_base=0.5,
            backoff_cap=2,
            lease_seconds=float(lease),
            batch_size=int(batch),
            rng=random.Random(),
        )
        for _ in range(200):
            d.dispatch(at)
            if not box.items(OutboxState.PENDING) and not box.items(OutboxState.SENDING):
                return 0
            at += timedelta(seconds=10)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
