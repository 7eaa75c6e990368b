from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    db_pool_size: int = Field(10, alias="COZUM_DB_POOL_SIZE", ge=1, le=200)
    graphql_max_depth: int = Field(12, alias="COZUM_GRAPHQL_MAX_DEPTH", ge=3, le=50)
    graphql_max_aliases: int = Field(30, alias="COZUM_GRAPHQL_MAX_ALIASES", ge=1, le=500)
    graphql_max_tokens: int = Field(2000, alias="COZUM_GRAPHQL_MAX_TOKENS", ge=100)
    graphql_max_cost: int = Field(1000, alias="COZUM_GRAPHQL_MAX_COST", ge=10)
    allowed_origins: str = Field("", alias="COZUM_ALLOWED_ORIGINS", description="Comma-separated, for WebSockets")
    whatsapp_verify_token: str = DEFAULT_WHATSAPP_VERIFY_TOKEN
    whatsapp_app_secret: str | None = None
    whatsapp_access_token: str | None = None
    whatsapp_graph_url: str = "https://graph.facebook.com/v21.0"
    smtp_url: str | None = None
    sms_gateway_url: str | None = None

    @property
    def is_development(self) -> bool:
        return self.env != "production"

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")

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
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
