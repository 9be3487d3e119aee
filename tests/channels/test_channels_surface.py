"""The public surface of ``dunning.channels`` and its documentation page."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fake_providers import (
    TWILIO_FROM,
    TWILIO_SID,
    TWILIO_TOKEN,
    WA_PHONE_ID,
    WA_TOKEN,
    FakeProviders,
)
from fake_smtp import SMTP_PASSWORD, SMTP_USER, FakeSMTP

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


def test_the_python_code_in_docs_channels_runs(
    monkeypatch, capsys, tmp_path, providers: FakeProviders, smtpd: FakeSMTP
):
    """Every block of docs/channels.md, in order, in one namespace: the WhatsApp, Twilio and
    SMTP examples send through the local fakes (127.0.0.1), which accept exactly one message
    each; the fakes check the credentials, so the examples' wiring is what is tested."""
    ca_file = tmp_path / "ca.pem"
    smtpd.ca.cert_pem.write_to_path(str(ca_file))
    for name, value in {
        "WHATSAPP_PHONE_NUMBER_ID": WA_PHONE_ID,
        "WHATSAPP_ACCESS_TOKEN": WA_TOKEN,
        "WHATSAPP_API_URL": providers.url,
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_FROM": TWILIO_FROM,
        "TWILIO_API_URL": providers.url,
        "SMTP_HOST": smtpd.host,
        "SMTP_PORT": str(smtpd.port),
        "SMTP_USERNAME": SMTP_USER,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "SMTP_CA_FILE": str(ca_file),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TWILIO_MESSAGING_SERVICE_SID", raising=False)
    page = ROOT / "docs" / "channels.md"
    namespace: dict[str, object] = {}
    try:
        for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            exec(compile(block, str(page), "exec"), namespace)
    finally:
        http = namespace.get("http")
        if isinstance(http, httpx.Client):
            http.close()
    out = capsys.readouterr().out
    assert "throttled: 130429 400" in out
    assert "sms queued" not in out and "sms accepted" in out
    assert re.search(r"^accepted wamid\.FAKE\d+$", out, re.M), out
    assert re.search(r"^queued SM\d{32}$", out, re.M), out
    assert re.search(r"^accepted <[^>]+@[^>]+>$", out, re.M), out
    for secret in (WA_TOKEN, TWILIO_TOKEN, SMTP_PASSWORD):
        assert secret not in out
    whatsapp, twilio = (
        [r for r in providers.accepted if r.path.endswith(tail)]
        for tail in ("/messages", "/Messages.json")
    )
    assert len(whatsapp) == 1 and whatsapp[0].json["type"] == "text"  # the window was open
    assert len(twilio) == 1 and twilio[0].form["To"] == "+56961234567"
    assert [r.rcpt_tos for r in smtpd.received] == [["ana@example.cl"]]
    assert smtpd.received[0].tls


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
