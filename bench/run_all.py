"""Run every benchmark one after the other and print their figures (``make bench``).

    .venv/bin/python bench/run_all.py [--quick] [--only tasks,integrity,...]

Each benchmark is its own script (see bench/README.md); this runs them in sequence so that no two share the
machine's cores. ``--quick`` passes each script its short options (the load test then runs for about 3 minutes
instead of 25; the figures are then indicative only). Needs the local PostgreSQL (and Redis for the load test).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

# name -> (full arguments, quick arguments)
BENCHES: dict[str, tuple[list[str], list[str]]] = {
    "bcrypt": (["bench/bcrypt_cost.py"], ["bench/bcrypt_cost.py"]),
    "dashboard": (["bench/dataset.py"], ["bench/dataset.py"]),  # followed by dashboard_bench.py (same data)
    "tasks": (["bench/tasks_bench.py"], ["bench/tasks_bench.py", "--runs", "10", "--moves", "50"]),
    "integrity": (["bench/integrity_bench.py"], ["bench/integrity_bench.py", "--runs", "3"]),
    "ingest": (["bench/ingest_bench.py"], ["bench/ingest_bench.py"]),
    "faults": (["bench/fault_outage.py"], ["bench/fault_outage.py", "--worker-kills", "2", "--server-kills", "1"]),
    "load": (["bench/load_test.py"],
             ["bench/load_test.py", "--duration", "60", "--peak-duration", "30", "--single-duration", "30"]),
}


def run(args: list[str]) -> int:
    print(f"\n=== {' '.join(args)}", flush=True)
    started = time.perf_counter()
    code = subprocess.call([PY, *args], cwd=ROOT, env=dict(os.environ))
    print(f"=== exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="short runs (indicative figures only)")
    parser.add_argument("--only", default="", help="comma-separated names: " + ",".join(BENCHES))
    opts = parser.parse_args()
    names = [n.strip() for n in opts.only.split(",") if n.strip()] or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed = []
    for name in names:
        full, quick = BENCHES[name]
        code = run(quick if opts.quick else full)
        if name == "dashboard" and code == 0:
            code = run(["bench/dashboard_bench.py"])
        if code:
            failed.append(name)
    print(f"\n{len(names) - len(failed)} of {len(names)} benchmark scripts ran; failed: {', '.join(failed) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
