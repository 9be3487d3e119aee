"""Text helpers every layer shares: one way to fold text for matching, one way to read a locale.

:func:`fold` is what the template linter, the reply classifier, the conversation bot and the
subdivision lookup compare text with, so that a word list, a lexicon and a holiday calendar all
read ``"CÁRCEL"``, ``"ca\\u0301rcel"``, ``"cár\\u200bcel"`` and ``"𝐜𝐚𝐫𝐜𝐞𝐥"`` as ``"carcel"``.

:func:`parse_locale` is the one reader of locale identifiers (``es_CL``, ``es-CL``, ``pt_BR``,
``es_419``, ``en``): a Babel :class:`~babel.Locale`, or an :class:`~dunning.InputError` (or the
subclass the caller asks for) naming the field.

>>> fold("ÚLTIMO\\u00a0Aviso — Cár\\u200bcel 𝐘𝐀")
'ultimo aviso — carcel ya'
>>> parse_locale("es-cl").territory
'CL'
"""

from __future__ import annotations

import reprlib
import unicodedata
from functools import lru_cache
from typing import Any, Final

from babel import Locale, UnknownLocaleError

from ._errors import InputError

__all__ = ["brief", "fold", "fold_char", "parse_locale"]

# Invisible characters that are not of category Cf: variation selectors (emoji and CJK) and the
# emoji skin-tone modifiers. Emoji themselves are kept.
_INVISIBLE: Final = (
    (0xFE00, 0xFE0F),  # variation selectors 1-16 (U+FE0F turns a symbol into an emoji)
    (0xE0100, 0xE01EF),  # variation selectors 17-256
    (0x1F3FB, 0x1F3FF),  # emoji modifiers Fitzpatrick 1-2 .. 6 (skin tones)
)
# ASCII blanks other than the space and the newline, which fold to a space.
_ASCII_BLANKS: Final = str.maketrans(dict.fromkeys("\t\r\x0b\x0c\x1c\x1d\x1e\x1f", " "))


def _invisible(char: str) -> bool:
    point = ord(char)
    if unicodedata.category(char) == "Cf":
        return True  # zero-width spaces and joiners, soft hyphen, direction marks, BOM, tags
    return any(low <= point <= high for low, high in _INVISIBLE)


def _strip_marks(text: str) -> str:
    """NFKD (compatibility forms become plain letters), combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character of :func:`fold` (possibly ``""`` or several characters).

    ``fold(text) == "".join(map(fold_char, text))`` for every text: each step of the fold works
    on one character at a time, so a caller can map folded text back to the original.

    >>> fold_char("Ñ"), fold_char("\\u00ad"), fold_char("ß"), fold_char("ﬁ")
    ('n', '', 'ss', 'fi')
    """
    if char.isspace():
        return "\n" if char == "\n" else " "
    if _invisible(char):
        return ""
    # Marks are stripped before casefolding and again after it, because casefolding may
    # produce a decomposable character or a combining mark ("İ" folds to "i" + U+0307).
    return _strip_marks(_strip_marks(char).casefold())


def fold(text: str) -> str:
    """``text`` ready to compare: case, accents and look-alike forms of a letter ignored.

    In one pass over the characters:

    1. **invisible characters are dropped**: Unicode format characters (category ``Cf``: zero-
       width space and joiners, word joiner, soft hyphen, direction marks, the byte-order mark,
       tag characters), variation selectors and emoji skin tones; emoji themselves are kept;
    2. **every blank but the newline becomes a plain space** (tab, no-break and narrow no-break
       spaces, ideographic space...); newlines stay, since they end a sentence;
    3. **compatibility forms become plain letters** (NFKD): math letters (``𝐒𝐓𝐎𝐏``), full-width
       forms (``ＳＴＯＰ``), ligatures (``ﬁ``), superscript and circled digits;
    4. **accents are dropped** (every combining mark of the decomposition) and the text is
       **casefolded** (``ß`` → ``ss``), then accents are dropped again from what casefolding
       produced.

    Letters that only look alike (a Cyrillic ``ѕ`` for a Latin ``s``) stay different letters.

    >>> fold("Ｍañana 👍🏽\\tSÍ"), fold("e\\u0301"), fold("ba\\u00adja")
    ('manana 👍 si', 'e', 'baja')
    """
    if text.isascii():
        return text.translate(_ASCII_BLANKS).lower()
    return "".join(map(fold_char, text))


@lru_cache(maxsize=256)
def _parse(identifier: str) -> Locale:
    return Locale.parse(identifier.strip().replace("-", "_"))


def parse_locale(
    locale: object, *, field: str = "locale", error: type[InputError] = InputError
) -> Locale:
    """The CLDR locale of an identifier such as ``es_CL``, ``es-CL`` or ``pt_br``.

    Anything Babel cannot read (an unknown language, a malformed tag, a value that is not a
    string) raises ``error`` (an :class:`~dunning.InputError` unless the caller asks for one of
    its subclasses) naming ``field``.

    >>> str(parse_locale("es-cl")), parse_locale("es_419").territory, parse_locale("en").language
    ('es_CL', '419', 'en')
    >>> parse_locale("xx_YY")
    Traceback (most recent call last):
    ...
    dunning.InputError: field 'locale': unknown locale 'xx_YY'
    """
    if not isinstance(locale, str) or not locale.strip():
        raise error(f"unknown locale {locale!r}", field=field, value=locale)
    try:
        return _parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise error(f"unknown locale {locale!r}", field=field, value=locale) from None


# A value shown in an error: bounded in depth and length, whatever was given.
_BRIEF = reprlib.Repr()
_BRIEF.maxlevel = 6
_BRIEF.maxstring = _BRIEF.maxother = _BRIEF.maxlong = 200
_BRIEF.maxdict = _BRIEF.maxlist = _BRIEF.maxtuple = _BRIEF.maxset = _BRIEF.maxfrozenset = 12


def brief(value: Any, *, limit: int = 200, text: bool = False) -> str:
    """``repr(value)`` (``str`` with ``text=True``) cut to ``limit`` characters, in bounded time
    whatever ``value`` is: a list of a million items, nesting without end, a number too long to
    write out (Python refuses past 4,300 digits) or an object whose ``repr`` raises.

    >>> brief(list(range(100)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...]'
    >>> brief(10**5000)
    '<a whole number of 16610 bits>'
    """
    if isinstance(value, str):
        return (value if text else repr(value))[:limit]
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        return f"<a whole number of {value.bit_length()} bits>"
    try:
        if isinstance(value, list | tuple | dict | set | frozenset):
            return _BRIEF.repr(value)[:limit]
        return (str(value) if text else repr(value))[:limit]
    except Exception:  # a number too long inside a list, a __repr__ that raises
        return f"<{type(value).__name__}>"
