"""Hostile replies (issue 12): whatever text, numbers, dates or Unicode a debtor sends, ``classify``
answers an :class:`Intent` or raises one of the library's own errors, within a time bound.

The bound here is loose (one second per call, for slow CI machines); the strict numbers (under
20 ms at 4,096 characters, growth at most 4.5x from 1k to 4k) are printed by
``benchmarks/classify_bench.py``. The invisible-character and math-letter properties check the
reading against the same reply written plainly: hiding a word must not change what it says.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning import DunningError
from dunning.conversation import Intent
from dunning.conversation._classify import MAX_CHARS, classify, resolve_promise_date

LOCALES = ("es_CL", "es_MX", "es_CO", "es_PE", "es_AR", "es", "pt_BR", "en_US")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
BOUND_S = 1.0
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every format character (category Cf) in the Basic Multilingual Plane, plus the tag characters:
# computed from unicodedata, not listed by hand.
FORMAT_CHARS = [
    chr(c)
    for c in [*range(0x10000), *range(0xE0000, 0xE0080)]
    if unicodedata.category(chr(c)) == "Cf"
]
NAMED_INVISIBLES = ["\u200b", "\u2060", "\u00ad", "\u200e", "\ufeff", "\u200c", "\u200d", "\u202e"]

# Fragments an attacker would repeat: words that start many phrases, negations, hedges, numbers,
# dates, emoji, separators.
FRAGMENTS = [
    "si ",
    "no ",
    "no me ",
    "pago ",
    "te pago ",
    "el 15 ",
    "31/12/",
    "1.",
    "1,",
    "9",
    "👍",
    "🙏🏽",
    "a",
    "ñ",
    "pago pago ",
    "voy a ver si ",
    "mañana ",
    "$",
    "R$ ",
    "k ",
    "lucas ",
    "!!",
    "?",
    "\n",
    "de ",
    "..",
    "x ",
    "q ",
    "en 3 dias ",
    "viernes ",
    "sexta ",
    "friday ",
    "dec 15 ",
    "𝐬𝐢 ",
    "\u200b",
    "\ufdfa",
    "ﬃ",
    "⑳",
    "١٢",
    "𝟗",
    "/",
    "-",
    "'",
    "’",
]


def timed(text: str, locale: str, now: datetime | None = NOW) -> Intent | DunningError:
    """Classify, timing the call; a library error is a result, anything else fails the test."""
    start = time.perf_counter()
    try:
        result: Intent | DunningError = classify(text, locale=locale, as_of=now)
    except DunningError as error:
        result = error
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND_S, f"{elapsed:.2f} s for {len(text)} characters: {text[:80]!r}"
    return result


def math_bold(text: str) -> str:
    """ASCII letters as MATHEMATICAL BOLD letters (what NFKC folds back), by their Unicode names."""

    def bold(ch: str) -> str:
        if "a" <= ch <= "z":
            return unicodedata.lookup(f"MATHEMATICAL BOLD SMALL {ch.upper()}")
        if "A" <= ch <= "Z":
            return unicodedata.lookup(f"MATHEMATICAL BOLD CAPITAL {ch}")
        return ch

    return "".join(bold(ch) for ch in text)


def reading(intent: Intent | DunningError) -> object:
    if isinstance(intent, DunningError):
        return type(intent)
    return (intent.kind, intent.promised_date, intent.amount)


# --------------------------------------------------------------------------- any text


@FUZZ
@given(text=st.text(max_size=300), locale=st.sampled_from(LOCALES))
def test_any_text_reads_as_an_intent(text, locale):
    assert isinstance(timed(text, locale), Intent)


@FUZZ
@given(
    text=st.text(st.characters(codec=None, exclude_categories=["Cs"]), max_size=200),
    locale=st.sampled_from(LOCALES),
)
def test_any_unicode_reads_as_an_intent(text, locale):
    assert isinstance(timed(text, locale), Intent)


@FUZZ
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
    size=st.integers(1, MAX_CHARS * 2),
    locale=st.sampled_from(LOCALES),
)
def test_adversarial_repeats_read_in_bounded_time(parts, size, locale):
    pattern = "".join(parts)
    text = (pattern * (size // len(pattern) + 1))[:size]
    intent = timed(text, locale)
    assert isinstance(intent, Intent)
    assert len(intent.evidence) <= 2 * 25 + 3  # distinct matches and notes, each capped
    if size > MAX_CHARS:
        assert any(e.startswith("truncated:") for e in intent.evidence)


# --------------------------------------------------------------------------- numbers and dates


@FUZZ
@given(
    number=st.integers(0, 10**40) | st.integers(0, 400),
    unit=st.sampled_from(["dias", "días", "semanas", "days", "weeks", "dias úteis"]),
    locale=st.sampled_from(LOCALES),
)
def test_any_count_of_days_gives_a_date_within_the_bound_or_none(number, unit, locale):
    intent = timed(f"te pago en {number} {unit}, i will pay in {number} {unit}", locale)
    assert isinstance(intent, Intent)
    if intent.promised_date is not None:
        assert abs((intent.promised_date - NOW.date()).days) <= 366


@FUZZ
@given(
    day=st.integers(-5, 10**6),
    month=st.integers(-5, 10**4),
    year=st.none() | st.integers(0, 10**6),
    sep=st.sampled_from(["/", "-", ".", " de "]),
    locale=st.sampled_from(LOCALES),
)
def test_any_numeric_date_gives_a_date_within_the_bound_or_none(day, month, year, sep, locale):
    told = f"{day}{sep}{month}" + (f"{sep}{year}" if year is not None else "")
    intent = timed(f"te pago el {told}", locale)
    assert isinstance(intent, Intent)
    if intent.promised_date is not None:
        assert abs((intent.promised_date - NOW.date()).days) <= 366
    found = resolve_promise_date(f"el {told}", today=NOW.date(), locale=locale)
    assert found is None or abs((found - NOW.date()).days) <= 366


@FUZZ
@given(
    now=st.datetimes(
        min_value=datetime(1, 1, 1),
        max_value=datetime(9999, 12, 31, 23, 59),
        timezones=st.just(UTC),
    ),
    text=st.sampled_from(
        [
            "te pago mañana",
            "pago el viernes",
            "el 31",
            "fin de mes",
            "quincena",
            "la próxima semana",
            "en 3 semanas",
            "el 2 de enero",
            "31/12",
        ]
    ),
    zone=st.sampled_from(["America/Santiago", "America/Sao_Paulo", "Pacific/Kiritimati", None]),
)
def test_any_moment_of_the_calendar_reads_or_raises_an_input_error(now, text, zone):
    try:
        intent = classify(text, locale="es_CL", as_of=now, timezone=zone)
    except DunningError:
        return
    assert intent.promised_date is None or abs((intent.promised_date - now.date()).days) <= 367


def test_a_moment_outside_the_supported_range_is_an_input_error():
    from dunning import InputError

    with pytest.raises(InputError) as raised:
        classify(
            "te pago mañana",
            locale="es_CL",
            as_of=datetime(1, 1, 1, tzinfo=UTC),
            timezone="America/Santiago",
        )
    assert raised.value.field == "as_of"


# --------------------------------------------------------------------------- hidden words


OPT_OUTS = [
    ("es_CL", "baja"),
    ("es_MX", "no me escriban más"),
    ("es_AR", "dejen de escribirme"),
    ("pt_BR", "sair"),
    ("pt_BR", "não quero mais receber mensagens"),
    ("en_US", "stop"),
    ("en_US", "unsubscribe"),
    ("en_US", "stop texting me"),
    ("es_CO", "no me llamen más"),
]


@FUZZ
@given(
    case=st.sampled_from(OPT_OUTS),
    marks=st.lists(
        st.sampled_from(FORMAT_CHARS) | st.sampled_from(NAMED_INVISIBLES), min_size=1, max_size=8
    ),
    data=st.data(),
)
def test_format_characters_inside_words_do_not_hide_an_opt_out(case, marks, data):
    locale, text = case
    spots = data.draw(st.lists(st.integers(0, len(text)), min_size=len(marks), max_size=len(marks)))
    hidden = list(text)
    for spot, mark in sorted(zip(spots, marks, strict=True), reverse=True):
        hidden.insert(spot, mark)
    intent = timed("".join(hidden), locale)
    assert isinstance(intent, Intent) and intent.kind == "opt_out", ("".join(hidden), intent)


@pytest.mark.parametrize(("locale", "text"), OPT_OUTS)
def test_math_letters_and_full_width_do_not_hide_an_opt_out(locale, text):
    assert classify(math_bold(text), locale=locale).kind == "opt_out"
    assert classify(math_bold(text.upper()), locale=locale).kind == "opt_out"
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    assert classify(wide, locale=locale).kind == "opt_out"


@FUZZ
@given(
    text=st.sampled_from(
        [
            "te pago el viernes 20 lucas",
            "ya pagué",
            "no es mía esa deuda",
            "vou pagar amanhã",
            "i will pay on the 15th",
            "quiero pagar en cuotas",
        ]
    ),
    marks=st.lists(st.sampled_from(NAMED_INVISIBLES), min_size=1, max_size=5),
    data=st.data(),
)
def test_invisible_characters_change_no_reading(text, marks, data):
    spots = data.draw(st.lists(st.integers(0, len(text)), min_size=len(marks), max_size=len(marks)))
    hidden = list(text)
    for spot, mark in sorted(zip(spots, marks, strict=True), reverse=True):
        hidden.insert(spot, mark)
    locale = "pt_BR" if "vou" in text else "en_US" if "i will" in text else "es_CL"
    assert reading(timed("".join(hidden), locale)) == reading(timed(text, locale))


def test_long_replies_keep_head_and_tail_with_a_note():
    filler = "bla " * 5000
    intent = classify("hola " + filler + " STOP", locale="en_US")
    assert intent.kind == "opt_out"
    assert any(e.startswith("truncated:20010 characters") for e in intent.evidence)
    assert classify("te pago el viernes " + filler, locale="es", as_of=NOW).promised_date == (
        NOW.date() + timedelta(days=4)
    )
    assert date(2026, 11, 27) == NOW.date() + timedelta(days=4)
