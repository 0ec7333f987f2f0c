"""models.platform: OAuth applications and access tokens (secrets stored as digests)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps


class OAuthApp(Timestamps, Base):
    """A registered application (42's Doorkeeper application)."""

    __tablename__ = "oauth_apps"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    secret_digest: Mapped[str] = mapped_column(String(64))
    secret_valid_until: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    scopes: Mapped[str] = mapped_column(String(255), default="public")
    """Space-separated scopes the app may request."""
    roles: Mapped[str] = mapped_column(Text, default="")
    """Comma-separated role names."""
    redirect_uris: Mapped[str] = mapped_column(Text, default="")
    """Newline-separated registered redirect URIs."""
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(255))
    image: Mapped[str | None] = mapped_column(String(255))
    public: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    """Listed by ``GET /v2/apps`` to every token (an app that is not is listed to its owner only)."""
    rate_limit_secondly: Mapped[int] = mapped_column(Integer, default=2)
    rate_limit_hourly: Mapped[int] = mapped_column(Integer, default=1200)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class AccessToken(Base):
    """An issued access token, found by the SHA-256 digest of its opaque value."""

    __tablename__ = "oauth_access_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("oauth_apps.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    scopes: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    refresh_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    """SHA-256 of the refresh token (user grants only); single use."""
    refresh_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("oauth_grants.id"), index=True)
    """The authorization code this token descends from (through any number of refreshes)."""


class AuthorizationCode(Base):
    """An authorization code (Doorkeeper's access grant): single use, short-lived, stored as a digest."""

    __tablename__ = "oauth_grants"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("oauth_apps.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    redirect_uri: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(255))
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    redeemed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Consent(Base):
    """A user's remembered consent to an app's scopes: a later authorize within them skips the page."""

    __tablename__ = "oauth_consents"
    __table_args__ = (UniqueConstraint("app_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    app_id: Mapped[int] = mapped_column(ForeignKey("oauth_apps.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scopes: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class WebhookRegistery(Timestamps, Base):
    """A webhook subscription registered by staff for a campus (42 documents only its
    ``deactivate`` route; the columns are openintra's, DESIGN §4.14). A deactivated one delivers
    nothing until it is registered again."""

    __tablename__ = "webhook_registeries"
    id: Mapped[int] = mapped_column(primary_key=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)
    url: Mapped[str] = mapped_column(String(255))
    secret: Mapped[str | None] = mapped_column(String(255))
    model: Mapped[str] = mapped_column(String(100))
    """The model whose writes are delivered (``User``, ``ProjectsUser``…)."""
    event: Mapped[str] = mapped_column(String(20))
    """``create``, ``update`` or ``destroy``."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
