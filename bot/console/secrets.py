"""Passwords and bearer secrets: scrypt hashes with a salt per user, random tokens stored hashed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt at n=2**15, r=8 costs ~32 MiB and tens of milliseconds: cheap for a log-in, dear for a guesser.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSWORD = 10
# Verified against when the username is unknown, so a miss takes as long as a wrong password.
_DECOY = None


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    """'scrypt$n$r$p$salt$hash', everything needed to verify it later."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches the stored hash, compared in constant time."""
    global _DECOY
    if not stored:
        _DECOY = _DECOY or hash_password(secrets.token_urlsafe(16))
        verify_password(password, _DECOY)
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    return hmac.compare_digest(actual, base64.b64decode(digest))


def weak(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD:
        return f"use at least {MIN_PASSWORD} characters"
    if len(set(password)) < 4:
        return "use more than three different characters"
    return None


def new_token(prefix: str = "") -> str:
    """A random secret of 256 bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def token_key(token: str) -> str:
    """How a session or API token is stored: its SHA-256, so a copy of the store logs nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets; None never matches."""
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * 2, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
