"""models.community: coalitions, blocs, achievements, titles, grades and quests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps

achievements_campus = Table(
    "achievements_campus",
    Base.metadata,
    Column("achievement_id", ForeignKey("achievements.id"), primary_key=True),
    Column("campus_id", ForeignKey("campus.id"), primary_key=True, index=True),
)

achievements_cursus = Table(
    "achievements_cursus",
    Base.metadata,
    Column("achievement_id", ForeignKey("achievements.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)


class Bloc(Timestamps, Base):
    __tablename__ = "blocs"
    id: Mapped[int] = mapped_column(primary_key=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    squad_size: Mapped[int | None] = mapped_column(Integer)
    coalition_delay: Mapped[int | None] = mapped_column(Integer)
    repeat_deadline_delay: Mapped[int | None] = mapped_column(Integer)


class Coalition(Timestamps, Base):
    __tablename__ = "coalitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    bloc_id: Mapped[int | None] = mapped_column(ForeignKey("blocs.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    image: Mapped[str | None] = mapped_column(String(255))
    cover: Mapped[str | None] = mapped_column(String(255))
    color: Mapped[str] = mapped_column(String(7))
    score: Mapped[int] = mapped_column(Integer, default=0)


class CoalitionsUser(Timestamps, Base):
    __tablename__ = "coalitions_users"
    __table_args__ = (UniqueConstraint("coalition_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    coalition_id: Mapped[int] = mapped_column(ForeignKey("coalitions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    this_year_score: Mapped[int] = mapped_column(Integer, default=0)
    """Rendered as ``score`` (api-shapes §3.15)."""
    this_year_score_updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rank: Mapped[int | None] = mapped_column(Integer)


class Title(Timestamps, Base):
    __tablename__ = "titles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))


class TitlesUser(Timestamps, Base):
    __tablename__ = "titles_users"
    __table_args__ = (UniqueConstraint("title_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("titles.id"), index=True)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)


class Achievement(Timestamps, Base):
    __tablename__ = "achievements"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    internal_name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    tier: Mapped[str] = mapped_column(String(20), default="none")
    kind: Mapped[str] = mapped_column(String(20), default="project")
    pedago: Mapped[bool] = mapped_column(Boolean, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    image: Mapped[str | None] = mapped_column(String(255))
    nbr_of_success: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("achievements.id"), index=True)
    title_id: Mapped[int | None] = mapped_column(ForeignKey("titles.id"), index=True)
    position: Mapped[int | None] = mapped_column(Integer)
    reward: Mapped[int | None] = mapped_column(Integer)


class AchievementsUser(Timestamps, Base):
    __tablename__ = "achievements_users"
    __table_args__ = (UniqueConstraint("achievement_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    nbr_of_success: Mapped[int | None] = mapped_column(Integer)
    rewarded: Mapped[bool] = mapped_column(Boolean, default=False)


class Grade(Timestamps, Base):
    __tablename__ = "grades"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    is_primary: Mapped[bool | None] = mapped_column(Boolean)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str | None] = mapped_column(Text)


class Quest(Timestamps, Base):
    __tablename__ = "quests"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="main")
    internal_name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)
    grade_id: Mapped[int | None] = mapped_column(ForeignKey("grades.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    duration: Mapped[int | None] = mapped_column(Integer)
    ancestry: Mapped[str | None] = mapped_column(String(255))
    guild_size: Mapped[int | None] = mapped_column(Integer)
    guild_prct: Mapped[int | None] = mapped_column(Integer)
    mails: Mapped[str | None] = mapped_column(Text)
    mails_from: Mapped[str | None] = mapped_column(String(255))
    certificate_id: Mapped[int | None] = mapped_column(Integer)
    unlock_all_projects: Mapped[bool] = mapped_column(Boolean, default=False)
    tries_number: Mapped[int | None] = mapped_column(Integer)
    success_number: Mapped[int | None] = mapped_column(Integer)
    close_on_fail: Mapped[bool] = mapped_column(Boolean, default=False)


class QuestsUser(Timestamps, Base):
    __tablename__ = "quests_users"
    __table_args__ = (UniqueConstraint("quest_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    quest_id: Mapped[int] = mapped_column(ForeignKey("quests.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    prct: Mapped[int | None] = mapped_column(Integer)
    advancement: Mapped[str | None] = mapped_column(String(100))
