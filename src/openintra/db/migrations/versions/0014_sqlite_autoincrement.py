"""SQLite: ids are never reused (AUTOINCREMENT), as on PostgreSQL and in 42's Rails

Without ``AUTOINCREMENT`` SQLite gives a new row the highest id + 1: destroying the newest row and
creating another hands out the destroyed row's id again, and the journals, webhooks and client
caches that named the old row now name the new one. Each table with an integer ``id`` key is
rebuilt with ``id INTEGER PRIMARY KEY AUTOINCREMENT`` (SQLite's documented procedure: create the new
table, copy the rows, drop the old one, rename, recreate the indexes and the planner's statistics;
env.py turns foreign keys off around migrations and checks them after). ``sqlite_sequence`` starts at each table's highest id.
PostgreSQL's sequences never reuse a value: nothing to do there.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = re.compile(r"(\n\s*id INTEGER NOT NULL)(,)")
_TABLE_KEY = re.compile(r",\s*(CONSTRAINT \w+ )?PRIMARY KEY \(id\)")
_AUTO = re.compile(r"(\n\s*id INTEGER NOT NULL) PRIMARY KEY AUTOINCREMENT,")


def _autoincrement(sql: str) -> str | None:
    if not _ID.search(sql) or not _TABLE_KEY.search(sql):
        return None
    return _TABLE_KEY.sub("", _ID.sub(r"\1 PRIMARY KEY AUTOINCREMENT\2", sql, count=1), count=1)


def _plain(sql: str) -> str | None:
    if not _AUTO.search(sql):
        return None
    name = re.match(r'CREATE TABLE "?(\w+)"?', sql)
    assert name is not None
    body = _AUTO.sub(r"\1,", sql, count=1)
    return body[: body.rindex(")")].rstrip() + f", \n\tCONSTRAINT pk_{name.group(1)} PRIMARY KEY (id)\n)"


def _rebuild(transform: Callable[[str], str | None]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    analyzed = bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
    tables = bind.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name"
    ).all()
    for name, sql in tables:
        rebuilt = transform(sql)
        if rebuilt is None:
            continue
        indexes = [
            row[0]
            for row in bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (name,),
            )
        ]
        # The planner's statistics (ANALYZE) go with a dropped table: kept, the plans stay the same.
        stats = (
            bind.exec_driver_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?", (name,)).all()
            if analyzed
            else []
        )
        scratch = f"_rebuild_{name}"
        head = re.match(r'CREATE TABLE "?\w+"?', rebuilt)
        assert head is not None
        bind.exec_driver_sql(f'CREATE TABLE "{scratch}"' + rebuilt[head.end() :])
        bind.exec_driver_sql(f'INSERT INTO "{scratch}" SELECT * FROM "{name}"')
        bind.exec_driver_sql(f'DROP TABLE "{name}"')
        bind.exec_driver_sql(f'ALTER TABLE "{scratch}" RENAME TO "{name}"')
        for index in indexes:
            bind.exec_driver_sql(index)
        for index, stat in stats:
            bind.exec_driver_sql(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", (name, index, stat)
            )


def upgrade() -> None:
    _rebuild(_autoincrement)


def downgrade() -> None:
    _rebuild(_plain)
