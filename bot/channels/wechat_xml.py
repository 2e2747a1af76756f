"""WeChat's XML, both ways: push messages read safely, passive replies written."""

from __future__ import annotations

from xml.etree.ElementTree import ParseError  # noqa: S405 (only the exception type; parsing is defused)

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_FIELDS = 64  # a push message has about a dozen; anything wider is not from WeChat


class XMLRejected(ValueError):
    """A body that is not a WeChat push message; the reason is safe to show."""


def parse(body: bytes | str) -> dict[str, str]:
    """The fields of a push message (`<xml><Field>value</Field>…</xml>`), parsed without DTDs or entities."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise XMLRejected(f"XML with a DTD or entities is refused ({type(exc).__name__})") from None
    except ParseError as exc:
        raise XMLRejected(f"malformed XML: {exc}") from None
    if root.tag != "xml" or len(root) > MAX_FIELDS:
        raise XMLRejected("expected <xml> with one element per field")
    return {child.tag: (child.text or "").strip() for child in root}


def cdata(text: str) -> str:
    """Text as CDATA; a "]]>" inside is split across two sections so it cannot end the first early."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to_user: str, from_user: str, content: str, now: int) -> str:
    """A passive text reply to the user who wrote to us."""
    return (f"<xml><ToUserName>{cdata(to_user)}</ToUserName><FromUserName>{cdata(from_user)}</FromUserName>"
            f"<CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content>{cdata(content)}</Content></xml>")


def encrypted_reply(encrypt: str, signature: str, timestamp: str, nonce: str) -> str:
    """The safe-mode wrapper around an encrypted passive reply."""
    return (f"<xml><Encrypt>{cdata(encrypt)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
            f"<TimeStamp>{timestamp}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>")
