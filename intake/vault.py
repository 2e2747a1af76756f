"""Encryption at rest for personal numbers, and blind indexes to find records without them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_PREFIX = "enc:v1:"


class Vault:
    """AES-GCM encryption of small strings, and keyed hashes of identifiers."""

    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("the secret key must be 32 bytes (base64 of 32 random bytes)")
        self._aead = AESGCM(key)
        self._index_key = hashlib.sha256(b"gongqian-blind-index" + key).digest()

    @classmethod
    def from_settings(cls, secret_key: str, data_dir: Path) -> Vault:
        """The configured key, or one generated once into the data directory."""
        if secret_key:
            return cls(base64.b64decode(secret_key))
        return cls(_key_file(data_dir))

    def encrypt(self, plain: str | None) -> str | None:
        """Ciphertext text for a value; None stays None, ciphertext stays as it is."""
        if plain is None or plain.startswith(_PREFIX):
            return plain
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain.encode(), None)
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def decrypt(self, value: str | None) -> str | None:
        """The plain value of a ciphertext; plain values pass through."""
        if value is None or not value.startswith(_PREFIX):
            return value
        raw = base64.urlsafe_b64decode(value[len(_PREFIX):])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()

    def blind(self, identifier: str) -> str:
        """A stable keyed hash, so an identifier can be looked up without being stored."""
        return hmac.digest(self._index_key, identifier.encode(), "sha256").hex()[:32]  # the one-shot C HMAC


def _key_file(data_dir: Path) -> bytes:
    """Read, or create once with owner-only permissions, the embedded store's key."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Write aside, then link into place: two processes starting at once agree on one key.
        tmp = data_dir / f".secret.key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(base64.b64encode(os.urandom(32)))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return base64.b64decode(path.read_bytes().strip())
