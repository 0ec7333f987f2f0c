"""pools, balances, products, commands, transactions, scores, squads, bloc deadlines, anti-grav units, correction point historics, closes, community services, certificates, journals and notes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "anti_grav_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anti_grav_units")),
    )
    op.create_index(op.f("ix_anti_grav_units_created_at"), "anti_grav_units", ["created_at"], unique=False)
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("slug", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("image", sa.String(length=255), nullable=True),
        sa.Column("is_uniq", sa.Boolean(), nullable=False),
        sa.Column("one_time_purchase", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("name", name=op.f("uq_products_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_products_slug")),
    )
    op.create_index(op.f("ix_products_created_at"), "products", ["created_at"], unique=False)
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("total_certificate_number", sa.Integer(), nullable=False),
        sa.Column("image", sa.String(length=255), nullable=True),
        sa.Column("cursus_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_certificates_cursus_id_cursus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("name", name=op.f("uq_certificates_name")),
    )
    op.create_index(op.f("ix_certificates_created_at"), "certificates", ["created_at"], unique=False)
    op.create_index(op.f("ix_certificates_cursus_id"), "certificates", ["cursus_id"], unique=False)
    op.create_table(
        "campus_products",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_campus_products_campus_id_campus")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_campus_products_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", "campus_id", name=op.f("pk_campus_products")),
    )
    op.create_index(op.f("ix_campus_products_campus_id"), "campus_products", ["campus_id"], unique=False)
    op.create_table(
        "pools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("current_points", sa.Integer(), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_pools_campus_id_campus")),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_pools_cursus_id_cursus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pools")),
    )
    op.create_index(op.f("ix_pools_campus_id"), "pools", ["campus_id"], unique=False)
    op.create_index(op.f("ix_pools_created_at"), "pools", ["created_at"], unique=False)
    op.create_index(op.f("ix_pools_cursus_id"), "pools", ["cursus_id"], unique=False)
    op.create_table(
        "balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pool_id"], ["pools.id"], name=op.f("fk_balances_pool_id_pools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_balances")),
    )
    op.create_index(op.f("ix_balances_created_at"), "balances", ["created_at"], unique=False)
    op.create_index(op.f("ix_balances_pool_id"), "balances", ["pool_id"], unique=False)
    op.create_table(
        "certificates_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("certificate_number", sa.String(length=64), nullable=True),
        sa.Column("certified_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_certificates_users_certificate_id_certificates"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_certificates_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates_users")),
    )
    op.create_index(
        op.f("ix_certificates_users_certificate_id"), "certificates_users", ["certificate_id"], unique=False
    )
    op.create_index(
        op.f("ix_certificates_users_created_at"), "certificates_users", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_certificates_users_user_id"), "certificates_users", ["user_id"], unique=False)
    op.create_table(
        "closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("closer_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("jid", sa.String(length=64), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["closer_id"], ["users.id"], name=op.f("fk_closes_closer_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_closes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closes")),
    )
    op.create_index(op.f("ix_closes_closer_id"), "closes", ["closer_id"], unique=False)
    op.create_index(op.f("ix_closes_created_at"), "closes", ["created_at"], unique=False)
    op.create_index(op.f("ix_closes_user_id"), "closes", ["user_id"], unique=False)
    op.create_table(
        "commands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.Column("validator_id", sa.Integer(), nullable=True),
        sa.Column("validated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_commands_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_commands_product_id_products")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_commands_user_id_users")),
        sa.ForeignKeyConstraint(["validator_id"], ["users.id"], name=op.f("fk_commands_validator_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commands")),
    )
    op.create_index(op.f("ix_commands_created_at"), "commands", ["created_at"], unique=False)
    op.create_index(op.f("ix_commands_owner_id"), "commands", ["owner_id"], unique=False)
    op.create_index(op.f("ix_commands_product_id"), "commands", ["product_id"], unique=False)
    op.create_index(op.f("ix_commands_user_id"), "commands", ["user_id"], unique=False)
    op.create_index(op.f("ix_commands_validator_id"), "commands", ["validator_id"], unique=False)
    op.create_table(
        "journals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("cursus_id", sa.Integer(), nullable=True),
        sa.Column("campus_id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=40), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("event_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("alumni", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["campus_id"], ["campus.id"], name=op.f("fk_journals_campus_id_campus")),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"], name=op.f("fk_journals_cursus_id_cursus")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_journals_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journals")),
    )
    op.create_index(op.f("ix_journals_campus_id"), "journals", ["campus_id"], unique=False)
    op.create_index(op.f("ix_journals_created_at"), "journals", ["created_at"], unique=False)
    op.create_index(op.f("ix_journals_cursus_id"), "journals", ["cursus_id"], unique=False)
    op.create_index(op.f("ix_journals_event_at"), "journals", ["event_at"], unique=False)
    op.create_index(op.f("ix_journals_user_id"), "journals", ["user_id"], unique=False)
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("from_user_id", sa.Integer(), nullable=True),
        sa.Column("from", sa.String(length=100), nullable=True),
        sa.Column("subject", sa.String(length=255), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("approved_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approver_id"], ["users.id"], name=op.f("fk_notes_approver_id_users")),
        sa.ForeignKeyConstraint(["from_user_id"], ["users.id"], name=op.f("fk_notes_from_user_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index(op.f("ix_notes_approver_id"), "notes", ["approver_id"], unique=False)
    op.create_index(op.f("ix_notes_created_at"), "notes", ["created_at"], unique=False)
    op.create_index(op.f("ix_notes_from_user_id"), "notes", ["from_user_id"], unique=False)
    op.create_index(op.f("ix_notes_user_id"), "notes", ["user_id"], unique=False)
    op.create_table(
        "squads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("locked_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bloc_id"], ["blocs.id"], name=op.f("fk_squads_bloc_id_blocs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squads")),
    )
    op.create_index(op.f("ix_squads_bloc_id"), "squads", ["bloc_id"], unique=False)
    op.create_index(op.f("ix_squads_created_at"), "squads", ["created_at"], unique=False)
    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("transactable_id", sa.Integer(), nullable=True),
        sa.Column("transactable_type", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_transactions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transactions")),
    )
    op.create_index(op.f("ix_transactions_created_at"), "transactions", ["created_at"], unique=False)
    op.create_index(op.f("ix_transactions_user_id"), "transactions", ["user_id"], unique=False)
    op.create_table(
        "anti_grav_units_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("anti_grav_unit_id", sa.Integer(), nullable=False),
        sa.Column("close_id", sa.Integer(), nullable=True),
        sa.Column("internship_id", sa.Integer(), nullable=True),
        sa.Column("is_free", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("begin_date", sa.Date(), nullable=False),
        sa.Column("expected_end_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["anti_grav_unit_id"],
            ["anti_grav_units.id"],
            name=op.f("fk_anti_grav_units_users_anti_grav_unit_id_anti_grav_units"),
        ),
        sa.ForeignKeyConstraint(
            ["close_id"], ["closes.id"], name=op.f("fk_anti_grav_units_users_close_id_closes")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_anti_grav_units_users_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anti_grav_units_users")),
    )
    op.create_index(
        op.f("ix_anti_grav_units_users_anti_grav_unit_id"),
        "anti_grav_units_users",
        ["anti_grav_unit_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_anti_grav_units_users_close_id"), "anti_grav_units_users", ["close_id"], unique=False
    )
    op.create_index(
        op.f("ix_anti_grav_units_users_created_at"), "anti_grav_units_users", ["created_at"], unique=False
    )
    op.create_index(
        op.f("ix_anti_grav_units_users_user_id"), "anti_grav_units_users", ["user_id"], unique=False
    )
    op.create_table(
        "bloc_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bloc_id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=True),
        sa.Column("begin_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("end_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bloc_id"], ["blocs.id"], name=op.f("fk_bloc_deadlines_bloc_id_blocs")),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalitions.id"], name=op.f("fk_bloc_deadlines_coalition_id_coalitions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_deadlines")),
    )
    op.create_index(op.f("ix_bloc_deadlines_bloc_id"), "bloc_deadlines", ["bloc_id"], unique=False)
    op.create_index(op.f("ix_bloc_deadlines_coalition_id"), "bloc_deadlines", ["coalition_id"], unique=False)
    op.create_index(op.f("ix_bloc_deadlines_created_at"), "bloc_deadlines", ["created_at"], unique=False)
    op.create_table(
        "community_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("close_id", sa.Integer(), nullable=False),
        sa.Column("tiger_id", sa.Integer(), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("schedule_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("occupation", sa.String(length=255), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["close_id"], ["closes.id"], name=op.f("fk_community_services_close_id_closes")
        ),
        sa.ForeignKeyConstraint(
            ["tiger_id"], ["users.id"], name=op.f("fk_community_services_tiger_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_community_services")),
    )
    op.create_index(op.f("ix_community_services_close_id"), "community_services", ["close_id"], unique=False)
    op.create_index(
        op.f("ix_community_services_created_at"), "community_services", ["created_at"], unique=False
    )
    op.create_index(op.f("ix_community_services_tiger_id"), "community_services", ["tiger_id"], unique=False)
    op.create_table(
        "squads_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("squad_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("leader", sa.Boolean(), nullable=False),
        sa.Column("validated", sa.Boolean(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["squad_id"], ["squads.id"], name=op.f("fk_squads_users_squad_id_squads")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_squads_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_squads_users")),
    )
    op.create_index(op.f("ix_squads_users_created_at"), "squads_users", ["created_at"], unique=False)
    op.create_index(op.f("ix_squads_users_squad_id"), "squads_users", ["squad_id"], unique=False)
    op.create_index(op.f("ix_squads_users_user_id"), "squads_users", ["user_id"], unique=False)
    op.create_table(
        "correction_point_historics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_data_id", sa.Integer(), nullable=True),
        sa.Column("scale_team_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("sum", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_team_id"],
            ["scale_teams.id"],
            name=op.f("fk_correction_point_historics_scale_team_id_scale_teams"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_correction_point_historics_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_point_historics")),
    )
    op.create_index(
        op.f("ix_correction_point_historics_created_at"),
        "correction_point_historics",
        ["created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_correction_point_historics_scale_team_id"),
        "correction_point_historics",
        ["scale_team_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_correction_point_historics_user_id"), "correction_point_historics", ["user_id"], unique=False
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("coalitions_user_id", sa.Integer(), nullable=True),
        sa.Column("scoreable_id", sa.Integer(), nullable=True),
        sa.Column("scoreable_type", sa.String(length=40), nullable=True),
        sa.Column("calculation_id", sa.Integer(), nullable=True),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"], ["coalitions.id"], name=op.f("fk_scores_coalition_id_coalitions")
        ),
        sa.ForeignKeyConstraint(
            ["coalitions_user_id"],
            ["coalitions_users.id"],
            name=op.f("fk_scores_coalitions_user_id_coalitions_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
    )
    op.create_index(op.f("ix_scores_coalition_id"), "scores", ["coalition_id"], unique=False)
    op.create_index(op.f("ix_scores_coalitions_user_id"), "scores", ["coalitions_user_id"], unique=False)
    op.create_index(op.f("ix_scores_created_at"), "scores", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_scores_created_at"), table_name="scores")
    op.drop_index(op.f("ix_scores_coalitions_user_id"), table_name="scores")
    op.drop_index(op.f("ix_scores_coalition_id"), table_name="scores")
    op.drop_table("scores")
    op.drop_index(op.f("ix_correction_point_historics_user_id"), table_name="correction_point_historics")
    op.drop_index(
        op.f("ix_correction_point_historics_scale_team_id"), table_name="correction_point_historics"
    )
    op.drop_index(op.f("ix_correction_point_historics_created_at"), table_name="correction_point_historics")
    op.drop_table("correction_point_historics")
    op.drop_index(op.f("ix_squads_users_user_id"), table_name="squads_users")
    op.drop_index(op.f("ix_squads_users_squad_id"), table_name="squads_users")
    op.drop_index(op.f("ix_squads_users_created_at"), table_name="squads_users")
    op.drop_table("squads_users")
    op.drop_index(op.f("ix_community_services_tiger_id"), table_name="community_services")
    op.drop_index(op.f("ix_community_services_created_at"), table_name="community_services")
    op.drop_index(op.f("ix_community_services_close_id"), table_name="community_services")
    op.drop_table("community_services")
    op.drop_index(op.f("ix_bloc_deadlines_created_at"), table_name="bloc_deadlines")
    op.drop_index(op.f("ix_bloc_deadlines_coalition_id"), table_name="bloc_deadlines")
    op.drop_index(op.f("ix_bloc_deadlines_bloc_id"), table_name="bloc_deadlines")
    op.drop_table("bloc_deadlines")
    op.drop_index(op.f("ix_anti_grav_units_users_user_id"), table_name="anti_grav_units_users")
    op.drop_index(op.f("ix_anti_grav_units_users_created_at"), table_name="anti_grav_units_users")
    op.drop_index(op.f("ix_anti_grav_units_users_close_id"), table_name="anti_grav_units_users")
    op.drop_index(op.f("ix_anti_grav_units_users_anti_grav_unit_id"), table_name="anti_grav_units_users")
    op.drop_table("anti_grav_units_users")
    op.drop_index(op.f("ix_transactions_user_id"), table_name="transactions")
    op.drop_index(op.f("ix_transactions_created_at"), table_name="transactions")
    op.drop_table("transactions")
    op.drop_index(op.f("ix_squads_created_at"), table_name="squads")
    op.drop_index(op.f("ix_squads_bloc_id"), table_name="squads")
    op.drop_table("squads")
    op.drop_index(op.f("ix_notes_user_id"), table_name="notes")
    op.drop_index(op.f("ix_notes_from_user_id"), table_name="notes")
    op.drop_index(op.f("ix_notes_created_at"), table_name="notes")
    op.drop_index(op.f("ix_notes_approver_id"), table_name="notes")
    op.drop_table("notes")
    op.drop_index(op.f("ix_journals_user_id"), table_name="journals")
    op.drop_index(op.f("ix_journals_event_at"), table_name="journals")
    op.drop_index(op.f("ix_journals_cursus_id"), table_name="journals")
    op.drop_index(op.f("ix_journals_created_at"), table_name="journals")
    op.drop_index(op.f("ix_journals_campus_id"), table_name="journals")
    op.drop_table("journals")
    op.drop_index(op.f("ix_commands_validator_id"), table_name="commands")
    op.drop_index(op.f("ix_commands_user_id"), table_name="commands")
    op.drop_index(op.f("ix_commands_product_id"), table_name="commands")
    op.drop_index(op.f("ix_commands_owner_id"), table_name="commands")
    op.drop_index(op.f("ix_commands_created_at"), table_name="commands")
    op.drop_table("commands")
    op.drop_index(op.f("ix_closes_user_id"), table_name="closes")
    op.drop_index(op.f("ix_closes_created_at"), table_name="closes")
    op.drop_index(op.f("ix_closes_closer_id"), table_name="closes")
    op.drop_table("closes")
    op.drop_index(op.f("ix_certificates_users_user_id"), table_name="certificates_users")
    op.drop_index(op.f("ix_certificates_users_created_at"), table_name="certificates_users")
    op.drop_index(op.f("ix_certificates_users_certificate_id"), table_name="certificates_users")
    op.drop_table("certificates_users")
    op.drop_index(op.f("ix_balances_pool_id"), table_name="balances")
    op.drop_index(op.f("ix_balances_created_at"), table_name="balances")
    op.drop_table("balances")
    op.drop_index(op.f("ix_pools_cursus_id"), table_name="pools")
    op.drop_index(op.f("ix_pools_created_at"), table_name="pools")
    op.drop_index(op.f("ix_pools_campus_id"), table_name="pools")
    op.drop_table("pools")
    op.drop_index(op.f("ix_campus_products_campus_id"), table_name="campus_products")
    op.drop_table("campus_products")
    op.drop_index(op.f("ix_certificates_cursus_id"), table_name="certificates")
    op.drop_index(op.f("ix_certificates_created_at"), table_name="certificates")
    op.drop_table("certificates")
    op.drop_index(op.f("ix_products_created_at"), table_name="products")
    op.drop_table("products")
    op.drop_index(op.f("ix_anti_grav_units_created_at"), table_name="anti_grav_units")
    op.drop_table("anti_grav_units")
