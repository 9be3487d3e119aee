"""Peru: Ley 29571, Código de Protección y Defensa del Consumidor, arts. 61–62; INDECOPI enforces.

* Calls and visits are banned "entre las 20:00 horas y las 07:00 horas" and all day on
  Saturdays, Sundays and holidays (art. 62(b)): 07:00 itself is banned, so Monday–Friday
  07:01–20:00 on working days. Applied to written channels too
  (prudent). No frequency cap in force.
"""

from __future__ import annotations

from .._core._kinds import VOICE, WRITTEN
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis

LEY = "Ley 29571 art. 62(b)"


def policy(subdivision: str | None = None) -> ContactPolicy:
    # "entre las 20:00 horas y las 07:00 horas": 07:00 itself is inside the ban, so the window
    # opens at the next minute (a minute of margin, the careful side of the line).
    window = [("mon-fri", "07:01", "20:00")]
    return ContactPolicy(
        name="PE" if subdivision is None else f"PE-{subdivision}",
        country="PE",
        subdivision=subdivision,
        hours=(
            hours(
                VOICE,
                window,
                source(
                    f"{LEY}: no calls/visits 'entre las 20:00 horas y las 07:00 horas' (07:00 "
                    "included), weekends, holidays"
                ),
                closed_on_holidays=True,
            ),
            hours(
                WRITTEN,
                window,
                source(f"{LEY} window applied to written channels", Basis.PRUDENT, "low"),
                closed_on_holidays=True,
            ),
        ),
        holidays=(calendar("PE", subdivision, "Peruvian public holidays"),),
        stops=standard_stops(),
    )
