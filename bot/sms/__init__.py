"""SMS providers behind one interface, and the opt-out list every outbound path honours.

Each provider is one module in bot/sms/ exposing `NAME` and `provider(settings, http) ->
SmsProvider | None` (None when its settings are missing), registered in PROVIDERS.
"""

PROVIDERS = (
    "log",
    "twilio",
    "aliyun",
    "tencent",
    "generic",
)
