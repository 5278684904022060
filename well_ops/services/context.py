"""Who is acting, the unit of work, and the one guard every service entry point wears."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlmodel import Session

from well_ops import db
from well_ops.auth.permissions import role_has
from well_ops.models.users import Role
from well_ops.services import audit_trail  # noqa: F401  (registers the audit flush listener)
from well_ops.services.errors import NotAuthenticated, PermissionDenied

PUBLIC = "public"  # no login needed (the login use-case itself)
AUTHENTICATED = "authenticated"  # any logged-in user, whatever the role


@dataclass(frozen=True)
class Actor:
    """The acting user, as resolved from a session token; plain data, safe to keep in State."""

    user_id: int | None
    email: str
    full_name: str
    role: Role | None
    team_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.email == "system"


ANONYMOUS = Actor(None, "anonymous", "Anonymous", None)
SYSTEM = Actor(None, "system", "System", Role.admin)


@dataclass
class Context:
    """A database session plus the acting user, handed to every use-case."""

    session: Session
    actor: Actor

    def can(self, permission: str) -> bool:
        """True when the actor holds ``permission``."""
        if permission == PUBLIC:
            return True
        if not self.actor.is_authenticated:
            return False
        return permission == AUTHENTICATED or role_has(self.actor.role, permission)

    def require(self, permission: str) -> None:
        """Raise unless the actor holds ``permission``."""
        if permission != PUBLIC and not self.actor.is_authenticated:
            raise NotAuthenticated()
        if not self.can(permission):
            raise PermissionDenied(f"Your role ({_role_name(self.actor)}) may not do this ({permission}).")


def _role_name(actor: Actor) -> str:
    return actor.role.value if actor.role else "none"


@contextmanager
def unit_of_work(actor: Actor) -> Iterator[Context]:
    """One transaction: commits once when the block succeeds, rolls everything back when it raises."""
    session = db.new_session()
    session.info["actor"] = actor
    try:
        yield Context(session=session, actor=actor)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


P = ParamSpec("P")
R = TypeVar("R")


def use_case(permission: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """The guard: check ``permission`` from the role table, run the use-case in one unit of work.

    The first argument is either an ``Actor`` (a new unit of work is opened and committed) or a ``Context``
    (the call joins the caller's transaction). Audit rows are written by the flush listener in the same
    transaction, so they commit or roll back with the change.
    """

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        if inspect.iscoroutinefunction(fn):
            raise TypeError("use-cases are synchronous")

        @functools.wraps(fn)
        def guarded(who: Actor | Context, /, *args: Any, **kwargs: Any) -> R:
            if isinstance(who, Context):
                who.require(permission)
                return fn(who, *args, **kwargs)
            if not isinstance(who, Actor):
                raise NotAuthenticated()
            with unit_of_work(who) as ctx:
                ctx.require(permission)
                return fn(ctx, *args, **kwargs)

        guarded.__use_case__ = permission  # type: ignore[attr-defined]
        return guarded

    return decorate
