"""The upload size guard in front of Reflex's ``/_upload``: refuses before the body is read, passes the rest."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from well_ops.api.limits import UploadLimit, upload_limit_bytes


def _run_isolated(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine on a fresh event loop in its own thread (the browser tests leave a loop running)."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class Recorder:
    """A downstream ASGI app that reads the whole body and answers 200."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""
        self.disconnected = False

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.disconnected = True
                break
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _run(path: str, headers: dict[str, str], chunks: list[bytes], method: str = "POST") -> tuple[int, Recorder, int]:
    app, sent, reads = Recorder(), [], 0
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path,
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    _run_isolated(UploadLimit(app)(scope, receive, send))
    return sent[0]["status"], app, reads


@pytest.fixture(autouse=True)
def one_mb_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELLOPS_UPLOAD_MAX_MB", "1")


def test_limit_is_the_attachment_limit_plus_one_mb() -> None:
    assert upload_limit_bytes() == 2 * 1024 * 1024


def test_too_large_a_declared_upload_is_413_before_any_body_is_read() -> None:
    status, app, reads = _run("/_upload", {"Content-Length": str(2 * 1024 * 1024 + 1)}, [b"x"])
    assert (status, app.called, reads) == (413, False, 0)


@pytest.mark.parametrize("headers", [{}, {"Transfer-Encoding": "chunked"},
                                     {"Transfer-Encoding": "chunked", "Content-Length": "10"}])
def test_uploads_without_a_length_are_411(headers: dict[str, str]) -> None:
    status, app, reads = _run("/_upload", headers, [b"abc"])
    assert (status, app.called, reads) == (411, False, 0)


def test_a_malformed_length_is_400() -> None:
    assert _run("/_upload", {"Content-Length": "12abc"}, [b"x"])[0] == 400


def test_an_upload_within_the_limit_reaches_the_app() -> None:
    status, app, _ = _run("/_upload", {"Content-Length": "6"}, [b"abc", b"def"])
    assert (status, app.body) == (200, b"abcdef")


def test_a_body_longer_than_declared_is_cut_off() -> None:
    status, app, _ = _run("/_upload", {"Content-Length": "3"}, [b"abc", b"def-and-much-more"])
    assert app.disconnected and app.body == b"abc"


@pytest.mark.parametrize(("path", "method"), [("/api/tasks/1/attachments", "POST"), ("/_event", "POST"),
                                              ("/_upload/some-file.txt", "GET")])
def test_other_requests_pass_untouched(path: str, method: str) -> None:
    status, app, _ = _run(path, {}, [b"x" * 10], method=method)
    assert status == 200 and app.called
