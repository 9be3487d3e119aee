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

from .._core._kinds import ALL_CHANNELS, ChannelKind
from ._common import calendar, hours, source, standard_stops
from ._policy import ContactPolicy
from ._rules import ConsentRule, ContentRule, FrequencyCap

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
        caps.append(
            FrequencyCap(
                limit=2,
                period_days=30,
                channels=TEXTS,
                scope="debt",
                phone_types=frozenset({"work", "other", "unknown"}),
                source=source(
                    "940 CMR 7.04(1)(f): 2 calls or texts per 30 days at numbers other than "
                    "home or mobile",
                    note="a phone whose kind is unknown (Debtor.phone_type None) is counted "
                    "as 'other' (prudent): set phone_type='mobile' or 'home' to lift it",
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
            attorney_represented=source(
                "12 CFR 1006.6(b)(2); FDCPA §805(a)(2): no contact with a consumer known to be "
                "represented by an attorney about the debt"
            ),
            workplace=source(
                "12 CFR 1006.6(b)(3); FDCPA §805(a)(3): no contact at work when the employer "
                "prohibits it"
            ),
        ),
        notes=(
            "Regulation F binds third-party debt collectors; it is applied here prudently.",
            "Holidays do not restrict contact; they matter for the validation-notice timing.",
        ),
    )


TCPA = source(
    "47 U.S.C. 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(1)(iii): prior express consent for "
    "autodialed or prerecorded calls and texts to mobiles",
    note="a number given to the creditor for the debt counts as consent (FCC 2008); revocable "
    "by any reasonable means, honoured within 10 business days (FCC 2024 order)",
)


def tcpa_consent() -> ContactPolicy:
    """House rules for a dialer: calls and texts only with a recorded consent (TCPA).

    Merge it when calls or texts go out through an autodialer, or with an artificial or
    prerecorded (including AI) voice: ``Planner(..., house_rules={"US": tcpa_consent()})``.
    Record the consent as a :class:`~dunning.Consent` (``source`` says where the number was
    given: the loan application, the checkout form) and every revocation (a "STOP" reply, a
    "don't call me" said on a call) as a ``ConsentRevoked`` event.

    >>> sorted(c.value for c in tcpa_consent().consent_channels())
    ['call', 'sms', 'whatsapp']
    """
    return ContactPolicy(
        name="US-TCPA",
        country="US",
        consent=(ConsentRule(channels=TEXTS, source=TCPA),),
    )
