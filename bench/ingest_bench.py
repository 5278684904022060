"""Reading ingestion on PostgreSQL (issues #5 and #6): CSV import and the HTTP batch API against a plain COPY.

Own database ``bench_b`` (recreated, migrated to head), one well with an annulus whose MAASP / MOP are set, and
1,000,000 readings (one a second; one of them above MOP, so the limit checks run and one auto-task is raised).

(a) #5: a plain ``COPY annulus_measurements FROM STDIN`` of the 1,000,000 rows (server-parsed CSV, one
    transaction) vs ``import_file`` of the same rows as a CSV file (validation, duplicate check, limit checks,
    audit, snapshot refresh). The table is TRUNCATEd before each. Target: import <= 1.5x COPY.
(b) #6: the same rows POSTed to ``/api/annuli/{id}/measurements`` in 100 batches of 10,000, one client, through
    the real HTTP stack: the FastAPI app the Reflex backend mounts, under granian (the server of
    ``reflex run --env prod``) in a subprocess, port 3102.
    Target: >= 100,000 readings/s; the ratio to the plain COPY is printed. ``--streams 2``: two clients at once.
    CPU seconds (this process, the server's process group, the PostgreSQL backends) are printed too: on the
    shared machine wall times follow the load, CPU seconds much less.

    .venv/bin/python bench/ingest_bench.py [--rows 1000000] [--rounds 2] [--streams 1] [--skip-import|--skip-api]
    .venv/bin/python bench/ingest_bench.py --skip-import --streams 2 --annuli 2 --workers 2   # two SCADA feeds
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN_URL = os.environ.get("WELLOPS_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_NAME = "bench_b"
URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + DB_NAME
PORT = 3102
# recent readings, as a live SCADA feed sends them: the last 1,000,000 seconds (11.6 days) lie inside the 30-day SAP
# window, so every batch's snapshot refresh sees a window of up to a million readings
T0 = (datetime.now(timezone.utc) - timedelta(seconds=1_000_000 + 3600)).replace(microsecond=0)
BATCH = 10_000
LAST_COPY_CPU = [0.0, 0.0]  # client, postgres CPU seconds of the last plain COPY
COLUMNS = "annulus_id, measured_at, pressure_bar, temperature_c, source, is_bleed, created_at"


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def recreate() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg" + URL[len("postgresql"):])
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


def setup(wells: int = 1) -> tuple[list[int], str]:
    """``wells`` wells, each with an annulus with MAASP 60 bar and MOP 45 bar, an admin with an API token:
    (annulus ids, token)."""
    from sqlmodel import Session

    from well_ops import db
    from well_ops.auth.tokens import new_token, token_hash
    from well_ops.models.base import utcnow
    from well_ops.models.drilling import Well
    from well_ops.models.integrity import Annulus, AnnulusName
    from well_ops.models.users import LoginSession, Role, SessionKind, User

    engine = db.make_engine("postgresql+psycopg" + URL[len("postgresql"):])
    db.set_engine(engine)
    with Session(engine) as s:
        ids = []
        for k in range(wells):
            well = Well(name=f"Bench well {k + 1}")
            s.add(well)
            s.commit()
            annulus = Annulus(well_id=well.id, name=AnnulusName.A, maasp_bar=60.0, mop_bar=45.0,
                              fluid_type="brine", fluid_gradient_bar_per_m=0.1177, backup_fluid_gradient_bar_per_m=0.1)
            s.add(annulus)
            s.commit()
            ids.append(annulus.id or 0)
        user = User(email="bench@wellops.example", full_name="Bench", role=Role.admin, password_hash="x")
        s.add(user)
        s.commit()
        token = new_token()
        s.add(LoginSession(user_id=user.id or 0, token_hash=token_hash(token), kind=SessionKind.api,
                           expires_at=utcnow() + timedelta(hours=4)))
        s.commit()
        return ids, token


def readings(n: int) -> list[tuple[str, float, float, bool]]:
    """(ISO time, pressure, temperature, is_bleed), one a second; reading n/2 is above MOP (45 bar)."""
    rows = []
    for i in range(n):
        at = (T0 + timedelta(seconds=i)).isoformat().replace("+00:00", "Z")
        pressure = 48.5 if i == n // 2 else round(20.0 + (i % 600) * 0.01, 2)
        rows.append((at, pressure, round(40.0 + (i % 50) * 0.1, 1), i % 100_000 == 99_999))
    return rows


def _ticks(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Cpu:
    """CPU seconds used by this process and by the PostgreSQL backends serving ``bench_b`` (the machine is shared:
    wall times move with the load, CPU seconds much less)."""

    def __enter__(self) -> Cpu:
        self.me = time.process_time()
        self.pg = {pid: _ticks(pid) for pid in self._backends()}
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client = time.process_time() - self.me
        self.server = sum(_ticks(pid) - self.pg.get(pid, 0.0) for pid in set(self._backends()) | set(self.pg))

    @staticmethod
    def _backends() -> list[int]:
        with psycopg.connect(URL, autocommit=True) as conn:
            return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                                               "AND pid <> pg_backend_pid()", (DB_NAME,))]

    def __str__(self) -> str:
        return f"cpu: client {self.client:.1f} s + postgres {self.server:.1f} s"


def group_ticks(pgid: int) -> float:
    """CPU seconds used so far by the processes of a process group (the server and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def truncate() -> None:
    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute("TRUNCATE annulus_measurements")
        conn.execute("VACUUM ANALYZE annulus_measurements")


def plain_copy(annuli: list[int], rows: list[tuple[str, float, float, bool]]) -> float:
    """Seconds for a COPY of the rows as CSV (server-side parsing), committed; batch i of 10,000 rows goes to
    annulus ``annuli[i % len(annuli)]``, as the API run sends them."""
    created = datetime.now(timezone.utc).isoformat()
    text = "".join(f"{annuli[(j // BATCH) % len(annuli)]},{at},{p},{t},scada,{'t' if b else 'f'},{created}\n"
                   for j, (at, p, t, b) in enumerate(rows))
    data = text.encode()
    truncate()
    with psycopg.connect(URL) as conn:
        pid = conn.info.backend_pid
        t0, c0, p0 = time.perf_counter(), time.process_time(), _ticks(pid)
        with conn.cursor() as cur, cur.copy(f"COPY annulus_measurements ({COLUMNS}) FROM STDIN (FORMAT csv)") as cp:
            for start in range(0, len(data), 1 << 20):
                cp.write(data[start:start + (1 << 20)])
        conn.commit()
        seconds = time.perf_counter() - t0
        LAST_COPY_CPU[:] = [time.process_time() - c0, _ticks(pid) - p0]
        return seconds


def import_csv(annulus_id: int, rows: list[tuple[str, float, float, bool]]) -> tuple[float, object]:
    from well_ops.services.context import SYSTEM
    from well_ops.services.integrity import imports

    content = ("measured_at,pressure_bar,temperature_c,source,is_bleed\n" + "".join(
        f"{at},{p},{t},scada,{'true' if b else 'false'}\n" for at, p, t, b in rows)).encode()
    mapping = {"time_col": "measured_at", "pressure_col": "pressure_bar", "temperature_col": "temperature_c",
               "source_col": "source", "bleed_col": "is_bleed"}
    truncate()
    with Cpu() as cpu:
        t0 = time.perf_counter()
        result = imports.import_file(SYSTEM, annulus_id, "readings.csv", content, mapping)
        seconds = time.perf_counter() - t0
    return seconds, (result, cpu)


def start_server(workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": URL, "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{PORT}"}
    granian = str(Path(sys.executable).parent / "granian")  # the server reflex runs in prod
    proc = subprocess.Popen([granian, "--interface", "asgi", "--host", "127.0.0.1", "--port", str(PORT),
                             "--workers", str(workers), "--no-ws", "--log-level", "warning",
                             "well_ops.api.app:api_app"],
                            cwd=ROOT, env=env, start_new_session=True)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{PORT}/api/openapi.json", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("granian did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def post_batches(annuli: list[int], token: str, rows: list[tuple[str, float, float, bool]],
                 server: subprocess.Popen[bytes], streams: int = 1) -> tuple[float, dict]:
    """POST the rows in batches of 10,000: one client sending them one after the other, or ``streams`` clients
    at once (batch i by client i % streams, to annulus ``annuli[i % len(annuli)]``; batches of one annulus take
    turns on its lock, batches of different annuli run side by side)."""
    bodies = [json.dumps({"source": "scada", "readings": [
        {"measured_at": at, "pressure_bar": p, "temperature_c": t, "is_bleed": b}
        for at, p, t, b in rows[start:start + BATCH]]}).encode() for start in range(0, len(rows), BATCH)]
    truncate()
    totals = {"inserted": 0, "duplicates": 0, "tasks_raised": 0, "exceedances": 0}
    headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
    urls = [f"http://127.0.0.1:{PORT}/api/annuli/{a}/measurements" for a in annuli]
    lock = threading.Lock()

    def send(mine: list[tuple[str, bytes]]) -> None:
        with httpx.Client(timeout=300) as client:
            for url, body in mine:
                answer = client.post(url, content=body, headers=headers)
                answer.raise_for_status()
                out = answer.json()
                with lock:
                    totals["inserted"] += out["inserted"]
                    totals["duplicates"] += out["duplicates"]
                    totals["tasks_raised"] += len(out["tasks_raised"])
                    totals["exceedances"] += len(out["exceedances"])

    with Cpu() as cpu:
        s0 = group_ticks(server.pid)
        t0 = time.perf_counter()
        work = [(urls[i % len(urls)], body) for i, body in enumerate(bodies)]
        workers = [threading.Thread(target=send, args=(work[k::streams],)) for k in range(streams)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        seconds = time.perf_counter() - t0
        totals["server_cpu"] = round(group_ticks(server.pid) - s0, 1)
    totals["postgres_cpu"], totals["client_cpu"] = round(cpu.server, 1), round(cpu.client, 1)
    return seconds, totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--streams", type=int, default=1, help="API clients sending batches at the same time")
    parser.add_argument("--annuli", type=int, default=1,
                        help="annuli (one per well) the API batches go to, round-robin (default 1; use --streams)")
    parser.add_argument("--workers", type=int, default=1, help="granian workers of the API server")
    parser.add_argument("--skip-api", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {load()}  (cpus: {os.cpu_count()})")
    recreate()
    annuli, token = setup(max(1, args.annuli))
    annulus_id = annuli[0]
    rows = readings(args.rows)
    n = len(rows)
    copies: list[float] = []
    if not args.skip_import:
        print(f"\n(a) #5 CSV import vs plain COPY, {n:,} rows")
        for r in range(args.rounds):
            c = plain_copy([annulus_id], rows)
            copies.append(c)
            copy_cpu = sum(LAST_COPY_CPU)
            i, (result, cpu) = import_csv(annulus_id, rows)  # type: ignore[misc]
            print(f"  round {r + 1}: COPY {c:6.2f} s ({n / c:,.0f} rows/s) | import_file {i:6.2f} s "
                  f"({n / i:,.0f} rows/s) | ratio {i / c:.2f}x | {result.inserted:,} inserted, "
                  f"{len(result.tasks_raised)} task(s) raised | load {load()}\n"
                  f"           COPY cpu: client {LAST_COPY_CPU[0]:.1f} s + postgres {LAST_COPY_CPU[1]:.1f} s | "
                  f"import {cpu} | cpu ratio {(cpu.client + cpu.server) / copy_cpu:.2f}x")
    if not args.skip_api:
        print(f"\n(b) #6 POST /api/annuli/{{id}}/measurements, {n // BATCH:,} batches of {BATCH:,} to {len(annuli)} "
              f"annuli, {args.streams} client(s), granian :{PORT} with {args.workers} worker(s)")
        proc = start_server(args.workers)
        try:
            for r in range(args.rounds):
                c = plain_copy(annuli, rows)
                copies.append(c)
                seconds, totals = post_batches(annuli, token, rows, proc, args.streams)
                print(f"  round {r + 1}, {args.streams} client(s): COPY {c:6.2f} s | API {seconds:6.2f} s = "
                      f"{n / seconds:,.0f} readings/s | "
                      f"ratio {seconds / c:.2f}x | {totals} | load {load()}\n"
                      f"           COPY cpu: client {LAST_COPY_CPU[0]:.1f} s + postgres {LAST_COPY_CPU[1]:.1f} s")
        finally:
            stop_server(proc)
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
