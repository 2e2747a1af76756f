"""WeChat's request signatures and the AES "safe mode" envelope, as the Official Account docs define them.

Safe mode: AES-256-CBC with key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes,
PKCS#7 padding to 32-byte blocks; the plaintext is 16 random bytes, the message length as a
4-byte big-endian number, the message, then the AppID it was sent to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeChat pads to 32 bytes, not AES's 16
AES_KEY_LENGTH = 43


class CryptoError(ValueError):
    """An envelope that does not decrypt, or was meant for another AppID."""


def sign(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the parts sorted and joined."""
    return hashlib.sha1("".join(sorted(parts)).encode(), usedforsecurity=False).hexdigest()


def verify(signature: str, *parts: str) -> bool:
    """Whether `signature` signs the parts, compared in constant time."""
    return hmac.compare_digest(sign(*parts).encode(), (signature or "").encode())


class Envelope:
    """Encrypts and decrypts safe-mode messages for one Official Account."""

    def __init__(self, encoding_aes_key: str, app_id: str):
        if len(encoding_aes_key) != AES_KEY_LENGTH:
            raise ValueError(f"GONGQIAN_WECHAT_AES_KEY must be {AES_KEY_LENGTH} characters")
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except binascii.Error:
            raise ValueError("GONGQIAN_WECHAT_AES_KEY is not valid base64") from None
        self._cipher = Cipher(algorithms.AES(key), modes.CBC(key[:16]))
        self._app_id = app_id.encode()

    def encrypt(self, message: str) -> str:
        """The base64 ciphertext of a message, addressed to our AppID."""
        body = message.encode()
        plain = os.urandom(16) + struct.pack(">I", len(body)) + body + self._app_id
        pad = BLOCK - len(plain) % BLOCK
        encryptor = self._cipher.encryptor()
        return base64.b64encode(encryptor.update(plain + bytes([pad]) * pad) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        """The message inside a ciphertext, or CryptoError saying what is wrong with it."""
        try:
            raw = base64.b64decode(encrypted, validate=True)
        except binascii.Error:
            raise CryptoError("Encrypt is not base64") from None
        if not raw or len(raw) % 16:
            raise CryptoError("Encrypt is not a whole number of AES blocks")
        decryptor = self._cipher.decryptor()
        return self._open(decryptor.update(raw) + decryptor.finalize())

    def _open(self, plain: bytes) -> str:
        """Unpad, split off the length and the AppID, and check the AppID."""
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad or len(plain) - pad < 20:
            raise CryptoError("bad padding: wrong EncodingAESKey?")
        plain = plain[:-pad]
        (length,) = struct.unpack(">I", plain[16:20])
        body, app_id = plain[20:20 + length], plain[20 + length:]
        if len(body) != length or not hmac.compare_digest(app_id, self._app_id):
            raise CryptoError("the message was not sent to this AppID")
        try:
            return body.decode()
        except UnicodeDecodeError:
            raise CryptoError("the message is not UTF-8") from None
