"""The reading machinery behind :mod:`._classify`: text folded and cut into tokens, lexicon
phrases compiled from the TOML data, one :class:`_Lexicon` per language and country that finds
every phrase of a reply in time linear in its length.

>>> _fold("ba\u00adja"), _fold("𝐒𝐓𝐎𝐏"), _fold("Ｍañana 👍🏽")
('baja', 'stop', 'manana 👍')
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeVar

from .._core._text import fold

_KEY_WORDS = 3  # phrases are indexed by up to this many first words
_HUGE = 10**9  # stands for any number of more than nine digits


# -- normalisation -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<date>(?<!\d)\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\d/]))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<cur>r\$|us\$|s/\.?|\$|€)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<punct>[.,;:!?¿¡()\n])"
    r"|(?P<sym>[^\s\w\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])"
)
# The package's one fold (dunning._core._text), under the name the reader's modules import.
_fold = fold
_APOSTROPHE = re.compile(r"(?<=[a-z])['’](?=[a-z])")
_REPEATS = re.compile(r"([^\W\d_])\1+")
# First letters that sound alike, so that a typo there still counts ("biernes", "kiero").
_SOUNDS = {"v": "b", "z": "s", "c": "s", "k": "q"}
# Letters that sound alike anywhere in a word: typos are compared on this spelling, so that
# "bulvan" is one edit from "vuelvan" (both "bulban"/"buelban") and "rezibir" none from "recibir".
_SOUND_ALIKE = str.maketrans({"v": "b", "z": "s", "h": None})


def _sound(word: str) -> str:
    """``word`` spelt by sound for typo comparisons (``"vuelvan"`` → ``"buelban"``, ``"marquen"``
    and ``"marken"`` both ``"marken"``)."""
    return word.replace("qu", "k").translate(_SOUND_ALIKE)


def _collapse(word: str) -> str:
    """Runs of one letter become one (``"siii"`` → ``"si"``), on text and lexicon alike."""
    return _REPEATS.sub(r"\1", word)


def _osa(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions, giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _vowel_swap(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only in one letter, a vowel in both.

    >>> _vowel_swap("estufa", "estafa"), _vowel_swap("pague", "paque")
    (True, False)
    """
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0] in "aeiou" and diff[0][1] in "aeiou"


def _deletions(word: str, most: int) -> set[str]:
    """``word`` and every string made from it by deleting up to ``most`` letters.

    >>> sorted(_deletions("pago", 1))
    ['ago', 'pag', 'pago', 'pao', 'pgo']
    """
    found = {word}
    edge = {word}
    for _ in range(most):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        found |= edge
    return found


@dataclass(slots=True)
class _Token:
    kind: str  # word, num, date, cur, punct, sym
    text: str
    clause: int
    sentence: int
    fuzzy: frozenset[str] = frozenset()
    raw: str = ""


# -- lexicon phrases -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    optional: bool = False
    gap: bool = False
    number: bool = False


@dataclass(frozen=True, slots=True)
class _Phrase:
    kind: str
    source: str
    slots: tuple[_Slot, ...]
    alone: bool = False
    last: bool = False  # counts only when nothing but filler follows it ("... ya paren")


class _Match(NamedTuple):
    """``phrase`` found on ``tokens[start:end]`` (a tuple: replies can hold thousands)."""

    phrase: _Phrase
    start: int
    end: int
    fuzzy: bool
    kind: str


def _plain(slot: _Slot) -> bool:
    """A slot that is one of some words, nothing else (no gap, number, prefix, option)."""
    return bool(slot.words) and not (slot.optional or slot.gap or slot.number or slot.prefixes)


def _norm_word(word: str) -> str:
    return _collapse(_fold(word.strip()))


def _expand(source: str) -> list[str]:
    """Spell out multi-word alternatives: ``"tengo la_plata|el_dinero"`` is two phrases."""
    variants: list[list[str]] = [[]]
    for part in source.split():
        options = [part]
        if "_" in part:
            optional = part.endswith("?")
            alts = part.rstrip("?").split("|")
            single = "|".join(a for a in alts if "_" not in a)
            options = [a.replace("_", " ") for a in alts if "_" in a] + ([single] if single else [])
            options += [""] if optional else []
        variants = [[*v, o] for v in variants for o in options]
    return [" ".join(w for w in v if w) for v in variants]


def _compile(kind: str, source: str, alone: bool = False, last: bool = False) -> _Phrase:
    """``"no me|nos escriban mas?"``: ``|`` alternatives, ``?`` optional, ``*`` prefix,
    ``..`` up to three words of any kind, ``#`` a number (after :func:`_expand`). An ``alone``
    phrase counts only when the rest of the reply is filler, a ``last`` one when what follows it
    is (the closing word of an exasperated reply: "... vcs são incansáveis né. Chega.")."""
    slots = []
    for part in source.split():
        if part == "..":
            slots.append(_Slot(gap=True))
            continue
        optional = part.endswith("?") and len(part) > 1
        part = part.rstrip("?") if optional else part
        if part == "#":
            slots.append(_Slot(number=True, optional=optional))
            continue
        words, prefixes = set(), []
        for alt in part.split("|"):
            if alt.endswith("*") and len(alt) > 1:
                prefixes.append(_norm_word(alt[:-1]))
            else:
                words.add(_norm_word(alt))
        slots.append(_Slot(frozenset(words), tuple(prefixes), optional))
    name = _fold(source).replace("?", "").replace("|", "/")
    return _Phrase(kind, name, tuple(slots), alone, last)


def _freeze(value: Any) -> Any:
    """A read-only deep copy of lexicon data: tables become mappings nobody can change, lists
    tuples. The cached built-in lexicons are shared by every classifier in the process, so what
    :meth:`RuleClassifier.lexicon_data` hands out must not write through to them.

    >>> frozen = _freeze({"terms": ["baja"]})
    >>> frozen["terms"]
    ('baja',)
    >>> frozen["terms"] = ()
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    """
    if isinstance(value, Mapping):
        return MappingProxyType({key: _freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> Mapping[str, Any]:
    """Lexicon data merged recursively into a new read-only mapping: lists extend, tables
    merge, scalars replace. Neither input is changed."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list | tuple) and isinstance(out.get(key), list | tuple):
            out[key] = (*out[key], *(v for v in value if v not in out[key]))
        else:
            out[key] = value
    frozen: Mapping[str, Any] = _freeze(out)
    return frozen


@lru_cache(maxsize=8)
def _builtin(language: str) -> Mapping[str, Any]:
    path = resources.files("dunning.conversation").joinpath("data", "intents", f"{language}.toml")
    if not path.is_file():
        return MappingProxyType({})
    frozen: Mapping[str, Any] = _freeze(tomllib.loads(path.read_text(encoding="utf-8")))
    return frozen


def _builtin_languages() -> frozenset[str]:
    folder = resources.files("dunning.conversation").joinpath("data", "intents")
    return frozenset(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(_norm_word(v) for v in values)


# -- one language (and country) ready to read replies ----------------------------------------------


@dataclass
class _Lexicon:
    language: str
    phrases: list[_Phrase]
    meta: dict[str, Any]
    dates: dict[str, Any]
    index: dict[tuple[str, ...], list[_Phrase]] = field(default_factory=dict)
    always: list[_Phrase] = field(default_factory=list)
    cache: dict[str, frozenset[str]] = field(default_factory=dict)
    candidates: dict[tuple[str, ...], tuple[_Phrase, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        m, d = self.meta, self.dates
        self.abbreviations = {
            _norm_word(k): tuple(_norm_word(w) for w in v.split())
            for k, v in m.get("abbreviations", {}).items()
        }
        self.negators = _words(m.get("negations", ()))
        self.conditionals = _words(m.get("conditionals", ()))
        self.able = _words(m.get("able", ()))
        self.clause_breaks = _words(m.get("clause_breaks", ()))
        self.filler = _words(m.get("filler", ()))
        self.contact = tuple(sorted(_words(m.get("contact", ()))))
        self.asks_why = _words(m.get("asks_why", ()))
        self.numbers = {_norm_word(k): int(v) for k, v in m.get("numbers", {}).items()}
        self.multipliers = {_norm_word(k): int(v) for k, v in m.get("multipliers", {}).items()}
        self.currency_words = _words(m.get("currency_words", ()))
        self.not_amount_after = _words(m.get("not_amount_after", ()))
        self.not_amount_before = _words(m.get("not_amount_before", ()))
        self.month_first = m.get("date_order", "dmy") == "mdy"
        self.weekdays = {_norm_word(k): int(v) for k, v in d.get("weekdays", {}).items()}
        self.guarded = _words(d.get("guarded_weekdays", ()))
        self.weekday_before = _words(d.get("weekday_preceders", ()))
        self.weekday_after = _words(d.get("weekday_suffixes", ()))
        self.months = {_norm_word(k): int(v) for k, v in d.get("months", {}).items()}
        self.connectors = _words(d.get("connectors", ()))
        self.week_words = _words(d.get("week_words", ()))
        # After a day number these make it an amount or a count ("el 15 mil", "el 3 %").
        self.not_after_day = (
            frozenset(self.multipliers) | self.currency_words | self.not_amount_after
        )
        vocab: set[str] = set(_words(m.get("known", ())))
        # Phrases are looked up by their first words (up to three): a common first word ("no",
        # "te") then brings only the phrases that can go on from the words after it.
        unique: dict[tuple[str, tuple[_Slot, ...], bool, bool], _Phrase] = {}
        for phrase in self.phrases:
            unique.setdefault((phrase.kind, phrase.slots, phrase.alone, phrase.last), phrase)
        self.phrases = list(unique.values())
        for phrase in self.phrases:
            first = phrase.slots[0]
            if first.number and not first.optional:
                self.index.setdefault(("#",), []).append(phrase)
            elif first.prefixes and not first.optional:
                for start in {f"*{p[:1]}" for p in first.prefixes} | first.words:
                    self.index.setdefault((start,), []).append(phrase)
            elif not _plain(first):
                self.always.append(phrase)
            else:
                keys: list[tuple[str, ...]] = [(word,) for word in first.words]
                for slot in phrase.slots[1:_KEY_WORDS]:
                    if not _plain(slot) or len(keys) * len(slot.words) > 500:
                        break  # keyed by fewer words: still found, with more candidates
                    keys = [(*k, word) for k in keys for word in sorted(slot.words)]
                for k in keys:
                    self.index.setdefault(k, []).append(phrase)
            for slot in phrase.slots:
                vocab.update(slot.words)
        vocab.update(self.weekdays, self.months, self.numbers, self.abbreviations)
        self.vocab = frozenset(vocab)
        self.fuzzy_vocab = tuple(w for w in self.vocab if len(w) >= 4 and w.isalpha())
        # Every word of the vocabulary under each way of deleting one letter (two from eight
        # letters): a word within n edits of a vocabulary word shares one of these with it
        # after at most n deletions on each side, so a typo is found by a few lookups instead
        # of a comparison with every word (a reply of 4,096 characters of distinct words).
        self.deletions: dict[str, list[str]] = {}
        for w in self.fuzzy_vocab:
            for variant in _deletions(_sound(w), 2 if len(w) >= 8 else 1):
                self.deletions.setdefault(variant, []).append(w)
        self.longest = max(map(len, self.fuzzy_vocab), default=0)

    def lookup(self, table: Mapping[str, int], token: _Token) -> int | None:
        """``table[token]``, also for a misspelt token (``"biernes"`` → ``"viernes"``)."""
        if token.text in table:
            return table[token.text]
        if not token.fuzzy:
            return None
        return next((table[w] for w in sorted(token.fuzzy) if w in table), None)

    # tokens

    def tokenize(self, text: str) -> list[_Token]:
        return self.tokens(_fold(text))

    def tokens(self, folded: str) -> list[_Token]:
        """The tokens of ``folded`` (text after :func:`_fold`)."""
        folded = _APOSTROPHE.sub("", folded)
        tokens: list[_Token] = []
        clause = sentence = 0
        run: set[str] = set()  # the symbols (emoji) of the current run of symbols
        for found in _TOKEN.finditer(folded):
            kind = found.lastgroup or "sym"
            value = found.group()
            if kind == "sym":
                if value in run:
                    continue  # "👍👍👍" and "👍🙏👍🙏" say what "👍" and "👍🙏" say
                run.add(value)
            else:
                run = set()
            if kind == "punct":
                clause += 1
                if value in ".!?\n":
                    sentence += 1
                tokens.append(_Token(kind, value, clause, sentence, raw=value))
                continue
            if kind != "word":
                tokens.append(_Token(kind, value, clause, sentence, raw=value))
                continue
            word = _collapse(value)
            after_number = bool(tokens) and tokens[-1].kind == "num"
            parts = self.abbreviations.get(word) if not after_number else None
            for part in parts or (word,):
                if part in self.clause_breaks:
                    clause += 1
                raw = value if parts is None else part
                tokens.append(_Token("word", part, clause, sentence, self._fuzzy(part), raw))
        return tokens

    def _fuzzy(self, word: str) -> frozenset[str]:
        """The vocabulary words ``word`` may be a typo of: one edit (two from ten letters),
        compared by sound (:func:`_sound`); from four letters, where a word of four letters
        only swaps two neighbours (``"stpo"`` is ``"stop"``). Up to six letters one vowel for
        another makes another word, not a typo: ``"estufa"`` is no ``"estafa"``, ``"buen"``
        no ``"bien"``, while ``"paqué"`` is ``"pagué"``."""
        if len(word) < 4 or word in self.vocab:
            return frozenset()
        hit = self.cache.get(word)
        if hit is None:
            limit = 1 if len(word) < 10 else 2
            first = _SOUNDS.get(word[0], word[0])
            spoken = _sound(word)
            near: set[str] = set()
            if len(word) <= self.longest + limit:
                for variant in _deletions(spoken, limit):
                    near.update(self.deletions.get(variant, ()))
            hit = frozenset(
                v
                for v in near
                if _SOUNDS.get(v[0], v[0]) == first
                and abs(len(v) - len(word)) <= limit
                and _osa(spoken, _sound(v), limit) <= limit
                and (len(word) > 4 or sorted(v) == sorted(word))
                and not (len(word) <= 6 and _vowel_swap(word, v))
            )
            if len(self.cache) > 50_000:
                self.cache.clear()
            self.cache[word] = hit
        return hit

    # phrase matching

    def scan(self, tokens: list[_Token]) -> list[_Match]:
        found: list[_Match] = []
        for i, token in enumerate(tokens):
            if token.kind == "punct":
                continue
            for phrase in self._candidates(tokens, i):
                hit = self._match(phrase.slots, 0, tokens, i)
                if hit is not None and hit[0] > i:
                    found.append(_Match(phrase, i, hit[0], hit[1], phrase.kind))
        return found

    def _candidates(self, tokens: list[_Token], i: int) -> tuple[_Phrase, ...]:
        """The phrases that may start at ``tokens[i]``, each once (cached by the next words)."""
        window = tokens[i : i + _KEY_WORDS]
        key = tuple(t.text for t in window)
        found = self.candidates.get(key)
        if found is not None:
            return found
        token = window[0]
        phrases: dict[int, _Phrase] = {id(p): p for p in self.always}
        singles = [f"*{token.text[:1]}"] + (["#"] if self.number_at(token) is not None else [])
        keys: list[tuple[str, ...]] = [(k,) for k in singles]
        level: list[tuple[str, ...]] = [()]
        for t in window:
            level = [(*k, word) for k in level for word in (t.text, *t.fuzzy)]
            keys += level
        for k in keys:
            phrases.update((id(p), p) for p in self.index.get(k, ()))
        found = tuple(phrases.values())
        if len(self.candidates) > 50_000:
            self.candidates.clear()
        self.candidates[key] = found
        return found

    def _hit(self, slot: _Slot, token: _Token) -> str | None:
        if token.kind == "punct":
            return None
        if slot.number:
            ok = (token.kind == "num" and token.text.isdigit()) or token.text in self.numbers
            return "exact" if ok else None
        if token.text in slot.words or (slot.prefixes and token.text.startswith(slot.prefixes)):
            return "exact"
        if not token.fuzzy:
            return None
        if token.fuzzy & slot.words:
            return "fuzzy"
        # a misspelt word whose vocabulary reading has the prefix ("escrbirme": "escrib*")
        fuzzy = bool(slot.prefixes) and any(w.startswith(slot.prefixes) for w in token.fuzzy)
        return "fuzzy" if fuzzy else None

    def _match(
        self, slots: tuple[_Slot, ...], k: int, tokens: list[_Token], i: int
    ) -> tuple[int, bool] | None:
        if k == len(slots):
            return (i, False)
        slot = slots[k]
        best = self._match(slots, k + 1, tokens, i) if slot.optional or slot.gap else None
        steps: Iterable[int] = range(1, 4) if slot.gap else (1,)
        for step in steps:
            if i + step > len(tokens):
                break
            if slot.gap:
                if tokens[i + step - 1].kind == "punct":
                    break
                fuzzy = False
            else:
                hit = self._hit(slot, tokens[i])
                if hit is None:
                    break
                fuzzy = hit == "fuzzy"
            rest = self._match(slots, k + 1, tokens, i + step)
            if rest is not None and (best is None or rest[0] > best[0]):
                best = (rest[0], rest[1] or fuzzy)
        return best

    # reading

    def number_at(self, token: _Token) -> int | None:
        """The whole number ``token`` spells (digits or a number word); :data:`_HUGE` for one of
        more than nine digits, which no date or count needs (and ``int`` is slow to read)."""
        if token.kind == "num" and token.text.isdigit():
            return int(token.text) if len(token.text) <= 9 else _HUGE
        return self.numbers.get(token.text)

    def negated(
        self,
        tokens: list[_Token],
        match: _Match,
        window: int = 3,
        words: frozenset[str] | None = None,
    ) -> bool:
        """Whether one of ``words`` (default: the negations) comes at most ``window`` tokens
        before ``match`` in its clause."""
        words = self.negators if words is None else words
        if tokens[match.start].text in words:
            return False
        clause = tokens[match.start].clause
        for j in range(match.start - 1, max(-1, match.start - window - 1), -1):
            if tokens[j].clause != clause:
                return False
            if tokens[j].text in words:
                return True
        return False

    def busy(self, tokens: list[_Token]) -> list[int]:
        """Running count of the tokens that are not filler: ``busy[j]`` counts ``tokens[:j]``."""
        counts = [0]
        for t in tokens:
            counts.append(
                counts[-1] + (t.kind not in ("punct", "sym") and t.text not in self.filler)
            )
        return counts

    def alone(self, busy: list[int], match: _Match) -> bool:
        """Whether everything outside ``match`` is filler (``busy`` from :meth:`busy`)."""
        return busy[-1] == busy[match.end] - busy[match.start]

    def last(self, busy: list[int], match: _Match) -> bool:
        """Whether everything after ``match`` is filler (``busy`` from :meth:`busy`)."""
        return busy[-1] == busy[match.end]


# -- spans ----------------------------------------------------------------------------------------


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Span)


def _outermost(items: list[_S]) -> list[_S]:
    """The items whose span lies inside no other item's longer span, in their order.

    One sort and one sweep (no comparison of every pair): sorted by start, longest first, a span
    is inside another exactly when an earlier, different span reaches as far as its end.

    >>> from typing import NamedTuple
    >>> class Span(NamedTuple):
    ...     start: int
    ...     end: int
    >>> _outermost([Span(0, 2), Span(1, 2), Span(1, 2), Span(2, 4)])
    [Span(start=0, end=2), Span(start=2, end=4)]
    """
    spans = [(item.start, item.end) for item in items]
    order = sorted(range(len(items)), key=lambda k: (spans[k][0], -spans[k][1]))
    inside = [False] * len(items)
    reach = -1
    i = 0
    while i < len(order):
        span = spans[order[i]]
        end = span[1]
        j = i
        while j < len(order) and spans[order[j]] == span:
            inside[order[j]] = reach >= end
            j += 1
        reach = max(reach, end)
        i = j
    return [item for k, item in enumerate(items) if not inside[k]]
