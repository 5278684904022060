"""Settings read from environment variables, with safe defaults (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [part.strip() for part in raw.split(",") if part.strip()] if raw else default


def _default_db_url() -> str:
    data_dir = Path(os.environ.get("WELLOPS_DATA_DIR", PROJECT_ROOT / "data"))
    return f"sqlite:///{data_dir / 'wellops.db'}"


@dataclass(frozen=True)
class Settings:
    """Runtime configuration; every field comes from one environment variable."""

    database_url: str = field(default_factory=lambda: os.environ.get("DATABASE_URL") or _default_db_url())
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", ""))
    session_hours: int = field(default_factory=lambda: _int("WELLOPS_SESSION_HOURS", 12))
    upload_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("WELLOPS_UPLOAD_DIR") or PROJECT_ROOT / "data" / "attachments")
    )
    upload_max_bytes: int = field(default_factory=lambda: _int("WELLOPS_UPLOAD_MAX_MB", 25) * 1024 * 1024)
    allowed_origins: list[str] = field(
        default_factory=lambda: _list("WELLOPS_ALLOWED_ORIGINS", ["http://localhost:3000", "http://127.0.0.1:3000"])
    )
    bcrypt_rounds: int = field(default_factory=lambda: _int("WELLOPS_BCRYPT_ROUNDS", 12))
    max_failed_logins: int = field(default_factory=lambda: _int("WELLOPS_MAX_FAILED_LOGINS", 5))
    lockout_minutes: int = field(default_factory=lambda: _int("WELLOPS_LOCKOUT_MINUTES", 15))
    min_password_length: int = field(default_factory=lambda: _int("WELLOPS_MIN_PASSWORD_LENGTH", 10))
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("WELLOPS_SECURE_COOKIES", "") == "1")


def get_settings() -> Settings:
    """A fresh Settings read from the current environment."""
    return Settings()


settings = get_settings()
