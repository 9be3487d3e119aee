"""The linter's word lists: data shipped with the package, extended by users.

The built-in lists live in ``templates/data/lint_words.toml`` (one table per list, one array per
language); :class:`LintWords` holds them, frozen, and :meth:`LintWords.extend` /
:meth:`LintWords.load` give a new value with words of your own added.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from .._core._errors import InputError

__all__ = ["LintWords"]

WordLists = Mapping[str, tuple[str, ...]]
"""Language (ISO 639-1) → phrases."""

_DATA: Final = "data/lint_words.toml"
_LANGUAGE: Final = re.compile(r"^[a-z]{2,3}$")
_MAX_PHRASE: Final = 200  # characters of one entry
_MAX_ENTRIES: Final = 10_000  # entries of one list of one language


def _freeze(lists: Mapping[str, tuple[str, ...]]) -> WordLists:
    return MappingProxyType(dict(lists))


def _checked(name: str, value: object) -> dict[str, tuple[str, ...]]:
    """``value`` as language → phrases, or an :class:`InputError` naming what is wrong."""
    if not isinstance(value, Mapping):
        raise InputError(
            f"word list {name!r} must map a language to a list of phrases", field=name, value=value
        )
    out: dict[str, tuple[str, ...]] = {}
    for language, phrases in value.items():
        where = f"{name}.{language}"
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            raise InputError(
                f"{language!r} is not a language code (ISO 639-1, such as 'es')",
                field=name,
                value=language,
            )
        if isinstance(phrases, str) or not isinstance(phrases, Iterable):
            raise InputError("phrases must be a list of strings", field=where, value=phrases)
        entries = tuple(phrases)
        if len(entries) > _MAX_ENTRIES:
            raise InputError(f"more than {_MAX_ENTRIES} phrases", field=where, value=len(entries))
        for phrase in entries:
            if not isinstance(phrase, str) or not phrase.strip("* \t\n"):
                raise InputError("a phrase must be a non-empty string", field=where, value=phrase)
            if len(phrase) > _MAX_PHRASE:
                raise InputError(
                    f"a phrase may have at most {_MAX_PHRASE} characters",
                    field=where,
                    value=phrase[:80],
                )
        out[language] = entries
    return out


@dataclass(frozen=True, repr=False)
class LintWords:
    """The word lists the linter reads, per language (ISO 639-1).

    Every list maps a language to phrases, matched on whole words, ignoring case, accents and
    invisible characters; an entry ending in ``*`` matches any word that starts with it.

    * forbidden in any message (each an ``error``): ``threats`` (``threat``), ``court_language``
      (``court_language``), ``third_parties`` (``third_party``); ``benign`` phrases are blanked
      out first (*sin embargo*, "however", is not a seizure);
    * evidence of a required element: ``paid_disclaimers`` (the "if you already paid" line),
      ``pay_instructions`` (accepted instead of the payment link), ``opt_out`` and
      ``debt_collector`` (for the policy rules of those names).

    :meth:`builtin` is the shipped data; :meth:`extend` and :meth:`load` add to a value and
    return a new one (nothing is removed, and the built-in lists are never changed in place).

    >>> from dunning.templates import LintWords, lint
    >>> words = LintWords.builtin().extend(threats={"es": ["boletin comercial"]})
    >>> "boletin comercial" in words.threats["es"], "carcel" in words.threats["es"]
    (True, True)
    >>> text = ("Tienda Sur: Hola Ana, tu cuenta por $45.500 vence hoy. Paga en "
    ...         "https://pay.example/inv-1 . Si ya pagaste, ignora este mensaje. "
    ...         "Evita el Boletín Comercial.")
    >>> lint(text, channel="whatsapp", locale="es_CL", stage="due")
    []
    >>> [(i.code, i.excerpt) for i in lint(text, channel="whatsapp", locale="es_CL", stage="due",
    ...                                    words=words)]
    [('threat', 'Boletín Comercial')]
    """

    threats: WordLists = field(default_factory=dict)
    court_language: WordLists = field(default_factory=dict)
    third_parties: WordLists = field(default_factory=dict)
    benign: WordLists = field(default_factory=dict)
    paid_disclaimers: WordLists = field(default_factory=dict)
    pay_instructions: WordLists = field(default_factory=dict)
    opt_out: WordLists = field(default_factory=dict)
    debt_collector: WordLists = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in fields(self):
            object.__setattr__(self, f.name, _freeze(_checked(f.name, getattr(self, f.name))))

    def __hash__(self) -> int:
        return hash(tuple(tuple(sorted(getattr(self, f.name).items())) for f in fields(self)))

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{f.name}={sum(map(len, getattr(self, f.name).values()))}" for f in fields(self)
        )
        return f"LintWords({counts} phrases)"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The names of the lists, in order.

        >>> LintWords.names()[:3]
        ('threats', 'court_language', 'third_parties')
        """
        return tuple(f.name for f in fields(cls))

    @staticmethod
    def builtin() -> LintWords:
        """The word lists shipped in ``dunning/templates/data/lint_words.toml``.

        >>> LintWords.builtin().opt_out["es"]
        ('baja', 'stop')
        """
        return _builtin()

    @property
    def languages(self) -> frozenset[str]:
        """Languages any list has words for.

        >>> sorted(LintWords.builtin().languages)
        ['en', 'es', 'pt']
        """
        return frozenset(lang for f in fields(self) for lang in getattr(self, f.name))

    def extend(
        self,
        *,
        threats: Mapping[str, Iterable[str]] | None = None,
        court_language: Mapping[str, Iterable[str]] | None = None,
        third_parties: Mapping[str, Iterable[str]] | None = None,
        benign: Mapping[str, Iterable[str]] | None = None,
        paid_disclaimers: Mapping[str, Iterable[str]] | None = None,
        pay_instructions: Mapping[str, Iterable[str]] | None = None,
        opt_out: Mapping[str, Iterable[str]] | None = None,
        debt_collector: Mapping[str, Iterable[str]] | None = None,
    ) -> LintWords:
        """A copy with the given phrases added (per language; repeats are dropped).

        >>> LintWords.builtin().extend(opt_out={"es": ["desuscribir"]}).opt_out["es"]
        ('baja', 'stop', 'desuscribir')
        """
        added = {
            "threats": threats,
            "court_language": court_language,
            "third_parties": third_parties,
            "benign": benign,
            "paid_disclaimers": paid_disclaimers,
            "pay_instructions": pay_instructions,
            "opt_out": opt_out,
            "debt_collector": debt_collector,
        }
        return self._merged({k: v for k, v in added.items() if v is not None})

    def load(self, path: str | Path) -> LintWords:
        """A copy with the phrases of a TOML file added, in the shape of the built-in file
        (``[threats]`` then ``es = ["...", ...]``). An unknown table, a value that is not a list
        of strings or a file that is not TOML raises :class:`~dunning.InputError`.

        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     mine = pathlib.Path(folder, "words.toml")
        ...     _ = mine.write_text('[court_language]\\nes = ["cobranza judicial"]\\n')
        ...     words = LintWords.builtin().load(mine)
        >>> words.court_language["es"][-1]
        'cobranza judicial'
        """
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(
                f"cannot read word lists from {str(path)!r}: {exc}", field="path", value=str(path)
            ) from None
        return self._merged(data)

    def _merged(self, added: Mapping[str, Any]) -> LintWords:
        known = self.names()
        unknown = sorted(set(added) - set(known))
        if unknown:
            raise InputError(
                f"unknown word lists {', '.join(map(repr, unknown))} (known: {', '.join(known)})",
                field="words",
                value=unknown,
            )
        values: dict[str, dict[str, tuple[str, ...]]] = {}
        for name in known:
            current = dict(getattr(self, name))
            for language, phrases in _checked(name, added.get(name, {})).items():
                current[language] = tuple(dict.fromkeys((*current.get(language, ()), *phrases)))
            values[name] = current
        return LintWords(**values)


@cache
def _builtin() -> LintWords:
    raw = resources.files("dunning.templates").joinpath(_DATA).read_text(encoding="utf-8")
    return LintWords()._merged(tomllib.loads(raw))
