"""webhook_registeries and endpoint_callbacks: the webhook subscriptions staff register (deactivated
by ``POST /v2/webhook_registeries/:id/deactivate``) and the calls recorded by
``POST /v2/endpoints/:id/callback``

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openintra.db.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_registeries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=255), nullable=False),
        sa.Column("secret", sa.String(length=255), nullable=True),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deactivated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_webhook_registeries_campus_id_campus")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_registeries")),
    )
    with op.batch_alter_table("webhook_registeries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_registeries_campus_id"), ["campus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_webhook_registeries_created_at"), ["created_at"], unique=False)

    op.create_table(
        "endpoint_callbacks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("initial_data", sa.Text(), nullable=False),
        sa.Column("response_data", sa.Text(), nullable=False),
        sa.Column("created_at", openintra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["endpoints.id"], name=op.f("fk_endpoint_callbacks_endpoint_id_endpoints")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_endpoint_callbacks_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endpoint_callbacks")),
    )
    with op.batch_alter_table("endpoint_callbacks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_endpoint_callbacks_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_endpoint_callbacks_endpoint_id"), ["endpoint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_endpoint_callbacks_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("endpoint_callbacks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_endpoint_callbacks_user_id"))
        batch_op.drop_index(batch_op.f("ix_endpoint_callbacks_endpoint_id"))
        batch_op.drop_index(batch_op.f("ix_endpoint_callbacks_created_at"))

    op.drop_table("endpoint_callbacks")
    with op.batch_alter_table("webhook_registeries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_registeries_created_at"))
        batch_op.drop_index(batch_op.f("ix_webhook_registeries_campus_id"))

    op.drop_table("webhook_registeries")
