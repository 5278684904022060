"""Helpers shared by the page states: run a service off the event loop, resolve the acting user."""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from well_ops.services import auth as auth_service
from well_ops.services.context import ANONYMOUS, Actor

T = TypeVar("T")


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a (synchronous) service call in a worker thread so the event loop keeps serving other users."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def resolve_actor(token: str) -> Actor:
    """The user behind a session token (re-checked on every event: deactivation takes effect at once)."""
    return await call(auth_service.actor_for_token, ANONYMOUS, token)


def uploaded(files: object) -> list[Any]:
    """The files of an upload event; any client can send that event over the socket with other JSON instead."""
    if not isinstance(files, list) or not all(isinstance(f, rx.UploadFile) for f in files):
        raise TypeError("an upload event must carry uploaded files")
    return files


def safe_next(path: str | None) -> str:
    """A local path to go to after login (never another site)."""
    if not path or not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        return "/"
    if path.startswith("/login"):
        return "/"
    return path[:300]


def fmt_dt(value: Any) -> str:
    """A UTC timestamp as 'YYYY-MM-DD HH:MM' (empty for None)."""
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def clean_form(form: object, fields: tuple[str, ...] | list[str]) -> dict[str, object]:
    """Only the expected fields of a submitted form; blanks and 'none' become None (the service validates)."""
    data = form if isinstance(form, dict) else {}
    out: dict[str, object] = {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()[:4000]
            if value in ("", "none"):
                value = None
        out[name] = value
    return out


def fmt_num(value: float | int | None, digits: int = 0) -> str:
    """A number for a table cell (empty for None)."""
    if value is None:
        return ""
    return f"{value:.{digits}f}"
