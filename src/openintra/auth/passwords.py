"""auth.passwords: users' web-login passwords, hashed with scrypt (standard library, memory-hard).

Stored as ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` in ``users.encrypted_password``, so the
cost can be raised later without invalidating existing hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
MIN_LENGTH = 8
MAX_LENGTH = 1024


class PasswordError(ValueError):
    pass


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=64 * 1024 * 1024)


def hash_password(password: str) -> str:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise PasswordError(f"a password has {MIN_LENGTH} to {MAX_LENGTH} characters")
    salt = secrets.token_bytes(16)
    return f"scrypt${N}${R}${P}${salt.hex()}${_derive(password, salt, N, R, P).hex()}"


_DUMMY = f"scrypt${N}${R}${P}${'0' * 32}${'0' * 64}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored``; as slow for an unknown user as for a known one."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        scheme, n, r, p, salt, expected = (stored or _DUMMY).split("$")
        if scheme != "scrypt":
            return False
        actual = _derive(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return stored is not None and hmac.compare_digest(actual.hex(), expected)
