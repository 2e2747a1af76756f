"""POST /api/chat/photo: a photo from the web chat, checked by its bytes, kept, and passed on as an attachment."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from dataclasses import replace
from pathlib import Path

import aiohttp
import aiohttp.http_exceptions
from aiohttp import BodyPartReader, web

from bot.channels import webchat
from bot.gateway import Gateway
from intake.config import Settings

# What a photo's first bytes must be, whatever its name or declared type says: (offset, bytes) pairs.
TYPES = {
    "image/jpeg": (".jpg", ((0, b"\xff\xd8\xff"),)),
    "image/png": (".png", ((0, b"\x89PNG\r\n\x1a\n"),)),
    "image/webp": (".webp", ((0, b"RIFF"), (8, b"WEBP"))),
}
FIELDS = ("session", "id", "lang", "project", "text")
FIELD_MAX = 4096  # bytes of one text field; the caption is cut later to GONGQIAN_MAX_TEXT characters
FORM_SLACK = 16 * 1024  # multipart boundaries and the small fields, on top of the photo itself
PHOTO_DIR = "photos"


class Refused(Exception):
    """The upload is refused with an HTTP status and a reason the client can act on."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> None:
    """Mount the upload route beside the chat API."""
    app.router.add_post("/api/chat/photo", Upload(gateway, settings).handle)


class Upload:
    """Takes one multipart upload: text fields and one `photo` file."""

    def __init__(self, gateway: Gateway, settings: Settings):
        self.gateway, self.limit = gateway, settings.webchat_photo_max
        self.folder = settings.data_dir / PHOTO_DIR

    async def handle(self, request: web.Request) -> web.Response:
        """Check, keep and hand the photo to the gateway; answer like POST /api/chat."""
        try:
            fields, photo = await self._read(request)
            kind = sniff(photo)
            inbound = webchat.parse(fields)
            name = await self._keep(inbound, photo, kind)
        except Refused as exc:
            return web.json_response({"error": exc.reason}, status=exc.status)
        attachment = {"type": "photo", "file": f"{PHOTO_DIR}/{name}", "content_type": kind, "bytes": len(photo)}
        inbound = replace(inbound, attachments=(attachment,))
        return web.json_response(webchat.render(inbound, await self.gateway.handle(inbound)),
                                 dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def _read(self, request: web.Request) -> tuple[dict, bytes]:
        """The text fields and the photo's bytes, refusing oversized bodies before reading them."""
        if (request.content_length or 0) > self.limit + FORM_SLACK:
            raise Refused(413, f"the photo is larger than {self.limit} bytes")
        if not request.content_type.startswith("multipart/"):
            raise Refused(400, "send multipart/form-data with the fields session and photo")
        try:
            return await self._parts(await request.multipart())
        except (ValueError, aiohttp.http_exceptions.HttpProcessingError) as exc:
            # A malformed form (bad boundary, control characters in a part header) is the
            # client's mistake: say so instead of failing with a 500.
            raise Refused(400, f"malformed multipart form: {type(exc).__name__}") from None

    async def _parts(self, reader) -> tuple[dict, bytes]:
        """The known fields and the photo from a multipart reader."""
        fields, photo = {}, None
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                raise Refused(400, "nested multipart is not accepted")
            if part.name == "photo":
                photo = await _take(part, self.limit, 413, f"the photo is larger than {self.limit} bytes")
            elif part.name in FIELDS:
                fields[part.name] = (await _take(part, FIELD_MAX, 400, f"'{part.name}' is too long")).decode("utf-8", "replace")
        if not photo:
            raise Refused(400, "no 'photo' file in the form")
        return fields, photo

    async def _keep(self, inbound, photo: bytes, kind: str) -> str:
        """Write the photo under an unguessable name; a retry with the same id rewrites the same file."""
        stem = self.gateway.vault.blind(f"photo:{inbound.sender}:{inbound.message_id}") if inbound.message_id \
            else secrets.token_hex(16)
        name = stem + TYPES[kind][0]
        await asyncio.to_thread(_write, self.folder, name, photo)
        return name


async def _take(part: BodyPartReader, limit: int, status: int, reason: str) -> bytes:
    """A part's bytes, refusing it as soon as it passes `limit`."""
    data = bytearray()
    while chunk := await part.read_chunk(64 * 1024):
        data += chunk
        if len(data) > limit:
            raise Refused(status, reason)
    return bytes(data)


def sniff(data: bytes) -> str:
    """The photo's type read from its first bytes, or 415."""
    for kind, (_, signature) in TYPES.items():
        if all(data[offset:offset + len(magic)] == magic for offset, magic in signature):
            return kind
    raise Refused(415, "only JPEG, PNG or WebP photos are accepted")


def _write(folder: Path, name: str, data: bytes) -> None:
    """Write whole or not at all, readable by the owner only (photos may show IDs and pay slips)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = folder / f".{name}.part"
    partial.write_bytes(data)
    partial.chmod(0o600)
    os.replace(partial, folder / name)
