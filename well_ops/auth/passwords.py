"""bcrypt password hashing and the password policy. Pure: no database."""

from __future__ import annotations

import bcrypt

from well_ops.config import get_settings

# A valid bcrypt hash of a random password: checking an unknown e-mail costs the same time as a known one.
_DUMMY_HASH = b"$2b$12$C6UzMDM.H6dfI/f/IKxGhu2hjxLoTSQrMwM7Cx3UQmIFJz0gq1aXa"


def hash_password(password: str, rounds: int | None = None) -> str:
    """bcrypt hash of ``password`` with the configured cost (WELLOPS_BCRYPT_ROUNDS, default 12)."""
    cost = rounds if rounds is not None else get_settings().bcrypt_rounds
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt(rounds=cost)).decode("ascii")


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when ``password`` matches ``password_hash``; always spends one bcrypt check."""
    candidate = password.encode("utf-8")[:72]
    if not password_hash:
        bcrypt.checkpw(candidate, _DUMMY_HASH)
        return False
    try:
        return bcrypt.checkpw(candidate, password_hash.encode("ascii"))
    except ValueError:
        return False


def password_problem(password: str, min_length: int | None = None) -> str | None:
    """Why ``password`` breaks the policy (None when it is acceptable)."""
    minimum = min_length if min_length is not None else get_settings().min_password_length
    if len(password) < minimum:
        return f"Password must be at least {minimum} characters long."
    if len(password.encode("utf-8")) > 72:
        return "Password must be at most 72 bytes long."
    if password.strip() != password or not password.strip():
        return "Password must not start or end with spaces."
    return None
