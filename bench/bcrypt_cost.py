"""Measure bcrypt hashing time per cost factor on this machine (the configured cost should take ~100-300 ms)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from well_ops.auth.passwords import hash_password, verify_password  # noqa: E402
from well_ops.config import get_settings  # noqa: E402


def main() -> None:
    configured = get_settings().bcrypt_rounds
    for rounds in (10, 11, 12, 13):
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            h = hash_password("a long enough password", rounds=rounds)
            samples.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        verify_password("a long enough password", h)
        verify_ms = (time.perf_counter() - t0) * 1000
        mark = "  <- configured (WELLOPS_BCRYPT_ROUNDS)" if rounds == configured else ""
        print(f"cost {rounds}: hash median {statistics.median(samples):6.1f} ms, verify {verify_ms:6.1f} ms{mark}")


if __name__ == "__main__":
    main()
