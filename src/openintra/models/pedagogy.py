"""models.pedagogy: attachments, project data, rules, session rules and skills, skills,
levels, notions, subnotions, tags, teams uploads, evaluations and translations.

The skills table itself lives in ``models.campus`` (other resources embed it); its link to cursus is here.
Documents that 42 stores serialized and clients filter by their text (project data's ``coordinates`` and
``by``, translations' ``fields``) are kept as JSON text and parsed when rendered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from openintra.db.base import Base
from openintra.models._mixins import Timestamps

# --- evaluations, uploads and their results ------------------------------------------------------


class Evaluation(Timestamps, Base):
    """What grades a project session: a scale (peer evaluation) or an upload (automated tests)."""

    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Upload(Timestamps, Base):
    """An automated test of a project session (``project_sessions.uploads``, ``teams_uploads.upload``)."""

    __tablename__ = "uploads"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id"), index=True)
    project_session_id: Mapped[int] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")


class TeamsUpload(Timestamps, Base):
    __tablename__ = "teams_uploads"
    __table_args__ = (UniqueConstraint("team_id", "upload_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), index=True)
    final_mark: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


# --- rules of project sessions --------------------------------------------------------------------


class Rule(Timestamps, Base):
    __tablename__ = "rules"
    __table_args__ = (UniqueConstraint("kind", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    internal_name: Mapped[str] = mapped_column(String(255))


class Param(Timestamps, Base):
    """A parameter a rule takes (``rules.params``)."""

    __tablename__ = "params"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    default_value: Mapped[str] = mapped_column(String(255), default="")
    data_type: Mapped[str] = mapped_column(String(40), default="string")


class ProjectSessionsRule(Timestamps, Base):
    __tablename__ = "project_sessions_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id"), index=True)
    project_session_id: Mapped[int] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=1)


class ParamsProjectSessionsRule(Timestamps, Base):
    __tablename__ = "params_project_sessions_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    param_id: Mapped[int] = mapped_column(ForeignKey("params.id"), index=True)
    project_sessions_rule_id: Mapped[int] = mapped_column(ForeignKey("project_sessions_rules.id"), index=True)
    value: Mapped[str] = mapped_column(String(255), default="")


# --- skills and levels ----------------------------------------------------------------------------


class ProjectSessionsSkill(Timestamps, Base):
    __tablename__ = "project_sessions_skills"
    __table_args__ = (UniqueConstraint("project_session_id", "skill_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_session_id: Mapped[int] = mapped_column(ForeignKey("project_sessions.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    value: Mapped[int] = mapped_column(Integer)


cursus_skills = Table(
    "cursus_skills",
    Base.metadata,
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id"), primary_key=True, index=True),
)
"""The skills a cursus teaches (``/v2/cursus/:cursus_id/skills``)."""


class Level(Timestamps, Base):
    """The experience a level of a cursus needs."""

    __tablename__ = "levels"
    __table_args__ = (UniqueConstraint("cursus_id", "lvl"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    lvl: Mapped[int] = mapped_column(Integer)
    xp: Mapped[int] = mapped_column(Integer)
    cursus_id: Mapped[int] = mapped_column(ForeignKey("cursus.id"), index=True)


# --- notions, subnotions and tags -----------------------------------------------------------------


class Notion(Timestamps, Base):
    __tablename__ = "notions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)


notions_cursus = Table(
    "notions_cursus",
    Base.metadata,
    Column("notion_id", ForeignKey("notions.id"), primary_key=True),
    Column("cursus_id", ForeignKey("cursus.id"), primary_key=True, index=True),
)


class Subnotion(Timestamps, Base):
    __tablename__ = "subnotions"
    __table_args__ = (UniqueConstraint("notion_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    notion_id: Mapped[int | None] = mapped_column(ForeignKey("notions.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    notepad: Mapped[str | None] = mapped_column(Text)


class Tag(Timestamps, Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="general")
    pinner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)


notions_tags = Table(
    "notions_tags",
    Base.metadata,
    Column("notion_id", ForeignKey("notions.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True, index=True),
)

projects_tags = Table(
    "projects_tags",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True, index=True),
)

tags_subnotions = Table(
    "tags_subnotions",
    Base.metadata,
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
    Column("subnotion_id", ForeignKey("subnotions.id"), primary_key=True, index=True),
)

issues_tags = Table(
    "issues_tags",
    Base.metadata,
    Column("issue_id", Integer, primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True, index=True),
)
"""Tags of issues (``/v2/issues/:issue_id/tags``): 42 documents no issues resource, so the id is a
plain column."""


class TagsUser(Timestamps, Base):
    __tablename__ = "tags_users"
    __table_args__ = (UniqueConstraint("tag_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    campus_id: Mapped[int | None] = mapped_column(ForeignKey("campus.id"), index=True)


# --- attachments, project data, translations ------------------------------------------------------


class Attachment(Timestamps, Base):
    """A document of a project, a project session or a subnotion (``container``), in one language.

    ``attachable`` is the file object (a Pdf, Video, Link… of 42's); ``base_id`` the attachment it
    translates (itself for the original).
    """

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_container", "container_type", "container_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    attachable_type: Mapped[str] = mapped_column(String(40))
    attachable_id: Mapped[int] = mapped_column(Integer)
    container_type: Mapped[str] = mapped_column(String(40))
    container_id: Mapped[int] = mapped_column(Integer)
    language_id: Mapped[int] = mapped_column(ForeignKey("languages.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    default: Mapped[bool] = mapped_column(Boolean, default=True)
    up_to_date: Mapped[bool] = mapped_column(Boolean, default=True)
    base_id: Mapped[int | None] = mapped_column(Integer, index=True)
    untranslatable: Mapped[bool] = mapped_column(Boolean, default=False)
    attachments_structure_id: Mapped[int | None] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer)
    pdf_processing: Mapped[bool] = mapped_column(Boolean, default=False)
    pdf_url: Mapped[str | None] = mapped_column(String(255))
    pdf_thumb_url: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(255))
    thumb_url: Mapped[str | None] = mapped_column(String(255))


class ProjectData(Timestamps, Base):
    """Where a project session sits on the holy graph, and its links to the projects before it."""

    __tablename__ = "project_data"
    id: Mapped[int] = mapped_column(primary_key=True)
    coordinates: Mapped[str] = mapped_column(Text, default="[]")
    """``[x, y]`` as JSON text."""
    by: Mapped[str] = mapped_column(Text, default="[]")
    """``[[project_id, x1, y1, x2, y2], …]`` as JSON text."""
    kind: Mapped[str] = mapped_column(String(40))
    project_session_id: Mapped[int] = mapped_column(ForeignKey("project_sessions.id"), index=True)


class TranslationsStructure(Timestamps, Base):
    __tablename__ = "translations_structures"
    id: Mapped[int] = mapped_column(primary_key=True)
    searchable_by: Mapped[list[Any]] = mapped_column(JSON, default=list)
    identified_by: Mapped[list[Any]] = mapped_column(JSON, default=list)
    structures_kind: Mapped[str] = mapped_column(String(40), default="simple")
    up_to_date: Mapped[bool] = mapped_column(Boolean, default=True)
    fields_organisation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    type_name: Mapped[str] = mapped_column(String(100), unique=True)


class Translation(Timestamps, Base):
    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("translatable_type", "translatable_id", "language_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    translatable_id: Mapped[int] = mapped_column(Integer)
    translatable_type: Mapped[str] = mapped_column(String(100))
    language_id: Mapped[int] = mapped_column(ForeignKey("languages.id"), index=True)
    fields: Mapped[str] = mapped_column(Text)
    """The translated fields, as JSON text (``{"name": …, "description": …}``)."""
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    default: Mapped[bool] = mapped_column(Boolean, default=False)
    up_to_date: Mapped[bool] = mapped_column(Boolean, default=True)
    translations_structure_id: Mapped[int] = mapped_column(
        ForeignKey("translations_structures.id"), index=True
    )
