"""Rendering messages with sandboxed Jinja2 templates, per locale, stage and channel.

A template's key is ``"<template>.<channel>"`` (``"due.sms"``); its file is
``<locale>/<template>.<channel>.j2`` in a template folder. Folders are searched in order — yours
first, then the built-in pack — and locales from the most specific to English
(``es_CL`` → ``es`` → ``en``), so overriding a template means adding one file at the same key.

E-mail templates define ``{% block subject %}`` and ``{% block body %}``; the text part and the
HTML part are rendered from the same body, the HTML one with autoescaping.

Every template also gets all its variables as one value, ``values``, to hand to macros imported
without context (jinja2 then builds the imported module once, not once per message): the
built-in packs do ``{% import "es/_tu/due.j2" as text %}{{ text.sms(values) }}``. The ``money``,
``date`` and ``days`` filters format in the rendered message's locale and channel wherever they
run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    pass_context,
)
from jinja2.runtime import Context

from .._core import _collector as collector
from .._core._content import RenderedContent, WhatsAppPayload, WhatsAppTemplate
from .._core._errors import TemplateError, TemplateNotFoundError
from .._core._format import first_name, format_date, format_money, locale_chain, relative_days
from .._core._kinds import ChannelKind
from .._core._models import Creditor, Debtor
from .._core._money import Money
from .._core._text import parse_locale
from .._planning._plan import Message
from ._limits import LimitedEnvironment, TemplateLimits, budget, translate

__all__ = [
    "BUILTIN_DIR",
    "RenderedContent",
    "TemplateEngine",
    "TemplateLimits",
    "WhatsAppTemplate",
    "message_context",
    "render",
]

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
"""The built-in template pack shipped with the library."""


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})

# The locale and channel of the message being rendered, set by the engine around one render, so
# that macros imported without context (one cached module per pack for the engine's life) format
# money and dates as the message's own. Outside a render (``render_string`` with a context of
# its own) the filters read ``locale`` and ``channel`` from the template's context as before.
_STYLE: ContextVar[tuple[str, str | None] | None] = ContextVar("dunning_render_style", default=None)


def _style(ctx: Context) -> tuple[str, str | None]:
    current = _STYLE.get()
    if current is not None:
        return current
    return ctx["locale"], ctx.get("channel")


@pass_context
def _money(ctx: Context, value: Money) -> str:
    locale, channel = _style(ctx)
    text = format_money(value, locale)
    # CLDR puts no-break spaces in amounts (R$\u00a01.234,56); in an SMS one of them turns the
    # whole text into UCS-2 (70 characters a segment instead of 160), so SMS gets plain ones.
    return text.translate(_SPACES) if channel == "sms" else text


@pass_context
def _date(ctx: Context, value: date, pattern: str = "d 'de' MMMM") -> str:
    return format_date(value, _style(ctx)[0], pattern)


@pass_context
def _days(ctx: Context, value: int) -> str:
    return relative_days(int(value), _style(ctx)[0])


# Failures a template author causes: translated without the internal traceback. Anything else
# (a bug in a filter of ours) keeps its cause for debugging.
_EXPECTED = (TemplateError, TemplateNotFound, ArithmeticError, RecursionError, MemoryError)

_URL = re.compile(r"https?://[^\s<>\"']+")
_BLANKS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines))


def _to_html(escaped: str) -> str:
    paragraphs = [p for p in escaped.split("\n\n") if p.strip()]
    out = []
    for paragraph in paragraphs:
        body = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', paragraph)
        out.append("<p>" + body.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _restore_engine(
    kind: type[TemplateEngine],
    folders: tuple[Path, ...],
    builtin: bool,
    whatsapp: dict[str, WhatsAppTemplate],
    auto_reload: bool,
    limits: TemplateLimits,
) -> TemplateEngine:
    """An engine unpickled: built again from its settings."""
    return kind(folders, builtin=builtin, whatsapp=whatsapp, auto_reload=auto_reload, limits=limits)


class TemplateEngine:
    """Finds and renders message templates. Build one and reuse it: environments, compiled
    templates and formatters are cached.

    ``folders`` are searched before the built-in packs (``builtin=False`` leaves those out);
    ``whatsapp`` maps template keys to approved WhatsApp templates. Compiled templates are kept
    for the engine's life: pass ``auto_reload=True`` while editing template files in a running
    process (it checks every file on each render, which costs).

    An engine pickles by its settings (folders, ``builtin``, ``whatsapp``, ``auto_reload``,
    ``limits``), so a ``Planner`` that renders can be sent to worker processes (Dask, Spark,
    ``concurrent.futures``): each rebuilds the engine, with empty caches, from the same folders,
    which must exist where it is unpickled.

    Templates run in Jinja2's immutable sandbox with resource ``limits``
    (:class:`TemplateLimits`: string, range, integer and output sizes, steps and wall time per
    render). Every failure, at compile or render time, raises the
    :class:`~dunning.TemplateError` family naming the template: ``TemplateNotFoundError``,
    ``TemplateVariableError``, ``TemplateSecurityError``, ``TemplateLimitError``, or
    ``TemplateError`` itself (a syntax error, ``1/0``, a filter given the wrong type...).

    >>> from dunning import TemplateLimitError
    >>> try:
    ...     TemplateEngine().render_string("{{ 'x'|center(10**9) }}", {})
    ... except TemplateLimitError as exc:
    ...     print(exc.limit, "-", exc)
    string - template '<string>': resource limit: center() wider than 100000

    >>> engine = TemplateEngine()
    >>> engine.resolve("due", "sms", "es_AR")  # no es_AR pack: the neutral Spanish one
    'es/due.sms.j2'
    """

    def __init__(
        self,
        folders: Sequence[str | Path] = (),
        *,
        builtin: bool = True,
        whatsapp: Mapping[str, WhatsAppTemplate] | None = None,
        auto_reload: bool = False,
        limits: TemplateLimits | None = None,
    ) -> None:
        paths = [Path(f) for f in folders]
        for path in paths:
            if not path.is_dir():
                raise TemplateError(f"template folder {str(path)!r} does not exist")
        self._given = (tuple(paths), builtin)
        if builtin:
            paths.append(BUILTIN_DIR)
        self.folders = tuple(paths)
        loader = ChoiceLoader([FileSystemLoader(str(p)) for p in paths])
        common: dict[str, Any] = {
            "loader": loader,
            "undefined": StrictUndefined,
            "keep_trailing_newline": False,
            # Compiled templates stay cached; checking every file's mtime on each render (three
            # stat calls per message with the packs' imports) is for editing templates live.
            "auto_reload": auto_reload,
            "cache_size": 2000,
        }
        self.limits = limits or TemplateLimits()
        self._text = LimitedEnvironment(limits=self.limits, autoescape=False, **common)
        self._html = LimitedEnvironment(limits=self.limits, autoescape=True, **common)
        for env in (self._text, self._html):
            env.filters.update(money=_money, date=_date, days=_days, first_name=first_name)
            env.guard_filters()
        self._resolved: dict[tuple[str, str, str], str] = {}
        # The message templates rendered so far (jinja2's own cache is an LRU that reorders
        # itself on every hit), not while auto-reloading.
        self._templates: dict[tuple[bool, str], Template] = {}
        self._auto_reload = auto_reload
        self.whatsapp = dict(whatsapp or {})
        """Approved WhatsApp templates by ``"<template>"`` or ``"<locale>/<template>"``."""

    def __repr__(self) -> str:
        return f"TemplateEngine(folders={[str(f) for f in self.folders]!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the settings (the environments hold closures and compiled code)."""
        folders, builtin = self._given
        options = (builtin, dict(self.whatsapp), self._auto_reload, self.limits)
        return (_restore_engine, (type(self), folders, *options))

    def resolve(self, template: str, channel: ChannelKind | str, locale: str) -> str:
        """The template file used for ``template`` on ``channel`` in ``locale``."""
        kind = ChannelKind(channel)
        key = (template, kind.value, locale)
        found = self._resolved.get(key)
        if found is not None:
            return found
        tried = []
        for candidate in locale_chain(locale):
            name = f"{candidate}/{template}.{kind.value}.j2"
            tried.append(name)
            try:
                self._text.get_template(name)
            except TemplateNotFound as exc:
                if exc.name != name:  # found, but it imports or extends a missing one
                    raise translate(exc, name) from None
                continue
            except Exception as exc:  # a syntax error, a source over the limits...
                raise translate(exc, name) from None
            self._resolved[key] = name
            return name
        raise TemplateNotFoundError(
            f"no template for {template}.{kind.value} in {', '.join(tried)} "
            f"(folders: {', '.join(str(f) for f in self.folders)})",
            template=f"{template}.{kind.value}",
        )

    def _get(self, env: LimitedEnvironment, name: str) -> Template:
        key = (env is self._html, name)
        found = self._templates.get(key)
        if found is not None:
            return found
        try:
            tmpl = env.get_template(name)
        except Exception as exc:
            raise translate(exc, name) from None
        if not self._auto_reload:  # one entry per template file the engine renders
            self._templates[key] = tmpl
        return tmpl

    def render_string(
        self, source: str, context: Mapping[str, Any], *, name: str = "<string>", html: bool = False
    ) -> str:
        """Render template text (for tests and previews) in the same sandbox, with the same
        limits: whatever the text, only the :class:`~dunning.TemplateError` family comes out."""
        env = self._html if html else self._text
        return self._guard(name, env, lambda: env.from_string(source).generate(**context))

    def _guard(self, name: str, env: LimitedEnvironment, run: Any) -> str:
        """Compile and render under the limits; translate any failure (one table)."""
        try:
            with budget(self.limits):
                return env.collect(run())
        except Exception as exc:
            raise translate(exc, name) from (None if isinstance(exc, _EXPECTED) else exc)

    def render(
        self,
        template: str,
        channel: ChannelKind | str,
        locale: str,
        context: Mapping[str, Any],
    ) -> RenderedContent:
        """Render ``template`` for ``channel`` in ``locale`` with ``context``."""
        kind = ChannelKind(channel)
        name = self.resolve(template, kind, locale)
        # A template found in another language is formatted in that language, so a message
        # never mixes two (an English fallback for pt_BR reads "due tomorrow", not "amanhã").
        folder = name.split("/", 1)[0]
        if parse_locale(folder).language != parse_locale(locale).language:
            locale = folder
        values = {**context, "locale": locale, "channel": kind.value}
        # All of them as one value too, for macros imported without context (the built-in packs
        # pass it on: ``{{ text.sms(values) }}``); a copy, as a dict holding itself would leave
        # every render's variables to the cyclic garbage collector.
        values["values"] = dict(values)
        token = _STYLE.set((locale, kind.value))
        try:
            # A render's CPU time is limited (TemplateLimits.max_seconds): a garbage collection
            # of the whole heap falling inside it must not count, or whether a message renders
            # would depend on the heap. So the collector is paused for the render.
            with collector.paused():
                return self._render(template, kind, name, locale, values)
        finally:
            _STYLE.reset(token)

    def _render(
        self,
        template: str,
        kind: ChannelKind,
        name: str,
        locale: str,
        values: dict[str, Any],
    ) -> RenderedContent:
        env = self._text
        tmpl = self._get(env, name)
        if kind is ChannelKind.EMAIL:
            if "subject" not in tmpl.blocks or "body" not in tmpl.blocks:
                raise TemplateError(
                    "an e-mail template needs blocks 'subject' and 'body'", template=name
                )
            ctx = tmpl.new_context(values)
            subject = self._guard(name, env, lambda: tmpl.blocks["subject"](ctx))
            text = _tidy(self._guard(name, env, lambda: tmpl.blocks["body"](ctx)))
            # The body is plain text: escaping all of it (not only the variables, as
            # autoescaping would) is the stricter way to make the HTML part from one source.
            return RenderedContent._build(
                channel=kind,
                locale=locale,
                template=name,
                text=text,
                subject=" ".join(subject.split()),
                html=_to_html(html.escape(text, quote=True)),
                whatsapp=None,
            )
        body = self._guard(name, env, lambda: tmpl.generate(**values))
        approved = None
        if kind is ChannelKind.WHATSAPP:
            approved = self._approved(template, locale, values)
        return RenderedContent._build(
            channel=kind,
            locale=locale,
            template=name,
            text=_tidy(body),
            subject=None,
            html=None,
            whatsapp=approved,
        )

    def render_message(
        self, message: Message, debtor: Debtor, creditor: Creditor
    ) -> RenderedContent:
        """Render a planned message in its own template, channel and locale.

        This is the planner's :class:`~dunning._planning._ports.Renderer` port:
        ``Planner(templates=engine)`` calls it for every message it plans.
        """
        return self.render(
            message.template,
            message.channel,
            message.locale,
            message_context(message, debtor, creditor),
        )

    def approved_template(self, template: str, locale: str) -> WhatsAppTemplate | None:
        """The approved WhatsApp template mapped to ``template`` for ``locale``, if any."""
        for candidate in locale_chain(locale):
            found = self.whatsapp.get(f"{candidate}/{template}")
            if found is not None:
                return found
        return self.whatsapp.get(template)

    def _approved(
        self, template: str, locale: str, values: Mapping[str, Any]
    ) -> WhatsAppPayload | None:
        approved = self.approved_template(template, locale)
        if approved is None:
            return None
        name = f"whatsapp:{approved.name}"
        params = tuple(
            self.render_string("{{ " + expression + " }}", values, name=name).strip()
            for expression in approved.parameters
        )
        return WhatsAppPayload(name=approved.name, language=approved.language, parameters=params)


def message_context(message: Message, debtor: Debtor, creditor: Creditor) -> dict[str, Any]:
    """The variables a template sees for ``message``.

    ``debtor`` (``name``, ``first_name``), ``creditor`` (the :class:`~dunning.Creditor`),
    ``debts`` (each with ``reference``, ``outstanding``, ``due_date``, ``days_past_due``,
    ``payment_url``), ``total`` (the outstanding total when all debts share a currency, else
    ``None``) and ``totals``, ``payment_url`` (the first debt's), ``stage``, ``today``.

    Follow-ups (``promise_reminder``, ``broken_promise``) also get ``promise`` (``date``, and
    ``amount`` or ``None``): the promise to pay, or the plan installment, they are about; an
    installment adds ``installment`` (``number``, ``of``, ``plan_id``).

    ``incentives``: the discounts offered (:class:`~dunning.IncentiveOffer`: ``reference``,
    ``outstanding``, ``discount``, ``pay``, ``until``, ``percent``, ``code``, ``any_plan``);
    ``charges``: for each debt with fees or interest applied, ``reference``, ``principal``,
    ``fees``, ``interest`` (``None`` when there are none), ``total`` and the charge ``lines``;
    ``coupon``: the code a thank-you gives, or ``None``.
    """
    totals = message.totals
    lines = [
        {
            "id": line.debt_id,
            "reference": line.reference or line.debt_id,
            "outstanding": line.outstanding,
            "due_date": line.due_date,
            "days_past_due": line.days_past_due,
            "payment_url": line.payment_url,
        }
        for line in message.debts
    ]
    first = lines[0] if lines else {}
    refs = {line.debt_id: line.reference or line.debt_id for line in message.debts}
    charges = []
    for line in message.debts:
        if not line.charges:
            continue
        fees = [c.amount for c in line.charges if c.kind == "collection_fee"]
        interest = [c.amount for c in line.charges if c.kind == "interest"]
        charges.append(
            {
                "reference": refs[line.debt_id],
                "principal": line.outstanding,
                "fees": sum(fees[1:], fees[0]) if fees else None,
                "interest": sum(interest[1:], interest[0]) if interest else None,
                "total": line.total_due,
                "lines": line.charges,
            }
        )
    incentives = [
        {
            "reference": refs.get(o.debt_id, o.debt_id),
            "until": o.until,
            "outstanding": o.outstanding,
            "discount": o.discount,
            "pay": o.pay,
            "percent": o.percent,
            "code": o.code,
            "any_plan": o.applies_to == "any",
        }
        for o in message.incentives
    ]
    extra: dict[str, Any] = {}
    terms = message.promise
    if terms is not None:
        extra["promise"] = {"date": terms.date, "amount": terms.amount}
        if terms.plan_id is not None:
            extra["installment"] = {
                "number": terms.installment,
                "of": terms.installments,
                "plan_id": terms.plan_id,
            }
    return {
        **extra,
        "debtor": {"name": debtor.name, "first_name": first_name(debtor.name), "id": debtor.id},
        "creditor": creditor,
        "debts": lines,
        "debt": first,
        "total": totals[0] if len(totals) == 1 else None,
        "totals": list(totals),
        "payment_url": next((d["payment_url"] for d in lines if d["payment_url"]), None)
        or creditor.website,
        "stage": message.stage.value,
        "today": message.local_date,
        "charges": charges,
        "incentives": incentives,
        "coupon": message.coupon,
    }


_DEFAULT_ENGINE: TemplateEngine | None = None


def render(
    message: Message,
    *,
    debtor: Debtor,
    creditor: Creditor,
    engine: TemplateEngine | None = None,
    locale: str | None = None,
) -> RenderedContent:
    """Render a planned message (standalone use; the planner can do it for you).

    ``locale`` defaults to the message's (the debtor's) locale.
    """
    global _DEFAULT_ENGINE
    if engine is None:
        if _DEFAULT_ENGINE is None:
            _DEFAULT_ENGINE = TemplateEngine()
        engine = _DEFAULT_ENGINE
    return engine.render(
        message.template,
        message.channel,
        locale or message.locale,
        message_context(message, debtor, creditor),
    )
