"""The base of every ``dunning`` model: frozen pydantic values whose errors are ours.

Pydantic wraps a ``ValueError`` raised inside a validator into its own ``ValidationError``.
:class:`Model` unwraps it, so callers get the ``dunning`` error that was raised (a
:class:`~dunning.PhoneNumberError` stays one), with the full location of the field (such as
``consents.0.granted_at``); plain pydantic errors become an :class:`~dunning.InputError` naming
every field that failed and the value given.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from ._errors import DunningError, InputError

__all__ = ["Model", "translate"]


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
        parts.append(f"{where}: {error['msg']} (got {error['input']!r})")
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
        # Every field is given, so all instances can share one set (pydantic copies it before
        # changing it in model_copy); a set per object costs memory and collector time.
        fields = cls.__dict__.get("_all_fields")
        if fields is None:
            fields = set(cls.model_fields)
            type.__setattr__(cls, "_all_fields", fields)
        object.__setattr__(obj, "__pydantic_fields_set__", fields)
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj
