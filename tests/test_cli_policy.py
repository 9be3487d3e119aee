"""``dunning policy`` prints every rule of a built-in policy with its citation."""

from __future__ import annotations

import pytest

from dunning._cli import main


def test_policy_br_sp_shows_the_state_rules_with_their_citations(capsys):
    assert main(["policy", "BR", "--subdivision", "SP"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("BR-SP:")
    for citation in (
        "Lei estadual SP 15.426/2014 art. 2",  # hours
        "Lei estadual SP 14.953/2013",  # itemised amounts
        "Lei SP 13.226/2008",  # Procon block register
        "CDC (Lei 8.078/1990) art. 42-A",  # creditor identification
    ):
        assert citation in out
    assert "[law, medium]" in out and "[prudent, low]" in out


@pytest.mark.parametrize("written", ["SP", "sp", "São Paulo"])
def test_the_subdivision_may_be_positional_or_named_in_any_case(capsys, written):
    assert main(["policy", "BR", written]) == 0
    assert "Lei SP 13.226/2008" in capsys.readouterr().out


def test_the_year_lists_the_holidays(capsys):
    assert main(["policy", "CL", "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "2024-10-26 Elecciones regionales y municipales (día 1, Ley 21.693)" in out


def test_an_unknown_subdivision_is_an_error(capsys):
    assert main(["policy", "BR", "--subdivision", "Atlantis"]) == 2
    assert "Atlantis" in capsys.readouterr().err
