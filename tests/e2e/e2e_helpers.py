"""Helpers shared by the e2e tests (imported by conftest.py and the test modules as ``e2e_helpers``)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar
from urllib.parse import urlparse

T = TypeVar("T")
SESSION_COOKIE = "wellops_session"


def login(page: Any, base_url: str, email: str, password: str) -> None:
    """Log in through the login form and wait until the app has left /login."""
    page.goto(f"{base_url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#login-button").click()
    page.wait_for_url(lambda url: "/login" not in url, timeout=20_000)


def path_of(url: str) -> str:
    """The path of a URL without query or trailing slash (the static export serves ``/login/`` for ``/login``)."""
    return urlparse(url).path.rstrip("/") or "/"


# --------------------------------------------------------------------------------------------------------------
# asyncio from sync tests
# --------------------------------------------------------------------------------------------------------------


def run_async(coro: Coroutine[Any, Any, T], timeout: float = 120) -> T:
    """Run a coroutine to completion in a fresh event loop on its own thread.

    A separate thread keeps it independent of any loop another fixture (Playwright's sync API) owns.
    """
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the caller's thread)
            result["error"] = exc

    thread = threading.Thread(target=target, name="e2e-asyncio", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"async test body did not finish within {timeout} s")
    if "error" in result:
        raise result["error"]
    return result["value"]
