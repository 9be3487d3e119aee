"""The public surface is one sorted ``__all__`` per public module; private modules start with _."""

from __future__ import annotations

import importlib
import types

import pytest

import dunning
import dunning.events
import dunning.policy


def _isort_key(name: str) -> tuple[int, str]:
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_all_is_sorted_and_complete():
    for module in (dunning, dunning.events, dunning.policy):
        assert module.__all__ == sorted(module.__all__, key=_isort_key)
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_public_names_of_the_design_are_exported():
    expected = {
        "Money",
        "Debtor",
        "Consent",
        "Debt",
        "Creditor",
        "Segment",
        "Cadence",
        "Step",
        "ContactPolicy",
        "Planner",
        "Plan",
        "Message",
        "Skip",
        "DunningError",
    }
    assert expected <= set(dunning.__all__)
    assert {
        "MessageSent",
        "ReplyReceived",
        "PaymentReceived",
        "PromiseToPay",
        "ConsentGranted",
        "ConsentRevoked",
        "DisputeOpened",
        "DisputeClosed",
        "LegalActionStarted",
    } <= set(dunning.events.__all__)
    assert callable(dunning.policy.for_country)


PUBLIC_MODULES = ("dunning", "dunning.events", "dunning.policy", "dunning.templates",
                  "dunning.channels", "dunning.conversation", "dunning.io",
                  "dunning.optimize", "dunning.portal")  # fmt: skip


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_exported_names_report_their_public_module(module_name):
    module = importlib.import_module(module_name)
    assert module.__all__ == sorted(module.__all__, key=_isort_key)
    for name in module.__all__:
        obj = getattr(module, name)
        if not isinstance(obj, (type, types.FunctionType)):
            continue
        home = obj.__module__
        assert home in PUBLIC_MODULES, f"{module_name}.{name} reports {home}"
        # ... and that module really has it under that name (pickles and docs rely on it).
        assert getattr(importlib.import_module(home), obj.__qualname__) is obj


def test_every_public_error_is_importable_from_dunning():
    import pkgutil

    for info in pkgutil.walk_packages(dunning.__path__, "dunning."):
        if info.name != "dunning.__main__":  # importing it runs the command line
            importlib.import_module(info.name)
    errors: set[type] = set()
    todo = [dunning.DunningError]
    while todo:  # every subclass defined anywhere in the package, however deep
        cls = todo.pop()
        if cls.__module__.split(".")[0] == "dunning" and cls not in errors:
            errors.add(cls)
            todo.extend(cls.__subclasses__())
    assert len(errors) > 20
    for cls in errors:
        assert getattr(dunning, cls.__name__, None) is cls, cls.__qualname__
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, Exception):
                assert getattr(dunning, name) is obj, f"{module_name}.{name}"


def test_tracebacks_name_the_public_path():
    with pytest.raises(dunning.CurrencyError) as info:
        dunning.Money("45.000", "CLP")
    assert type(info.value).__module__ == "dunning"
    assert repr(dunning.Money).startswith("<class 'dunning.Money'")


def test_every_error_derives_from_dunning_error():
    for name in dunning.__all__:
        obj = getattr(dunning, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, dunning.DunningError)
