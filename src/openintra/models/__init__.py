"""models: SQLAlchemy tables only, one module per domain.

Importing this package registers every table on ``Base.metadata`` (Alembic and the engine rely on it).
"""

from sqlalchemy import Integer

from openintra.db.base import Base
from openintra.models import (
    campus,
    careers,
    community,
    economy,
    events,
    forum,
    pedagogy,
    people,
    platform,
    projects,
    users,
)

for _table in Base.metadata.tables.values():
    # Ids are never reused on SQLite either (migration 0014): ``id INTEGER PRIMARY KEY AUTOINCREMENT``.
    if "id" in _table.c and _table.c.id.primary_key and isinstance(_table.c.id.type, Integer):
        _table.dialect_options["sqlite"]["autoincrement"] = True

__all__ = [
    "campus",
    "careers",
    "community",
    "economy",
    "events",
    "forum",
    "pedagogy",
    "people",
    "platform",
    "projects",
    "users",
]
