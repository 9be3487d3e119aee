"""Rate limits for the portal: an in-memory token bucket per key (a link, an address, a debtor)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from .._core._errors import InputError

__all__ = ["Buckets", "Throttle"]


@dataclass(frozen=True, slots=True)
class Throttle:
    """At most ``burst`` requests at once, refilled at ``per_minute`` a minute, per key.

    The portal keeps one bucket per link and per client address for opening links, and one per
    debtor and per address for forms. Buckets live in the process's memory (one portal
    process, or a sticky load balancer; put a shared limiter in front for more).

    >>> Throttle(per_minute=10, burst=5)
    Throttle(per_minute=10, burst=5)
    """

    per_minute: float
    burst: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.per_minute, bool) or not isinstance(self.per_minute, int | float):
            raise InputError("per_minute must be a number", field="per_minute")
        if not self.per_minute > 0:
            raise InputError("per_minute must be > 0", field="per_minute", value=self.per_minute)
        if isinstance(self.burst, bool) or not isinstance(self.burst, int) or self.burst < 1:
            raise InputError("burst must be an integer >= 1", field="burst", value=self.burst)


class Buckets:
    """Token buckets by key, at most ``size`` keys (the least recently used are forgotten, so
    memory stays bounded under a flood of addresses)."""

    def __init__(self, throttle: Throttle, *, size: int = 10_000) -> None:
        self.throttle = throttle
        self.size = size
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        """Take a token for ``key`` at ``now`` (seconds): 0 when allowed, else the seconds to
        wait before the next one."""
        rate = self.throttle.per_minute / 60.0
        burst = float(self.throttle.burst)
        with self._lock:
            tokens, stamp = self._buckets.pop(key, (burst, now))
            tokens = min(burst, tokens + max(0.0, now - stamp) * rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[key] = (tokens, now)
                wait = (1.0 - tokens) / rate
            while len(self._buckets) > self.size:
                self._buckets.popitem(last=False)
        return wait
