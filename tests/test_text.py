"""The package's one fold and one locale reader (``dunning._core._text``), and that every caller
uses them: the template linter, the reply classifier, the bot's word lists, subdivision names.

Expected values are built from Unicode's own names (``unicodedata.lookup``) and spelled out by
hand, never by calling the fold under test."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning import CurrencyError, Debtor, InputError, Money
from dunning._core import _subdivisions, _text
from dunning._core._format import locale_chain
from dunning._core._text import fold, fold_char, parse_locale
from dunning.conversation import _lexicon, _replies
from dunning.templates import _lint_match

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e"]
COMBINING = ["\u0301", "\u0300", "\u0302", "\u0303", "\u0308", "\u0327", "\u030c"]


def bold(word: str) -> str:
    return "".join(unicodedata.lookup(f"MATHEMATICAL BOLD SMALL {c.upper()}") for c in word)


def fullwidth(word: str) -> str:
    return "".join(unicodedata.lookup(f"FULLWIDTH LATIN CAPITAL LETTER {c.upper()}") for c in word)


# --- one implementation ----------------------------------------------------------------------


def test_every_caller_uses_the_one_fold():
    assert _lexicon._fold is fold  # the reply classifier and the date reader
    assert _lint_match.fold is fold and _lint_match.fold_char is fold_char  # the linter
    assert _subdivisions.fold is fold
    assert _replies.fold is fold and _replies.parse_locale is parse_locale  # the bot's texts


# --- hostile inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CÁRCEL", "carcel"),
        ("ca\u0301rcel", "carcel"),  # decomposed accent
        ("cár\u200bcel", "carcel"),  # zero-width space
        ("ba\u00adja", "baja"),  # soft hyphen
        ("S\u200bT\u2060O\u00adP", "stop"),
        ("\ufeffhola", "hola"),  # byte-order mark
        ("\u202epago\u202c", "pago"),  # direction override and pop
        ("n\u0303\u0301\u0308", "n"),  # a pile of combining marks
        ("Ação", "acao"),
        ("Straße", "strasse"),
        ("ﬁn", "fin"),  # ligature
        ("İ", "i"),  # casefolding yields i + U+0307, which is dropped too
        ("①②", "12"),
        ("x²", "x2"),
        ("Ｍañana", "manana"),
        ("👍🏽", "👍"),  # skin tone dropped, emoji kept
        ("❤\ufe0f", "❤"),  # variation selector
        ("a\tb\u00a0c\u202fd\u3000e\rf", "a b c d e f"),
        ("línea\nsiguiente", "linea\nsiguiente"),  # a newline ends a sentence: kept
        ("", ""),
    ],
)
def test_fold_hostile_inputs(text, expected):
    assert fold(text) == expected


def test_fold_math_letters_and_fullwidth_forms():
    assert fold(bold("stop")) == "stop"
    assert fold(fullwidth("baja")) == "baja"


def test_confusables_stay_different_letters():
    # A Cyrillic "ѕ" is another letter, not a Latin "s" (documented in docs/intents.md).
    assert fold("\u0455top") != "stop"


hidden_word = st.sampled_from(["carcel", "embargo", "stop", "pague", "juicio"])


@given(
    word=hidden_word,
    noise=st.lists(st.sampled_from(ZERO_WIDTH + COMBINING + [""]), min_size=6, max_size=6),
    style=st.sampled_from(["plain", "upper", "bold", "fullwidth"]),
)
def test_a_word_survives_any_disguise(word, noise, style):
    shown = {
        "plain": word,
        "upper": word.upper(),
        "bold": bold(word),
        "fullwidth": fullwidth(word),
    }[style]
    disguised = "".join(c + noise[i % len(noise)] for i, c in enumerate(shown))
    assert fold(disguised) == word


@given(st.text(max_size=60))
def test_fold_is_one_character_at_a_time(text):
    # The linter maps folded text back to the original character by character.
    assert fold(text) == "".join(fold_char(c) for c in text)


@given(st.text(max_size=60))
def test_fold_output_is_settled(text):
    out = fold(text)
    assert fold(out) == out
    assert not any(unicodedata.category(c) == "Cf" for c in out)
    assert not any(unicodedata.combining(c) for c in out)
    assert not any(c.isspace() and c not in " \n" for c in out)


def test_fold_is_linear_on_long_hostile_text():
    text = ("𝐒\u200b" + "e\u0301" * 3 + "🏽") * 5000
    assert fold(text) == "seee" * 5000  # bounded: one pass, no backtracking


# --- locales -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "language", "territory"),
    [
        ("es_CL", "es", "CL"),
        ("es-CL", "es", "CL"),
        ("pt_br", "pt", "BR"),
        (" en_US ", "en", "US"),
        ("es_419", "es", "419"),
        ("es", "es", None),
    ],
)
def test_parse_locale(identifier, language, territory):
    loc = parse_locale(identifier)
    assert (loc.language, loc.territory) == (language, territory)


@pytest.mark.parametrize("bad", ["", "   ", "xx_YY", "es_CL_x", "es__CL", None, 5, ["es"]])
def test_parse_locale_rejects_with_a_typed_error(bad):
    with pytest.raises(InputError) as info:
        parse_locale(bad)
    assert info.value.field == "locale"


def test_parse_locale_error_class_and_field_are_the_callers():
    with pytest.raises(CurrencyError) as info:
        parse_locale("zz", field="loc", error=CurrencyError)
    assert info.value.field == "loc"


def test_every_locale_reader_agrees():
    # The formatter, the debtor model and Money.parse read locales the same way.
    assert locale_chain("es-CL") == ("es_CL", "es", "en")
    assert Debtor(id="d", name="Ana", country="CL", locale="es-cl").locale == "es_CL"
    assert Money.parse("45.000", "CLP", locale="es-CL") == Money("45000", "CLP")
    with pytest.raises(CurrencyError):
        Money.parse("45.000", "CLP", locale="xx_YY")
    with pytest.raises(InputError):
        locale_chain("xx_YY")
    assert _text.parse_locale is parse_locale
