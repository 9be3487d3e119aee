"""Signed, expiring, single-purpose tokens: the portal's links, session cookies and form tokens.

A token is ``<payload>.<signature>``, both base64url without padding. The payload is compact
JSON: ``{"d": debtor id, "p": purpose, "e": expiry (Unix seconds), "n": nonce}``. The signature
is HMAC-SHA256 over the payload with a key **derived per kind** from the integrator's secret
(``HMAC(secret, "dunning.portal/<kind>")``), so a link is never accepted as a session cookie and
a session cookie never as a link, even though both are signed with the same secret. Signatures
are compared in constant time (:func:`hmac.compare_digest`), and a token is checked before its
payload is parsed.

Several secrets rotate keys: the first signs, every one verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .._core._errors import InputError, LinkError

__all__ = ["Signer", "TokenData", "nonce", "secrets_of"]

_MIN_SECRET_BYTES = 32
_MAX_TOKEN_CHARS = 2048


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class TokenData:
    """What a verified token says: the debtor, the purpose, when it expires and its nonce."""

    debtor_id: str
    purpose: str
    expires: datetime
    nonce: str


class Signer:
    """Signs and verifies tokens of one ``kind`` (``"link"``, ``"session"``, ``"csrf"``)."""

    __slots__ = ("_keys", "kind")

    def __init__(self, secrets_: Sequence[bytes], *, kind: str) -> None:
        self.kind = kind
        label = f"dunning.portal/{kind}".encode()
        self._keys = tuple(hmac.new(s, label, hashlib.sha256).digest() for s in secrets_)

    def __repr__(self) -> str:
        return f"Signer(kind={self.kind!r})"  # never the keys

    def _mac(self, key: bytes, payload: str) -> bytes:
        return hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()

    def tag(self, text: str) -> str:
        """A MAC of ``text`` (a session's form token is the tag of its nonce)."""
        return _b64(self._mac(self._keys[0], text))

    def check_tag(self, text: str, tag: object) -> bool:
        """Whether ``tag`` is :meth:`tag` of ``text`` under any key (constant time)."""
        if not isinstance(tag, str) or len(tag) > 128:
            return False
        try:
            given = _unb64(tag)
        except (binascii.Error, ValueError):
            return False
        if _b64(given) != tag:
            return False
        good = False
        for key in self._keys:
            good |= hmac.compare_digest(self._mac(key, text), given)
        return good

    def sign(self, debtor_id: str, purpose: str, *, expires: datetime, nonce: str = "") -> str:
        """A token for ``debtor_id`` and ``purpose``, valid until ``expires`` (aware)."""
        body = {"d": debtor_id, "p": purpose, "e": int(expires.timestamp()), "n": nonce}
        payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode("utf-8"))
        return f"{payload}.{_b64(self._mac(self._keys[0], payload))}"

    def verify(self, token: str, *, purposes: Sequence[str], as_of: datetime) -> TokenData:
        """The token's data, or :class:`~dunning.LinkError` saying why it cannot be trusted:
        garbled, a wrong signature (tampered or another kind), expired at ``as_of``, or a
        purpose not in ``purposes``. The error never quotes the token."""
        if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS or token.count(".") != 1:
            raise LinkError(f"not a portal {self.kind} token", reason="malformed")
        payload, _, signature = token.partition(".")
        try:
            given = _unb64(signature)
            payload.encode("ascii")
        except (binascii.Error, ValueError, UnicodeError):
            raise LinkError(f"not a portal {self.kind} token", reason="malformed") from None
        # Only the canonical spelling of a signature is accepted: base64 decoders skip stray
        # characters and ignore the last character's spare bits, so two strings could decode
        # to the same MAC, and a changed token must never be a valid one.
        if _b64(given) != signature:
            raise LinkError(f"not a portal {self.kind} token", reason="malformed")
        # Check every key (no early exit) so timing does not say which one matched.
        good = False
        for key in self._keys:
            good |= hmac.compare_digest(self._mac(key, payload), given)
        if not good:
            raise LinkError(f"the {self.kind} token's signature is wrong", reason="signature")
        try:
            body: Any = json.loads(_unb64(payload))
            debtor_id, purpose, expiry, nonce = body["d"], body["p"], body["e"], body["n"]
            if not (
                isinstance(debtor_id, str)
                and isinstance(purpose, str)
                and type(expiry) is int
                and isinstance(nonce, str)
            ):
                raise TypeError
            expires = datetime.fromtimestamp(expiry, UTC)
        except (ValueError, KeyError, TypeError, OverflowError, OSError):
            raise LinkError(f"not a portal {self.kind} token", reason="malformed") from None
        if as_of >= expires:
            raise LinkError(f"the {self.kind} token expired", reason="expired")
        if purpose not in purposes:
            raise LinkError(
                f"the {self.kind} token is for {purpose!r}, not {' or '.join(purposes)}",
                reason="purpose",
            )
        return TokenData(debtor_id, purpose, expires, nonce)


def secrets_of(secret: str | bytes | Sequence[str | bytes]) -> tuple[bytes, ...]:
    """The secret (or secrets, newest first) as bytes, each at least 32 bytes long."""
    items = [secret] if isinstance(secret, str | bytes) else list(secret)
    if not items:
        raise InputError("give the portal at least one secret", field="secret")
    keys = []
    for i, item in enumerate(items):
        raw = item.encode("utf-8") if isinstance(item, str) else item
        if not isinstance(raw, bytes) or len(raw) < _MIN_SECRET_BYTES:
            # Never echo the secret itself, only its length.
            raise InputError(
                f"secret {i} has {len(raw) if isinstance(raw, bytes) else 0} bytes; use at least "
                f"{_MIN_SECRET_BYTES} random bytes (secrets.token_urlsafe(32))",
                field="secret",
            )
        keys.append(raw)
    return tuple(keys)


def nonce() -> str:
    """A fresh random nonce for a session (its CSRF token is derived from it)."""
    return secrets.token_urlsafe(16)
