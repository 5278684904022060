"""The app under load (bench/load_test.py): started through the production supervisor ``scripts/serve.py``
(``reflex run --env prod --single-port``), its backend worker processes, and their memory.

Reflex 0.10.1 runs granian with ``GRANIAN_WORKERS`` workers (default: min(2 * cores + 1, 8) when a Redis URL is
configured, exactly 1 without Redis, state then on disk). Our rxconfig passes ``REDIS_URL`` to ``rx.Config``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
TOOLS_BIN = ROOT / ".tools" / "node_modules" / ".bin"
MB = 1024 * 1024


def server_env(port: int, database_url: str, redis_url: str | None, workers: int, work_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "REFLEX_REDIS_URL", "GRANIAN_WORKERS", "PYTHONPATH"):
        env.pop(name, None)
    env.update({
        "PATH": os.pathsep.join([str(TOOLS_BIN), str(VENV_BIN), env.get("PATH", "")]),
        "VIRTUAL_ENV": str(VENV_BIN.parent),
        "REFLEX_USE_SYSTEM_BUN": "1", "REFLEX_TELEMETRY_ENABLED": "false", "TELEMETRY_ENABLED": "false",
        "REFLEX_WEB_WORKDIR": str(ROOT / ".web_F"), "REFLEX_STATES_WORKDIR": str(work_dir / "states"),
        "DATABASE_URL": database_url, "WELLOPS_PORT": str(port),
        "WELLOPS_ALLOWED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
        "WELLOPS_BCRYPT_ROUNDS": "4",
        "WELLOPS_DATA_DIR": str(work_dir / "data"), "WELLOPS_UPLOAD_DIR": str(work_dir / "data" / "attachments"),
        "PYTHONUNBUFFERED": "1", "NO_COLOR": "1",
    })
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["GRANIAN_WORKERS"] = str(workers)
    return env


# Every core this machine gives us, read when this module is imported, before load_test.py pins itself to one core:
# a child process inherits its parent's affinity, so without this the whole app would run on the generator's core
# (it did, in every run before the fifth session: bench/README.md).
MACHINE_CPUS = frozenset(os.sched_getaffinity(0))


def _on_every_core() -> None:
    os.sched_setaffinity(0, MACHINE_CPUS)


@dataclass
class AppUnderLoad:
    port: int
    env: dict[str, str]
    log_path: Path
    expected_workers: int
    proc: subprocess.Popen[bytes] | None = None
    memory: list[tuple[float, str, dict[int, tuple[float, float]]]] = field(default_factory=list)

    def start(self, timeout_s: float = 600) -> None:
        """Start ``scripts/serve.py`` and wait until ``/ping`` answers and every worker is up."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen([str(VENV_BIN / "python"), str(ROOT / "scripts" / "serve.py"), "--port",
                                      str(self.port)], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_on_every_core)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server exited early (code {self.proc.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=2) as resp:  # noqa: S310
                    if b"pong" in resp.read() and len(self.workers()) >= self.expected_workers:
                        time.sleep(2)  # let the last workers finish their startup
                        return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit(f"the server did not come up within {timeout_s:.0f} s; see {self.log_path}")

    def workers(self) -> list[psutil.Process]:
        """The granian worker processes: the leaves of the server's process tree that hold the app (> 100 MB).

        (serve.py -> its child -> granian's workers; the tree's shape is serve.py's business, so it is not assumed;
        serve.py's warm standby, an imported app waiting to replace a dead server, is not a worker.)
        """
        found = []
        for p in self.server_processes()[1:]:
            try:
                if not p.children() and p.memory_info().rss > 100 * MB and "--standby" not in p.cmdline():
                    found.append(p)
            except psutil.Error:
                pass
        return found

    def server_processes(self) -> list[psutil.Process]:
        if self.proc is None:
            return []
        try:
            return [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]
        except psutil.Error:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of every server process (supervisor, reflex main, workers)."""
        total = 0.0
        for p in self.server_processes():
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    def sample_memory(self, label: str) -> dict[int, tuple[float, float]]:
        """RSS and USS (MB) of every worker, stored with a timestamp and ``label``."""
        sample: dict[int, tuple[float, float]] = {}
        for w in self.workers():
            try:
                info = w.memory_full_info()
                sample[w.pid] = (info.rss / MB, info.uss / MB)
            except psutil.Error:
                pass
        self.memory.append((time.monotonic(), label, sample))
        return sample

    def stop(self) -> None:
        """SIGTERM the supervisor (it stops the server's group), then make sure nothing of the group is left."""
        if self.proc is None:
            return
        pgid = self.proc.pid
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        self.proc = None


def cpu_by_name(*names: str) -> dict[int, float]:
    """User + system CPU seconds per pid of every process with one of these names (PostgreSQL, Redis)."""
    out = {}
    for p in psutil.process_iter(["name", "cpu_times"]):
        if p.info["name"] in names and p.info["cpu_times"] is not None:
            out[p.pid] = p.info["cpu_times"].user + p.info["cpu_times"].system
    return out


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two ``cpu_by_name`` snapshots (a process that exited in between is not counted)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def slope_mb_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (monotonic seconds, MB) points, in MB per minute (0 with fewer than 2 points)."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    den = sum((t - mx) ** 2 for t, _ in points)
    return 0.0 if den == 0 else sum((t - mx) * (v - my) for t, v in points) / den * 60
