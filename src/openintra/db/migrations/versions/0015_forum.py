"""forum: topics, messages (a message may answer a message), votes, and topics' tags and cursus

The legacy forum routes (api-routes §2.3); columns GUESS from their parameters.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from openintra.db.types import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("language_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("write_at", UTCDateTime(), nullable=True),
        sa.Column("pinned_at", UTCDateTime(), nullable=True),
        sa.Column("locked_at", UTCDateTime(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["language_id"], ["languages.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    for column in ("language_id", "author_id", "write_at", "created_at"):
        op.create_index(f"ix_topics_{column}", "topics", [column])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]),
        sa.ForeignKeyConstraint(["parent_id"], ["messages.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    for column in ("topic_id", "parent_id", "author_id", "created_at"):
        op.create_index(f"ix_messages_{column}", "messages", [column])
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", "user_id"),
        sqlite_autoincrement=True,
    )
    for column in ("user_id", "message_id", "created_at"):
        op.create_index(f"ix_votes_{column}", "votes", [column])
    op.create_table(
        "topics_tags",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"]),
        sa.PrimaryKeyConstraint("topic_id", "tag_id"),
    )
    op.create_index("ix_topics_tags_tag_id", "topics_tags", ["tag_id"])
    op.create_table(
        "topics_cursus",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("cursus_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"]),
        sa.ForeignKeyConstraint(["cursus_id"], ["cursus.id"]),
        sa.PrimaryKeyConstraint("topic_id", "cursus_id"),
    )
    op.create_index("ix_topics_cursus_cursus_id", "topics_cursus", ["cursus_id"])


def downgrade() -> None:
    for table in ("topics_cursus", "topics_tags", "votes", "messages", "topics"):
        op.drop_table(table)
