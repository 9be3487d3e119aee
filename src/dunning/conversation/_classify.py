"""Read a debtor's reply: which :class:`Intent` it expresses, the date promised and the amount.

:class:`RuleClassifier` is transparent: every term it knows is data, one TOML file per language
under ``conversation/data/intents/`` (Spanish with per-country additions, Portuguese, English),
and every decision names the entries that matched in :attr:`Intent.evidence`. Any callable that
follows the :class:`Classifier` protocol can replace it.

>>> from datetime import datetime, timezone
>>> received = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)  # a Monday
>>> intent = classify("Les pago el viernes sin falta 🙏", locale="es_CL", as_of=received,
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
   (``"no voy a pagar"`` is no promise), a payment after a conditional word is none
   (``"apenas me consignen le pago"`` is a promise), and a hedge (``"quizás"``) turns a
   promise, or a date with nothing else, into hardship (``"a lo mejor el viernes puedo"``);
4. the first intent in :data:`PRIORITY` that still has a match wins, but a reply carrying a
   prize, promotion or loan offer (the lexicon's ``spam`` table) is unknown unless it says stop;
5. a promised date more than ``max_promise_days`` (366) away is dropped with a note, and so is
   a right-away time after a condition ("cuando me llegue el bono le pago altiro");
6. the amount is kept for the intents where it is a payment (paid, promised, offered).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from .._core._errors import InputError
from .._core._text import parse_locale
from .._core._timezones import ensure_aware, get_zone
from ._dates import _BEYOND, DATE_KINDS, _find_dates, _pick
from ._intent import MAX_PROMISE_DAYS, Intent, IntentKind
from ._lexicon import (
    _builtin,
    _builtin_languages,
    _compile,
    _expand,
    _fold,
    _freeze,
    _Lexicon,
    _Match,
    _merge,
    _outermost,
    _Phrase,
    _Token,
)
from ._stopmodel import StopModel
from ._stopmodel import builtin as _builtin_stop_model

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

MAX_CHARS = 4096
"""The longest reply read whole (WhatsApp's limit); of a longer one the head and tail are read."""
EVIDENCE_LIMIT = 24
"""At most this many distinct matches, and as many notes, are named in :attr:`Intent.evidence`."""
_SPECIAL = frozenset({"hedge", "ignore", "dated", "spam"})
_NOT_INTENTS = frozenset({"hedge", "ignore", "spam"})
# The intents a negation before them voids ("no voy a pagar", "todavía no pagué").
_NEGATABLE = frozenset({"promise_to_pay", "already_paid", "wants_agent"})
# The intents whose amount is a payment: paid, promised, or offered per installment.
# What the learned safety net may turn into an opt-out: replies the rules found nothing to act on
# in (a reply read as a payment, a dispute or a request keeps the rules' reading: there the
# model's near misses, "ya no me llegan los mensajes con el link", are likelier than stops).
_NETTED = frozenset({IntentKind.UNKNOWN, IntentKind.ACK})
_PAYING = frozenset({IntentKind.ALREADY_PAID, IntentKind.PROMISE_TO_PAY, IntentKind.PAYMENT_PLAN})


@runtime_checkable
class Classifier(Protocol):
    """Anything that reads a reply into an :class:`Intent`: the bot accepts any of these.

    >>> class Always:
    ...     def __call__(self, text, *, locale, as_of=None, timezone=None):
    ...         return Intent(kind="ack", confidence=1.0)
    >>> isinstance(Always(), Classifier)
    True
    """

    def __call__(
        self,
        text: str,
        *,
        locale: str,
        as_of: datetime | None = None,
        timezone: str | ZoneInfo | None = None,
    ) -> Intent: ...


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


def _parse_locale(locale: str, known: frozenset[str]) -> tuple[str, str | None]:
    """The language and territory of ``locale`` (the one locale parser), refused unless the
    classifier reads that language."""
    try:
        parsed = parse_locale(locale)
    except InputError:
        parsed = None
    if parsed is None or parsed.language not in known:
        raise InputError(
            f"unknown locale {locale!r}; languages understood: {', '.join(sorted(known))}",
            field="locale",
            value=locale,
        )
    return parsed.language, parsed.territory


class RuleClassifier:
    """The default :class:`Classifier`: lexicons as data, priorities as :data:`PRIORITY`.

    ``extra`` adds to the built-in lexicons, keyed by language, in the same shape as the TOML
    files (lists extend, tables merge; it is copied, so changing it later changes nothing);
    ``builtin=False`` starts from ``extra`` alone. ``max_promise_days`` (default 366) is how far
    from the reply a promised date may lie; ``max_chars`` (default 4,096) how long a reply is
    read whole (of a longer one, its head and tail).

    >>> strict = RuleClassifier(max_promise_days=30)
    >>> strict("te pago en 60 días", locale="es",
    ...        as_of=datetime.fromisoformat("2026-11-23T15:00+00:00")).evidence[-1]
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
        stop_model: StopModel | bool = True,
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
        self.stop_model: StopModel | None = (
            _builtin_stop_model() if stop_model is True else stop_model or None
        )
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
            for alone, last, terms in (
                (False, False, table.get("terms", ())),
                (True, False, table.get("alone", ())),
                (False, True, table.get("last", ())),
            ):
                phrases += [_compile(kind, v, alone, last) for term in terms for v in _expand(term)]
        for kind, terms in data.get("dates", {}).get("phrases", {}).items():
            if kind not in DATE_KINDS:
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
        as_of: datetime | None = None,
        timezone: str | ZoneInfo | None = None,
    ) -> Intent:
        """Classify one reply (see :func:`classify`)."""
        language, country = _parse_locale(locale, self.languages)
        zone = get_zone(timezone) if isinstance(timezone, str) else timezone
        today = None
        if as_of is not None:
            ensure_aware(as_of, "as_of")  # 1900 to 3000: every zone has a local date for it
            today = (as_of.astimezone(zone) if zone is not None else as_of).date()
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

    def _model_words(self, text: str, *, locale: str) -> tuple[str, ...]:
        """``text`` as the :class:`StopModel` reads it (what training and cross-checks use)."""
        language, country = _parse_locale(locale, self.languages)
        lex = self._lexicon(language, country)
        return _model_words(lex.tokens(self._bounded(str(text))[0]))

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
        # A closing keyword ("... Chega.", "... 🙄 ya paren") counts only when it opens its
        # sentence (or follows an emoji), nothing but filler follows it and it asks nothing
        # ("daqui a pouco já chega", "is that enough?" are no stop).
        asked = max((j for j, t in enumerate(tokens) if t.text == "?"), default=-1)

        def closing(m: _Match) -> bool:
            if asked >= m.end or not lex.last(busy, m):
                return False
            j = m.start - 1  # a few filler words may come first ("please remove")
            while j >= max(0, m.start - 4) and tokens[j].text in lex.filler:
                j -= 1
            before = tokens[j] if j >= 0 else None
            return (
                before is None
                or before.kind in ("punct", "sym")
                or before.sentence != tokens[m.start].sentence
            )

        scanned = [
            m
            for m in lex.scan(tokens)
            if (not m.phrase.alone or lex.alone(busy, m)) and (not m.phrase.last or closing(m))
        ]
        matches = self._kept(scanned)
        dates = [m for m in matches if m.kind.startswith("date:")]
        whens = _find_dates(lex, tokens, dates, today or date(2001, 1, 1))
        # The first hedge of each sentence: a promise after it in that sentence is hedged.
        # (hedges are taken before longer phrases swallow them: "voy a ver si consigo" is a
        # doubt about paying and still hedges a promise after it)
        hedged_from: dict[int, int] = {}
        for m in scanned:
            if m.kind == "hedge":
                sentence = tokens[m.start].sentence
                hedged_from[sentence] = min(m.start, hedged_from.get(sentence, m.start))

        def said(m: _Match) -> str:
            return " ".join(t.raw for t in tokens[m.start : m.end])

        # a "?" ends its sentence: the token itself already counts in the next one
        questions = {t.sentence - 1 for t in tokens if t.text == "?"}

        def asks(kind: str, m: _Match) -> bool:
            """A call asked for in a negative question is asked for ("¿no me pueden llamar?")."""
            return kind == IntentKind.WANTS_AGENT and tokens[m.start].sentence in questions

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
            if kind in _NEGATABLE and lex.negated(tokens, m) and not asks(kind, m):
                notes.append(f"negated:{kind}:{said(m)}")
                continue
            # "apenas me consignen le pago": a payment under a condition has not happened
            if kind == IntentKind.ALREADY_PAID and lex.negated(tokens, m, words=lex.conditionals):
                notes.append(f"conditional:{kind}:{said(m)}")
                continue
            if (
                kind == IntentKind.PROMISE_TO_PAY
                and hedged_from.get(tokens[m.start].sentence, m.start) < m.start
            ):
                # "quizás te pago el viernes": a hedged promise says they may not manage to pay
                notes.append(f"hedged:{kind}:{said(m)}")
                kind = IntentKind.HARDSHIP.value
            if (kind, m.start, m.end) not in spans:
                spans.add((kind, m.start, m.end))
                evidence.setdefault(kind, []).append(m)
        chosen = next((k for k in PRIORITY if k.value in evidence), IntentKind.UNKNOWN)
        spam = [m for m in matches if m.kind == "spam"]
        if spam and chosen is not IntentKind.OPT_OUT:
            # a prize, promotion or loan offer is nobody's reply to a reminder: its "pago" and
            # "link" are the sender's; only a stop in it still counts
            notes.insert(0, f"spam:{said(spam[0])}")
            evidence = {}
            chosen = IntentKind.UNKNOWN
        hedges = [m for m in scanned if m.kind == "hedge"]
        able = lex.able
        if (
            chosen is IntentKind.UNKNOWN
            and not spam
            and hedges
            and whens
            and any(t.text in able for t in tokens)
        ):
            # "a lo mejor el viernes puedo, no sé": a hedged date is no promise but a doubt
            chosen = IntentKind.HARDSHIP
            evidence[chosen.value] = hedges[:1]
        ordered = [chosen.value] + [
            k.value for k in PRIORITY if k.value in evidence and k is not chosen
        ]
        names = _named(ordered, evidence, said)
        confidence = 0.0
        netted = self._safety_net(lex, tokens, chosen, bool(spam))
        if netted is not None:
            # the rules read no stop, the learned model is sure of one: an opt-out wins
            chosen, confidence = IntentKind.OPT_OUT, netted[0]
            names.insert(0, netted[1])
        promised: date | None = None
        if chosen is IntentKind.PROMISE_TO_PAY and whens:
            when = _pick(lex, tokens, whens, evidence[chosen.value][0].start)
            names.append(f"date:{when.label}")
            promised = when.value if today is not None else None
            sentence = tokens[when.start].sentence
            if when.label == "time_of_day" and any(
                t.text in lex.conditionals and t.sentence == sentence
                for t in tokens[max(0, when.start - 12) : when.start]
            ):
                # "cuando me llegue el bono le pago altiro": right away once it comes, not today
                told = " ".join(t.raw for t in tokens[when.start : when.end])
                notes.insert(0, f"conditional:date:{told}")
                promised = None
            if promised is not None and today is not None and not self._in_range(promised, today):
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
            confidence=confidence if netted is not None else _confidence(chosen, evidence),
            promised_date=promised,
            amount=amount[0] if amount else None,
            evidence=tuple(names + _capped(cut + notes)),
        )

    def _safety_net(
        self, lex: _Lexicon, tokens: list[_Token], chosen: IntentKind, spam: bool
    ) -> tuple[float, str] | None:
        """The confidence and evidence of an opt-out the learned :class:`StopModel` finds where
        the rules found none; ``None`` when it does not apply or is not sure enough. It does not
        overrule what the rules read as something to act on (a payment, a dispute, a request:
        only unknown and acknowledgement replies are open to it) nor the spam rule, reads only
        the languages it was trained on, only replies about being contacted (a word of the
        lexicon's ``contact`` stems: messages, calls, the number...) and not a question asking
        why (the lexicon's ``asks_why`` words before a ``?``)."""
        model = self.stop_model
        if (
            model is None
            or chosen not in _NETTED
            or spam
            or lex.language not in model.training.get("languages", ())
        ):
            return None
        about = next(
            (t for t in tokens if t.kind == "word" and t.text.startswith(lex.contact)), None
        )
        if about is None:  # "ahora no", "mi gestora": nothing about being contacted
            return None
        why = lex.asks_why
        if any(  # "¿por qué ya no me llegan los mensajes?" asks, it does not ask to stop
            t.text == "?"
            and any(
                tokens[j].text in why or f"{tokens[j - 1].text} {tokens[j].text}" in why
                for j in range(max(1, i - 12), i)
            )
            for i, t in enumerate(tokens)
        ):
            return None
        p, top = model.explain(_model_words(tokens))
        if p < model.threshold:
            return None
        grams = ", ".join(repr(g) for g in top)
        said = f"opt_out:model p={p:.2f} ({grams}) about {about.raw!r}"
        return round(min(p, 0.95) - 0.1, 2), said

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
        grown = len(folded)
        if grown > self.max_chars:
            folded = _head_and_tail(folded, self.max_chars)
        elif raw <= self.max_chars:
            return folded, []
        size = f"{raw} characters" + (
            f" ({grown} once normalised)" if raw <= self.max_chars else ""
        )
        half = self.max_chars // 2
        return folded, [f"truncated:{size}, read the first and last {half} or so"]


def _model_words(tokens: list[_Token]) -> tuple[str, ...]:
    """The tokens as the :class:`StopModel` reads them: words as normalised, numbers ``#``."""
    spelled = {"num": "#", "date": "#/#"}
    return tuple("." if t.text == "\n" else spelled.get(t.kind, t.text) for t in tokens)


def _head_and_tail(text: str, limit: int) -> str:
    """The first and last ``limit // 2`` characters or so, a line break between them."""
    head = limit // 2
    return text[:head] + "\n" + text[len(text) - (limit - head - 1) :]


def _named(
    kinds: list[str], evidence: Mapping[str, list[_Match]], said: Callable[[_Match], str]
) -> list[str]:
    """``kind:words`` for each match, without repeats, at most :data:`EVIDENCE_LIMIT` of them
    and then how many more matched (``"ok ok ok ..."`` is one ``ack:ok`` and a count)."""
    names: dict[str, None] = {}
    spelled: dict[int, int] = {}  # how often each phrase was spelled out
    more = 0
    for kind in kinds:
        for m in evidence.get(kind, ()):
            times = spelled.get(id(m.phrase), 0)
            if len(names) < EVIDENCE_LIMIT and times < 3:
                spelled[id(m.phrase)] = times + 1
                name = f"{kind}:{said(m)}"
                more += name in names
                names[name] = None
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
    as_of: datetime | None = None,
    timezone: str | ZoneInfo | None = None,
) -> Intent:
    """Classify a debtor's reply with the built-in :class:`RuleClassifier`.

    ``as_of`` is the aware time the reply was received and ``timezone`` the debtor's IANA zone
    (default: the zone of ``as_of``); a promised date is resolved against the local date of
    ``as_of`` there. Without ``as_of`` no date is resolved.

    >>> classify("STOP", locale="en_US").kind.value
    'opt_out'
    >>> classify("me quedé sin pega, no tengo ni una luca", locale="es_CL").kind.value
    'hardship'
    >>> classify("hola", locale="fr")
    Traceback (most recent call last):
    ...
    dunning.InputError: field 'locale': unknown locale 'fr'; languages understood: ...
    """
    return _default()(text, locale=locale, as_of=as_of, timezone=timezone)


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
