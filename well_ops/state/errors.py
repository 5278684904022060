"""The one app-wide handler that turns a refused or invalid action into a clear message."""

import logging

import reflex as rx

from well_ops.services.errors import DATABASE_UNAVAILABLE, NotAuthenticated, WellOpsError, database_unavailable

log = logging.getLogger("well_ops")


def backend_exception_handler(exception: Exception):  # noqa: ANN201 (Reflex checks the annotation)
    """Show WellOps errors as they are; anything else as a generic error (details go to the log)."""
    if isinstance(exception, NotAuthenticated):
        log.info("unauthenticated event refused", exc_info=exception)
        return rx.redirect("/login")
    if isinstance(exception, WellOpsError):
        return rx.toast.error(exception.message, id="action-error", duration=8000)
    if database_unavailable(exception):  # the unit of work rolled back; the next event gets a fresh connection
        log.warning("database unavailable during an event: %s", (str(exception).splitlines() or [""])[0])
        return rx.toast.error(DATABASE_UNAVAILABLE, id="action-error", duration=8000)
    if isinstance(exception, (ValueError, TypeError, KeyError, OverflowError)):  # e.g. an id of 2**63 on SQLite
        log.warning("rejected malformed event input: %r", exception)
        return rx.toast.error("That request was not understood (invalid input).", id="action-error")
    log.exception("unexpected error in an event handler", exc_info=exception)
    return rx.toast.error("Something went wrong; the change was not saved. The error has been logged.",
                          id="action-error")
