"""The linter's channel checks: SMS encoding and length, WhatsApp placeholders against the
approved template."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .._core._content import RenderedContent
from ._lint_sample import Severity, Subject, WhatsAppTemplateLike
from ._sms import SmsEncoding, is_gsm7, sms_info

__all__ = ["check_sms", "check_whatsapp", "whatsapp_placeholders"]


def _describe(char: str) -> str:
    """``'á'``, or ``U+00A0 NO-BREAK SPACE`` for a character one cannot see."""
    if char.isprintable() and not char.isspace():
        return repr(char)
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def check_sms(s: Subject, text: str, max_segments: int) -> None:
    info = sms_info(text)
    if info.encoding is SmsEncoding.UCS2:
        chars = "".join(dict.fromkeys(c for c in text if not is_gsm7(c)))
        s.add(
            "sms_ucs2",
            Severity.WARNING,
            f"sent as UCS-2 (70 characters per SMS instead of 160) because of "
            f"{', '.join(_describe(c) for c in chars)}; reword, or opt in to to_gsm7()",
            excerpt=chars,
        )
    if info.segments > max_segments:
        s.add(
            "sms_segments",
            Severity.ERROR,
            f"{info.segments} SMS segments ({info.units} {info.encoding.value} units), more than "
            f"the {max_segments} allowed",
        )
    elif info.segments > 2:
        s.add(
            "sms_segments",
            Severity.WARNING,
            f"{info.segments} SMS segments ({info.units} {info.encoding.value} units)",
        )


_PLACEHOLDER: Final = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def whatsapp_placeholders(body: str) -> list[str]:
    """The placeholders of a WhatsApp template body, in order of appearance, repeats included.

    >>> whatsapp_placeholders("Hola {{1}}, debes {{2}}. {{ 1 }}")
    ['1', '2', '1']
    """
    return _PLACEHOLDER.findall(body)


def check_whatsapp(
    s: Subject, template: WhatsAppTemplateLike, content: RenderedContent | str
) -> None:
    body = template.body
    if body is None:
        return  # nothing approved to compare with
    found = whatsapp_placeholders(body)
    named = sorted({p for p in found if not p.isdigit()})
    numbers = sorted({int(p) for p in found if p.isdigit()})
    declared = len(template.parameters)
    problems = []
    if named:
        problems.append(f"non-positional placeholders {', '.join('{{' + n + '}}' for n in named)}")
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(
            f"placeholders {', '.join(f'{{{{{n}}}}}' for n in numbers)} are not "
            f"{{{{1}}}}..{{{{{len(numbers)}}}}} without gaps"
        )
    if len(numbers) + len(named) != declared:
        problems.append(
            f"the body has {len(numbers) + len(named)} placeholders but {declared} parameters "
            "are declared"
        )
    payload = content.whatsapp if isinstance(content, RenderedContent) else None
    filled = payload.parameters if payload is not None else ()
    if filled and len(filled) != len(numbers) + len(named):
        problems.append(f"the message fills {len(filled)} parameters")
    if problems:
        s.add(
            "whatsapp_parameters",
            Severity.ERROR,
            f"WhatsApp template {template.name!r}: {'; '.join(problems)} (Meta rejects a "
            "mismatch with error 132000)",
            excerpt=body,
        )
