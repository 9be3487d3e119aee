"""What one ``dispatch`` call reports, the typed error that carries it, and the dispatch log."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from .._core._errors import DunningError
from ..events import Event

__all__ = ["DispatchError", "DispatchReport", "log"]

log = logging.getLogger("dunning.dispatch")
"""The dispatchers log here: message ids, states and reasons; never addresses, text or secrets."""


@dataclass
class DispatchReport:
    """What one ``dispatch`` call did, by message id, and the events it produced.

    ``skipped`` maps ids stopped at send time to their reason (``"stopped: paid: ..."``);
    they are also ``failed`` in the outbox. ``expired`` maps ids whose validity ended before
    they could be sent to the reason (outbox state ``expired``; the next plan decides again).
    ``held`` maps ids left ``pending`` because the facts to check them were not given (their
    debtor). ``unknown`` ids may have reached the provider: reconcile them (status callbacks,
    the provider's logs, a human). ``fallbacks`` maps a message that could not use its channel
    to the message that replaces it on the next allowed channel. ``events`` carry the real send
    times.
    """

    sent: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    rescheduled: tuple[str, ...] = ()
    skipped: Mapping[str, str] = field(default_factory=dict)
    fallbacks: Mapping[str, str] = field(default_factory=dict)
    events: tuple[Event, ...] = ()
    expired: Mapping[str, str] = field(default_factory=dict)
    held: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return (
            len(self.sent)
            + len(self.failed)
            + len(self.unknown)
            + len(self.rescheduled)
            + len(self.expired)
        )


class DispatchError(DunningError):
    """A ``dispatch()`` call stopped part-way (the outbox failed, a bug): ``report`` is what it
    did before, including the ``MessageSent`` events of the sends that happened. Store those
    events; the cause is ``__cause__``. Sends the outbox could not record stay ``sending`` with
    their attempt started, become ``unknown`` when their lease ends, and count as contacts."""

    def __init__(self, message: str, *, report: DispatchReport) -> None:
        super().__init__(message)
        self.report = report
