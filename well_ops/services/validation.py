"""Turn pydantic validation errors into ValidationFailed with one message per field."""

from __future__ import annotations

import math
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from well_ops.services.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)


def parse(schema: type[M], data: Any) -> M:
    """Validate ``data`` (a dict or an instance) against ``schema``; field-level messages on failure."""
    if isinstance(data, schema):
        data = data.model_dump()
    if not isinstance(data, dict):
        raise ValidationFailed("expected an object with named fields")
    try:
        model = schema.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(field_errors(exc)) from None
    bad = {name: "must be a finite number" for name, value in model.__dict__.items()
           if isinstance(value, float) and not math.isfinite(value)}
    if bad:
        raise ValidationFailed(bad)
    return model


def field_errors(exc: ValidationError) -> dict[str, str]:
    """``{"field": "message"}`` from a pydantic error."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ())) or "__all__"
        errors.setdefault(field, err.get("msg", "invalid value"))
    return errors
