"""SMS length and cost: GSM-7 versus UCS-2, segments, and explicit transliteration to GSM-7.

An SMS is billed per *segment*, and how much text fits in a segment depends on the encoding the
whole message has to use:

* **GSM-7** (the GSM 03.38 default alphabet, 3GPP TS 23.038 § 6.2.1) is used when every character
  is in the basic table (one 7-bit septet each) or in the extension table (an escape septet plus
  one more: ``^ { } \\ [ ~ ] |``, ``€`` and form feed cost **two** septets). One SMS holds 160
  septets; a longer message is split into parts of 153 septets (7 septets go to the concatenation
  header), and an escape pair is never split across two parts.
* **UCS-2** is used as soon as one character is outside those tables. One SMS then holds 70
  UTF-16 code units, and parts of a longer message hold 67. A character outside the Basic
  Multilingual Plane (an emoji, say) takes two units, a surrogate pair that is never split.

So a single character can more than double the price of a message: 160 ``a`` are one SMS, but
159 ``a`` and one ``á`` are three. The GSM-7 basic table has ``é É ñ Ñ ü Ü ¿ ¡`` but **not**
``á í ó ú Á Í Ó Ú``, so an ordinary Spanish reminder with an accent on *día* or *está* goes out as
UCS-2. Portuguese fares worse: ``ã õ â ê ô á í ó ú`` and the small ``ç`` are all outside GSM-7
(the table has the capital ``Ç`` only, and ``à`` but not ``À``). Templates meant for SMS should
therefore avoid those letters, or opt in to :func:`to_gsm7`, which transliterates (``á`` → ``a``).
Transliteration changes the wording of what may be a legal notice, so it is never applied by
:func:`sms_info` or :func:`sms_segments`: it is a separate call that the template layer makes only
for templates that ask for it.

National language shift tables (TS 23.038 Annex A, a Spanish or Portuguese one among them) would
change the arithmetic, but typical sending APIs do not expose them, so they are not modelled here.
The counts are what the sender's arithmetic should give; carriers and aggregators may still bill
differently (some US toll-free routes use 152/66 per part), so treat costs as estimates.

>>> sms_segments("Hola Ana, su pago vence mañana.")
(<SmsEncoding.GSM7: 'GSM-7'>, 1)
>>> sms_info("Su pago vence el día 5.")
SmsInfo(encoding=<SmsEncoding.UCS2: 'UCS-2'>, segments=1, units=23, chars_per_segment=70,
        remaining=47)
>>> to_gsm7("Su pago vence el día 5.")
'Su pago vence el dia 5.'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from .._core._errors import InputError

__all__ = [
    "GSM7_BASIC",
    "GSM7_EXTENSION",
    "SmsEncoding",
    "SmsInfo",
    "is_gsm7",
    "sms_info",
    "sms_segments",
    "to_gsm7",
]

# The GSM 03.38 / 3GPP TS 23.038 (§ 6.2.1) default alphabet: the character at index ``n`` is the
# one with septet code ``n``. This follows Unicode's GSM0338.TXT mapping (table version 1.1,
# 2000), which maps 0x09 to the capital ``Ç``; the small ``ç`` is deliberately left out (senders
# disagree on it). 0x1B is ESC, the escape to the extension table: it is not a character of its
# own and is never accepted in text.
GSM7_BASIC: Final[str] = (
    "@£$¥èéùìòÇ\nØø\rÅå"  # 0x00-0x0F
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"  # 0x10-0x1F (0x1B = ESC)
    " !\"#¤%&'()*+,-./"  # 0x20-0x2F
    "0123456789:;<=>?"  # 0x30-0x3F
    "¡ABCDEFGHIJKLMNO"  # 0x40-0x4F
    "PQRSTUVWXYZÄÖÑÜ§"  # 0x50-0x5F
    "¿abcdefghijklmno"  # 0x60-0x6F
    "pqrstuvwxyzäöñüà"  # 0x70-0x7F
)

# The extension table of 3GPP TS 23.038 (§ 6.2.1.1): character -> the code sent after ESC.
# Each of these costs two septets. The other positions are unused in the default alphabet.
GSM7_EXTENSION: Final[Mapping[str, int]] = MappingProxyType(
    {
        "\f": 0x0A,
        "^": 0x14,
        "{": 0x28,
        "}": 0x29,
        "\\": 0x2F,
        "[": 0x3C,
        "~": 0x3D,
        "]": 0x3E,
        "|": 0x40,
        "€": 0x65,
    }
)

_ESC: Final = "\x1b"
_BASIC: Final[frozenset[str]] = frozenset(GSM7_BASIC) - {_ESC}
_EXTENSION: Final[frozenset[str]] = frozenset(GSM7_EXTENSION)
_GSM7: Final[frozenset[str]] = _BASIC | _EXTENSION

_GSM7_SINGLE: Final = 160
_GSM7_PART: Final = 153
_UCS2_SINGLE: Final = 70
_UCS2_PART: Final = 67

# Typographic characters with a plain GSM-7 equivalent. Letters that NFKD decomposition cannot
# strip (``ł``, ``đ``, ``œ``) are here too; currency signs are not (an amount must not change).
_TYPOGRAPHIC: Final[Mapping[str, str]] = MappingProxyType(
    {
        "\u2018": "'",  # ‘ left single quotation mark
        "\u2019": "'",  # ’ right single quotation mark / apostrophe
        "\u201a": "'",  # ‚ single low-9 quotation mark
        "\u201b": "'",  # ‛ single high-reversed-9 quotation mark
        "\u2032": "'",  # ′ prime
        "\u2039": "'",  # ‹ single left-pointing angle quotation mark
        "\u203a": "'",  # › single right-pointing angle quotation mark
        "`": "'",  # grave accent (backtick)
        "\u00b4": "'",  # ´ acute accent
        "\u201c": '"',  # “ left double quotation mark
        "\u201d": '"',  # ” right double quotation mark
        "\u201e": '"',  # „ double low-9 quotation mark
        "\u201f": '"',  # ‟ double high-reversed-9 quotation mark
        "\u2033": '"',  # ″ double prime
        "\u00ab": '"',  # « left-pointing double angle quotation mark
        "\u00bb": '"',  # » right-pointing double angle quotation mark
        "\u2010": "-",  # ‐ hyphen
        "\u2011": "-",  # ‑ non-breaking hyphen
        "\u2012": "-",  # ‒ figure dash
        "\u2013": "-",  # – en dash
        "\u2014": "-",  # — em dash
        "\u2015": "-",  # ― horizontal bar
        "\u2212": "-",  # − minus sign
        "\u2026": "...",  # … horizontal ellipsis
        "\u2022": "-",  # • bullet
        "\u2044": "/",  # ⁄ fraction slash (NFKD of ½ is 1⁄2)
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\t": " ",  # tab (0x09 in GSM-7 is Ç, not a tab)
        "\u00ad": "",  # soft hyphen (invisible)
        "\u200b": "",  # zero-width space
        "\u200c": "",  # zero-width non-joiner
        "\u200d": "",  # zero-width joiner
        "\u2060": "",  # word joiner
        "\ufeff": "",  # zero-width no-break space / byte-order mark
        "\u0142": "l",  # ł
        "\u0141": "L",  # Ł
        "\u0111": "d",  # đ
        "\u0110": "D",  # Đ
        "\u0131": "i",  # ı dotless i
        "\u0153": "oe",  # œ
        "\u0152": "OE",  # Œ
    }
)


class SmsEncoding(StrEnum):
    """The data coding an SMS is sent with: the GSM 03.38 7-bit alphabet, or UCS-2 (UTF-16)."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class SmsInfo:
    """How a text would be sent as SMS.

    ``units`` is the length in the encoding's units: septets for GSM-7 (an extension character such
    as ``€`` counts two), UTF-16 code units for UCS-2 (an emoji counts two).
    ``chars_per_segment`` is the capacity, in those units, of each segment: 160 or 70 for a
    single-segment message, 153 or 67 for each part of a concatenated one. ``remaining`` is the
    number of units still free in the last segment.

    >>> sms_info("€")
    SmsInfo(encoding=<SmsEncoding.GSM7: 'GSM-7'>, segments=1, units=2, chars_per_segment=160,
            remaining=158)
    """

    encoding: SmsEncoding
    segments: int
    units: int
    chars_per_segment: int
    remaining: int


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM-7 basic or extension table.

    >>> is_gsm7("¿Mañana? 10€ [ref]"), is_gsm7("día")
    (True, False)
    """
    return all(char in _GSM7 for char in text)


def _pack(costs: list[int], single: int, part: int) -> tuple[int, int, int]:
    """Segments, chars per segment and units left in the last one, for units of ``costs``.

    A character is never split across two parts: when it does not fit in what is left of a part,
    it starts the next one.
    """
    total = sum(costs)
    if total <= single:
        return 1, single, single - total
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return segments, part, part - used


def sms_info(text: str) -> SmsInfo:
    """Encoding, segment count and length of ``text`` sent as one SMS.

    GSM-7 when every character is in the GSM 03.38 tables, UCS-2 otherwise; no character is
    changed (see :func:`to_gsm7` for that). Segments are counted by packing part by part, so an
    escape pair or a surrogate pair that would straddle two parts moves whole to the next one, and
    the count can be one more than ``ceil(units / 153)``.

    The empty text is one GSM-7 segment with no units: an empty message, if sent at all, is still
    one SMS (whether to send it is the caller's decision, not this counter's).

    >>> sms_info("")
    SmsInfo(encoding=<SmsEncoding.GSM7: 'GSM-7'>, segments=1, units=0, chars_per_segment=160,
            remaining=160)
    >>> sms_info("a" * 161)
    SmsInfo(encoding=<SmsEncoding.GSM7: 'GSM-7'>, segments=2, units=161, chars_per_segment=153,
            remaining=145)
    >>> sms_info("Pago recibido 👍").units
    16
    """
    if is_gsm7(text):
        costs = [2 if char in _EXTENSION else 1 for char in text]
        encoding, single, part = SmsEncoding.GSM7, _GSM7_SINGLE, _GSM7_PART
    else:
        costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
        encoding, single, part = SmsEncoding.UCS2, _UCS2_SINGLE, _UCS2_PART
    segments, capacity, remaining = _pack(costs, single, part)
    return SmsInfo(
        encoding=encoding,
        segments=segments,
        units=sum(costs),
        chars_per_segment=capacity,
        remaining=remaining,
    )


def sms_segments(text: str) -> tuple[SmsEncoding, int]:
    """The encoding ``text`` needs and how many SMS segments it takes.

    >>> sms_segments("a" * 160), sms_segments("a" * 159 + "á")
    ((<SmsEncoding.GSM7: 'GSM-7'>, 1), (<SmsEncoding.UCS2: 'UCS-2'>, 3))
    """
    info = sms_info(text)
    return info.encoding, info.segments


def _is_mark(char: str) -> bool:
    """Whether ``char`` is a non-spacing mark (an accent that combines with the letter before)."""
    return unicodedata.category(char) == "Mn"


def _fallback(char: str) -> str | None:
    """The GSM-7 spelling of one character outside the tables, or ``None`` when it has none."""
    if char in _TYPOGRAPHIC:
        return _TYPOGRAPHIC[char]
    if _is_mark(char):
        return ""  # an accent left over from a decomposed letter: drop it
    out = []
    for piece in unicodedata.normalize("NFKD", char):
        if piece in _GSM7:
            out.append(piece)
        elif piece in _TYPOGRAPHIC:
            out.append(_TYPOGRAPHIC[piece])
        elif not _is_mark(piece):
            return None
    return "".join(out) or None


def to_gsm7(text: str, *, strict: bool = True) -> str:
    """``text`` rewritten with GSM-7 characters only, so that it is sent as GSM-7.

    Characters already in GSM-7 are kept, accented ones included (``é ñ ü à Ç Ø å ß``). Others lose
    their accents through Unicode NFKD decomposition (``á`` → ``a``, ``ç`` → ``c``, ``ã`` → ``a``),
    and typographic characters become their plain forms (curly quotes → straight, dashes → ``-``,
    ``…`` → ``...``, no-break space → space). A base letter followed by combining accents is first
    composed, so a decomposed ``é`` stays ``é``.

    A character with no GSM-7 spelling (an emoji, ``¢``, a Cyrillic letter) raises
    :class:`~dunning.InputError` naming it and its index in ``text`` when ``strict`` (the default),
    and becomes ``?`` otherwise.

    This changes the wording of the message, so it is never done implicitly: call it only for
    templates that opt in.

    >>> to_gsm7("¿Cuándo pagará? “Mañana” – José")
    '¿Cuando pagara? "Mañana" - José'
    >>> to_gsm7("Olá, sua fatura de março está em aberto.")
    'Ola, sua fatura de marco esta em aberto.'
    >>> to_gsm7("Gracias 🙏")
    Traceback (most recent call last):
      ...
    dunning.InputError: field 'text': character '🙏' (U+1F64F) at index 8
        has no GSM-7 equivalent
    >>> to_gsm7("Gracias 🙏", strict=False)
    'Gracias ?'
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        end = i + 1
        while end < n and _is_mark(text[end]):
            end += 1
        cluster = text[i:end]
        composed = unicodedata.normalize("NFC", cluster)
        if all(char in _GSM7 for char in composed):
            out.append(composed)
        else:
            for index in range(i, end):
                char = text[index]
                replacement = char if char in _GSM7 else _fallback(char)
                if replacement is None:
                    if strict:
                        raise InputError(
                            f"character {char!r} (U+{ord(char):04X}) at index {index} "
                            "has no GSM-7 equivalent",
                            field="text",
                            value=char,
                        )
                    replacement = "?"
                out.append(replacement)
        i = end
    return "".join(out)
