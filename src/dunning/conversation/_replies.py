"""The menu bot's data: what it reads, what it says, what it remembers, and its texts.

Replies are data, one shape per kind of WhatsApp message the bot may send:

* :class:`TextReply`: free-form text (``type: text``), only inside the 24-hour window;
* :class:`ButtonsReply`: up to 3 reply buttons (``type: interactive``, ``interactive.type:
  button``), only inside the window;
* :class:`ListReply`: a list of up to 10 rows behind one button (``interactive.type: list``),
  only inside the window;
* :class:`TemplateReply`: an approved template (``type: template``), the only kind allowed
  outside the window.

Meta's limits are checked when a reply is built, so a reply that exists can be sent: a body of
at most 4096 characters (1024 with buttons), at most 3 buttons with unique titles of at most 20
characters, at most 10 list rows with titles of at most 24 and descriptions of at most 72
characters, a list button label of at most 20, header and footer of at most 60. A reply that
breaks one raises :class:`~dunning.InputError` naming the field.

What the bot reads is any :class:`InboundLike` (such as :class:`Inbound`); what it remembers is a
:class:`ConversationState`; one message gives a :class:`Turn`. The texts are TOML files in
``data/bot/``, one per language.

>>> reply = ButtonsReply(text="¿Confirmas?", buttons=(Button(id="yes", title="Sí"),
...                                                   Button(id="no", title="No")))
>>> body = reply.to_whatsapp_body("+56961234567")
>>> body["type"], body["interactive"]["action"]["buttons"][0]
('interactive', {'type': 'reply', 'reply': {'id': 'yes', 'title': 'Sí'}})
>>> print(reply.preview())
¿Confirmas?
[Sí] [No]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, ClassVar, Literal, NamedTuple, Protocol

from pydantic import Field, field_validator, model_validator

from .._core._base import Model
from .._core._errors import InputError
from .._core._format import format_money
from .._core._kinds import ChannelKind
from .._core._models import AwareDatetime, Debt, Debtor
from .._core._text import fold, parse_locale
from .._core._timezones import get_zone
from .._core._window import WINDOW, in_window
from ..events import AgentHandoff, Event
from ._intent import IntentKind

__all__ = [
    "BUTTON_TITLE_LIMIT",
    "LIST_ROW_LIMIT",
    "ROW_DESCRIPTION_LIMIT",
    "ROW_TITLE_LIMIT",
    "WINDOW",
    "BotTemplates",
    "Button",
    "ButtonsReply",
    "ConversationState",
    "ConversationStep",
    "Inbound",
    "InboundLike",
    "ListReply",
    "ListRow",
    "Reply",
    "TemplateReply",
    "TextReply",
    "TranscriptLine",
    "Turn",
]

TEXT_LIMIT = 4096
"""Characters in a text message body, and in a list message body."""
BUTTONS_BODY_LIMIT = 1024
"""Characters in the body of a reply-buttons message."""
BUTTON_LIMIT = 3
"""Reply buttons in one message."""
BUTTON_TITLE_LIMIT = 20
"""Characters in a reply button's title, and in a list's button label."""
BUTTON_ID_LIMIT = 256
LIST_ROW_LIMIT = 10
"""Rows in one list message (all sections together)."""
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
ROW_ID_LIMIT = 200
HEADER_LIMIT = 60
FOOTER_LIMIT = 60


def _check(value: str | None, limit: int, field: str) -> None:
    if value is None:
        return
    if not value.strip():
        raise InputError(f"{field} is empty", field=field, value=value)
    if len(value) > limit:
        raise InputError(
            f"{field} has {len(value)} characters; WhatsApp allows at most {limit}",
            field=field,
            value=value,
        )


def _envelope(to: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    if not to or not to.strip():
        raise InputError("the recipient 'to' is empty", field="to", value=to)
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": kind,
        kind: body,
    }


def _decorate(interactive: dict[str, Any], header: str | None, footer: str | None) -> None:
    if header is not None:
        interactive["header"] = {"type": "text", "text": header}
    if footer is not None:
        interactive["footer"] = {"text": footer}


class TextReply(Model):
    """Free-form text: allowed only inside the 24-hour customer-service window.

    >>> TextReply(text="Puedes pagar aquí: https://pay.example/F-1").to_whatsapp_body("+5215512345678")
    ... # doctest: +NORMALIZE_WHITESPACE
    {'messaging_product': 'whatsapp', 'recipient_type': 'individual', 'to': '+5215512345678',
     'type': 'text', 'text': {'body': 'Puedes pagar aquí: https://pay.example/F-1',
     'preview_url': False}}
    """

    kind: Literal["text"] = "text"
    text: str
    preview_url: bool = False

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        _check(value, TEXT_LIMIT, "text")
        return value

    interactive: ClassVar[bool] = False
    """Buttons or a list: only allowed inside the 24-hour window."""
    free_form: ClassVar[bool] = True
    """Anything but an approved template: only allowed inside the 24-hour window."""

    def preview(self) -> str:
        """The message as the debtor reads it."""
        return self.text

    def to_whatsapp_body(self, to: str) -> dict[str, Any]:
        """The Cloud API JSON body (``type: text``) for recipient ``to``."""
        return _envelope(to, "text", {"body": self.text, "preview_url": self.preview_url})


class Button(Model):
    """One reply button: ``id`` comes back in the webhook, ``title`` is what the debtor taps."""

    id: str
    title: str

    @model_validator(mode="after")
    def _limits(self) -> Button:
        _check(self.id, BUTTON_ID_LIMIT, "id")
        _check(self.title, BUTTON_TITLE_LIMIT, "title")
        return self


class ButtonsReply(Model):
    """Text with up to 3 reply buttons: allowed only inside the 24-hour window."""

    kind: Literal["buttons"] = "buttons"
    text: str
    buttons: tuple[Button, ...]
    header: str | None = None
    footer: str | None = None

    @model_validator(mode="after")
    def _limits(self) -> ButtonsReply:
        _check(self.text, BUTTONS_BODY_LIMIT, "text")
        _check(self.header, HEADER_LIMIT, "header")
        _check(self.footer, FOOTER_LIMIT, "footer")
        if not 1 <= len(self.buttons) <= BUTTON_LIMIT:
            raise InputError(
                f"{len(self.buttons)} buttons; WhatsApp takes 1 to {BUTTON_LIMIT}",
                field="buttons",
                value=self.buttons,
            )
        for attr in ("id", "title"):
            values = [getattr(b, attr) for b in self.buttons]
            if len(set(values)) != len(values):
                raise InputError(
                    f"button {attr}s must be unique", field="buttons", value=self.buttons
                )
        return self

    interactive: ClassVar[bool] = True
    """Buttons or a list: only allowed inside the 24-hour window."""
    free_form: ClassVar[bool] = True
    """Anything but an approved template: only allowed inside the 24-hour window."""

    def preview(self) -> str:
        """The message as the debtor reads it, buttons in brackets."""
        return self.text + "\n" + " ".join(f"[{b.title}]" for b in self.buttons)

    def to_whatsapp_body(self, to: str) -> dict[str, Any]:
        """The Cloud API JSON body (``type: interactive``, ``interactive.type: button``)."""
        interactive: dict[str, Any] = {
            "type": "button",
            "body": {"text": self.text},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in self.buttons
                ]
            },
        }
        _decorate(interactive, self.header, self.footer)
        return _envelope(to, "interactive", interactive)


class ListRow(Model):
    """One row of a list: ``id`` comes back in the webhook; ``description`` is optional."""

    id: str
    title: str
    description: str | None = None

    @model_validator(mode="after")
    def _limits(self) -> ListRow:
        _check(self.id, ROW_ID_LIMIT, "id")
        _check(self.title, ROW_TITLE_LIMIT, "title")
        _check(self.description, ROW_DESCRIPTION_LIMIT, "description")
        return self


class ListReply(Model):
    """Text with a button that opens a list of up to 10 rows: only inside the 24-hour window.

    >>> menu = ListReply(text="¿Qué quieres hacer?", button="Ver opciones",
    ...                  rows=(ListRow(id="menu:pay", title="Pagar ahora"),))
    >>> menu.to_whatsapp_body("+56961234567")["interactive"]["action"]
    {'button': 'Ver opciones', 'sections': [{'rows': [{'id': 'menu:pay', 'title': 'Pagar ahora'}]}]}
    """

    kind: Literal["list"] = "list"
    text: str
    button: str
    rows: tuple[ListRow, ...]
    section_title: str | None = None
    header: str | None = None
    footer: str | None = None

    @model_validator(mode="after")
    def _limits(self) -> ListReply:
        _check(self.text, TEXT_LIMIT, "text")
        _check(self.button, BUTTON_TITLE_LIMIT, "button")
        _check(self.section_title, ROW_TITLE_LIMIT, "section_title")
        _check(self.header, HEADER_LIMIT, "header")
        _check(self.footer, FOOTER_LIMIT, "footer")
        if not 1 <= len(self.rows) <= LIST_ROW_LIMIT:
            raise InputError(
                f"{len(self.rows)} rows; WhatsApp takes 1 to {LIST_ROW_LIMIT}",
                field="rows",
                value=self.rows,
            )
        ids = [row.id for row in self.rows]
        if len(set(ids)) != len(ids):
            raise InputError("row ids must be unique", field="rows", value=self.rows)
        return self

    interactive: ClassVar[bool] = True
    """Buttons or a list: only allowed inside the 24-hour window."""
    free_form: ClassVar[bool] = True
    """Anything but an approved template: only allowed inside the 24-hour window."""

    def preview(self) -> str:
        """The message as the debtor reads it, with the list opened."""
        lines = [self.text, f"[{self.button}]"]
        for row in self.rows:
            lines.append(f"  - {row.title}" + (f" — {row.description}" if row.description else ""))
        return "\n".join(lines)

    def to_whatsapp_body(self, to: str) -> dict[str, Any]:
        """The Cloud API JSON body (``type: interactive``, ``interactive.type: list``)."""
        rows = []
        for row in self.rows:
            item = {"id": row.id, "title": row.title}
            if row.description is not None:
                item["description"] = row.description
            rows.append(item)
        section: dict[str, Any] = {"rows": rows}
        if self.section_title is not None:
            section = {"title": self.section_title, "rows": rows}
        interactive: dict[str, Any] = {
            "type": "list",
            "body": {"text": self.text},
            "action": {"button": self.button, "sections": [section]},
        }
        _decorate(interactive, self.header, self.footer)
        return _envelope(to, "interactive", interactive)


class TemplateReply(Model):
    """An approved template, named with its language and positional body parameters.

    The only kind of message allowed outside the 24-hour window: the bot never writes free text
    there, it says which approved template to send. ``purpose`` tells the host why (``follow_up``
    or ``opted_out``).

    >>> TemplateReply(name="dunning_follow_up", language="es_CL",
    ...               params=("Ana", "Tienda Sur")).to_whatsapp_body("+56961234567")["template"]
    ... # doctest: +NORMALIZE_WHITESPACE
    {'name': 'dunning_follow_up', 'language': {'code': 'es_CL'},
     'components': [{'type': 'body', 'parameters': [{'type': 'text', 'text': 'Ana'},
                                                    {'type': 'text', 'text': 'Tienda Sur'}]}]}
    """

    kind: Literal["template"] = "template"
    name: str = Field(min_length=1, max_length=512)
    language: str = Field(min_length=2)
    params: tuple[str, ...] = ()
    purpose: str | None = None

    @field_validator("params")
    @classmethod
    def _params(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for n, param in enumerate(value, start=1):
            # Meta refuses empty parameters and parameters with newlines or tabs.
            if not param.strip() or "\n" in param or "\t" in param:
                raise InputError(
                    f"template parameter {{{{{n}}}}} is empty or has a newline or tab",
                    field="params",
                    value=param,
                )
        return value

    interactive: ClassVar[bool] = False
    """Buttons or a list: only allowed inside the 24-hour window."""
    free_form: ClassVar[bool] = False
    """Anything but an approved template: only allowed inside the 24-hour window."""

    def preview(self) -> str:
        """The template's name, language and parameters (the text lives at Meta)."""
        params = ", ".join(repr(p) for p in self.params)
        return f"<template {self.name} ({self.language}): {params}>"

    def to_whatsapp_body(self, to: str) -> dict[str, Any]:
        """The Cloud API JSON body (``type: template``) for recipient ``to``."""
        template: dict[str, Any] = {"name": self.name, "language": {"code": self.language}}
        if self.params:
            template["components"] = [
                {"type": "body", "parameters": [{"type": "text", "text": p} for p in self.params]}
            ]
        return _envelope(to, "template", template)


Reply = Annotated[TextReply | ButtonsReply | ListReply | TemplateReply, Field(discriminator="kind")]
"""Anything the bot may say: a union tagged by ``kind``."""


# --------------------------------------------------------------------------- inbound, state, turn

"""WhatsApp's customer-service window: free-form replies only this long after an inbound."""


class InboundLike(Protocol):
    """What the bot reads of an inbound message: :class:`Inbound` and
    :class:`dunning.channels.InboundMessage` both fit.

    ``reply_id`` is the id of the tapped button or list row (or a template quick-reply
    payload), ``None`` for typed text; ``at`` is when the debtor sent it (aware).
    """

    @property
    def text(self) -> str: ...

    @property
    def reply_id(self) -> str | None: ...

    @property
    def at(self) -> datetime: ...


class Inbound(Model):
    """A message from the debtor, for tests, notebooks and hosts without a webhook parser.

    >>> from datetime import UTC, datetime
    >>> Inbound(text="ya pagué", at=datetime(2026, 11, 23, 15, tzinfo=UTC)).reply_id is None
    True
    """

    text: str = ""
    reply_id: str | None = None
    at: AwareDatetime


class ConversationStep(StrEnum):
    """Where the conversation stands: what the bot is waiting for."""

    MENU = "menu"
    """Nothing pending: the menu (or nothing) was the last thing shown."""
    PLANS = "plans"
    """Payment plan offers were shown; waiting for a choice."""
    PAID_DATE = "paid_date"
    """The debtor said they paid; waiting for the date or the receipt."""
    PROMISE_DATE = "promise_date"
    """The debtor promised to pay without a date; waiting for it."""
    CONFIRM_OPT_OUT = "confirm_opt_out"
    """The debtor asked to stop; waiting for the confirmation."""
    AGENT = "agent"
    """Handed to a person: the bot stays quiet (opt-outs and taps still work)."""
    CLOSED = "closed"
    """Opted out: the bot never sends anything again."""


class TranscriptLine(Model):
    """One line of the recent transcript kept for the person who takes over."""

    at: AwareDatetime
    sender: Literal["debtor", "bot"]
    text: str


class ConversationState(Model):
    """Everything the bot remembers about one debtor's conversation: store it between turns.

    It is a frozen value that survives JSON (``state.model_dump_json()`` and
    ``ConversationState.model_validate_json(...)``). ``last_inbound_at`` opens the 24-hour
    window; ``offers`` are the plan ids shown on ``offers_on`` (the debtor's local date);
    ``unknown_count`` counts messages in a row the bot did not understand; ``intents`` and
    ``transcript`` are the recent history handed to a person.
    """

    debtor_id: str = Field(min_length=1)
    locale: str
    zone: str
    step: ConversationStep = ConversationStep.MENU
    last_inbound_at: AwareDatetime | None = None
    offers: tuple[str, ...] = ()
    offers_on: date | None = None
    unknown_count: int = Field(default=0, ge=0)
    opt_out_all: bool = False
    opted_out_channel: ChannelKind | None = None
    handed_off_at: AwareDatetime | None = None
    intents: tuple[IntentKind, ...] = ()
    transcript: tuple[TranscriptLine, ...] = ()

    @property
    def opted_out(self) -> bool:
        """True once the debtor confirmed the opt-out: the bot sends nothing more."""
        return self.step is ConversationStep.CLOSED

    def window_open(self, *, as_of: datetime) -> bool:
        """True when free-form replies may go out ``as_of``: less than 24 hours after the
        latest inbound message (only the debtor's messages open the window)."""
        return in_window(self.last_inbound_at, as_of=as_of)


class BotTemplates(Model):
    """The approved templates the bot names when the 24-hour window is closed.

    ``follow_up`` takes ``{{1}}`` the debtor's first name and ``{{2}}`` the creditor's name and
    invites a reply (which reopens the window), with quick-reply buttons whose payloads are
    menu ids (``menu:pay``...). ``opted_out`` confirms an opt-out with the same two parameters.
    ``language`` is the approved translation's code; by default the debtor's locale.
    """

    follow_up: str = Field(default="dunning_follow_up", min_length=1)
    opted_out: str = Field(default="dunning_opted_out", min_length=1)
    language: str | None = None


class Turn(NamedTuple):
    """What one inbound message produced: unpack it as ``state, replies, events``.

    A hand-off to a person is an :class:`~dunning.events.AgentHandoff` among the events (see
    :attr:`handoff`); :meth:`Conversation.notify` passes its summary to the host's callback.
    """

    state: ConversationState
    replies: tuple[Reply, ...]
    events: tuple[Event, ...]

    @property
    def handoff(self) -> AgentHandoff | None:
        """The hand-off to a person this turn asked for, if any."""
        for event in self.events:
            if isinstance(event, AgentHandoff):
                return event
        return None


# --------------------------------------------------------------------------- texts

_PUNCTUATION = re.compile(r"[^\w\s']")


@dataclass(frozen=True)
class _Texts:
    language: str
    texts: Mapping[str, str]
    summary: Mapping[str, str]
    words: Mapping[str, frozenset[str]]
    date_pattern: str
    day_pattern: str
    year_pattern: str

    def __call__(self, key: str, **values: object) -> str:
        return self.texts[key].format_map(values)


def _fold(text: str) -> str:
    """Folded (:func:`~dunning._core._text.fold`), without punctuation, single-spaced:
    ``"¡Sí!"`` → ``"si"``."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


@lru_cache(maxsize=32)
def _texts(locale: str) -> _Texts:
    parsed = parse_locale(locale)
    language, territory = parsed.language, parsed.territory or ""
    if language not in ("es", "pt", "en"):
        language = "en"
    raw = resources.files("dunning.conversation").joinpath(f"data/bot/{language}.toml")
    data: dict[str, Any] = tomllib.loads(raw.read_text(encoding="utf-8"))
    texts = dict(data["texts"])
    if territory.upper()[:2] in data.get("register", {}).get("usted", ()):
        texts.update(data["usted"])
    words = {k: frozenset(_fold(w) for w in v) for k, v in data["words"].items()}
    return _Texts(
        language=language,
        texts=texts,
        summary=dict(data["summary"]),
        words=words,
        date_pattern=data["format"]["date"],
        day_pattern=data["format"]["day"],
        year_pattern=data["format"]["date_year"],
    )


def _fit(limit: int, *candidates: str) -> str:
    """The first candidate within ``limit`` characters, else the last one shortened."""
    for text in candidates:
        if len(text) <= limit:
            return text
    return candidates[-1][: limit - 1].rstrip() + "…"


def _mentions(folded: str, phrases: frozenset[str]) -> bool:
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


def _param(value: str) -> str:
    """A template parameter Meta accepts: one line, no tabs, not empty."""
    return " ".join(value.split()) or "-"


def _handoff_summary(
    state: ConversationState, t: _Texts, debtor: Debtor, debts: Sequence[Debt], reason: str
) -> str:
    """What the person taking over needs: who, why, what is owed, what was said."""
    s = t.summary
    zone = get_zone(state.zone)
    contact = ", ".join(x for x in (debtor.phone, debtor.email) if x)
    lines = [
        s["title"],
        f"{s['debtor']}: {debtor.name} ({debtor.id})" + (f", {contact}" if contact else ""),
        f"{s['reason']}: {s[reason]}",
        f"{s['debts']}:",
    ]
    for debt in debts:
        due = f", {debt.due_date.isoformat()}" if debt.due_date else ""
        amount = format_money(debt.balance, state.locale)
        lines.append(f"- {debt.reference or debt.id}: {amount}{due}")
    if not debts:
        lines.append(f"- {s['none']}")
    intents = ", ".join(k.value for k in state.intents) or s["none"]
    lines.append(f"{s['intents']}: {intents}")
    lines.append(f"{s['messages']}:")
    for line in state.transcript:
        who = s["from_debtor"] if line.sender == "debtor" else s["from_bot"]
        when = line.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        lines.append(f"- [{when}] {who}: {' '.join(line.text.split())}")
    return "\n".join(lines)
