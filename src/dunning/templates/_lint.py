"""The template linter: does a message say what it must, and nothing it must not?

Linting works on **rendered** text. A template is rendered with a known sample context
(:class:`LintSample`: the debtor *Ana*, the creditor *Tienda Sur* with tax id ``76.123.456-7``, an
amount, a due date that fits the stage and the payment link ``https://pay.example/inv-1``), and the
linter then looks for those values in the result. That catches what a look at the template source
cannot: a variable inside a branch that is never taken, a filter that formats the amount in another
locale, a text that grew past three SMS segments once the amount was filled in.

:func:`lint` checks one text or :class:`~dunning.templates.RenderedContent`:

* **required elements** of a collection message (stages ``pre_due`` … ``broken_promise``): a
  greeting with the debtor's first name, the creditor's name, the amount (as
  :func:`~dunning.templates.format_money` writes it for the locale), the due date or how late the
  payment is (a formatted date, a relative phrase such as *hace 5 días*, or the number of days), a
  payment link or a payment instruction, and a line for those who already paid. A ``thanks``
  message only needs the greeting and the creditor;
* the **policy's required content** (:class:`~dunning.policy.ContentRule`): an opt-out line where
  Regulation F asks for one, the creditor's name and tax id where Brazil's CDC art. 42-A does. An
  element this linter does not know is reported as a warning (``unchecked_rule``), never ignored;
* **forbidden content**: threats, words that imitate court documents, mentions of third parties
  (family, employer, neighbours, references), from per-language word lists (:data:`THREATS`,
  :data:`COURT_LANGUAGE`, :data:`THIRD_PARTIES`);
* **SMS** encoding and length (a warning when the text needs UCS-2, naming the characters that
  forced it; an error past ``max_sms_segments``);
* **WhatsApp**: the approved template's ``{{1}}..{{n}}`` placeholders against its declared
  parameters (a mismatch is Meta's error 132000 at send time).

Word lists are matched on whole words, ignoring case and accents (``carcel`` finds *cárcel*); an
entry ending in ``*`` matches any word that starts with it (``si ya pag*`` finds *si ya pagaste*
and *si ya pagó*). Phrases in :data:`BENIGN` are blanked out first, so *sin embargo* ("however") is
not read as a threat of seizure.

:func:`lint_templates` renders and lints every template of a pack for every locale, with the policy
of the locale's country; ``dunning lint-templates`` is the same on the command line.

>>> issues = lint("Tienda Sur: Hola Ana, si no pagas iremos a juicio.",
...               channel="sms", locale="es_CL", stage="late")
>>> [(i.severity.value, i.code) for i in issues]  # doctest: +NORMALIZE_WHITESPACE
[('error', 'missing_amount'), ('error', 'missing_due'), ('error', 'missing_payment'),
 ('error', 'missing_paid_disclaimer'), ('error', 'court_language')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_timedelta
from babel.numbers import get_territory_currencies

from .._core._base import Model
from .._core._content import RenderedContent
from .._core._errors import InputError, TemplateNotFoundError
from .._core._format import format_date, format_money, locale_chain, relative_days
from .._core._kinds import ChannelKind, Stage
from .._core._models import Creditor, Debtor
from .._core._money import Money
from .._planning._plan import DebtLine, Message
from ..policy import COUNTRIES, ContactPolicy, ContentRule, Source, for_country
from ._render import TemplateEngine, message_context
from ._sms import SmsEncoding, is_gsm7, sms_info

__all__ = [
    "BENIGN",
    "COLLECTION_STAGES",
    "CONTENT_CHECKS",
    "COURT_LANGUAGE",
    "DEBT_COLLECTOR",
    "OPT_OUT",
    "PAID_DISCLAIMERS",
    "PAY_INSTRUCTIONS",
    "TAX_ID_COUNTRIES",
    "THIRD_PARTIES",
    "THREATS",
    "Issue",
    "LintSample",
    "Severity",
    "WhatsAppTemplateLike",
    "fold",
    "lint",
    "lint_templates",
    "whatsapp_placeholders",
]


# --------------------------------------------------------------------------------------------
# Word lists (data). Keys are ISO 639-1 languages; entries are matched on whole words, ignoring
# case and accents; a trailing "*" matches any ending. Extend them by editing here, not the code.
# --------------------------------------------------------------------------------------------

THREATS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # Threats and intimidation: CL Ley 19.496 art. 37 (dignity, integrity), MX CPF art. 284
        # Bis, BR CDC arts. 42 and 71, CO Ley 2300, PE Ley 29571 art. 62, US FDCPA § 806.
        # A bare "te vamos a" ("we are going to") is not listed: it begins harmless sentences
        # too ("te vamos a enviar el enlace"); the threatening continuations are.
        "es": (
            "embargar",
            "embargaremos",
            "embargo",
            "embargos",
            "carcel",
            "prision",
            "policia",
            "te vamos a demandar",
            "te vamos a embargar",
            "te vamos a denunciar",
            "te vamos a quitar",
            "vamos a ir a tu casa",
            "iremos a tu casa",
            "iremos a tu trabajo",
            "consecuencias graves",
            "graves consecuencias",
        ),
        "pt": ("prisao", "preso", "policia", "penhora", "penhorar", "penhoraremos"),
        "en": (
            "arrest",
            "arrested",
            "jail",
            "prison",
            "police",
            "seize",
            "seizure",
            "garnish",
            "garnishment",
        ),
    }
)
"""Words that threaten or intimidate (an error in any message)."""

COURT_LANGUAGE: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # Documents that are, look like or refer to court writs: CL Ley 19.496 art. 37, PE Ley
        # 29571 art. 62, AR Ley 24.240 art. 8 bis, MX CONDUSEF 2014 (no judicial look).
        "es": (
            "demanda",
            "demandar",
            "demandaremos",
            "juicio",
            "tribunal",
            "tribunales",
            "juzgado",
            "citacion",
            "orden judicial",
            "notificacion judicial",
            "ultimo aviso legal",
        ),
        "pt": ("processo judicial", "intimacao", "citacao", "oficial de justica", "mandado"),
        "en": ("lawsuit", "court", "summons", "legal notice", "warrant"),
    }
)
"""Words that imitate court documents or legal process (an error in any message)."""

THIRD_PARTIES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # Involving or exposing the debt to third parties: CL art. 37, MX CONDUSEF 2014 (personal
        # references), CO Ley 2300, PE art. 62, US 12 CFR 1006.6(d). "Referencias" alone is not
        # listed: it is also the plural of an invoice reference ("Referencias: F-1, F-2").
        "es": (
            "tu familia",
            "su familia",
            "tus familiares",
            "sus familiares",
            "tu empleador",
            "su empleador",
            "tu empresa empleadora",
            "tus vecinos",
            "sus vecinos",
            "tu jefe",
            "su jefe",
            "tus companeros de trabajo",
            "tus referencias",
            "sus referencias",
            "referencias personales",
            "a las referencias",
        ),
        "pt": (
            "sua familia",
            "seus familiares",
            "seu empregador",
            "seu chefe",
            "vizinhos",
            "suas referencias",
        ),
        "en": (
            "your family",
            "your employer",
            "your boss",
            "your coworkers",
            "your co-workers",
            "your neighbors",
            "your neighbours",
            "your references",
        ),
    }
)
"""Words that bring third parties into the debt (an error in any message)."""

BENIGN: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "es": ("sin embargo",),  # "however": not a seizure
    }
)
"""Harmless phrases blanked out before looking for forbidden words."""

PAID_DISCLAIMERS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        # "cancelar" is "to pay off" in Chile and elsewhere ("si ya cancelaste tu cuenta").
        "es": (
            "si ya pag*",
            "si ya lo pag*",
            "si ya realiz*",
            "si ya hiciste*",
            "si ya hizo*",
            "si ya efectu*",
            "si ya cancel*",
        ),
        "pt": ("ja pag*", "ja efetu*", "ja realizou*", "ja tenha pag*", "ja quitou*"),
        "en": (
            "already paid",
            "already made a payment",
            "already made the payment",
            "already made this payment",
            "already made your payment",
            "already settled",
        ),
    }
)
"""The "if you already paid, ignore this message" line a collection message must carry."""

PAY_INSTRUCTIONS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "es": (
            "puedes pagar",
            "puede pagar",
            "paga en",
            "pague en",
            "pagar en",
            "como pagar",
            "transferencia",
            "deposito",
        ),
        "pt": (
            "pague em",
            "pague pelo",
            "pague via",
            "pague com",
            "pagar pelo",
            "pagar em",
            "como pagar",
            "pix",
            "boleto",
        ),
        "en": ("pay here", "pay at", "pay online", "you can pay", "how to pay"),
    }
)
"""Payment instructions accepted instead of the sample's payment link."""

OPT_OUT: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "en": ("stop", "opt out", "unsubscribe"),
        "es": ("baja", "stop"),
        "pt": ("sair", "parar"),
    }
)
"""Words that show an opt-out line (``ContentRule(element="opt_out")``, 12 CFR 1006.6(e))."""

TAX_ID_COUNTRIES: Final[frozenset[str]] = frozenset({"BR"})
"""Countries whose ``creditor_identification`` rule needs the tax id (BR CDC art. 42-A: CPF/CNPJ).
Elsewhere the creditor's name is the identification the linter can check."""

COLLECTION_STAGES: Final[frozenset[Stage]] = frozenset(Stage) - {Stage.THANKS}
"""Stages whose messages ask for payment and so need every required element."""

# Days past due of the sample debt, per stage (negative: before the due date).
_DAYS_PAST_DUE: Final[Mapping[Stage, int]] = MappingProxyType(
    {
        Stage.PRE_DUE: -3,
        Stage.DUE: 0,
        Stage.EARLY: 5,
        Stage.MID: 40,
        Stage.LATE: 70,
        Stage.SEVERE: 120,
        Stage.PROMISE_REMINDER: 20,
        Stage.BROKEN_PROMISE: 27,
        Stage.THANKS: 10,
    }
)
# The promised payment date relative to today: tomorrow for a reminder, two days ago when broken.
_PROMISE_OFFSET: Final[Mapping[Stage, int]] = MappingProxyType({Stage.BROKEN_PROMISE: -2})
_PROMISE_STAGES: Final = frozenset({Stage.PROMISE_REMINDER, Stage.BROKEN_PROMISE})
_DATE_PATTERNS: Final = (
    "d 'de' MMMM",
    "MMMM d",
    "d MMMM",
    "short",
    "medium",
    "long",
    "full",
    "dd/MM",
    "d/M",
    "MM/dd",
    "M/d",
    "yyyy-MM-dd",
)


class Severity(StrEnum):
    """How bad an issue is: an ``error`` fails ``dunning lint-templates``; a ``warning`` does
    not."""

    ERROR = "error"
    WARNING = "warning"


class Issue(Model):
    """One finding of the linter.

    ``code`` is stable and machine-readable (``missing_amount``, ``threat``, ``sms_segments``...),
    ``message`` is for people, ``excerpt`` holds the offending text when there is one, and
    ``source`` the policy rule's legal source when a policy required the element.

    >>> issue = Issue(code="threat", severity="error", message="threatening wording",
    ...               template="es/late.sms.j2", locale="es_CL", excerpt="cárcel")
    >>> issue
    Issue(code='threat', severity='error', template='es/late.sms.j2', locale='es_CL')
    >>> print(issue)
    ERROR threat es/late.sms.j2 (es_CL): threatening wording
    """

    code: str
    severity: Severity
    message: str
    template: str | None = None
    locale: str | None = None
    channel: ChannelKind | None = None
    excerpt: str | None = None
    source: Source | None = None

    def __str__(self) -> str:
        where = self.template or "<text>"
        if self.locale and not where.startswith(f"{self.locale}/"):
            where += f" ({self.locale})"
        return f"{self.severity.value.upper()} {self.code} {where}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"Issue(code={self.code!r}, severity={self.severity.value!r}, "
            f"template={self.template!r}, locale={self.locale!r})"
        )


class WhatsAppTemplateLike(Protocol):
    """What the linter needs of an approved WhatsApp template (``WhatsAppTemplate`` fits).

    ``body`` is the approved text with ``{{1}}..{{n}}`` placeholders (``None`` when unknown) and
    ``parameters`` the declared parameters, in order.
    """

    @property
    def name(self) -> str: ...

    @property
    def body(self) -> str | None: ...

    @property
    def parameters(self) -> Sequence[str]: ...


# --------------------------------------------------------------------------------------------
# The sample
# --------------------------------------------------------------------------------------------


def _territory(locale: str) -> tuple[str, str | None]:
    """The language and territory of ``locale`` (``es_MX`` → ``("es", "MX")``)."""
    try:
        loc = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(f"unknown locale {locale!r}", field="locale", value=locale) from None
    return loc.language, loc.territory


@dataclass(frozen=True)
class LintSample:
    """The known values templates are rendered with, so the linter can look for them.

    The sample debt is ``days_past_due[stage]`` days late on :attr:`today` (3 days *before* the due
    date for ``pre_due``); its currency is the one of the locale's territory (``CLP`` for
    ``es_CL``, ``USD`` for a neutral ``es``) unless ``currency`` is given. ``debts`` > 1 renders a
    message for several debts of ``amount`` each.

    >>> sample = LintSample()
    >>> sample.money("es_CL"), sample.due_date("early")
    (Money('45500', 'CLP'), datetime.date(2026, 11, 18))
    >>> sample.context("due", "es_MX")["debt"]["outstanding"]
    Money('45500.00', 'MXN')
    """

    first_name: str = "Ana"
    debtor_name: str = "Ana Pérez"
    creditor_name: str = "Tienda Sur"
    creditor_tax_id: str = "76.123.456-7"
    creditor_address: str = "Rua Augusta 100, São Paulo - SP"
    debt_collector: bool = False
    amount: Decimal = Decimal("45500")
    currency: str | None = None
    today: date = date(2026, 11, 23)
    reference: str = "F-1001"
    payment_url: str = "https://pay.example/inv-1"
    debts: int = 1
    days_past_due: Mapping[Stage, int] = field(default_factory=lambda: _DAYS_PAST_DUE, hash=False)

    def __post_init__(self) -> None:
        if self.debts < 1:
            raise InputError("a sample needs at least one debt", field="debts", value=self.debts)
        if self.first_name not in self.debtor_name.split():
            raise InputError(
                f"first_name {self.first_name!r} is not a word of debtor_name {self.debtor_name!r}",
                field="first_name",
                value=self.first_name,
            )

    def money(self, locale: str) -> Money:
        """The amount of one sample debt, in the currency of ``locale``'s territory."""
        currency = self.currency
        if currency is None:
            _, territory = _territory(locale)
            found = get_territory_currencies(territory, self.today) if territory else []
            currency = found[0] if found else "USD"
        return Money(self.amount, currency)

    def total(self, locale: str) -> Money:
        """The outstanding total of the sample message."""
        one = self.money(locale)
        return Money(one.amount * self.debts, one.currency)

    def stage_days(self, stage: Stage | str) -> int:
        """Days past due of the sample debt at ``stage``."""
        return self.days_past_due[Stage(stage)]

    def due_date(self, stage: Stage | str) -> date:
        """The sample debt's due date at ``stage``."""
        return self.today - timedelta(days=self.stage_days(stage))

    def promise_date(self, stage: Stage | str) -> date:
        """The date the debtor promised to pay (tomorrow, or two days ago for a broken one)."""
        return self.today + timedelta(days=_PROMISE_OFFSET.get(Stage(stage), 1))

    def context(
        self,
        stage: Stage | str | None,
        locale: str,
        channel: ChannelKind | str = ChannelKind.SMS,
        *,
        template: str | None = None,
    ) -> dict[str, Any]:
        """The template context of a message at ``stage`` (``None``: a custom template key,
        rendered as an ``early`` reminder), built with :func:`~dunning.templates.message_context`
        so it has exactly the variables the renderer gives, plus ``promise``."""
        kind = ChannelKind(channel)
        st = Stage(stage) if stage is not None else Stage.EARLY
        money = self.money(locale)
        due = self.due_date(st)
        lines = tuple(
            DebtLine(
                debt_id=f"inv-{i + 1}",
                reference=self.reference if i == 0 else f"{self.reference}-{i + 1}",
                outstanding=money,
                due_date=due,
                days_past_due=self.stage_days(st),
                payment_url=self.payment_url,
            )
            for i in range(self.debts)
        )
        message = Message(
            id="lint",
            debtor_id="lint",
            debt_ids=tuple(line.debt_id for line in lines),
            debts=lines,
            channel=kind,
            to="lint",
            send_at=datetime.combine(self.today, time(12), UTC),
            timezone="UTC",
            local_date=self.today,
            template=template or st.value,
            stage=st,
            segment=None,
            cadence="lint",
            locale=locale,
        )
        debtor = Debtor(id="lint", name=self.debtor_name, country="US", timezone="UTC")
        creditor = Creditor(
            name=self.creditor_name,
            tax_id=self.creditor_tax_id,
            address=self.creditor_address,
            debt_collector=self.debt_collector,
        )
        context = message_context(message, debtor, creditor)
        context.setdefault("promise", {"date": self.promise_date(st), "amount": None})
        return context


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
    )
    return stripped.casefold()


def fold(text: str) -> str:
    """``text`` for matching: accents stripped, case folded, every blank a plain space.

    >>> fold("ÚLTIMO Aviso\\xa0Legal — Cárcel")
    'ultimo aviso legal — carcel'
    """
    return "".join(_fold_char(c) for c in text)


class _Folded:
    """Folded text with a map from each folded character back to the original one."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        index: list[int] = []
        for i, char in enumerate(text):
            folded = _fold_char(char)
            chars.append(folded)
            index.extend([i] * len(folded))
        self.original = text
        self.text = "".join(chars)
        self._index = index

    def excerpt(self, start: int, end: int) -> str:
        return self.original[self._index[start] : self._index[end - 1] + 1]

    def has(self, value: str) -> bool:
        return bool(value) and fold(value) in self.text


def _pattern(phrase: str) -> str:
    """A regex for one word-list entry: whole words, blanks or hyphens between them."""
    prefix = phrase.endswith("*")
    words = [w for w in re.split(r"[\s\-]+", fold(phrase.rstrip("*"))) if w]
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@lru_cache(maxsize=256)
def _compile(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile("|".join(f"(?:{_pattern(p)})" for p in phrases))


def _search(text: str, phrases: Iterable[str]) -> list[re.Match[str]]:
    regex = _compile(tuple(phrases))
    return list(regex.finditer(text)) if regex else []


def _mask(text: str, language: str) -> str:
    """``text`` with the harmless phrases of :data:`BENIGN` blanked (same length)."""
    for match in _search(text, BENIGN.get(language, ())):
        start, end = match.span()
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _number(n: int) -> str:
    """A regex for ``n`` as a number of its own (not a piece of ``45.500`` or ``F-1001``)."""
    return rf"(?<![\w.,/$-]){n}(?![\w]|[.,/-]\d)"


@lru_cache(maxsize=1024)
def _day_count(days: int, locale: str) -> str:
    """``days`` as a length of time without a direction (``3 días``, ``40 days``), from CLDR."""
    return str(
        format_timedelta(
            timedelta(days=abs(days)), granularity="day", threshold=10_000, locale=locale
        )
    )


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


@dataclass
class _Subject:
    """What one lint run looks at, and where its issues go."""

    folded: _Folded
    language: str
    fmt_locale: str
    locale: str
    channel: ChannelKind
    template: str | None
    stage: Stage | None
    sample: LintSample
    country: str | None
    issues: list[Issue]

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        *,
        excerpt: str | None = None,
        source: Source | None = None,
    ) -> None:
        self.issues.append(
            Issue(
                code=code,
                severity=severity,
                message=message,
                template=self.template,
                locale=self.locale,
                channel=self.channel,
                excerpt=excerpt,
                source=source,
            )
        )

    def phrase(self, phrases: Iterable[str]) -> bool:
        return bool(_search(self.folded.text, phrases))


def _check_greeting(s: _Subject) -> None:
    if not s.phrase([s.sample.first_name]):
        s.add(
            "missing_greeting",
            Severity.ERROR,
            f"no greeting with the debtor's first name ({s.sample.first_name!r} does not "
            "appear; use {{ debtor.first_name }})",
        )


def _check_creditor(s: _Subject) -> None:
    if not s.phrase([s.sample.creditor_name]):
        s.add(
            "missing_creditor",
            Severity.ERROR,
            f"the creditor is not named ({s.sample.creditor_name!r} does not appear; use "
            "{{ creditor.name }})",
        )


def _check_amount(s: _Subject) -> None:
    wanted = [format_money(s.sample.total(s.locale), s.fmt_locale)]
    if s.sample.debts > 1:
        wanted.append(format_money(s.sample.money(s.locale), s.fmt_locale))
    if not any(s.folded.has(w) for w in wanted):
        s.add(
            "missing_amount",
            Severity.ERROR,
            f"no amount owed ({' or '.join(repr(w) for w in wanted)} does not appear; format "
            "it with the money filter)",
        )


def _date_evidence(s: _Subject, day: date) -> bool:
    """Whether ``day`` appears: formatted, as a relative phrase, or as day number + month."""
    loc = s.fmt_locale
    if any(s.folded.has(format_date(day, loc, p)) for p in _DATE_PATTERNS):
        return True
    if s.phrase([relative_days((day - s.sample.today).days, loc)]):
        return True
    months = {format_date(day, loc, "MMMM"), format_date(day, loc, "MMM").rstrip(".")}
    return s.phrase(months) and bool(re.search(_number(day.day), s.folded.text))


def _check_due(s: _Subject) -> None:
    stages = [s.stage] if s.stage is not None else sorted(COLLECTION_STAGES)
    for stage in stages:
        days = s.sample.stage_days(stage)
        dates = [s.sample.due_date(stage)]
        if stage in _PROMISE_STAGES:
            dates.append(s.sample.promise_date(stage))
        if any(_date_evidence(s, d) for d in dates):
            return
        if days > 0 and re.search(_number(days), s.folded.text):
            return  # "40 días de atraso", "Atraso: 40"
        if days and s.phrase([_day_count(days, s.fmt_locale)]):
            return  # "vence en 3 días" (CLDR's own phrase is "dentro de 3 días")
    due = s.sample.due_date(s.stage or Stage.EARLY)
    s.add(
        "missing_due",
        Severity.ERROR,
        f"neither the due date ({format_date(due, s.fmt_locale)!r}, "
        f"{relative_days((due - s.sample.today).days, s.fmt_locale)!r}) nor the days past due "
        "appear",
    )


def _check_payment(s: _Subject) -> None:
    if s.folded.has(s.sample.payment_url) or s.phrase(PAY_INSTRUCTIONS.get(s.language, ())):
        return
    s.add(
        "missing_payment",
        Severity.ERROR,
        f"no way to pay: the payment link ({s.sample.payment_url!r}) does not appear and there "
        "is no payment instruction",
    )


def _check_paid_disclaimer(s: _Subject) -> None:
    phrases = PAID_DISCLAIMERS.get(s.language, ())
    if not s.phrase(phrases):
        example = phrases[0].rstrip("*") + "…" if phrases else "if you already paid…"
        s.add(
            "missing_paid_disclaimer",
            Severity.ERROR,
            f"no line for debtors who already paid (such as {example!r})",
        )


_FORBIDDEN: Final = (
    (
        "threat",
        THREATS,
        "threatening wording {!r}: collection may not threaten or intimidate "
        "(CL Ley 19.496 art. 37, MX CPF art. 284 Bis, BR CDC art. 42)",
    ),
    (
        "court_language",
        COURT_LANGUAGE,
        "wording that imitates court documents {!r} (CL Ley 19.496 art. 37, PE Ley 29571 "
        "art. 62, AR Ley 24.240 art. 8 bis)",
    ),
    (
        "third_party",
        THIRD_PARTIES,
        "mentions third parties {!r}: the debt may not involve family, employer, neighbours or "
        "references (CL art. 37, MX CONDUSEF, CO Ley 2300, PE art. 62)",
    ),
)


def _check_forbidden(s: _Subject) -> None:
    text = _mask(s.folded.text, s.language)
    for code, lexicon, message in _FORBIDDEN:
        seen: set[str] = set()
        for match in _search(text, lexicon.get(s.language, ())):
            if match.group(0) in seen:
                continue
            seen.add(match.group(0))
            excerpt = s.folded.excerpt(*match.span())
            s.add(code, Severity.ERROR, message.format(excerpt), excerpt=excerpt)


def _check_opt_out(s: _Subject, rule: ContentRule) -> None:
    phrases = OPT_OUT.get(s.language, ())
    if not s.phrase(phrases):
        words = ", ".join(p.upper() for p in phrases) or "STOP"
        s.add(
            "missing_opt_out",
            Severity.ERROR,
            f"no opt-out line ({rule.description}; such as {words})",
            source=rule.source,
        )


def _check_creditor_identification(s: _Subject, rule: ContentRule) -> None:
    if s.stage not in COLLECTION_STAGES and s.stage is not None:
        return  # a thank-you is not a collection document
    missing = []
    if not s.phrase([s.sample.creditor_name]):
        missing.append(f"name {s.sample.creditor_name!r}")
    fields = set(rule.creditor_fields)
    if (s.country in TAX_ID_COUNTRIES or "tax_id" in fields) and not s.folded.has(
        s.sample.creditor_tax_id
    ):
        missing.append(f"tax id {s.sample.creditor_tax_id!r} ({{{{ creditor.tax_id }}}})")
    if "address" in fields and not s.folded.has(s.sample.creditor_address):
        missing.append(f"address {s.sample.creditor_address!r} ({{{{ creditor.address }}}})")
    if missing:
        s.add(
            "missing_creditor_identification",
            Severity.ERROR,
            f"the creditor is not identified: {' and '.join(missing)} missing ({rule.description})",
            source=rule.source,
        )


def _check_collection_information(s: _Subject, rule: ContentRule) -> None:
    if s.stage not in COLLECTION_STAGES and s.stage is not None:
        return
    missing = []
    if not s.phrase([s.sample.creditor_name]):
        missing.append(f"the creditor {s.sample.creditor_name!r}")
    if not s.folded.has(s.sample.reference):
        missing.append(f"the debt {s.sample.reference!r} ({{{{ debt.reference }}}})")
    if missing:
        s.add(
            "missing_collection_information",
            Severity.ERROR,
            f"{' and '.join(missing)} not named ({rule.description})",
            source=rule.source,
        )


DEBT_COLLECTOR: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {"en": ("debt collector",), "es": ("agencia de cobranza",), "pt": ("empresa de cobranca",)}
)
"""Words that show a debt collector's disclosure (12 CFR 1006.18(e))."""


def _check_debt_collector_disclosure(s: _Subject, rule: ContentRule) -> None:
    if not rule.applies_to(s.sample):
        return  # the sample is a creditor collecting its own debts
    if not s.phrase(DEBT_COLLECTOR.get(s.language, ("debt collector",))):
        s.add(
            "missing_debt_collector_disclosure",
            Severity.ERROR,
            f"no debt collector disclosure ({rule.description}); render with "
            "creditor.debt_collector",
            source=rule.source,
        )


CONTENT_CHECKS: Final[Mapping[str, Callable[[_Subject, ContentRule], None]]] = MappingProxyType(
    {
        "opt_out": _check_opt_out,
        "creditor_identification": _check_creditor_identification,
        "collection_information": _check_collection_information,
        "debt_collector_disclosure": _check_debt_collector_disclosure,
    }
)
"""``ContentRule.element`` → its check. Rules with other elements give an ``unchecked_rule``
warning."""


def _check_policy(s: _Subject, policy: ContactPolicy) -> None:
    for rule in policy.content:
        if s.channel not in rule.channels:
            continue
        check = CONTENT_CHECKS.get(rule.element)
        if check is None:
            s.add(
                "unchecked_rule",
                Severity.WARNING,
                f"policy {policy.name} requires {rule.element!r} ({rule.description}); the "
                "linter cannot check it, review the template by hand",
                source=rule.source,
            )
        else:
            check(s, rule)


def _describe(char: str) -> str:
    """``'á'``, or ``U+00A0 NO-BREAK SPACE`` for a character one cannot see."""
    if char.isprintable() and not char.isspace():
        return repr(char)
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def _check_sms(s: _Subject, text: str, max_segments: int) -> None:
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


def _check_whatsapp(
    s: _Subject, template: WhatsAppTemplateLike, content: RenderedContent | str
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


def lint(
    content: RenderedContent | str,
    *,
    channel: ChannelKind | str,
    locale: str,
    stage: Stage | str | None = None,
    policy: ContactPolicy | None = None,
    sample: LintSample | None = None,
    whatsapp: WhatsAppTemplateLike | None = None,
    max_sms_segments: int = 3,
) -> list[Issue]:
    """Everything wrong with one message, rendered from ``sample`` (default :class:`LintSample`).

    ``locale`` is the debtor's; a :class:`RenderedContent` rendered from a fallback language is
    read in that language. ``stage`` ``None`` treats the text as a collection message of any stage
    (a due date or days-late figure of any stage counts). ``policy`` adds its content rules for
    ``channel``; ``whatsapp`` is the approved template the message is sent as.

    >>> ok = ("Tienda Sur: Hola Ana, tu cuenta por $45.500 vence hoy. Paga en "
    ...       "https://pay.example/inv-1 . Si ya pagaste, ignora este mensaje.")
    >>> lint(ok, channel="sms", locale="es_CL", stage="due")
    []
    >>> br = ("Tienda Sur: Olá Ana, sua fatura de R$ 45.500,00 vence hoje. Pague em "
    ...       "https://pay.example/inv-1. Se já pagou, desconsidere.")
    >>> for issue in lint(br, channel="whatsapp", locale="pt_BR", stage="due",
    ...                   policy=for_country("BR")):
    ...     print(issue)  # doctest: +NORMALIZE_WHITESPACE
    ERROR missing_creditor_identification <text> (pt_BR): the creditor is not identified: tax id
    '76.123.456-7' ({{ creditor.tax_id }}) and address 'Rua Augusta 100, São Paulo - SP'
    ({{ creditor.address }}) missing (supplier's name, address and CPF/CNPJ)
    """
    try:
        kind = ChannelKind(channel)
    except ValueError:
        raise InputError(f"unknown channel {channel!r}", field="channel", value=channel) from None
    try:
        st = Stage(stage) if stage is not None else None
    except ValueError:
        raise InputError(f"unknown stage {stage!r}", field="stage", value=stage) from None
    if max_sms_segments < 1:
        raise InputError(
            "max_sms_segments must be at least 1", field="max_sms_segments", value=max_sms_segments
        )
    _territory(locale)  # validates the locale
    sample = sample or LintSample()
    if isinstance(content, RenderedContent):
        fmt_locale, template = content.locale, content.template
        body = content.text
        whole = f"{content.subject}\n\n{body}" if content.subject else body
    else:
        fmt_locale, template, body, whole = locale, None, content, content
    language, _ = _territory(fmt_locale)
    subject = _Subject(
        folded=_Folded(whole),
        language=language,
        fmt_locale=fmt_locale,
        locale=locale,
        channel=kind,
        template=template,
        stage=st,
        sample=sample,
        country=policy.country if policy else None,
        issues=[],
    )
    if not any(language in lexicon for lexicon in (THREATS, PAID_DISCLAIMERS, OPT_OUT)):
        subject.add(
            "unchecked_language",
            Severity.WARNING,
            f"no word lists for language {language!r}: forbidden words, the paid disclaimer, "
            "payment instructions and opt-out lines are not checked",
        )
    _check_greeting(subject)
    _check_creditor(subject)
    if st is None or st in COLLECTION_STAGES:
        _check_amount(subject)
        _check_due(subject)
        _check_payment(subject)
        if language in PAID_DISCLAIMERS:
            _check_paid_disclaimer(subject)
    if policy is not None:
        _check_policy(subject, policy)
    _check_forbidden(subject)
    if kind is ChannelKind.SMS:
        _check_sms(subject, body, max_sms_segments)
    if whatsapp is not None:
        _check_whatsapp(subject, whatsapp, content)
    return subject.issues


# --------------------------------------------------------------------------------------------
# Whole packs
# --------------------------------------------------------------------------------------------


def _policy_for(locale: str, policies: Mapping[str, ContactPolicy] | None) -> ContactPolicy | None:
    _, territory = _territory(locale)
    if territory is None:
        return None
    if policies is not None and territory in policies:
        return policies[territory]
    return for_country(territory) if territory in COUNTRIES else None


def _discover(
    folders: Sequence[Path], issues: list[Issue]
) -> tuple[list[str], list[tuple[str, ChannelKind]]]:
    """Locale folders and ``(template, channel)`` keys in ``folders``; bad names go to
    ``issues``."""
    locales: dict[str, None] = {}
    keys: dict[tuple[str, ChannelKind], None] = {}
    for folder in folders:
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            if sub.name.startswith(("_", ".")) or sub.name == "__pycache__":
                continue
            try:
                _territory(sub.name)
            except InputError:
                issues.append(
                    Issue(
                        code="unknown_locale",
                        severity=Severity.WARNING,
                        message=f"folder {str(sub)!r} is not named after a locale; skipped",
                    )
                )
                continue
            locales[sub.name] = None
            for path in sorted(sub.glob("*.j2")):
                if path.name.startswith("_"):
                    continue  # helpers (macros, partials) are not messages
                parts = path.name.removesuffix(".j2").split(".")
                name = f"{sub.name}/{path.name}"
                if len(parts) != 2 or parts[1] not in set(ChannelKind):
                    issues.append(
                        Issue(
                            code="bad_template_name",
                            severity=Severity.WARNING,
                            message="not named <template>.<channel>.j2 with a channel of "
                            f"{', '.join(c.value for c in ChannelKind)}; skipped "
                            "(prefix helpers with '_')",
                            template=name,
                            locale=sub.name,
                        )
                    )
                    continue
                keys[(parts[0], ChannelKind(parts[1]))] = None
    return list(locales), sorted(keys)


def lint_templates(
    engine: TemplateEngine | None = None,
    *,
    folders: Sequence[str | Path] = (),
    locales: Iterable[str] | None = None,
    sample: LintSample | None = None,
    policies: Mapping[str, ContactPolicy] | None = None,
    max_sms_segments: int = 3,
) -> list[Issue]:
    """Render every template of every locale with ``sample`` and lint it.

    Templates are ``<locale>/<template>.<channel>.j2`` files in the engine's folders (``folders``
    come first, so they override the engine's; files starting with ``_`` are helpers). Every
    locale folder found (or each of ``locales``) is linted for every template key found in any
    of them, through the engine's locale fallback, with the policy of the locale's country
    (``policies`` maps a country code to a policy of your own; neutral locales have none). A
    template that fails to render is a ``render_error``; a key that no locale in the fallback
    chain has is a ``missing_template`` warning.

    >>> issues = lint_templates(locales=["es_CL"])
    >>> all(i.locale == "es_CL" for i in issues)
    True
    """
    if engine is None:
        engine = TemplateEngine(folders)
    elif folders:
        engine = TemplateEngine([*folders, *engine.folders], builtin=False)
    sample = sample or LintSample()
    issues: list[Issue] = []
    found, keys = _discover(engine.folders, issues)
    targets = list(dict.fromkeys(locales)) if locales is not None else sorted(found)
    for locale in targets:
        policy = _policy_for(locale, policies)
        for key, channel in keys:
            stage = Stage(key) if key in set(Stage) else None
            try:
                name = engine.resolve(key, channel, locale)
            except TemplateNotFoundError:
                issues.append(
                    Issue(
                        code="missing_template",
                        severity=Severity.WARNING,
                        message=f"no {key}.{channel.value} template for this locale or its "
                        f"fallbacks ({', '.join(locale_chain(locale))})",
                        template=f"{key}.{channel.value}",
                        locale=locale,
                        channel=channel,
                    )
                )
                continue
            try:
                context = sample.context(stage, locale, channel, template=key)
                content = engine.render(key, channel, locale, context)
            except Exception as exc:  # any failure to render is the finding
                issues.append(
                    Issue(
                        code="render_error",
                        severity=Severity.ERROR,
                        message=f"does not render with the sample: {type(exc).__name__}: {exc}",
                        template=name,
                        locale=locale,
                        channel=channel,
                    )
                )
                continue
            approved = (
                engine.approved_template(key, locale) if channel is ChannelKind.WHATSAPP else None
            )
            issues += lint(
                content,
                channel=channel,
                locale=locale,
                stage=stage,
                policy=policy,
                sample=sample,
                whatsapp=approved,
                max_sms_segments=max_sms_segments,
            )
    return issues
