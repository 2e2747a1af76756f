"""One delivery attempt: sign the body, POST it over the shared session, and read the answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from intake.config import Settings
from intake.signing import HEADER, sign

from .body import Open311Service, content_type, forward_body
from .policy import Outcome, classify

ANSWER_LIMIT = 64 * 1024  # enough for a case id; a backend streaming more is not answering us


@dataclass(frozen=True)
class Forwarder:
    """Sends unsealed leads to the case backend, signed, with the lead id as Idempotency-Key."""

    http: aiohttp.ClientSession
    url: str
    secret: str
    fmt: str = "json"
    timeout: float = 10.0
    service: Open311Service = Open311Service()

    @classmethod
    def from_settings(cls, http: aiohttp.ClientSession, conf: Settings) -> Forwarder:
        """A forwarder for the configured backend."""
        service = Open311Service(conf.open311_service_code, conf.open311_api_key, conf.open311_jurisdiction_id)
        return cls(http, conf.case_backend_url, conf.case_backend_secret, conf.case_backend_format,
                   conf.case_backend_timeout, service)

    async def send(self, lead_plain: dict[str, Any]) -> Outcome:
        """POST the lead once; network failures and timeouts come back as retries, never raise."""
        body = forward_body(lead_plain, self.fmt, service=self.service)
        try:
            async with self.http.post(self.url, data=body, headers=self._headers(lead_plain["id"], body),
                                      timeout=aiohttp.ClientTimeout(total=self.timeout),
                                      allow_redirects=False) as answer:
                raw = await answer.content.read(ANSWER_LIMIT)
                return classify(answer.status, raw, answer.headers.get("Retry-After"))
        except TimeoutError:
            return Outcome("retry", f"timeout after {self.timeout:g} s")
        except aiohttp.ClientError as error:
            return Outcome("retry", f"connection failed: {type(error).__name__}")

    def _headers(self, lead_id: str, body: bytes) -> dict[str, str]:
        """Signed fresh on every attempt, so a retry hours later is not refused as stale."""
        return {"Content-Type": content_type(self.fmt), "Accept": "application/json",
                "Idempotency-Key": lead_id, HEADER: sign(self.secret, body), "User-Agent": "gongqian-worker"}


def where(url: str) -> str:
    """The backend's scheme, host and path for logs, without any credentials in the URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"
