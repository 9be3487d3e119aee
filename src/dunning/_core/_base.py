"""The base of every ``dunning`` model: frozen pydantic values whose errors are ours.

Pydantic wraps a ``ValueError`` raised inside a validator into its own ``ValidationError``.
:class:`Model` unwraps it, so callers get the ``dunning`` error that was raised (a
:class:`~dunning.PhoneNumberError` stays one), with the full location of the field (such as
``consents.0.granted_at``); plain pydantic errors become an :class:`~dunning.InputError` naming
every field that failed and the value given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from ._errors import DunningError, InputError
from ._text import brief

__all__ = ["Model", "share_fields", "translate"]


def translate(exc: ValidationError, model: str) -> DunningError:
    """The ``dunning`` error for a pydantic ``ValidationError`` raised while building ``model``."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = ".".join(str(part) for part in first["loc"])
    original = (first.get("ctx") or {}).get("error")
    if isinstance(original, InputError):
        field = original.field
        if loc and field and loc.endswith(f".{field}"):
            field = loc  # raised by a field's validator: its location is the full path
        elif loc and field and loc != field:
            field = f"{loc}.{field}"
        elif loc and not field:
            field = loc
        if field != original.field:
            return type(original)(
                original.detail, field=field, value=original.value, row=original.row
            )
        return original
    if isinstance(original, DunningError):
        return original
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error["loc"]) or model
        parts.append(f"{where}: {error['msg']} (got {brief(error['input'])})")
    return InputError(
        f"invalid {model}: " + "; ".join(parts), field=loc or None, value=first.get("input")
    )


class Model(BaseModel):
    """Frozen, strict-about-extras pydantic model that raises ``dunning`` errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise translate(exc, type(self).__name__) from None

    # pydantic calls a model's own ``__init__`` from ``model_validate``, ``TypeAdapter`` and
    # nested fields, and then runs the model's validators again on what it returned: every
    # ``model_validator`` (phone parsing, zone inference) twice. This ``__init__`` only
    # translates errors, which ``model_validate`` and ``translate`` at the call sites do too, so
    # pydantic may treat it as its own and validate once.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as exc:
            raise translate(exc, cls.__name__) from None

    @classmethod
    def _build(cls, **data: Any) -> Self:
        """Construct from values that are already valid, skipping validation (hot paths only).

        Every field must be given. ``tests/test_planner.py`` checks that planned objects
        survive a round trip through ``model_validate`` unchanged.
        """
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", data)
        # Every field is given, so all instances can share one set (see ``share_fields``).
        object.__setattr__(obj, "__pydantic_fields_set__", _all_fields(cls))
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


def _all_fields(cls: type[Model]) -> set[str]:
    """The names of every field of ``cls``, one set per class (shared: never change it)."""
    fields: set[str] | None = cls.__dict__.get("_all_fields")
    if fields is None:
        fields = set(cls.model_fields)
        type.__setattr__(cls, "_all_fields", fields)
    return fields


def share_fields(models: Iterable[Model]) -> None:
    """Let each of ``models`` that was given every field share its class's set of field names;
    so do the models its fields hold (a payment's ``Money``, a plan's installments).

    Pydantic keeps a set of the fields given per instance (``model_fields_set``): 728 bytes for
    six names, more than the rest of a small event. A frozen model's set never changes (pydantic
    copies it before ``model_copy`` adds to it), so bulk loaders (a history of a hundred events
    a debtor) call this after validating: same ``model_fields_set``, a fraction of the memory
    and of the time to free it.
    """
    inner: list[Model] = []
    for batch in (models, inner):
        for model in batch:  # ``inner`` grows while it is walked: models nested at any depth
            kind = type(model)
            shape = kind.__dict__.get("_field_shape")
            if shape is None:
                shape = (_all_fields(kind), _nested(kind))
                type.__setattr__(kind, "_field_shape", shape)
            shared, nested = shape
            own = model.__pydantic_fields_set__
            if own is not shared and len(own) == len(shared):  # a subset of them, so equal
                object.__setattr__(model, "__pydantic_fields_set__", shared)
            for name in nested:
                value = model.__dict__[name]
                if isinstance(value, Model):
                    inner.append(value)
                elif isinstance(value, tuple | list):
                    inner.extend(item for item in value if isinstance(item, Model))


def _nested(cls: type[Model]) -> tuple[str, ...]:
    """The fields of ``cls`` whose type names a model (``Money``, ``Money | None``,
    ``tuple[Installment, ...]``)."""

    def names_model(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, Model):
            return True
        return any(names_model(arg) for arg in get_args(annotation))

    return tuple(name for name, info in cls.model_fields.items() if names_model(info.annotation))
