"""groups, roles, roles entities, expertises, languages users, accreditations, apps, clusters and gitlab users

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "expertises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expertises")),
        sa.UniqueConstraint("name", name=op.f("uq_expertises_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_expertises_slug")),
    )
    with op.batch_alter_table("expertises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expertises_created_at"), ["created_at"], unique=False)

    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_groups_created_at"), ["created_at"], unique=False)

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_roles_name")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_created_at"), ["created_at"], unique=False)

    op.create_table(
        "roles_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("expires_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], name=op.f("fk_roles_entities_role_id_roles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles_entities")),
        sa.UniqueConstraint(
            "role_id",
            "entity_type",
            "entity_id",
            name=op.f("uq_roles_entities_role_id_entity_type_entity_id"),
        ),
    )
    with op.batch_alter_table("roles_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_entities_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_entities_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_roles_entities_role_id"), ["role_id"], unique=False)

    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("image", sa.String(length=255), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_clusters_campus_id_campus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clusters_campus_id"), ["campus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clusters_created_at"), ["created_at"], unique=False)

    op.create_table(
        "accreditations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.Column("difficulty", sa.Integer(), nullable=False),
        sa.Column("validated", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cursus_id"], ["cursus.id"], name=op.f("fk_accreditations_cursus_id_cursus")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_accreditations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditations")),
    )
    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accreditations_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accreditations_cursus_id"), ["cursus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accreditations_user_id"), ["user_id"], unique=False)

    op.create_table(
        "expertises_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expertise_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("interested", sa.Boolean(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("contact_me", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expertise_id"], ["expertises.id"], name=op.f("fk_expertises_users_expertise_id_expertises")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_expertises_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expertises_users")),
        sa.UniqueConstraint("expertise_id", "user_id", name=op.f("uq_expertises_users_expertise_id_user_id")),
    )
    with op.batch_alter_table("expertises_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expertises_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_expertises_users_expertise_id"), ["expertise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expertises_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "gitlab_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=100), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_gitlab_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gitlab_users")),
    )
    with op.batch_alter_table("gitlab_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gitlab_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_gitlab_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "groups_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name=op.f("fk_groups_users_group_id_groups")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_groups_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups_users")),
        sa.UniqueConstraint("group_id", "user_id", name=op.f("uq_groups_users_group_id_user_id")),
    )
    with op.batch_alter_table("groups_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_groups_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_groups_users_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_groups_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "languages_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["language_id"], ["languages.id"], name=op.f("fk_languages_users_language_id_languages")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_languages_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_languages_users")),
        sa.UniqueConstraint("user_id", "language_id", name=op.f("uq_languages_users_user_id_language_id")),
    )
    with op.batch_alter_table("languages_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_languages_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_languages_users_language_id"), ["language_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_languages_users_user_id"), ["user_id"], unique=False)

    op.create_table(
        "roles_users",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["role_id"], ["roles.id"], name=op.f("fk_roles_users_role_id_roles")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_roles_users_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "role_id", name=op.f("pk_roles_users")),
    )
    with op.batch_alter_table("roles_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roles_users_role_id"), ["role_id"], unique=False)

    with op.batch_alter_table("oauth_apps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("oauth_apps", schema=None) as batch_op:
        batch_op.drop_column("public")

    with op.batch_alter_table("roles_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_users_role_id"))

    op.drop_table("roles_users")
    with op.batch_alter_table("languages_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_languages_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_languages_users_language_id"))
        batch_op.drop_index(batch_op.f("ix_languages_users_created_at"))

    op.drop_table("languages_users")
    with op.batch_alter_table("groups_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_groups_users_group_id"))
        batch_op.drop_index(batch_op.f("ix_groups_users_created_at"))

    op.drop_table("groups_users")
    with op.batch_alter_table("gitlab_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gitlab_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_gitlab_users_created_at"))

    op.drop_table("gitlab_users")
    with op.batch_alter_table("expertises_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expertises_users_user_id"))
        batch_op.drop_index(batch_op.f("ix_expertises_users_expertise_id"))
        batch_op.drop_index(batch_op.f("ix_expertises_users_created_at"))

    op.drop_table("expertises_users")
    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditations_user_id"))
        batch_op.drop_index(batch_op.f("ix_accreditations_cursus_id"))
        batch_op.drop_index(batch_op.f("ix_accreditations_created_at"))

    op.drop_table("accreditations")
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clusters_created_at"))
        batch_op.drop_index(batch_op.f("ix_clusters_campus_id"))

    op.drop_table("clusters")
    with op.batch_alter_table("roles_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_entities_role_id"))
        batch_op.drop_index(batch_op.f("ix_roles_entities_entity_id"))
        batch_op.drop_index(batch_op.f("ix_roles_entities_created_at"))

    op.drop_table("roles_entities")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_created_at"))

    op.drop_table("roles")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_created_at"))

    op.drop_table("groups")
    with op.batch_alter_table("expertises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expertises_created_at"))

    op.drop_table("expertises")
