"""Settings, read once from GONGQIAN_* environment variables.

Each field names its variable and explains itself; the README's settings table is checked
against this list by a test, so the two cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def setting(env: str, default, help: str):
    """A settings field bound to one environment variable."""
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Everything the gateway, the worker and the command line can be told from outside."""

    data_dir: Path = setting("GONGQIAN_DATA_DIR", Path("./data"), "Where the embedded store, its key and logs live.")
    redis_url: str = setting("GONGQIAN_REDIS_URL", "", "Redis for state shared by many processes; unset means the embedded SQLite store.")
    redis_cluster: bool = setting("GONGQIAN_REDIS_CLUSTER", False, "Set to true when GONGQIAN_REDIS_URL points at a Redis Cluster.")
    secret_key: str = setting("GONGQIAN_SECRET_KEY", "", "Base64 key (32 bytes) encrypting phone and ID numbers at rest; generated into the data directory when unset.")
    public_url: str = setting("GONGQIAN_PUBLIC_URL", "http://127.0.0.1:8080", "The gateway's public base URL, used in QR codes and links.")
    hotline: str = setting("GONGQIAN_HOTLINE", "12333", "The hotline number shown to workers.")
    reference_prefix: str = setting("GONGQIAN_REFERENCE_PREFIX", "GQ", "Prefix of lead reference numbers (e.g. QD for Qingdao).")
    timezone: str = setting("GONGQIAN_TIMEZONE", "Asia/Shanghai", "Local time zone for dates, references and quiet hours.")
    conversation_ttl: int = setting("GONGQIAN_CONVERSATION_TTL", 7 * 24 * 3600, "Seconds an idle conversation is kept before it expires.")
    resume_after: int = setting("GONGQIAN_RESUME_AFTER", 3600, "Seconds of silence after which a returning worker is offered to resume.")
    rate_limit: int = setting("GONGQIAN_RATE_LIMIT", 20, "Messages a sender may send per minute before being slowed down.")
    max_text: int = setting("GONGQIAN_MAX_TEXT", 2000, "Characters of one message that are read; longer pastes are cut, with a note.")
    max_body: int = setting("GONGQIAN_MAX_BODY", 256 * 1024, "Largest request body in bytes; larger ones get 413.")
    log_level: str = setting("GONGQIAN_LOG_LEVEL", "INFO", "Logging level (phone and ID numbers are always masked).")
    # -- Delivery
    case_backend_url: str = setting("GONGQIAN_CASE_BACKEND_URL", "", "Where `gongqian worker` POSTs each lead; unset keeps leads in the local inbox (`gongqian leads list`).")
    case_backend_secret: str = setting("GONGQIAN_CASE_BACKEND_SECRET", "", "Secret of the X-Gongqian-Signature HMAC on every lead sent; required with the URL.")
    case_backend_format: str = setting("GONGQIAN_CASE_BACKEND_FORMAT", "json", "json (the lead-v1 document) or open311 (a form-encoded GeoReport v2 service request).")
    case_backend_timeout: float = setting("GONGQIAN_CASE_BACKEND_TIMEOUT", 10.0, "Seconds one delivery request may take before it counts as failed and is retried.")
    open311_service_code: str = setting("GONGQIAN_OPEN311_SERVICE_CODE", "wage_arrears", "The Open311 service_code leads are filed under.")
    open311_api_key: str = setting("GONGQIAN_OPEN311_API_KEY", "", "The api_key the Open311 endpoint issued, sent in the request body.")
    open311_jurisdiction_id: str = setting("GONGQIAN_OPEN311_JURISDICTION_ID", "", "The Open311 jurisdiction_id, for endpoints that serve several cities.")
    delivery_concurrency: int = setting("GONGQIAN_DELIVERY_CONCURRENCY", 4, "Requests one worker process keeps in flight.")
    delivery_lease: float = setting("GONGQIAN_DELIVERY_LEASE", 30.0, "Seconds a worker holds a claimed lead; a crashed worker's leads are taken over after this. Must exceed the timeout.")
    delivery_poll: float = setting("GONGQIAN_DELIVERY_POLL", 0.5, "Seconds between looks at an empty outbox.")
    delivery_retry_base: float = setting("GONGQIAN_DELIVERY_RETRY_BASE", 2.0, "A failed lead's first retry waits up to this many seconds, doubling per attempt (full jitter).")
    delivery_retry_cap: float = setting("GONGQIAN_DELIVERY_RETRY_CAP", 600.0, "Longest wait between retries in seconds; a lead is retried until the backend takes or refuses it.")
    # -- Follow-up
    alert_url: str = setting("GONGQIAN_ALERT_URL", "", "Where urgent alerts, 预警 warnings and same-day SLA alerts are POSTed, signed with GONGQIAN_CASE_BACKEND_SECRET; unset keeps them unsent.")
    survey_url: str = setting("GONGQIAN_SURVEY_URL", "", "Where 回访 answers (满意/不满意 and a comment) are POSTed, signed like alerts; unset keeps them unsent.")
    routing_table: str = setting("GONGQIAN_ROUTING_TABLE", "", "CSV routing table (三交办: district team, industry regulator); see intake/routing/example.csv. Unset routes to the general contractor only.")
    link_window_days: int = setting("GONGQIAN_LINK_WINDOW_DAYS", 30, "Days within which a complaint about the same employer and project (or project code) is linked to an open lead.")
    urgent_workers: int = setting("GONGQIAN_URGENT_WORKERS", 10, "Workers owed (in a lead or its linked leads) that make it urgent.")
    group_complainants: int = setting("GONGQIAN_GROUP_COMPLAINANTS", 3, "Distinct complainants about one project within GONGQIAN_GROUP_DAYS that make its leads urgent.")
    group_days: int = setting("GONGQIAN_GROUP_DAYS", 7, "Days over which distinct complainants about one project are counted.")
    warning_count: int = setting("GONGQIAN_WARNING_COUNT", 5, "Leads about one project or employer within GONGQIAN_WARNING_DAYS that send a 预警 warning (once per window).")
    warning_days: int = setting("GONGQIAN_WARNING_DAYS", 30, "The sliding window, in days, of 预警 counts.")
    survey_delay: int = setting("GONGQIAN_SURVEY_DELAY", 3 * 86400, "Seconds after a lead is resolved or closed before the worker is asked 满意/不满意 (回访).")
    # -- Console
    console_secure_cookies: bool = setting("GONGQIAN_CONSOLE_SECURE_COOKIES", True, "Send console cookies only over HTTPS (Secure, __Host- name); set false only for plain HTTP on 127.0.0.1, as the tests do.")
    console_session_ttl: int = setting("GONGQIAN_CONSOLE_SESSION_TTL", 8 * 3600, "Seconds a console log-in lasts (one shift); then the operator logs in again.")
    console_max_failures: int = setting("GONGQIAN_CONSOLE_MAX_FAILURES", 5, "Failed log-ins in a row that lock a console account.")
    console_lockout: int = setting("GONGQIAN_CONSOLE_LOCKOUT", 900, "Seconds a console account stays locked after too many failed log-ins.")
    # -- SMS
    sms_provider: str = setting("GONGQIAN_SMS_PROVIDER", "log", "Provider that sends SMS replies and broadcasts: log, twilio, aliyun, tencent or generic.")
    sms_log: str = setting("GONGQIAN_SMS_LOG", "", "File the log provider appends one JSON line per SMS to; unset means sms.jsonl in the data directory.")
    sms_max_segments: int = setting("GONGQIAN_SMS_MAX_SEGMENTS", 3, "Most segments one SMS reply may cost (70 Chinese characters for one, 67 each for more); longer replies are shortened.")
    sms_twilio_account_sid: str = setting("GONGQIAN_SMS_TWILIO_ACCOUNT_SID", "", "Twilio account SID (AC...); with the auth token it switches Twilio on.")
    sms_twilio_auth_token: str = setting("GONGQIAN_SMS_TWILIO_AUTH_TOKEN", "", "Twilio auth token: signs webhooks (X-Twilio-Signature) and authenticates sends.")
    sms_twilio_from: str = setting("GONGQIAN_SMS_TWILIO_FROM", "", "Twilio sender: a phone number in E.164 or a Messaging Service SID (MG...).")
    sms_twilio_api_base: str = setting("GONGQIAN_SMS_TWILIO_API_BASE", "https://api.twilio.com", "Twilio REST API base URL.")
    sms_aliyun_access_key_id: str = setting("GONGQIAN_SMS_ALIYUN_ACCESS_KEY_ID", "", "Aliyun AccessKey ID for SendSms.")
    sms_aliyun_access_key_secret: str = setting("GONGQIAN_SMS_ALIYUN_ACCESS_KEY_SECRET", "", "Aliyun AccessKey secret that signs SendSms requests (HMAC-SHA1).")
    sms_aliyun_sign_name: str = setting("GONGQIAN_SMS_ALIYUN_SIGN_NAME", "", "Approved Aliyun SMS signature (签名), e.g. 工钱.")
    sms_aliyun_template_code: str = setting("GONGQIAN_SMS_ALIYUN_TEMPLATE_CODE", "", "Approved Aliyun template (SMS_...) whose only variable carries the reply text.")
    sms_aliyun_template_param: str = setting("GONGQIAN_SMS_ALIYUN_TEMPLATE_PARAM", "content", "Name of that template variable.")
    sms_aliyun_api_base: str = setting("GONGQIAN_SMS_ALIYUN_API_BASE", "https://dysmsapi.aliyuncs.com", "Aliyun SMS API base URL.")
    sms_aliyun_callback_token: str = setting("GONGQIAN_SMS_ALIYUN_CALLBACK_TOKEN", "", "Secret in the push URL given to Aliyun (/webhooks/sms/aliyun?token=...); Aliyun pushes are unsigned, so unset means the webhook is off.")
    sms_tencent_secret_id: str = setting("GONGQIAN_SMS_TENCENT_SECRET_ID", "", "Tencent Cloud SecretId for SendSms.")
    sms_tencent_secret_key: str = setting("GONGQIAN_SMS_TENCENT_SECRET_KEY", "", "Tencent Cloud SecretKey that signs SendSms requests (TC3-HMAC-SHA256).")
    sms_tencent_sdk_app_id: str = setting("GONGQIAN_SMS_TENCENT_SDK_APP_ID", "", "Tencent SMS SdkAppId (1400...).")
    sms_tencent_sign_name: str = setting("GONGQIAN_SMS_TENCENT_SIGN_NAME", "", "Approved Tencent SMS signature (签名).")
    sms_tencent_template_id: str = setting("GONGQIAN_SMS_TENCENT_TEMPLATE_ID", "", "Approved Tencent template whose only variable carries the reply text.")
    sms_tencent_region: str = setting("GONGQIAN_SMS_TENCENT_REGION", "ap-guangzhou", "Tencent Cloud region of the SMS application.")
    sms_tencent_api_base: str = setting("GONGQIAN_SMS_TENCENT_API_BASE", "https://sms.tencentcloudapi.com", "Tencent Cloud SMS API base URL.")
    sms_tencent_callback_token: str = setting("GONGQIAN_SMS_TENCENT_CALLBACK_TOKEN", "", "Secret in the callback URL given to Tencent (/webhooks/sms/tencent?token=...); Tencent callbacks are unsigned, so unset means the webhook is off.")
    sms_generic_secret: str = setting("GONGQIAN_SMS_GENERIC_SECRET", "", "HMAC-SHA256 secret of the generic JSON SMS gateway (X-Gongqian-Signature), both directions.")
    sms_generic_api_base: str = setting("GONGQIAN_SMS_GENERIC_API_BASE", "", "URL the generic provider POSTs signed JSON messages to.")
    # -- WeChat
    wechat_token: str = setting("GONGQIAN_WECHAT_TOKEN", "", "Token of the Official Account's server configuration (服务器配置); it signs every webhook request and switches WeChat on.")
    wechat_app_id: str = setting("GONGQIAN_WECHAT_APP_ID", "", "AppID of the Official Account; needed for safe mode and for sending through the API.")
    wechat_app_secret: str = setting("GONGQIAN_WECHAT_APP_SECRET", "", "AppSecret; with the AppID it lets replies slower than 5 s and notifications go out through the customer-service API.")
    wechat_aes_key: str = setting("GONGQIAN_WECHAT_AES_KEY", "", "EncodingAESKey (43 characters); set means safe mode (encrypted messages and replies).")
    wechat_api_base: str = setting("GONGQIAN_WECHAT_API_BASE", "https://api.weixin.qq.com", "WeChat API base URL (a test stand-in or proxy).")
    # -- Telegram
    telegram_token: str = setting("GONGQIAN_TELEGRAM_TOKEN", "", "Bot token from @BotFather; with GONGQIAN_TELEGRAM_SECRET it switches Telegram on.")
    telegram_secret: str = setting("GONGQIAN_TELEGRAM_SECRET", "", "Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -).")
    telegram_api_base: str = setting("GONGQIAN_TELEGRAM_API_BASE", "https://api.telegram.org/bot", "Bot API base URL; the token is appended (a local Bot API server or test stand-in).")
    # -- Web chat
    webchat_photo_max: int = setting("GONGQIAN_WEBCHAT_PHOTO_MAX", 5 * 1024 * 1024, "Largest photo in bytes a worker may attach in the web chat (JPEG, PNG or WebP).")
    # -- Broadcasts
    broadcast_tps: int = setting("GONGQIAN_BROADCAST_TPS", 50, "Messages per second the SMS provider accepts, the default of `broadcast create --tps`; 0 means no limit.")
    broadcast_reply_share: float = setting("GONGQIAN_BROADCAST_REPLY_SHARE", 0.2, "Share of the provider's TPS a broadcast leaves free, so replies to workers in a conversation never wait.")
    broadcast_quiet_hours: str = setting("GONGQIAN_BROADCAST_QUIET_HOURS", "21:00-08:00", "Local hours (GONGQIAN_TIMEZONE) when no broadcast is sent; sending resumes after them; off sends around the clock.")
    broadcast_attempts: int = setting("GONGQIAN_BROADCAST_ATTEMPTS", 5, "Tries per recipient when the provider answers with a transient error; then the failure is recorded.")
    broadcast_lease: float = setting("GONGQIAN_BROADCAST_LEASE", 60.0, "Seconds a sender holds the recipients it claimed; after a crash they are taken over (or, if in flight, never resent) once it runs out.")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from the environment, each converted to its field's type."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(raw, f.default)
        return cls(**values)

    @classmethod
    def table(cls) -> list[tuple[str, object, str]]:
        """(variable, default, meaning) for every setting, for docs and --help."""
        return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(cls)]


def _convert(raw: str, default):
    """Parse an environment string into the type of the field's default."""
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw
