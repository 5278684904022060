"""Load test through the real websocket event path (issue #7). Prints figures; never a timed test.

    .venv/bin/python bench/load_test.py                      # the issue's full run (about 20 minutes)
    .venv/bin/python bench/load_test.py --duration 60 --peak-duration 30 --single-duration 30   # a short run

What it does:
1. recreates its own PostgreSQL database (``--db-name``, default ``load_f``), migrates it, loads ``seed-demo``
   and one account per simulated user (bench/load_data.py; bcrypt cost 4 for these accounts);
2. starts the app with the production supervisor ``scripts/serve.py`` (``reflex run --env prod
   --single-port``) with ``REDIS_URL`` (``--redis-url``: a Redis you started, e.g. ``redis-server --port 6390
   --save "" --appendonly no``) and ``--workers`` granian workers (``GRANIAN_WORKERS``);
3. logs the simulated users in (mixed roles), then runs the phases: steady (``--users`` users, ``--duration``),
   peak (``--peak-users`` users, ``--peak-duration``); each user opens the dashboard and the board, moves its
   cards, enters readings, opens the integrity page and its chart, with exponential think time (mean
   ``users / rate`` seconds, so ``--users`` users send about ``--rate`` events/s);
4. restarts the app with one worker and no Redis (Reflex's single-machine default) and runs ``--single-users``
   users for ``--single-duration``, then steps up (``--steps``) to show where it saturates;
5. checks every acknowledged write in the database (lost writes) and prints one table with PASS/FAIL.

The generator is pinned to one core (``--cpu``) and prints its own CPU use per phase: near 100 % means the client,
not the server, is the bottleneck. Worker memory (RSS and USS) is sampled at start, every 60 s and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load_data  # noqa: E402
from load_server import MACHINE_CPUS, AppUnderLoad, cpu_by_name, cpu_delta, server_env, slope_mb_per_min  # noqa: E402
from load_users import MIN_THINK_S, SET_RANGE, LoadClient, Recorder, SimUser, Writes  # noqa: E402

STEADY_TARGETS = {"p50": 15.0, "p95": 100.0, "p99": 200.0}
PEAK_TARGETS = {"p95": 250.0}
DB_PROCS = ("postgres", "redis-server")
MEMORY_SLOPE_LIMIT = 1.0  # MB/min per worker: more than this over the steady phase counts as a growth trend


@dataclass
class PhaseResult:
    name: str
    users: int
    duration_s: float
    rec: Recorder
    gen_cpu_pct: float
    server_cpu_pct: float
    db_cpu_pct: float
    targets: dict[str, float]
    memory: dict[int, tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=dict)
    lost: int | None = None
    dropped: int = 0

    @property
    def all_ms(self) -> list[float]:
        return [ms for values in self.rec.latencies.values() for ms in values]

    @property
    def failures(self) -> int:
        return sum(self.rec.failures.values())


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


class Run:
    """One server (one configuration) and the users driving it."""

    def __init__(self, args: argparse.Namespace, manifest: dict[str, Any], server: AppUnderLoad, label: str) -> None:
        self.args, self.manifest, self.server, self.label = args, manifest, server, label
        self.users: list[SimUser] = []
        self.writes = Writes()
        self.me = psutil.Process()
        task_ids = [t for u in manifest["users"] for t in u["task_ids"]]
        self.v0 = {t: v for t, (_s, v) in load_data.task_rows(args.database_url, task_ids).items()}

    async def grow(self, n: int) -> None:
        """Log in users until there are ``n`` (ten at a time), each then opens the dashboard once (warm-up)."""
        base = f"http://localhost:{self.server.port}"
        new = []
        for spec in self.manifest["users"][len(self.users):n]:
            client = LoadClient(base, f"ws://localhost:{self.server.port}", response_timeout=self.args.timeout)
            new.append(SimUser(spec["i"], spec["email"], spec["role"], spec["user_id"], spec["task_ids"], client,
                               self.manifest["annuli"], self.manifest["rig_ids"], random.Random(spec["i"] * 7919)))
        gate = asyncio.Semaphore(10)

        async def start(user: SimUser) -> None:
            async with gate:
                await user.login()
                await user.navigate(Recorder(), "warm-up", "/", {})

        await asyncio.gather(*(start(u) for u in new))
        self.users.extend(new)

    async def phase(self, name: str, n: int, duration: float, targets: dict[str, float]) -> PhaseResult:
        await self.grow(n)
        active = self.users[:n]
        rec, stop = Recorder(), asyncio.Event()
        think = self.args.users / self.args.rate  # seconds between one user's events
        dropped0 = sum(u.client.dropped for u in active)
        mem0 = self.server.sample_memory(f"{name} start")
        cpu0, srv0, db0, t0 = self.me.cpu_times(), self.server.cpu_seconds(), cpu_by_name(*DB_PROCS), time.monotonic()
        print(f"[{self.label}] {name}: {n} users for {duration:.0f} s (think time mean {think:.1f} s)", flush=True)
        sampler = asyncio.create_task(self.sample_every(60, name))
        loops = [asyncio.create_task(u.run(rec, self.writes, stop, think)) for u in active]
        await asyncio.sleep(duration)
        stop.set()
        await asyncio.gather(*loops)
        wall = time.monotonic() - t0
        sampler.cancel()
        cpu1 = self.me.cpu_times()
        gen = (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / wall * 100
        srv = (self.server.cpu_seconds() - srv0) / wall * 100
        dbs = cpu_delta(db0, cpu_by_name(*DB_PROCS)) / wall * 100
        mem1 = self.server.sample_memory(f"{name} end")
        result = PhaseResult(name, n, wall, rec, gen, srv, dbs, targets,
                             memory={pid: (mem0.get(pid, (0.0, 0.0)), mem1.get(pid, (0.0, 0.0))) for pid in mem1},
                             dropped=sum(u.client.dropped for u in active) - dropped0)
        print_phase(self.label, result)
        return result

    async def calibrate(self, per_kind: int) -> None:
        """One user alone, each action ``per_kind`` times in a row: app and database CPU per action, latency."""
        await self.grow(1)
        user, actions = self.users[0], self.users[0].actions(self.writes)
        print(f"[{self.label}] calibration: one {user.role} alone, {per_kind} of each action in a row", flush=True)
        for kind, act in actions.items():
            rec = Recorder()
            await act(Recorder())  # reach the page first
            srv0, db0 = self.server.cpu_seconds(), cpu_by_name(*DB_PROCS)
            for _ in range(per_kind):
                await asyncio.sleep(MIN_THINK_S)
                await act(rec)
            app_ms = (self.server.cpu_seconds() - srv0) / per_kind * 1000
            db_ms = cpu_delta(db0, cpu_by_name(*DB_PROCS)) / per_kind * 1000
            ms = rec.latencies.get(kind, [])
            print(f"    {kind:10s} app CPU {app_ms:5.1f} ms + PostgreSQL/Redis CPU {db_ms:5.1f} ms per action; "
                  f"latency p50 {pct(ms, 50):6.1f} ms, p95 {pct(ms, 95):6.1f} ms; failures {rec.failures or 0}",
                  flush=True)
        await self.floor(user)
        await self.race_check(user)

    async def floor(self, user: SimUser, n: int = 100) -> None:
        """Reflex's own cost of one event: ``n`` chart-range events with a range the handler ignores (no database,
        no var changed: the state is loaded, locked and saved, the handler runs, nothing to send), minus the
        server's idle CPU over the same time."""
        if user.page != user.integrity_path and not await user.open_integrity(Recorder()):
            return

        async def burst(send: bool) -> float:
            srv0 = self.server.cpu_seconds()
            for _ in range(n):
                if send:
                    await user.client.emit(SET_RANGE, {"value": "ignored"}, user.integrity_path)
                await asyncio.sleep(0.02)
            await asyncio.sleep(1.0)
            return self.server.cpu_seconds() - srv0

        idle = await burst(False)
        busy = await burst(True)
        print(f"    floor      app CPU {(busy - idle) / n * 1000:5.1f} ms per event that does nothing (Reflex's own "
              f"load / lock / save of the page state; {n} events, idle {idle * 1000:.0f} ms subtracted)", flush=True)

    async def race_check(self, user: SimUser) -> None:
        """Navigate back to back (the next page requested the moment the previous one is hydrated), as a user
        clicking very fast or an on_load redirect does: count the navigations that stall (> 5 s)."""
        pairs = self.args.race_check
        if not pairs:
            return
        rec, stalls = Recorder(), []
        for i in range(pairs):
            for path, query in (("/", {}), ("/tasks", {"rig": str(self.manifest["rig_ids"][0])})):
                t0 = time.perf_counter()
                try:
                    await user.navigate(rec, "nav", path, query)
                except AssertionError:
                    pass
                if (spent := time.perf_counter() - t0) > 5:
                    stalls.append(f"#{2 * i + (path != '/')} {spent:.1f} s")
        print(f"    race check: {2 * pairs} back-to-back navigations, {len(stalls)} stalled > 5 s {stalls}; "
              f"the others p50 {pct(rec.latencies.get('nav', []), 50):.1f} ms", flush=True)

    async def sample_every(self, seconds: float, name: str) -> None:
        while True:
            await asyncio.sleep(seconds)
            sample = self.server.sample_memory(name)
            print(f"  memory ({name}): " + ", ".join(f"pid {pid} {rss:.0f}/{uss:.0f} MB"
                                                     for pid, (rss, uss) in sample.items()) + " (RSS/USS)", flush=True)

    async def close(self) -> None:
        await asyncio.gather(*(u.close() for u in self.users), return_exceptions=True)

    def lost_writes(self) -> tuple[int, str]:
        """Acknowledged writes missing from the database (run after the server stopped)."""
        w = self.writes
        rows = load_data.task_rows(self.args.database_url, sorted(w.moves))
        lost_moves = []
        for task_id, count in w.moves.items():
            status, version = rows.get(task_id, ("missing", 0))
            expected = self.v0.get(task_id, 1) + count
            if version < expected or (task_id not in w.unacked_moves and status != w.last_status[task_id]):
                lost_moves.append((task_id, status, version, w.last_status[task_id], expected))
        missing = load_data.missing_readings(self.args.database_url, w.readings)
        text = (f"{sum(w.moves.values())} acknowledged card moves on {len(w.moves)} tasks: {len(lost_moves)} lost "
                f"{lost_moves[:5]}; {len(w.readings)} acknowledged readings: {len(missing)} missing {missing[:5]}")
        return len(lost_moves) + len(missing), text


def print_phase(label: str, r: PhaseResult) -> None:
    ms = r.all_ms
    print(f"[{label}] {r.name}: {len(ms)} answered events in {r.duration_s:.0f} s = {len(ms) / r.duration_s:.1f}/s; "
          f"p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, p99 {pct(ms, 99):.1f} ms, max {max(ms or [0]):.0f} ms; "
          f"failures {r.failures} {r.rec.failures}; generator CPU {r.gen_cpu_pct:.0f} % of its core; "
          f"app CPU {r.server_cpu_pct:.0f} %, PostgreSQL + Redis CPU {r.db_cpu_pct:.0f} % (200 % = both cores)",
          flush=True)
    for kind, values in sorted(r.rec.latencies.items()):
        print(f"    {kind:10s} n={len(values):6d}  p50 {pct(values, 50):7.1f}  p95 {pct(values, 95):7.1f}  "
              f"p99 {pct(values, 99):7.1f}  max {max(values):7.0f} ms")
    for sample in r.rec.failure_samples[:5]:
        print(f"    failure: {sample}")


def verdict(r: PhaseResult, memory_slope: float | None) -> str:
    ms = r.all_ms
    checks = [pct(ms, int(k[1:])) <= limit for k, limit in r.targets.items()]
    checks += [r.failures == 0, r.dropped == 0, (r.lost or 0) == 0]
    checks += [memory_slope is None or memory_slope <= MEMORY_SLOPE_LIMIT]
    return "PASS" if all(checks) else "FAIL"


def memory_report(server: AppUnderLoad, phase: str) -> tuple[str, float | None]:
    """Per worker: USS at the phase's first and last sample, the slope over the whole phase and over its second half
    (after the warm-up: caches filling); returns the text and the largest second-half slope (None: too few samples)."""
    per_pid: dict[int, list[tuple[float, float]]] = {}
    for t, label, sample in server.memory:
        if label == phase or label in (f"{phase} start", f"{phase} end"):
            for pid, (_rss, uss) in sample.items():
                per_pid.setdefault(pid, []).append((t, uss))
    parts, worst = [], None
    for points in per_pid.values():
        mid = (points[0][0] + points[-1][0]) / 2
        late = [p for p in points if p[0] >= mid]
        late_slope = slope_mb_per_min(late) if len(late) >= 3 else None
        if late_slope is not None:
            worst = late_slope if worst is None else max(worst, late_slope)
        parts.append(f"{points[0][1]:.0f}->{points[-1][1]:.0f} MB ({slope_mb_per_min(points):+.2f} MB/min; "
                     f"2nd half {'n/a' if late_slope is None else f'{late_slope:+.2f}'})")
    return "; ".join(parts), worst


def mem_mark(r: PhaseResult, server: AppUnderLoad) -> str:
    worst = memory_report(server, r.name)[1]
    return "n/a (short)" if worst is None else f"{worst:+.2f} MB/min {'✓' if worst <= MEMORY_SLOPE_LIMIT else '✗'}"


def table(rows: list[tuple[str, PhaseResult, AppUnderLoad]]) -> None:
    print("\n| phase | users | events/s | p50 ms | p95 ms | p99 ms | max ms | failed / timeouts / disconnects "
          "| lost writes | generator CPU | app CPU | PG + Redis CPU | memory trend | result |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, r, _server in rows:
        ms = r.all_ms
        timeouts = r.rec.failures.get("timeout", 0)
        disconnects = r.rec.failures.get("disconnected", 0) + r.dropped
        marks = {k: (" ✓" if pct(ms, int(k[1:])) <= v else f" ✗ (>{v:.0f})") for k, v in r.targets.items()}
        print(f"| {label} {r.name} | {r.users} | {len(ms) / r.duration_s:.1f} "
              f"| {pct(ms, 50):.1f}{marks.get('p50', '')} | {pct(ms, 95):.1f}{marks.get('p95', '')} "
              f"| {pct(ms, 99):.1f}{marks.get('p99', '')} | {max(ms or [0]):.0f} "
              f"| {r.failures - timeouts - r.rec.failures.get('disconnected', 0)} / {timeouts} / {disconnects} "
              f"| {'-' if r.lost is None else r.lost} | {r.gen_cpu_pct:.0f} % | {r.server_cpu_pct:.0f} % "
              f"| {r.db_cpu_pct:.0f} % "
              f"| {mem_mark(r, _server)} | {verdict(r, memory_report(_server, r.name)[1])} |")
    print("\nWorker memory (USS at the phase's first -> last sample, slope):")
    for label, r, server in rows:
        text, worst = memory_report(server, r.name)
        mark = ("too short to judge a trend" if worst is None else "no growth trend" if worst <= MEMORY_SLOPE_LIMIT
                else f"GROWTH (> {MEMORY_SLOPE_LIMIT} MB/min in the 2nd half)")
        rss = ", ".join(f"{a[0]:.0f}->{b[0]:.0f}" for a, b in r.memory.values())
        print(f"- {label} {r.name}: {text} -> {mark}; RSS {rss} MB")


async def drive(args: argparse.Namespace, manifest: dict[str, Any], redis_url: str | None, workers: int,
                label: str, plan: list[tuple[str, int, float, dict[str, float]]]) -> list[tuple[str, PhaseResult,
                                                                                             AppUnderLoad]]:
    work_dir = Path(args.work_dir) / label.replace(" ", "_")
    env = server_env(args.port, args.database_url, redis_url, workers, work_dir)
    server = AppUnderLoad(args.port, env, work_dir / "server.log", workers)
    print(f"[{label}] starting the app (serve.py, {workers} worker(s), Redis {'on' if redis_url else 'off'}); "
          f"log {server.log_path}", flush=True)
    t0 = time.monotonic()
    server.start()
    print(f"[{label}] up in {time.monotonic() - t0:.0f} s; workers " + ", ".join(
        f"pid {pid} {rss:.0f}/{uss:.0f} MB" for pid, (rss, uss) in server.sample_memory("start").items())
        + " (RSS/USS)", flush=True)
    run = Run(args, manifest, server, label)
    results = []
    try:
        if args.calibrate:
            await run.calibrate(args.calibrate)
        for name, n, duration, targets in plan:
            if name.startswith("step") and results and pct(results[-1][1].all_ms, 95) > PEAK_TARGETS["p95"]:
                print(f"[{label}] {name} skipped: already saturated at {results[-1][1].users} users "
                      f"(p95 {pct(results[-1][1].all_ms, 95):.0f} ms)", flush=True)
                break
            results.append((label, await run.phase(name, n, duration, targets), server))
    finally:
        await run.close()
        server.stop()
    lost, text = run.lost_writes()
    print(f"[{label}] lost writes: {text}", flush=True)
    for _label, r, _server in results:
        r.lost = lost
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=5, help="granian workers with Redis (Reflex default here: 5)")
    parser.add_argument("--redis", action=argparse.BooleanOptionalAction, default=True,
                        help="the main run with Redis and --workers (--no-redis: one worker, state on disk)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6390/0")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rate", type=float, default=50.0, help="events/s that --users users send together")
    parser.add_argument("--duration", type=float, default=600.0, help="steady phase, seconds")
    parser.add_argument("--peak-users", type=int, default=200)
    parser.add_argument("--peak-duration", type=float, default=180.0)
    parser.add_argument("--single", action=argparse.BooleanOptionalAction, default=True,
                        help="also run one worker without Redis")
    parser.add_argument("--single-users", type=int, default=100)
    parser.add_argument("--single-duration", type=float, default=180.0)
    parser.add_argument("--steps", default="150,200", help="single-worker step-up user counts (empty: none)")
    parser.add_argument("--step-duration", type=float, default=45.0)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds without an answer = timeout")
    parser.add_argument("--port", type=int, default=3106)
    parser.add_argument("--db-name", default="load_f")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--cpu", type=int, default=1, help="the core the generator is pinned to")
    parser.add_argument("--work-dir", default="/tmp/load_f/run")
    parser.add_argument("--calibrate", type=int, default=10, help="actions of each kind for the one-user cost "
                        "calibration before the phases (0: skip)")
    parser.add_argument("--race-check", type=int, default=20, help="back-to-back navigation pairs after the "
                        "calibration (0: skip)")
    parser.add_argument("--reuse-db", action="store_true", help="skip the database rebuild (development runs)")
    args = parser.parse_args()
    args.database_url = f"{args.pg}/{args.db_name}"

    os.sched_setaffinity(0, {args.cpu})
    print(f"generator pinned to core {args.cpu} (pid {os.getpid()}); machine has {os.cpu_count()} cores; the app "
          f"runs on cores {sorted(MACHINE_CPUS)}", flush=True)
    steps = [int(s) for s in args.steps.split(",") if s.strip()]
    most = max([args.users, args.peak_users, args.single_users, *steps])
    t0 = time.monotonic()
    manifest_path = Path(args.work_dir) / "manifest.json"
    if args.reuse_db and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        print(f"database {args.db_name}: reused as the last run left it", flush=True)
    else:
        load_data.recreate_database(f"{args.pg}/postgres", args.db_name)
        manifest = load_data.prepare(args.database_url, most, dict(os.environ))
        manifest_path.parent.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest))
        roles = {r: sum(u["role"] == r for u in manifest["users"]) for r in load_data.ROLE_MIX}
        print(f"database {args.db_name}: migrated, demo data + {most} load users {roles}, "
              f"{sum(len(u['task_ids']) for u in manifest['users'])} load tasks, in {time.monotonic() - t0:.0f} s",
              flush=True)

    rows = []
    workers = args.workers if args.redis else 1
    main_label = f"{workers} workers + Redis" if args.redis else "1 worker, no Redis"
    plan = [("steady", args.users, args.duration, STEADY_TARGETS)]
    if args.peak_duration > 0:
        plan.append(("peak", args.peak_users, args.peak_duration, PEAK_TARGETS))
    rows += asyncio.run(drive(args, manifest, args.redis_url if args.redis else None, workers, main_label, plan))
    if args.single and args.redis:
        plan = [("steady", args.single_users, args.single_duration, STEADY_TARGETS)]
        plan += [(f"step {n}", n, args.step_duration, PEAK_TARGETS) for n in steps]
        rows += asyncio.run(drive(args, manifest, None, 1, "1 worker, no Redis", plan))
    table(rows)


if __name__ == "__main__":
    main()
