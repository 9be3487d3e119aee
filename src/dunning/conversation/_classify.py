"""Read a debtor's reply: which :class:`Intent` it expresses, the date promised and the amount.

:class:`RuleClassifier` is transparent: every term it knows is data, one TOML file per language
under ``conversation/data/intents/`` (Spanish with per-country additions, Portuguese, English),
and every decision names the entries that matched in :attr:`Intent.evidence`. Any callable that
follows the :class:`Classifier` protocol can replace it.

>>> from datetime import datetime, timezone
>>> received = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)  # a Monday
>>> intent = classify("Les pago el viernes sin falta 🙏", locale="es_CL", now=received,
...                   timezone="America/Santiago")
>>> intent.kind.value, intent.promised_date
('promise_to_pay', datetime.date(2026, 11, 27))
>>> classify("Já fiz o pix de R$ 200,50", locale="pt_BR").amount
Decimal('200.50')
>>> classify("no es mía esa deuda", locale="es_MX").evidence
('dispute:no es mia',)

How a reply is read:

1. it is cut to :data:`MAX_CHARS` (head and tail, with a note) and normalised: format
   characters (``Cf``: zero-width spaces, soft hyphens...) dropped, NFKC, casefolded, accents
   stripped once, repeated letters collapsed (``"graciaaas"`` and ``"gracias"`` compare equal,
   and so do ``"llamar"`` and ``"lamar"``, on both sides), abbreviations expanded (``q`` →
   ``que``, ``vc`` → ``voce``), emoji kept as tokens;
2. lexicon phrases are matched token by token, looked up by their first words; words of five
   letters or more that the lexicon does not know tolerate one typo (two from ten letters), and
   a phrase inside a longer phrase that matched yields to it (``"no me llamen"`` is an opt-out,
   not a wish to be called), found in one sort and sweep: reading is linear in the reply;
3. matches preceded by a negation in the same clause are dropped where the intent says so
   (``"no voy a pagar"`` is no promise), and a hedge (``"voy a ver si"``) voids a promise;
4. the first intent in :data:`PRIORITY` that still has a match wins;
5. a promised date more than ``max_promise_days`` (366) away is dropped with a note;
6. the amount is kept for the intents where it is a payment (paid, promised, offered).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol, TypeVar, runtime_checkable
from zoneinfo import ZoneInfo

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from dateutil.rrule import MONTHLY, YEARLY, rrule

from .._errors import InputError
from .._timezones import ensure_aware, get_zone
from ._intent import MAX_PROMISE_DAYS, Intent, IntentKind

__all__ = ["PRIORITY", "Classifier", "RuleClassifier", "classify", "resolve_promise_date"]

PRIORITY: tuple[IntentKind, ...] = (
    IntentKind.OPT_OUT,
    IntentKind.DISPUTE,
    IntentKind.ALREADY_PAID,
    IntentKind.PROMISE_TO_PAY,
    IntentKind.PAYMENT_PLAN,
    IntentKind.HARDSHIP,
    IntentKind.WANTS_AGENT,
    IntentKind.PAYMENT_LINK,
    IntentKind.ACK,
)
"""When a reply matches several intents, the first one in this order wins."""

_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_T = TypeVar("_T")
_U = TypeVar("_U")
MAX_CHARS = 4096
"""The longest reply read whole (WhatsApp's limit); of a longer one the head and tail are read."""
EVIDENCE_LIMIT = 24
"""At most this many distinct matches, and as many notes, are named in :attr:`Intent.evidence`."""
_KEY_WORDS = 3  # phrases are indexed by up to this many first words
_HUGE = 10**9  # stands for any number of more than nine digits
_FAR_DAYS = 100_000  # more days ahead than any bound on a promise: not worth computing
_BEYOND = date.max  # a date past the calendar's end, or too far to compute: out of range
_DATE_KINDS = frozenset(
    {
        "today",
        "tomorrow",
        "day_after",
        "in_days",
        "end_of_month",
        "quincena",
        "next_week",
        "weekend",
        "day_of_month",
        "time_of_day",
        "ignore",
    }
)
_SPECIAL = frozenset({"hedge", "ignore", "dated"})
_NOT_INTENTS = frozenset({"hedge", "ignore"})
# The intents a negation before them voids ("no voy a pagar", "todavía no pagué").
_NEGATABLE = frozenset({"promise_to_pay", "already_paid", "wants_agent"})
# The intents whose amount is a payment: paid, promised, or offered per installment.
_PAYING = frozenset({IntentKind.ALREADY_PAID, IntentKind.PROMISE_TO_PAY, IntentKind.PAYMENT_PLAN})


@runtime_checkable
class Classifier(Protocol):
    """Anything that reads a reply into an :class:`Intent`: the bot accepts any of these.

    >>> class Always:
    ...     def __call__(self, text, *, locale, now=None, timezone=None):
    ...         return Intent(kind="ack", confidence=1.0)
    >>> isinstance(Always(), Classifier)
    True
    """

    def __call__(
        self,
        text: str,
        *,
        locale: str,
        now: datetime | None = None,
        timezone: str | ZoneInfo | None = None,
    ) -> Intent: ...


# -- normalisation -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<date>(?<!\d)\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\d/]))"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<cur>r\$|us\$|s/\.?|\$|€)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<punct>[.,;:!?¿¡()\n])"
    r"|(?P<sym>[^\s\w\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])"
)
_INVISIBLE = re.compile("[\ufe0f\ufe0e\u200d\U0001f3fb-\U0001f3ff]")
_APOSTROPHE = re.compile(r"(?<=[a-z])['’](?=[a-z])")
_REPEATS = re.compile(r"([^\W\d_])\1+")
# First letters that sound alike, so that a typo there still counts ("biernes", "kiero").
_SOUNDS = {"v": "b", "z": "s", "c": "s", "k": "q"}


def _without_format(text: str) -> str:
    """Drop format characters (category ``Cf``: zero-width spaces and joiners, soft hyphens,
    direction marks, byte-order marks, tags), which are invisible but split words."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if ch.isascii() or unicodedata.category(ch) != "Cf")


def _fold(text: str) -> str:
    """Compare-ready text: format characters dropped, NFKC (math letters, full-width forms and
    ligatures become plain letters), casefolded, accents stripped once (``"𝐌añana"`` →
    ``"manana"``); emoji are kept, their variation selectors and skin tones dropped.

    >>> _fold("ba\u00adja"), _fold("𝐒𝐓𝐎𝐏"), _fold("Ｍañana 👍🏽")
    ('baja', 'stop', 'manana 👍')
    """
    text = unicodedata.normalize("NFKC", _without_format(text)).casefold()
    decomposed = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def _compile(kind: str, source: str, alone: bool = False) -> _Phrase:
    """``"no me|nos escriban mas?"``: ``|`` alternatives, ``?`` optional, ``*`` prefix,
    ``..`` up to three words of any kind, ``#`` a number (after :func:`_expand`)."""
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
    return _Phrase(kind, _fold(source).replace("?", "").replace("|", "/"), tuple(slots), alone)


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
        self.clause_breaks = _words(m.get("clause_breaks", ()))
        self.filler = _words(m.get("filler", ()))
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
        vocab: set[str] = set(_words(m.get("known", ())))
        # Phrases are looked up by their first words (up to three): a common first word ("no",
        # "te") then brings only the phrases that can go on from the words after it.
        unique: dict[tuple[str, tuple[_Slot, ...], bool], _Phrase] = {}
        for phrase in self.phrases:
            unique.setdefault((phrase.kind, phrase.slots, phrase.alone), phrase)
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
                keys: list[tuple[str, ...]] = [()]
                for slot in phrase.slots[:_KEY_WORDS]:
                    if not _plain(slot) or len(keys) * len(slot.words) > 500:
                        break
                    keys = [(*k, word) for k in keys for word in sorted(slot.words)]
                for k in keys:
                    self.index.setdefault(k, []).append(phrase)
            for slot in phrase.slots:
                vocab.update(slot.words)
        vocab.update(self.weekdays, self.months, self.numbers, self.abbreviations)
        self.vocab = frozenset(vocab)
        self.fuzzy_vocab = tuple(w for w in self.vocab if len(w) >= 4 and w.isalpha())

    def lookup(self, table: Mapping[str, int], token: _Token) -> int | None:
        """``table[token]``, also for a misspelt token (``"biernes"`` → ``"viernes"``)."""
        if token.text in table:
            return table[token.text]
        return next((table[w] for w in sorted(token.fuzzy) if w in table), None)

    # tokens

    def tokenize(self, text: str) -> list[_Token]:
        return self.tokens(_fold(text))

    def tokens(self, folded: str) -> list[_Token]:
        """The tokens of ``folded`` (text after :func:`_fold`)."""
        folded = _APOSTROPHE.sub("", folded)
        tokens: list[_Token] = []
        clause = sentence = 0
        for found in _TOKEN.finditer(folded):
            kind = found.lastgroup or "sym"
            value = found.group()
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
        if len(word) < 5 or word in self.vocab:
            return frozenset()
        hit = self.cache.get(word)
        if hit is None:
            limit = 1 if len(word) < 10 else 2
            first = _SOUNDS.get(word[0], word[0])
            hit = frozenset(
                v
                for v in self.fuzzy_vocab
                if _SOUNDS.get(v[0], v[0]) == first
                and abs(len(v) - len(word)) <= limit
                and _osa(word, v, limit) <= limit
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
        if token.text in slot.words or any(token.text.startswith(p) for p in slot.prefixes):
            return "exact"
        return "fuzzy" if token.fuzzy & slot.words else None

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

    def negated(self, tokens: list[_Token], match: _Match, window: int = 3) -> bool:
        if tokens[match.start].text in self.negators:
            return False
        clause = tokens[match.start].clause
        for j in range(match.start - 1, max(-1, match.start - window - 1), -1):
            if tokens[j].clause != clause:
                return False
            if tokens[j].text in self.negators:
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


# -- dates ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _When:
    start: int
    end: int
    label: str
    value: date | None


def _next_weekday(today: date, weekday: int) -> date:
    """The first date strictly after ``today`` falling on ``weekday`` (Monday is 0)."""
    return today + relativedelta(days=+1, weekday=_WEEKDAYS[weekday](+1))


def _next_week_monday(today: date) -> date:
    return _next_weekday(today, 0)


@lru_cache(maxsize=1024)
def _first_on_or_after(today: date, day: int, month: int | None = None) -> date | None:
    """The first date ≥ ``today`` with that day (and month): months lacking the day are skipped."""
    try:
        date(2000, month or 1, day)  # a leap year: is the pair possible at all?
    except ValueError:
        return None
    start = datetime(today.year, today.month, today.day)
    if month is None:
        rule = rrule(MONTHLY, bymonthday=day, dtstart=start, count=1)
    else:
        rule = rrule(YEARLY, bymonth=month, bymonthday=day, dtstart=start, count=1)
    return rule[0].date()


def _on(day: int, month: int, year: int | None, today: date) -> date | None:
    if year is None:
        return _first_on_or_after(today, day, month)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _phrase_date(kind: str, number: int | None, weeks: bool, today: date) -> date | None:
    if kind in ("today", "time_of_day"):
        return today
    if kind == "tomorrow":
        return today + timedelta(days=1)
    if kind == "day_after":
        return today + timedelta(days=2)
    if kind == "in_days" and number is not None:
        days = number * (7 if weeks else 1)
        return today + timedelta(days=days) if days <= _FAR_DAYS else _BEYOND
    if kind == "end_of_month":
        return today + relativedelta(day=31)
    if kind == "quincena":
        start = datetime(today.year, today.month, today.day) + timedelta(days=1)
        return rrule(MONTHLY, bymonthday=(15, -1), dtstart=start, count=1)[0].date()
    if kind == "next_week":
        return _next_week_monday(today) + timedelta(days=4)
    if kind == "weekend":
        return _next_weekday(today, 5)
    if kind == "day_of_month" and number is not None and 1 <= number <= 31:
        return _first_on_or_after(today, number)
    return None


def _find_dates(
    lex: _Lexicon, tokens: list[_Token], matches: list[_Match], today: date
) -> list[_When]:
    found: list[_When] = []
    for m in matches:
        kind = m.kind[5:]
        span = tokens[m.start : m.end]
        numbers = [n for n in (lex.number_at(t) for t in span) if n is not None]
        if kind == "day_of_month":
            after = tokens[m.end] if m.end < len(tokens) else None
            blocked = lex.multipliers.keys() | lex.currency_words | lex.not_amount_after
            if after is not None and after.text in blocked:
                continue
        weeks = any(t.text in lex.week_words for t in span)
        number = numbers[0] if numbers else None
        value = _safely(_phrase_date, kind, number, weeks, today, default=_BEYOND)
        found.append(_When(m.start, m.end, kind, value))
    for i, token in enumerate(tokens):
        if token.kind == "date":
            parts = [int(p) for p in re.split(r"[/-]", token.text)]
            day, month = (parts[1], parts[0]) if lex.month_first else (parts[0], parts[1])
            year = parts[2] if len(parts) == 3 else None
            if 1 <= month <= 12:
                found.append(
                    _When(
                        i, i + 1, "numeric", _safely(_on, day, month, year, today, default=_BEYOND)
                    )
                )
        elif token.kind == "num" and len(token.text) <= 2 and 1 <= int(token.text) <= 31:
            found.extend(_safely(_written_date, lex, tokens, i, today, default=[]))
        elif token.kind == "word" and lex.lookup(lex.weekdays, token) is not None:
            found.extend(_safely(_weekday, lex, tokens, i, today, default=[]))
    kept = [w for w in _outermost(found) if w.label != "ignore"]
    if any(w.label != "time_of_day" for w in kept):  # "mañana a las 10": the day says when
        kept = [w for w in kept if w.label != "time_of_day"]
    return kept


def _safely(read: Callable[..., _T], *args: Any, default: _U) -> _T | _U:
    """``read(*args)``, or ``default`` when the calendar runs out (a reply received on
    9999-12-31 has no tomorrow): a date past the calendar is out of range, never an error."""
    try:
        return read(*args)
    except (OverflowError, ValueError, IndexError):  # IndexError: an rrule with no date left
        return default


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

    >>> [(w.start, w.end) for w in _outermost([_When(0, 2, "a", None), _When(1, 2, "b", None),
    ...                                         _When(1, 2, "c", None), _When(2, 4, "d", None)])]
    [(0, 2), (2, 4)]
    """
    order = sorted(range(len(items)), key=lambda k: (items[k].start, -items[k].end))
    inside = [False] * len(items)
    reach = -1
    i = 0
    while i < len(order):
        start, end = items[order[i]].start, items[order[i]].end
        j = i
        while j < len(order) and (items[order[j]].start, items[order[j]].end) == (start, end):
            inside[order[j]] = reach >= end
            j += 1
        reach = max(reach, end)
        i = j
    return [item for k, item in enumerate(items) if not inside[k]]


def _written_date(lex: _Lexicon, tokens: list[_Token], i: int, today: date) -> list[_When]:
    day = int(tokens[i].text)
    j = i + 1
    while j < len(tokens) and j <= i + 3 and tokens[j].text in lex.connectors:
        j += 1
    month = lex.lookup(lex.months, tokens[j]) if j < len(tokens) else None
    start, end = i, j + 1
    if month is None:  # "December 15", "Dec. 15th"
        k = i - 1
        if k >= 0 and tokens[k].text == ".":
            k -= 1
        month = lex.lookup(lex.months, tokens[k]) if k >= 0 else None
        if month is None:
            return []
        start, end = k, i + 1
        while end < len(tokens) and tokens[end].text in ("th", "st", "nd", "rd"):
            end += 1
    year = None
    k = end
    while k < len(tokens) and k <= end + 1 and tokens[k].text in (*lex.connectors, ","):
        k += 1
    if k < len(tokens) and tokens[k].kind == "num" and re.fullmatch(r"20\d\d", tokens[k].text):
        year, end = int(tokens[k].text), k + 1
    while start > 0 and tokens[start - 1].text in lex.connectors | {"el", "dia", "the", "o"}:
        start -= 1
    return [_When(start, end, "written", _on(day, month, year, today))]


def _weekday(lex: _Lexicon, tokens: list[_Token], i: int, today: date) -> list[_When]:
    weekday = lex.lookup(lex.weekdays, tokens[i])
    assert weekday is not None
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    starts = before is None or before.kind == "punct" or before.clause != tokens[i].clause
    if (
        tokens[i].text in lex.guarded  # "segunda" is also "second": only as a day in context
        and not starts
        and before is not None
        and before.text not in lex.weekday_before
        and after not in lex.weekday_after
    ):
        return []
    end = i + 2 if after == "feira" else i + 1
    out = [_When(i, end, "weekday", _next_weekday(today, weekday))]
    j = end
    while j < len(tokens) and j <= end + 1 and tokens[j].text in {"dia", "the", "el", ","}:
        j += 1
    if j < len(tokens) and tokens[j].kind == "num" and len(tokens[j].text) <= 2:
        number = int(tokens[j].text)
        if 1 <= number <= 31:  # "el viernes 15": the day number is the more precise
            out.append(_When(i, j + 1, "day_of_month", _first_on_or_after(today, number)))
    return out


def _pick(lex: _Lexicon, tokens: list[_Token], whens: list[_When], anchor: int | None) -> _When:
    weekdays = [w for w in whens if w.label == "weekday"]
    next_week = [w for w in whens if w.label == "next_week"]
    if weekdays and next_week and weekdays[0].value is not None:  # "el viernes de la otra semana"
        w = weekdays[0]
        assert w.value is not None
        monday = next_week[0].value - timedelta(days=4) if next_week[0].value else None
        if monday is not None:
            value = _safely(monday.__add__, timedelta(days=w.value.weekday()), default=_BEYOND)
            whens = [
                _When(
                    min(w.start, next_week[0].start),
                    max(w.end, next_week[0].end),
                    "weekday_next_week",
                    value,
                )
            ]
    negated_clauses = {t.clause for t in tokens if t.text in lex.negators}
    usable = [w for w in whens if tokens[w.start].clause not in negated_clauses] or whens
    if anchor is None:
        return usable[0]
    return min(usable, key=lambda w: (min(abs(w.start - anchor), abs(w.end - anchor)), w.start))


# -- amounts -------------------------------------------------------------------------------------


def _parse_number(raw: str, language: str) -> Decimal | None:
    """``1.500`` → 1500 and ``200,50`` → 200.50 in es/pt; ``1,500.75`` in en; ``1,500`` in MX."""
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        text = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif dots or commas:
        sep = "." if dots else ","
        groups = raw.split(sep)
        grouped = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if grouped and (len(groups) > 2 or not (language == "en" and sep == ".")):
            text = raw.replace(sep, "")
        elif len(groups) == 2:
            text = raw.replace(sep, ".")
        else:
            return None
    else:
        text = raw
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _find_amount(
    lex: _Lexicon, tokens: list[_Token], taken: set[int]
) -> tuple[Decimal, str] | None:
    marked: list[tuple[Decimal, str]] = []
    bare: list[tuple[Decimal, str]] = []
    for i, token in enumerate(tokens):
        after_word = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if (  # "mil soles": a multiplier alone before a currency word
            token.text in lex.multipliers
            and after_word in lex.currency_words
            and (i == 0 or tokens[i - 1].kind != "num")
        ):
            marked.append((Decimal(lex.multipliers[token.text]), f"{token.text} {after_word}"))
            continue
        if token.kind != "num" or i in taken or len(token.text.replace(".", "")) > 12:
            continue
        value = _parse_number(token.text, lex.language)
        if value is None:
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        label = token.text
        sure = before is not None and before.kind == "cur"
        if after is not None and after.text in lex.multipliers:
            value *= lex.multipliers[after.text]
            label, sure = f"{token.text} {after.text}", True
            after = tokens[i + 2] if i + 2 < len(tokens) else None
        if after is not None and (after.text in lex.currency_words or after.kind == "cur"):
            sure = True
        if sure:
            marked.append((value, label))
        elif (
            (value >= 100 or not token.text.isdigit())
            and not (token.text.isdigit() and len(token.text) >= 8)  # a phone number
            and (before is None or before.text not in lex.not_amount_before)
            and (after is None or after.text not in lex.not_amount_after)
        ):
            bare.append((value, label))
    if not marked and not bare:
        return None
    value, label = (marked or bare)[0]
    if value == value.to_integral_value():
        value = Decimal(int(value))
    return value, label


# -- the classifier ------------------------------------------------------------------------------

_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?$")


def _parse_locale(locale: str, known: frozenset[str]) -> tuple[str, str | None]:
    found = _LOCALE.match(locale.strip()) if isinstance(locale, str) else None
    if found is None or found.group(1).lower() not in known:
        raise InputError(
            f"unknown locale {locale!r}; languages understood: {', '.join(sorted(known))}",
            field="locale",
            value=locale,
        )
    country = found.group(2)
    return found.group(1).lower(), country.upper() if country else None


class RuleClassifier:
    """The default :class:`Classifier`: lexicons as data, priorities as :data:`PRIORITY`.

    ``extra`` adds to the built-in lexicons, keyed by language, in the same shape as the TOML
    files (lists extend, tables merge; it is copied, so changing it later changes nothing);
    ``builtin=False`` starts from ``extra`` alone. ``max_promise_days`` (default 366) is how far
    from the reply a promised date may lie; ``max_chars`` (default 4,096) how long a reply is
    read whole (of a longer one, its head and tail).

    >>> strict = RuleClassifier(max_promise_days=30)
    >>> strict("te pago en 60 días", locale="es",
    ...        now=datetime.fromisoformat("2026-11-23T15:00+00:00")).evidence[-1]
    'out_of_range:date:en 60 dias (2027-01-22; the bound is 30 days)'
    >>> mine = RuleClassifier(extra={"es": {"intents": {"payment_link": {
    ...     "terms": ["codigo de convenio"]}}}})
    >>> mine("y el código de convenio?", locale="es_CL").evidence
    ('payment_link:codigo de convenio',)
    """

    def __init__(
        self,
        extra: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        builtin: bool = True,
        max_promise_days: int = MAX_PROMISE_DAYS,
        max_chars: int = MAX_CHARS,
    ) -> None:
        for name, value, least in (
            ("max_promise_days", max_promise_days, 0),
            ("max_chars", max_chars, 16),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise InputError(
                    f"{name} must be a whole number >= {least}, got {value!r}",
                    field=name,
                    value=value,
                )
        self.max_promise_days = max_promise_days
        self.max_chars = max_chars
        self._extra = {lang.lower(): _freeze(data) for lang, data in (extra or {}).items()}
        self._builtin = builtin
        self._lexicons: dict[tuple[str, str | None], _Lexicon] = {}
        self.languages = frozenset(
            (_builtin_languages() if builtin else frozenset()) | self._extra.keys()
        )

    def lexicon_data(self, language: str) -> Mapping[str, Any]:
        """The merged lexicon data of a language, as the TOML files spell it, read-only (tables
        are mappings, lists tuples): change a classifier through ``extra``, not through this.

        >>> data = RuleClassifier().lexicon_data("en")
        >>> "stop" in data["intents"]["opt_out"]["terms"]
        True
        >>> data["intents"]["opt_out"]["terms"].append("go away")
        Traceback (most recent call last):
        ...
        AttributeError: 'tuple' object has no attribute 'append'
        """
        base = _builtin(language) if self._builtin else MappingProxyType({})
        return _merge(base, self._extra.get(language, {}))

    def _lexicon(self, language: str, country: str | None) -> _Lexicon:
        key = (language, country)
        lexicon = self._lexicons.get(key)
        if lexicon is not None:
            return lexicon
        data = self.lexicon_data(language)
        countries: Mapping[str, Any] = data.get("countries", {})
        for code in [country] if country else sorted(countries):
            if code in countries:
                data = _merge(data, countries[code])
        phrases: list[_Phrase] = []
        for kind, table in data.get("intents", {}).items():
            if kind not in _SPECIAL and kind not in IntentKind.__members__.values():
                raise InputError(f"unknown intent {kind!r} in lexicon", field="intents", value=kind)
            for alone, terms in ((False, table.get("terms", ())), (True, table.get("alone", ()))):
                phrases += [_compile(kind, v, alone) for term in terms for v in _expand(term)]
        for kind, terms in data.get("dates", {}).get("phrases", {}).items():
            if kind not in _DATE_KINDS:
                raise InputError(
                    f"unknown date rule {kind!r} in lexicon", field="dates", value=kind
                )
            phrases += [_compile(f"date:{kind}", v) for term in terms for v in _expand(term)]
        lexicon = _Lexicon(language, phrases, data.get("meta", {}), data.get("dates", {}))
        self._lexicons[key] = lexicon
        return lexicon

    def __call__(
        self,
        text: str,
        *,
        locale: str,
        now: datetime | None = None,
        timezone: str | ZoneInfo | None = None,
    ) -> Intent:
        """Classify one reply (see :func:`classify`)."""
        language, country = _parse_locale(locale, self.languages)
        zone = get_zone(timezone) if isinstance(timezone, str) else timezone
        today = None
        if now is not None:
            ensure_aware(now, "now")
            try:
                today = (now.astimezone(zone) if zone is not None else now).date()
            except OverflowError:  # 0001-01-01 00:00 UTC is still year 0 in Santiago
                raise InputError(
                    f"now={now.isoformat()} has no local date in {zone}", field="now", value=now
                ) from None
        return self._read(self._lexicon(language, country), str(text), today)

    def promise_date(self, text: str, *, today: date, locale: str) -> date | None:
        """The date a promise in ``text`` refers to, counted from the local date ``today``;
        ``None`` when there is none, or when it is more than :attr:`max_promise_days` away."""
        language, country = _parse_locale(locale, self.languages)
        lex = self._lexicon(language, country)
        tokens = lex.tokens(self._bounded(str(text))[0])
        dates = [m for m in self._kept(lex.scan(tokens)) if m.kind.startswith("date:")]
        whens = _find_dates(lex, tokens, dates, today)
        day = _pick(lex, tokens, whens, None).value if whens else None
        return day if self._in_range(day, today) else None

    @staticmethod
    def _kept(matches: list[_Match]) -> list[_Match]:
        """Drop each match lying inside a longer one of the same family (dates, or the rest)."""
        dates = [m for m in matches if m.kind.startswith("date:")]
        if not dates:
            return _outermost(matches)
        others = [m for m in matches if not m.kind.startswith("date:")]
        kept = {id(m) for m in _outermost(dates) + _outermost(others)}
        return [m for m in matches if id(m) in kept]

    def _read(self, lex: _Lexicon, text: str, today: date | None) -> Intent:
        folded, cut = self._bounded(text)
        tokens = lex.tokens(folded)
        busy = lex.busy(tokens)
        # A keyword that counts only alone ("ok thanks", "cancelar") and is not alone here
        # matched nothing, so it swallows nothing either ("ok thanks, talk later" is thanks).
        scanned = [m for m in lex.scan(tokens) if not m.phrase.alone or lex.alone(busy, m)]
        matches = self._kept(scanned)
        dates = [m for m in matches if m.kind.startswith("date:")]
        whens = _find_dates(lex, tokens, dates, today or date(2001, 1, 1))
        # The first hedge of each sentence: a promise after it in that sentence is hedged.
        hedged_from: dict[int, int] = {}
        for m in matches:
            if m.kind == "hedge":
                sentence = tokens[m.start].sentence
                hedged_from[sentence] = min(m.start, hedged_from.get(sentence, m.start))

        def said(m: _Match) -> str:
            return " ".join(t.raw for t in tokens[m.start : m.end])

        evidence: dict[str, list[_Match]] = {}
        spans: set[tuple[str, int, int]] = set()
        notes: list[str] = []
        for m in matches:
            kind = m.kind
            if kind in _NOT_INTENTS or kind.startswith("date:"):
                continue
            if kind == "dated":
                if not whens:
                    continue
                kind = IntentKind.PROMISE_TO_PAY.value
            if kind in _NEGATABLE and lex.negated(tokens, m):
                notes.append(f"negated:{kind}:{said(m)}")
                continue
            if (
                kind == IntentKind.PROMISE_TO_PAY
                and hedged_from.get(tokens[m.start].sentence, m.start) < m.start
            ):
                notes.append(f"hedged:{kind}:{said(m)}")
                continue
            if (kind, m.start, m.end) not in spans:
                spans.add((kind, m.start, m.end))
                evidence.setdefault(kind, []).append(m)
        chosen = next((k for k in PRIORITY if k.value in evidence), IntentKind.UNKNOWN)
        ordered = [chosen.value] + [
            k.value for k in PRIORITY if k.value in evidence and k is not chosen
        ]
        names = _named(ordered, evidence, said)
        promised: date | None = None
        if chosen is IntentKind.PROMISE_TO_PAY and whens:
            when = _pick(lex, tokens, whens, evidence[chosen.value][0].start)
            names.append(f"date:{when.label}")
            promised = when.value if today is not None else None
            if today is not None and not self._in_range(promised, today):
                told = " ".join(t.raw for t in tokens[when.start : when.end])
                far = f"{promised} or later" if promised == _BEYOND else str(promised)
                notes.insert(
                    0,
                    f"out_of_range:date:{told} ({far}; the bound is {self.max_promise_days} days)",
                )
                promised = None
        taken = {j for w in whens for j in range(w.start, w.end)}
        amount = _find_amount(lex, tokens, taken) if chosen in _PAYING else None
        if amount is not None:
            names.append(f"amount:{amount[1]}")
        return Intent(
            kind=chosen,
            confidence=_confidence(chosen, evidence),
            promised_date=promised,
            amount=amount[0] if amount else None,
            evidence=tuple(names + _capped(cut + notes)),
        )

    def _in_range(self, day: date | None, today: date) -> bool:
        """Whether ``day`` lies within :attr:`max_promise_days` of ``today`` (either side)."""
        return day is None or abs((day - today).days) <= self.max_promise_days

    def _bounded(self, text: str) -> tuple[str, list[str]]:
        """``text`` folded, its head and tail when longer than :attr:`max_chars` (raw or once
        folded: NFKC may lengthen it), with a note saying so."""
        raw = len(text)
        if raw > self.max_chars:
            text = _head_and_tail(text, self.max_chars)
        folded = _fold(text)
        if len(folded) > self.max_chars:
            folded = _head_and_tail(folded, self.max_chars)
        elif raw <= self.max_chars:
            return folded, []
        half = self.max_chars // 2
        return folded, [f"truncated:{raw} characters, read the first and last {half} or so"]


def _head_and_tail(text: str, limit: int) -> str:
    """The first and last ``limit // 2`` characters or so, a line break between them."""
    head = limit // 2
    return text[:head] + "\n" + text[len(text) - (limit - head - 1) :]


def _named(
    kinds: list[str], evidence: Mapping[str, list[_Match]], said: Callable[[_Match], str]
) -> list[str]:
    """``kind:words`` for each match, without repeats, at most :data:`EVIDENCE_LIMIT` of them
    and then how many more matched (``"si si si ..."`` is one ``ack:si`` and a count)."""
    names: dict[str, None] = {}
    more = 0
    for kind in kinds:
        for m in evidence.get(kind, ()):
            if len(names) < EVIDENCE_LIMIT:
                names[f"{kind}:{said(m)}"] = None
            else:
                more += 1
    return [*names, f"more:{more}"] if more else list(names)


def _capped(entries: list[str], limit: int = EVIDENCE_LIMIT) -> list[str]:
    """``entries`` without repeats, at most ``limit`` of them and then a count of the rest."""
    unique = list(dict.fromkeys(entries))
    if len(unique) <= limit:
        return unique
    return [*unique[:limit], f"more:{len(unique) - limit}"]


def _confidence(chosen: IntentKind, evidence: Mapping[str, list[_Match]]) -> float:
    if chosen is IntentKind.UNKNOWN:
        return 0.3
    matches = evidence[chosen.value]
    score = max(0.95 if m.phrase.alone else 0.7 if m.fuzzy else 0.9 for m in matches)
    if len(matches) > 1:
        score += 0.04
    if len(evidence) > 1:
        score -= 0.1
    return round(min(score, 0.99), 2)


@lru_cache(maxsize=1)
def _default() -> RuleClassifier:
    return RuleClassifier()


def classify(
    text: str,
    *,
    locale: str,
    now: datetime | None = None,
    timezone: str | ZoneInfo | None = None,
) -> Intent:
    """Classify a debtor's reply with the built-in :class:`RuleClassifier`.

    ``now`` is the aware time the reply was received and ``timezone`` the debtor's IANA zone
    (default: the zone of ``now``); a promised date is resolved against the local date of
    ``now`` there. Without ``now`` no date is resolved.

    >>> classify("STOP", locale="en_US").kind.value
    'opt_out'
    >>> classify("me quedé sin pega, no tengo ni una luca", locale="es_CL").kind.value
    'hardship'
    >>> classify("hola", locale="fr")
    Traceback (most recent call last):
    ...
    dunning._errors.InputError: field 'locale': unknown locale 'fr'; languages understood: ...
    """
    return _default()(text, locale=locale, now=now, timezone=timezone)


def resolve_promise_date(text: str, *, today: date, locale: str) -> date | None:
    """The date a promise in ``text`` refers to, counted from the debtor's local ``today``.

    >>> from datetime import date
    >>> today = date(2026, 11, 23)  # a Monday
    >>> resolve_promise_date("te pago a fin de mes", today=today, locale="es_MX")
    datetime.date(2026, 11, 30)
    >>> resolve_promise_date("pago na sexta", today=today, locale="pt_BR")
    datetime.date(2026, 11, 27)
    >>> resolve_promise_date("I'll pay on 12/15", today=today, locale="en_US")
    datetime.date(2026, 12, 15)
    >>> resolve_promise_date("ya pagué", today=today, locale="es") is None
    True
    """
    return _default().promise_date(text, today=today, locale=locale)
