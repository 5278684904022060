"""Create / update / delete of one kind of integrity row, each followed by the well's MAASP recompute."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import SQLModel

from well_ops.services.context import Context
from well_ops.services.integrity._common import _flush, _get, _parse, _set_fields
from well_ops.services.integrity.maasp import _recompute_well

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class Part(Generic[T]):
    """How one table of the architecture is written: schemas, read conversion, checks and its well."""

    model: type[T]
    create: type[SQLModel]
    update: type[SQLModel]
    to_read: Callable[[Context, T], Any]
    label: str
    check: Callable[[Context, T], None]
    prepare: Callable[[Context, dict[str, Any]], dict[str, Any]]  # create values -> row values (well_id resolved)
    well_of: Callable[[Context, T], int]


def _name(row: Any, label: str) -> str:
    name = getattr(row, "name", None)
    return f"{label} {name!r}" if name else f"{label} {getattr(row, 'id', '')}".strip()


def _create(ctx: Context, part: Part[T], data: Any) -> Any:
    """Validate, insert, recompute the well's MAASP (same transaction) and return the Read schema."""
    values = part.prepare(ctx, _parse(part.create, data).model_dump(exclude={"unit_system"}))
    row = part.model(**values)
    with ctx.session.no_autoflush:
        part.check(ctx, row)
    ctx.session.add(row)
    _flush(ctx, part.label)
    _recompute_well(ctx, part.well_of(ctx, row), f"{_name(row, part.label)} added")
    return part.to_read(ctx, row)


def _update(ctx: Context, part: Part[T], row_id: Any, data: Any) -> Any:
    """Apply the fields sent, check, recompute the well's MAASP with a reason naming the changed fields."""
    row = _get(ctx, part.model, row_id, part.label)
    changes = _parse(part.update, data).model_dump(exclude_unset=True, exclude={"unit_system"})
    with ctx.session.no_autoflush:
        _set_fields(row, changes)
        part.check(ctx, row)
    _flush(ctx, part.label)
    fields = ", ".join(sorted(changes)) or "nothing"
    _recompute_well(ctx, part.well_of(ctx, row), f"{_name(row, part.label)} changed: {fields}")
    return part.to_read(ctx, row)


def _delete(ctx: Context, part: Part[T], row_id: Any, guard: Callable[[Context, T], None] | None = None) -> None:
    """Delete (after ``guard`` refuses references it cannot leave dangling), then recompute the well."""
    row = _get(ctx, part.model, row_id, part.label)
    if guard is not None:
        guard(ctx, row)
    well_id, name = part.well_of(ctx, row), _name(row, part.label)
    ctx.session.delete(row)
    _flush(ctx, part.label)
    _recompute_well(ctx, well_id, f"{name} deleted")
