"""Link tokens: any change to a token's text is refused, checked over random edits."""

from __future__ import annotations

import string
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning import LinkError
from dunning.portal._tokens import Signer

from .conftest import NOW, SECRET

SIGNER = Signer([SECRET.encode()], kind="link")
ALPHABET = string.ascii_letters + string.digits + "-_.=+/!%~"


@given(
    debtor_id=st.text(min_size=1, max_size=40),
    purpose=st.sampled_from(["account", "plan", "preferences"]),
    minutes=st.integers(min_value=1, max_value=90 * 24 * 60),
    data=st.data(),
)
def test_every_edit_of_a_token_is_refused(debtor_id, purpose, minutes, data):
    token = SIGNER.sign(debtor_id, purpose, expires=NOW + timedelta(minutes=minutes), nonce="n")
    verified = SIGNER.verify(token, purposes=[purpose], as_of=NOW)
    assert (verified.debtor_id, verified.purpose) == (debtor_id, purpose)
    edit = data.draw(st.sampled_from(["replace", "insert", "delete", "append"]))
    at = data.draw(st.integers(min_value=0, max_value=len(token) - 1))
    char = data.draw(st.sampled_from(ALPHABET))
    changed = {
        "replace": token[:at] + char + token[at + 1 :],
        "insert": token[:at] + char + token[at:],
        "delete": token[:at] + token[at + 1 :],
        "append": token + char,
    }[edit]
    if changed == token:
        return
    with pytest.raises(LinkError) as caught:
        SIGNER.verify(changed, purposes=[purpose], as_of=NOW)
    assert caught.value.reason in ("malformed", "signature")


def test_a_token_of_one_kind_is_never_valid_as_another():
    session = Signer([SECRET.encode()], kind="session")
    token = SIGNER.sign("c-1", "account", expires=NOW + timedelta(hours=1))
    with pytest.raises(LinkError, match="signature"):
        session.verify(token, purposes=["account"], as_of=NOW)


def test_a_form_tag_must_be_the_exact_canonical_text():
    csrf = Signer([SECRET.encode()], kind="csrf")
    tag = csrf.tag("nonce")
    assert csrf.check_tag("nonce", tag)
    assert not csrf.check_tag("other", tag)
    assert not csrf.check_tag("nonce", tag + "!")
    assert not csrf.check_tag("nonce", None)
    last = tag[-1]
    # the last base64 character carries spare bits: its neighbours decode to the same bytes
    sibling = string.ascii_letters + string.digits + "-_"
    twin = tag[:-1] + sibling[sibling.index(last) ^ 1]
    assert not csrf.check_tag("nonce", twin)
