"""journals record every write: which app wrote, and writes outside any campus

Every write leaves a ``journals`` row (who, which app, what, when). ``app_id`` is the writing
application (a log keeps its rows when the app is deleted, so it is no foreign key); ``campus_id``
becomes nullable, since a write about no campus (a cursus, a skill) by an app without a user has
none.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("journals") as batch:
        batch.add_column(sa.Column("app_id", sa.Integer(), nullable=True))
        batch.alter_column("campus_id", existing_type=sa.Integer(), nullable=True)
        batch.create_index("ix_journals_app_id", ["app_id"])


def downgrade() -> None:
    with op.batch_alter_table("journals") as batch:
        batch.drop_index("ix_journals_app_id")
        batch.alter_column("campus_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("app_id")
