"""pedagogy: attachments, project data, rules and session rules, skills, levels, notions, subnotions,
tags, teams uploads, evaluations and translations

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluations_created_at"), ["created_at"], unique=False)

    op.create_table(
        "notions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notions")),
        sa.UniqueConstraint("name", name=op.f("uq_notions_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_notions_slug")),
    )
    with op.batch_alter_table("notions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notions_created_at"), ["created_at"], unique=False)

    op.create_table(
        "rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("internal_name", sa.String(length=255), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_rules_kind_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_rules_slug")),
    )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_created_at"), ["created_at"], unique=False)

    op.create_table(
        "translations_structures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("searchable_by", sa.JSON(), nullable=False),
        sa.Column("identified_by", sa.JSON(), nullable=False),
        sa.Column("structures_kind", sa.String(length=40), nullable=False),
        sa.Column("up_to_date", sa.Boolean(), nullable=False),
        sa.Column("fields_organisation", sa.JSON(), nullable=False),
        sa.Column("type_name", sa.String(length=100), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations_structures")),
        sa.UniqueConstraint("type_name", name=op.f("uq_translations_structures_type_name")),
    )
    with op.batch_alter_table("translations_structures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translations_structures_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "cursus_skills",
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_cursus_skills_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["skill_id"], ["skills.id"], name=op.f("fk_cursus_skills_skill_id_skills")),
        sa.PrimaryKeyConstraint("cursus_id", "skill_id", name=op.f("pk_cursus_skills")),
    )
    with op.batch_alter_table("cursus_skills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cursus_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lvl", sa.Integer(), nullable=False),
        sa.Column("xp", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_levels_cursus_id_cursus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_levels")),
        sa.UniqueConstraint("cursus_id", "lvl", name=op.f("uq_levels_cursus_id_lvl")),
    )
    with op.batch_alter_table("levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_levels_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_levels_cursus_id"), ["cursus_id"], unique=False)

    op.create_table(
        "notions_cursus",
        sa.Column("notion_id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cursus_id"], ["cursus.id"], name=op.f("fk_notions_cursus_cursus_id_cursus")
        ),
        sa.ForeignKeyConstraint(
            ["notion_id"], ["notions.id"], name=op.f("fk_notions_cursus_notion_id_notions")
        ),
        sa.PrimaryKeyConstraint("notion_id", "cursus_id", name=op.f("pk_notions_cursus")),
    )
    with op.batch_alter_table("notions_cursus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notions_cursus_cursus_id"), ["cursus_id"], unique=False)

    op.create_table(
        "params",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("default_value", sa.String(length=255), nullable=False),
        sa.Column("data_type", sa.String(length=40), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["rules.id"], name=op.f("fk_params_rule_id_rules")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_params")),
    )
    with op.batch_alter_table("params", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_params_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_params_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "subnotions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notion_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notepad", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["notion_id"], ["notions.id"], name=op.f("fk_subnotions_notion_id_notions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subnotions")),
        sa.UniqueConstraint("notion_id", "name", name=op.f("uq_subnotions_notion_id_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_subnotions_slug")),
    )
    with op.batch_alter_table("subnotions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subnotions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_subnotions_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_subnotions_notion_id"), ["notion_id"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("attachable_type", sa.String(length=40), nullable=False),
        sa.Column("attachable_id", sa.Integer(), nullable=False),
        sa.Column("container_type", sa.String(length=40), nullable=False),
        sa.Column("container_id", sa.Integer(), nullable=False),
        sa.Column("language_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("default", sa.Boolean(), nullable=False),
        sa.Column("up_to_date", sa.Boolean(), nullable=False),
        sa.Column("base_id", sa.Integer(), nullable=True),
        sa.Column("untranslatable", sa.Boolean(), nullable=False),
        sa.Column("attachments_structure_id", sa.Integer(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("pdf_processing", sa.Boolean(), nullable=False),
        sa.Column("pdf_url", sa.String(length=255), nullable=True),
        sa.Column("pdf_thumb_url", sa.String(length=255), nullable=True),
        sa.Column("url", sa.String(length=255), nullable=True),
        sa.Column("thumb_url", sa.String(length=255), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["language_id"], ["languages.id"], name=op.f("fk_attachments_language_id_languages")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_attachments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("slug", name=op.f("uq_attachments_slug")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_base_id"), ["base_id"], unique=False)
        batch_op.create_index("ix_attachments_container", ["container_type", "container_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_language_id"), ["language_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "project_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coordinates", sa.Text(), nullable=False),
        sa.Column("by", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("project_session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_session_id"],
            ["project_sessions.id"],
            name=op.f("fk_project_data_project_session_id_project_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_data")),
    )
    with op.batch_alter_table("project_data", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_data_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_data_project_session_id"), ["project_session_id"], unique=False
        )

    op.create_table(
        "project_sessions_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("project_session_id", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_session_id"],
            ["project_sessions.id"],
            name=op.f("fk_project_sessions_rules_project_session_id_project_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["rules.id"], name=op.f("fk_project_sessions_rules_rule_id_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_sessions_rules")),
    )
    with op.batch_alter_table("project_sessions_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_sessions_rules_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_sessions_rules_project_session_id"), ["project_session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_sessions_rules_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "project_sessions_skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_session_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_session_id"],
            ["project_sessions.id"],
            name=op.f("fk_project_sessions_skills_project_session_id_project_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_project_sessions_skills_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_sessions_skills")),
        sa.UniqueConstraint(
            "project_session_id",
            "skill_id",
            name=op.f("uq_project_sessions_skills_project_session_id_skill_id"),
        ),
    )
    with op.batch_alter_table("project_sessions_skills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_sessions_skills_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_sessions_skills_project_session_id"), ["project_session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_sessions_skills_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("pinner_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pinner_id"], ["users.id"], name=op.f("fk_tags_pinner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tags_pinner_id"), ["pinner_id"], unique=False)

    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translatable_id", sa.Integer(), nullable=False),
        sa.Column("translatable_type", sa.String(length=100), nullable=False),
        sa.Column("language_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("default", sa.Boolean(), nullable=False),
        sa.Column("up_to_date", sa.Boolean(), nullable=False),
        sa.Column("translations_structure_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["language_id"], ["languages.id"], name=op.f("fk_translations_language_id_languages")
        ),
        sa.ForeignKeyConstraint(
            ["translations_structure_id"],
            ["translations_structures.id"],
            name=op.f("fk_translations_translations_structure_id_translations_structures"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_translations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint(
            "translatable_type",
            "translatable_id",
            "language_id",
            name=op.f("uq_translations_translatable_type_translatable_id_language_id"),
        ),
    )
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_translations_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_translations_language_id"), ["language_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_translations_translations_structure_id"),
            ["translations_structure_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_translations_user_id"), ["user_id"], unique=False)

    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("project_session_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["evaluations.id"], name=op.f("fk_uploads_evaluation_id_evaluations")
        ),
        sa.ForeignKeyConstraint(
            ["project_session_id"],
            ["project_sessions.id"],
            name=op.f("fk_uploads_project_session_id_project_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_uploads_evaluation_id"), ["evaluation_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_uploads_project_session_id"), ["project_session_id"], unique=False
        )

    op.create_table(
        "issues_tags",
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_issues_tags_tag_id_tags")),
        sa.PrimaryKeyConstraint("issue_id", "tag_id", name=op.f("pk_issues_tags")),
    )
    with op.batch_alter_table("issues_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issues_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "notions_tags",
        sa.Column("notion_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notion_id"], ["notions.id"], name=op.f("fk_notions_tags_notion_id_notions")
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_notions_tags_tag_id_tags")),
        sa.PrimaryKeyConstraint("notion_id", "tag_id", name=op.f("pk_notions_tags")),
    )
    with op.batch_alter_table("notions_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notions_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "params_project_sessions_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("param_id", sa.Integer(), nullable=False),
        sa.Column("project_sessions_rule_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["param_id"], ["params.id"], name=op.f("fk_params_project_sessions_rules_param_id_params")
        ),
        sa.ForeignKeyConstraint(
            ["project_sessions_rule_id"],
            ["project_sessions_rules.id"],
            name=op.f("fk_params_project_sessions_rules_project_sessions_rule_id_project_sessions_rules"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_params_project_sessions_rules")),
    )
    with op.batch_alter_table("params_project_sessions_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_params_project_sessions_rules_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_params_project_sessions_rules_param_id"), ["param_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_params_project_sessions_rules_project_sessions_rule_id"),
            ["project_sessions_rule_id"],
            unique=False,
        )

    op.create_table(
        "projects_tags",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_projects_tags_project_id_projects")
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_projects_tags_tag_id_tags")),
        sa.PrimaryKeyConstraint("project_id", "tag_id", name=op.f("pk_projects_tags")),
    )
    with op.batch_alter_table("projects_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_tags_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "tags_subnotions",
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("subnotion_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subnotion_id"], ["subnotions.id"], name=op.f("fk_tags_subnotions_subnotion_id_subnotions")
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tags_subnotions_tag_id_tags")),
        sa.PrimaryKeyConstraint("tag_id", "subnotion_id", name=op.f("pk_tags_subnotions")),
    )
    with op.batch_alter_table("tags_subnotions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_subnotions_subnotion_id"), ["subnotion_id"], unique=False)

    op.create_table(
        "tags_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_tags_users_campus_id_campus")),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tags_users_tag_id_tags")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_tags_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags_users")),
        sa.UniqueConstraint("tag_id", "user_id", name=op.f("uq_tags_users_tag_id_user_id")),
    )
    with op.batch_alter_table("tags_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_users_campus_id"), ["campus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tags_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tags_users_tag_id"), ["tag_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tags_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "teams_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("final_mark", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_teams_uploads_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["upload_id"], ["uploads.id"], name=op.f("fk_teams_uploads_upload_id_uploads")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams_uploads")),
        sa.UniqueConstraint("team_id", "upload_id", name=op.f("uq_teams_uploads_team_id_upload_id")),
    )
    with op.batch_alter_table("teams_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teams_uploads_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_teams_uploads_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_teams_uploads_upload_id"), ["upload_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("teams_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_uploads_upload_id"))
        batch_op.drop_index(batch_op.f("ix_teams_uploads_team_id"))
        batch_op.drop_index(batch_op.f("ix_teams_uploads_created_at"))

    op.drop_table("teams_uploads")
    with op.batch_alter_table("tags_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_tags_users_tag_id"))
        batch_op.drop_index(batch_op.f("ix_tags_users_created_at"))
        batch_op.drop_index(batch_op.f("ix_tags_users_campus_id"))

    op.drop_table("tags_users")
    with op.batch_alter_table("tags_subnotions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_subnotions_subnotion_id"))

    op.drop_table("tags_subnotions")
    with op.batch_alter_table("projects_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_tags_tag_id"))

    op.drop_table("projects_tags")
    with op.batch_alter_table("params_project_sessions_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_params_project_sessions_rules_project_sessions_rule_id"))
        batch_op.drop_index(batch_op.f("ix_params_project_sessions_rules_param_id"))
        batch_op.drop_index(batch_op.f("ix_params_project_sessions_rules_created_at"))

    op.drop_table("params_project_sessions_rules")
    with op.batch_alter_table("notions_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notions_tags_tag_id"))

    op.drop_table("notions_tags")
    with op.batch_alter_table("issues_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_tags_tag_id"))

    op.drop_table("issues_tags")
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploads_project_session_id"))
        batch_op.drop_index(batch_op.f("ix_uploads_evaluation_id"))
        batch_op.drop_index(batch_op.f("ix_uploads_created_at"))

    op.drop_table("uploads")
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translations_user_id"))
        batch_op.drop_index(batch_op.f("ix_translations_translations_structure_id"))
        batch_op.drop_index(batch_op.f("ix_translations_language_id"))
        batch_op.drop_index(batch_op.f("ix_translations_created_at"))

    op.drop_table("translations")
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_pinner_id"))
        batch_op.drop_index(batch_op.f("ix_tags_created_at"))

    op.drop_table("tags")
    with op.batch_alter_table("project_sessions_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_sessions_skills_skill_id"))
        batch_op.drop_index(batch_op.f("ix_project_sessions_skills_project_session_id"))
        batch_op.drop_index(batch_op.f("ix_project_sessions_skills_created_at"))

    op.drop_table("project_sessions_skills")
    with op.batch_alter_table("project_sessions_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_sessions_rules_rule_id"))
        batch_op.drop_index(batch_op.f("ix_project_sessions_rules_project_session_id"))
        batch_op.drop_index(batch_op.f("ix_project_sessions_rules_created_at"))

    op.drop_table("project_sessions_rules")
    with op.batch_alter_table("project_data", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_data_project_session_id"))
        batch_op.drop_index(batch_op.f("ix_project_data_created_at"))

    op.drop_table("project_data")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_user_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_language_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_created_at"))
        batch_op.drop_index("ix_attachments_container")
        batch_op.drop_index(batch_op.f("ix_attachments_base_id"))

    op.drop_table("attachments")
    with op.batch_alter_table("subnotions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subnotions_notion_id"))
        batch_op.drop_index(batch_op.f("ix_subnotions_name"))
        batch_op.drop_index(batch_op.f("ix_subnotions_created_at"))

    op.drop_table("subnotions")
    with op.batch_alter_table("params", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_params_rule_id"))
        batch_op.drop_index(batch_op.f("ix_params_created_at"))

    op.drop_table("params")
    with op.batch_alter_table("notions_cursus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notions_cursus_cursus_id"))

    op.drop_table("notions_cursus")
    with op.batch_alter_table("levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_levels_cursus_id"))
        batch_op.drop_index(batch_op.f("ix_levels_created_at"))

    op.drop_table("levels")
    with op.batch_alter_table("cursus_skills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cursus_skills_skill_id"))

    op.drop_table("cursus_skills")
    with op.batch_alter_table("translations_structures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translations_structures_created_at"))

    op.drop_table("translations_structures")
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_created_at"))

    op.drop_table("rules")
    with op.batch_alter_table("notions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notions_created_at"))

    op.drop_table("notions")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluations_created_at"))

    op.drop_table("evaluations")
