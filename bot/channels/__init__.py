"""The channel registry: each entry is a module in bot/channels exposing NAME and setup().

`setup(app, gateway, settings) -> bool` adds the channel's routes when its settings are
present and returns whether it did; a channel left out answers 404 on its routes.
"""

CHANNELS = (
    "webchat",
    "webpage",
    "telegram",
    "wechat",
    "sms",
)
