"""Colombia: Ley 2300 de 2023 ("Dejen de fregar"), in force 10 Oct 2023; SFC and SIC supervise.

* Only channels the consumer expressly authorised (art. 2 per summaries).
* Monday–Friday 07:00–19:00, Saturday 08:00–15:00, never on Sundays or festivos (art. 3), for every
  collection channel.
* After a direct (two-way) contact: no more than one contact a day, and no more than one channel in
  the same week (art. 3).
"""

from __future__ import annotations

from .._core._kinds import ALL_CHANNELS, ChannelKind
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis, ConsentRule, FrequencyCap, HoursRule

LEY = "Ley 2300 de 2023"


def policy(subdivision: str | None = None) -> ContactPolicy:
    art3 = source(f"{LEY} art. 3")
    return ContactPolicy(
        name="CO" if subdivision is None else f"CO-{subdivision}",
        country="CO",
        subdivision=subdivision,
        hours=(
            hours(
                ALL_CHANNELS,
                [("mon-fri", "07:00", "19:00"), ("sat", "08:00", "15:00")],
                source(f"{LEY} art. 3: L-V 07-19, S 08-15, no Sundays or festivos"),
                closed_on_holidays=True,
            ),
            HoursRule(
                channels=frozenset({ChannelKind.VISIT}),
                windows=(),
                source=source(
                    f"{LEY} art. 3: visits to the home or workplace, reported both as allowed "
                    "within the hours and as banned",
                    Basis.PRUDENT,
                    "low",
                    note="reports conflict; no visit is planned until counsel confirms (replace "
                    "this rule to allow them)",
                ),
            ),
        ),
        holidays=(calendar("CO", subdivision, "Ley 51 de 1983 (Emiliani), Ley 2578 de 2026"),),
        consent=(
            ConsentRule(
                channels=ALL_CHANNELS,
                source=source(
                    f"{LEY} art. 2: only channels the consumer expressly authorised",
                    confidence="medium",
                    note="rule high confidence; article number from summaries",
                ),
            ),
        ),
        caps=(
            FrequencyCap(
                limit=1,
                period_days=1,
                channels=ALL_CHANNELS,
                after_two_way_contact=True,
                active_days_after_contact=None,
                source=art3,
            ),
            FrequencyCap(
                limit=1,
                period_days=1,
                channels=ALL_CHANNELS,
                source=source(
                    "SFC concepto 2023080946-002-000 summary of Ley 2300 art. 3 (one contact a "
                    "day, without the two-way condition)",
                    Basis.PRUDENT,
                    "medium",
                    note="art. 3's daily limit literally starts after a direct contact; the SFC "
                    "summary omits that condition, so the stricter reading applies",
                ),
            ),
            FrequencyCap(
                limit=1,
                period_days=7,
                counts="channels",
                channels=ALL_CHANNELS,
                after_two_way_contact=True,
                active_days_after_contact=None,
                source=art3,
            ),
        ),
        stops=standard_stops(),
        notes=("Negative credit-bureau reports need prior notice and 20 days (Ley 1266 art. 12).",),
    )
