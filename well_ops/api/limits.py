"""Request size limits in front of Reflex's upload endpoint (``POST /_upload``).

``rx.upload(max_size=...)`` is enforced only in the browser, and Reflex parses the whole multipart body before any
handler runs. This ASGI middleware refuses an upload before its body is read: 411 without a Content-Length (chunked
uploads), 413 when the declared length exceeds WELLOPS_UPLOAD_MAX_MB + 1 MB (room for the multipart envelope), and
it cuts off a body that runs past its declared length. Hooked as ``rx.App(api_transformer=[api_app, UploadLimit])``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from well_ops.config import get_settings

UPLOAD_PATH = "/_upload"
ENVELOPE_BYTES = 1024 * 1024  # multipart boundaries and part headers on top of the file itself


def upload_limit_bytes() -> int:
    """The largest upload request accepted: the attachment limit plus the multipart envelope."""
    return get_settings().upload_max_bytes + ENVELOPE_BYTES


def _is_upload(scope: Scope) -> bool:
    path = str(scope.get("path", ""))
    return scope["type"] == "http" and scope.get("method") != "GET" and (
        path == UPLOAD_PATH or path.startswith(UPLOAD_PATH + "/"))


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class UploadLimit:
    """ASGI middleware: size-check uploads before the app reads them; every other request passes untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_upload(scope):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        declared, limit = headers.get(b"content-length"), upload_limit_bytes()
        if declared is None or b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            await _refuse(send, 411, "Uploads must declare their size (Content-Length); chunked uploads are refused.")
            return
        if not declared.strip().isdigit():
            await _refuse(send, 400, "Invalid Content-Length.")
            return
        if int(declared) > limit:
            await _refuse(send, 413, f"The upload is too large: at most {limit // 1048576 - 1} MB per request.")
            return
        await self.app(scope, _capped(receive, int(declared)), send)


def _capped(receive: Receive, declared: int) -> Receive:
    """``receive`` that reports a disconnect once the body runs past its declared length."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message: dict[str, Any] = dict(await receive())
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > declared:
                return {"type": "http.disconnect"}
        return message

    return wrapped
