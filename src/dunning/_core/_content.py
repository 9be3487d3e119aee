"""Rendered message content (what a message says), shared by the planner and the templates."""

from __future__ import annotations

from pydantic import Field

from ._base import Model
from ._kinds import ChannelKind

__all__ = ["RenderedContent", "WhatsAppPayload", "WhatsAppTemplate"]


class WhatsAppTemplate(Model):
    """A template approved by Meta, and how to fill it.

    ``name`` and ``language`` must match the approved template exactly (``"es_MX"``).
    ``parameters`` are Jinja expressions evaluated (in the sandbox) against the message context,
    in the order of the approved body's ``{{1}}``, ``{{2}}``...; ``body`` is that approved text,
    kept for previews and for the linter's parameter count.

    >>> WhatsAppTemplate(name="recordatorio_pago", language="es_MX",
    ...                  parameters=("debtor.first_name", "total|money"),
    ...                  body="Hola {{1}}, tu saldo es {{2}}.").name
    'recordatorio_pago'
    """

    name: str = Field(min_length=1)
    language: str = Field(min_length=2)
    parameters: tuple[str, ...] = ()
    body: str | None = None


class WhatsAppPayload(Model):
    """The approved template to send outside the 24-hour window, with its filled parameters."""

    name: str
    language: str
    parameters: tuple[str, ...]


class RenderedContent(Model):
    """What a message says, ready for its channel.

    ``text`` is the SMS/WhatsApp body or the e-mail's plain-text part; ``subject`` and ``html``
    are set for e-mail; ``whatsapp`` is the approved template (name, language, parameters) to use
    when the 24-hour window is closed. ``template`` is the file that produced ``text`` (after
    locale fallback) and ``locale`` the locale it was formatted in.
    """

    channel: ChannelKind
    locale: str
    template: str
    text: str
    subject: str | None = None
    html: str | None = None
    whatsapp: WhatsAppPayload | None = None
