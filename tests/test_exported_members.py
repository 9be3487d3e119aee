"""The public surface is one sorted ``__all__`` per public module; private modules start with _."""

from __future__ import annotations

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
    expected = {"Money", "Debtor", "Consent", "Debt", "Creditor", "Segment", "Cadence", "Step",
                "ContactPolicy", "Planner", "Plan", "Message", "Skip", "DunningError"}
    assert expected <= set(dunning.__all__)
    assert {"MessageSent", "ReplyReceived", "PaymentReceived", "PromiseToPay", "ConsentGranted",
            "ConsentRevoked", "DisputeOpened", "DisputeClosed", "LegalActionStarted"} <= set(
        dunning.events.__all__)
    assert callable(dunning.policy.for_country)


def test_exported_classes_say_they_belong_to_the_public_module():
    for name in dunning.__all__:
        obj = getattr(dunning, name)
        if isinstance(obj, type):
            assert obj.__module__.startswith("dunning")


def test_every_error_derives_from_dunning_error():
    for name in dunning.__all__:
        obj = getattr(dunning, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, dunning.DunningError)
