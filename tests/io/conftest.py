"""Fixtures shared by the ``dunning.io`` tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dunning._planning import _groups as grouping


@pytest.fixture(scope="module", params=["events", "columns"])
def histories_both_ways(request: pytest.FixtureRequest) -> Iterator[str]:
    """The module's tests run twice: with the loaders' default, and with every history held as
    columns (``COLUMNS_FROM`` 0), which must read, check and report alike."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "columns":
            patch.setattr(grouping, "COLUMNS_FROM", 0)
        yield request.param
