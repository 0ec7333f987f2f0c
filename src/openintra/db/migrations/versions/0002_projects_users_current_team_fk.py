"""projects_users.current_team_id references teams on PostgreSQL

The cycle projects_users -> teams -> projects_users makes this key ``use_alter``: SQLite writes it
inline in CREATE TABLE, but on PostgreSQL ``create_table`` leaves such a key to a later ALTER,
which 0001 never ran.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "fk_projects_users_current_team_id_teams"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(NAME, "projects_users", "teams", ["current_team_id"], ["id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(NAME, "projects_users", type_="foreignkey")
