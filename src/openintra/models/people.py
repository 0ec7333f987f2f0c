"""models.people: groups, roles, roles entities, expertises, languages users, accreditations, clusters and
gitlab users.

Apps are the OAuth applications of ``models.platform`` (``oauth_apps``); this module holds the rest.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.db.types import UTCDateTime
from openintra.models._mixins import Timestamps


class Group(Timestamps, Base):
    __tablename__ = "groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    color: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="important")
    """``important``, ``normal`` or ``hidden`` (catalog write enums)."""


class GroupsUser(Timestamps, Base):
    __tablename__ = "groups_users"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)


class Role(Timestamps, Base):
    """An application role (the names of ``X-Application-Roles``, auth.roles)."""

    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


roles_users = Table(
    "roles_users",
    Base.metadata,
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("role_id", ForeignKey("roles.id"), primary_key=True, index=True),
)
"""The roles a user holds (the full user's ``roles``, ``/v2/users/:id/roles``). GUESS: 42's link
table is not documented; roles_entities only grants roles to applications."""


class RolesEntity(Timestamps, Base):
    """A role granted to an entity: an OAuth application (``Doorkeeper::Application``).

    ``entity_id`` is polymorphic (no foreign key): apps are deleted by the web pages.
    """

    __tablename__ = "roles_entities"
    __table_args__ = (UniqueConstraint("role_id", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"), index=True)
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    entity_type: Mapped[str] = mapped_column(String(64), default="Doorkeeper::Application")
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Expertise(Timestamps, Base):
    __tablename__ = "expertises"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    """``languages``, ``frameworks``, ``databases``, ``admin_sys`` or ``other``."""


class ExpertisesUser(Timestamps, Base):
    __tablename__ = "expertises_users"
    __table_args__ = (UniqueConstraint("expertise_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    expertise_id: Mapped[int] = mapped_column(ForeignKey("expertises.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    interested: Mapped[bool] = mapped_column(Boolean, default=False)
    value: Mapped[int] = mapped_column(Integer, default=1)
    """1 to 5."""
    contact_me: Mapped[bool] = mapped_column(Boolean, default=False)


class LanguagesUser(Timestamps, Base):
    __tablename__ = "languages_users"
    __table_args__ = (UniqueConstraint("user_id", "language_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    language_id: Mapped[int] = mapped_column(ForeignKey("languages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)


class Accreditation(Timestamps, Base):
    __tablename__ = "accreditations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)
    difficulty: Mapped[int] = mapped_column(Integer, default=0)
    validated: Mapped[bool] = mapped_column(Boolean, default=False)


class Cluster(Timestamps, Base):
    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    campus_id: Mapped[int] = mapped_column(ForeignKey("campus.id"), index=True)
    image: Mapped[str | None] = mapped_column(String(255))


class GitlabUser(Timestamps, Base):
    """An SSH key of a user's git account."""

    __tablename__ = "gitlab_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    public_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(100))
