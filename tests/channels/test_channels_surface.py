"""The public surface of ``dunning.channels`` and its documentation page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dunning
import dunning._core._errors
import dunning.channels

ROOT = Path(__file__).resolve().parents[2]


def _isort_key(name: str) -> tuple[int, str]:  # the rule of tests/test_exported_members.py
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_all_is_sorted_and_complete():
    names = dunning.channels.__all__
    assert names == sorted(names, key=_isort_key)
    for name in names:
        assert hasattr(dunning.channels, name), name


def test_the_issue_names_are_exported():
    assert {
        "Channel",
        "AsyncChannel",
        "SendResult",
        "ChannelError",
        "RetryableError",
        "PermanentError",
        "OptedOutError",
        "NotOnChannelError",
        "WhatsAppCloudChannel",
        "AsyncWhatsAppCloudChannel",
        "TwilioSMSChannel",
        "AsyncTwilioSMSChannel",
        "SMTPEmailChannel",
        "MemoryChannel",
        "ConsoleChannel",
        "window_open",
    } <= set(dunning.channels.__all__)


def test_channel_errors_are_the_same_objects_at_the_top_level():
    for name in (
        "ChannelError",
        "RetryableError",
        "PermanentError",
        "OptedOutError",
        "NotOnChannelError",
    ):
        assert getattr(dunning, name) is getattr(dunning.channels, name)
        assert name in dunning.__all__


def test_the_error_tree_in_the_docstring_names_every_channel_error():
    tree = dunning._core._errors.__doc__ or ""
    for name in (
        "ChannelError",
        "RetryableError",
        "PermanentError",
        "OptedOutError",
        "NotOnChannelError",
    ):
        assert name in tree


def test_the_python_code_in_docs_channels_runs(monkeypatch, capsys):
    for name, value in {
        "WHATSAPP_PHONE_NUMBER_ID": "1055",
        "WHATSAPP_ACCESS_TOKEN": "EAAG-docs-token",
        "TWILIO_ACCOUNT_SID": "AC0001",
        "TWILIO_AUTH_TOKEN": "twilio-docs-token",
        "TWILIO_FROM": "+15005550006",
        "SMTP_HOST": "smtp.invalid",
        "SMTP_USERNAME": "robot",
        "SMTP_PASSWORD": "smtp-docs-password",
    }.items():
        monkeypatch.setenv(name, value)
    page = ROOT / "docs" / "channels.md"
    namespace: dict[str, object] = {}
    for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        exec(compile(block, str(page), "exec"), namespace)
    out = capsys.readouterr().out
    assert "throttled: 130429 400" in out
    assert "sms queued" not in out and "sms accepted" in out
    for secret in ("EAAG-docs-token", "twilio-docs-token", "smtp-docs-password"):
        assert secret not in out
    http = namespace["http"]
    http.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    [
        "WhatsAppCloudChannel",
        "TwilioSMSChannel",
        "SMTPEmailChannel",
        "MemoryChannel",
        "ConsoleChannel",
        "window_open",
    ],
)
def test_public_adapters_have_docstrings_with_examples(name):
    doc = getattr(dunning.channels, name).__doc__ or ""
    assert ">>>" in doc or (name in ("ConsoleChannel",) and ">>>" in doc)
