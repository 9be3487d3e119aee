"""SMS encoding and segment counts against the GSM 03.38 rules, and explicit GSM-7 transliteration.

Expected values are worked out by hand from the rules (GSM-7: 160 septets in one SMS, 153 per part,
extension characters cost 2; UCS-2: 70 UTF-16 units in one SMS, 67 per part, emoji cost 2; an
escape pair or surrogate pair is never split), not from the code under test.
"""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dunning import InputError
from dunning.templates import _sms
from dunning.templates._sms import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    SmsEncoding,
    SmsInfo,
    is_gsm7,
    sms_info,
    sms_segments,
    to_gsm7,
)

GSM7 = SmsEncoding.GSM7
UCS2 = SmsEncoding.UCS2
EMOJI = "\U0001f600"  # 😀, outside the BMP: a surrogate pair in UTF-16

SPANISH = (
    "Hola María, le recordamos que su pago de $1,250.00 MXN vence el día 5 de agosto. "
    "Pague en línea: https://pago.ejemplo.mx/r/8F3K o llame al 55 1234 5678."
)
SPANISH_PLAIN = (
    "Hola Maria, le recordamos que su pago de $1,250.00 MXN vence el dia 5 de agosto. "
    "Pague en linea: https://pago.ejemplo.mx/r/8F3K o llame al 55 1234 5678."
)
PORTUGUESE = "Olá João, sua fatura de R$ 350,00 vence amanhã. Pague pelo Pix: https://pag.exemplo.com.br/x7Q2"

TRICKY = [
    # text, encoding, segments, units
    pytest.param("", GSM7, 1, 0, id="empty"),
    pytest.param("hola", GSM7, 1, 4, id="hola"),
    pytest.param("a" * 160, GSM7, 1, 160, id="160a"),
    pytest.param("a" * 161, GSM7, 2, 161, id="161a"),
    pytest.param("a" * 306, GSM7, 2, 306, id="306a"),
    pytest.param("a" * 307, GSM7, 3, 307, id="307a"),
    pytest.param("ñ", GSM7, 1, 1, id="n-tilde"),
    pytest.param("Ñandú", UCS2, 1, 5, id="nandu-u-acute"),
    pytest.param("é É ñ Ñ ü Ü ¿ ¡ Ç", GSM7, 1, 17, id="spanish-gsm7-letters"),
    pytest.param("á", UCS2, 1, 1, id="a-acute"),
    pytest.param("ç", UCS2, 1, 1, id="small-c-cedilla"),
    pytest.param("€", GSM7, 1, 2, id="euro"),
    pytest.param("a" * 159 + "€", GSM7, 2, 161, id="159a-euro"),
    pytest.param("a" * 158 + "€", GSM7, 1, 160, id="158a-euro"),
    # 155 septets: still one SMS, so no part boundary to respect.
    pytest.param("a" * 152 + "€" + "a", GSM7, 1, 155, id="152a-euro-a"),
    # 306 septets, ceil(306 / 153) == 2, but the escape pair would sit on septets 153-154: it moves
    # to part 2 (152 + 153), and the last "a" needs a third part.
    pytest.param("a" * 152 + "€" + "a" * 152, GSM7, 3, 306, id="152a-euro-152a-split"),
    pytest.param("a" * 151 + "€" + "a" * 153, GSM7, 2, 306, id="151a-euro-153a-fits"),
    pytest.param("á" * 70, UCS2, 1, 70, id="70a-acute"),
    pytest.param("á" * 71, UCS2, 2, 71, id="71a-acute"),
    pytest.param("á" * 134, UCS2, 2, 134, id="134a-acute"),
    pytest.param("á" * 135, UCS2, 3, 135, id="135a-acute"),
    pytest.param("a" * 159 + "á", UCS2, 3, 160, id="159a-a-acute"),
    pytest.param(EMOJI, UCS2, 1, 2, id="emoji"),
    pytest.param(EMOJI * 35, UCS2, 1, 70, id="35-emoji"),
    pytest.param(EMOJI * 36, UCS2, 2, 72, id="36-emoji"),
    # 68 units: one SMS.
    pytest.param("á" * 66 + EMOJI, UCS2, 1, 68, id="66a-acute-emoji"),
    # 134 units, ceil(134 / 67) == 2, but the pair would sit on units 67-68: it moves to part 2
    # (66 + 67), and the last "á" needs a third part.
    pytest.param("á" * 66 + EMOJI + "á" * 66, UCS2, 3, 134, id="66a-emoji-66a-split"),
    pytest.param("á" * 65 + EMOJI + "á" * 67, UCS2, 2, 134, id="65a-emoji-67a-fits"),
    pytest.param("[", GSM7, 1, 2, id="left-bracket"),
    pytest.param("]", GSM7, 1, 2, id="right-bracket"),
    pytest.param("{", GSM7, 1, 2, id="left-brace"),
    pytest.param("}", GSM7, 1, 2, id="right-brace"),
    pytest.param("\\", GSM7, 1, 2, id="backslash"),
    pytest.param("~", GSM7, 1, 2, id="tilde"),
    pytest.param("^", GSM7, 1, 2, id="caret"),
    pytest.param("|", GSM7, 1, 2, id="pipe"),
    pytest.param("\f", GSM7, 1, 2, id="form-feed"),
    pytest.param("Total: 10€ {ref}", GSM7, 1, 19, id="euro-and-braces"),
    pytest.param("[" * 80, GSM7, 1, 160, id="80-brackets"),
    pytest.param("[" * 81, GSM7, 2, 162, id="81-brackets"),
    pytest.param("\x1b", UCS2, 1, 1, id="bare-escape-is-not-gsm7"),
    pytest.param("\u00a0", UCS2, 1, 1, id="no-break-space"),
    pytest.param("`", UCS2, 1, 1, id="backtick"),
    pytest.param("“hola”", UCS2, 1, 6, id="curly-quotes"),
    pytest.param("line\r\nbreak", GSM7, 1, 11, id="crlf"),
    # 152 characters, all in the BMP: 3 UCS-2 parts (67 + 67 + 18), but one GSM-7 SMS without
    # the accents.
    pytest.param(SPANISH, UCS2, 3, 152, id="spanish-accents"),
    pytest.param(SPANISH_PLAIN, GSM7, 1, 152, id="spanish-plain"),
    pytest.param(PORTUGUESE, UCS2, 2, 95, id="portuguese-a-tilde"),
]


@pytest.mark.parametrize(("text", "encoding", "segments", "units"), TRICKY)
def test_tricky_strings(text: str, encoding: SmsEncoding, segments: int, units: int) -> None:
    info = sms_info(text)
    assert (info.encoding, info.segments, info.units) == (encoding, segments, units)
    assert sms_segments(text) == (encoding, segments)
    assert is_gsm7(text) is (encoding is GSM7)


def test_realistic_messages_have_the_lengths_the_table_claims() -> None:
    assert len(SPANISH) == len(SPANISH_PLAIN) == 152
    assert len(PORTUGUESE) == 95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SmsInfo(GSM7, 1, 0, 160, 160)),
        ("a" * 160, SmsInfo(GSM7, 1, 160, 160, 0)),
        ("a" * 161, SmsInfo(GSM7, 2, 161, 153, 145)),
        ("a" * 152 + "€" + "a" * 152, SmsInfo(GSM7, 3, 306, 153, 152)),
        ("á", SmsInfo(UCS2, 1, 1, 70, 69)),
        ("á" * 71, SmsInfo(UCS2, 2, 71, 67, 63)),
        ("á" * 66 + EMOJI + "á" * 66, SmsInfo(UCS2, 3, 134, 67, 66)),
    ],
)
def test_info_reports_capacity_and_what_is_left(text: str, expected: SmsInfo) -> None:
    assert sms_info(text) == expected


def test_encoding_values_are_the_usual_names() -> None:
    assert [e.value for e in SmsEncoding] == ["GSM-7", "UCS-2"]
    assert f"{GSM7}" == "GSM-7"


def test_tables_have_the_gsm_03_38_shape() -> None:
    assert len(GSM7_BASIC) == 128
    assert len(set(GSM7_BASIC)) == 128
    assert GSM7_BASIC[0x00] == "@"
    assert GSM7_BASIC[0x09] == "Ç"
    assert GSM7_BASIC[0x1B] == "\x1b"
    assert GSM7_BASIC[0x40] == "¡"
    assert GSM7_BASIC[0x60] == "¿"
    assert GSM7_BASIC[0x7F] == "à"
    assert GSM7_BASIC[0x41:0x5B] == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert GSM7_BASIC[0x61:0x7B] == "abcdefghijklmnopqrstuvwxyz"
    assert dict(GSM7_EXTENSION) == {
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
    assert not set(GSM7_EXTENSION) & set(GSM7_BASIC)


@pytest.mark.parametrize(
    ("char", "in_gsm7"),
    [
        *[(c, True) for c in "éÉñÑüÜ¿¡Çàèìòù"],
        *[(c, False) for c in "áíóúÁÍÓÚçãõâêôÀÈÌÒÙÃÕ"],
    ],
)
def test_spanish_and_portuguese_letters(char: str, in_gsm7: bool) -> None:
    assert is_gsm7(char) is in_gsm7


# -- to_gsm7 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("á é í ó ú", "a é i o u"),
        ("Á É Í Ó Ú", "A É I O U"),
        ("ç Ç", "c Ç"),
        ("ã õ â ê ô", "a o a e o"),
        ("À È Ì Ò Ù", "A E I O U"),
        ("Olá João, amanhã", "Ola Joao, amanha"),
        ("día, línea, está, más", "dia, linea, esta, mas"),
        ("ﬁn", "fin"),  # compatibility ligature
        ("Ａ１", "A1"),  # full-width forms
        ("ł Ł đ œ Œ", "l L d oe OE"),
    ],
)
def test_accents_are_dropped_where_gsm7_lacks_them(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected


def test_gsm7_letters_are_kept() -> None:
    kept = "é É ñ Ñ ü Ü à è ù ì ò Ç Ø ø å Å Ä Ö ä ö ß Æ æ ¿ ¡ £ ¥ § ¤ € [ ] { } \\ ~ ^ |"
    assert to_gsm7(kept) == kept
    assert to_gsm7(GSM7_BASIC.replace("\x1b", "")) == GSM7_BASIC.replace("\x1b", "")


def test_decomposed_letters_are_composed_first() -> None:
    assert to_gsm7("Jose\u0301") == "José"  # é is in GSM-7 once composed
    assert to_gsm7("dia\u0301") == "dia"  # á is not: the accent goes
    assert to_gsm7("n\u0303") == "ñ"
    assert to_gsm7("\u0301a") == "a"  # a stray accent with nothing before it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Pague hoy”", '"Pague hoy"'),
        ("‘hoy’ it’s", "'hoy' it's"),
        ("«Aviso»", '"Aviso"'),
        ("pago – hoy — ya", "pago - hoy - ya"),
        ("espere…", "espere..."),
        ("10\u00a0000", "10 000"),
        ("10\u202f000", "10 000"),
        ("a\tb", "a b"),
        ("pa\u00adgo\u200b", "pago"),
        ("`x`", "'x'"),
        ("½", "1/2"),
    ],
)
def test_typographic_characters_get_plain_forms(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected


def test_typographic_mapping_targets_are_gsm7() -> None:
    assert all(is_gsm7(target) for target in _sms._TYPOGRAPHIC.values())


@pytest.mark.parametrize(
    ("text", "char", "index"),
    [
        ("Gracias " + EMOJI, EMOJI, 8),
        ("¢5", "¢", 0),
        ("Olá Дмитрий", "Д", 4),
        ("abc\u0301\u0416", "\u0416", 4),
    ],
)
def test_strict_error_names_the_character_and_its_index(text: str, char: str, index: int) -> None:
    with pytest.raises(InputError, match=f"at index {index} ") as caught:
        to_gsm7(text)
    assert caught.value.field == "text"
    assert caught.value.value == char
    assert repr(char) in str(caught.value)
    assert f"U+{ord(char):04X}" in str(caught.value)


def test_error_is_also_a_value_error() -> None:
    with pytest.raises(ValueError, match="GSM-7"):
        to_gsm7(EMOJI)


def test_non_strict_replaces_with_question_mark() -> None:
    assert to_gsm7("Gracias " + EMOJI + "!", strict=False) == "Gracias ?!"
    assert to_gsm7("¢5 Дa", strict=False) == "?5 ?a"
    # The variation selector is a non-spacing mark: dropped with the emoji it belongs to.
    assert to_gsm7("❤\ufe0f", strict=False) == "?"


def test_counting_never_transliterates() -> None:
    assert sms_segments("día") == (UCS2, 1)
    assert sms_segments(to_gsm7("día")) == (GSM7, 1)


# -- properties ----------------------------------------------------------------------------------

FAST = settings(max_examples=300, deadline=None)
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(GSM7_BASIC + "".join(GSM7_EXTENSION) + "áíóúçãõ“”–…\u00a0\u0301"),
        st.characters(codec="utf-8"),
    ),
    max_size=400,
)


@FAST
@given(_TEXT)
@example("a" * 152 + "€" + "a" * 152)
@example("á" * 66 + EMOJI + "á" * 66)
def test_lossy_transliteration_is_gsm7_and_idempotent(text: str) -> None:
    once = to_gsm7(text, strict=False)
    assert is_gsm7(once)
    assert sms_info(once).encoding is GSM7
    assert to_gsm7(once, strict=False) == once
    assert to_gsm7(once) == once


@FAST
@given(_TEXT)
@example("")
@example("a" * 160)
@example("a" * 159 + "€")
def test_units_and_segments_are_consistent(text: str) -> None:
    info = sms_info(text)
    single, part = (160, 153) if info.encoding is GSM7 else (70, 67)
    assert (info.segments == 1) is (info.units <= single)
    assert info.chars_per_segment == (single if info.segments == 1 else part)
    assert 0 <= info.remaining < info.chars_per_segment or info.units == 0
    if info.segments > 1:
        # Packing never needs fewer parts than plain division, and every part but the last holds
        # at least part - 1 units (only a 2-unit pair that does not fit leaves a gap).
        assert math.ceil(info.units / part) <= info.segments
        assert info.units >= (info.segments - 1) * (part - 1) + 1
    if info.encoding is UCS2:
        assert info.units == len(text.encode("utf-16-le", "surrogatepass")) // 2


def test_docstring_examples_run() -> None:
    result = doctest.testmod(_sms, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
