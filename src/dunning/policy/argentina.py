"""Argentina: Ley 24.240 art. 8 bis (trato digno) and Ley 26.951 (Registro No Llame).

No national collection hours or caps were found. Ley 26.951 exempts contact about an existing
contract when made "in reasonable form and hours"; the prudent default here is Monday–Friday
09:00–20:00 and Saturday 09:00–13:00, never on Sundays or national holidays.
"""

from __future__ import annotations

from .._core._kinds import ALL_CHANNELS
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis


def policy(subdivision: str | None = None) -> ContactPolicy:
    return ContactPolicy(
        name="AR" if subdivision is None else f"AR-{subdivision}",
        country="AR",
        subdivision=subdivision,
        hours=(
            hours(
                ALL_CHANNELS,
                [("mon-fri", "09:00", "20:00"), ("sat", "09:00", "13:00")],
                source(
                    "Ley 26.951 (contact 'in reasonable form and hours'); Ley 24.240 art. 8 bis",
                    Basis.PRUDENT,
                    "low",
                    note="no national hours in law; this is a conservative default",
                ),
                closed_on_holidays=True,
            ),
        ),
        holidays=(calendar("AR", subdivision, "Ley 27.399 and yearly decrees"),),
        stops=standard_stops(),
        notes=("Out-of-court claims must not look like court claims (Ley 24.240 art. 8 bis).",),
    )
