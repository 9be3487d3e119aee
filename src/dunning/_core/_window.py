"""WhatsApp's customer-service window, one definition for the channel and the bot.

Free-form messages may go out for 24 hours after the debtor's latest message; outside it only
approved templates may (Meta, "Customer service windows"). Only the debtor's own messages open
the window: the business's messages, templates included, never extend it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ._timezones import ensure_aware

__all__ = ["WINDOW", "in_window"]

WINDOW = timedelta(hours=24)
"""How long a debtor's message keeps the window open."""


def in_window(last_inbound: datetime | None, *, as_of: datetime) -> bool:
    """True when free-form text may go out ``as_of`` after a debtor's latest message at
    ``last_inbound`` (``None``: the debtor never wrote).

    >>> from datetime import UTC
    >>> wrote = datetime(2026, 11, 20, 15, tzinfo=UTC)
    >>> in_window(wrote, as_of=wrote + timedelta(hours=23, minutes=59))
    True
    >>> in_window(wrote, as_of=wrote + WINDOW), in_window(None, as_of=wrote)
    (False, False)
    """
    ensure_aware(as_of, "as_of")
    return last_inbound is not None and as_of - last_inbound < WINDOW
