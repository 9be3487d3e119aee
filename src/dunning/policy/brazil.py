"""Brazil: Código de Defesa do Consumidor (Lei 8.078/1990) arts. 42, 42-A and 71; São Paulo state
Lei 15.426/2014.

* No federal hours: the common market practice (Monday–Friday 08:00–20:00, Saturday 08:00–14:00,
  not on Sundays or holidays) is applied as a prudent default.
* São Paulo (``subdivision="SP"``): collection calls only Monday–Friday 08:00–20:00, Saturday
  08:00–14:00, never on holidays (Lei 15.426/2014 art. 2); applied to written channels too.
* Every collection document names the supplier, address and CPF/CNPJ (CDC art. 42-A).
* São Paulo (Lei 14.953/2013) and Rio de Janeiro (Lei 6.854/2014): itemise the original amount and
  each charge added to it; record collection calls and say so (Rio: prudent, low confidence).
"""

from __future__ import annotations

from .._core._kinds import ALL_CHANNELS, VOICE, WRITTEN, ChannelKind
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import Basis, ContentRule, HoursRule, RegisterRule, Source

SAO_PAULO = ("SP", "São Paulo Capital")
"""The state, and its capital (whose calendar adds the city's holidays): both under SP law."""
WINDOW = [("mon-fri", "08:00", "20:00"), ("sat", "08:00", "14:00")]
PHONE = frozenset({ChannelKind.CALL, ChannelKind.SMS, ChannelKind.WHATSAPP})
VOICE_AND_SMS = frozenset({ChannelKind.CALL, ChannelKind.VISIT, ChannelKind.SMS})


def _itemisation(law: Source) -> ContentRule:
    """The state laws that ask every collection to itemise what is owed (SP, RJ)."""
    return ContentRule(
        element="amount_itemisation",
        description="the original amount and, separately, each interest, fine, fee or other "
        "charge added to it",
        channels=ALL_CHANNELS,
        source=law,
    )


def _state_hours(subdivision: str | None) -> list[HoursRule]:
    """State laws on collection hours reported stricter than the national default (December
    2026 audit). Where only a secondary source reports a law, it is applied as ``prudent`` with
    ``low`` confidence: stricter than needed at worst, and easy to drop."""
    if subdivision == "RJ":
        return [
            hours(
                ALL_CHANNELS,
                [("mon-fri", "09:00", "19:00")],
                source(
                    "Lei estadual RJ 7.868/2018 (amending Lei 6.854/2014): weekdays 09-19, "
                    "no Saturdays, Sundays or holidays",
                    Basis.PRUDENT,
                    "low",
                    note="reported by efic.com.br; the official text was not seen",
                ),
                closed_on_holidays=True,
            )
        ]
    if subdivision == "ES":
        return [
            hours(
                ALL_CHANNELS,
                [("mon-fri", "08:00", "19:00")],
                source(
                    "Lei estadual ES 10.626/2017: weekdays 08-19, no Saturdays, Sundays or "
                    "holidays",
                    Basis.PRUDENT,
                    "low",
                    note="reported by efic.com.br; the official text was not seen",
                ),
                closed_on_holidays=True,
            )
        ]
    if subdivision == "AM":
        return [
            hours(
                VOICE_AND_SMS,
                [("mon-fri", "08:00", "18:00"), ("sat", "08:00", "14:00")],
                source(
                    "Lei estadual AM 4.644/2018 (upheld by the STF): calls weekdays 08-18, "
                    "Saturdays 08-14, no Sundays or holidays",
                    confidence="medium",
                    note="amnews and informemanaus reports; the official text was not seen",
                ),
                closed_on_holidays=True,
            ),
            hours(
                ALL_CHANNELS,
                [("mon-fri", "08:00", "18:00")],
                source(
                    "Lei AM 4.644/2018 read with a report of no Saturday collection, applied to "
                    "every channel",
                    Basis.PRUDENT,
                    "low",
                    note="efic.com.br reports 'until 19:00, no Saturdays' for Amazonas; the "
                    "reports conflict, so the stricter reading of both applies",
                ),
                closed_on_holidays=True,
            ),
        ]
    if subdivision == "AL":
        return [
            hours(
                VOICE_AND_SMS,
                WINDOW,
                source(
                    "Lei estadual AL 7.782/2016: collection calls and text messages weekdays "
                    "08-20, Saturdays 08-14, no Sundays or holidays",
                    confidence="medium",
                    note="Procon Arapiraca and efic.com.br agree; the official text was not seen",
                ),
                closed_on_holidays=True,
            )
        ]
    return []


def policy(subdivision: str | None = None) -> ContactPolicy:
    rules = [
        hours(
            ALL_CHANNELS,
            WINDOW,
            source(
                "market practice (no federal rule); CDC art. 71 (no interference with rest)",
                Basis.PRUDENT,
                "medium",
            ),
            closed_on_holidays=True,
        )
    ]
    if subdivision in SAO_PAULO:
        rules += [
            hours(
                VOICE, WINDOW, source("Lei estadual SP 15.426/2014 art. 2"), closed_on_holidays=True
            ),
            hours(
                WRITTEN,
                WINDOW,
                source(
                    "Lei SP 15.426/2014 art. 2 applied to written channels", Basis.PRUDENT, "low"
                ),
                closed_on_holidays=True,
            ),
        ]
    rules += _state_hours(subdivision)
    registers: list[RegisterRule] = []
    state_content: list[ContentRule] = []
    if subdivision in SAO_PAULO:
        registers.append(
            RegisterRule(
                name="procon_sp",
                description="São Paulo's Procon block register ('Não me ligue')",
                channels=PHONE,
                lag_days=30,
                source=source(
                    "Lei SP 13.226/2008 (as amended by Lei 17.334/2021): block register, "
                    "collection calls and messages included, 30 days after registration",
                    confidence="medium",
                    note="the 2021 amendment covers SMS and app messages; whether Lei 17.832/"
                    "2023 renumbered it is not confirmed",
                ),
            )
        )
        state_content.append(
            _itemisation(
                source(
                    "Lei estadual SP 14.953/2013 (itemised collection)",
                    confidence="medium",
                    note="text seen in summaries; the linter cannot check it: review templates",
                )
            )
        )
    if subdivision == "RJ":
        state_content.append(
            _itemisation(
                source(
                    "Lei estadual RJ 6.854/2014 (itemised collection)",
                    Basis.PRUDENT,
                    "low",
                    note="reported with SP Lei 14.953/2013 in the December 2026 audit; the "
                    "official text was not seen; the linter cannot check it: review templates",
                )
            )
        )
    if subdivision in (*SAO_PAULO, "RJ"):
        state_content.append(
            ContentRule(
                element="call_recording_notice",
                description="collection calls are recorded, and the debtor is told so at the "
                "start of the call",
                channels=frozenset({ChannelKind.CALL}),
                source=source(
                    "Lei estadual SP 14.953/2013 and Lei estadual RJ 6.854/2014 (record "
                    "collection calls and say so)",
                    Basis.PRUDENT,
                    "low",
                    note="December 2026 audit, from summaries; dunning plans no call scripts, so "
                    "this is for the operator's dialler: the linter reports it unchecked",
                ),
            )
        )
    return ContactPolicy(
        name="BR" if subdivision is None else f"BR-{subdivision}",
        country="BR",
        subdivision=subdivision,
        hours=tuple(rules),
        holidays=(calendar("BR", subdivision, "Lei 662/1949 and later; state laws"),),
        content=(
            ContentRule(
                element="creditor_identification",
                description="supplier's name, address and CPF/CNPJ",
                channels=ALL_CHANNELS,
                creditor_fields=("name", "address", "tax_id"),
                source=source("CDC (Lei 8.078/1990) art. 42-A"),
            ),
            *state_content,
        ),
        registers=tuple(registers),
        stops=standard_stops(),
        notes=(
            "Municipal holidays are not in the holidays package: add them with with_holidays().",
            "LGPD art. 7 X (credit protection) is the legal basis; WhatsApp still needs opt-in.",
        ),
    )
