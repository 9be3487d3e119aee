"""United States: Regulation F (12 CFR part 1006, FDCPA); Massachusetts 940 CMR 7.00.

* Before 08:00 or after 21:00 at the consumer's location is inconvenient, for calls, texts and
  e-mail (1006.6(b)(1)(i)); when unsure where the consumer is, only times convenient in every
  possible location (official comment) — the planner checks every candidate zone.
* Calls: more than 7 in 7 days per debt, or any within 7 days after a telephone conversation, is a
  presumed violation (1006.14(b)(2)).
* Every e-mail and text must offer a simple opt-out (1006.6(e)).
* Massachusetts (``subdivision="MA"``): at most 2 collector-initiated calls or texts per 7 days
  per debt (940 CMR 7.04(1)(f)).

Regulation F binds third-party collectors; applying it to first-party creditors is prudent.
"""

from __future__ import annotations

from .._models import ALL_CHANNELS, ChannelKind
from ._common import calendar, hours, source, standard_stops
from ._model import ContactPolicy, ContentRule, FrequencyCap

CALL = frozenset({ChannelKind.CALL})
TEXTS = frozenset({ChannelKind.CALL, ChannelKind.SMS, ChannelKind.WHATSAPP})


def policy(subdivision: str | None = None) -> ContactPolicy:
    caps = [
        FrequencyCap(
            limit=7,
            period_days=7,
            channels=CALL,
            scope="debt",
            source=source("12 CFR 1006.14(b)(2)(i): more than 7 calls in 7 days"),
        ),
        FrequencyCap(
            limit=1,
            period_days=7,
            channels=CALL,
            scope="debt",
            after_two_way_contact=True,
            source=source("12 CFR 1006.14(b)(2)(ii): no call within 7 days of a conversation"),
        ),
    ]
    if subdivision == "MA":
        caps.append(
            FrequencyCap(
                limit=2,
                period_days=7,
                channels=TEXTS,
                scope="debt",
                source=source(
                    "940 CMR 7.04(1)(f); 209 CMR 18.16(1)(d): 2 calls or texts per 7 days",
                    note="WhatsApp counted as a text (prudent)",
                ),
            )
        )
    return ContactPolicy(
        name="US" if subdivision is None else f"US-{subdivision}",
        country="US",
        subdivision=subdivision,
        hours=(
            hours(
                ALL_CHANNELS,
                [("mon-sun", "08:00", "21:00")],
                source("12 CFR 1006.6(b)(1)(i): 08:00-21:00 at the consumer's location"),
                closed_on_holidays=False,
            ),
        ),
        holidays=(calendar("US", subdivision, "5 U.S.C. 6103"),),
        caps=tuple(caps),
        content=(
            ContentRule(
                element="opt_out",
                description="a clear, simple way to opt out of further e-mails or texts",
                channels=frozenset({ChannelKind.SMS, ChannelKind.WHATSAPP, ChannelKind.EMAIL}),
                source=source("12 CFR 1006.6(e)"),
            ),
            ContentRule(
                element="debt_collector_disclosure",
                description="the initial communication says it is an attempt to collect a debt "
                "(and that information obtained will be used for that purpose); every later one "
                "that it is from a debt collector",
                channels=ALL_CHANNELS,
                debt_collectors_only=True,
                source=source("12 CFR 1006.18(e); FDCPA §807(11)"),
            ),
        ),
        stops=standard_stops(
            opted_out=source("12 CFR 1006.14(h); TCPA revocation (FCC 2024 order)"),
        ),
        notes=(
            "Regulation F binds third-party debt collectors; it is applied here prudently.",
            "Holidays do not restrict contact; they matter for the validation-notice timing.",
        ),
    )
