"""A browser that drops its connection and comes back keeps its session (issue #7).

Real Chromium on the real app: log in, open the rigs page, set a search filter (page state held on the server),
then cut the network (``context.set_offline``) and close the page's websocket, as a dropped Wi-Fi or a sleeping
laptop would. Reflex's client sees the connection fail (its "Cannot connect to server" toast), keeps retrying, and
reconnects by itself once the network is back. The tab is still logged in, on the same page, with the same filter,
and the next action (sorting the table, computed on the server from the state it kept) works.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from e2e_helpers import login, path_of

from well_ops.services.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ENGINEER = "engineer@wellops.example"
OFFLINE_S = 5.0

# Keep a handle on every websocket the page opens, so the test can close the live one (a dropped connection).
TRACK_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__e2eSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__e2eSockets.push(this); }
  };
})();
"""
OPEN_SOCKETS = "() => window.__e2eSockets.filter((s) => s.readyState === WebSocket.OPEN).length"
CONNECTION_TOAST = "text=/Cannot connect to server/"


def _rig_names(page: Any) -> list[str]:
    return [c.strip() for c in page.locator("#rigs-table tbody tr td:first-child").all_inner_texts()]


def _count_label(page: Any) -> str:
    return page.get_by_text(re.compile(r"\brows$")).first.inner_text()


def test_a_dropped_connection_comes_back_with_its_session(page: Any, app_server: Any) -> None:
    page.context.add_init_script(TRACK_SOCKETS)
    login(page, app_server.base_url, ENGINEER, DEMO_PASSWORD)
    page.goto(f"{app_server.base_url}/rigs")
    page.wait_for_selector("#rigs-table tbody tr")
    total = len(_rig_names(page))
    page.get_by_label("Search").fill("eagle")
    page.wait_for_function(f"() => document.querySelectorAll('#rigs-table tbody tr').length < {total}")
    filtered = _rig_names(page)
    assert filtered and all("eagle" in n.lower() for n in filtered), filtered
    label = _count_label(page)
    assert page.evaluate(OPEN_SOCKETS) == 1

    # The connection drops: no network, and the live socket is gone.
    page.context.set_offline(True)
    page.evaluate("() => window.__e2eSockets.forEach((s) => s.close())")
    dropped_at = time.monotonic()
    page.wait_for_selector(CONNECTION_TOAST, timeout=20_000)  # the client noticed and is retrying
    assert page.evaluate(OPEN_SOCKETS) == 0
    time.sleep(max(0.0, OFFLINE_S - (time.monotonic() - dropped_at)))
    assert page.evaluate(OPEN_SOCKETS) == 0, "a socket was open while offline"

    # The network comes back: the client reconnects by itself (no reload, no new login).
    page.context.set_offline(False)
    back_at = time.monotonic()
    page.wait_for_function(f"({OPEN_SOCKETS})() === 1", timeout=30_000)
    page.wait_for_selector(CONNECTION_TOAST, state="detached", timeout=30_000)
    print(f"\noffline {back_at - dropped_at:.1f} s; reconnected {time.monotonic() - back_at:.1f} s after the "
          "network came back")

    assert path_of(page.url) == "/rigs", page.url
    assert page.locator("#current-user-name").inner_text().strip(), "the tab lost its login"
    assert page.get_by_label("Search").input_value() == "eagle"
    assert _count_label(page) == label

    # An action after the reconnect: sorting is computed on the server, from the filter it kept.
    page.get_by_text("Rig", exact=True).click()
    page.wait_for_function("() => document.querySelector('#rigs-table thead').innerText.includes('▲')")
    sorted_names = _rig_names(page)
    assert sorted_names == sorted(filtered, key=str.lower) or sorted_names == sorted(filtered), sorted_names
    page.get_by_text("Rig ▲", exact=True).click()
    page.wait_for_function("() => document.querySelector('#rigs-table thead').innerText.includes('▼')")
    assert _rig_names(page) == list(reversed(sorted_names)), "the action after the reconnect did not work"
    assert path_of(page.url) == "/rigs" and "/login" not in page.url
