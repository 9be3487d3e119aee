"""The law holds for what is sent: a message about a debt with fees or interest applied must
show them apart from the debt where a content rule of the policy asks for that (Chile's
``collection_information``, Ley 19.496 art. 37 with Ley 21.062; the ``amount_itemisation`` of
São Paulo's and Rio de Janeiro's laws)."""

from __future__ import annotations

from .._core._content import RenderedContent
from .._core._format import format_money
from .._core._models import Creditor
from .._core._money import Money
from ..policy import ContactPolicy, Source
from ._plan import Message

__all__ = ["ITEMISING", "charges_gap"]

ITEMISING = frozenset({"collection_information", "amount_itemisation"})
"""Content rule elements that ask collection messages to show interest and fees apart."""


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def charges_gap(
    policy: ContactPolicy, creditor: Creditor, message: Message, content: RenderedContent
) -> tuple[str, Source] | None:
    """``(reason, source)`` when ``content`` does not show, for each debt of ``message`` with
    charges, its collection costs and its interest (each total, as the locale writes it), and a
    rule of ``policy`` on that channel asks for them; ``None`` otherwise."""
    if not any(line.charges for line in message.debts):
        return None
    rule = next(
        (
            r
            for r in policy.content
            if r.element in ITEMISING and content.channel in r.channels and r.applies_to(creditor)
        ),
        None,
    )
    if rule is None:
        return None
    whole = _plain(" ".join(t for t in (content.subject, content.text, content.html) if t))
    for line in message.debts:
        for kind in ("collection_fee", "interest"):
            amounts = [c.amount for c in line.charges if c.kind == kind]
            if not amounts:
                continue
            total = sum(amounts[1:], amounts[0])
            assert isinstance(total, Money)
            shown = _plain(format_money(total, content.locale))
            if shown not in whole:
                what = "collection costs" if kind == "collection_fee" else "interest"
                return (
                    f"does not show the {what} of {total} applied to debt {line.debt_id} apart "
                    f"from it: {rule.description} is required by {rule.source.citation}",
                    rule.source,
                )
    return None
