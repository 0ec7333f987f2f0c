"""events, exams, waitlists, dashes, slots, announcements, broadcasts, flashes and mailings

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("image", sa.String(length=255), nullable=True),
        sa.Column("expire_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("link", sa.String(length=255), nullable=True),
        sa.Column("notificable_id", sa.Integer(), nullable=True),
        sa.Column("notificable_type", sa.String(length=40), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcements")),
    )
    op.create_index(op.f("ix_announcements_created_at"), "announcements", ["created_at"], unique=False)
    op.create_index(op.f("ix_announcements_expire_at"), "announcements", ["expire_at"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("max_people", sa.Integer(), nullable=True),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("prohibition_of_cancellation", sa.Integer(), nullable=True),
        sa.Column("difficulty", sa.Integer(), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_begin_at"), "events", ["begin_at"], unique=False)
    op.create_index(op.f("ix_events_created_at"), "events", ["created_at"], unique=False)
    op.create_index(op.f("ix_events_kind"), "events", ["kind"], unique=False)
    op.create_table(
        "flashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("selector", sa.String(length=255), nullable=False),
        sa.Column("identifier", sa.String(length=255), nullable=False),
        sa.Column("url", sa.String(length=255), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flashes")),
    )
    op.create_index(op.f("ix_flashes_created_at"), "flashes", ["created_at"], unique=False)
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("name", name=op.f("uq_themes_name")),
    )
    op.create_index(op.f("ix_themes_created_at"), "themes", ["created_at"], unique=False)
    op.create_table(
        "waitlists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("waitlistable_id", sa.Integer(), nullable=False),
        sa.Column("waitlistable_type", sa.String(length=20), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlists")),
    )
    op.create_index(op.f("ix_waitlists_created_at"), "waitlists", ["created_at"], unique=False)
    op.create_index(
        "ix_waitlists_waitlistable", "waitlists", ["waitlistable_type", "waitlistable_id"], unique=True
    )
    op.create_table(
        "events_cursus",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_events_cursus_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_events_cursus_event_id_events")),
        sa.PrimaryKeyConstraint("event_id", "cursus_id", name=op.f("pk_events_cursus")),
    )
    op.create_index(op.f("ix_events_cursus_cursus_id"), "events_cursus", ["cursus_id"], unique=False)
    op.create_table(
        "events_themes",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_events_themes_event_id_events")),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_events_themes_theme_id_themes")),
        sa.PrimaryKeyConstraint("event_id", "theme_id", name=op.f("pk_events_themes")),
    )
    op.create_index(op.f("ix_events_themes_theme_id"), "events_themes", ["theme_id"], unique=False)
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("pinned_until", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("hidden_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("url", sa.String(length=255), nullable=True),
        sa.Column("content_html", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_broadcasts_campus_id_campus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(op.f("ix_broadcasts_campus_id"), "broadcasts", ["campus_id"], unique=False)
    op.create_index(op.f("ix_broadcasts_created_at"), "broadcasts", ["created_at"], unique=False)
    op.create_table(
        "dashes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("nbr_xp", sa.Integer(), nullable=False),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_dashes_campus_id_campus")),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_dashes_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_dashes_skill_id_skills")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashes")),
        sa.UniqueConstraint("slug", name=op.f("uq_dashes_slug")),
    )
    op.create_index(op.f("ix_dashes_campus_id"), "dashes", ["campus_id"], unique=False)
    op.create_index(op.f("ix_dashes_created_at"), "dashes", ["created_at"], unique=False)
    op.create_index(op.f("ix_dashes_cursus_id"), "dashes", ["cursus_id"], unique=False)
    op.create_index(op.f("ix_dashes_skill_id"), "dashes", ["skill_id"], unique=False)
    op.create_table(
        "events_campus",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_events_campus_campus_id_campus")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_events_campus_event_id_events")),
        sa.PrimaryKeyConstraint("event_id", "campus_id", name=op.f("pk_events_campus")),
    )
    op.create_index(op.f("ix_events_campus_campus_id"), "events_campus", ["campus_id"], unique=False)
    op.create_table(
        "dashes_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dash_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("repo_url", sa.String(length=255), nullable=True),
        sa.Column("repo_uuid", sa.String(length=255), nullable=True),
        sa.Column("final_mark", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dash_id"], ["dashes.id"], name=op.f("fk_dashes_users_dash_id_dashes")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_dashes_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashes_users")),
        sa.UniqueConstraint("dash_id", "user_id", name=op.f("uq_dashes_users_dash_id_user_id")),
    )
    op.create_index(op.f("ix_dashes_users_created_at"), "dashes_users", ["created_at"], unique=False)
    op.create_index(op.f("ix_dashes_users_dash_id"), "dashes_users", ["dash_id"], unique=False)
    op.create_index(op.f("ix_dashes_users_user_id"), "dashes_users", ["user_id"], unique=False)
    op.create_table(
        "events_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_events_users_event_id_events")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_events_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events_users")),
        sa.UniqueConstraint("event_id", "user_id", name=op.f("uq_events_users_event_id_user_id")),
    )
    op.create_index(op.f("ix_events_users_created_at"), "events_users", ["created_at"], unique=False)
    op.create_index(op.f("ix_events_users_event_id"), "events_users", ["event_id"], unique=False)
    op.create_index(op.f("ix_events_users_user_id"), "events_users", ["user_id"], unique=False)
    op.create_table(
        "exams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=False),
        sa.Column("ip_range", sa.String(length=255), nullable=False),
        sa.Column("max_people", sa.Integer(), nullable=True),
        sa.Column("visible", sa.Boolean(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("validated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("validator_id", sa.Integer(), nullable=True),
        sa.Column("prohibition_of_cancellation", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_exams_campus_id_campus")),
        sa.ForeignKeyConstraint(["validator_id"], ["users.id"], name=op.f("fk_exams_validator_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exams")),
    )
    op.create_index(op.f("ix_exams_begin_at"), "exams", ["begin_at"], unique=False)
    op.create_index(op.f("ix_exams_campus_id"), "exams", ["campus_id"], unique=False)
    op.create_index(op.f("ix_exams_created_at"), "exams", ["created_at"], unique=False)
    op.create_index(op.f("ix_exams_validator_id"), "exams", ["validator_id"], unique=False)
    op.create_table(
        "flash_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("flash_id", sa.Integer(), nullable=False),
        sa.Column("seen", sa.Boolean(), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["flash_id"], ["flashes.id"], name=op.f("fk_flash_users_flash_id_flashes")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_flash_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flash_users")),
    )
    op.create_index(op.f("ix_flash_users_created_at"), "flash_users", ["created_at"], unique=False)
    op.create_index(op.f("ix_flash_users_flash_id"), "flash_users", ["flash_id"], unique=False)
    op.create_index(op.f("ix_flash_users_user_id"), "flash_users", ["user_id"], unique=False)
    op.create_table(
        "mailings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("identifier", sa.String(length=255), nullable=True),
        sa.Column("meta", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("subtitle", sa.String(length=255), nullable=True),
        sa.Column("attachment", sa.String(length=255), nullable=True),
        sa.Column("from", sa.String(length=255), nullable=False),
        sa.Column("to", sa.Text(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=True),
        sa.Column("bcc", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("html_content", sa.Text(), nullable=False),
        sa.Column("attachments", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mailings_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailings")),
    )
    op.create_index(op.f("ix_mailings_created_at"), "mailings", ["created_at"], unique=False)
    op.create_index(op.f("ix_mailings_user_id"), "mailings", ["user_id"], unique=False)
    op.create_table(
        "exams_cursus",
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_exams_cursus_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_exams_cursus_exam_id_exams")),
        sa.PrimaryKeyConstraint("exam_id", "cursus_id", name=op.f("pk_exams_cursus")),
    )
    op.create_index(op.f("ix_exams_cursus_cursus_id"), "exams_cursus", ["cursus_id"], unique=False)
    op.create_table(
        "exams_projects",
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_exams_projects_exam_id_exams")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_exams_projects_project_id_projects")
        ),
        sa.PrimaryKeyConstraint("exam_id", "project_id", name=op.f("pk_exams_projects")),
    )
    op.create_index(op.f("ix_exams_projects_project_id"), "exams_projects", ["project_id"], unique=False)
    op.create_table(
        "exams_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_exams_users_exam_id_exams")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_exams_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exams_users")),
        sa.UniqueConstraint("exam_id", "user_id", name=op.f("uq_exams_users_exam_id_user_id")),
    )
    op.create_index(op.f("ix_exams_users_created_at"), "exams_users", ["created_at"], unique=False)
    op.create_index(op.f("ix_exams_users_exam_id"), "exams_users", ["exam_id"], unique=False)
    op.create_index(op.f("ix_exams_users_user_id"), "exams_users", ["user_id"], unique=False)
    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("scale_team_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_team_id"], ["scale_teams.id"], name=op.f("fk_slots_scale_team_id_scale_teams")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_slots_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots")),
    )
    op.create_index(op.f("ix_slots_begin_at"), "slots", ["begin_at"], unique=False)
    op.create_index(op.f("ix_slots_created_at"), "slots", ["created_at"], unique=False)
    op.create_index(op.f("ix_slots_scale_team_id"), "slots", ["scale_team_id"], unique=False)
    op.create_index(op.f("ix_slots_user_id"), "slots", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_slots_user_id"), table_name="slots")
    op.drop_index(op.f("ix_slots_scale_team_id"), table_name="slots")
    op.drop_index(op.f("ix_slots_created_at"), table_name="slots")
    op.drop_index(op.f("ix_slots_begin_at"), table_name="slots")
    op.drop_table("slots")
    op.drop_index(op.f("ix_exams_users_user_id"), table_name="exams_users")
    op.drop_index(op.f("ix_exams_users_exam_id"), table_name="exams_users")
    op.drop_index(op.f("ix_exams_users_created_at"), table_name="exams_users")
    op.drop_table("exams_users")
    op.drop_index(op.f("ix_exams_projects_project_id"), table_name="exams_projects")
    op.drop_table("exams_projects")
    op.drop_index(op.f("ix_exams_cursus_cursus_id"), table_name="exams_cursus")
    op.drop_table("exams_cursus")
    op.drop_index(op.f("ix_mailings_user_id"), table_name="mailings")
    op.drop_index(op.f("ix_mailings_created_at"), table_name="mailings")
    op.drop_table("mailings")
    op.drop_index(op.f("ix_flash_users_user_id"), table_name="flash_users")
    op.drop_index(op.f("ix_flash_users_flash_id"), table_name="flash_users")
    op.drop_index(op.f("ix_flash_users_created_at"), table_name="flash_users")
    op.drop_table("flash_users")
    op.drop_index(op.f("ix_exams_validator_id"), table_name="exams")
    op.drop_index(op.f("ix_exams_created_at"), table_name="exams")
    op.drop_index(op.f("ix_exams_campus_id"), table_name="exams")
    op.drop_index(op.f("ix_exams_begin_at"), table_name="exams")
    op.drop_table("exams")
    op.drop_index(op.f("ix_events_users_user_id"), table_name="events_users")
    op.drop_index(op.f("ix_events_users_event_id"), table_name="events_users")
    op.drop_index(op.f("ix_events_users_created_at"), table_name="events_users")
    op.drop_table("events_users")
    op.drop_index(op.f("ix_dashes_users_user_id"), table_name="dashes_users")
    op.drop_index(op.f("ix_dashes_users_dash_id"), table_name="dashes_users")
    op.drop_index(op.f("ix_dashes_users_created_at"), table_name="dashes_users")
    op.drop_table("dashes_users")
    op.drop_index(op.f("ix_events_campus_campus_id"), table_name="events_campus")
    op.drop_table("events_campus")
    op.drop_index(op.f("ix_dashes_skill_id"), table_name="dashes")
    op.drop_index(op.f("ix_dashes_cursus_id"), table_name="dashes")
    op.drop_index(op.f("ix_dashes_created_at"), table_name="dashes")
    op.drop_index(op.f("ix_dashes_campus_id"), table_name="dashes")
    op.drop_table("dashes")
    op.drop_index(op.f("ix_broadcasts_created_at"), table_name="broadcasts")
    op.drop_index(op.f("ix_broadcasts_campus_id"), table_name="broadcasts")
    op.drop_table("broadcasts")
    op.drop_index(op.f("ix_events_themes_theme_id"), table_name="events_themes")
    op.drop_table("events_themes")
    op.drop_index(op.f("ix_events_cursus_cursus_id"), table_name="events_cursus")
    op.drop_table("events_cursus")
    op.drop_index("ix_waitlists_waitlistable", table_name="waitlists")
    op.drop_index(op.f("ix_waitlists_created_at"), table_name="waitlists")
    op.drop_table("waitlists")
    op.drop_index(op.f("ix_themes_created_at"), table_name="themes")
    op.drop_table("themes")
    op.drop_index(op.f("ix_flashes_created_at"), table_name="flashes")
    op.drop_table("flashes")
    op.drop_index(op.f("ix_events_kind"), table_name="events")
    op.drop_index(op.f("ix_events_created_at"), table_name="events")
    op.drop_index(op.f("ix_events_begin_at"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_announcements_expire_at"), table_name="announcements")
    op.drop_index(op.f("ix_announcements_created_at"), table_name="announcements")
    op.drop_table("announcements")
