"""Progress on a terminal: one line on stderr, rewritten in place, and nothing off a TTY.

A 10,000-debtor run with rendering takes seconds; on a terminal the user sees it move. Piped or
redirected (CI logs, ``2> file``), progress would be noise, so it stays quiet.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """``update(done, total)`` redraws ``label: done/total (pct%) elapsed``; ``close()`` clears.

    ``enabled`` defaults to whether ``stream`` is a terminal. Redraws are limited to ten a second.
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.width = 0

    def update(
        self, label: str, done: int, total: int | None = None, *, force: bool = False
    ) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        count = f"{done:,}/{total:,} ({100 * done // max(total, 1)}%)" if total else f"{done:,}"
        text = f"{label}: {count} {now - self.started:.1f} s"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
