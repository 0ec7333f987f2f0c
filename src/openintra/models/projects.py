"""models.projects: projects, sessions, registrations, teams and evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps

projects_cursus = Table(
    "projects_cursus",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)

projects_campus = Table(
    "projects_campus",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("campus_id", ForeignKey("campus.id"), primary_key=True, index=True),
)

scales_languages = Table(
    "scales_languages",
    Base.metadata,
    Column("scale_id", ForeignKey("scales.id"), primary_key=True),
    Column("language_id", ForeignKey("languages.id"), primary_key=True, index=True),
)

scales_flags = Table(
    "scales_flags",
    Base.metadata,
    Column("scale_id", ForeignKey("scales.id"), primary_key=True),
    Column("flag_id", ForeignKey("flags.id"), primary_key=True, index=True),
)


class Project(Timestamps, Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    exam: Mapped[bool] = mapped_column(Boolean, default=False)
    git_id: Mapped[int | None] = mapped_column(Integer)
    repository: Mapped[str | None] = mapped_column(String(255))
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)
    inherited_team: Mapped[bool] = mapped_column(Boolean, default=False)
    has_git: Mapped[bool] = mapped_column(Boolean, default=True)
    has_mark: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(Text)
    cached_repository_path: Mapped[str | None] = mapped_column(String(255))


class ProjectSession(Timestamps, Base):
    __tablename__ = "project_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)
    cursus_id: Mapped[int | None] = mapped_column(ForeignKey("cursus.id"), index=True)
    solo: Mapped[bool | None] = mapped_column(Boolean)
    begin_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    estimate_time: Mapped[str | None] = mapped_column(String(40))
    difficulty: Mapped[int | None] = mapped_column(Integer)
    objectives: Mapped[list[str] | None] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    duration_days: Mapped[int | None] = mapped_column(Integer)
    terminating_after: Mapped[int | None] = mapped_column(Integer)
    max_people: Mapped[int | None] = mapped_column(Integer)
    is_subscriptable: Mapped[bool | None] = mapped_column(Boolean)
    team_behaviour: Mapped[str] = mapped_column(String(20), default="user")
    commit: Mapped[str | None] = mapped_column(String(64))
    minimum_mark: Mapped[int | None] = mapped_column(Integer)
    divisor: Mapped[int | None] = mapped_column(Integer)


class ProjectsUser(Timestamps, Base):
    __tablename__ = "projects_users"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    occurrence: Mapped[int] = mapped_column(Integer, default=0)
    final_mark: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40), default="in_progress", index=True)
    validated: Mapped[bool | None] = mapped_column(Boolean)
    current_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", use_alter=True), index=True)
    marked: Mapped[bool] = mapped_column(Boolean, default=False)
    marked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    retriable_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Team(Timestamps, Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    project_session_id: Mapped[int] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    final_mark: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40), default="creating_group")
    terminating_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deadline_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked: Mapped[bool | None] = mapped_column(Boolean)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed: Mapped[bool | None] = mapped_column(Boolean)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    validated: Mapped[bool | None] = mapped_column(Boolean)
    repo_url: Mapped[str | None] = mapped_column(String(255))
    repo_uuid: Mapped[str] = mapped_column(String(255))
    project_gitlab_path: Mapped[str | None] = mapped_column(String(255))


class TeamsUser(Base):
    __tablename__ = "teams_users"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    leader: Mapped[bool] = mapped_column(Boolean, default=False)
    validated: Mapped[bool] = mapped_column(Boolean, default=True)
    occurrence: Mapped[int] = mapped_column(Integer, default=0)
    projects_user_id: Mapped[int | None] = mapped_column(ForeignKey("projects_users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Flag(Timestamps, Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    positive: Mapped[bool] = mapped_column(Boolean)
    icon: Mapped[str] = mapped_column(String(100))


class Scale(Timestamps, Base):
    __tablename__ = "scales"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int | None] = mapped_column(Integer, index=True)
    project_session_id: Mapped[int | None] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    introduction_md: Mapped[str] = mapped_column(Text, default="")
    disclaimer_md: Mapped[str | None] = mapped_column(Text)
    guidelines_md: Mapped[str] = mapped_column(Text, default="")
    correction_number: Mapped[int] = mapped_column(Integer, default=2)
    duration: Mapped[int] = mapped_column(Integer, default=900)
    manual_subscription: Mapped[bool] = mapped_column(Boolean, default=True)
    is_external: Mapped[bool] = mapped_column(Boolean, default=False)
    free: Mapped[bool | None] = mapped_column(Boolean, default=False)
    sections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """Sections with their questions, as rendered (a document, not queried)."""


class ScaleTeam(Timestamps, Base):
    __tablename__ = "scale_teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    """The corrector (42's column name; rendered as ``corrector``)."""
    truant_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), default=1)
    comment: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str | None] = mapped_column(Text)
    old_feedback: Mapped[str | None] = mapped_column(Text)
    feedback_rating: Mapped[int | None] = mapped_column(Integer)
    final_mark: Mapped[int | None] = mapped_column(Integer)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    filled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    token: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    internship_id: Mapped[int | None] = mapped_column(Integer)
    questions_with_answers: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Feedback(Timestamps, Base):
    __tablename__ = "feedbacks"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    feedbackable_type: Mapped[str] = mapped_column(String(40))
    feedbackable_id: Mapped[int] = mapped_column(Integer, index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    feedback_details: Mapped[list[Any]] = mapped_column(JSON, default=list)
    """``[{id, rate, kind}]`` as rendered."""
