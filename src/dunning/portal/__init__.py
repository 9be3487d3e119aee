"""The debtor self-service portal: an ASGI app (Starlette) to mount in your own app.

Needs the ``portal`` extra: ``pip install 'dunning[portal]'``.

* :class:`Portal` is the app: balance, history and what is overdue; pay links; payment plans;
  promises; reported payments; disputes; an advisor; contact preferences. Every action becomes
  an event (:mod:`dunning.events`) that the next plan honours.
* :meth:`Portal.link` makes signed, expiring, single-purpose links for one debtor (no accounts);
  opening one starts a short session in an HttpOnly cookie. Forms carry CSRF tokens; links and
  forms are rate-limited (:class:`Throttle`); :class:`RedactLinks` keeps link tokens out of
  your server's access log.
* :class:`PortalStore` is the port to your data (four methods); :class:`MemoryStore` the
  in-memory one for tests and demos.

See docs/portal.md.
"""

from __future__ import annotations

try:
    import python_multipart  # noqa: F401  (Starlette reads forms with it)
    import starlette  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "dunning.portal needs Starlette and python-multipart: pip install 'dunning[portal]'"
    ) from exc

from .._core._errors import LinkError
from ._app import PURPOSES, Portal, RedactLinks
from ._store import MemoryStore, PortalStore
from ._throttle import Throttle

__all__ = [
    "PURPOSES",
    "LinkError",
    "MemoryStore",
    "Portal",
    "PortalStore",
    "RedactLinks",
    "Throttle",
]


from .._core._public import publish as _publish

_publish(globals())
