"""Pagination, filtering and sorting of a service's list output.

Most list services return every matching row (tables of hundreds to a few thousand rows), so the API filters,
sorts and pages that list in memory; a service that pages in SQL itself (daily reports) is paged there instead.
Sorting is by whitelisted fields only: ``sort=field`` ascending, ``sort=-field`` descending, empty values last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from well_ops.api.errors import query_error

T = TypeVar("T")

MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    """One page of a collection and how many records match in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int
    sort: str | None


def page_params(
    limit: int = Query(50, ge=1, le=MAX_LIMIT, description="Records per page (1-500)."),
    offset: int = Query(0, ge=0, le=10_000_000, description="Records to skip."),
    sort: str | None = Query(None, max_length=64, description="`field` ascending or `-field` descending; "
                                                              "the allowed fields are listed on each route."),
) -> PageParams:
    """The ``limit``, ``offset`` and ``sort`` query parameters of every list route."""
    return PageParams(limit, offset, sort or None)


def sort_doc(fields: Iterable[str]) -> str:
    """A sentence for a route's description naming its sortable fields."""
    return "Sortable by: " + ", ".join(f"`{f}`" for f in fields) + " (prefix `-` for descending)."


def paginate(items: Sequence[Any], params: PageParams, sortable: Sequence[str],
             filters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Filter ``items`` on equal field values (None = no filter), sort, and cut one page."""
    wanted = {k: v for k, v in (filters or {}).items() if v is not None}
    rows = [item for item in items if all(_value(item, k) == v for k, v in wanted.items())]
    if params.sort:
        field, descending = params.sort.removeprefix("-"), params.sort.startswith("-")
        if field not in sortable:
            raise query_error("sort", f"cannot sort by {field!r}; use one of: {', '.join(sortable)}")
        present = [r for r in rows if _value(r, field) is not None]
        present.sort(key=lambda r: _sort_key(_value(r, field)), reverse=descending)
        rows = present + [r for r in rows if _value(r, field) is None]
    window = rows[params.offset:params.offset + params.limit]
    return {"items": window, "total": len(rows), "limit": params.limit, "offset": params.offset}


def check_sort(params: PageParams, sortable: Sequence[str]) -> None:
    """Refuse a sort field outside the whitelist (for lists sorted by the service)."""
    if params.sort and params.sort not in sortable:
        raise query_error("sort", f"cannot sort by {params.sort!r}; use one of: {', '.join(sortable)}")


def _value(item: Any, field: str) -> Any:
    return item.get(field) if isinstance(item, dict) else getattr(item, field, None)


def _sort_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value
