"""SQLite: projects_users indexes that serve 42's NULL ordering on marked_at

42 (PostgreSQL) sorts NULLs first on ``DESC`` and last on ``ASC``. On SQLite the engine orders a
nullable column by ``(col IS NULL)`` then the column (api/plan.py), which these expression indexes
serve without a sort step: ``sort=-marked_at``, alone or after ``filter[status]``. PostgreSQL walks
its plain b-tree indexes in that order already, so nothing is created there. The models do not
declare these indexes (SQLite does not reflect expression indexes, so they cannot drift).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_projects_users_marked_at_nulls": "projects_users ((marked_at IS NULL), marked_at)",
    "ix_projects_users_status_marked_at_nulls": "projects_users (status, (marked_at IS NULL), marked_at)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, target in INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON {target}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in INDEXES:
            op.execute(f"DROP INDEX {name}")
