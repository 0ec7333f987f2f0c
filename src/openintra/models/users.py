"""models.users: users and their memberships of campus and cursus."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps


class User(Timestamps, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    usual_first_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="student", index=True)
    status: Mapped[str | None] = mapped_column(String(40))
    image: Mapped[str | None] = mapped_column(String(255))
    staff: Mapped[bool] = mapped_column(Boolean, default=False)
    correction_point: Mapped[int] = mapped_column(Integer, default=0)
    pool_month: Mapped[str | None] = mapped_column(String(20), index=True)
    pool_year: Mapped[str | None] = mapped_column(String(4), index=True)
    wallet: Mapped[int] = mapped_column(Integer, default=0)
    anonymize_date: Mapped[dt.date | None] = mapped_column(Date)
    data_erasure_date: Mapped[dt.date | None] = mapped_column(Date)
    alumnized_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    alumni: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    primary_campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    anonymized_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Private columns of 42's users table: sortable as the catalog says, never rendered.
    encrypted_password: Mapped[str | None] = mapped_column(String(255))
    reset_password_token: Mapped[str | None] = mapped_column(String(255))
    reset_password_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    otp_secret_key: Mapped[str | None] = mapped_column(String(255))
    otp_tmp: Mapped[str | None] = mapped_column(String(255))
    otp_activated: Mapped[bool] = mapped_column(Boolean, default=False)
    otp_backup_passwords: Mapped[str | None] = mapped_column(String(1024))
    slack_team: Mapped[str | None] = mapped_column(String(100))
    slack_login: Mapped[str | None] = mapped_column(String(100))
    slack_mail: Mapped[str | None] = mapped_column(String(255))
    slack_code_validation: Mapped[str | None] = mapped_column(String(100))
    slack_validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    token_id: Mapped[int | None] = mapped_column(Integer)
    email_stop: Mapped[bool] = mapped_column(Boolean, default=False)
    linked_user_id: Mapped[int | None] = mapped_column(Integer)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    encrypted_single_usage_password: Mapped[str | None] = mapped_column(String(255))
    first_warn_anon_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    second_warn_anon_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class CampusUser(Timestamps, Base):
    __tablename__ = "campus_users"
    __table_args__ = (UniqueConstraint("user_id", "campus_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)


class CursusUser(Timestamps, Base):
    __tablename__ = "cursus_users"
    __table_args__ = (UniqueConstraint("user_id", "cursus_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    grade: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[float] = mapped_column(Float, default=0.0)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    blackholed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    has_coalition: Mapped[bool] = mapped_column(Boolean, default=False)


class CursusUserSkill(Base):
    """A user's level in a skill within one cursus (``cursus_users.skills``)."""

    __tablename__ = "cursus_users_skills"
    __table_args__ = (UniqueConstraint("cursus_user_id", "skill_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cursus_user_id: Mapped[int] = mapped_column(ForeignKey("cursus_users.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    level: Mapped[float] = mapped_column(Float, default=0.0)


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (Index("ix_locations_user_id_end_at", "user_id", "end_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    host: Mapped[str] = mapped_column(String(40), index=True)
    primary: Mapped[bool] = mapped_column(Boolean, default=True)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
