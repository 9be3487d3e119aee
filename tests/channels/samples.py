"""Messages for the channel tests: the library's sample message, changed where a test needs."""

from __future__ import annotations

from typing import Any

from dunning import Message
from dunning.channels._memory import sample_message


def message(kind: str, /, **changes: Any) -> Message:
    """The sample message for channel ``kind`` with ``changes``.

    ``content_text=...`` and other ``content_*`` keys change the rendered content.
    """
    base = sample_message(kind)
    content = {
        k.removeprefix("content_"): v for k, v in changes.items() if k.startswith("content_")
    }
    data = base.model_dump()
    data.update({k: v for k, v in changes.items() if not k.startswith("content_")})
    if content:
        data["content"].update(content)
    return Message.model_validate(data)  # validated, like a message from the planner
