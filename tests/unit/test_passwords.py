"""bcrypt hashing, the password policy and session tokens."""

from __future__ import annotations

from well_ops.auth.passwords import hash_password, password_problem, verify_password
from well_ops.auth.tokens import new_token, token_hash


def test_hash_and_verify() -> None:
    h = hash_password("rig floor 2026", rounds=4)
    assert h.startswith("$2b$04$") and "rig floor" not in h
    assert verify_password("rig floor 2026", h)
    assert not verify_password("rig floor 2027", h)
    assert hash_password("rig floor 2026", rounds=4) != h  # salted


def test_default_cost_is_the_configured_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WELLOPS_BCRYPT_ROUNDS", "5")
    assert hash_password("something long").startswith("$2b$05$")


def test_verify_handles_missing_and_malformed_hashes() -> None:
    assert not verify_password("anything", None)
    assert not verify_password("anything", "")
    assert not verify_password("anything", "not-a-bcrypt-hash")


def test_policy() -> None:
    assert password_problem("short", min_length=10) is not None
    assert password_problem(" padded password ", min_length=10) is not None
    assert password_problem("x" * 73, min_length=10) is not None
    assert password_problem("long enough pw", min_length=10) is None


def test_tokens_are_random_and_hashed() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200 and all(len(t) >= 43 for t in tokens)
    t = new_token()
    assert token_hash(t) == token_hash(t) and len(token_hash(t)) == 64 and token_hash(t) != t
