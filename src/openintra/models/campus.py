"""models.campus: languages, campus endpoints, campus, cursus and skills."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps


class Language(Timestamps, Base):
    __tablename__ = "languages"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    identifier: Mapped[str] = mapped_column(String(10), unique=True)


class Endpoint(Timestamps, Base):
    __tablename__ = "endpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EndpointCallback(Base):
    """A call made to a campus endpoint, as recorded by ``POST /v2/endpoints/:id/callback``: the
    URL called, the user it was about, what was sent and what came back (JSON text)."""

    __tablename__ = "endpoint_callbacks"
    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("endpoints.id"), index=True)
    url: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    initial_data: Mapped[str] = mapped_column(Text)
    response_data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class Campus(Timestamps, Base):
    __tablename__ = "campus"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    language_id: Mapped[int] = mapped_column(ForeignKey("languages.id"), index=True)
    vogsphere_id: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    zip: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    facebook: Mapped[str] = mapped_column(String(255), default="")
    twitter: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    email_extension: Mapped[str | None] = mapped_column(String(100))
    default_hidden_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("endpoints.id"), index=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(100))
    main_email: Mapped[str | None] = mapped_column(String(255))
    content_email: Mapped[str | None] = mapped_column(String(255))
    companies_mail: Mapped[str | None] = mapped_column(String(255))
    tig_email: Mapped[str | None] = mapped_column(String(255))
    help_url: Mapped[str | None] = mapped_column(String(255))
    logo: Mapped[str | None] = mapped_column(String(255))
    time_of_community_service_started: Mapped[str | None] = mapped_column(String(20))
    pro_needs_validation: Mapped[bool] = mapped_column(Boolean, default=False)
    open_to_job_offers: Mapped[bool] = mapped_column(Boolean, default=True)
    minimum_slot_duration: Mapped[int | None] = mapped_column(Integer)
    alumni_system: Mapped[bool] = mapped_column(Boolean, default=False)
    manual_alumnization_before_first_internship: Mapped[bool] = mapped_column(Boolean, default=False)


class Cursus(Timestamps, Base):
    __tablename__ = "cursus"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="main")
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_subscriptable: Mapped[bool] = mapped_column(Boolean, default=True)


class Skill(Timestamps, Base):
    __tablename__ = "skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(100))
