"""Errors raised by services; the UI and the API turn each into a clear message or status code."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

DATABASE_UNAVAILABLE = "The database is unavailable right now; please try again in a moment."


class WellOpsError(Exception):
    """Base of every error a user may see."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(WellOpsError):
    status_code = 401

    def __init__(self, message: str = "Please log in.") -> None:
        super().__init__(message)


class PermissionDenied(WellOpsError):
    status_code = 403


class NotFound(WellOpsError):
    status_code = 404


class Conflict(WellOpsError):
    """A concurrent change or a duplicate: the caller should reload."""

    status_code = 409


class ValidationFailed(WellOpsError):
    """Invalid input; ``errors`` maps a field (or ``line 12``) to its message."""

    status_code = 422

    def __init__(self, errors: dict[str, str] | str, message: str | None = None) -> None:
        self.errors: dict[str, str] = {"__all__": errors} if isinstance(errors, str) else dict(errors)
        text = message or "; ".join(
            msg if field == "__all__" else f"{field}: {msg}" for field, msg in self.errors.items()
        )
        super().__init__(text)


def database_unavailable(exception: BaseException) -> bool:
    """A lost or refused database connection (server down or restarting, pool exhausted, database locked).

    SQLite also reports schema mistakes as OperationalError ("no such table": a database not migrated); those are
    faults to fix, not an outage to wait out, so they are not counted."""
    if isinstance(exception, sa_exc.DBAPIError) and exception.connection_invalidated:
        return True
    if isinstance(exception, (sa_exc.InterfaceError, sa_exc.TimeoutError)):
        return True
    if isinstance(exception, sa_exc.OperationalError):
        text = str(exception.orig).lower()
        return not any(mark in text for mark in _SCHEMA_FAULTS)
    return False


_SCHEMA_FAULTS = ("no such table", "no such column", "syntax error", "has no column")
