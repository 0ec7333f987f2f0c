"""auth.tokens: opaque secrets and their SHA-256 digests (nothing secret is stored in clear)."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret() -> str:
    """An opaque 64-hex-character value (tokens, client uids and secrets)."""
    return secrets.token_hex(32)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def matches(value: str, expected_digest: str) -> bool:
    return hmac.compare_digest(digest(value), expected_digest)
