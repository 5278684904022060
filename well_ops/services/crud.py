"""Shared mechanics of the plain create / read / update / delete use-cases (each module keeps its own guard)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import SQLModel, select

from well_ops.models.base import utcnow
from well_ops.services.context import Context
from well_ops.services.errors import Conflict, NotFound, ValidationFailed
from well_ops.services.validation import parse

T = TypeVar("T", bound=SQLModel)
R = TypeVar("R")


@dataclass(frozen=True)
class Resource(Generic[T, R]):
    """How one table is created, read, updated and deleted."""

    model: type[T]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    to_read: Callable[[Context, T], R]
    label: str
    check: Callable[[Context, T], None] | None = None  # cross-field and cross-row rules, after the values are set
    unique_fields: Sequence[str] = ()

    def get_row(self, ctx: Context, row_id: Any) -> T:
        """The row, or NotFound with a message naming it."""
        try:
            key = int(row_id)
        except (TypeError, ValueError):
            raise NotFound(f"{self.label} {row_id!r} does not exist.") from None
        if not 0 < key < 2**31:
            raise NotFound(f"{self.label} {key} does not exist.")
        row = ctx.session.get(self.model, key)
        if row is None:
            raise NotFound(f"{self.label} {key} does not exist.")
        return row

    def read(self, ctx: Context, row_id: Any) -> R:
        return self.to_read(ctx, self.get_row(ctx, row_id))

    def list(self, ctx: Context, query: Any = None) -> list[R]:
        rows = ctx.session.exec(query if query is not None else select(self.model)).all()
        return [self.to_read(ctx, r) for r in rows]

    def create(self, ctx: Context, data: Any) -> R:
        payload = parse(self.create_schema, data)
        row = self.model(**payload.model_dump())
        return self._save(ctx, row)

    def update(self, ctx: Context, row_id: Any, data: Any) -> R:
        row = self.get_row(ctx, row_id)
        payload = parse(self.update_schema, data)
        columns = self.model.__table__.c  # type: ignore[attr-defined]
        for key, value in payload.model_dump(exclude_unset=True).items():
            if value is None and key in columns and not columns[key].nullable:
                current = getattr(row, key)
                if isinstance(current, str) and not isinstance(current, enum.Enum):
                    value = ""  # a cleared text field
                else:
                    raise ValidationFailed({key: "This field is required."})
            setattr(row, key, value)
        if hasattr(row, "updated_at"):
            row.updated_at = utcnow()  # type: ignore[attr-defined]
        return self._save(ctx, row)

    def delete(self, ctx: Context, row_id: Any) -> None:
        row = self.get_row(ctx, row_id)
        ctx.session.delete(row)
        try:
            ctx.session.flush()
        except sa.exc.IntegrityError:
            raise Conflict(f"{self.label} {row_id} is still referenced by other records.") from None

    def _save(self, ctx: Context, row: T) -> R:
        with ctx.session.no_autoflush:
            if self.check is not None:
                self.check(ctx, row)
            for field in self.unique_fields:
                value = getattr(row, field)
                column = getattr(self.model, field)
                clash = ctx.session.exec(select(self.model).where(column == value)).first()
                if clash is not None and clash is not row:
                    raise ValidationFailed({field: f"Another {self.label.lower()} already uses {value!r}."})
        ctx.session.add(row)
        try:
            ctx.session.flush()
        except sa.exc.StatementError as exc:
            raise ValidationFailed(f"{self.label} breaks a database rule: {_constraint(exc)}") from None
        ctx.session.refresh(row)
        return self.to_read(ctx, row)


def _constraint(exc: sa.exc.StatementError) -> str:
    text = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
    return text[:200]
