"""Message builders for the dispatcher tests.

A module of its own, not ``conftest``: the suite has several ``conftest.py`` files, and a child
process (``multiprocessing``'s spawn) would import whichever comes first on ``sys.path``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dunning import Message
from dunning.channels._memory import sample_message

T0 = sample_message("sms").send_at


def messages(n: int, kind: str = "sms", *, start: int = 0) -> list[Message]:
    """``n`` distinct due messages (ids ``m-0``...), all planned for ``T0``."""
    base = sample_message(kind)
    return [base.model_copy(update={"id": f"m-{i}"}) for i in range(start, start + n)]


def later(**kw: float) -> datetime:
    return T0 + timedelta(**kw)
