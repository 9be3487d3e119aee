"""One-time form ids: a form's submission is recorded once, however often it arrives.

Every form the portal renders carries a fresh id (in its CSRF token). The first submission
that records something *claims* the id; a replay of the same form (a double click, a reload
after posting, the back button) finds it claimed and gets the same "done" page, recording
nothing. An id is kept until its session could no longer post it, then forgotten.
"""

from __future__ import annotations

import threading
from datetime import datetime

__all__ = ["Once"]


class Once:
    """The ids claimed in this process (thread-safe), each until its expiry.

    >>> from datetime import UTC, datetime, timedelta
    >>> once, now = Once(), datetime(2026, 12, 4, 12, tzinfo=UTC)
    >>> once.claim("c-1/abc", until=now + timedelta(minutes=30), as_of=now)
    True
    >>> once.claim("c-1/abc", until=now + timedelta(minutes=30), as_of=now)
    False
    >>> once.claimed("c-1/abc", as_of=now), once.claimed("c-1/abc", as_of=now + timedelta(hours=1))
    (True, False)
    """

    __slots__ = ("_lock", "_prune_at", "_until")

    def __init__(self) -> None:
        self._until: dict[str, datetime] = {}
        self._lock = threading.Lock()
        self._prune_at = 1024

    def __repr__(self) -> str:
        return f"Once(claimed={len(self._until)})"

    def claimed(self, key: str, *, as_of: datetime) -> bool:
        """Whether ``key`` was claimed and has not expired at ``as_of``."""
        with self._lock:
            until = self._until.get(key)
            return until is not None and as_of < until

    def claim(self, key: str, *, until: datetime, as_of: datetime) -> bool:
        """Claim ``key`` until ``until``: ``True`` for the first claim, ``False`` after."""
        with self._lock:
            held = self._until.get(key)
            if held is not None and as_of < held:
                return False
            if len(self._until) >= self._prune_at:
                # Forget expired ids now and then (amortised: the ledger stays about as small
                # as the forms the live sessions can still post).
                self._until = {k: u for k, u in self._until.items() if as_of < u}
                self._prune_at = max(1024, 2 * len(self._until))
            self._until[key] = until
            return True

    def release(self, key: str) -> None:
        """Forget ``key`` (its events could not be recorded: the form may be sent again)."""
        with self._lock:
            self._until.pop(key, None)
