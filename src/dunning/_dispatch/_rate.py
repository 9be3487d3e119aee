"""Rate limits: a token bucket per channel, shared by the sync and asyncio dispatchers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .._core._errors import InputError

__all__ = ["RateLimit"]


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: on average at most ``per_second`` sends, in bursts of up to ``burst``.

    Limits hold per dispatcher (per process); give each of ``n`` workers ``1/n`` of the
    provider's limit. Typical starting points: WhatsApp Cloud API 80 messages/s per business
    number; Twilio long codes 1 segment/s in the US (more abroad), toll-free 3/s, short codes 100/s.

    >>> RateLimit(per_second=1, burst=5)
    RateLimit(per_second=1, burst=5)
    """

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.per_second, int | float) or not self.per_second > 0:
            raise InputError("per_second must be > 0", field="per_second", value=self.per_second)
        if not isinstance(self.burst, int) or self.burst < 1:
            raise InputError("burst must be an integer >= 1", field="burst", value=self.burst)


class _Bucket:
    """Reserves send slots: ``reserve()`` takes a token and says how long to wait for it, so
    concurrent senders are spaced out without a lock (tokens may go negative: a queue)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self.tokens = float(limit.burst)
        self.stamp: float | None = None

    def reserve(self) -> float:
        now = self.clock()
        if self.stamp is not None:
            gained = (now - self.stamp) * self.limit.per_second
            self.tokens = min(float(self.limit.burst), self.tokens + gained)
        self.stamp = now
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.limit.per_second
