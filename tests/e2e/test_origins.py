"""Cross-origin checks on the running app: only the configured origins (WELLOPS_ALLOWED_ORIGINS) get in.

A page on another site must not be able to open the event websocket with the visitor's cookies (cross-site
WebSocket hijacking), nor read API answers through CORS.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest
import socketio
from e2e_helpers import run_async
from reflex_client import ReflexClient, handler

from well_ops.state.page import PageState

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example"


async def _try_socket(app_server: Any, origin: str) -> tuple[bool, int]:
    """(connected, number of event messages received for a page open) for a client sending ``origin``."""
    client = ReflexClient(app_server.base_url, app_server.ws_url, origin=origin, response_timeout=5)
    try:
        await client.connect(wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        return False, 0
    try:
        try:
            await client.call(handler(PageState, "open_page"), {"route": "/"}, pathname="/")
        except AssertionError:  # no answer
            pass
        return client.connected, len(client.messages)
    finally:
        await client.sio.disconnect()


def _request(url: str, origin: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, method=method, headers={"Origin": origin, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 (local test server)
            return resp.status, resp.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers


def test_websocket_from_another_origin_is_refused(app_server: Any) -> None:
    connected, messages = run_async(_try_socket(app_server, EVIL))
    assert not connected and messages == 0, f"a socket from {EVIL} got in ({messages} messages)"


def test_websocket_from_the_configured_origin_works(app_server: Any) -> None:
    connected, messages = run_async(_try_socket(app_server, app_server.base_url))
    assert connected and messages > 0, "the app's own origin could not use the event socket"


def test_socket_polling_transport_refuses_another_origin(app_server: Any) -> None:
    """The HTTP long-polling handshake of the same endpoint checks the Origin too."""
    url = f"http://127.0.0.1:{app_server.port}/_event/?EIO=4&transport=polling"
    status, headers = _request(url, EVIL)
    assert status >= 400, f"the polling handshake from {EVIL} answered {status}"
    assert headers.get("Access-Control-Allow-Origin") is None


@pytest.mark.parametrize("path", ["/api/rigs", "/api/auth/login", "/ping"])
def test_api_cors_answers_only_the_configured_origin(app_server: Any, path: str) -> None:
    url = f"http://127.0.0.1:{app_server.port}{path}"
    preflight = {"Access-Control-Request-Method": "POST" if "login" in path else "GET",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    _, evil_preflight = _request(url, EVIL, "OPTIONS", preflight)
    _, evil_get = _request(url, EVIL)
    assert evil_preflight.get("Access-Control-Allow-Origin") is None, f"preflight from {EVIL} was allowed"
    assert evil_get.get("Access-Control-Allow-Origin") is None, f"a response was shared with {EVIL}"

    status, ok_preflight = _request(url, app_server.base_url, "OPTIONS", preflight)
    _, ok_get = _request(url, app_server.base_url)
    assert status == 200, f"the configured origin's preflight failed: {status}"
    assert ok_preflight.get("Access-Control-Allow-Origin") == app_server.base_url
    assert ok_get.get("Access-Control-Allow-Origin") == app_server.base_url
