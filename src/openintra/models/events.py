"""models.events: events, exams, waitlists, dashes, slots, announcements, broadcasts, flashes and mailings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps

events_campus = Table(
    "events_campus",
    Base.metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("campus_id", ForeignKey("campus.id"), primary_key=True, index=True),
)

events_cursus = Table(
    "events_cursus",
    Base.metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)

events_themes = Table(
    "events_themes",
    Base.metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)

exams_cursus = Table(
    "exams_cursus",
    Base.metadata,
    Column("exam_id", ForeignKey("exams.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)

exams_projects = Table(
    "exams_projects",
    Base.metadata,
    Column("exam_id", ForeignKey("exams.id"), primary_key=True),
    Column("project_id", ForeignKey("projects.id"), primary_key=True, index=True),
)


class Theme(Timestamps, Base):
    """An event theme (``events.themes``); not a resource of its own."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Event(Timestamps, Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    max_people: Mapped[int | None] = mapped_column(Integer)
    """Null (or 0) is unlimited."""
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    prohibition_of_cancellation: Mapped[int | None] = mapped_column(Integer)
    difficulty: Mapped[int | None] = mapped_column(Integer)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)


class EventsUser(Timestamps, Base):
    __tablename__ = "events_users"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Waitlist(Timestamps, Base):
    """The waitlist of a full event or exam (polymorphic: ``waitlistable_type`` Event or Exam)."""

    __tablename__ = "waitlists"
    __table_args__ = (
        Index("ix_waitlists_waitlistable", "waitlistable_type", "waitlistable_id", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    waitlistable_id: Mapped[int] = mapped_column(Integer)
    waitlistable_type: Mapped[str] = mapped_column(String(20))


class WaitlistUser(Timestamps, Base):
    """A user waiting on a waitlist, first come first served (openintra's table: 42 publishes the
    waitlist, not who is on it). A freed seat goes to the oldest entry (rules/seats.py)."""

    __tablename__ = "waitlist_users"
    __table_args__ = (UniqueConstraint("waitlist_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    waitlist_id: Mapped[int] = mapped_column(ForeignKey("waitlists.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Exam(Timestamps, Base):
    __tablename__ = "exams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(255))
    ip_range: Mapped[str] = mapped_column(String(255))
    max_people: Mapped[int | None] = mapped_column(Integer)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    validated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    validator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    prohibition_of_cancellation: Mapped[int | None] = mapped_column(Integer)


class ExamsUser(Timestamps, Base):
    __tablename__ = "exams_users"
    __table_args__ = (UniqueConstraint("exam_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Dash(Timestamps, Base):
    __tablename__ = "dashes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id"), index=True)
    nbr_xp: Mapped[int] = mapped_column(Integer)
    """Rendered as a string (api-shapes §9 #6)."""
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    duration: Mapped[int] = mapped_column(Integer)
    """Minutes; ``end_at`` = ``begin_at`` + ``duration``."""


class DashesUser(Timestamps, Base):
    __tablename__ = "dashes_users"
    __table_args__ = (UniqueConstraint("dash_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dash_id: Mapped[int] = mapped_column(ForeignKey("dashes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    repo_url: Mapped[str | None] = mapped_column(String(255))
    repo_uuid: Mapped[str | None] = mapped_column(String(255))
    final_mark: Mapped[int | None] = mapped_column(Integer)


class Slot(Base):
    """A 15-minute evaluation availability of a user; booked when it has a ``scale_team_id``."""

    __tablename__ = "slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    begin_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    scale_team_id: Mapped[int | None] = mapped_column(ForeignKey("scale_teams.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Announcement(Timestamps, Base):
    __tablename__ = "announcements"
    id: Mapped[int] = mapped_column(primary_key=True)
    author: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="global")
    image: Mapped[str | None] = mapped_column(String(255))
    expire_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    link: Mapped[str | None] = mapped_column(String(255))
    notificable_id: Mapped[int | None] = mapped_column(Integer)
    notificable_type: Mapped[str | None] = mapped_column(String(40))


class Broadcast(Timestamps, Base):
    __tablename__ = "broadcasts"
    id: Mapped[int] = mapped_column(primary_key=True)
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    tag_id: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    pinned_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    url: Mapped[str | None] = mapped_column(String(255))
    content_html: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Flash(Timestamps, Base):
    __tablename__ = "flashes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    selector: Mapped[str] = mapped_column(String(255), default="")
    identifier: Mapped[str] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(255))
    duration: Mapped[int] = mapped_column(Integer)


class FlashUser(Timestamps, Base):
    __tablename__ = "flash_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    flash_id: Mapped[int] = mapped_column(ForeignKey("flashes.id"), index=True)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)
    end_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Mailing(Timestamps, Base):
    """A mail sent to users. ``meta``, ``to``, ``cc``, ``bcc`` and ``attachments`` are JSON text
    (Rails serialized columns): filterable by their text, rendered as documents."""

    __tablename__ = "mailings"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    """The recipient (``/v2/users/:user_id/mailings``)."""
    subject: Mapped[str] = mapped_column(String(255))
    identifier: Mapped[str | None] = mapped_column(String(255))
    meta: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(255))
    subtitle: Mapped[str | None] = mapped_column(String(255))
    attachment: Mapped[str | None] = mapped_column(String(255))
    sender: Mapped[str] = mapped_column("from", String(255))
    to: Mapped[str] = mapped_column(Text)
    cc: Mapped[str | None] = mapped_column(Text)
    bcc: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    html_content: Mapped[str] = mapped_column(Text)
    attachments: Mapped[str | None] = mapped_column(Text)
