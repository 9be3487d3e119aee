"""The Hypothesis profiles of tests/conftest.py: what they set, and which one a run gets."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT_CONFTEST = Path(__file__).with_name("conftest.py").resolve()


@pytest.fixture
def hypothesis_profile(pytestconfig: pytest.Config) -> Callable[[Any], str]:
    """``tests/conftest.py``'s chooser, from the conftest pytest loaded (several conftest.py
    files share the module name ``conftest``: importing it by name is ambiguous)."""
    for plugin in pytestconfig.pluginmanager.get_plugins():
        if Path(getattr(plugin, "__file__", "") or "").resolve() == ROOT_CONFTEST:
            chooser: Callable[[Any], str] = plugin.hypothesis_profile
            return chooser
    raise AssertionError("tests/conftest.py is not loaded")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "false"}, "dev"),
        ({"CI": "0"}, "dev"),
        ({"CI": ""}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_the_profile_follows_hypothesis_profile_then_ci(hypothesis_profile, environ, expected):
    assert hypothesis_profile(environ) == expected


def test_the_loaded_profile_is_the_chosen_one(hypothesis_profile):
    assert settings.default == settings.get_profile(hypothesis_profile(os.environ))


def test_ci_is_derandomized_without_database_or_deadline_and_dev_explores():
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert ci.derandomize and ci.database is None and ci.deadline is None
    assert not dev.derandomize and dev.database is not None and dev.deadline is None
    assert dev.max_examples > ci.max_examples
