from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cozum.kit.geo import Bounds

DEFAULT_SECRET_KEY = "change-me-development-only"
DEFAULT_WHATSAPP_VERIFY_TOKEN = "change-me-development-only"


class Settings(BaseSettings):
    """Everything Çözüm reads from the environment; README lists each variable."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    env: Literal["development", "test", "production"] = Field(
        "development", alias="COZUM_ENV"
    )
    database_url: str | None = None
    data_dir: Path = Field(Path(".cozum"), alias="COZUM_DATA_DIR")
    secret_key: str = DEFAULT_SECRET_KEY
    public_base_url: str = "http://localhost:8000"
    ticket_prefix: str = Field("CZM", alias="COZUM_TICKET_PREFIX", pattern=r"^[A-Z]{2,6}$")
    session_ttl_hours: int = Field(12, alias="COZUM_SESSION_TTL_HOURS", ge=1, le=720)
    # Two at the least: the live hub reads a batch of events with one and renders it with another.
    db_pool_size: int = Field(20, alias="COZUM_DB_POOL_SIZE", ge=2, le=200)
    graphql_max_depth: int = Field(12, alias="COZUM_GRAPHQL_MAX_DEPTH", ge=3, le=50)
    graphql_max_aliases: int = Field(30, alias="COZUM_GRAPHQL_MAX_ALIASES", ge=1, le=500)
    graphql_max_tokens: int = Field(2000, alias="COZUM_GRAPHQL_MAX_TOKENS", ge=100)
    graphql_max_cost: int = Field(1000, alias="COZUM_GRAPHQL_MAX_COST", ge=10)
    # What a document may expand to and take to check (see kit/document_guard.py).
    graphql_max_fields: int = Field(2000, alias="COZUM_GRAPHQL_MAX_FIELDS", ge=10)
    graphql_max_length: int = Field(100_000, alias="COZUM_GRAPHQL_MAX_LENGTH", ge=1000)
    graphql_validation_ms: int = Field(500, alias="COZUM_GRAPHQL_VALIDATION_MS", ge=10)
    # Queries the read path knows answered in one statement (reads/executor.py); off, every
    # field goes through its resolver: for comparing the two, in the tests and the benchmarks.
    compiled_reads: bool = Field(True, alias="COZUM_COMPILED_READS")
    # A line per request from uvicorn; unset: outside production only, where the reverse proxy
    # in front keeps the access log (writing it here cost ~5 % of a cheap request's CPU).
    access_log: bool | None = Field(None, alias="COZUM_ACCESS_LOG")
    # Mutations one document may run: anonymous callers `login` and one more at most.
    graphql_max_mutations: int = Field(50, alias="COZUM_GRAPHQL_MAX_MUTATIONS", ge=1, le=500)
    graphql_max_anonymous_mutations: int = Field(2, alias="COZUM_GRAPHQL_MAX_ANONYMOUS_MUTATIONS", ge=1, le=50)
    allowed_origins: str = Field("", alias="COZUM_ALLOWED_ORIGINS", description="Comma-separated, for WebSockets")
    # The edge: what one request may send, and how slowly (see cozum/edge/).
    max_body_bytes: int = Field(4 * 1024 * 1024, alias="COZUM_MAX_BODY_BYTES", ge=1024)
    # A multipart body in all: five photos at their limit, or one video, and the form around them.
    max_upload_bytes: int = Field(60 * 1024 * 1024, alias="COZUM_MAX_UPLOAD_BYTES", ge=1024)
    header_timeout_seconds: float = Field(10.0, alias="COZUM_HEADER_TIMEOUT_SECONDS", gt=0, le=300)
    body_timeout_seconds: float = Field(30.0, alias="COZUM_BODY_TIMEOUT_SECONDS", gt=0, le=3600)
    metrics_token: str | None = Field(None, alias="COZUM_METRICS_TOKEN")
    behind_tls: bool = Field(False, alias="COZUM_BEHIND_TLS")
    trusted_proxies: str = Field("", alias="COZUM_TRUSTED_PROXIES", description="Comma-separated addresses or networks")
    map_tile_url: str = Field("", alias="COZUM_MAP_TILE_URL", description="Map tiles' URL template, for the CSP")
    map_attribution: str = Field(
        "", alias="COZUM_MAP_ATTRIBUTION", max_length=300, description="Credit the tile provider asks for"
    )
    map_center: str = Field(
        "38.2056,37.1983", alias="COZUM_MAP_CENTER", pattern=r"^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$",
        description="Where the maps open: latitude,longitude",
    )
    # Anonymous callers, per address and process (see kit/address_limits.py).
    anonymous_submissions_per_minute: int = Field(10, alias="COZUM_ANONYMOUS_SUBMISSIONS_PER_MINUTE", ge=1)
    anonymous_subscriptions_per_address: int = Field(20, alias="COZUM_ANONYMOUS_SUBSCRIPTIONS_PER_ADDRESS", ge=1)
    # Where citizens' locations may be: "south,west,north,east" in degrees; empty accepts anywhere.
    bounds: str = Field(
        "", alias="COZUM_BOUNDS",
        pattern=r"^$|^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?,-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$",
    )
    # Attachments (see cozum/attachments/): per file, by kind, and where they are kept.
    max_photo_bytes: int = Field(10 * 1024 * 1024, alias="COZUM_MAX_PHOTO_BYTES", ge=1024)
    max_video_bytes: int = Field(50 * 1024 * 1024, alias="COZUM_MAX_VIDEO_BYTES", ge=1024)
    # PDFs and voice messages, taken only from WhatsApp's media (see attachments/checks.py).
    max_document_bytes: int = Field(10 * 1024 * 1024, alias="COZUM_MAX_DOCUMENT_BYTES", ge=1024)
    max_audio_bytes: int = Field(16 * 1024 * 1024, alias="COZUM_MAX_AUDIO_BYTES", ge=1024)
    storage: Literal["local", "s3"] = Field("local", alias="COZUM_STORAGE")
    s3_bucket: str = Field("", alias="COZUM_S3_BUCKET")
    s3_endpoint_url: str | None = Field(None, alias="COZUM_S3_ENDPOINT_URL")
    s3_region: str = Field("eu-central-1", alias="COZUM_S3_REGION")
    # The notification outbox (see cozum/notifications/): who sends, and for how long it tries.
    worker: Literal["inprocess", "off"] = Field("inprocess", alias="COZUM_WORKER")
    outbox_give_up_hours: float = Field(48.0, alias="COZUM_OUTBOX_GIVE_UP_HOURS", gt=0)
    outbox_retry_base_seconds: float = Field(5.0, alias="COZUM_OUTBOX_RETRY_BASE_SECONDS", gt=0)
    outbox_retry_max_seconds: float = Field(3600.0, alias="COZUM_OUTBOX_RETRY_MAX_SECONDS", gt=0)
    outbox_lease_seconds: float = Field(120.0, alias="COZUM_OUTBOX_LEASE_SECONDS", ge=1)
    outbox_concurrency: int = Field(8, alias="COZUM_OUTBOX_CONCURRENCY", ge=1, le=100)
    mail_from: str = Field("Çözüm <cozum@localhost>", alias="COZUM_MAIL_FROM")
    whatsapp_phone_number_id: str = Field("", alias="WHATSAPP_PHONE_NUMBER_ID")
    whatsapp_template_name: str = Field("cozum_update", alias="WHATSAPP_TEMPLATE_NAME")
    whatsapp_verify_token: str = DEFAULT_WHATSAPP_VERIFY_TOKEN
    whatsapp_app_secret: str | None = None
    whatsapp_access_token: str | None = None
    whatsapp_graph_url: str = "https://graph.facebook.com/v21.0"
    smtp_url: str | None = None
    sms_gateway_url: str | None = None
    # The WhatsApp line (see cozum/whatsapp/): how long a conversation stays one ticket, and
    # what a webhook call may weigh (Meta's are a few KB; media comes by id, not inline).
    whatsapp_conversation_hours: float = Field(72.0, alias="COZUM_WHATSAPP_CONVERSATION_HOURS", gt=0)
    whatsapp_max_body_bytes: int = Field(256 * 1024, alias="COZUM_WHATSAPP_MAX_BODY_BYTES", ge=1024)
    inbound_give_up_hours: float = Field(24.0, alias="COZUM_INBOUND_GIVE_UP_HOURS", gt=0)
    # The category a new WhatsApp ticket gets (its code): the call centre triages from there.
    whatsapp_category: str = Field("OTHER", alias="COZUM_WHATSAPP_CATEGORY", max_length=40)
    # Outgoing webhooks (see cozum/webhooks/): how long an old secret still signs after a
    # rotation, and how long a delivery is tried.
    webhook_secret_grace_hours: float = Field(24.0, alias="COZUM_WEBHOOK_SECRET_GRACE_HOURS", ge=0)
    webhook_give_up_hours: float = Field(72.0, alias="COZUM_WEBHOOK_GIVE_UP_HOURS", gt=0)
    webhook_timeout_seconds: float = Field(10.0, alias="COZUM_WEBHOOK_TIMEOUT_SECONDS", gt=0, le=30)
    webhook_retry_base_seconds: float = Field(30.0, alias="COZUM_WEBHOOK_RETRY_BASE_SECONDS", gt=0)
    webhook_retry_max_seconds: float = Field(3600.0, alias="COZUM_WEBHOOK_RETRY_MAX_SECONDS", gt=0)
    # Whether endpoints may be on loopback, private or link-local addresses (the database, a
    # cloud's metadata service...). Unset: only outside production.
    webhook_allow_private: bool | None = Field(None, alias="COZUM_WEBHOOK_ALLOW_PRIVATE")
    # Open311 (see cozum/open311/): the jurisdiction this server answers for.
    open311_jurisdiction: str = Field("", alias="COZUM_OPEN311_JURISDICTION")
    # Whether a GET publishes what citizens wrote and photographed (descriptions masked, titles,
    # photos and videos): their words may name people and homes and their pictures show faces
    # and number plates (KVKK), so by default none of it is shown.
    open311_public_content: bool = Field(False, alias="COZUM_OPEN311_PUBLIC_CONTENT")

    @property
    def area(self) -> Bounds | None:
        return Bounds.parse(self.bounds)

    @property
    def is_development(self) -> bool:
        return self.env != "production"

    @property
    def logs_requests(self) -> bool:
        return self.is_development if self.access_log is None else self.access_log

    @property
    def webhooks_reach_private(self) -> bool:
        return self.is_development if self.webhook_allow_private is None else self.webhook_allow_private

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://") or self.behind_tls

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> "Settings":
        # A production deployment that forgot a secret must not start at all: a
        # guessable SECRET_KEY would let anyone forge sessions.
        if self.env == "production":
            if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError("SECRET_KEY must be set to at least 32 random characters in production")
            if self.whatsapp_verify_token == DEFAULT_WHATSAPP_VERIFY_TOKEN:
                raise ValueError("WHATSAPP_VERIFY_TOKEN must be set in production")
            if not self.database_url:
                raise ValueError("DATABASE_URL must be set in production")
            if not self.secure_cookies and not _is_loopback(self.public_base_url):
                # Sessions would travel in clear text and their cookies lack `Secure`.
                raise ValueError("PUBLIC_BASE_URL must be https:// in production (or set COZUM_BEHIND_TLS=true)")
        return self


def _is_loopback(url: str) -> bool:
    """A public URL only this machine can open: trying the deployment locally, nothing to intercept."""
    return urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1")


@lru_cache
def get_settings() -> Settings:
    return Settings()
