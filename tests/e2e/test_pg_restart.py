"""PostgreSQL restarted in the middle of a session (issue #7).

The app (``reflex run --env prod --backend-only``: the websocket and the services, no frontend build, so the test
starts in seconds) runs against a PostgreSQL instance private to this module: its own data directory in a temp dir,
its own port, started with ``pg_ctl`` (as the ``postgres`` user when the tests run as root). The shared instance on
5432 is never touched. A logged-in websocket client creates rigs; the database is then stopped the hard way
(``pg_ctl stop -m immediate``: a crash, recovered from the WAL at the next start); the same client's next write
gets a clear "database unavailable" toast within seconds, without a hang and without killing the server; the
database comes back, and the same client (same socket, no new login) writes again at once. Every write that was
acknowledged before the crash is in the database; the refused one left nothing behind (no rig, no audit row).
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from e2e_helpers import run_async
from reflex_client import ReflexClient, delta_value, handler, toasts
from sqlalchemy.pool import NullPool

from well_ops.services.errors import DATABASE_UNAVAILABLE
from well_ops.state.auth import AuthState
from well_ops.state.rigs import RigsState

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
OPS = "ops@wellops.example"  # may create rigs
IN_CI = os.environ.get("CI", "").lower() == "true"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _ping(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as resp:  # noqa: S310
            return resp.status == 200 and b"pong" in resp.read(100)
    except OSError:
        return False


class PrivatePostgres:
    """A throw-away PostgreSQL cluster: ``initdb`` in a temp dir, trust auth, its own port and socket directory."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.data = base / "pgdata"
        self.port = _free_port()
        self.log = base / "postgres.log"
        self.as_postgres = os.geteuid() == 0  # PostgreSQL refuses to run as root
        initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        if not initdb or not pg_ctl:
            if IN_CI:
                pytest.fail("initdb/pg_ctl are required in CI (the postgresql package)")
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.initdb, self.pg_ctl = initdb, pg_ctl
        if self.as_postgres:
            shutil.chown(base, user="postgres", group="postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/wellops"

    def _run(self, *cmd: str, timeout: float = 120) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.as_postgres else list(cmd)
        subprocess.run(full, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)

    def init(self) -> None:
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()
        self._run(_pg_bin("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "wellops")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1"
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@dataclass
class Backend:
    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path
    pg: PrivatePostgres

    @property
    def base_url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://localhost:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _env(port: int, tmp: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("PYTHONPATH", "REDIS_URL", "REFLEX_REDIS_URL"):  # one worker, state on disk: this test is about PG
        env.pop(key, None)
    env.update({
        "PATH": os.pathsep.join([str(ROOT / ".tools" / "node_modules" / ".bin"), str(VENV_BIN), env.get("PATH", "")]),
        "VIRTUAL_ENV": str(VENV_BIN.parent), "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_TELEMETRY_ENABLED": "false",
        "TELEMETRY_ENABLED": "false", "DATABASE_URL": database_url, "WELLOPS_PORT": str(port),
        "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "WELLOPS_BCRYPT_ROUNDS": "4", "WELLOPS_DATA_DIR": str(tmp / "data"),
        "WELLOPS_UPLOAD_DIR": str(tmp / "data" / "attachments"), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1",
        "REFLEX_WEB_WORKDIR": str(tmp / "web"), "REFLEX_STATES_WORKDIR": str(tmp / "states"),
        "REFLEX_FRONTEND_PORT": "0",  # rxconfig sets it from WELLOPS_PORT; a backend-only run refuses one
    })
    return env


@pytest.fixture(scope="module")
def backend() -> Iterator[Backend]:
    pg_dir = Path(tempfile.mkdtemp(prefix="wellops-pg-"))
    app_dir = Path(tempfile.mkdtemp(prefix="wellops-pg-app-"))
    (app_dir / "data").mkdir()
    log_path = app_dir / "server.log"
    pg = PrivatePostgres(pg_dir)
    proc = None
    try:
        pg.init()
        port = _free_port()
        env = _env(port, app_dir, pg.url)
        with log_path.open("ab") as log:
            for cmd in ([str(VENV_BIN / "alembic"), "upgrade", "head"],
                        [str(VENV_BIN / "python"), "-m", "well_ops.cli", "seed-demo"]):
                subprocess.run(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True, timeout=300)
            proc = subprocess.Popen([str(VENV_BIN / "reflex"), "run", "--env", "prod", "--backend-only",
                                     "--backend-port", str(port)], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 180
        while not _ping(port):
            assert proc.poll() is None, f"the backend exited:\n{log_path.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the backend did not answer /ping:\n{log_path.read_text()[-3000:]}"
            time.sleep(0.5)
        yield Backend(proc, port, log_path, pg)
    finally:
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if pg.running():
            with contextlib.suppress(subprocess.SubprocessError):
                pg.stop("immediate")
        if os.environ.get("WELLOPS_E2E_KEEP_TMP") != "1":
            shutil.rmtree(pg_dir, ignore_errors=True)
            shutil.rmtree(app_dir, ignore_errors=True)


async def _save_rig(client: ReflexClient, name: str) -> tuple[list[str], list[str], float]:
    """Create a rig through the rigs page's form handler; (success toasts, error toasts, seconds it took)."""
    started = time.monotonic()
    replies = await client.call(handler(RigsState, "save"),
                                {"form": {"name": name, "rig_type": "land", "contractor": "fault test"}},
                                pathname="/rigs")
    return toasts(replies, "success"), toasts(replies, "error"), time.monotonic() - started


async def _session_across_a_crash(app: Backend) -> dict[str, Any]:
    out: dict[str, Any] = {"before": [], "after": []}
    async with ReflexClient(app.base_url, app.ws_url) as client:
        await client.login(OPS)
        for n in range(3):
            ok, errors, _ = await _save_rig(client, f"pg-before-{n}")
            assert ok and not errors, f"a write before the crash failed: {ok} {errors}"
            out["before"].append(f"pg-before-{n}")

        await asyncio.to_thread(app.pg.stop, "immediate")
        out["down_save"] = await _save_rig(client, "pg-during-outage")
        down_load = await client.call(handler(RigsState, "load"), {}, pathname="/rigs")
        out["down_load_errors"] = toasts(down_load, "error")
        out["connected_while_down"] = client.connected

        await asyncio.to_thread(app.pg.start)
        for n in range(2):  # the same socket and session: no reconnect, no new login
            ok, errors, _ = await _save_rig(client, f"pg-after-{n}")
            out["after"].append((ok, errors))
        loaded = await client.call(handler(RigsState, "load"), {}, pathname="/rigs")
        out["rows_after"] = [r["name"] for m in loaded for r in (delta_value(m, RigsState, "rows") or [])]
        out["redirects"] = [ev for m in loaded for ev in (m.get("events") or []) if ev.get("name") == "_redirect"]
        out["email"] = [v for m in client.messages if (v := delta_value(m, AuthState, "user_email"))]
    return out


def test_a_postgres_restart_mid_session(backend: Backend) -> None:
    app = backend
    server_pid = app.proc.pid
    out = run_async(_session_across_a_crash(app), timeout=240)

    ok, errors, seconds = out["down_save"]
    print(f"\nwrite while PostgreSQL is down: error toast after {seconds:.2f} s")
    assert not ok, f"a write 'succeeded' while the database was down: {out}"
    assert errors and any(DATABASE_UNAVAILABLE in js for js in errors), f"no clear error toast: {errors}"
    assert seconds < 10, f"the failing write took {seconds:.1f} s to answer"
    assert out["down_load_errors"] and DATABASE_UNAVAILABLE in out["down_load_errors"][0], out
    assert out["connected_while_down"], "the client was disconnected while the database was down"

    for n, (saved, failed) in enumerate(out["after"]):
        assert saved and not failed, f"write #{n} after the restart failed: {out['after']}"
    assert {"pg-before-0", "pg-before-1", "pg-before-2", "pg-after-0", "pg-after-1"} <= set(out["rows_after"]), out
    assert not out["redirects"], f"the session was lost: {out['redirects']}"
    assert app.proc.poll() is None and app.proc.pid == server_pid, "the backend died"
    assert "unexpected error in an event handler" not in app.log()

    engine = sa.create_engine(app.pg.url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            names = set(conn.execute(sa.text("SELECT name FROM rigs WHERE contractor = 'fault test'")).scalars())
            audited = list(conn.execute(sa.text(
                "SELECT after FROM audit_log WHERE entity = 'rigs' AND action = 'create'")).scalars())
    finally:
        engine.dispose()
    assert names == {"pg-before-0", "pg-before-1", "pg-before-2", "pg-after-0", "pg-after-1"}, names
    audited_names = {str((row or {}).get("name")) for row in audited}
    assert "pg-during-outage" not in audited_names, "the refused write left an audit row"
    assert {"pg-before-0", "pg-after-1"} <= audited_names, audited_names
