"""Visits (issue 18): a debtor's postal address, read from portfolio files, used by visit tasks."""

from __future__ import annotations

import pytest

from dunning import ChannelKind, Debtor, InputError
from dunning.io import read_records


def test_the_address_is_the_visit_address_and_only_that():
    d = Debtor(id="c-1", name="Rosa", country="CL", address="  Av. Matta 123,\n Santiago ")
    assert d.address == "Av. Matta 123, Santiago"
    assert d.address_for(ChannelKind.VISIT) == d.address
    assert d.address_for(ChannelKind.LETTER) is None  # letters are not planned from it (yet)
    assert Debtor(id="c-2", name="Bo", country="CL").address_for("visit") is None
    with pytest.raises(InputError):
        Debtor(id="c-3", name="Bo", country="CL", address=" \n ")
    with pytest.raises(InputError):
        Debtor(id="c-3", name="Bo", country="CL", address="x" * 501)


def test_portfolio_files_read_the_address_column_and_report_a_bad_one():
    row = {
        "debtor_id": "c-1",
        "name": "Rosa",
        "country": "CL",
        "debt_id": "F-1",
        "amount": "9000",
        "currency": "CLP",
        "due_date": "2026-11-23",
    }
    portfolio = read_records([{**row, "address": "Av. Matta 123, Santiago"}])
    assert portfolio.debtors[0].address == "Av. Matta 123, Santiago"
    bad = read_records([{**row, "address": "x" * 600}])
    assert [(e.line, e.column) for e in bad.errors] == [(1, "address")]
