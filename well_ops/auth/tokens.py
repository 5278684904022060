"""Random session tokens; only their SHA-256 is ever stored. Pure: no database."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """A random, URL-safe token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Hex SHA-256 of a token (what the login_sessions table stores)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
