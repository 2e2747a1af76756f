"""WeChat push messages as neutral inbound messages: one small reader per MsgType, in a table.

A reader returns an Inbound for the gateway, or a `Direct` answer the channel gives itself
(a voice note WeChat did not transcribe, a message type the dialogue cannot read, events).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.messages import Inbound

NAME = "wechat"
SCENE_PREFIX = "qrscene_"  # WeChat prefixes the scene of a QR code scanned by a new follower
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class Malformed(ValueError):
    """A push message missing what WeChat always sends."""


@dataclass(frozen=True)
class Direct:
    """An answer the channel gives without the dialogue: a locale key, or nothing (`None`)."""

    key: str | None = None
    scene: str | None = None  # a project code from a QR scene, for the next messages
    unsubscribed: bool = False


def message_id(msg: dict[str, str]) -> str:
    """The id WeChat redelivers with: MsgId, or the CreateTime for events (the sender is the key already)."""
    return msg.get("MsgId") or f"{msg.get('MsgType')}:{msg['CreateTime']}:{msg.get('Event', '')}"


def read(msg: dict[str, str]) -> Inbound | Direct:
    """The neutral form of one push message (fields already checked by the channel)."""
    return READERS.get(msg["MsgType"], _unsupported)(msg)


def _inbound(msg: dict[str, str], **parts) -> Inbound:
    return Inbound(NAME, msg["FromUserName"], message_id=message_id(msg), **parts)


def _text(msg: dict[str, str]) -> Inbound:
    return _inbound(msg, text=msg.get("Content", ""))


def _voice(msg: dict[str, str]) -> Inbound | Direct:
    """Voice notes count when WeChat transcribed them (Recognition, if the account enabled it)."""
    recognition = msg.get("Recognition", "").strip()
    return _inbound(msg, text=recognition) if recognition else Direct("wechat.voice_untranscribed")


def _image(msg: dict[str, str]) -> Inbound:
    photo = {"type": "image", "channel": NAME, "media_id": msg.get("MediaId"), "url": msg.get("PicUrl")}
    return _inbound(msg, attachments=(photo,))


def _location(msg: dict[str, str]) -> Inbound:
    """A shared location; Location_X is the latitude and Location_Y the longitude."""
    try:
        lat, lon = float(msg["Location_X"]), float(msg["Location_Y"])
    except (KeyError, ValueError):
        raise Malformed("a location needs numeric Location_X and Location_Y") from None
    return _inbound(msg, location={"label": msg.get("Label", ""), "lat": lat, "lon": lon})


def _unsupported(msg: dict[str, str]) -> Direct:
    return Direct("wechat.unsupported")


def _event(msg: dict[str, str]) -> Direct:
    """Follows, unfollows and QR scans; menu clicks and reports about our own sends need no answer."""
    event, key = msg.get("Event", ""), msg.get("EventKey", "")
    if event == "subscribe":
        return Direct("wechat.welcome", scene=_scene(key.removeprefix(SCENE_PREFIX)) if key else None)
    if event == "SCAN":
        return Direct("wechat.welcome", scene=_scene(key))
    return Direct(unsubscribed=event == "unsubscribe")


def _scene(value: str) -> str | None:
    """A project code from a QR scene, if it looks like one."""
    return value if _CODE.match(value) else None


READERS: dict[str, Callable[[dict[str, str]], Inbound | Direct]] = {
    "text": _text,
    "voice": _voice,
    "image": _image,
    "location": _location,
    "event": _event,
}
