"""SMTP e-mail adapter against a real aiosmtpd server with STARTTLS and AUTH on 127.0.0.1."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime

import pytest
from fake_smtp import SMTP_PASSWORD, SMTP_USER, FakeSMTP, free_port
from samples import message

from dunning import InputError, NotOnChannelError, PermanentError, RetryableError
from dunning.channels import EMAIL_POLICY, Channel, SMTPEmailChannel

LONG_TOKEN = "Zm9vYmFyYmF6cXV4" * 8  # 128 characters: long enough to be folded by default


def channel_for(smtpd: FakeSMTP, **kw: object) -> SMTPEmailChannel:
    options: dict[str, object] = {
        "host": smtpd.host,
        "port": smtpd.port,
        "username": SMTP_USER,
        "password": SMTP_PASSWORD,
        "from_address": "Tienda Sur <cobros@tienda.example>",
        "ssl_context": smtpd.client_context(),
        "unsubscribe_url": lambda m: f"https://tienda.example/unsubscribe/{LONG_TOKEN}/{m.id}",
        "unsubscribe_mailto": "baja@tienda.example",
        "timeout": 5.0,
        **kw,
    }
    return SMTPEmailChannel(**options)  # type: ignore[arg-type]


def test_the_email_arrives_over_starttls_with_both_parts_and_unfolded_headers(smtpd):
    result = channel_for(smtpd).send(message("email"))

    [received] = smtpd.received
    assert received.tls
    assert received.mail_from == "cobros@tienda.example"
    assert received.rcpt_tos == ["ana@example.cl"]
    email = received.message
    assert email["Subject"] == "Tu cuenta F-1001 vence hoy"
    assert email["To"] == "ana@example.cl"
    assert email.get_content_type() == "multipart/alternative"
    plain, html = email.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert plain.get_content().strip() == (
        "Tienda Sur: Hola Ana, hoy vence tu cuenta F-1001 por $45.000."
    )
    assert html.get_content_type() == "text/html"
    assert "<p>Tienda Sur: Hola Ana" in html.get_content()

    raw_headers = received.content.split(b"\r\n\r\n", 1)[0].decode()
    unsubscribe = (
        f"List-Unsubscribe: <https://tienda.example/unsubscribe/{LONG_TOKEN}"
        "/m-email-1>, <mailto:baja@tienda.example?subject=unsubscribe%20m-email-1>"
    )
    assert unsubscribe in raw_headers.splitlines()  # one line: neither folded nor encoded
    assert "=?utf-8?" not in raw_headers
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw_headers.splitlines()
    assert email["Message-ID"] == "<m-email-1@tienda.example>"
    assert result.provider_id == "<m-email-1@tienda.example>"
    assert (result.status, result.channel) == ("accepted", "email")


def test_the_message_id_is_stable_across_sends(smtpd):
    channel = channel_for(smtpd)
    channel.send(message("email"))
    channel.send(message("email"))
    first, second = (r.message["Message-ID"] for r in smtpd.received)
    assert first == second == channel.message_id(message("email"))
    assert first != channel.message_id(message("email", id="m-email-2"))


def test_a_message_id_with_odd_characters_becomes_a_hash():
    channel = SMTPEmailChannel(host="smtp.invalid", from_address="cobros@tienda.example")
    odd = channel.message_id(message("email", id="debt 1 <x>"))
    assert odd == channel.message_id(message("email", id="debt 1 <x>"))
    assert odd.startswith("<") and odd.endswith("@tienda.example>")
    assert " " not in odd and odd.count("<") == 1


def test_the_default_policy_would_have_broken_the_header():
    """Why EMAIL_POLICY exists: the default policy RFC 2047-encodes a long List-Unsubscribe."""
    from email.message import EmailMessage
    from email.policy import SMTP

    value = f"<https://tienda.example/unsubscribe/{LONG_TOKEN}>"
    broken, kept = EmailMessage(policy=SMTP), EmailMessage(policy=EMAIL_POLICY)
    for email in (broken, kept):
        email["List-Unsubscribe"] = value
        email.set_content("x")
    assert "=?utf-8?" in broken.as_string()
    assert f"List-Unsubscribe: {value}\r\n" in kept.as_string()


def test_without_an_https_url_there_is_no_one_click_header():
    channel = SMTPEmailChannel(
        host="smtp.invalid",
        from_address="cobros@tienda.example",
        unsubscribe_mailto=lambda m: "mailto:baja@tienda.example",
    )
    email = channel.build(message("email"), at=datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert email["List-Unsubscribe"] == "<mailto:baja@tienda.example>"
    assert email["List-Unsubscribe-Post"] is None
    assert email["Date"] == "Mon, 23 Nov 2026 12:00:00 +0000"
    assert email["Auto-Submitted"] == "auto-generated"
    assert email["Content-Language"] == "es-CL"


def test_text_only_content_makes_a_single_part_email():
    channel = SMTPEmailChannel(host="smtp.invalid", from_address="cobros@tienda.example")
    email = channel.build(message("email", content_html=None))
    assert email.get_content_type() == "text/plain"
    assert email["List-Unsubscribe"] is None


@pytest.mark.parametrize(
    ("to", "error", "code"),
    [
        ("nobody@example.org", NotOnChannelError, 550),
        ("busy@example.org", RetryableError, 451),
        ("blocked@example.org", PermanentError, 554),
    ],
)
def test_smtp_replies_are_classified_4xx_retryable_5xx_permanent(smtpd, to, error, code):
    with pytest.raises(error) as caught:
        channel_for(smtpd).send(message("email", to=to))
    assert type(caught.value) is error
    assert caught.value.provider_code == code
    assert caught.value.message_id == "m-email-1"
    assert smtpd.received == []


def test_a_wrong_password_is_permanent(smtpd):
    with pytest.raises(PermanentError) as caught:
        channel_for(smtpd, password="not-the-password").send(message("email"))
    assert caught.value.provider_code == 535


def test_a_server_that_requires_starttls_refuses_a_plain_session(smtpd):
    with pytest.raises(PermanentError) as caught:
        channel_for(smtpd, starttls=False, username=None).send(message("email"))
    assert caught.value.provider_code == 530


def test_an_untrusted_certificate_is_permanent(smtpd):
    with pytest.raises(PermanentError, match="not trusted"):
        channel_for(smtpd, ssl_context=ssl.create_default_context()).send(message("email"))


def test_a_refused_connection_is_retryable_and_nothing_was_sent(smtpd):
    with pytest.raises(RetryableError, match="ConnectionRefusedError") as caught:
        channel_for(smtpd, port=free_port()).send(message("email"))
    assert caught.value.may_have_sent is False


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"content_subject": None}, "no subject"),
        ({"to": "ana@example.cl\r\nBcc: everyone@example.org"}, "headers"),
        ({"channel": "sms"}, "is for sms, not email"),
    ],
)
def test_messages_that_cannot_be_built_fail_before_connecting(changes, reason):
    channel = SMTPEmailChannel(
        host="127.0.0.1", port=free_port(), from_address="cobros@tienda.example"
    )
    with pytest.raises(PermanentError, match=reason):
        channel.send(message("email", **changes))


def test_configuration_mistakes_are_refused_up_front():
    with pytest.raises(InputError, match="https"):
        SMTPEmailChannel(host="h", from_address="a@b.example", unsubscribe_url="http://b.example/u")
    with pytest.raises(InputError, match="in clear"):
        SMTPEmailChannel(
            host="h", from_address="a@b.example", username="u", password="p", starttls=False
        )
    with pytest.raises(InputError, match="address"):
        SMTPEmailChannel(host="h", from_address="Tienda Sur")


def test_an_unsubscribe_function_must_return_https():
    channel = SMTPEmailChannel(
        host="h", from_address="a@b.example", unsubscribe_url=lambda m: "http://b.example/u"
    )
    with pytest.raises(PermanentError, match="https"):
        channel.build(message("email"))


def test_smtp_channel_is_a_channel():
    assert isinstance(SMTPEmailChannel(host="h", from_address="a@b.example"), Channel)


# --- RFC 2047 / 5322 folding, 8BITMIME and SMTPUTF8, non-ASCII credentials ----------------------

import email as email_lib  # noqa: E402
import re  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from fake_smtp import UNICODE_PASSWORD, UNICODE_USER  # noqa: E402

LONG_SUBJECT = (
    "Recordatorio: tu cuenta con Tienda Sur vence mañana, José Ñúñez; págala hoy "
    "en https://tienda.example/pagar y evita cargos adicionales — ¡gracias! ✓" * 2
)
ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=")


@pytest.fixture
def plain_7bit() -> Iterator[FakeSMTP]:
    server = FakeSMTP(eight_bit=False).start()
    yield server
    server.stop()


def _headers(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_a_long_non_ascii_subject_is_folded_into_short_encoded_words(smtpd):
    channel_for(smtpd).send(message("email", content_subject=LONG_SUBJECT))
    [received] = smtpd.received
    lines = _headers(received.content)
    words = [w for line in lines for w in ENCODED_WORD.findall(line)]
    assert len(words) > 3 and all(len(w) <= 75 for w in words)  # RFC 2047 section 2
    for line in lines:
        if not line.startswith(b"List-Unsubscribe:"):
            assert len(line) <= 78  # RFC 5322 section 2.1.1
        assert line.isascii()
    decoded = email_lib.message_from_bytes(received.content, policy=email_lib.policy.default)
    assert decoded["Subject"] == LONG_SUBJECT


def test_built_headers_use_the_same_folding():
    channel = SMTPEmailChannel(host="smtp.invalid", from_address="Cobranza Ñuñoa <c@t.example>")
    built = channel.build(message("email", content_subject=LONG_SUBJECT))
    raw = built.as_bytes()
    assert all(len(w) <= 75 for w in ENCODED_WORD.findall(raw))
    assert str(email_lib.message_from_bytes(raw, policy=email_lib.policy.default)["Subject"]) == (
        LONG_SUBJECT
    )


def test_8bit_bodies_are_declared_to_a_server_that_offers_8bitmime(smtpd):
    text = "Hola Ana: tu cuenta vence mañana. Págala en línea."
    channel_for(smtpd).send(message("email", content_text=text, content_html=f"<p>{text}</p>"))
    [received] = smtpd.received
    assert "BODY=8BITMIME" in received.mail_options
    assert b"Content-Transfer-Encoding: 8bit" in received.content
    assert "mañana".encode() in received.content
    plain = next(received.message.iter_parts())
    assert plain.get_content().strip() == text


def test_a_server_without_8bitmime_gets_a_7bit_message(plain_7bit):
    text = "Hola Ana: tu cuenta vence mañana. Págala en línea."
    channel_for(plain_7bit).send(message("email", content_text=text, content_html=f"<p>{text}</p>"))
    [received] = plain_7bit.received
    assert not any(o.upper().startswith("BODY=8BITMIME") for o in received.mail_options)
    assert all(byte < 0x80 for byte in received.content)  # every octet 7-bit (RFC 5321)
    assert b"Content-Transfer-Encoding: quoted-printable" in received.content
    plain, html = received.message.iter_parts()
    assert plain.get_content().strip() == text and text in html.get_content()


def test_an_ascii_body_needs_no_8bitmime(smtpd):
    channel_for(smtpd).send(message("email"))
    [received] = smtpd.received
    assert not any(o.upper().startswith("BODY=") for o in received.mail_options)
    assert all(byte < 0x80 for byte in received.content)


def test_build_defaults_to_7bit_parts():
    channel = SMTPEmailChannel(host="smtp.invalid", from_address="c@t.example")
    built = channel.build(message("email", content_text="cuánto debo"))
    assert all(byte < 0x80 for byte in built.as_bytes())
    eight = channel.build(message("email", content_text="cuánto debo"), eight_bit=True)
    assert "cuánto".encode() in eight.as_bytes()


def test_a_non_ascii_password_logs_in_with_utf8_auth_plain(smtpd):
    channel_for(smtpd, username=UNICODE_USER, password=UNICODE_PASSWORD).send(message("email"))
    assert len(smtpd.received) == 1


def test_a_wrong_non_ascii_password_is_permanent_and_never_quoted(smtpd):
    with pytest.raises(PermanentError) as caught:
        channel_for(smtpd, username=UNICODE_USER, password="contraseña-equivocada").send(
            message("email")
        )
    assert caught.value.provider_code == 535
    assert not isinstance(caught.value.__cause__, UnicodeError)
    assert "equivocada" not in str(caught.value) + repr(caught.value.__cause__)


def test_a_non_ascii_password_without_auth_plain_is_refused_without_it():
    server = FakeSMTP(auth_exclude=("PLAIN",)).start()
    try:
        with pytest.raises(PermanentError, match="AUTH PLAIN") as caught:
            channel_for(server, username=UNICODE_USER, password=UNICODE_PASSWORD).send(
                message("email")
            )
    finally:
        server.stop()
    assert UNICODE_PASSWORD not in str(caught.value)
    assert caught.value.__cause__ is None or not isinstance(caught.value.__cause__, UnicodeError)


def test_a_non_ascii_address_needs_smtputf8(smtpd):
    to = "josé@tienda.example"
    with pytest.raises(PermanentError, match="SMTPUTF8"):
        channel_for(smtpd).send(message("email", to=to))
    assert smtpd.received == []
    server = FakeSMTP(smtputf8=True).start()
    try:
        channel_for(server).send(
            message("email", to=to, content_text="Hola José, tu cuenta vence mañana.")
        )
        [received] = server.received
    finally:
        server.stop()
    assert received.rcpt_tos == [to]
    assert "SMTPUTF8" in received.mail_options
