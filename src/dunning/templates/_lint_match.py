"""Matching word lists and sample values in folded text, with a way back to the original."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache

from babel.dates import format_timedelta

from .._core._text import fold, fold_char

__all__ = ["Folded", "day_count", "mask", "number", "search"]


class Folded:
    """Folded text (:func:`~dunning._core._text.fold`, line breaks read as blanks) with a map
    from each folded character back to the original one.

    >>> f = Folded("Cár\\u200bCEL\\ny")
    >>> f.text, f.excerpt(0, 6)
    ('carcel y', 'Cár\\u200bCEL')
    """

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        index: list[int] = []
        for i, char in enumerate(text):
            folded = fold_char(char)
            chars.append(folded)
            index.extend([i] * len(folded))
        self.original = text
        # A message is read as one text: a line break is a blank like any other.
        self.text = "".join(chars).replace("\n", " ")
        self._index = index

    def excerpt(self, start: int, end: int) -> str:
        """The original text behind ``self.text[start:end]``."""
        return self.original[self._index[start] : self._index[end - 1] + 1]

    def has(self, value: str) -> bool:
        """Whether ``value``, folded, appears anywhere (not only as whole words)."""
        return bool(value) and fold(value).replace("\n", " ") in self.text


def _pattern(phrase: str) -> str:
    """A regex for one word-list entry: whole words, blanks or hyphens between them."""
    prefix = phrase.endswith("*")
    words = [w for w in re.split(r"[\s\-]+", fold(phrase.rstrip("*"))) if w]
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = [f"(?:{_pattern(p)})" for p in phrases if fold(p.rstrip("*")).strip()]
    return re.compile("|".join(patterns)) if patterns else None


def search(text: str, phrases: Iterable[str]) -> list[re.Match[str]]:
    """Every match of any of ``phrases`` (word-list entries) in folded ``text``."""
    regex = _compile(tuple(phrases))
    return list(regex.finditer(text)) if regex else []


def mask(text: str, phrases: Iterable[str]) -> str:
    """``text`` with every match of ``phrases`` blanked (same length)."""
    for found in search(text, phrases):
        start, end = found.span()
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def number(n: int) -> str:
    """A regex for ``n`` as a number of its own (not a piece of ``45.500`` or ``F-1001``)."""
    return rf"(?<![\w.,/$-]){n}(?![\w]|[.,/-]\d)"


@lru_cache(maxsize=1024)
def day_count(days: int, locale: str) -> str:
    """``days`` as a length of time without a direction (``3 días``, ``40 days``), from CLDR."""
    return str(
        format_timedelta(
            timedelta(days=abs(days)), granularity="day", threshold=10_000, locale=locale
        )
    )
