"""settings: typed settings read from OPENINTRA_* environment variables or a `.env` file."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_SECRET_KEY = "openintra-demo-secret-key-do-not-use-in-production"
MIN_SECRET_KEY = 16


class Settings(BaseSettings):
    """openintra's settings. Unsafe defaults are refused outside demo mode."""

    model_config = SettingsConfigDict(env_prefix="OPENINTRA_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./openintra.db"
    """SQLAlchemy URL: ``sqlite:///path`` or ``postgresql+psycopg://user@host/db``."""
    redis_url: str | None = None
    """Shared rate-limit counters; unset means in-process counters."""
    public_url: str | None = None
    """Base of absolute URLs (``Link`` headers); unset means the request's base."""
    secret_key: str | None = None
    """Signs sessions and CSRF tokens; required outside demo mode."""
    token_ttl: int = Field(default=7200, ge=60)
    """Access-token lifetime in seconds."""
    secret_ttl_days: int = Field(default=180, ge=1)
    """Client-secret lifetime (``secret_valid_until``)."""
    api_url: str = "https://api.intra.42.fr"
    """Host rendered in resource ``url`` fields, as 42 clients expect it."""
    demo: bool = False
    """Demo mode: allows the demo secret key."""
    pool_size: int = Field(default=10, ge=1)
    read_cache: bool = True
    """SQLite: keep show bodies, index pages, id lookups and token rows until the next commit
    (db.counts); ``false`` reads every request from the database (``X-Total`` counts are kept)."""

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.secret_key is not None and not self.secret_key.strip():
            self.secret_key = None  # an empty OPENINTRA_SECRET_KEY= is no key
        if self.secret_key is None:
            if not self.demo:
                raise ValueError("OPENINTRA_SECRET_KEY is required outside demo mode")
            self.secret_key = DEMO_SECRET_KEY
        elif self.secret_key == DEMO_SECRET_KEY and not self.demo:
            raise ValueError("the demo secret key may not be used outside demo mode")
        elif len(self.secret_key) < MIN_SECRET_KEY:
            raise ValueError(f"OPENINTRA_SECRET_KEY must be at least {MIN_SECRET_KEY} characters")
        return self

    @cached_property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def workers_problem(settings: Settings, workers: int) -> str | None:
    """Why ``workers`` server processes may not run with ``settings``, or None.

    Rate limits are counted per app: without Redis each worker would keep its own counters, and an
    app would get its budget once per worker."""
    if workers > 1 and not settings.redis_url:
        return (
            f"{workers} workers need shared rate-limit counters: set OPENINTRA_REDIS_URL "
            "(e.g. redis://127.0.0.1:6379/0), or serve with --workers 1"
        )
    return None
