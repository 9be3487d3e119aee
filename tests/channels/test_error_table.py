"""The one error-translation table, checked against the shared channel reference.

The expectations below are copied from ``shared/reference/channels.md`` (sections 1.10, 2.6, 2.7
and the retry summary of section 6), not derived from the table: a row that drifts from the
providers' documented meaning fails here. The public classifiers must agree with the table.
"""

from __future__ import annotations

import pytest

from dunning import NotOnChannelError, OptedOutError, PermanentError, RetryableError
from dunning.channels import classify_twilio_error, classify_whatsapp_error
from dunning.channels._error_table import TWILIO_ERRORS, WHATSAPP_ERRORS
from dunning.channels._memory import sample_message

# Section 6, "Retry" and "Defer" columns, WhatsApp.
WHATSAPP_RETRY = {130429: None, 131056: 6.0, 4: None, 80007: None, 131057: 60.0, 131000: None}
WHATSAPP_RETRY |= {131016: None, 2: None, 1: None, 131049: 24 * 3600.0}
# Section 6, "Never retry" column, WhatsApp (132xxx and 200-299 sampled).
WHATSAPP_NEVER = [131047, 131048, 131042, 131031, 368, 130497, 131008, 131009, 100]
WHATSAPP_NEVER += [132000, 132001, 132005, 132007, 132015, 132016, 190, 0, 10, 200, 299]


@pytest.mark.parametrize(("code", "backoff"), sorted(WHATSAPP_RETRY.items()))
def test_whatsapp_retry_codes_are_retryable_even_as_http_400(code, backoff):
    error = classify_whatsapp_error(
        400, {"error": {"code": code, "message": "x"}}, message=sample_message("whatsapp")
    )
    assert type(error) is RetryableError
    assert error.retry_after == backoff
    assert error.may_have_sent is False
    assert WHATSAPP_ERRORS.rule(400, code).error is RetryableError


@pytest.mark.parametrize("code", WHATSAPP_NEVER)
@pytest.mark.parametrize("status", [400, 403, 500, 503])
def test_whatsapp_never_retry_codes_are_permanent_whatever_the_status(code, status):
    error = classify_whatsapp_error(
        status, {"error": {"code": code, "message": "x"}}, message=sample_message("whatsapp")
    )
    assert type(error) is PermanentError


def test_whatsapp_debtor_meanings():
    message = sample_message("whatsapp")
    assert type(classify_whatsapp_error(400, {"error": {"code": 131050}}, message=message)) is (
        OptedOutError
    )
    assert type(classify_whatsapp_error(400, {"error": {"code": 131026}}, message=message)) is (
        NotOnChannelError
    )


@pytest.mark.parametrize(
    ("status", "body", "expected", "may_have_sent"),
    [
        (500, {"error": {"message": "x"}}, RetryableError, True),
        (400, {"error": {"message": "x", "is_transient": True}}, RetryableError, True),
        (429, {"error": {"message": "x"}}, RetryableError, False),
        (400, {"error": {"message": "x"}}, PermanentError, None),
        (502, {"nothing": 1}, RetryableError, True),
        (400, None, RetryableError, False),
    ],
)
def test_whatsapp_without_a_code_the_status_decides(status, body, expected, may_have_sent):
    error = classify_whatsapp_error(status, body, message=sample_message("whatsapp"))
    assert type(error) is expected
    if may_have_sent is not None:
        assert error.may_have_sent is may_have_sent


# Section 2.7 / 6, Twilio.
TWILIO_NEVER = [21211, 21606, 21408, 21608, 21619, 20003, 63016]


@pytest.mark.parametrize(
    ("status", "code", "expected", "may_have_sent"),
    [
        (400, 21610, OptedOutError, None),
        (500, 21610, OptedOutError, None),
        (400, 21612, NotOnChannelError, None),
        (400, 21614, NotOnChannelError, None),
        (429, None, RetryableError, False),
        (429, 20429, RetryableError, False),
        (400, 20429, RetryableError, False),
        (503, 20429, RetryableError, False),
        (500, None, RetryableError, True),
        (503, 30001, RetryableError, True),
    ],
)
def test_twilio_code_first_then_status(status, code, expected, may_have_sent):
    body = {"message": "x"} if code is None else {"code": code, "message": "x"}
    error = classify_twilio_error(status, body, message=sample_message("sms"))
    assert type(error) is expected
    assert error.provider_code == code
    if may_have_sent is not None:
        assert error.may_have_sent is may_have_sent


@pytest.mark.parametrize("code", TWILIO_NEVER)
def test_twilio_never_retry_codes_are_permanent(code):
    error = classify_twilio_error(400, {"code": code}, message=sample_message("sms"))
    assert type(error) is PermanentError


def test_twilio_quoted_codes_are_read():
    error = classify_twilio_error(400, {"code": "21610"}, message=sample_message("sms"))
    assert type(error) is OptedOutError and error.provider_code == 21610


def test_opt_out_codes_of_statuses_are_the_tables():
    assert TWILIO_ERRORS.codes_for(OptedOutError) == {21610}
    assert WHATSAPP_ERRORS.codes_for(OptedOutError) == {131050}


def test_every_row_documents_its_meaning():
    for table in (WHATSAPP_ERRORS, TWILIO_ERRORS):
        for code, rule in table.codes.items():
            assert rule.meaning.strip(), (table.provider, code)
            assert issubclass(rule.error, RetryableError | PermanentError)
            assert rule.backoff is None or issubclass(rule.error, RetryableError)
