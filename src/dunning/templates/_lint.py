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
  (family, employer, neighbours, references), from per-language word lists
  (:class:`~dunning.templates.LintWords`: shipped as ``templates/data/lint_words.toml``, extended
  with ``words=LintWords.builtin().extend(...)``);
* **SMS** encoding and length (a warning when the text needs UCS-2, naming the characters that
  forced it; an error past ``max_sms_segments``);
* **WhatsApp**: the approved template's ``{{1}}..{{n}}`` placeholders against its declared
  parameters (a mismatch is Meta's error 132000 at send time).

Word lists are matched on whole words, ignoring case, accents and invisible characters (``carcel``
finds *cárcel* and *cár\\u200bcel*); an entry ending in ``*`` matches any word that starts with it
(``si ya pag*`` finds *si ya pagaste* and *si ya pagó*). ``benign`` phrases are blanked out first,
so *sin embargo* ("however") is not read as a threat of seizure.

The pieces: :mod:`._lint_sample` (issues, the sample, one run's subject), :mod:`._lint_words`
(word lists), :mod:`._lint_match` (folded matching), :mod:`._lint_checks` (content checks),
:mod:`._lint_channels` (SMS and WhatsApp checks); this module validates the arguments and walks
template packs.

:func:`lint_templates` renders and lints every template of a pack for every locale, with the policy
of the locale's country; ``dunning lint-templates`` is the same on the command line.

>>> issues = lint("Tienda Sur: Hola Ana, si no pagas iremos a juicio.",
...               channel="sms", locale="es_CL", stage="late")
>>> [(i.severity.value, i.code) for i in issues]  # doctest: +NORMALIZE_WHITESPACE
[('error', 'missing_amount'), ('error', 'missing_due'), ('error', 'missing_payment'),
 ('error', 'missing_paid_disclaimer'), ('error', 'court_language')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .._core._content import RenderedContent
from .._core._errors import InputError, TemplateNotFoundError
from .._core._format import locale_chain
from .._core._kinds import ChannelKind, Stage
from ..policy import COUNTRIES, ContactPolicy, for_country
from ._lint_checks import check_message
from ._lint_sample import Issue, LintSample, Severity, WhatsAppTemplateLike, _territory
from ._lint_words import LintWords
from ._render import TemplateEngine

__all__ = ["lint", "lint_templates"]


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
    words: LintWords | None = None,
) -> list[Issue]:
    """Everything wrong with one message, rendered from ``sample`` (default :class:`LintSample`).

    ``locale`` is the debtor's; a :class:`RenderedContent` rendered from a fallback language is
    read in that language. ``stage`` ``None`` treats the text as a collection message of any stage
    (a due date or days-late figure of any stage counts). ``policy`` adds its content rules for
    ``channel``; ``whatsapp`` is the approved template the message is sent as; ``words`` the word
    lists to read it with (default :meth:`LintWords.builtin`).

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
    if words is not None and not isinstance(words, LintWords):
        raise InputError("words must be a LintWords value", field="words", value=words)
    _territory(locale)  # validates the locale
    sample = sample or LintSample()
    if isinstance(content, RenderedContent):
        fmt_locale, template = content.locale, content.template
        body = content.text
        whole = f"{content.subject}\n\n{body}" if content.subject else body
    else:
        fmt_locale, template, body, whole = locale, None, content, content
    language, _ = _territory(fmt_locale)
    return check_message(
        content,
        body=body,
        whole=whole,
        language=language,
        fmt_locale=fmt_locale,
        locale=locale,
        channel=kind,
        template=template,
        stage=st,
        sample=sample,
        policy=policy,
        whatsapp=whatsapp,
        max_sms_segments=max_sms_segments,
        words=words if words is not None else LintWords.builtin(),
    )


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
    words: LintWords | None = None,
) -> list[Issue]:
    """Render every template of every locale with ``sample`` and lint it.

    Templates are ``<locale>/<template>.<channel>.j2`` files in the engine's folders (``folders``
    come first, so they override the engine's; files starting with ``_`` are helpers). Every
    locale folder found (or each of ``locales``) is linted for every template key found in any
    of them, through the engine's locale fallback, with the policy of the locale's country
    (``policies`` maps a country code to a policy of your own; neutral locales have none). A
    template that fails to render is a ``render_error``; a key that no locale in the fallback
    chain has is a ``missing_template`` warning. ``words`` are the word lists (default
    :meth:`LintWords.builtin`).

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
                words=words,
            )
    return issues
