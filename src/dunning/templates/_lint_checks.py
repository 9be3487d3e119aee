"""The linter's checks: each looks at one :class:`Subject` (a folded message, its sample and
locale) and adds :class:`~dunning.templates.Issue` values to it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Final

from .._core._content import RenderedContent
from .._core._format import format_date, format_money, relative_days
from .._core._kinds import ChannelKind, Stage
from ..policy import ContactPolicy, ContentRule
from ._lint_channels import check_sms, check_whatsapp
from ._lint_match import Folded, day_count, mask, number, search
from ._lint_sample import (
    _PROMISE_STAGES,
    COLLECTION_STAGES,
    Issue,
    LintSample,
    Severity,
    Subject,
    WhatsAppTemplateLike,
)
from ._lint_words import LintWords

__all__ = ["CONTENT_CHECKS", "TAX_ID_COUNTRIES", "check_message"]

TAX_ID_COUNTRIES: Final[frozenset[str]] = frozenset({"BR"})
"""Countries whose ``creditor_identification`` rule needs the tax id (BR CDC art. 42-A: CPF/CNPJ).
Elsewhere the creditor's name is the identification the linter can check."""

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


def _check_greeting(s: Subject) -> None:
    if not s.phrase([s.sample.first_name]):
        s.add(
            "missing_greeting",
            Severity.ERROR,
            f"no greeting with the debtor's first name ({s.sample.first_name!r} does not "
            "appear; use {{ debtor.first_name }})",
        )


def _check_creditor(s: Subject) -> None:
    if not s.phrase([s.sample.creditor_name]):
        s.add(
            "missing_creditor",
            Severity.ERROR,
            f"the creditor is not named ({s.sample.creditor_name!r} does not appear; use "
            "{{ creditor.name }})",
        )


def _check_amount(s: Subject) -> None:
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


def _date_evidence(s: Subject, day: date) -> bool:
    """Whether ``day`` appears: formatted, as a relative phrase, or as day number + month."""
    loc = s.fmt_locale
    if any(s.folded.has(format_date(day, loc, p)) for p in _DATE_PATTERNS):
        return True
    if s.phrase([relative_days((day - s.sample.today).days, loc)]):
        return True
    months = {format_date(day, loc, "MMMM"), format_date(day, loc, "MMM").rstrip(".")}
    return s.phrase(months) and bool(re.search(number(day.day), s.folded.text))


def _check_due(s: Subject) -> None:
    stages = [s.stage] if s.stage is not None else sorted(COLLECTION_STAGES)
    for stage in stages:
        days = s.sample.stage_days(stage)
        dates = [s.sample.due_date(stage)]
        if stage in _PROMISE_STAGES:
            dates.append(s.sample.promise_date(stage))
        if any(_date_evidence(s, d) for d in dates):
            return
        if days > 0 and re.search(number(days), s.folded.text):
            return  # "40 días de atraso", "Atraso: 40"
        if days and s.phrase([day_count(days, s.fmt_locale)]):
            return  # "vence en 3 días" (CLDR's own phrase is "dentro de 3 días")
    due = s.sample.due_date(s.stage or Stage.EARLY)
    s.add(
        "missing_due",
        Severity.ERROR,
        f"neither the due date ({format_date(due, s.fmt_locale)!r}, "
        f"{relative_days((due - s.sample.today).days, s.fmt_locale)!r}) nor the days past due "
        "appear",
    )


def _check_payment(s: Subject) -> None:
    if s.folded.has(s.sample.payment_url) or s.phrase(s.words.pay_instructions.get(s.language, ())):
        return
    s.add(
        "missing_payment",
        Severity.ERROR,
        f"no way to pay: the payment link ({s.sample.payment_url!r}) does not appear and there "
        "is no payment instruction",
    )


def _check_paid_disclaimer(s: Subject) -> None:
    phrases = s.words.paid_disclaimers.get(s.language, ())
    if not s.phrase(phrases):
        example = phrases[0].rstrip("*") + "…" if phrases else "if you already paid…"
        s.add(
            "missing_paid_disclaimer",
            Severity.ERROR,
            f"no line for debtors who already paid (such as {example!r})",
        )


# (issue code, LintWords list, message): forbidden in any message.
_FORBIDDEN: Final = (
    (
        "threat",
        "threats",
        "threatening wording {!r}: collection may not threaten or intimidate "
        "(CL Ley 19.496 art. 37, MX CPF art. 284 Bis, BR CDC art. 42)",
    ),
    (
        "court_language",
        "court_language",
        "wording that imitates court documents {!r} (CL Ley 19.496 art. 37, PE Ley 29571 "
        "art. 62, AR Ley 24.240 art. 8 bis)",
    ),
    (
        "third_party",
        "third_parties",
        "mentions third parties {!r}: the debt may not involve family, employer, neighbours or "
        "references (CL art. 37, MX CONDUSEF, CO Ley 2300, PE art. 62)",
    ),
)


def _check_forbidden(s: Subject) -> None:
    text = mask(s.folded.text, s.words.benign.get(s.language, ()))
    for code, name, message in _FORBIDDEN:
        lexicon: Mapping[str, tuple[str, ...]] = getattr(s.words, name)
        seen: set[str] = set()
        for match in search(text, lexicon.get(s.language, ())):
            if match.group(0) in seen:
                continue
            seen.add(match.group(0))
            excerpt = s.folded.excerpt(*match.span())
            s.add(code, Severity.ERROR, message.format(excerpt), excerpt=excerpt)


def _check_opt_out(s: Subject, rule: ContentRule) -> None:
    phrases = s.words.opt_out.get(s.language, ())
    if not s.phrase(phrases):
        words = ", ".join(p.upper() for p in phrases) or "STOP"
        s.add(
            "missing_opt_out",
            Severity.ERROR,
            f"no opt-out line ({rule.description}; such as {words})",
            source=rule.source,
        )


def _check_creditor_identification(s: Subject, rule: ContentRule) -> None:
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


def _check_collection_information(s: Subject, rule: ContentRule) -> None:
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


def _check_debt_collector_disclosure(s: Subject, rule: ContentRule) -> None:
    if not rule.applies_to(s.sample):
        return  # the sample is a creditor collecting its own debts
    if not s.phrase(s.words.debt_collector.get(s.language, ("debt collector",))):
        s.add(
            "missing_debt_collector_disclosure",
            Severity.ERROR,
            f"no debt collector disclosure ({rule.description}); render with "
            "creditor.debt_collector",
            source=rule.source,
        )


CONTENT_CHECKS: Final[Mapping[str, Callable[[Subject, ContentRule], None]]] = MappingProxyType(
    {
        "opt_out": _check_opt_out,
        "creditor_identification": _check_creditor_identification,
        "collection_information": _check_collection_information,
        "debt_collector_disclosure": _check_debt_collector_disclosure,
    }
)
"""``ContentRule.element`` → its check. Rules with other elements give an ``unchecked_rule``
warning."""


def _check_policy(s: Subject, policy: ContactPolicy) -> None:
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


def check_message(
    content: RenderedContent | str,
    *,
    body: str,
    whole: str,
    language: str,
    fmt_locale: str,
    locale: str,
    channel: ChannelKind,
    template: str | None,
    stage: Stage | None,
    sample: LintSample,
    policy: ContactPolicy | None,
    whatsapp: WhatsAppTemplateLike | None,
    max_sms_segments: int,
    words: LintWords,
) -> list[Issue]:
    """Every check of :func:`~dunning.templates.lint` on arguments it has validated: ``whole``
    is the text read (subject and body), ``body`` the text sent as an SMS, ``fmt_locale`` the
    locale the text is written in and ``locale`` the debtor's."""
    subject = Subject(
        folded=Folded(whole),
        words=words,
        language=language,
        fmt_locale=fmt_locale,
        locale=locale,
        channel=channel,
        template=template,
        stage=stage,
        sample=sample,
        country=policy.country if policy else None,
        issues=[],
    )
    if not any(
        language in lexicon for lexicon in (words.threats, words.paid_disclaimers, words.opt_out)
    ):
        subject.add(
            "unchecked_language",
            Severity.WARNING,
            f"no word lists for language {language!r}: forbidden words, the paid disclaimer, "
            "payment instructions and opt-out lines are not checked",
        )
    _check_greeting(subject)
    _check_creditor(subject)
    if stage is None or stage in COLLECTION_STAGES:
        _check_amount(subject)
        _check_due(subject)
        _check_payment(subject)
        if language in words.paid_disclaimers:
            _check_paid_disclaimer(subject)
    if policy is not None:
        _check_policy(subject, policy)
    _check_forbidden(subject)
    if channel is ChannelKind.SMS:
        check_sms(subject, body, max_sms_segments)
    if whatsapp is not None:
        check_whatsapp(subject, whatsapp, content)
    return subject.issues
