"""End-to-end fixtures: the real app (`reflex run --env prod --single-port`) on a free port against a fresh,
migrated and seeded database, plus Chromium through Playwright.

Environment knobs:
- ``WELLOPS_E2E_DATABASE_URL``: use this (empty, or at least not yet seeded) database instead of a temp SQLite file.
- ``WELLOPS_E2E_KEEP_TMP=1``: keep the temp directory (database, server log) after the run.
- ``WELLOPS_E2E_STARTUP_TIMEOUT``: seconds to wait for ``/ping`` (default 300).
- ``WELLOPS_E2E_SHARED_WEB=1``: build in the project's shared ``.web/`` instead of a private copy.

Why a private copy of ``.web/`` by default: ``reflex run --env prod`` bakes the backend URL (with its port) into
``.web/env.json`` and the exported bundle, and the server serves the bundle from that directory. Building in the
shared directory would point a colleague's running app (port 3000) at this run's port and vice versa, so the run
copies ``.web/`` (node_modules included, ~2 s) into its temp directory and sets ``REFLEX_WEB_WORKDIR``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # so tests can `import e2e_helpers` in any import mode

from e2e_helpers import SESSION_COOKIE, login, path_of, run_async  # noqa: E402,F401  (the shared helpers)

pytestmark = pytest.mark.e2e

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
if not (VENV_BIN / "python").exists():  # fall back to whatever interpreter runs pytest
    VENV_BIN = Path(sys.executable).parent
TOOLS_BIN = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
STARTUP_TIMEOUT = float(os.environ.get("WELLOPS_E2E_STARTUP_TIMEOUT", "300"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e carries the ``e2e`` marker (also set per module through ``pytestmark``)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# --------------------------------------------------------------------------------------------------------------
# The app server
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppServer:
    base_url: str  # http://localhost:PORT (the frontend's websocket URL is baked as ws://localhost:PORT)
    port: int
    database_url: str
    log_path: Path
    tmp_dir: Path
    env: dict[str, str]

    @property
    def ws_url(self) -> str:
        return f"ws://localhost:{self.port}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = 80) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(no log: {exc})"
    # Reflex prints rich progress bars with ANSI escapes: strip them so the failure message stays readable.
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return "\n".join(text.splitlines()[-lines:])


def _server_env(port: int, database_url: str, tmp_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PATH": os.pathsep.join([str(TOOLS_BIN), str(VENV_BIN), env.get("PATH", "")]),
        "VIRTUAL_ENV": str(VENV_BIN.parent),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "TELEMETRY_ENABLED": "false",
        "DATABASE_URL": database_url,
        "WELLOPS_PORT": str(port),
        "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "WELLOPS_BCRYPT_ROUNDS": "4",
        "WELLOPS_DATA_DIR": str(tmp_dir / "data"),
        "WELLOPS_UPLOAD_DIR": str(tmp_dir / "data" / "attachments"),
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
    })
    env.pop("PYTHONPATH", None)
    return env


def _private_web_dir(tmp_dir: Path) -> Path | None:
    """A private copy of the project's ``.web/`` for this run (None: use the shared one)."""
    if os.environ.get("WELLOPS_E2E_SHARED_WEB") == "1":
        return None
    shared = PROJECT_ROOT / ".web"
    private = tmp_dir / "web"
    if shared.is_dir():
        skip = {"build", ".react-router"}  # outputs of the previous build: regenerated anyway
        shutil.copytree(shared, private, symlinks=True,
                        ignore=lambda d, names: [n for n in names if n in skip and Path(d) == shared])
    return private


def _run_setup_step(cmd: list[str], env: dict[str, str], log_path: Path) -> None:
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(cmd)}\n")
        log.flush()
        result = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed (exit {result.returncode}); last lines of {log_path}:\n"
                    f"{_tail(log_path)}", pytrace=False)


def _http_get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (local test server)
            return resp.status, resp.read(2000).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _session_members(sid: int) -> list[int]:
    """Processes still alive in session ``sid`` (the server was started with its own session and group)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        # fields: state ppid pgrp session ...
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


def _stop_server(proc: subprocess.Popen[bytes]) -> list[int]:
    """SIGTERM the server's process group, then SIGKILL whatever is left in its session. Returns leftovers."""
    pgid = proc.pid  # start_new_session=True: pid == pgid == sid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.5)
        if proc.poll() is not None and not _session_members(pgid):
            break
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    for pid in _session_members(pgid):  # a child that moved to its own group but stayed in our session
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    time.sleep(0.5)
    return _session_members(pgid)


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The whole app on a free port, against a fresh migrated and seeded database."""
    tmp_dir = Path(tempfile.mkdtemp(prefix="wellops-e2e-"))
    port = _free_port()
    database_url = os.environ.get("WELLOPS_E2E_DATABASE_URL") or f"sqlite:///{tmp_dir / 'e2e.db'}"
    log_path = tmp_dir / "server.log"
    env = _server_env(port, database_url, tmp_dir)
    (tmp_dir / "data").mkdir()
    web_dir = _private_web_dir(tmp_dir)
    if web_dir is not None:
        env["REFLEX_WEB_WORKDIR"] = str(web_dir)
        env["REFLEX_STATES_WORKDIR"] = str(tmp_dir / "states")

    _run_setup_step([str(VENV_BIN / "alembic"), "upgrade", "head"], env, log_path)
    _run_setup_step([str(VENV_BIN / "python"), "-m", "well_ops.cli", "seed-demo"], env, log_path)

    cmd = [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port",
           "--frontend-port", str(port), "--backend-port", str(port)]
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(cmd)}\n")
    log_file = log_path.open("ab")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    server = AppServer(base_url=f"http://localhost:{port}", port=port, database_url=database_url,
                       log_path=log_path, tmp_dir=tmp_dir, env=env)
    try:
        _wait_until_ready(proc, server)
        yield server
    finally:
        leftovers = _stop_server(proc)
        log_file.close()
        if os.environ.get("WELLOPS_E2E_KEEP_TMP") != "1" and not leftovers:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        if leftovers:
            pytest.fail(f"server processes survived teardown: {leftovers} (log: {log_path})", pytrace=False)


def _wait_until_ready(proc: subprocess.Popen[bytes], server: AppServer) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    ping = f"http://127.0.0.1:{server.port}/ping"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app server exited with code {proc.returncode} before answering /ping; "
                        f"last lines of {server.log_path}:\n{_tail(server.log_path)}", pytrace=False)
        try:
            status, body = _http_get(ping, timeout=2)
            if status == 200 and "pong" in body:
                status, _ = _http_get(f"http://127.0.0.1:{server.port}/login", timeout=10)
                if status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(1)
    pytest.fail(f"the app server did not answer /ping within {STARTUP_TIMEOUT:.0f} s; "
                f"last lines of {server.log_path}:\n{_tail(server.log_path)}", pytrace=False)


# --------------------------------------------------------------------------------------------------------------
# Direct database access (read-only checks)
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def db_engine(app_server: AppServer) -> Iterator[Any]:
    """A plain SQLAlchemy engine on the test database, for checking what the app wrote."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    url = app_server.database_url
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    engine = sa.create_engine(url, poolclass=NullPool)
    yield engine
    engine.dispose()


# --------------------------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless system Chromium (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install the Debian 'chromium' package to run the e2e "
                    "tests (Playwright's own browser download is not used).", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"playwright is not installed in this venv ({exc}); see requirements.txt", pytrace=False)
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 (turn any launch problem into a clear failure)
            pytest.fail(f"could not launch {CHROMIUM}: {exc}", pytrace=False)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser: Any, app_server: AppServer) -> Iterator[Any]:
    """A page in a fresh browser context (no cookies, no storage)."""
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
