"""waitlist_users: who waits on a full event's or exam's waitlist, oldest first

42 publishes an event's waitlist (``waitlist`` in the event) but not who is on it; openintra keeps
the users here so that a freed seat goes to the first of them (rules/seats.py).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from openintra.db.types import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "waitlist_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("waitlist_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["waitlist_id"], ["waitlists.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("waitlist_id", "user_id"),
    )
    op.create_index("ix_waitlist_users_waitlist_id", "waitlist_users", ["waitlist_id"])
    op.create_index("ix_waitlist_users_user_id", "waitlist_users", ["user_id"])
    op.create_index("ix_waitlist_users_created_at", "waitlist_users", ["created_at"])


def downgrade() -> None:
    op.drop_table("waitlist_users")
