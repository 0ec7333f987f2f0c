"""models: SQLAlchemy tables only, one module per domain.

Importing this package registers every table on ``Base.metadata`` (Alembic and the engine rely on it).
"""

from openintra.models import campus, careers, community, economy, events, pedagogy, people, platform, projects, users

__all__ = [
    "campus", "careers", "community", "economy", "events", "pedagogy", "people", "platform", "projects", "users",
]
